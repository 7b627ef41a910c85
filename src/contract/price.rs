//! Futures price quotes: 32nds parsing and formatting, decimal quotes, rounding to the tick in force.

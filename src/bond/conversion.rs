//! Exchange conversion factors: the CBOT 6% formula and the CFFEX 3% formula.

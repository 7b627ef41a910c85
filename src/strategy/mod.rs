//! Strategies: the `Strategy` trait and the built-in strategies.

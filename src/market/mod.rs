//! The immutable market snapshot (`Market`) and the dense per-contract `PriceTable` the engine indexes.

mod error;

pub use error::MarketError;

//! Deliverable baskets, cheapest-to-deliver, basis, implied repo, futures fair price and futures DV01.

mod error;

pub use error::BasketError;

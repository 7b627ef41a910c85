//! A deterministic generator of synthetic market data (the fixtures).

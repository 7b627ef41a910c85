//! A par yield curve on one date.

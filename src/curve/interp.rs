//! Interpolation schemes: linear and monotone cubic.

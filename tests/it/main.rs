//! The one integration-test binary: one submodule per area.

mod support;

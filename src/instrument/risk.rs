//! DV01 arithmetic on spreads: net DV01 per currency and DV01-neutral ratios.

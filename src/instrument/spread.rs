//! Spreads: parsed expressions with their legs, canonical display and serde through the string form.

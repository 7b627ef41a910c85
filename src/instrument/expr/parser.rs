//! The spread-expression parser.

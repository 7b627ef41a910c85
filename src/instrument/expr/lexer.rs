//! The spread-expression lexer.

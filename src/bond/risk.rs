//! Macaulay and modified duration, convexity and DV01.

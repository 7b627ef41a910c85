//! Bootstrap of zero rates and discount factors from par yields.

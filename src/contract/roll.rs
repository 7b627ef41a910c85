//! Roll rules: when a position leaves a contract for the next one, and which contract is the front on a day.

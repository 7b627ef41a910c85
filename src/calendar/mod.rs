//! Exchange business-day calendars (US/CME, Cboe, TARGET, China/CFFEX) and holiday tables.

mod error;

pub use error::CalendarError;

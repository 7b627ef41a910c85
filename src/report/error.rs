//! Errors of the `report` module.

use std::path::PathBuf;

/// A report that could not be written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The file or folder could not be created or written.
    #[error("cannot write {path}: {message}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// Serialisation failed (CSV or JSON).
    #[error("cannot serialise {what}: {message}")]
    Serialize {
        /// What was being written.
        what: String,
        /// The serialiser's message.
        message: String,
    },
    /// The chart could not be drawn.
    #[error("cannot draw chart {path}: {message}")]
    Chart {
        /// The chart file.
        path: PathBuf,
        /// The drawing backend's message.
        message: String,
    },
    /// Nothing to report (e.g. a run without a ledger asked for a chart).
    #[error("nothing to report: {reason}")]
    Empty {
        /// Why.
        reason: String,
    },
}

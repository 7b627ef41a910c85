//! Event calendars: FOMC decisions (`date,decision,target_lower_pct,target_upper_pct`) and a
//! minimal `date[,label]` form.

use super::error::DataError;
use super::reader::{CsvTable, DateOrder, DateStyle, MISSING_EMPTY, NumberRule, read_path};
use super::report::LoadReport;
use chrono::NaiveDate;
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

/// What a monetary-policy decision did to the target rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyAction {
    /// The target was raised.
    Hike,
    /// The target was lowered.
    Cut,
    /// The target was left unchanged.
    Hold,
}

impl fmt::Display for PolicyAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyAction::Hike => "hike",
            PolicyAction::Cut => "cut",
            PolicyAction::Hold => "hold",
        })
    }
}

/// Error for text that is not `hike`, `cut` or `hold`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a policy decision hike, cut or hold, found {found:?}")]
pub struct PolicyActionParseError {
    /// The text that was given.
    pub found: String,
}

impl FromStr for PolicyAction {
    type Err = PolicyActionParseError;

    /// Parses `hike`, `cut` or `hold` in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hike" => Ok(PolicyAction::Hike),
            "cut" => Ok(PolicyAction::Cut),
            "hold" => Ok(PolicyAction::Hold),
            _ => Err(PolicyActionParseError {
                found: s.to_owned(),
            }),
        }
    }
}

/// An FOMC decision and the federal funds target after it (decimal fractions; before
/// 2008-12-16 the FOMC set a single rate, so lower = upper).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FomcDecision {
    /// Hike, cut or hold.
    pub action: PolicyAction,
    /// Lower bound of the target range after the decision (decimal fraction).
    pub target_lower: f64,
    /// Upper bound of the target range after the decision (decimal fraction).
    pub target_upper: f64,
}

/// One dated event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event date (for FOMC, the day the decision was announced).
    pub date: NaiveDate,
    /// A free-text label, where the file has a `label` column and the cell is not empty.
    pub label: Option<String>,
    /// The policy decision, for an FOMC calendar.
    pub fomc: Option<FomcDecision>,
}

/// A calendar of events, dates strictly ascending.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCalendar {
    /// Where the calendar came from (the path or the source name given to the reader).
    pub source: String,
    /// The events, dates strictly ascending.
    pub events: Vec<Event>,
    /// What the loader did with each row (no row is ever skipped).
    pub report: LoadReport,
}

impl EventCalendar {
    /// Loads an event calendar at `path`.
    ///
    /// # Errors
    /// [`DataError::Io`] if the file cannot be read; every error of [`EventCalendar::read`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, DataError> {
        Self::from_table(read_path(path.as_ref())?)
    }

    /// Reads an event calendar from any reader; `source` names it in errors.
    ///
    /// A header with a `decision` column is the FOMC form
    /// `date,decision,target_lower_pct,target_upper_pct[,label]` (targets in percent, made
    /// decimal); otherwise the minimal form `date[,label]`. Dates are ISO and strictly
    /// ascending: one event per date.
    ///
    /// # Errors
    /// With file, line and column: [`DataError::MissingColumn`], [`DataError::UnknownColumn`],
    /// [`DataError::DuplicateColumn`], [`DataError::FieldCount`], [`DataError::BadDate`],
    /// [`DataError::BadNumber`], [`DataError::OutOfRange`], [`DataError::BadValue`] (a
    /// decision other than hike/cut/hold, a missing target, a lower target above the upper),
    /// [`DataError::DuplicateDate`], [`DataError::UnsortedDates`], [`DataError::Empty`],
    /// [`DataError::Io`].
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::{EventCalendar, PolicyAction};
    ///
    /// // FOMC 2024-03-20: hold at 5.25-5.50% (Federal Reserve statement of that day).
    /// let csv = "date,decision,target_lower_pct,target_upper_pct\n2024-03-20,hold,5.25,5.50\n";
    /// let cal = EventCalendar::read(csv.as_bytes(), "fomc.csv")?;
    /// let fomc = cal.events[0].fomc.unwrap();
    /// assert_eq!(fomc.action, PolicyAction::Hold);
    /// assert!((fomc.target_upper - 0.055).abs() < spreadtrade::tolerance::PERCENT_TO_DECIMAL_ABS);
    /// # Ok::<(), spreadtrade::data::DataError>(())
    /// ```
    pub fn read<R: Read>(reader: R, source: &str) -> Result<Self, DataError> {
        Self::from_table(CsvTable::new(reader, source)?)
    }

    fn from_table(mut table: CsvTable) -> Result<Self, DataError> {
        let source = table.file().to_owned();
        table.check_unique_names()?;
        let is_fomc = table.find(&["decision"]).is_some();
        if is_fomc {
            table.check_known(&[
                "date",
                "decision",
                "target_lower_pct",
                "target_upper_pct",
                "label",
            ])?;
        } else {
            table.check_known(&["date", "label"])?;
        }
        let date_col = table.require(&["date"])?;
        let label_col = table.find(&["label"]);
        let fomc_cols = if is_fomc {
            Some((
                table.require(&["decision"])?,
                table.require(&["target_lower_pct"])?,
                table.require(&["target_upper_pct"])?,
            ))
        } else {
            None
        };
        let rule = NumberRule::rate_percent(MISSING_EMPTY);
        let mut order = DateOrder::strict();
        let mut events = Vec::new();
        let mut report = LoadReport::default();
        while let Some(row) = table.next_row()? {
            let date = row.date(date_col, DateStyle::Iso)?;
            order.check(row.at(), date)?;
            let label = label_col
                .map(|c| row.text(c))
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
            if label_col.is_some() && label.is_none() {
                report.missing_cells += 1;
            }
            let fomc = match fomc_cols {
                None => None,
                Some((decision_col, lower_col, upper_col)) => {
                    let action: PolicyAction = row
                        .text(decision_col)
                        .parse()
                        .map_err(|_| row.bad_value(decision_col, "hike, cut or hold"))?;
                    let lower = row.required_number(lower_col, &rule)?;
                    let upper = row.required_number(upper_col, &rule)?;
                    if lower > upper {
                        return Err(row.bad_value(
                            upper_col,
                            format!("an upper target not below the lower target {lower}"),
                        ));
                    }
                    Some(FomcDecision {
                        action,
                        target_lower: lower / 100.0,
                        target_upper: upper / 100.0,
                    })
                }
            };
            events.push(Event { date, label, fomc });
        }
        report.rows_read = table.rows_read();
        report.rows_used = events.len();
        if events.is_empty() {
            return Err(DataError::Empty {
                file: source.clone(),
                rows_read: report.rows_read,
            });
        }
        Ok(EventCalendar {
            source,
            events,
            report,
        })
    }

    /// The event on `date`, if any.
    pub fn on(&self, date: NaiveDate) -> Option<&Event> {
        let i = self.events.binary_search_by_key(&date, |e| e.date).ok()?;
        self.events.get(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_form_with_and_without_labels() {
        let csv = "date,label\n2024-03-20,FOMC\n2024-04-10,\n";
        let c = EventCalendar::read(csv.as_bytes(), "e.csv").unwrap();
        assert_eq!(c.events[0].label.as_deref(), Some("FOMC"));
        assert_eq!(c.events[1].label, None);
        assert!(c.events[0].fomc.is_none());
        let csv = "date\n2024-03-20\n";
        assert_eq!(
            EventCalendar::read(csv.as_bytes(), "e.csv")
                .unwrap()
                .events
                .len(),
            1
        );
    }

    #[test]
    fn fomc_rows_are_validated() {
        let h = "date,decision,target_lower_pct,target_upper_pct\n";
        for (row, col) in [
            ("2024-03-20,pause,5.25,5.50", 2),
            ("2024-03-20,hold,5.50,5.25", 4),
            ("2024-03-20,hold,,5.25", 3),
        ] {
            let csv = format!("{h}{row}\n");
            let e = EventCalendar::read(csv.as_bytes(), "f.csv").unwrap_err();
            assert_eq!(e.cell().map(|c| c.index), Some(col), "{e}");
        }
    }

    #[test]
    fn actions_round_trip() {
        for a in [PolicyAction::Hike, PolicyAction::Cut, PolicyAction::Hold] {
            assert_eq!(a.to_string().parse::<PolicyAction>().unwrap(), a);
        }
    }
}

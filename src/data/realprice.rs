//! Real futures price files, read and mapped to listed contracts: [`RealPrices`].
//!
//! | format ([`RealFormat`]) | header | what a row is |
//! | --- | --- | --- |
//! | `cboe-vx` | `Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest` (Cboe's per-contract VX history files) | one VX contract's settlement (`Settle`); `Futures` is `F (Jan 2024)`, `K (May 07)` or a code such as `VXF24` |
//! | `front` | `Date,Open,High,Low,Close,Volume` in any order (`Adj Close` allowed), e.g. Yahoo `ZN=F` downloads | the front contract's last-trade close, mapped by a roll convention |
//! | `settlements` | `date,contract,settle[,volume,open_interest]` ([`Settlements`]) | one contract's settlement |
//! | `vx-rank` | `date,…,VX1,…,VXn,…` | the settlement of the n-th listed VX contract (`rank`) |
//! | `main` | `date,…,close,…,open_interest_last,…` (a main-contract series, e.g. CFFEX T) | the most-traded contract's close, switches found from open interest |
//!
//! With no format given, [`RealFormat::detect`] chooses from the header.
//!
//! # Which contract a row is (the mapping rules)
//! - **`front`**: the row on date d is the first quarterly contract (March, June, September,
//!   December; every month for VX) of the root whose last trading day
//!   is *strictly after* d, under [`RealFileOptions::roll`] (default: zero business days before
//!   the last trading day, [`RollRule::new`]`(0, Some(LastTradingDay))`). So on a contract's
//!   last trading day the row already belongs to the next one (as Yahoo's TY and US series
//!   do). A row dated after the mapped contract's first notice day (CBOT) is a thin
//!   delivery-month print: it is **reported** ([`ReportReason::AfterFirstNotice`]) and not used.
//!   A row dated on the last trading day of the contract the previous row held, where the
//!   mapping moves to the next contract, is ambiguous: continuous series differ on that day
//!   (Yahoo's TU and FV still show the expiring contract, its TY and US already the next one),
//!   so it is **reported** ([`ReportReason::ExpiryDay`]) and not used; otherwise the next
//!   day's change would compare the expiring contract's price with the next one's.
//! - **`vx-rank`**: VXn on date d is the n-th VX monthly contract whose final settlement day
//!   is strictly after d (on an expiry day VX1 is already the next contract, as Cboe's rank
//!   files are built).
//! - **`main`**: the first row is the first contract whose last trading day is after its date;
//!   the row's contract moves to the next listed contract on each day where
//!   `open_interest_last` rises by at least [`MAIN_SWITCH_OI_JUMP`] (25%) over the previous
//!   row — the day open interest moves to the next contract. Such a row is marked
//!   [`RealPrice::switch`]; a row dated after its contract's last trading day cannot be mapped
//!   (an error).
//! - **`cboe-vx`** and **`settlements`** name the contract on every row.
//!
//! Rows of continuous files (`front`, `vx-rank`, `main`) whose contract differs from the
//! previous row's are marked [`RealPrice::switch`]: a daily change across them is a roll, not
//! a price move.
//!
//! # Bad input
//! Every error names the file, line and column: a contract that cannot be mapped
//! ([`DataError::UnmappedContract`], [`DataError::BadContractCode`]), a duplicate row
//! ([`DataError::DuplicateDate`], [`DataError::DuplicateKey`]), a price that is not a number
//! ([`DataError::BadNumber`], [`DataError::OutOfRange`]). A date outside the market is found
//! when the rows meet a market (`market::RealPriceSource`), as
//! [`DataError::DateOutsideMarket`]. A row without a price (an empty cell, `null`, `NA`) is
//! reported, never dropped silently.

use super::error::DataError;
use super::reader::{CsvTable, DateOrder, DateStyle, NumberRule, Row, read_path};
use super::settlement::Settlements;
use crate::contract::{ContractCode, RollAnchor, RollRule, Root};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

/// Cells that mean "no price" in real price files: empty, `null` (Yahoo), `NA`, `N/A`.
const MISSING_PRICE: &[&str] = &["", "null", "NA", "N/A"];

/// The rise in open interest, as a fraction of the previous row's, that marks a switch of
/// the main contract in a `main` file (see the module docs).
///
/// In the CFFEX T main-contract series of 2022–2023 the four switches show rises of 57%–73%;
/// no other day rises by more than 15%.
pub const MAIN_SWITCH_OI_JUMP: f64 = 0.25;

/// The layout of a real price file (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RealFormat {
    /// Cboe's VX per-contract history files.
    CboeVx,
    /// A front-month continuous series (`Date,Open,High,Low,Close,Volume`).
    Front,
    /// The generic settlements file (`date,contract,settle`).
    Settlements,
    /// VX settlements by rank (`date,VX1..VXn`).
    VxRank,
    /// A main-contract series with open interest (`date,close,open_interest_last`).
    Main,
}

impl RealFormat {
    /// Every format, in the order [`RealFormat::detect`] tries them.
    pub const ALL: [RealFormat; 5] = [
        RealFormat::CboeVx,
        RealFormat::Settlements,
        RealFormat::VxRank,
        RealFormat::Main,
        RealFormat::Front,
    ];

    /// The name used on the command line: `cboe-vx`, `front`, `settlements`, `vx-rank`, `main`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RealFormat::CboeVx => "cboe-vx",
            RealFormat::Front => "front",
            RealFormat::Settlements => "settlements",
            RealFormat::VxRank => "vx-rank",
            RealFormat::Main => "main",
        }
    }

    /// What kind of price a row of this format holds.
    pub const fn quote(self) -> RealQuote {
        match self {
            RealFormat::CboeVx | RealFormat::Settlements | RealFormat::VxRank => {
                RealQuote::Settlement
            }
            RealFormat::Front | RealFormat::Main => RealQuote::Close,
        }
    }

    /// The format a header belongs to (column names in any case), if any: `Futures` and
    /// `Settle` → `cboe-vx`; `contract` and `settle` → `settlements`; a `VX1` column →
    /// `vx-rank`; `open_interest_last` → `main`; `Date` and `Close` → `front`.
    pub fn detect(header: &[String]) -> Option<RealFormat> {
        let has = |n: &str| header.iter().any(|h| h.eq_ignore_ascii_case(n));
        if has("futures") && has("settle") {
            Some(RealFormat::CboeVx)
        } else if has("contract") && has("settle") {
            Some(RealFormat::Settlements)
        } else if has("vx1") {
            Some(RealFormat::VxRank)
        } else if has("open_interest_last") && has("close") {
            Some(RealFormat::Main)
        } else if has("date") && has("close") {
            Some(RealFormat::Front)
        } else {
            None
        }
    }
}

impl fmt::Display for RealFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a [`RealFormat`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a price file format (cboe-vx, front, settlements, vx-rank, main), found {found:?}"
)]
pub struct RealFormatParseError {
    /// The text given.
    pub found: String,
}

impl FromStr for RealFormat {
    type Err = RealFormatParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RealFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| RealFormatParseError {
                found: s.to_owned(),
            })
    }
}

/// What a real price is: an exchange settlement or a last-trade close.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RealQuote {
    /// The exchange's settlement price.
    Settlement,
    /// The day's last trade (Yahoo's `Close`, a bar series' close), not the settlement.
    Close,
}

/// How to read a real price file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RealFileOptions {
    /// The layout; `None` = detect from the header ([`RealFormat::detect`]).
    pub format: Option<RealFormat>,
    /// The root of a `front` or `main` file (required there); for the other formats, when
    /// set, a row of another root is an error.
    pub root: Option<Root>,
    /// The rank of a `vx-rank` file (1 = VX1, the front month).
    pub rank: Option<u8>,
    /// The roll convention of a `front` file (see the module docs).
    pub roll: RollRule,
    /// Rows of a `front` or `main` file whose `Volume` (or `volume`) column is below this are
    /// stale prints: **reported** ([`ReportReason::LowVolume`]) and not used. `None` (the
    /// default) uses every row. A file without a volume column is an error when it is set.
    pub min_volume: Option<f64>,
}

impl Default for RealFileOptions {
    /// Format detected, no root, no rank, the front convention "first contract whose last
    /// trading day is after the date".
    fn default() -> Self {
        RealFileOptions {
            format: None,
            root: None,
            rank: None,
            roll: RollRule::new(0, Some(RollAnchor::LastTradingDay)),
            min_volume: None,
        }
    }
}

impl RealFileOptions {
    /// Options for a file of `root` (format detected).
    pub fn for_root(root: Root) -> Self {
        RealFileOptions {
            root: Some(root),
            ..RealFileOptions::default()
        }
    }

    /// Sets the format.
    pub fn with_format(mut self, format: RealFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// Sets the rank of a `vx-rank` file.
    pub fn with_rank(mut self, rank: u8) -> Self {
        self.rank = Some(rank);
        self
    }

    /// Sets the roll convention of a `front` file.
    pub fn with_roll(mut self, roll: RollRule) -> Self {
        self.roll = roll;
        self
    }

    /// Leaves out (reports) `front` and `main` rows with fewer than `contracts` traded.
    pub fn with_min_volume(mut self, contracts: f64) -> Self {
        self.min_volume = Some(contracts);
        self
    }
}

/// One real price of one contract on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RealPrice {
    /// The trade date.
    pub date: NaiveDate,
    /// The contract the row is (named by the file or mapped, see the module docs).
    pub contract: ContractCode,
    /// The price in decimal points.
    pub price: f64,
    /// The 1-based line of the row.
    pub line: u64,
    /// A continuous file's row whose contract differs from the previous row's (a roll or
    /// main-contract switch): a change across it is not a price move.
    pub switch: bool,
}

/// Why a row was read and not used.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ReportReason {
    /// The row has no price.
    MissingPrice {
        /// The price column.
        column: String,
    },
    /// A thin delivery-month print: the row's date is after its contract's first notice day.
    AfterFirstNotice {
        /// The contract the row maps to.
        contract: ContractCode,
        /// Its first notice day.
        first_notice_day: NaiveDate,
    },
    /// A `front` or `main` row with less volume than [`RealFileOptions::min_volume`]: a stale
    /// close (Yahoo's volumes are the electronic market's; TU traded a median of 39 contracts
    /// a day there in 2001).
    LowVolume {
        /// The contract the row maps to.
        contract: ContractCode,
        /// The row's volume.
        volume: f64,
        /// The minimum asked for.
        min_volume: f64,
    },
    /// A continuous `front` row on the last trading day of the contract the previous row
    /// held: the series may still show that contract or already the next one.
    ExpiryDay {
        /// The contract expiring that day.
        expiring: ContractCode,
        /// The contract the mapping moves to.
        next: ContractCode,
    },
    /// The date is inside the market's range but not a market day (no model value exists to
    /// store the price next to); reported by `market::RealPriceSource`.
    OffTimeline {
        /// The contract.
        contract: ContractCode,
    },
}

impl fmt::Display for ReportReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportReason::MissingPrice { column } => write!(f, "column {column:?} has no price"),
            ReportReason::AfterFirstNotice {
                contract,
                first_notice_day,
            } => write!(
                f,
                "after {contract}'s first notice day {first_notice_day} (thin delivery-month print)"
            ),
            ReportReason::LowVolume {
                contract,
                volume,
                min_volume,
            } => write!(
                f,
                "{contract}: volume {volume} under the minimum {min_volume} (stale close)"
            ),
            ReportReason::ExpiryDay { expiring, next } => write!(
                f,
                "the last trading day of {expiring}: the series may show {expiring} or {next} \
                 (ambiguous)"
            ),
            ReportReason::OffTimeline { contract } => {
                write!(f, "{contract}: not a day of the market's timeline")
            }
        }
    }
}

/// A row read and not used, with its line and reason.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedRow {
    /// The 1-based line.
    pub line: u64,
    /// The row's date.
    pub date: NaiveDate,
    /// Why it is not used.
    pub reason: ReportReason,
}

impl fmt::Display for ReportedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} ({}): {}", self.line, self.date, self.reason)
    }
}

/// A real price file read and mapped to contracts.
#[derive(Debug, Clone, PartialEq)]
pub struct RealPrices {
    /// The path or source name.
    pub file: String,
    /// The layout it was read as.
    pub format: RealFormat,
    /// The date column's name and 1-based index (for errors found later).
    pub date_column: (String, usize),
    /// The rows used, sorted by (date, contract), each (date, contract) once.
    pub rows: Vec<RealPrice>,
    /// The rows read and not used, in file order.
    pub reported: Vec<ReportedRow>,
    /// Data rows read.
    pub rows_read: usize,
}

impl RealPrices {
    /// What kind of price the rows are.
    pub fn quote(&self) -> RealQuote {
        self.format.quote()
    }

    /// The roots of the rows, in [`Root`] order.
    pub fn roots(&self) -> Vec<Root> {
        let mut r: Vec<Root> = self.rows.iter().map(|p| p.contract.root()).collect();
        r.sort();
        r.dedup();
        r
    }

    /// Loads the file at `path`.
    ///
    /// # Errors
    /// [`DataError::Io`]; every error of [`RealPrices::read`].
    pub fn load(path: impl AsRef<Path>, options: &RealFileOptions) -> Result<Self, DataError> {
        Self::from_table(read_path(path.as_ref())?, options)
    }

    /// Reads a real price file from any reader; `source` names it in errors.
    ///
    /// # Errors
    /// With file, line and column: [`DataError::MissingColumn`] (also a header no format
    /// matches, or a `front`/`main` file without a root, or a `vx-rank` file without its
    /// rank's column), [`DataError::DuplicateColumn`], [`DataError::FieldCount`],
    /// [`DataError::BadDate`], [`DataError::UnsortedDates`], [`DataError::DuplicateDate`],
    /// [`DataError::DuplicateKey`], [`DataError::BadNumber`], [`DataError::OutOfRange`],
    /// [`DataError::BadContractCode`], [`DataError::UnmappedContract`], [`DataError::Empty`]
    /// (no row with a price).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::contract::Root;
    /// use spreadtrade::data::{RealFileOptions, RealFormat, RealPrices};
    ///
    /// let csv = "Date,Close,High,Low,Open,Volume\n2024-02-28,110.5,110.6,110.2,110.3,900\n\
    ///            2024-03-18,110.4,110.6,110.2,110.3,900\n\
    ///            2024-03-19,110.25,110.6,110.2,110.3,900\n\
    ///            2024-03-20,110.0,110.6,110.2,110.3,900\n";
    /// let p = RealPrices::read(csv.as_bytes(), "zn.csv", &RealFileOptions::for_root(Root::TY))?;
    /// assert_eq!(p.format, RealFormat::Front);
    /// assert_eq!(p.rows[0].contract.to_string(), "TYH24");
    /// // 2024-03-18 is still TYH24, after its first notice day (2024-02-29): reported.
    /// assert_eq!(p.reported[0].line, 3);
    /// // TYH24's last trading day 2024-03-19 is ambiguous (a series may show either
    /// // contract): reported. The next row starts TYM24.
    /// assert_eq!(p.reported[1].line, 4);
    /// assert_eq!(p.rows[1].contract.to_string(), "TYM24");
    /// assert!(p.rows[1].switch);
    /// # Ok::<(), spreadtrade::data::DataError>(())
    /// ```
    pub fn read<R: Read>(
        reader: R,
        source: &str,
        options: &RealFileOptions,
    ) -> Result<Self, DataError> {
        Self::from_table(CsvTable::new(reader, source)?, options)
    }

    fn from_table(table: CsvTable, options: &RealFileOptions) -> Result<Self, DataError> {
        table.check_unique_names()?;
        let format = match options
            .format
            .or_else(|| RealFormat::detect(table.header()))
        {
            Some(f) => f,
            None => {
                return Err(DataError::MissingColumn {
                    at: table.header_at(),
                    expected: "the columns of a price file format (cboe-vx: \"Trade Date\",\
                               \"Futures\",\"Settle\"; front: \"Date\",\"Close\"; settlements: \
                               \"date\",\"contract\",\"settle\"; vx-rank: \"date\",\"VX1\"; main: \
                               \"date\",\"close\",\"open_interest_last\")"
                        .to_owned(),
                    columns: table.header().to_vec(),
                });
            }
        };
        let mut out = match format {
            RealFormat::Settlements => from_settlements(table, options)?,
            RealFormat::CboeVx => read_cboe(table, options)?,
            RealFormat::Front | RealFormat::VxRank | RealFormat::Main => {
                read_continuous(table, format, options)?
            }
        };
        out.format = format;
        if out.rows.is_empty() {
            return Err(DataError::Empty {
                file: out.file,
                rows_read: out.rows_read,
            });
        }
        Ok(out)
    }
}

fn require_root(
    table: &CsvTable,
    root: Option<Root>,
    format: RealFormat,
) -> Result<Root, DataError> {
    root.ok_or_else(|| DataError::MissingColumn {
        at: table.header_at(),
        expected: format!("a root given with the {format} format (the file names no contract)"),
        columns: table.header().to_vec(),
    })
}

/// Whether a row of `contract` may be in a file read for `root`.
fn check_root(
    row: &Row<'_>,
    col: usize,
    contract: ContractCode,
    root: Option<Root>,
) -> Result<(), DataError> {
    match root {
        Some(r) if r != contract.root() => Err(DataError::UnmappedContract {
            at: row.cell(col),
            found: contract.to_string(),
            expected: format!("a contract of {r}"),
        }),
        _ => Ok(()),
    }
}

fn from_settlements(table: CsvTable, options: &RealFileOptions) -> Result<RealPrices, DataError> {
    let file = table.file().to_owned();
    let date_index = table.find(&["date"]).unwrap_or(0);
    let date_name = table.header().get(date_index).cloned().unwrap_or_default();
    let contract_index = table.find(&["contract"]).unwrap_or(1);
    let contract_name = table
        .header()
        .get(contract_index)
        .cloned()
        .unwrap_or_default();
    // The settlements loader keeps its own line numbers: re-read through it.
    let lined = Settlements::from_csv_table(table)?;
    let s = &lined.settlements;
    let mut rows = Vec::with_capacity(s.rows.len());
    for (r, line) in s.rows.iter().zip(&lined.lines) {
        if let Some(root) = options.root
            && root != r.contract.root()
        {
            return Err(DataError::UnmappedContract {
                at: Box::new(super::error::CellRef {
                    file: file.clone(),
                    line: *line,
                    column: contract_name.clone(),
                    index: contract_index + 1,
                }),
                found: r.contract.to_string(),
                expected: format!("a contract of {root}"),
            });
        }
        rows.push(RealPrice {
            date: r.date,
            contract: r.contract,
            price: r.settle,
            line: *line,
            switch: false,
        });
    }
    rows.sort_by_key(|r| (r.date, r.contract));
    let reported = s
        .report
        .skipped
        .iter()
        .map(|k| ReportedRow {
            line: k.line,
            date: k.date,
            reason: ReportReason::MissingPrice {
                column: "settle".to_owned(),
            },
        })
        .collect();
    Ok(RealPrices {
        file,
        format: RealFormat::Settlements,
        date_column: (date_name, date_index + 1),
        rows,
        reported,
        rows_read: s.report.rows_read,
    })
}

/// The futures month letters, January to December.
const MONTH_LETTERS: &str = "FGHJKMNQUVXZ";

/// Month names as Cboe writes them in `Futures` (`F (Jan 2024)`).
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses Cboe's `Futures` cell: `F (Jan 2024)`, `K (May 07)`, or a contract code (`VXF24`).
fn parse_cboe_futures(text: &str, date: NaiveDate) -> Option<ContractCode> {
    if let Ok(code) = ContractCode::parse_with_reference(text, date) {
        return (code.root() == Root::VX).then_some(code);
    }
    let (letter, rest) = text.split_once('(')?;
    let letter = letter.trim();
    let letter_month = (letter.len() == 1)
        .then(|| MONTH_LETTERS.find(letter.to_ascii_uppercase().as_str()))
        .flatten()? as u32
        + 1;
    let inner = rest.trim().strip_suffix(')')?;
    let (mon, year) = inner.trim().split_once(' ')?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(mon.trim()))? as u32
        + 1;
    let year_text = year.trim();
    let mut year: i32 = year_text.parse().ok()?;
    if year_text.len() == 2 {
        year += 2000;
    }
    if letter_month != month {
        return None;
    }
    ContractCode::new(Root::VX, year, month).ok()
}

fn read_cboe(mut table: CsvTable, options: &RealFileOptions) -> Result<RealPrices, DataError> {
    let file = table.file().to_owned();
    let date_col = table.require(&["trade date", "trade_date", "date"])?;
    let fut_col = table.require(&["futures"])?;
    let settle_col = table.require(&["settle"])?;
    let date_name = table.header()[date_col].clone();
    let settle_name = table.header()[settle_col].clone();
    let rule = NumberRule::level(MISSING_PRICE);
    let mut rows: Vec<RealPrice> = Vec::new();
    let mut reported = Vec::new();
    let mut seen: HashMap<(NaiveDate, ContractCode), u64> = HashMap::new();
    while let Some(row) = table.next_row()? {
        let date = row.date(date_col, DateStyle::UsOrIso)?;
        let text = row.text(fut_col);
        let contract =
            parse_cboe_futures(text, date).ok_or_else(|| DataError::UnmappedContract {
                at: row.cell(fut_col),
                found: text.to_owned(),
                expected: "a VX monthly contract like \"F (Jan 2024)\" or VXF24".to_owned(),
            })?;
        check_root(&row, fut_col, contract, options.root)?;
        if let Some(&first_line) = seen.get(&(date, contract)) {
            return Err(DataError::DuplicateKey {
                at: row.at(),
                what: "(date, contract)".to_owned(),
                key: format!("({date}, {contract})"),
                first_line,
            });
        }
        seen.insert((date, contract), row.line());
        match row.number(settle_col, &rule)? {
            Some(price) => rows.push(RealPrice {
                date,
                contract,
                price,
                line: row.line(),
                switch: false,
            }),
            None => reported.push(ReportedRow {
                line: row.line(),
                date,
                reason: ReportReason::MissingPrice {
                    column: settle_name.clone(),
                },
            }),
        }
    }
    // Several Cboe files may be concatenated: order by (date, contract).
    rows.sort_by_key(|r| (r.date, r.contract));
    Ok(RealPrices {
        file,
        format: RealFormat::CboeVx,
        date_column: (date_name, date_col + 1),
        rows,
        reported,
        rows_read: table.rows_read(),
    })
}

/// The `n`-th VX contract whose final settlement day is strictly after `date`.
fn vx_rank_contract(date: NaiveDate, rank: u8) -> Result<ContractCode, String> {
    use chrono::Datelike;
    let mut code =
        ContractCode::new(Root::VX, date.year(), date.month()).map_err(|e| e.to_string())?;
    let mut found = 0u8;
    // A year of monthly contracts holds every rank a file can have (VX1..VX9).
    for _ in 0..24 {
        match code.dates() {
            Ok(d) => {
                let expiry = d.final_settlement_day.unwrap_or(d.last_trading_day);
                if expiry > date && d.first_trading_day <= date {
                    found += 1;
                    if found == rank {
                        return Ok(code);
                    }
                } else if expiry > date {
                    return Err(format!("{code} was not listed yet on {date}"));
                }
            }
            Err(crate::contract::ContractError::NeverListed { .. }) => {}
            Err(e) => return Err(e.to_string()),
        }
        code = code.next().ok_or_else(|| "no later contract".to_owned())?;
    }
    Err(format!("no VX contract of rank {rank} on {date}"))
}

/// Whether continuous `front` and `main` files of `root` hold quarterly contracts only
/// (every root but VX, whose front month is monthly): Euro FX lists serial months, but the
/// front-month series and the volume stay in the March/June/September/December contracts.
fn quarterly_only(root: Root) -> bool {
    root != Root::VX
}

/// The next contract of a continuous file after `code`.
fn next_quarterly(code: ContractCode) -> Option<ContractCode> {
    let mut c = code.next()?;
    while quarterly_only(c.root()) && c.month() % 3 != 0 {
        c = c.next()?;
    }
    Some(c)
}

/// The contract of a `front` row under `roll`, skipping serial months (see [`quarterly_only`]).
fn front_quarterly(roll: &RollRule, root: Root, date: NaiveDate) -> Result<ContractCode, String> {
    let mut c = roll.front(root, date).map_err(|e| e.to_string())?;
    while quarterly_only(root) && c.month() % 3 != 0 {
        c = c.next().ok_or_else(|| "no later contract".to_owned())?;
    }
    Ok(c)
}

fn read_continuous(
    mut table: CsvTable,
    format: RealFormat,
    options: &RealFileOptions,
) -> Result<RealPrices, DataError> {
    let file = table.file().to_owned();
    let date_col = table.require(&["date", "trade date"])?;
    let date_name = table.header()[date_col].clone();
    let root = match format {
        RealFormat::VxRank => {
            if let Some(r) = options.root
                && r != Root::VX
            {
                return Err(DataError::MissingColumn {
                    at: table.header_at(),
                    expected: format!("a VX root with the vx-rank format, found root {r}"),
                    columns: table.header().to_vec(),
                });
            }
            Root::VX
        }
        _ => require_root(&table, options.root, format)?,
    };
    let price_col = match format {
        RealFormat::VxRank => {
            let rank = options.rank.ok_or_else(|| DataError::MissingColumn {
                at: table.header_at(),
                expected: "a rank given with the vx-rank format (which VXn column)".to_owned(),
                columns: table.header().to_vec(),
            })?;
            table.require(&[format!("VX{rank}").as_str()])?
        }
        _ => table.require(&["close"])?,
    };
    let oi_col = match format {
        RealFormat::Main => Some(table.require(&["open_interest_last", "open_interest"])?),
        _ => None,
    };
    let price_name = table.header()[price_col].clone();
    let volume_col = match (format, options.min_volume) {
        (RealFormat::Front | RealFormat::Main, Some(_)) => Some(table.require(&["volume"])?),
        _ => None,
    };
    let rule = NumberRule::level(MISSING_PRICE);
    let oi_rule = NumberRule {
        expected: "a number of contracts",
        what: "an open interest",
        min: 0.0,
        ..NumberRule::level(MISSING_PRICE)
    };
    let volume_rule = NumberRule {
        what: "a volume",
        ..oi_rule
    };
    let mut order = DateOrder::strict();
    let mut rows: Vec<RealPrice> = Vec::new();
    let mut reported = Vec::new();
    let mut previous_contract: Option<ContractCode> = None;
    let mut main: Option<ContractCode> = None;
    let mut previous_oi: Option<f64> = None;
    while let Some(row) = table.next_row()? {
        let date = row.date(date_col, DateStyle::UsOrIso)?;
        order.check(row.at(), date)?;
        let unmapped = |reason: String| DataError::UnmappedContract {
            at: row.cell(date_col),
            found: date.to_string(),
            expected: format!("a date on which a contract of {root} can be mapped ({reason})"),
        };
        let price = row.number(price_col, &rule)?;
        let contract = match format {
            RealFormat::Front => front_quarterly(&options.roll, root, date).map_err(unmapped)?,
            RealFormat::VxRank => {
                vx_rank_contract(date, options.rank.unwrap_or(1)).map_err(unmapped)?
            }
            _ => {
                let oi = oi_col
                    .map(|c| row.number(c, &oi_rule))
                    .transpose()?
                    .flatten();
                let current = match main {
                    None => front_quarterly(&options.roll, root, date).map_err(unmapped)?,
                    Some(c) => match (previous_oi, oi) {
                        (Some(p), Some(o)) if p > 0.0 && o >= p * (1.0 + MAIN_SWITCH_OI_JUMP) => {
                            next_quarterly(c)
                                .ok_or_else(|| unmapped("no later contract".to_owned()))?
                        }
                        _ => c,
                    },
                };
                let ltd = current
                    .dates()
                    .map_err(|e| unmapped(e.to_string()))?
                    .last_trading_day;
                if date > ltd {
                    return Err(unmapped(format!(
                        "the main contract {current} stopped trading on {ltd} and open interest \
                         shows no switch"
                    )));
                }
                main = Some(current);
                if oi.is_some() {
                    previous_oi = oi;
                }
                current
            }
        };
        let Some(price) = price else {
            reported.push(ReportedRow {
                line: row.line(),
                date,
                reason: ReportReason::MissingPrice {
                    column: price_name.clone(),
                },
            });
            continue;
        };
        if format == RealFormat::Front
            && let Ok(d) = contract.dates()
            && let Some(fnd) = d.first_notice_day
            && date > fnd
        {
            reported.push(ReportedRow {
                line: row.line(),
                date,
                reason: ReportReason::AfterFirstNotice {
                    contract,
                    first_notice_day: fnd,
                },
            });
            continue;
        }
        if format == RealFormat::Front
            && let Some(expiring) = previous_contract.filter(|p| *p != contract)
            && expiring.dates().is_ok_and(|d| d.last_trading_day == date)
        {
            reported.push(ReportedRow {
                line: row.line(),
                date,
                reason: ReportReason::ExpiryDay {
                    expiring,
                    next: contract,
                },
            });
            continue;
        }
        if let (Some(col), Some(min_volume)) = (volume_col, options.min_volume) {
            let volume = row.required_number(col, &volume_rule)?;
            if volume < min_volume {
                reported.push(ReportedRow {
                    line: row.line(),
                    date,
                    reason: ReportReason::LowVolume {
                        contract,
                        volume,
                        min_volume,
                    },
                });
                continue;
            }
        }
        let switch = previous_contract.is_some_and(|p| p != contract);
        previous_contract = Some(contract);
        rows.push(RealPrice {
            date,
            contract,
            price,
            line: row.line(),
            switch,
        });
    }
    Ok(RealPrices {
        file,
        format,
        date_column: (date_name, date_col + 1),
        rows,
        reported,
        rows_read: table.rows_read(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn read(csv: &str, options: &RealFileOptions) -> Result<RealPrices, DataError> {
        RealPrices::read(csv.as_bytes(), "p.csv", options)
    }

    #[test]
    fn detects_every_format_from_its_header() {
        let h = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
        let cases = [
            (
                "Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest",
                Some(RealFormat::CboeVx),
            ),
            ("Date,Close,High,Low,Open,Volume", Some(RealFormat::Front)),
            ("date,contract,settle", Some(RealFormat::Settlements)),
            ("date,VIX,VX1,VX2,SP500", Some(RealFormat::VxRank)),
            (
                "date,open,high,low,close,volume,open_interest_last",
                Some(RealFormat::Main),
            ),
            ("day,price", None),
        ];
        for (header, want) in cases {
            assert_eq!(RealFormat::detect(&h(header)), want, "{header}");
        }
        for f in RealFormat::ALL {
            assert_eq!(f.as_str().parse::<RealFormat>(), Ok(f));
        }
        assert!("yahoo".parse::<RealFormat>().is_err());
    }

    #[test]
    fn cboe_futures_cells() {
        let date = d(2023, 6, 1);
        assert_eq!(
            parse_cboe_futures("F (Jan 2024)", date)
                .unwrap()
                .to_string(),
            "VXF24"
        );
        assert_eq!(
            parse_cboe_futures("K (May 07)", d(2007, 1, 2))
                .unwrap()
                .to_string(),
            "VXK07"
        );
        assert_eq!(
            parse_cboe_futures("VXN3", date).unwrap().to_string(),
            "VXN23"
        );
        // Letter and month disagree; another root; garbage.
        assert_eq!(parse_cboe_futures("G (Jan 2024)", date), None);
        assert_eq!(parse_cboe_futures("TYM24", date), None);
        assert_eq!(parse_cboe_futures("Jan", date), None);
    }

    #[test]
    fn front_rows_after_first_notice_are_reported() {
        // TUM24: first notice day 2024-05-31 (the business day before 2024-06-03), last
        // trading day 2024-06-28. Rows in June map to TUM24 and are thin prints.
        let csv = "Date,Close\n2024-05-30,101.5\n2024-05-31,101.6\n2024-06-03,101.7\n";
        let p = read(csv, &RealFileOptions::for_root(Root::TU)).unwrap();
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.reported.len(), 1);
        assert_eq!(p.reported[0].line, 4);
        assert!(matches!(
            p.reported[0].reason,
            ReportReason::AfterFirstNotice { first_notice_day, .. } if first_notice_day == d(2024, 5, 31)
        ));
    }

    #[test]
    fn front_row_on_the_expiring_contracts_last_trading_day_is_reported() {
        // TUM24 trades to 2024-06-28; the front row that day may still be TUM24 (Yahoo's TU
        // is), so it is reported and the next row starts TUU24 as a switch.
        let csv = "Date,Close\n2024-05-31,101.6\n2024-06-03,101.7\n2024-06-28,101.9\n\
                   2024-07-01,101.8\n2024-07-02,101.85\n";
        let p = read(csv, &RealFileOptions::for_root(Root::TU)).unwrap();
        let tuu24: ContractCode = "TUU24".parse().unwrap();
        let tum24: ContractCode = "TUM24".parse().unwrap();
        assert_eq!(p.reported.len(), 2);
        assert_eq!(p.reported[1].line, 4);
        assert_eq!(
            p.reported[1].reason,
            ReportReason::ExpiryDay {
                expiring: tum24,
                next: tuu24
            }
        );
        assert_eq!(p.rows.len(), 3);
        assert_eq!((p.rows[1].contract, p.rows[1].switch), (tuu24, true));
        assert_eq!(p.rows[1].date, d(2024, 7, 1));
        assert!(!p.rows[2].switch);
    }

    #[test]
    fn front_rows_under_a_minimum_volume_are_reported() {
        let csv = "Date,Close,Volume\n2024-05-28,101.5,900\n2024-05-29,101.6,1000\n\
                   2024-05-30,101.7,12\n";
        let options = RealFileOptions::for_root(Root::TU).with_min_volume(1000.0);
        let p = read(csv, &options).unwrap();
        assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3]);
        assert_eq!(
            p.reported.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 4]
        );
        assert!(matches!(
            p.reported[1].reason,
            ReportReason::LowVolume { volume, min_volume, .. } if volume == 12.0 && min_volume == 1000.0
        ));
        // Without the option every row is used; with it, a file needs a volume column.
        assert_eq!(
            read(csv, &RealFileOptions::for_root(Root::TU))
                .unwrap()
                .rows
                .len(),
            3
        );
        let no_volume = "Date,Close\n2024-05-28,101.5\n";
        assert!(matches!(
            read(no_volume, &options),
            Err(DataError::MissingColumn { .. })
        ));
    }

    #[test]
    fn front_rule_with_an_earlier_roll() {
        // EC: ECH24's last trading day is Monday 2024-03-18; rolling one business day earlier
        // puts Friday 2024-03-15 already in ECM24.
        let csv = "Date,Close\n2024-03-14,1.09\n2024-03-15,1.09\n";
        let options = RealFileOptions::for_root(Root::EC)
            .with_roll(RollRule::new(1, Some(RollAnchor::LastTradingDay)));
        let p = read(csv, &options).unwrap();
        let codes: Vec<String> = p.rows.iter().map(|r| r.contract.to_string()).collect();
        assert_eq!(codes, ["ECH24", "ECM24"]);
        let p = read(csv, &RealFileOptions::for_root(Root::EC)).unwrap();
        assert_eq!(p.rows[1].contract.to_string(), "ECH24");
    }

    #[test]
    fn main_contract_switches_on_open_interest_jumps() {
        let csv = "date,close,open_interest_last\n2023-02-17,100.0,80000\n\
                   2023-02-20,100.1,90000\n2023-02-21,100.2,126000\n2023-02-22,100.3,120000\n";
        let p = read(csv, &RealFileOptions::for_root(Root::T)).unwrap();
        let codes: Vec<String> = p.rows.iter().map(|r| r.contract.to_string()).collect();
        assert_eq!(codes, ["T2303", "T2303", "T2306", "T2306"]);
        assert!(p.rows[2].switch && !p.rows[3].switch);
        // Without a switch the main contract would outlive its last trading day (2023-03-10).
        let csv = "date,close,open_interest_last\n2023-03-09,100.0,80000\n2023-03-13,100.1,81000\n";
        let e = read(csv, &RealFileOptions::for_root(Root::T)).unwrap_err();
        assert!(
            matches!(e, DataError::UnmappedContract { ref at, .. } if at.line == 3 && at.index == 1),
            "{e}"
        );
    }

    #[test]
    fn bad_input_names_file_line_and_column() {
        let o = RealFileOptions::for_root(Root::TY);
        // A price that is not a number.
        let e = read("Date,Close\n2024-03-18,110.5\n2024-03-19,abc\n", &o).unwrap_err();
        assert!(
            matches!(e, DataError::BadNumber { ref at, .. } if at.line == 3 && at.index == 2 && at.file == "p.csv"),
            "{e}"
        );
        // A duplicate row.
        let e = read("Date,Close\n2024-03-18,110.5\n2024-03-18,110.5\n", &o).unwrap_err();
        assert!(
            matches!(e, DataError::DuplicateDate { ref at, first_line: 2, .. } if at.line == 3),
            "{e}"
        );
        // A date no contract can be mapped to (before TY was listed in this crate).
        let e = read("Date,Close\n1950-03-18,110.5\n", &o).unwrap_err();
        assert!(
            matches!(e, DataError::UnmappedContract { ref at, .. } if at.line == 2 && at.index == 1),
            "{e}"
        );
        // Cboe: a contract cell that is not a VX month; a duplicate (date, contract).
        let cboe =
            "Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\n";
        let e = read(
            &format!("{cboe}2024-01-02,Q (Jan 2024),1,1,1,1,13.2,0,1,0,1\n"),
            &RealFileOptions::default(),
        )
        .unwrap_err();
        assert!(
            matches!(e, DataError::UnmappedContract { ref at, .. } if at.line == 2 && at.index == 2),
            "{e}"
        );
        let row = "2024-01-02,F (Jan 2024),1,1,1,1,13.2,0,1,0,1\n";
        let e = read(&format!("{cboe}{row}{row}"), &RealFileOptions::default()).unwrap_err();
        assert!(
            matches!(e, DataError::DuplicateKey { ref at, first_line: 2, .. } if at.line == 3),
            "{e}"
        );
        // Settlements of another root than asked for.
        let e = read("date,contract,settle\n2024-03-20,TUM24,102\n", &o).unwrap_err();
        assert!(
            matches!(e, DataError::UnmappedContract { ref at, .. } if at.line == 2 && at.index == 2),
            "{e}"
        );
        // No root for a front file; no rank for a vx-rank file.
        assert!(matches!(
            read("Date,Close\n2024-03-18,1\n", &RealFileOptions::default()),
            Err(DataError::MissingColumn { .. })
        ));
        assert!(matches!(
            read("date,VX1\n2024-03-18,1\n", &RealFileOptions::default()),
            Err(DataError::MissingColumn { .. })
        ));
    }

    #[test]
    fn vx_ranks_follow_the_expiry_dates() {
        // VXH24 settled on Wednesday 2024-03-20: on that day VX1 is already VXJ24.
        let csv = "date,VIX,VX1,VX2\n2024-03-19,14.3,14.6,15.8\n2024-03-20,13.0,15.0,16.0\n";
        let p = read(csv, &RealFileOptions::default().with_rank(2)).unwrap();
        let codes: Vec<String> = p.rows.iter().map(|r| r.contract.to_string()).collect();
        assert_eq!(codes, ["VXJ24", "VXK24"]);
        assert_eq!(p.rows[1].price, 16.0);
        assert!(p.rows[1].switch);
    }
}

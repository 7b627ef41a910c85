//! [`SettlementSource`]: exchange settlement prices supplied by the user, with DV01 and CTD
//! borrowed from a model source; [`RealPriceSource`]: any real price file ([`RealPrices`])
//! placed on the market's timeline.

use super::{ContractQuotes, QuoteSource};
use crate::calendar::Calendar;
use crate::contract::{ContractCode, ContractDates, Root};
use crate::data::{
    CellRef, DataError, RealPrices, RealQuote, ReportReason, ReportedRow, Settlements,
};
use crate::market::{DayQuote, Market, MarketError, PriceSource};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt;

/// Prices from a file of exchange settlements ([`Settlements`]), labelled
/// [`PriceSource::Settlement`].
///
/// # What it gives
/// - **Price**: the settlement price of each listed contract on each of its settlement dates,
///   as given (decimal points).
/// - **DV01 and CTD**: a settlement file has neither. When a *risk source* is attached
///   ([`SettlementSource::with_risk_source`], typically the curve-implied bond-futures model)
///   and covers the contract's root, its DV01 and CTD of the same market day are attached to
///   the settlement price; otherwise they are `None`. They are the model's figures at the
///   model's price, not re-solved at the settlement price.
///
/// # Closed days and the timeline (documented choice: errors, not skips)
/// - A settlement dated on a day its exchange is closed ([`Calendar::for_exchange`]) is a data
///   error: [`SettlementSource::new`] rejects the file with
///   [`MarketError::SettlementOnClosedDay`] naming the first such row. Silently dropping it would
///   hide a wrong date or a wrong calendar.
/// - A settlement on a date that is not on the market's timeline cannot be stored in a table
///   aligned to it: [`QuoteSource::quotes`] returns [`MarketError::SettlementOffTimeline`].
///
/// [`QuoteSource::covers`] is true for every root with at least one contract in the file.
pub struct SettlementSource<'r> {
    by_contract: BTreeMap<ContractCode, Vec<(NaiveDate, f64)>>,
    roots: [bool; Root::ALL.len()],
    risk: Option<&'r dyn QuoteSource>,
}

impl fmt::Debug for SettlementSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SettlementSource")
            .field("contracts", &self.by_contract.len())
            .field("risk", &self.risk.map(|r| r.kind()))
            .finish()
    }
}

impl<'r> SettlementSource<'r> {
    /// Indexes the settlements by contract and checks every date against the contract's
    /// exchange calendar.
    ///
    /// # Errors
    /// [`MarketError::SettlementOnClosedDay`] for the first settlement (in file order) dated on
    /// a day its exchange is closed; [`MarketError::Calendar`] for a date outside the
    /// exchange calendar's years.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::data::Settlements;
    /// use spreadtrade::market::MarketError;
    /// use spreadtrade::pricing::SettlementSource;
    ///
    /// let ok = "date,contract,settle\n2024-03-20,TYM24,110.5\n";
    /// let s = SettlementSource::new(&Settlements::read(ok.as_bytes(), "s.csv")?)?;
    /// assert_eq!(s.contracts().count(), 1);
    /// // 2024-03-29 was Good Friday: CBOT closed.
    /// let bad = "date,contract,settle\n2024-03-29,TYM24,110.5\n";
    /// let e = SettlementSource::new(&Settlements::read(bad.as_bytes(), "s.csv")?).unwrap_err();
    /// assert!(matches!(e, MarketError::SettlementOnClosedDay { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(settlements: &Settlements) -> Result<Self, MarketError> {
        let mut by_contract: BTreeMap<ContractCode, Vec<(NaiveDate, f64)>> = BTreeMap::new();
        let mut roots = [false; Root::ALL.len()];
        for row in &settlements.rows {
            let exchange = row.contract.spec().exchange;
            if !Calendar::for_exchange(exchange).is_business_day(row.date)? {
                return Err(MarketError::SettlementOnClosedDay {
                    contract: row.contract,
                    date: row.date,
                    exchange,
                });
            }
            roots[row.contract.root().index()] = true;
            by_contract
                .entry(row.contract)
                .or_default()
                .push((row.date, row.settle));
        }
        // The loader keeps dates non-decreasing and (date, contract) unique, so each contract's
        // list is already strictly increasing.
        Ok(SettlementSource {
            by_contract,
            roots,
            risk: None,
        })
    }

    /// Attaches a source whose DV01 and CTD are copied onto the settlement prices of the roots
    /// it covers (see the type docs).
    pub fn with_risk_source(mut self, risk: &'r dyn QuoteSource) -> Self {
        self.risk = Some(risk);
        self
    }

    /// The contracts in the file, in order.
    pub fn contracts(&self) -> impl Iterator<Item = &ContractCode> {
        self.by_contract.keys()
    }

    /// The settlements of one contract `(date, price)`, in date order.
    pub fn settlements_of(&self, code: &ContractCode) -> &[(NaiveDate, f64)] {
        self.by_contract.get(code).map_or(&[], Vec::as_slice)
    }
}

impl QuoteSource for SettlementSource<'_> {
    fn kind(&self) -> PriceSource {
        PriceSource::Settlement
    }

    fn covers(&self, root: Root) -> bool {
        self.roots[root.index()]
    }

    fn dv01_method(&self) -> Option<crate::basket::FuturesDv01Method> {
        self.risk.and_then(|r| r.dv01_method())
    }

    fn quotes(
        &self,
        code: &ContractCode,
        dates: &ContractDates,
        market: &Market,
        first_day: usize,
        last_day: usize,
    ) -> Result<ContractQuotes, MarketError> {
        let rows = self.settlements_of(code);
        let (Some(&lo), Some(&hi)) = (market.dates().get(first_day), market.dates().get(last_day))
        else {
            return Ok(ContractQuotes::default());
        };
        let start = rows.partition_point(|&(d, _)| d < lo);
        let end = rows.partition_point(|&(d, _)| d <= hi);
        let rows = rows.get(start..end).unwrap_or_default();
        let mut quotes = Vec::with_capacity(rows.len());
        for &(date, price) in rows {
            let day = market
                .day_index(date)
                .ok_or(MarketError::SettlementOffTimeline {
                    contract: *code,
                    date,
                })?;
            quotes.push(DayQuote {
                day,
                price,
                dv01: None,
                ctd: None,
            });
        }
        let mut out = ContractQuotes {
            quotes,
            deliverables: Vec::new(),
        };
        if let Some(risk) = self.risk
            && risk.covers(code.root())
            && !out.quotes.is_empty()
        {
            let model = risk.quotes(code, dates, market, first_day, last_day)?;
            // Both lists are in increasing day order: one merge pass.
            let mut m = model.quotes.iter().peekable();
            for q in &mut out.quotes {
                while m.next_if(|r| r.day < q.day).is_some() {}
                if let Some(r) = m.peek()
                    && r.day == q.day
                {
                    q.dv01 = r.dv01;
                    q.ctd = r.ctd;
                }
            }
            out.deliverables = model.deliverables;
        }
        Ok(out)
    }
}

/// Prices from a real price file ([`RealPrices`]: Cboe VX files, front-month closes,
/// settlements, VX by rank, main-contract closes), labelled [`PriceSource::Settlement`] or
/// [`PriceSource::Close`] by the file's kind of price.
///
/// It gives prices only; [`PriceTable::build`](crate::market::PriceTable::build) fills the days the
/// file does not have from the next (model) source and gives the real days the model's DV01
/// and CTD of the same day, so every row of the table says which it is
/// ([`crate::market::PriceTable::source`]).
///
/// # Dates (checked against the market when made)
/// - A row dated before the market's first date or after its last is an error
///   ([`DataError::DateOutsideMarket`], file, line and date column).
/// - A row inside the market's range on a date that is not on its timeline, or on a day the
///   contract's exchange is closed, cannot sit next to a model value: it is **reported**
///   ([`RealPriceSource::reported`]), not used.
/// - A row whose contract does not trade on its date (before its listing or after its last
///   trading day) is an error ([`DataError::UnmappedContract`]).
#[derive(Debug, Clone)]
pub struct RealPriceSource {
    kind: PriceSource,
    file: String,
    by_contract: BTreeMap<ContractCode, Vec<(usize, f64)>>,
    roots: [bool; Root::ALL.len()],
    reported: Vec<ReportedRow>,
}

impl RealPriceSource {
    /// Places the rows of `prices` on `market`'s timeline (see the type docs).
    ///
    /// # Errors
    /// [`DataError::DateOutsideMarket`], [`DataError::UnmappedContract`], each with file, line
    /// and column.
    pub fn new(prices: &RealPrices, market: &Market) -> Result<Self, DataError> {
        let (Some(&first), Some(&last)) = (market.dates().first(), market.dates().last()) else {
            return Err(DataError::Empty {
                file: prices.file.clone(),
                rows_read: prices.rows_read,
            });
        };
        let cell = |line: u64| {
            Box::new(CellRef {
                file: prices.file.clone(),
                line,
                column: prices.date_column.0.clone(),
                index: prices.date_column.1,
            })
        };
        let mut by_contract: BTreeMap<ContractCode, Vec<(usize, f64)>> = BTreeMap::new();
        let mut roots = [false; Root::ALL.len()];
        let mut reported = Vec::new();
        for row in &prices.rows {
            if row.date < first || row.date > last {
                return Err(DataError::DateOutsideMarket {
                    at: cell(row.line),
                    date: row.date,
                    first,
                    last,
                });
            }
            let lives = row
                .contract
                .dates()
                .map(|d| (d.first_trading_day..=d.last_trading_day).contains(&row.date));
            if !matches!(lives, Ok(true)) {
                return Err(DataError::UnmappedContract {
                    at: cell(row.line),
                    found: row.date.to_string(),
                    expected: format!("a date on which {} trades", row.contract),
                });
            }
            let open = Calendar::for_exchange(row.contract.spec().exchange)
                .is_business_day(row.date)
                .unwrap_or(false);
            match market.day_index(row.date) {
                Some(day) if open => {
                    roots[row.contract.root().index()] = true;
                    by_contract
                        .entry(row.contract)
                        .or_default()
                        .push((day, row.price));
                }
                _ => reported.push(ReportedRow {
                    line: row.line,
                    date: row.date,
                    reason: ReportReason::OffTimeline {
                        contract: row.contract,
                    },
                }),
            }
        }
        let kind = match prices.quote() {
            RealQuote::Close => PriceSource::Close,
            _ => PriceSource::Settlement,
        };
        // Rows are sorted by (date, contract), so each contract's days increase.
        Ok(RealPriceSource {
            kind,
            file: prices.file.clone(),
            by_contract,
            roots,
            reported,
        })
    }

    /// The file the prices came from.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The rows read and not placed on the timeline (off-timeline dates, closed exchange).
    pub fn reported(&self) -> &[ReportedRow] {
        &self.reported
    }

    /// The contracts with at least one price, in order.
    pub fn contracts(&self) -> impl Iterator<Item = &ContractCode> {
        self.by_contract.keys()
    }

    /// One contract's real prices `(market day, price)`, in day order.
    pub fn prices_of(&self, code: &ContractCode) -> &[(usize, f64)] {
        self.by_contract.get(code).map_or(&[], Vec::as_slice)
    }
}

impl QuoteSource for RealPriceSource {
    fn kind(&self) -> PriceSource {
        self.kind
    }

    fn covers(&self, root: Root) -> bool {
        self.roots[root.index()]
    }

    fn quotes(
        &self,
        code: &ContractCode,
        _dates: &ContractDates,
        _market: &Market,
        first_day: usize,
        last_day: usize,
    ) -> Result<ContractQuotes, MarketError> {
        let rows = self.prices_of(code);
        let start = rows.partition_point(|&(d, _)| d < first_day);
        let end = rows.partition_point(|&(d, _)| d <= last_day);
        Ok(ContractQuotes {
            quotes: rows
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .map(|&(day, price)| DayQuote {
                    day,
                    price,
                    dv01: None,
                    ctd: None,
                })
                .collect(),
            deliverables: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{CtdRef, DeliverableRecord, Origin};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// A fake model: DV01 = 60 + day, CTD = deliverable 0, on every day of the range.
    struct FakeRisk;

    impl QuoteSource for FakeRisk {
        fn kind(&self) -> PriceSource {
            PriceSource::CurveImplied
        }
        fn covers(&self, root: Root) -> bool {
            root == Root::TY
        }
        fn quotes(
            &self,
            _code: &ContractCode,
            _dates: &ContractDates,
            _market: &Market,
            first_day: usize,
            last_day: usize,
        ) -> Result<ContractQuotes, MarketError> {
            Ok(ContractQuotes {
                quotes: (first_day..=last_day)
                    .map(|day| DayQuote {
                        day,
                        price: 100.0,
                        dv01: Some(60.0 + day as f64),
                        ctd: Some(CtdRef {
                            deliverable: 0,
                            conversion_factor: 0.85,
                        }),
                    })
                    .collect(),
                deliverables: vec![DeliverableRecord {
                    id: "bond".into(),
                    coupon_rate: 0.04,
                    maturity: d(2031, 2, 15),
                    synthetic: true,
                }],
            })
        }
    }

    fn market() -> Market {
        let dates = [
            d(2024, 3, 18),
            d(2024, 3, 19),
            d(2024, 3, 20),
            d(2024, 3, 21),
        ];
        Market::from_series("x", &dates, &[1.0; 4], Origin::in_memory("t")).unwrap()
    }

    fn source(csv: &str) -> SettlementSource<'static> {
        SettlementSource::new(&Settlements::read(csv.as_bytes(), "s.csv").unwrap()).unwrap()
    }

    #[test]
    fn prices_come_from_the_file_and_risk_from_the_model() {
        let s = source(
            "date,contract,settle\n2024-03-19,TYM24,110.5\n2024-03-19,TUM24,102.0\n\
             2024-03-21,TYM24,110.75\n",
        );
        let m = market();
        let ty: ContractCode = "TYM24".parse().unwrap();
        let dates = ty.dates().unwrap();
        let q = s.quotes(&ty, &dates, &m, 0, 3).unwrap();
        assert_eq!(q.quotes.len(), 2);
        assert_eq!((q.quotes[0].day, q.quotes[0].price), (1, 110.5));
        assert_eq!(q.quotes[1].dv01, None);
        assert!(s.covers(Root::TY) && s.covers(Root::TU) && !s.covers(Root::VX));
        let risk = FakeRisk;
        let s = s.with_risk_source(&risk);
        let q = s.quotes(&ty, &dates, &m, 0, 3).unwrap();
        assert_eq!(q.quotes[0].dv01, Some(61.0));
        assert_eq!(q.quotes[1].dv01, Some(63.0));
        assert_eq!(q.quotes[1].price, 110.75);
        assert_eq!(q.deliverables.len(), 1);
        // The risk source does not cover TU: no DV01 there.
        let tu: ContractCode = "TUM24".parse().unwrap();
        let q = s.quotes(&tu, &tu.dates().unwrap(), &m, 0, 3).unwrap();
        assert_eq!((q.quotes.len(), q.quotes[0].dv01), (1, None));
        // Only the days asked for.
        let q = s.quotes(&ty, &dates, &m, 2, 3).unwrap();
        assert_eq!(q.quotes.len(), 1);
    }

    #[test]
    fn a_settlement_off_the_timeline_is_an_error() {
        let s = source("date,contract,settle\n2024-03-22,TYM24,110.5\n");
        let dates = [d(2024, 3, 21), d(2024, 3, 25)];
        let m = Market::from_series("x", &dates, &[1.0; 2], Origin::in_memory("t")).unwrap();
        let ty: ContractCode = "TYM24".parse().unwrap();
        let e = s.quotes(&ty, &ty.dates().unwrap(), &m, 0, 1).unwrap_err();
        assert!(
            matches!(e, MarketError::SettlementOffTimeline { date, .. } if date == d(2024, 3, 22))
        );
    }

    #[test]
    fn real_files_meet_the_market_timeline() {
        use crate::data::{RealFileOptions, RealPrices};
        let read = |csv: &str| {
            RealPrices::read(csv.as_bytes(), "r.csv", &RealFileOptions::default()).unwrap()
        };
        let m = market(); // 2024-03-18 ..= 2024-03-21
        let s = RealPriceSource::new(
            &read("date,contract,settle\n2024-03-19,TYM24,110.5\n2024-03-21,TYM24,110.75\n"),
            &m,
        )
        .unwrap();
        let ty: ContractCode = "TYM24".parse().unwrap();
        assert_eq!(s.prices_of(&ty), [(1, 110.5), (3, 110.75)]);
        assert_eq!(s.kind(), PriceSource::Settlement);
        assert!(s.covers(Root::TY) && !s.covers(Root::TU));
        let q = s.quotes(&ty, &ty.dates().unwrap(), &m, 2, 3).unwrap();
        assert_eq!(q.quotes.len(), 1);
        // Inside the range but not on the timeline (a weekend): reported, not used.
        let dates = [d(2024, 3, 15), d(2024, 3, 18)];
        let gap = Market::from_series("x", &dates, &[1.0; 2], Origin::in_memory("t")).unwrap();
        let s = RealPriceSource::new(
            &read("date,contract,settle\n2024-03-16,TYM24,110.5\n2024-03-18,TYM24,110.6\n"),
            &gap,
        )
        .unwrap();
        assert_eq!(s.reported().len(), 1);
        assert_eq!((s.reported()[0].line, s.prices_of(&ty).len()), (2, 1));
        // Outside the range: an error at the date cell.
        let e = RealPriceSource::new(&read("date,contract,settle\n2024-03-25,TYM24,110.5\n"), &m)
            .unwrap_err();
        assert!(
            matches!(e, DataError::DateOutsideMarket { ref at, .. } if at.line == 2 && at.index == 1),
            "{e}"
        );
        // A contract that does not trade on the date (TYM24 after its last trading day).
        let long = [d(2024, 6, 20), d(2024, 6, 21)];
        let m2 = Market::from_series("x", &long, &[1.0; 2], Origin::in_memory("t")).unwrap();
        let e = RealPriceSource::new(&read("date,contract,settle\n2024-06-20,TYM24,110.5\n"), &m2)
            .unwrap_err();
        assert!(
            matches!(e, DataError::UnmappedContract { ref at, .. } if at.line == 2),
            "{e}"
        );
    }

    #[test]
    fn closed_exchange_days_are_rejected() {
        // Juneteenth 2024: CBOT closed; CFFEX closed on 2024-10-01 (National Day).
        for csv in [
            "date,contract,settle\n2024-06-19,TYU24,110.5\n",
            "date,contract,settle\n2024-10-01,T2412,104.0\n",
        ] {
            let e = SettlementSource::new(&Settlements::read(csv.as_bytes(), "s.csv").unwrap())
                .unwrap_err();
            assert!(
                matches!(e, MarketError::SettlementOnClosedDay { .. }),
                "{e}"
            );
        }
    }
}

//! Deliverable bonds and the universe of deliverables of one bond market.

use super::BasketError;
use crate::bond::{Bond, BondError, BondTerms, Frequency, MarketConvention};
use crate::contract::{ContractCode, ProductKind, Root};
use crate::data::SecurityList;
use crate::units::Currency;
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// An issue the exchange removed from a contract's grade by rule, although it meets the
/// remaining-term rule (CBOT Rule 18101.A lets the exchange disallow any issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExcludedIssue {
    /// The contract root.
    pub root: Root,
    /// The issue's maturity date.
    pub maturity: NaiveDate,
    /// The issue's original term in months (the exclusion names one bond; a note of another
    /// term maturing the same day is not excluded).
    pub original_term_months: u32,
    /// The contract months `(year, month)` the issue may not be delivered into.
    pub contracts: &'static [(i32, u32)],
    /// Where the exclusion is published.
    pub source: &'static str,
}

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("invalid date literal"),
    }
}

/// Issues that CBOT excluded from a Treasury futures contract grade.
///
/// | root | issue | contracts | source |
/// | --- | --- | --- | --- |
/// | US | 5-3/8% bond of 2031-02-15 (CUSIP 912810FP8, the last 30-year bond before the 2001–2006 suspension) | USM15, USU15, USZ15 | CME Group, "U.S. T-Bond Futures Delivery Basket: Solution to Address Delivery Basket Gap" (2014), Special Executive Report SER-7191 |
///
/// Without the exclusion that bond would have been the only deliverable between the May 2030
/// bond and the February 2036 bond for those three contracts; with it the June 2015 contract
/// traded about 15 points above the March 2015 contract (the front-month closes of 2015-03-20
/// and 2015-03-23 in the validation files: 148.6 and 164.0). The synthetic issuance model's
/// February 2001 30-year bond stands for it (matched by maturity and original term).
pub const CBOT_EXCLUDED_ISSUES: [ExcludedIssue; 1] = [ExcludedIssue {
    root: Root::US,
    maturity: ymd(2031, 2, 15),
    original_term_months: 360,
    contracts: &[(2015, 6), (2015, 9), (2015, 12)],
    source: "CME Group SER-7191 (2014): 5-3/8% Feb-2031 excluded from USM15, USU15, USZ15",
}];

impl ExcludedIssue {
    /// Whether this exclusion removes a bond maturing on `maturity` with an original term of
    /// `original_term_months` from `code`'s grade.
    pub fn excludes(
        &self,
        code: &ContractCode,
        maturity: NaiveDate,
        original_term_months: u32,
    ) -> bool {
        self.root == code.root()
            && self.maturity == maturity
            && self.original_term_months == original_term_months
            && self.contracts.contains(&(code.year(), code.month()))
    }
}

/// A government bond market whose bonds are delivered into futures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum BondMarket {
    /// U.S. Treasury notes and bonds (CBOT TU, FV, TY, TN, US, UB).
    UsTreasury,
    /// China government bonds (CFFEX TS, TF, T, TL).
    ChinaGovernment,
}

impl BondMarket {
    /// Every market, in a fixed order.
    pub const ALL: [BondMarket; 2] = [BondMarket::UsTreasury, BondMarket::ChinaGovernment];

    /// The market whose bonds a root's contracts deliver, or `None` for EC and VX.
    pub fn for_root(root: Root) -> Option<BondMarket> {
        match root.spec().kind {
            ProductKind::UsTreasuryFuture => Some(BondMarket::UsTreasury),
            ProductKind::CgbFuture => Some(BondMarket::ChinaGovernment),
            _ => None,
        }
    }

    /// The currency the bonds pay in.
    pub const fn currency(self) -> Currency {
        match self {
            BondMarket::UsTreasury => Currency::Usd,
            BondMarket::ChinaGovernment => Currency::Cny,
        }
    }

    /// The price–yield and accrual convention of the market's bonds.
    pub const fn convention(self) -> MarketConvention {
        match self {
            BondMarket::UsTreasury => MarketConvention::UsStreet,
            BondMarket::ChinaGovernment => MarketConvention::ChinaInterbank,
        }
    }

    /// The short name used in identifiers and output, e.g. `"UST"`.
    pub const fn name(self) -> &'static str {
        match self {
            BondMarket::UsTreasury => "UST",
            BondMarket::ChinaGovernment => "CGB",
        }
    }
}

impl fmt::Display for BondMarket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a deliverable's terms come from. Everything built from the synthetic issuance model
/// says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum DeliverableSource {
    /// A securities list supplied by the user ([`SecurityList`]): real bond terms.
    SecuritiesList,
    /// The synthetic issuance model ([`super::synthetic_universe`]): a modelled bond, not a
    /// real security.
    SyntheticIssuance,
}

impl DeliverableSource {
    /// The text used in outputs: `"securities list"` or `"synthetic issuance"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            DeliverableSource::SecuritiesList => "securities list",
            DeliverableSource::SyntheticIssuance => "synthetic issuance",
        }
    }
}

impl fmt::Display for DeliverableSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One bond that may be delivered into futures: an identifier, the validated [`Bond`], its
/// issue (dated) date, its original term and where its terms came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Deliverable {
    id: String,
    bond: Bond,
    issue_date: NaiveDate,
    original_term_months: Option<u32>,
    source: DeliverableSource,
    first_call_date: Option<NaiveDate>,
}

impl Deliverable {
    /// A deliverable from its parts. `issue_date` is the date from which the bond exists and
    /// accrues (its dated date); `original_term_months` is the term at first issue (`Some(120)`
    /// for a 10-year note, also for its reopenings), or `None` to measure it from
    /// `issue_date` to maturity.
    ///
    /// # Errors
    /// [`BasketError::Bond`] (with [`BondError::DatedDateNotBeforeMaturity`]) if `issue_date`
    /// is not before the bond's maturity.
    pub fn new(
        id: impl Into<String>,
        bond: Bond,
        issue_date: NaiveDate,
        original_term_months: Option<u32>,
        source: DeliverableSource,
    ) -> Result<Self, BasketError> {
        let id = id.into();
        if issue_date >= bond.maturity() {
            return Err(BasketError::Bond {
                id,
                source: BondError::DatedDateNotBeforeMaturity {
                    dated_date: issue_date,
                    maturity: bond.maturity(),
                },
            });
        }
        Ok(Deliverable {
            id,
            bond,
            issue_date,
            original_term_months,
            source,
            first_call_date: None,
        })
    }

    /// The same deliverable, callable at par from `date` (the 30-year bonds issued until
    /// November 1984 were callable in their last five years).
    ///
    /// The call date matters for eligibility only: a callable bond's remaining term is
    /// measured to its first call date, which is how the CBOT bond contract grade reads ("if
    /// callable, not callable for at least 15 years"). Prices ignore the call option.
    #[must_use]
    pub fn with_first_call_date(mut self, date: NaiveDate) -> Self {
        self.first_call_date = Some(date);
        self
    }

    /// The first call date, for a callable bond.
    pub fn first_call_date(&self) -> Option<NaiveDate> {
        self.first_call_date
    }

    /// The identifier: a securities-list code, or `SYN-<market>-<term>-<coupon>-<maturity>` for
    /// a synthetic bond.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The bond.
    pub fn bond(&self) -> &Bond {
        &self.bond
    }

    /// The issue (dated) date.
    pub fn issue_date(&self) -> NaiveDate {
        self.issue_date
    }

    /// The original term in months, where known.
    pub fn original_term_months(&self) -> Option<u32> {
        self.original_term_months
    }

    /// Where the terms came from.
    pub fn source(&self) -> DeliverableSource {
        self.source
    }

    /// Whether the bond comes from the synthetic issuance model.
    pub fn is_synthetic(&self) -> bool {
        self.source == DeliverableSource::SyntheticIssuance
    }

    /// The annual coupon rate (decimal).
    pub fn coupon_rate(&self) -> f64 {
        self.bond.coupon_rate()
    }

    /// The maturity date.
    pub fn maturity(&self) -> NaiveDate {
        self.bond.maturity()
    }

    /// The original term in whole months: the given one, else measured from the issue date.
    fn original_term(&self) -> i64 {
        match self.original_term_months {
            Some(m) => i64::from(m),
            None => {
                let (i, m) = (self.issue_date, self.maturity());
                let months = i64::from(m.year() - i.year()) * 12 + i64::from(m.month())
                    - i64::from(i.month());
                if m.day() < i.day() {
                    months - 1
                } else {
                    months
                }
            }
        }
    }

    /// Whether the bond exists on `date`: issued on or before it and not yet matured.
    pub fn is_outstanding_on(&self, date: NaiveDate) -> bool {
        self.issue_date <= date && date < self.maturity()
    }

    /// Whether the bond meets the deliverable-grade rule of `code` (issue timing aside).
    ///
    /// CBOT contracts also need semi-annual coupons, which their conversion-factor formula
    /// assumes (spec §1.5), and an issue the exchange excluded from the contract is not
    /// eligible ([`CBOT_EXCLUDED_ISSUES`]). A callable bond's remaining term runs to its first call date
    /// ([`Deliverable::with_first_call_date`]).
    pub fn is_eligible_for(&self, code: &ContractCode) -> bool {
        let Some(rule) = code.spec().deliverable_rule(code) else {
            return false;
        };
        let cbot = BondMarket::for_root(code.root()) == Some(BondMarket::UsTreasury);
        if cbot && self.bond.frequency() != Frequency::SemiAnnual {
            return false;
        }
        // A callable bond counts to its first call date (see `with_first_call_date`); its
        // original term is still measured to maturity.
        let term_end = self.first_call_date.unwrap_or_else(|| self.maturity());
        let original_months = self
            .original_term_months
            .unwrap_or_else(|| u32::try_from(self.original_term().max(0)).unwrap_or(u32::MAX));
        if cbot
            && CBOT_EXCLUDED_ISSUES
                .iter()
                .any(|x| x.excludes(code, self.maturity(), original_months))
        {
            return false;
        }
        rule.admits(code, self.issue_date, term_end, Some(original_months))
    }
}

/// The deliverables of one bond market, sorted by maturity (then identifier).
///
/// Build it from a securities list ([`DeliverableUniverse::from_securities`]) or with the
/// synthetic issuance model ([`super::synthetic_universe`]); ask it for a contract's basket with
/// [`DeliverableUniverse::basket`].
#[derive(Debug, Clone, PartialEq)]
pub struct DeliverableUniverse {
    market: BondMarket,
    source: DeliverableSource,
    description: String,
    deliverables: Vec<Deliverable>,
}

impl DeliverableUniverse {
    /// A universe from deliverables of `market` (sorted here by maturity, then identifier).
    ///
    /// # Errors
    /// [`BasketError::DuplicateId`] if two deliverables share an identifier.
    pub fn new(
        market: BondMarket,
        source: DeliverableSource,
        description: impl Into<String>,
        mut deliverables: Vec<Deliverable>,
    ) -> Result<Self, BasketError> {
        deliverables.sort_by(|a, b| a.maturity().cmp(&b.maturity()).then(a.id.cmp(&b.id)));
        let mut ids: Vec<&str> = deliverables.iter().map(|d| d.id.as_str()).collect();
        ids.sort_unstable();
        if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(BasketError::DuplicateId {
                id: w[0].to_owned(),
            });
        }
        Ok(DeliverableUniverse {
            market,
            source,
            description: description.into(),
            deliverables,
        })
    }

    /// The universe of `market` in a securities list: every security whose currency is the
    /// market's (securities without a currency are taken to belong to `market`), built with
    /// the market's convention ([`BondMarket::convention`]).
    ///
    /// The security's `issue_date` is its dated date; its `original_term`, when it is a whole
    /// number of months or years, is used by the deliverable-grade rules.
    ///
    /// # Errors
    /// [`BasketError::UnsupportedFrequency`] for a security paying other than 1 or 2 coupons a
    /// year; [`BasketError::Bond`] for terms the bond module rejects;
    /// [`BasketError::DuplicateId`] cannot happen for a loaded list (codes are unique).
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::basket::{BondMarket, DeliverableUniverse};
    /// use spreadtrade::data::Dataset;
    ///
    /// let list = Dataset::embedded_synthetic().securities.expect("embedded list");
    /// let ust = DeliverableUniverse::from_securities(&list, BondMarket::UsTreasury)?;
    /// assert_eq!(ust.len(), 14);
    /// assert!(ust.deliverables().iter().all(|d| !d.is_synthetic()));
    /// # Ok::<(), spreadtrade::basket::BasketError>(())
    /// ```
    pub fn from_securities(list: &SecurityList, market: BondMarket) -> Result<Self, BasketError> {
        let mut out = Vec::new();
        for s in &list.securities {
            if s.currency.is_some_and(|c| c != market.currency()) {
                continue;
            }
            let frequency = Frequency::from_per_year(s.coupons_per_year).ok_or_else(|| {
                BasketError::UnsupportedFrequency {
                    id: s.code.clone(),
                    coupons_per_year: s.coupons_per_year,
                }
            })?;
            let terms = BondTerms::new(s.coupon_rate, s.maturity)
                .with_frequency(frequency)
                .with_dated_date(s.issue_date)
                .with_convention(market.convention());
            let bond = Bond::new(terms).map_err(|source| BasketError::Bond {
                id: s.code.clone(),
                source,
            })?;
            let term = s.original_term.and_then(|t| t.whole_months());
            out.push(Deliverable::new(
                s.code.clone(),
                bond,
                s.issue_date,
                term,
                DeliverableSource::SecuritiesList,
            )?);
        }
        DeliverableUniverse::new(
            market,
            DeliverableSource::SecuritiesList,
            format!("securities list {}", list.source),
            out,
        )
    }

    /// The bond market.
    pub fn market(&self) -> BondMarket {
        self.market
    }

    /// Where the deliverables came from.
    pub fn source(&self) -> DeliverableSource {
        self.source
    }

    /// A one-line description of the universe (the list's file, or the issuance model and
    /// the histories it used).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The deliverables, sorted by maturity.
    pub fn deliverables(&self) -> &[Deliverable] {
        &self.deliverables
    }

    /// The number of deliverables.
    pub fn len(&self) -> usize {
        self.deliverables.len()
    }

    /// Whether the universe is empty.
    pub fn is_empty(&self) -> bool {
        self.deliverables.is_empty()
    }

    /// The deliverable with `id`.
    pub fn get(&self, id: &str) -> Option<&Deliverable> {
        self.deliverables.iter().find(|d| d.id == id)
    }

    /// The deliverables that meet `code`'s deliverable-grade rule, whatever their issue date
    /// (a bond issued during the contract's life joins the basket from its issue date; see
    /// [`Deliverable::is_outstanding_on`]). Sorted by maturity.
    ///
    /// # Errors
    /// [`BasketError::NotABondFuture`] for EC and VX; [`BasketError::MarketMismatch`] for a
    /// contract of the other market; [`BasketError::NoDeliverableRule`] when the root has no
    /// rule for the contract month.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::basket::{BondMarket, DeliverableUniverse};
    /// use spreadtrade::contract::ContractCode;
    /// use spreadtrade::data::Dataset;
    ///
    /// let list = Dataset::embedded_synthetic().securities.expect("embedded list");
    /// let ust = DeliverableUniverse::from_securities(&list, BondMarket::UsTreasury)?;
    /// let tym24: ContractCode = "TYM24".parse().expect("valid code");
    /// // Remaining 6y6m..10y from 2024-06-01: the two 7-year notes of 2031 and the four
    /// // 10-year notes of 2032-2034 in the fixture (spec §1.4).
    /// assert_eq!(ust.basket(&tym24)?.len(), 6);
    /// # Ok::<(), spreadtrade::basket::BasketError>(())
    /// ```
    pub fn basket(&self, code: &ContractCode) -> Result<Vec<&Deliverable>, BasketError> {
        let contract = *code;
        let Some(expected) = BondMarket::for_root(code.root()) else {
            return Err(BasketError::NotABondFuture { contract });
        };
        if expected != self.market {
            return Err(BasketError::MarketMismatch {
                contract,
                expected,
                found: self.market,
            });
        }
        if code.spec().deliverable_rule(code).is_none() {
            return Err(BasketError::NoDeliverableRule { contract });
        }
        Ok(self
            .deliverables
            .iter()
            .filter(|d| d.is_eligible_for(code))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Dataset;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn fixture(market: BondMarket) -> DeliverableUniverse {
        let list = Dataset::embedded_synthetic().securities.unwrap();
        DeliverableUniverse::from_securities(&list, market).unwrap()
    }

    #[test]
    fn securities_split_by_currency_and_sort_by_maturity() {
        let ust = fixture(BondMarket::UsTreasury);
        let cgb = fixture(BondMarket::ChinaGovernment);
        assert_eq!((ust.len(), cgb.len()), (14, 14));
        assert!(
            ust.deliverables()
                .windows(2)
                .all(|w| w[0].maturity() <= w[1].maturity())
        );
        let b = cgb.get("240005").unwrap();
        assert_eq!(b.bond().frequency(), Frequency::Annual);
        assert_eq!(b.bond().convention(), MarketConvention::ChinaInterbank);
        assert_eq!(b.original_term_months(), Some(24));
        assert!(!b.is_synthetic());
        assert!(b.is_outstanding_on(d(2024, 3, 15)));
        assert!(!b.is_outstanding_on(d(2024, 3, 14)));
        assert!(!b.is_outstanding_on(d(2026, 3, 15)));
    }

    #[test]
    fn tum24_basket_follows_the_cbot_rule() {
        // Spec §1.4: original term <= 5y3m, remaining 1y9m..2y from 2024-06-01. The fixture's
        // 2- and 3-year notes maturing 2026-03-15, 03-31, 04-15 and 05-31 qualify.
        let ust = fixture(BondMarket::UsTreasury);
        let code: ContractCode = "TUM24".parse().unwrap();
        let ids: Vec<&str> = ust.basket(&code).unwrap().iter().map(|d| d.id()).collect();
        assert_eq!(
            ids,
            [
                "UST-4.625-2026-03-15",
                "UST-4.500-2026-03-31",
                "UST-3.750-2026-04-15",
                "UST-4.875-2026-05-31"
            ]
        );
    }

    #[test]
    fn t1903_basket_holds_the_eleven_cffex_bonds() {
        // Spec §2.4: the T1903 deliverables (launch-era T rule: remaining 6.5..10.25 years, no
        // original-term limit). The rule also admits 240005 and 240008 (7y0m and 10y1m
        // remaining from 2019-03-01), which were issued only in 2024.
        let cgb = fixture(BondMarket::ChinaGovernment);
        let code: ContractCode = "T1903".parse().unwrap();
        let basket = cgb.basket(&code).unwrap();
        assert_eq!(basket.len(), 13);
        let issued = basket
            .iter()
            .filter(|b| b.is_outstanding_on(d(2019, 3, 12)));
        assert_eq!(issued.count(), 11);
    }

    #[test]
    fn wrong_contracts_are_typed_errors() {
        let ust = fixture(BondMarket::UsTreasury);
        let vx: ContractCode = "VXM24".parse().unwrap();
        assert!(matches!(
            ust.basket(&vx),
            Err(BasketError::NotABondFuture { .. })
        ));
        let t: ContractCode = "T2406".parse().unwrap();
        assert!(matches!(
            ust.basket(&t),
            Err(BasketError::MarketMismatch { .. })
        ));
    }

    #[test]
    fn duplicate_ids_and_monthly_coupons_are_rejected() {
        let csv = "code,coupon,frequency,issue_date,maturity\nA,4,12,2024-01-15,2026-01-15\n";
        let list = SecurityList::read(csv.as_bytes(), "s.csv").unwrap();
        assert!(matches!(
            DeliverableUniverse::from_securities(&list, BondMarket::UsTreasury),
            Err(BasketError::UnsupportedFrequency {
                coupons_per_year: 12,
                ..
            })
        ));
        let bond = Bond::us_treasury(0.04, Some(d(2024, 1, 15)), d(2026, 1, 15)).unwrap();
        let mk = || {
            Deliverable::new(
                "X",
                bond.clone(),
                d(2024, 1, 15),
                None,
                DeliverableSource::SecuritiesList,
            )
            .unwrap()
        };
        assert!(matches!(
            DeliverableUniverse::new(
                BondMarket::UsTreasury,
                DeliverableSource::SecuritiesList,
                "t",
                vec![mk(), mk()]
            ),
            Err(BasketError::DuplicateId { .. })
        ));
        assert!(
            Deliverable::new(
                "Y",
                bond,
                d(2026, 1, 15),
                None,
                DeliverableSource::SecuritiesList
            )
            .is_err()
        );
    }

    #[test]
    fn cbot_excluded_issue_leaves_the_three_2015_bond_contracts_only() {
        let bond = Bond::us_treasury(0.05375, Some(d(2001, 2, 15)), d(2031, 2, 15)).unwrap();
        let feb31 = Deliverable::new(
            "912810FP8",
            bond,
            d(2001, 2, 15),
            None,
            DeliverableSource::SecuritiesList,
        )
        .unwrap();
        let code = |s: &str| -> ContractCode { s.parse().unwrap() };
        // 16 years left from 2015-03-01: deliverable into USH15 (CME SER-7191 names only the
        // June, September and December 2015 contracts).
        assert!(feb31.is_eligible_for(&code("USH15")));
        for c in ["USM15", "USU15", "USZ15"] {
            assert!(!feb31.is_eligible_for(&code(c)), "{c}");
        }
        // A 10-year note maturing the same day is a different issue.
        let note = Bond::us_treasury(0.01125, Some(d(2021, 2, 15)), d(2031, 2, 15)).unwrap();
        let note = Deliverable::new(
            "N",
            note,
            d(2021, 2, 15),
            Some(120),
            DeliverableSource::SecuritiesList,
        )
        .unwrap();
        assert!(!CBOT_EXCLUDED_ISSUES[0].excludes(&code("USM15"), note.maturity(), 120));
        assert!(CBOT_EXCLUDED_ISSUES[0].excludes(&code("USM15"), d(2031, 2, 15), 360));
    }
}

//! Fidelity: how closely a price table's model prices follow real prices of the same
//! contracts on the same days — for one root, or for a DV01-neutral spread of roots.
//!
//! [`FidelityStats::from_pairs`] holds the statistics (pure arithmetic on paired
//! observations); [`compare`] pairs a [`PriceTable`] with real price files ([`RealPrices`]),
//! leaving out what cannot be compared, and says how much it left out ([`Fidelity`]).
//!
//! # What is compared
//! - **Levels**: on each day a leg's real row has a model price for the same contract (a
//!   quoted, not carried, table row), `e = M − R` (model minus real).
//! - **Daily changes**: between two consecutive rows of a leg's file on the same contract,
//!   `ΔM` and `ΔR` over the same two dates. A change across a contract switch (a roll day, a
//!   main-contract switch) is left out and counted in [`Fidelity::roll_days`]; so are rows
//!   after the contract's first notice day (thin delivery-month prints, counted in
//!   [`Fidelity::thin_rows`]), and days the model has no quote for (counted in
//!   [`Fidelity::no_model_days`]).
//!
//! # Spreads: weights from the model's DV01 of the previous day
//! For legs `i = 1..k` with signed ratios `rᵢ` (e.g. `1×FV−1×TY`: r = +1, −1) the spread's
//! daily change from day t−1 to t is
//!
//! ```text
//! nᵢ = rᵢ · D₁(t−1) / Dᵢ(t−1)               contracts of leg i per contract of leg 1
//! ΔS = Σᵢ nᵢ · PVᵢ · ΔPᵢ / PV₁              in points of leg 1's contract
//! eS = Σᵢ nᵢ · PVᵢ · (Mᵢ(t) − Rᵢ(t)) / PV₁  level error on day t, same weights
//! ```
//!
//! where `Dᵢ(t−1)` is the model DV01 per contract of leg i's contract on day t−1 (currency per
//! bp, from the table), `PVᵢ` its point value (currency per point) and `ΔPᵢ` the change of its
//! model price (for ΔS_model) or real price (for ΔS_real): the **same weights** apply to both,
//! so the comparison measures the prices, not the hedge ratio. With `|rᵢ| = 1` the spread has
//! zero net DV01 (DV01-neutral). A day enters only when every leg has a change that day.
//! Legs must share a currency.
//!
//! # References
//! - Pearson correlation and the OLS slope: W. H. Greene, *Econometric Analysis*, 7th ed.,
//!   §3.2 (least squares with a constant term) and appendix B.8 (correlation).
//! - Tracking error as the root mean square of return differences: R. Roll, "A Mean/Variance
//!   Analysis of Tracking Error", *Journal of Portfolio Management* 18(4), 1992, pp. 13–22.
//! - DV01-neutral spread weights: D. Tuckman and A. Serrat, *Fixed Income Securities*, 3rd
//!   ed., ch. 4 ("hedging with DV01").

use crate::contract::ContractCode;
use crate::data::RealPrices;
use crate::market::{InstrumentId, PriceTable};
use crate::units::Currency;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What can go wrong comparing a table with real prices.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FidelityError {
    /// Nothing to compare: no day on which model and real prices meet (or fewer than two
    /// daily changes for the change statistics).
    #[error("expected at least {needed} paired {what}, found {found}")]
    TooFew {
        /// `"levels"` or `"daily changes"`.
        what: &'static str,
        /// How many are needed.
        needed: usize,
        /// How many there are.
        found: usize,
    },
    /// No real row in the range has a model price for the same contract that day (the root
    /// is not priced there, or the files and the range do not meet).
    #[error(
        "expected model prices on the days of the real prices, found none: {real_rows} real rows in range, {no_model_days} without a model price, {thin_rows} thin delivery-month rows"
    )]
    NoOverlap {
        /// Real rows in the range.
        real_rows: usize,
        /// Of these, rows without a model price.
        no_model_days: usize,
        /// Of these, rows after first notice.
        thin_rows: usize,
    },
    /// A paired value that is not finite.
    #[error("expected finite {what}, found {value} at index {index}")]
    NotFinite {
        /// What the value is.
        what: &'static str,
        /// Zero-based index of the pair.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A spread whose legs and real files do not match one to one.
    #[error("expected one real price file per leg ({legs} legs), found {files}")]
    LegCount {
        /// Legs of the spread.
        legs: usize,
        /// Files given.
        files: usize,
    },
    /// A spread leg's file holds several contracts on one date: the leg's series is
    /// ambiguous.
    #[error(
        "{file}: expected one contract per date for a spread leg, found {first} and {second} on {date}"
    )]
    SeveralContractsPerDate {
        /// The file.
        file: String,
        /// The date.
        date: NaiveDate,
        /// One contract.
        first: ContractCode,
        /// Another.
        second: ContractCode,
    },
    /// Spread legs in different currencies.
    #[error("expected spread legs in one currency, found {first} and {second}")]
    MixedCurrencies {
        /// The first leg's currency.
        first: Currency,
        /// Another leg's.
        second: Currency,
    },
    /// A spread leg without a model DV01 on a day its weight needs one.
    #[error("expected a model DV01 of {contract} on {date} to weight the spread, found none")]
    NoDv01 {
        /// The contract.
        contract: ContractCode,
        /// The day.
        date: NaiveDate,
    },
}

/// One paired observation: the model's figure and the real one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// The model's value.
    pub model: f64,
    /// The real value.
    pub real: f64,
}

/// How closely model prices follow real ones: level error and daily-change statistics.
///
/// # Formula
/// ```text
/// level_mean        = (1/N) Σ eₜ                      eₜ = Mₜ − Rₜ  (model − real, points)
/// level_mad         = (1/N) Σ |eₜ|                    mean absolute difference (points)
/// corr_daily_change = Σ (xₜ − x̄)(yₜ − ȳ) / √(Σ (xₜ − x̄)² · Σ (yₜ − ȳ)²)
/// beta_real_on_model = Σ (xₜ − x̄)(yₜ − ȳ) / Σ (xₜ − x̄)²    OLS slope of y on x with a constant
/// tracking_ratio    = √((1/n) Σ (xₜ − yₜ)²) / √((1/n) Σ yₜ²)
/// ```
/// with `xₜ = ΔMₜ` the model's daily change and `yₜ = ΔRₜ` the real one (points), N level
/// pairs and n change pairs.
///
/// # Conventions
/// A positive `level_mean` means the model is too high. `beta_real_on_model` below 1 means the
/// model moves too much (real moves are smaller than the model's); `tracking_ratio` is 0 for a
/// perfect model and about 1 for a model that explains none of the real moves (√2 for an
/// independent one of the same size). Changes are not annualised.
///
/// # References
/// Greene, *Econometric Analysis*, 7th ed., §3.2 and appendix B.8 (slope and correlation);
/// Roll, "A Mean/Variance Analysis of Tracking Error", *Journal of Portfolio Management*
/// 18(4), 1992 (tracking error as the RMS of return differences).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct FidelityStats {
    /// Level pairs N.
    pub days: usize,
    /// Daily-change pairs n.
    pub changes: usize,
    /// Mean level error, model − real (points).
    pub level_mean: f64,
    /// Mean absolute level error (points).
    pub level_mad: f64,
    /// Correlation of daily changes; `None` when either side never moves.
    pub corr_daily_change: Option<f64>,
    /// Slope of real daily changes on model daily changes; `None` when the model never moves.
    pub beta_real_on_model: Option<f64>,
    /// RMS of daily-change errors over RMS of real daily changes; `None` when the real price
    /// never moves.
    pub tracking_ratio: Option<f64>,
}

impl FidelityStats {
    /// The statistics of paired levels and paired daily changes (see the type docs).
    ///
    /// # Errors
    /// [`FidelityError::TooFew`] with no level pair or fewer than two change pairs;
    /// [`FidelityError::NotFinite`] for a NaN or infinite value.
    ///
    /// # Examples
    /// ```
    /// use spreadtrade::pricing::{FidelityStats, Pair};
    ///
    /// let p = |model, real| Pair { model, real };
    /// let levels = [p(101.0, 100.0), p(99.0, 100.0), p(102.0, 100.0)];
    /// // The real price moves by half the model's move every day.
    /// let changes = [p(1.0, 0.5), p(-2.0, -1.0), p(0.5, 0.25)];
    /// let s = FidelityStats::from_pairs(&levels, &changes)?;
    /// assert!((s.level_mean - 2.0 / 3.0).abs() < 1e-12);
    /// assert!((s.level_mad - 4.0 / 3.0).abs() < 1e-12);
    /// assert!((s.corr_daily_change.unwrap() - 1.0).abs() < 1e-12);
    /// assert!((s.beta_real_on_model.unwrap() - 0.5).abs() < 1e-12);
    /// assert!((s.tracking_ratio.unwrap() - 1.0).abs() < 1e-12);
    /// # Ok::<(), spreadtrade::pricing::FidelityError>(())
    /// ```
    pub fn from_pairs(levels: &[Pair], changes: &[Pair]) -> Result<Self, FidelityError> {
        for (what, pairs) in [("levels", levels), ("daily changes", changes)] {
            for (index, p) in pairs.iter().enumerate() {
                for value in [p.model, p.real] {
                    if !value.is_finite() {
                        return Err(FidelityError::NotFinite { what, index, value });
                    }
                }
            }
        }
        if levels.is_empty() {
            return Err(FidelityError::TooFew {
                what: "levels",
                needed: 1,
                found: 0,
            });
        }
        if changes.len() < 2 {
            return Err(FidelityError::TooFew {
                what: "daily changes",
                needed: 2,
                found: changes.len(),
            });
        }
        let big_n = levels.len() as f64;
        let level_mean = levels.iter().map(|p| p.model - p.real).sum::<f64>() / big_n;
        let level_mad = levels.iter().map(|p| (p.model - p.real).abs()).sum::<f64>() / big_n;
        let n = changes.len() as f64;
        let x_bar = changes.iter().map(|p| p.model).sum::<f64>() / n;
        let y_bar = changes.iter().map(|p| p.real).sum::<f64>() / n;
        let (mut sxy, mut sxx, mut syy, mut se2, mut sy2) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for p in changes {
            let (dx, dy) = (p.model - x_bar, p.real - y_bar);
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
            se2 += (p.model - p.real) * (p.model - p.real);
            sy2 += p.real * p.real;
        }
        let ratio = |num: f64, den: f64| (den > 0.0).then(|| num / den).filter(|v| v.is_finite());
        Ok(FidelityStats {
            days: levels.len(),
            changes: changes.len(),
            level_mean,
            level_mad,
            corr_daily_change: ratio(sxy, (sxx * syy).sqrt()),
            beta_real_on_model: ratio(sxy, sxx),
            tracking_ratio: ratio((se2 / n).sqrt(), (sy2 / n).sqrt()),
        })
    }
}

/// A fidelity comparison: the statistics and what was left out.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Fidelity {
    /// The statistics.
    pub stats: FidelityStats,
    /// First and last date compared.
    pub first: NaiveDate,
    /// Last date compared.
    pub last: NaiveDate,
    /// Changes left out because the contract switched (roll days), over all legs.
    pub roll_days: usize,
    /// Rows left out as thin delivery-month prints (after the contract's first notice day).
    pub thin_rows: usize,
    /// Real rows (in range) for which the model has no quote that day.
    pub no_model_days: usize,
    /// The contracts compared, per leg, in order.
    pub contracts: Vec<Vec<ContractCode>>,
}

/// One leg's usable real observations: date → (contract, real price, model price, model
/// DV01 per contract).
type LegDays = BTreeMap<NaiveDate, Obs>;

#[derive(Debug, Clone, Copy)]
struct Obs {
    contract: ContractCode,
    real: f64,
    model: f64,
    dv01: Option<f64>,
    point_value: f64,
}

/// Compares `table`'s prices with real prices, for one root (`ratios = [1.0]`, one file) or a
/// spread of roots (one file per leg, in leg order), over `from..=to` (see the module docs).
///
/// # Errors
/// [`FidelityError::LegCount`], [`FidelityError::NoOverlap`] (a leg with no model price on
/// any of its real days), [`FidelityError::SeveralContractsPerDate`] (spreads only),
/// [`FidelityError::MixedCurrencies`], [`FidelityError::NoDv01`], and as
/// [`FidelityStats::from_pairs`] (too few observations).
pub fn compare(
    table: &PriceTable,
    ratios: &[f64],
    real: &[&RealPrices],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Fidelity, FidelityError> {
    if ratios.len() != real.len() || real.is_empty() {
        return Err(FidelityError::LegCount {
            legs: ratios.len(),
            files: real.len(),
        });
    }
    let mut roll_days = 0;
    let mut thin_rows = 0;
    let mut no_model_days = 0;
    // Per leg: the usable observations, and (for one leg) per-contract change pairs.
    let mut legs: Vec<Vec<(NaiveDate, Obs, bool)>> = Vec::new();
    let mut contracts = Vec::new();
    for file in real {
        let mut rows: Vec<(NaiveDate, Obs, bool)> = Vec::new();
        let mut seen: Vec<ContractCode> = Vec::new();
        for row in file.rows.iter().filter(|r| (from..=to).contains(&r.date)) {
            if let Ok(d) = row.contract.dates()
                && d.first_notice_day.is_some_and(|f| row.date > f)
            {
                thin_rows += 1;
                continue;
            }
            let Some(obs) = model_obs(table, row.contract, row.date, row.price) else {
                no_model_days += 1;
                continue;
            };
            if !seen.contains(&row.contract) {
                seen.push(row.contract);
            }
            rows.push((row.date, obs, row.switch));
        }
        contracts.push(seen);
        legs.push(rows);
    }
    let mut levels = Vec::new();
    let mut changes = Vec::new();
    if legs.len() == 1 {
        // One leg: every (contract, day) is a level; changes between consecutive rows of the
        // same contract, unless the file marks a switch in between.
        let mut last: BTreeMap<ContractCode, (Obs, usize)> = BTreeMap::new();
        for (i, &(_, obs, switch)) in legs[0].iter().enumerate() {
            levels.push(Pair {
                model: obs.model,
                real: obs.real,
            });
            match last.get(&obs.contract) {
                Some(&(prev, _)) if !switch => changes.push(Pair {
                    model: obs.model - prev.model,
                    real: obs.real - prev.real,
                }),
                _ => roll_days += usize::from(i > 0),
            }
            last.insert(obs.contract, (obs, i));
        }
    } else {
        let mut days: Vec<LegDays> = Vec::new();
        let mut switches: Vec<BTreeMap<NaiveDate, bool>> = Vec::new();
        for (file, rows) in real.iter().zip(&legs) {
            let mut m = LegDays::new();
            let mut s = BTreeMap::new();
            for &(date, obs, switch) in rows {
                if let Some(prev) = m.insert(date, obs) {
                    return Err(FidelityError::SeveralContractsPerDate {
                        file: file.file.clone(),
                        date,
                        first: prev.contract,
                        second: obs.contract,
                    });
                }
                s.insert(date, switch);
            }
            days.push(m);
            switches.push(s);
        }
        let currency = |o: &Obs| o.contract.spec().currency;
        // Dates where every leg has an observation, in order.
        let common: Vec<NaiveDate> = days[0]
            .keys()
            .copied()
            .filter(|d| days.iter().all(|m| m.contains_key(d)))
            .collect();
        for w in common.windows(2) {
            let (t0, t1) = (w[0], w[1]);
            let mut today = Vec::with_capacity(days.len());
            let mut rolled = false;
            for (m, s) in days.iter().zip(&switches) {
                let (a, b) = (m[&t0], m[&t1]);
                rolled |= a.contract != b.contract || s.get(&t1).copied().unwrap_or(false);
                today.push((a, b));
            }
            if rolled {
                roll_days += 1;
                continue;
            }
            let first = today[0].0;
            let d_ref = first.dv01.ok_or(FidelityError::NoDv01 {
                contract: first.contract,
                date: t0,
            })?;
            let (mut dm, mut dr, mut em, mut er) = (0.0, 0.0, 0.0, 0.0);
            for (&(a, b), &ratio) in today.iter().zip(ratios) {
                if currency(&a) != currency(&first) {
                    return Err(FidelityError::MixedCurrencies {
                        first: currency(&first),
                        second: currency(&a),
                    });
                }
                let d_i = a.dv01.filter(|d| *d != 0.0).ok_or(FidelityError::NoDv01 {
                    contract: a.contract,
                    date: t0,
                })?;
                // nᵢ · PVᵢ / PV₁ (module docs).
                let w = ratio * d_ref / d_i * a.point_value / first.point_value;
                dm += w * (b.model - a.model);
                dr += w * (b.real - a.real);
                em += w * b.model;
                er += w * b.real;
            }
            changes.push(Pair {
                model: dm,
                real: dr,
            });
            levels.push(Pair {
                model: em,
                real: er,
            });
        }
    }
    if legs.iter().any(Vec::is_empty) {
        return Err(FidelityError::NoOverlap {
            real_rows: real
                .iter()
                .map(|f| {
                    f.rows
                        .iter()
                        .filter(|r| (from..=to).contains(&r.date))
                        .count()
                })
                .sum(),
            no_model_days,
            thin_rows,
        });
    }
    let stats = FidelityStats::from_pairs(&levels, &changes)?;
    let dates = legs.iter().flatten().map(|r| r.0);
    let (first, last) = (
        dates.clone().min().unwrap_or(from),
        dates.max().unwrap_or(to),
    );
    Ok(Fidelity {
        stats,
        first,
        last,
        roll_days,
        thin_rows,
        no_model_days,
        contracts,
    })
}

/// The model's quoted (not carried) price and DV01 of `contract` on `date`, with the real
/// price.
fn model_obs(
    table: &PriceTable,
    contract: ContractCode,
    date: NaiveDate,
    real: f64,
) -> Option<Obs> {
    let id: InstrumentId = table.find_contract(&contract)?;
    let day = table.dates().binary_search(&date).ok()?;
    if !table.traded(id, day) {
        return None;
    }
    Some(Obs {
        contract,
        real,
        model: table.price(id, day)?,
        dv01: table.dv01(id, day),
        point_value: table.instrument(id).point_value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Root;
    use crate::data::{RealFileOptions, RealPrices};
    use crate::market::{DayQuote, PriceSource, PriceTableBuilder};

    fn p(model: f64, real: f64) -> Pair {
        Pair { model, real }
    }

    #[test]
    fn statistics_match_hand_computed_values() {
        // Changes x = (1, −1, 2, 0), y = (1, 0, 1, −1); x̄ = 0.5, ȳ = 0.25,
        // dx = (0.5, −1.5, 1.5, −0.5), dy = (0.75, −0.25, 0.75, −1.25)
        // Σdxdy = 0.375 + 0.375 + 1.125 + 0.625 = 2.5; Σdx² = 0.25+2.25+2.25+0.25 = 5;
        // Σdy² = 0.5625+0.0625+0.5625+1.5625 = 2.75.
        // corr = 2.5/√(5·2.75) = 0.674199862…; beta = 0.5.
        // Σ(x−y)² = 0+1+1+1 = 3, Σy² = 3: tracking ratio = 1.
        let changes = [p(1.0, 1.0), p(-1.0, 0.0), p(2.0, 1.0), p(0.0, -1.0)];
        let levels = [p(100.5, 100.0), p(99.0, 100.0)];
        let s = FidelityStats::from_pairs(&levels, &changes).unwrap();
        assert_eq!((s.days, s.changes), (2, 4));
        assert!((s.level_mean - (-0.25)).abs() < 1e-12);
        assert!((s.level_mad - 0.75).abs() < 1e-12);
        assert!((s.corr_daily_change.unwrap() - 0.674_199_862_463_242_5).abs() < 1e-12);
        assert!((s.beta_real_on_model.unwrap() - 0.5).abs() < 1e-12);
        assert!((s.tracking_ratio.unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn degenerate_inputs() {
        // A model that never moves: no correlation, no beta; the tracking ratio is 1.
        let s = FidelityStats::from_pairs(&[p(1.0, 1.0)], &[p(0.0, 1.0), p(0.0, -1.0)]).unwrap();
        assert_eq!((s.corr_daily_change, s.beta_real_on_model), (None, None));
        assert_eq!(s.tracking_ratio, Some(1.0));
        assert!(matches!(
            FidelityStats::from_pairs(&[], &[p(0.0, 1.0), p(0.0, 1.0)]),
            Err(FidelityError::TooFew { what: "levels", .. })
        ));
        assert!(matches!(
            FidelityStats::from_pairs(&[p(1.0, 1.0)], &[p(0.0, 1.0)]),
            Err(FidelityError::TooFew { found: 1, .. })
        ));
        assert!(matches!(
            FidelityStats::from_pairs(&[p(f64::NAN, 1.0)], &[p(0.0, 1.0), p(0.0, 1.0)]),
            Err(FidelityError::NotFinite { .. })
        ));
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// A table of TYM24 and FVM24 over five days with hand-set prices and DV01s.
    fn table() -> PriceTable {
        let dates: Vec<NaiveDate> = (1..=5).map(|dd| d(2024, 4, dd)).collect();
        let mut b = PriceTableBuilder::new(&dates);
        let add = |b: &mut PriceTableBuilder, code: &str, prices: [f64; 5], dv01: f64| {
            let quotes: Vec<DayQuote> = prices
                .iter()
                .enumerate()
                .map(|(day, &price)| DayQuote {
                    day,
                    price,
                    dv01: Some(dv01),
                    ctd: None,
                })
                .collect();
            b.add_future(code.parse().unwrap(), PriceSource::CurveImplied, &quotes)
                .unwrap();
        };
        add(&mut b, "TYM24", [110.0, 110.5, 110.25, 111.0, 111.0], 80.0);
        add(&mut b, "FVM24", [106.0, 106.25, 106.0, 106.5, 106.5], 40.0);
        b.build()
    }

    fn front(csv: &str, root: Root) -> RealPrices {
        RealPrices::read(csv.as_bytes(), "r.csv", &RealFileOptions::for_root(root)).unwrap()
    }

    #[test]
    fn one_leg_pairs_levels_and_changes() {
        let t = table();
        let real = front(
            "Date,Close\n2024-04-01,110.0\n2024-04-02,110.25\n2024-04-03,110.25\n2024-04-04,110.75\n",
            Root::TY,
        );
        let f = compare(&t, &[1.0], &[&real], d(2024, 4, 1), d(2024, 4, 30)).unwrap();
        // Levels e = (0, 0.25, 0, 0.25); changes model (0.5, −0.25, 0.75), real (0.25, 0, 0.5).
        assert_eq!((f.stats.days, f.stats.changes), (4, 3));
        assert!((f.stats.level_mean - 0.125).abs() < 1e-12);
        assert_eq!(
            f.contracts,
            vec![vec!["TYM24".parse::<ContractCode>().unwrap()]]
        );
        // x̄ = 1/3, ȳ = 0.25: dx = (1/6, −7/12, 5/12), dy = (0, −0.25, 0.25);
        // Σdxdy = 7/48 + 5/48 = 0.25, Σdx² = (4+49+25)/144 = 78/144: beta = 0.25·144/78.
        assert!((f.stats.beta_real_on_model.unwrap() - 36.0 / 78.0).abs() < 1e-12);
    }

    #[test]
    fn spread_weights_use_the_previous_days_dv01() {
        let t = table();
        let fv = front(
            "Date,Close\n2024-04-01,106.0\n2024-04-02,106.5\n2024-04-03,106.0\n",
            Root::FV,
        );
        let ty = front(
            "Date,Close\n2024-04-01,110.0\n2024-04-02,110.5\n2024-04-03,110.0\n",
            Root::TY,
        );
        let f = compare(&t, &[1.0, -1.0], &[&fv, &ty], d(2024, 4, 1), d(2024, 4, 30)).unwrap();
        // w_TY = −1 · 40/80 · 1000/1000 = −0.5.
        // Model ΔS: 0.25 − 0.5·0.5 = 0, −0.25 − 0.5·(−0.25) = −0.125.
        // Real ΔS: 0.5 − 0.5·0.5 = 0.25, −0.5 − 0.5·(−0.5) = −0.25.
        assert_eq!(f.stats.changes, 2);
        // x = (0, −0.125), y = (0.25, −0.25): beta = Σdxdy/Σdx² = (0.0625·0.25·2)/(2·0.0625²)
        assert!((f.stats.beta_real_on_model.unwrap() - 4.0).abs() < 1e-12);
        // Level errors with the previous day's weights: (106.25 − 106.5) − 0.5·(110.5 − 110.5)
        // = −0.25 and (106.0 − 106.0) − 0.5·(110.25 − 110.0) = −0.125.
        assert!((f.stats.level_mean - (-0.1875)).abs() < 1e-12);
        // One file per leg.
        assert!(matches!(
            compare(&t, &[1.0, -1.0], &[&fv], d(2024, 4, 1), d(2024, 4, 30)),
            Err(FidelityError::LegCount { .. })
        ));
    }
}

//! The full delivery analysis of one contract on one date: the basis table from given bond
//! prices (spec §5.6).

use super::{ContractPricer, check_repo, day_number};
use crate::basket::delivery::check_positive;
use crate::basket::{BasisInputs, BasketError, MoneyMarketBasis, forward_futures_dv01};
use crate::basket::{model_yield, repo_from_curve};
use crate::bond::BondError;
use crate::contract::ContractCode;
use crate::curve::ParCurve;
use chrono::NaiveDate;

/// A bond's price as given to [`ContractPricer::analyse`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum BondPrice {
    /// A clean price per 100 face.
    Clean(f64),
    /// A yield (decimal) under the bond's market convention.
    Yield(f64),
}

/// One deliverable's row of a [`DeliveryAnalysis`].
#[derive(Debug, Clone, PartialEq)]
pub struct BasisRow {
    /// Index of the bond in the pricer's basket.
    pub index: usize,
    /// The deliverable's identifier.
    pub id: String,
    /// Annual coupon (decimal).
    pub coupon_rate: f64,
    /// Maturity date.
    pub maturity: NaiveDate,
    /// Yield at settlement (decimal, the bond's market convention).
    pub yield_rate: f64,
    /// The inputs of the basis formulas (clean price, accruals, CF, interim coupons).
    pub inputs: BasisInputs,
    /// Forward clean price at delivery at the repo rate.
    pub forward_clean: f64,
    /// Gross basis at the futures price.
    pub gross_basis: f64,
    /// Carry at the repo rate.
    pub carry: f64,
    /// Net basis at the futures price and repo rate.
    pub net_basis: f64,
    /// Implied repo rate at the futures price (decimal), where defined.
    pub implied_repo: Option<f64>,
}

/// The delivery analysis of a contract on one settlement date (spec §5.6).
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryAnalysis {
    /// The contract.
    pub contract: ContractCode,
    /// Spot settlement date.
    pub settlement: NaiveDate,
    /// Delivery date (CBOT last delivery day, CFFEX payment day).
    pub delivery: NaiveDate,
    /// Repo rate (decimal, money-market basis).
    pub repo_rate: f64,
    /// The repo basis.
    pub basis: MoneyMarketBasis,
    /// The futures price the basis columns use: the one given, or the fair price.
    pub futures_price: f64,
    /// The fair price: the minimum over deliverables of forward clean / CF.
    pub fair_price: f64,
    /// The deliverables outstanding on the settlement date.
    pub rows: Vec<BasisRow>,
    /// Position in `rows` of the cheapest-to-deliver at `futures_price` (highest implied
    /// repo; at the fair price also the lowest net basis).
    pub ctd: usize,
    /// The CTD's futures-implied yield at delivery (decimal).
    pub ctd_forward_yield: f64,
    /// Futures DV01 per contract (forward, [`forward_futures_dv01`]) in the contract currency.
    pub futures_dv01: f64,
    /// Futures DV01 per contract from the CTD's DV01 at settlement at its yield there
    /// ([`futures_dv01_spot_proxy`](crate::basket::futures_dv01_spot_proxy)).
    pub futures_dv01_spot_proxy: f64,
}

impl DeliveryAnalysis {
    /// The cheapest-to-deliver's row (always present in an analysis from
    /// [`ContractPricer::analyse`]; `None` only for one assembled by hand with `ctd` outside
    /// `rows`).
    pub fn ctd_row(&self) -> Option<&BasisRow> {
        self.rows.get(self.ctd)
    }
}

impl<'u> ContractPricer<'u> {
    /// The model yields of the basket on `settlement` off `curve` ([`model_yield`]); `None`
    /// for bonds not outstanding then.
    ///
    /// # Errors
    /// [`BasketError::Curve`] for a maturity the curve does not answer.
    pub fn model_yields(
        &self,
        settlement: NaiveDate,
        curve: &ParCurve,
    ) -> Result<Vec<Option<BondPrice>>, BasketError> {
        self.bonds
            .iter()
            .map(|b| {
                if b.deliverable.is_outstanding_on(settlement) {
                    let bond = b.deliverable.bond();
                    model_yield(curve, settlement, bond.maturity(), bond.frequency())
                        .map(|y| Some(BondPrice::Yield(y)))
                } else {
                    Ok(None)
                }
            })
            .collect()
    }

    /// The full delivery analysis on `settlement` from given bond prices (one per basket bond,
    /// `None` to leave a bond out; bonds not outstanding on `settlement` are always left out),
    /// a repo rate and optionally a futures price (default: the fair price).
    ///
    /// # Formula
    /// ```text
    /// per bond:  BasisInputs (P, AI_s, AI_T, CF, τ, ΣC, ΣC·dcf) → gross basis, carry, net basis,
    ///            implied repo at F, forward clean at r
    /// fair F*  = min_i FwdClean_i(r) / CF_i
    /// F        = given price, else F*
    /// CTD      = argmax_i IRR_i(F)                    (ties: the earlier maturity)
    /// DV01_fut = forward_futures_dv01(CTD, F)
    /// ```
    ///
    /// # Conventions
    /// As [`BasisInputs`] and [`forward_futures_dv01`]; repo on [`ContractPricer::basis`].
    ///
    /// # References
    /// Spec §5.6 (basis, carry, net basis, implied repo, CTD) and §5.4 (futures DV01).
    ///
    /// # Errors
    /// [`BasketError::PriceCount`] if `prices` is not one per basket bond;
    /// [`BasketError::SettlementNotBeforeDelivery`]; [`BasketError::InvalidInput`] for a bad
    /// repo rate, futures price or clean price; [`BasketError::EmptyBasket`] when no bond is
    /// left; [`BasketError::Bond`] for a bond that cannot be settled, priced or solved.
    pub fn analyse(
        &self,
        settlement: NaiveDate,
        prices: &[Option<BondPrice>],
        repo_rate: f64,
        futures_price: Option<f64>,
    ) -> Result<DeliveryAnalysis, BasketError> {
        if prices.len() != self.bonds.len() {
            return Err(BasketError::PriceCount {
                expected: self.bonds.len(),
                found: prices.len(),
            });
        }
        let s = day_number(settlement);
        self.check_settlement(settlement, s)?;
        check_repo(repo_rate)?;
        if let Some(f) = futures_price {
            check_positive("futures price", f)?;
        }
        let mut rows = Vec::new();
        for (i, (b, price)) in self.bonds.iter().zip(prices).enumerate() {
            let Some(price) = price else { continue };
            if !b.deliverable.is_outstanding_on(settlement) {
                continue;
            }
            let bond = b.deliverable.bond();
            let bond_err = |source: BondError| BasketError::Bond {
                id: b.deliverable.id().to_owned(),
                source,
            };
            let at = bond.settle(settlement).map_err(bond_err)?;
            let (clean, yield_rate) = match *price {
                BondPrice::Clean(p) => {
                    check_positive("clean price", p)?;
                    (p, at.yield_from_clean_price(p).map_err(bond_err)?)
                }
                BondPrice::Yield(y) => (at.clean_price(y).map_err(bond_err)?, y),
            };
            let (coupons, coupon_years) = self.interim(b, s);
            let inputs = BasisInputs {
                clean_price: clean,
                accrued_settlement: at.accrued_interest(),
                accrued_delivery: b.accrued_delivery,
                conversion_factor: b.conversion_factor,
                financing_years: (self.delivery_day - s) as f64 / self.basis.days_per_year(),
                interim_coupons: coupons,
                interim_coupon_years: coupon_years,
            };
            rows.push(BasisRow {
                index: i,
                id: b.deliverable.id().to_owned(),
                coupon_rate: bond.coupon_rate(),
                maturity: bond.maturity(),
                yield_rate,
                inputs,
                forward_clean: inputs.forward_clean_price(repo_rate),
                gross_basis: 0.0,
                carry: inputs.carry(repo_rate),
                net_basis: 0.0,
                implied_repo: None,
            });
        }
        let fair_price = rows
            .iter()
            .map(|r| r.forward_clean / r.inputs.conversion_factor)
            .min_by(f64::total_cmp)
            .ok_or(BasketError::EmptyBasket {
                contract: self.code,
                date: settlement,
            })?;
        let f = futures_price.unwrap_or(fair_price);
        let mut ctd = 0;
        let mut best_irr = f64::NEG_INFINITY;
        for (k, r) in rows.iter_mut().enumerate() {
            r.gross_basis = r.inputs.gross_basis(f);
            r.net_basis = r.inputs.net_basis(f, repo_rate);
            r.implied_repo = r.inputs.implied_repo(f);
            if let Some(irr) = r.implied_repo
                && irr > best_irr
            {
                best_irr = irr;
                ctd = k;
            }
        }
        // `rows` is non-empty (the fair price exists) and `ctd` indexes it.
        let row = &rows[ctd];
        let b = &self.bonds[row.index];
        let bond_err = |source: BondError| BasketError::Bond {
            id: b.deliverable.id().to_owned(),
            source,
        };
        let (ctd_forward_yield, futures_dv01) = forward_futures_dv01(
            &b.at_delivery,
            f,
            b.conversion_factor,
            b.accrued_delivery,
            self.face,
        )
        .map_err(bond_err)?;
        let spot_dv01_100 = b
            .deliverable
            .bond()
            .settle(settlement)
            .and_then(|at| at.dv01(row.yield_rate))
            .map_err(bond_err)?;
        let futures_dv01_spot_proxy = spot_dv01_100 / b.conversion_factor * (self.face / 100.0);
        Ok(DeliveryAnalysis {
            contract: self.code,
            settlement,
            delivery: self.delivery,
            repo_rate,
            basis: self.basis,
            futures_price: f,
            fair_price,
            rows,
            ctd,
            ctd_forward_yield,
            futures_dv01,
            futures_dv01_spot_proxy,
        })
    }

    /// [`ContractPricer::analyse`] with the curve-implied model: bond yields from
    /// [`model_yield`], the repo rate from [`repo_from_curve`] (U.S. Treasuries) or
    /// [`cgb_financing_rate`](crate::basket::cgb_financing_rate) (CGBs) unless one is given.
    ///
    /// # Errors
    /// As [`ContractPricer::model_yields`], [`repo_from_curve`] and [`ContractPricer::analyse`].
    pub fn analyse_curve(
        &self,
        settlement: NaiveDate,
        curve: &ParCurve,
        repo_rate: Option<f64>,
        futures_price: Option<f64>,
    ) -> Result<DeliveryAnalysis, BasketError> {
        let prices = self.model_yields(settlement, curve)?;
        let repo = match repo_rate {
            Some(r) => r,
            // CGB contracts are financed at the 1-year CGB yield (`basket::financing`).
            None if self.market() == Some(crate::basket::BondMarket::ChinaGovernment) => {
                super::super::cgb_financing_rate(curve)?
            }
            None => repo_from_curve(curve, self.basis)?,
        };
        self.analyse(settlement, &prices, repo, futures_price)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basket::BondMarket;
    use crate::bond::Bond;
    use crate::curve::CouponFrequency;
    use crate::tolerance::BASIS_FORMULA_ABS;

    use crate::basket::pricer::test_support::{d, fixture, flat};

    #[test]
    fn analyse_rows_match_the_basis_inputs_of_each_bond() {
        // TYM24 over the fixture's six notes on 2024-04-16, flat 4.5%: each row's inputs are
        // what BasisInputs::for_bond computes for the same bond and dates.
        let u = fixture(BondMarket::UsTreasury);
        let p = ContractPricer::new("TYM24".parse().unwrap(), &u).unwrap();
        assert_eq!((p.len(), p.delivery_date()), (6, d(2024, 6, 28)));
        let date = d(2024, 4, 16);
        let curve = flat(date, 0.045, CouponFrequency::SemiAnnual);
        let a = p.analyse_curve(date, &curve, Some(0.05), None).unwrap();
        assert_eq!(a.rows.len(), 6);
        for r in &a.rows {
            let bond = p.deliverable(r.index).unwrap().bond();
            let cf = p.conversion_factor(r.index).unwrap();
            let b = BasisInputs::for_bond(
                bond,
                date,
                d(2024, 6, 28),
                MoneyMarketBasis::Act360,
                cf,
                r.inputs.clean_price,
            )
            .unwrap();
            assert!((b.accrued_settlement - r.inputs.accrued_settlement).abs() < BASIS_FORMULA_ABS);
            assert!((b.accrued_delivery - r.inputs.accrued_delivery).abs() < BASIS_FORMULA_ABS);
            assert_eq!(b.interim_coupons, r.inputs.interim_coupons);
            assert!(
                (b.interim_coupon_years - r.inputs.interim_coupon_years).abs() < BASIS_FORMULA_ABS
            );
            assert!((r.yield_rate - 0.045).abs() < BASIS_FORMULA_ABS);
        }
        // Only the 2.875% 2032-05-15 pays between 04-16 and 06-28: 1.4375 on 2024-05-15, 44
        // days before delivery.
        for r in &a.rows {
            if r.id == "UST-2.875-2032-05-15" {
                assert_eq!(r.inputs.interim_coupons, 1.4375);
                assert!(
                    (r.inputs.interim_coupon_years - 1.4375 * 44.0 / 360.0).abs()
                        < BASIS_FORMULA_ABS
                );
            } else {
                assert_eq!(r.inputs.interim_coupons, 0.0, "{}", r.id);
            }
        }
    }

    #[test]
    fn interim_coupons_before_delivery_are_counted() {
        // TUM24 (delivery 2024-07-03): the 4.625% 2026-03-15 pays 2.3125 on 2024-09-15 (after),
        // the 4.875% 2026-05-31 pays on 2024-05-31 (before delivery, after 2024-04-16).
        let u = fixture(BondMarket::UsTreasury);
        let p = ContractPricer::new("TUM24".parse().unwrap(), &u).unwrap();
        let date = d(2024, 4, 16);
        let curve = flat(date, 0.049, CouponFrequency::SemiAnnual);
        let a = p.analyse_curve(date, &curve, Some(0.053), None).unwrap();
        let may = a.rows.iter().find(|r| r.id == "UST-4.875-2026-05-31");
        // Issued 2024-05-31: not outstanding on 2024-04-16.
        assert!(may.is_none());
        let later = p
            .analyse_curve(d(2024, 5, 1), &curve, Some(0.053), None)
            .unwrap();
        assert!(later.rows.iter().all(|r| r.inputs.interim_coupons == 0.0));
        let march31 = a
            .rows
            .iter()
            .find(|r| r.id == "UST-4.500-2026-03-31")
            .unwrap();
        assert_eq!(march31.inputs.interim_coupons, 0.0);
        // 3.75% 2026-04-15 settled 2024-04-10 has its 2024-04-15 coupon in (s, T].
        let early = flat(d(2024, 4, 10), 0.049, CouponFrequency::SemiAnnual);
        let b = p
            .analyse_curve(d(2024, 4, 10), &early, Some(0.053), None)
            .unwrap();
        let apr = b
            .rows
            .iter()
            .find(|r| r.id == "UST-3.750-2026-04-15")
            .unwrap();
        assert_eq!(apr.inputs.interim_coupons, 1.875);
        assert!((apr.inputs.interim_coupon_years - 1.875 * 79.0 / 360.0).abs() < BASIS_FORMULA_ABS);
    }

    #[test]
    fn cffex_delivery_accrual_is_the_exchange_rounding() {
        // 240004 into T2406, payment day 2024-06-18: AI = 0.7359890 (spec §2.5 rule).
        let u = fixture(BondMarket::ChinaGovernment);
        let p = ContractPricer::new("T2406".parse().unwrap(), &u).unwrap();
        assert_eq!(p.delivery_date(), d(2024, 6, 18));
        assert_eq!(p.basis(), MoneyMarketBasis::Act365);
        let i = (0..p.len())
            .find(|&i| p.deliverable(i).unwrap().id() == "240004")
            .unwrap();
        assert_eq!(p.conversion_factor(i), Some(0.9458));
        let date = d(2024, 4, 16);
        let curve = flat(date, 0.023, CouponFrequency::Annual);
        let a = p.analyse_curve(date, &curve, None, None).unwrap();
        let row = a.rows.iter().find(|r| r.index == i).unwrap();
        assert_eq!(row.inputs.accrued_delivery, 0.7359890);
        assert!((a.repo_rate - 0.023).abs() < BASIS_FORMULA_ABS);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let u = fixture(BondMarket::UsTreasury);
        let p = ContractPricer::new("TYM24".parse().unwrap(), &u).unwrap();
        let date = d(2024, 4, 16);
        let curve = flat(date, 0.045, CouponFrequency::SemiAnnual);
        assert!(matches!(
            p.analyse(date, &[], 0.05, None),
            Err(BasketError::PriceCount {
                expected: 6,
                found: 0
            })
        ));
        let none = vec![None; p.len()];
        assert!(matches!(
            p.analyse(date, &none, 0.05, None),
            Err(BasketError::EmptyBasket { .. })
        ));
        let some = vec![Some(BondPrice::Clean(95.0)); p.len()];
        for bad in [f64::NAN, 1.0, -2.0] {
            assert!(matches!(
                p.analyse(date, &some, bad, None),
                Err(BasketError::InvalidInput {
                    name: "repo rate",
                    ..
                })
            ));
            assert!(p.quote(date, &curve, bad).is_err());
        }
        assert!(matches!(
            p.analyse(date, &some, 0.05, Some(0.0)),
            Err(BasketError::InvalidInput {
                name: "futures price",
                ..
            })
        ));
        let neg = vec![Some(BondPrice::Clean(-1.0)); p.len()];
        assert!(p.analyse(date, &neg, 0.05, None).is_err());
        assert!(matches!(
            p.quote(d(2024, 6, 28), &curve, 0.05),
            Err(BasketError::SettlementNotBeforeDelivery { .. })
        ));
        // Before any deliverable was issued there is no quote, not an error.
        let early = flat(d(2021, 1, 4), 0.01, CouponFrequency::SemiAnnual);
        assert_eq!(p.quote(d(2021, 1, 4), &early, 0.001).unwrap(), None);
        let vx: ContractCode = "VXM24".parse().unwrap();
        assert!(matches!(
            ContractPricer::new(vx, &u),
            Err(BasketError::NotABondFuture { .. })
        ));
    }

    #[test]
    fn a_bond_priced_at_its_own_yield_round_trips() {
        // BondPrice::Clean and BondPrice::Yield describe the same row.
        let u = fixture(BondMarket::UsTreasury);
        let p = ContractPricer::new("TYM24".parse().unwrap(), &u).unwrap();
        let date = d(2024, 4, 16);
        let by_yield: Vec<_> = (0..p.len())
            .map(|_| Some(BondPrice::Yield(0.046)))
            .collect();
        let a = p.analyse(date, &by_yield, 0.05, Some(110.0)).unwrap();
        let by_clean: Vec<_> = a
            .rows
            .iter()
            .map(|r| Some(BondPrice::Clean(r.inputs.clean_price)))
            .collect();
        let b = p.analyse(date, &by_clean, 0.05, Some(110.0)).unwrap();
        for (x, y) in a.rows.iter().zip(&b.rows) {
            assert!((x.yield_rate - y.yield_rate).abs() < BASIS_FORMULA_ABS);
            assert_eq!(x.gross_basis, y.gross_basis);
        }
        assert_eq!(a.ctd, b.ctd);
        let bond = Bond::us_treasury(0.045, None, d(2031, 2, 28)).unwrap();
        assert!(bond.settle(date).is_ok());
    }
}

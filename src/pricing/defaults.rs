//! [`DatasetSources`]: the default quote sources of a dataset, in the order the table build
//! tries them.

use super::QuoteSource;
use super::fx::{EurRateFallback, EurUsdSpot, EuroFxParitySource};
use super::settlement::{RealPriceSource, SettlementSource};
use super::vix::{VixModel, VixTermStructureSource};
use crate::data::Dataset;
use crate::market::{Market, MarketError};
use crate::market::{USD_PER_EUR_NOON_NY_SERIES, USD_PER_EUR_SERIES, VIX_SERIES};
use crate::units::Currency;
use std::fmt;

/// The sources a dataset supports, in the order [`PriceTable::build`](crate::market::PriceTable::build) tries them:
///
/// 0. the real price files attached with [`DatasetSources::with_real_prices`], in the order
///    attached (real prices first; the models below fill the days they do not have);
/// 1. [`SettlementSource`], if the dataset has settlements;
/// 2. a bond-futures source, when one is attached with
///    [`DatasetSources::with_bond_futures_source`] (the curve-implied model); it also gives
///    the settlements their DV01 and CTD;
/// 3. [`VixTermStructureSource`] ([`VixModel::default`]), if the market has a
///    [`VIX_SERIES`];
/// 4. [`EuroFxParitySource`] ([`EurUsdSpot::preferred`]: noon New York when the market has
///    it; [`EurRateFallback::default`]), if the market has a [`USD_PER_EUR_NOON_NY_SERIES`]
///    or a [`USD_PER_EUR_SERIES`], and a USD curve.
#[derive(Debug)]
pub struct DatasetSources<'r> {
    real: Vec<&'r RealPriceSource>,
    settlements: Option<SettlementSource<'r>>,
    bond: Option<BondSource<'r>>,
    vx: Option<VixTermStructureSource>,
    ec: Option<EuroFxParitySource>,
}

/// A borrowed bond-futures source, with a `Debug` that names its kind.
#[derive(Clone, Copy)]
struct BondSource<'r>(&'r dyn QuoteSource);

impl fmt::Debug for BondSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BondSource({})", self.0.kind())
    }
}

impl<'r> DatasetSources<'r> {
    /// The default sources for `data` and the market built from it.
    ///
    /// # Errors
    /// As [`SettlementSource::new`] (a settlement on a closed exchange day), and as the other
    /// sources' constructors (none when their data are present).
    pub fn new(market: &Market, data: &Dataset) -> Result<Self, MarketError> {
        let settlements = data
            .settlements
            .as_ref()
            .map(SettlementSource::new)
            .transpose()?;
        let vx = market
            .series(VIX_SERIES)
            .map(|_| VixTermStructureSource::new(market, VixModel::default()))
            .transpose()?;
        let ec = ((market.series(USD_PER_EUR_NOON_NY_SERIES).is_some()
            || market.series(USD_PER_EUR_SERIES).is_some())
            && market.curve(Currency::Usd).is_some())
        .then(|| EuroFxParitySource::new(market, EurRateFallback::default()))
        .transpose()?;
        Ok(DatasetSources {
            real: Vec::new(),
            settlements,
            bond: None,
            vx,
            ec,
        })
    }

    /// Attaches the bond-futures source (the curve-implied model): it prices bond futures that
    /// the settlements do not, and gives the settlements their DV01 and CTD.
    pub fn with_bond_futures_source(mut self, source: &'r dyn QuoteSource) -> Self {
        self.settlements = self.settlements.map(|s| s.with_risk_source(source));
        self.bond = Some(BondSource(source));
        self
    }

    /// Attaches a real price file: its prices come before every other source's.
    pub fn with_real_prices(mut self, real: &'r RealPriceSource) -> Self {
        self.real.push(real);
        self
    }

    /// Only the model sources (no real files, no settlements): what a fidelity comparison
    /// holds against the real prices.
    pub fn model_sources(&self) -> Vec<&dyn QuoteSource> {
        self.sources()
            .into_iter()
            .filter(|s| s.kind().is_model())
            .collect()
    }

    /// Replaces the VX model.
    ///
    /// # Errors
    /// As [`VixTermStructureSource::new`].
    pub fn with_vix_model(mut self, market: &Market, model: VixModel) -> Result<Self, MarketError> {
        self.vx = Some(VixTermStructureSource::new(market, model)?);
        Ok(self)
    }

    /// Replaces the EC fallback EUR rate.
    ///
    /// # Errors
    /// As [`EuroFxParitySource::new`].
    pub fn with_eur_rate_fallback(
        mut self,
        market: &Market,
        fallback: EurRateFallback,
    ) -> Result<Self, MarketError> {
        self.ec = Some(EuroFxParitySource::new(market, fallback)?);
        Ok(self)
    }

    /// Replaces the EC source with one on the chosen EUR/USD spot (e.g. the ECB reference
    /// rate, [`EurUsdSpot::Reference`]) and fallback EUR rate.
    ///
    /// # Errors
    /// As [`EuroFxParitySource::with_spot`].
    pub fn with_euro_fx(
        mut self,
        market: &Market,
        spot: EurUsdSpot,
        fallback: EurRateFallback,
    ) -> Result<Self, MarketError> {
        self.ec = Some(EuroFxParitySource::with_spot(market, spot, fallback)?);
        Ok(self)
    }

    /// The sources in the order they are tried.
    pub fn sources(&self) -> Vec<&dyn QuoteSource> {
        let mut out: Vec<&dyn QuoteSource> = Vec::with_capacity(4 + self.real.len());
        for r in &self.real {
            out.push(*r);
        }
        if let Some(s) = &self.settlements {
            out.push(s);
        }
        if let Some(b) = self.bond {
            out.push(b.0);
        }
        if let Some(v) = &self.vx {
            out.push(v);
        }
        if let Some(e) = &self.ec {
            out.push(e);
        }
        out
    }

    /// The settlement source, if the dataset has settlements.
    pub fn settlements(&self) -> Option<&SettlementSource<'r>> {
        self.settlements.as_ref()
    }

    /// The VX source, if the market has a VIX series.
    pub fn vx(&self) -> Option<&VixTermStructureSource> {
        self.vx.as_ref()
    }

    /// The EC source, if the market has EUR/USD and a USD curve.
    pub fn ec(&self) -> Option<&EuroFxParitySource> {
        self.ec.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{ContractCode, ContractDates, Root};
    use crate::data::Settlements;
    use crate::market::PriceSource;
    use crate::pricing::ContractQuotes;

    struct Bond;

    impl QuoteSource for Bond {
        fn kind(&self) -> PriceSource {
            PriceSource::CurveImplied
        }
        fn covers(&self, root: Root) -> bool {
            root == Root::TY
        }
        fn quotes(
            &self,
            _: &ContractCode,
            _: &ContractDates,
            _: &Market,
            _: usize,
            _: usize,
        ) -> Result<ContractQuotes, MarketError> {
            Ok(ContractQuotes::default())
        }
    }

    #[test]
    fn sources_come_in_the_documented_order() {
        let mut data = Dataset::embedded_synthetic();
        let m = Market::from_dataset(&data).unwrap();
        let kinds = |s: &DatasetSources<'_>| -> Vec<PriceSource> {
            s.sources().iter().map(|s| s.kind()).collect()
        };
        let plain = DatasetSources::new(&m, &data).unwrap();
        assert_eq!(
            kinds(&plain),
            [
                PriceSource::TermStructureModel,
                PriceSource::CoveredInterestParity
            ]
        );
        let csv = "date,contract,settle\n2024-03-20,TYM24,110.5\n";
        data.settlements = Some(Settlements::read(csv.as_bytes(), "s.csv").unwrap());
        let bond = Bond;
        let all = DatasetSources::new(&m, &data)
            .unwrap()
            .with_bond_futures_source(&bond);
        assert_eq!(
            kinds(&all),
            [
                PriceSource::Settlement,
                PriceSource::CurveImplied,
                PriceSource::TermStructureModel,
                PriceSource::CoveredInterestParity
            ]
        );
        assert!(all.settlements().is_some() && all.vx().is_some() && all.ec().is_some());
        let fixed = all
            .with_vix_model(
                &m,
                VixModel::Fixed {
                    theta: 20.0,
                    kappa_per_day: 0.02,
                },
            )
            .unwrap();
        assert_eq!(fixed.vx().unwrap().parameters(0).unwrap().theta, 20.0);
    }
}

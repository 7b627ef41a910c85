//! Units and closed sets shared by every module: currencies and exchanges.
//!
//! Quantities in this crate are `f64` with the unit in the name (`coupon_rate`,
//! `dv01_per_contract`, `years_to_maturity`) unless a newtype is defined here.
//! Rates are **decimal fractions** (0.045, not 4.5) inside the library; percent
//! appears only at the edges (CSV files that publish percent, the CLI).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An ISO 4217 currency in which contracts settle and P&L accrues.
///
/// P&L in different currencies is never added without an explicit FX rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Currency {
    /// United States dollar.
    Usd,
    /// Chinese yuan renminbi (onshore).
    Cny,
    /// Euro.
    Eur,
}

impl Currency {
    /// Every currency the crate knows, in a fixed order (used for dense per-currency arrays).
    pub const ALL: [Currency; 3] = [Currency::Usd, Currency::Cny, Currency::Eur];

    /// The ISO 4217 code, e.g. `"USD"`.
    pub const fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Cny => "CNY",
            Currency::Eur => "EUR",
        }
    }

    /// A dense index `0..Currency::ALL.len()` for per-currency arrays in hot loops.
    pub const fn index(self) -> usize {
        match self {
            Currency::Usd => 0,
            Currency::Cny => 1,
            Currency::Eur => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount in each currency, each in its own currency (never added across currencies):
/// a dense, allocation-free array for per-day records.
///
/// Serialised as the list of `[currency, amount]` pairs with a non-zero amount, in
/// [`Currency::ALL`] order (`[["USD", -12.0]]`); a currency absent from the list has 0.
///
/// ```
/// use spreadtrade::units::{Currency, CurrencyAmounts};
/// let mut a = CurrencyAmounts::default();
/// a.add(Currency::Cny, 300.0);
/// assert_eq!(a.get(Currency::Cny), 300.0);
/// assert_eq!(a.to_vec(), vec![(Currency::Cny, 300.0)]);
/// assert_eq!(serde_json::to_string(&a).unwrap(), r#"[["CNY",300.0]]"#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CurrencyAmounts([f64; Currency::ALL.len()]);

impl CurrencyAmounts {
    /// Nothing in any currency (as [`CurrencyAmounts::default`], usable in constants).
    pub const ZERO: CurrencyAmounts = CurrencyAmounts([0.0; Currency::ALL.len()]);

    /// The amount in `currency` (0 where there is none).
    pub fn get(&self, currency: Currency) -> f64 {
        self.0[currency.index()]
    }

    /// Adds `amount` in `currency`.
    pub fn add(&mut self, currency: Currency, amount: f64) {
        self.0[currency.index()] += amount;
    }

    /// The non-zero amounts, in [`Currency::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Currency, f64)> + '_ {
        Currency::ALL
            .into_iter()
            .map(|c| (c, self.get(c)))
            .filter(|&(_, v)| v != 0.0)
    }

    /// The non-zero amounts as a list.
    pub fn to_vec(&self) -> Vec<(Currency, f64)> {
        self.iter().collect()
    }
}

impl Serialize for CurrencyAmounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for CurrencyAmounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut out = CurrencyAmounts::default();
        for (c, v) in Vec::<(Currency, f64)>::deserialize(d)? {
            out.add(c, v);
        }
        Ok(out)
    }
}

/// Error returned when a currency code is not one of [`Currency::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown currency {found:?}: expected one of USD, CNY, EUR")]
pub struct UnknownCurrency {
    /// The text that was given.
    pub found: String,
}

impl FromStr for Currency {
    type Err = UnknownCurrency;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "USD" => Ok(Currency::Usd),
            "CNY" | "RMB" => Ok(Currency::Cny),
            "EUR" => Ok(Currency::Eur),
            _ => Err(UnknownCurrency {
                found: s.to_owned(),
            }),
        }
    }
}

/// The exchange that lists a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Exchange {
    /// Chicago Board of Trade (CME Group): U.S. Treasury futures.
    Cbot,
    /// Chicago Mercantile Exchange: FX futures (Euro FX).
    Cme,
    /// Cboe Futures Exchange: VIX futures.
    Cfe,
    /// China Financial Futures Exchange: CGB futures.
    Cffex,
}

impl Exchange {
    /// The exchange's short name as it appears in JSON output, e.g. `"CBOT"`.
    pub const fn name(self) -> &'static str {
        match self {
            Exchange::Cbot => "CBOT",
            Exchange::Cme => "CME",
            Exchange::Cfe => "CFE",
            Exchange::Cffex => "CFFEX",
        }
    }
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_round_trips_through_its_code() {
        for c in Currency::ALL {
            assert_eq!(c.code().parse::<Currency>().unwrap(), c);
            assert_eq!(Currency::ALL[c.index()], c);
        }
        assert!("JPY".parse::<Currency>().is_err());
    }
}

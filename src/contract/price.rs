//! Futures price quotes: 32nds parsing and formatting, decimal quotes, rounding to the tick in
//! force.
//!
//! Prices are decimal points inside the library (`109.515625`); 32nds are a display format.
//! Treasury prices have an exact integer form, [`ThirtySeconds`], counting 1/256ths of a point:
//! every CBOT Treasury tick (1/32, 1/64, 1/128, 1/256 of a point) is a whole number of them.
//!
//! | text | value | notes |
//! | --- | --- | --- |
//! | `109-16`, `109'16` | 109 + 16/32 = 109.5 | 32nds 00–31 |
//! | `109-162` | 109 + 16.25/32 | third digit: eighths of a 32nd, see below |
//! | `109-165`, `109-16+` | 109 + 16.5/32 | `+` is a half 32nd |
//! | `109-167` | 109 + 16.75/32 | |
//! | `109-161`, `109-163`, `109-166`, `109-168` | 16.125, 16.375, 16.625, 16.875 32nds | TU's 1/8 grid |
//! | `109.5` | 109.5 | decimal quote (CFFEX, VX, EC, or a Treasury price in points) |
//!
//! The third digit is the first decimal of the fraction of a 32nd, **truncated**: 1/8 → `1`,
//! 2/8 → `2`, 3/8 → `3`, 4/8 → `5`, 5/8 → `6`, 6/8 → `7`, 7/8 → `8` (spec §1.2). So `3` means
//! 0.375 and `8` means 0.875. The digits `4` and `9` never appear and are errors. (Spec §1.2 also
//! suggests reading the digit as tenths and snapping to the nearest eighth; that would read `3`
//! as 0.25 and `8` as 0.75, against its own table, so this module reads the table.)

use super::root::{QuoteConvention, RootSpec};
use super::{ContractError, Root};
use crate::tolerance::TICK_GRID_SNAP;
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

/// A price text that could not be parsed: where, what was found and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected} at offset {offset}, found {found:?}")]
pub struct PriceParseError {
    /// Byte offset into the text where the problem starts.
    pub offset: usize,
    /// The text found there.
    pub found: String,
    /// What was expected.
    pub expected: &'static str,
}

/// Third digits of a 32nds quote, indexed by eighths of a 32nd (0 = no third digit).
const THIRD_DIGIT: [char; 8] = ['0', '1', '2', '3', '5', '6', '7', '8'];

/// Largest handle (whole points) a 32nds quote may have.
pub const MAX_HANDLE: u64 = 1 << 40;

/// A Treasury futures price held exactly, as a count of 1/256ths of a point (one eighth of a
/// 32nd, TU's tick since 2019).
///
/// `FromStr` reads `109-16`, `109'16`, `109-165`, `109-16+` and plain decimals that are exact
/// multiples of 1/256 (`109.5`); `Display` writes the canonical CBOT form (`109-16`, `109-165`,
/// `109-161`), and the two round-trip.
///
/// # Examples
///
/// ```
/// use spreadtrade::contract::ThirtySeconds;
///
/// // CME's examples (spec §1.2): 109-16 = 109.5; 109-162 = 109 + 16.25/32; 109-167 = 109 + 16.75/32.
/// let p: ThirtySeconds = "109-162".parse()?;
/// assert_eq!(p.to_decimal(), 109.0 + 16.25 / 32.0);
/// assert_eq!(p.as_256ths(), 109 * 256 + 16 * 8 + 2);
/// assert_eq!("109'16".parse::<ThirtySeconds>()?.to_decimal(), 109.5);
/// assert_eq!("126-165".parse::<ThirtySeconds>()?.to_string(), "126-165");
/// # Ok::<(), spreadtrade::contract::ContractError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ThirtySeconds(u64);

impl ThirtySeconds {
    /// A price of `n` 256ths of a point.
    pub const fn from_256ths(n: u64) -> ThirtySeconds {
        ThirtySeconds(n)
    }

    /// A price from its parts: whole points, 32nds (0–31) and eighths of a 32nd (0–7).
    ///
    /// # Errors
    ///
    /// [`ContractError::InvalidPrice`] if a part is out of range.
    pub fn from_parts(
        points: u64,
        thirty_seconds: u32,
        eighths: u32,
    ) -> Result<ThirtySeconds, ContractError> {
        if points > MAX_HANDLE || thirty_seconds > 31 || eighths > 7 {
            return Err(ContractError::InvalidPrice {
                value: points as f64
                    + (f64::from(thirty_seconds) + f64::from(eighths) / 8.0) / 32.0,
                expected: "points up to 2^40, 32nds 0-31 and eighths 0-7",
            });
        }
        Ok(ThirtySeconds(
            points * 256 + u64::from(thirty_seconds) * 8 + u64::from(eighths),
        ))
    }

    /// The exact price of a decimal that is a multiple of 1/256 of a point, or `None`.
    ///
    /// Every price [`ThirtySeconds::from_parts`] and the parser accept converts back: handles up
    /// to [`MAX_HANDLE`] with any 32nds and eighths, so at most `MAX_HANDLE × 256 + 255` 256ths.
    pub fn from_decimal(price: f64) -> Option<ThirtySeconds> {
        let units = price * 256.0;
        if !units.is_finite() || units < 0.0 || units > (MAX_HANDLE * 256 + 255) as f64 {
            return None;
        }
        (units.fract() == 0.0).then_some(ThirtySeconds(units as u64))
    }

    /// The count of 256ths of a point.
    pub const fn as_256ths(&self) -> u64 {
        self.0
    }

    /// Whole points (the "handle").
    pub const fn points(&self) -> u64 {
        self.0 / 256
    }

    /// Whole 32nds after the handle, 0–31.
    pub const fn thirty_seconds(&self) -> u32 {
        ((self.0 % 256) / 8) as u32
    }

    /// Eighths of a 32nd after the whole 32nds, 0–7.
    pub const fn eighths(&self) -> u32 {
        (self.0 % 8) as u32
    }

    /// The price in decimal points (exact: every 1/256 multiple below 2^53 is an `f64`).
    pub fn to_decimal(&self) -> f64 {
        self.0 as f64 / 256.0
    }
}

impl fmt::Display for ThirtySeconds {
    /// `points-XX` plus the third digit when the price has eighths of a 32nd.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.points(), self.thirty_seconds())?;
        let e = self.eighths();
        if e != 0 {
            write!(f, "{}", THIRD_DIGIT[e as usize])?;
        }
        Ok(())
    }
}

impl FromStr for ThirtySeconds {
    type Err = ContractError;

    /// Parses a 32nds quote, or a decimal quote that is an exact multiple of 1/256.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match parse_quote(s)? {
            Quote::ThirtySeconds(p) => Ok(p),
            Quote::Decimal(v) => ThirtySeconds::from_decimal(v).ok_or_else(|| {
                ContractError::Price(PriceParseError {
                    offset: 0,
                    found: s.to_owned(),
                    expected: "a price that is a whole number of 256ths of a point",
                })
            }),
        }
    }
}

/// A parsed quote before conversion.
enum Quote {
    ThirtySeconds(ThirtySeconds),
    Decimal(f64),
}

fn perr(offset: usize, found: &str, expected: &'static str) -> ContractError {
    ContractError::Price(PriceParseError {
        offset,
        found: found.to_owned(),
        expected,
    })
}

/// The text from byte `at` up to (not including) the next char boundary after one char, for
/// error messages.
fn char_at(s: &str, at: usize) -> &str {
    let end = s[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    &s[at..end]
}

fn parse_quote(text: &str) -> Result<Quote, ContractError> {
    let lead = text.len() - text.trim_start().len();
    let s = text.trim();
    let bytes = s.as_bytes();
    let at = |i: usize| lead + i;
    if s.is_empty() {
        return Err(perr(at(0), "", "a price such as 109-16 or 109.5"));
    }
    let digits_end = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let handle_end = digits_end(0);
    if handle_end == 0 {
        return Err(perr(at(0), char_at(s, 0), "a digit"));
    }
    match bytes.get(handle_end) {
        None => decimal(s, lead),
        Some(b'.') => decimal(s, lead),
        Some(b'-' | b'\'') => {
            let handle: u64 = s[..handle_end]
                .parse()
                .ok()
                .filter(|h| *h <= MAX_HANDLE)
                .ok_or_else(|| perr(at(0), &s[..handle_end], "a handle of at most 2^40 points"))?;
            let xs = handle_end + 1;
            let xs_end = digits_end(xs);
            if xs_end - xs < 2 {
                let found = if xs_end > xs {
                    &s[xs..xs_end]
                } else if xs < s.len() {
                    char_at(s, xs)
                } else {
                    ""
                };
                return Err(perr(at(xs), found, "two digits of 32nds (00-31)"));
            }
            let x32: u32 = s[xs..xs + 2]
                .parse()
                .map_err(|_| perr(at(xs), &s[xs..xs + 2], "32nds 00-31"))?;
            if x32 > 31 {
                return Err(perr(at(xs), &s[xs..xs + 2], "32nds 00-31"));
            }
            let third = xs + 2;
            let eighths = match bytes.get(third) {
                None => 0,
                Some(b'+') => 4,
                Some(&b) if b.is_ascii_digit() => {
                    let Some(e) = THIRD_DIGIT.iter().position(|&c| c as u8 == b) else {
                        return Err(perr(
                            at(third),
                            char_at(s, third),
                            "a third digit 0 1 2 3 5 6 7 8 (eighths of a 32nd) or +",
                        ));
                    };
                    e as u32
                }
                Some(_) => {
                    return Err(perr(
                        at(third),
                        char_at(s, third),
                        "a third digit 0 1 2 3 5 6 7 8 (eighths of a 32nd), + or the end",
                    ));
                }
            };
            let end = if bytes.len() > third {
                third + 1
            } else {
                third
            };
            if end < bytes.len() {
                return Err(perr(at(end), &s[end..], "the end of the price"));
            }
            Ok(Quote::ThirtySeconds(ThirtySeconds::from_parts(
                handle, x32, eighths,
            )?))
        }
        Some(_) => Err(perr(
            at(handle_end),
            char_at(s, handle_end),
            "a 32nds separator - or ', a decimal point, or the end",
        )),
    }
}

/// Parses `digits[.digits]` (no sign, no exponent).
fn decimal(s: &str, lead: usize) -> Result<Quote, ContractError> {
    let bytes = s.as_bytes();
    let int_end = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut end = int_end;
    if bytes.get(end) == Some(&b'.') {
        let frac = bytes[end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if frac == 0 {
            let at = end + 1;
            return Err(perr(
                lead + at,
                if at < s.len() { char_at(s, at) } else { "" },
                "a digit after the decimal point",
            ));
        }
        end += 1 + frac;
    }
    if end < bytes.len() {
        return Err(perr(lead + end, &s[end..], "the end of the price"));
    }
    let value: f64 = s.parse().map_err(|_| perr(lead, s, "a decimal price"))?;
    Ok(Quote::Decimal(value))
}

/// Parses a futures price quote into decimal points: 32nds (`109-16`, `109'16`, `109-165`,
/// `109-16+`) or a plain decimal (`109.5`).
///
/// # Formula
///
/// ```text
/// P = handle + (XX + e/8) / 32
/// ```
///
/// `handle` whole points, `XX` the 32nds (00–31), `e` the eighths of a 32nd given by the third
/// digit (`1 2 3 5 6 7 8` → 1..7, `+` → 4); `P` in points per 100 face.
///
/// # Conventions
///
/// The third digit is read from spec §1.2's truncation table (see the module docs); whitespace
/// around the quote is ignored; signs, exponents, `NaN` and `inf` are rejected.
///
/// # References
///
/// CME contract specification pages for the Treasury futures (the `109-16` … `109-167`
/// examples), as summarised in spec §1.2.
///
/// # Errors
///
/// [`ContractError::Price`] with the byte offset, the text found there and what was expected,
/// e.g. `"expected 32nds 00-31 at offset 4, found \"32\""`.
///
/// # Examples
///
/// ```
/// use spreadtrade::contract::parse_price;
///
/// assert_eq!(parse_price("109-16")?, 109.5);
/// assert_eq!(parse_price("109-165")?, 109.0 + 16.5 / 32.0);
/// assert_eq!(parse_price("109-167")?, 109.0 + 16.75 / 32.0);
/// assert_eq!(parse_price("109.5")?, 109.5);
/// assert!(parse_price("109-32").is_err());
/// # Ok::<(), spreadtrade::contract::ContractError>(())
/// ```
pub fn parse_price(text: &str) -> Result<f64, ContractError> {
    Ok(match parse_quote(text)? {
        Quote::ThirtySeconds(p) => p.to_decimal(),
        Quote::Decimal(v) => v,
    })
}

/// How to round a price to the tick grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TickRounding {
    /// To the nearest tick; an exact half goes up.
    Nearest,
    /// To the tick at or below the price.
    Down,
    /// To the tick at or above the price.
    Up,
}

/// A tick as an exact fraction `num / den` of a point, with `den` a power of two (32nds) or of
/// ten (decimal ticks).
fn tick_fraction(tick: f64) -> Option<(i64, i64)> {
    for den in [1i64, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] {
        let num = tick * den as f64;
        if num.fract() == 0.0 && num >= 1.0 {
            return Some((num as i64, den));
        }
    }
    let mut den = 1i64;
    for _ in 0..=10 {
        let num = tick * den as f64;
        if (num - num.round()).abs() < 1e-9 * den as f64 && num.round() >= 1.0 {
            return Some((num.round() as i64, den));
        }
        den *= 10;
    }
    None
}

/// Largest tick count handled exactly (2^53, the end of `f64`'s exact integers).
const MAX_TICKS: f64 = 9_007_199_254_740_992.0;

impl RootSpec {
    /// The number of ticks (of the tick in force on `date`) that a price rounds to.
    ///
    /// # Formula
    ///
    /// ```text
    /// x = P / tick
    /// Nearest: n = floor(x + 1/2)     Down: n = floor(x)     Up: n = ceil(x)
    /// ```
    ///
    /// `P` in points, `tick` in points ([`RootSpec::tick_size`]), `n` an integer number of ticks.
    ///
    /// # Conventions
    ///
    /// A price within [`TICK_GRID_SNAP`] ticks of the grid counts as on it (so 100.005 is exactly
    /// 20,001 ticks of 0.005 in every mode, although neither is exact in binary). Down/Up are
    /// toward −∞/+∞ (for negative spread prices too).
    ///
    /// # References
    ///
    /// The tick history of spec §1.1, §2.1, §3, §4 ([`RootSpec::ticks`]).
    ///
    /// # Errors
    ///
    /// [`ContractError::InvalidPrice`] for a non-finite price or one beyond 2^53 ticks.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::{Root, TickRounding};
    ///
    /// // TU trades in 1/8 of 1/32 since January 2019 (spec §1.1): 109.5 is 109×256 + 128 ticks.
    /// let tu = Root::TU.spec();
    /// let d = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// assert_eq!(tu.price_to_ticks(109.5, d, TickRounding::Nearest)?, 109 * 256 + 128);
    /// # Ok::<(), spreadtrade::contract::ContractError>(())
    /// ```
    pub fn price_to_ticks(
        &self,
        price: f64,
        date: NaiveDate,
        rounding: TickRounding,
    ) -> Result<i64, ContractError> {
        if !price.is_finite() {
            return Err(ContractError::InvalidPrice {
                value: price,
                expected: "a finite price",
            });
        }
        let x = price / self.tick_size(date);
        if x.abs() >= MAX_TICKS {
            return Err(ContractError::InvalidPrice {
                value: price,
                expected: "a price below 2^53 ticks",
            });
        }
        let nearest = x.round();
        let n = if (x - nearest).abs() <= TICK_GRID_SNAP {
            nearest
        } else {
            match rounding {
                TickRounding::Nearest => (x + 0.5 + TICK_GRID_SNAP).floor(),
                TickRounding::Down => x.floor(),
                TickRounding::Up => x.ceil(),
            }
        };
        Ok(n as i64)
    }

    /// The price of `ticks` ticks of the tick in force on `date`, as the `f64` nearest to the
    /// exact value (ticks are handled as exact fractions: 1/256 of a point, 0.005, …).
    pub fn ticks_to_price(&self, ticks: i64, date: NaiveDate) -> f64 {
        let tick = self.tick_size(date);
        match tick_fraction(tick) {
            Some((num, den)) => match ticks.checked_mul(num) {
                Some(units) => units as f64 / den as f64,
                None => ticks as f64 * tick,
            },
            None => ticks as f64 * tick,
        }
    }

    /// `price` rounded to the tick in force on `date`.
    ///
    /// # Errors
    ///
    /// As [`RootSpec::price_to_ticks`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::{Root, TickRounding};
    ///
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // TS's tick fell from 0.005 to 0.002 with the 2023-11-06 settlement (spec §2.1).
    /// let ts = Root::TS.spec();
    /// assert_eq!(ts.round_to_tick(101.2037, d(2023, 11, 3), TickRounding::Nearest)?, 101.205);
    /// assert_eq!(ts.round_to_tick(101.2037, d(2023, 11, 6), TickRounding::Nearest)?, 101.204);
    /// assert_eq!(ts.round_to_tick(101.2037, d(2023, 11, 6), TickRounding::Down)?, 101.202);
    /// # Ok::<(), spreadtrade::contract::ContractError>(())
    /// ```
    pub fn round_to_tick(
        &self,
        price: f64,
        date: NaiveDate,
        rounding: TickRounding,
    ) -> Result<f64, ContractError> {
        Ok(self.ticks_to_price(self.price_to_ticks(price, date, rounding)?, date))
    }

    /// Whether `price` lies on the tick grid in force on `date` (within [`TICK_GRID_SNAP`]
    /// ticks).
    pub fn is_on_tick(&self, price: f64, date: NaiveDate) -> bool {
        let x = price / self.tick_size(date);
        x.is_finite() && (x - x.round()).abs() <= TICK_GRID_SNAP
    }

    /// Formats `price` in the root's quote convention, rounded to the nearest tick in force on
    /// `date`: 32nds for CBOT Treasury futures (`109-16`, `109-165`, TU's `109-161`), decimals
    /// with as many places as the tick needs for the others (TS `101.204`, VX `15.05`, EC
    /// `1.08450`).
    ///
    /// # Errors
    ///
    /// As [`RootSpec::price_to_ticks`]; also [`ContractError::InvalidPrice`] for a negative
    /// price in 32nds, or one above [`MAX_HANDLE`] points (the text would not parse back).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spreadtrade::contract::Root;
    ///
    /// let d = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
    /// assert_eq!(Root::TY.spec().format_price(109.0 + 16.5 / 32.0, d)?, "109-165");
    /// assert_eq!(Root::TU.spec().format_price(102.0 + 3.125 / 32.0, d)?, "102-031");
    /// assert_eq!(Root::US.spec().format_price(118.0 + 7.0 / 32.0, d)?, "118-07");
    /// assert_eq!(Root::EC.spec().format_price(1.0844, d)?, "1.08440");
    /// assert_eq!(Root::T.spec().format_price(103.4, d)?, "103.400");
    /// # Ok::<(), spreadtrade::contract::ContractError>(())
    /// ```
    pub fn format_price(&self, price: f64, date: NaiveDate) -> Result<String, ContractError> {
        let ticks = self.price_to_ticks(price, date, TickRounding::Nearest)?;
        let tick = self.tick_size(date);
        match self.quote {
            QuoteConvention::ThirtySeconds => {
                let per_tick = (tick * 256.0) as i64;
                let units = ticks
                    .checked_mul(per_tick)
                    .and_then(|u| u64::try_from(u).ok())
                    .ok_or(ContractError::InvalidPrice {
                        value: price,
                        expected: "a non-negative price for a 32nds quote",
                    })?;
                // The text must parse back: no handle above the parser's largest.
                if units / 256 > MAX_HANDLE {
                    return Err(ContractError::InvalidPrice {
                        value: price,
                        expected: "a price of at most 2^40 points for a 32nds quote",
                    });
                }
                Ok(ThirtySeconds::from_256ths(units).to_string())
            }
            QuoteConvention::Decimal => {
                let places = tick_fraction(tick)
                    .filter(|(_, den)| den % 10 == 0 || *den == 1)
                    .map_or(10, |(_, den)| den.max(1).ilog10() as usize);
                Ok(format!("{:.*}", places, self.ticks_to_price(ticks, date)))
            }
        }
    }

    /// Parses a price quote for this root: 32nds are accepted only for roots quoted in 32nds;
    /// decimals for every root.
    ///
    /// # Errors
    ///
    /// As [`parse_price`]; also [`ContractError::Price`] for a 32nds quote of a decimal-quoted
    /// root.
    pub fn parse_price(&self, text: &str) -> Result<f64, ContractError> {
        match (parse_quote(text)?, self.quote) {
            (Quote::Decimal(v), _) => Ok(v),
            (Quote::ThirtySeconds(p), QuoteConvention::ThirtySeconds) => Ok(p.to_decimal()),
            (Quote::ThirtySeconds(_), _) => Err(perr(
                0,
                text,
                match self.root {
                    Root::EC => "a decimal price in USD per EUR (Euro FX is quoted in decimals)",
                    Root::VX => "a decimal price in index points (VX is quoted in decimals)",
                    _ => "a decimal price (CFFEX bond futures are quoted in decimals per 100)",
                },
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn err(text: &str) -> PriceParseError {
        match parse_price(text).unwrap_err() {
            ContractError::Price(e) => e,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn cme_examples() {
        // CME Treasury futures contract specifications (spec §1.2).
        assert_eq!(parse_price("109-16").unwrap(), 109.5);
        assert_eq!(parse_price("109'16").unwrap(), 109.5);
        assert_eq!(parse_price("109-162").unwrap(), 109.0 + 16.25 / 32.0);
        assert_eq!(parse_price("109-165").unwrap(), 109.0 + 16.5 / 32.0);
        assert_eq!(parse_price("109-167").unwrap(), 109.0 + 16.75 / 32.0);
        assert_eq!(parse_price("126-165").unwrap(), 126.0 + 16.5 / 32.0);
        assert_eq!(parse_price("109-16+").unwrap(), 109.0 + 16.5 / 32.0);
    }

    #[test]
    fn tu_eighths_follow_the_truncation_table() {
        // Spec §1.2: .125→1, .25→2, .375→3, .5→5, .625→6, .75→7, .875→8.
        for (digit, eighths) in [
            ('1', 1),
            ('2', 2),
            ('3', 3),
            ('5', 4),
            ('6', 5),
            ('7', 6),
            ('8', 7),
        ] {
            let p = parse_price(&format!("102-03{digit}")).unwrap();
            assert_eq!(
                p,
                102.0 + (3.0 + f64::from(eighths) / 8.0) / 32.0,
                "{digit}"
            );
        }
        for bad in ["102-034", "102-039"] {
            let e = err(bad);
            assert_eq!(e.offset, 6, "{bad}");
            assert!(e.expected.contains("third digit"));
        }
    }

    #[test]
    fn positioned_errors() {
        let e = err("109-32");
        assert_eq!((e.offset, e.found.as_str()), (4, "32"));
        assert_eq!(
            e.to_string(),
            "expected 32nds 00-31 at offset 4, found \"32\""
        );
        let e = err("109-1");
        assert_eq!(e.offset, 4);
        assert!(e.expected.contains("two digits"));
        assert_eq!(err("").offset, 0);
        assert_eq!(err("  x").offset, 2);
        assert_eq!(err("109-165x").offset, 7);
        assert_eq!(err("109-16x").offset, 6);
        assert_eq!(err("109.").offset, 4);
        assert_eq!(err("109.5.").offset, 5);
        assert_eq!(err("109/16").offset, 3);
        assert_eq!(err("-109.5").offset, 0);
        assert_eq!(err("NaN").offset, 0);
        assert_eq!(err("1e5").offset, 1);
        assert_eq!(err("9999999999999999-00").offset, 0);
        assert_eq!(err("109-é").offset, 4);
        assert_eq!(parse_price(" 109.25 ").unwrap(), 109.25);
    }

    #[test]
    fn thirty_seconds_round_trip_and_parts() {
        let p = ThirtySeconds::from_parts(109, 16, 4).unwrap();
        assert_eq!(p.to_string(), "109-165");
        assert_eq!((p.points(), p.thirty_seconds(), p.eighths()), (109, 16, 4));
        assert_eq!(
            ThirtySeconds::from_parts(0, 0, 1).unwrap().to_string(),
            "0-001"
        );
        assert!(ThirtySeconds::from_parts(1, 32, 0).is_err());
        assert!(ThirtySeconds::from_parts(1, 0, 8).is_err());
        assert_eq!(ThirtySeconds::from_decimal(109.5), Some(p.with_eighths(0)));
        assert_eq!(ThirtySeconds::from_decimal(109.1), None);
        assert_eq!(ThirtySeconds::from_decimal(-1.0), None);
        assert_eq!("109.515625".parse::<ThirtySeconds>().unwrap(), p);
        assert!("109.1".parse::<ThirtySeconds>().is_err());
    }

    #[test]
    fn a_32nds_price_above_the_largest_handle_is_not_formatted() {
        // Found by the price32 fuzz target (fuzz/corpus/price32/crash-format-above-max-handle):
        // FV formatted the decimal 1650919516777 as "1650919516777-00", which the parser
        // rejects (handles go up to 2^40).
        let d = NaiveDate::from_ymd_opt(2024, 3, 20).unwrap();
        let fv = Root::FV.spec();
        assert!(matches!(
            fv.format_price(1_650_919_516_777.0, d),
            Err(ContractError::InvalidPrice { .. })
        ));
        let top = MAX_HANDLE as f64;
        let text = fv.format_price(top, d).unwrap();
        assert_eq!(fv.parse_price(&text).unwrap(), top);
        assert!(fv.format_price(top + 1.0, d).is_err());
        // Decimal-quoted roots are not limited by the 32nds handle.
        assert!(Root::T.spec().format_price(1_650_919_516_777.0, d).is_ok());
    }

    #[test]
    fn the_largest_handle_converts_back_from_its_decimal() {
        // Found by the price32 fuzz target (fuzz/corpus/price32/crash-largest-handle): the
        // parser accepts a handle of MAX_HANDLE with 32nds, whose decimal was above
        // from_decimal's bound of MAX_HANDLE × 256 256ths.
        let p: ThirtySeconds = "1099511627776-09".parse().unwrap();
        assert_eq!(p.points(), MAX_HANDLE);
        assert_eq!(ThirtySeconds::from_decimal(p.to_decimal()), Some(p));
        let top = ThirtySeconds::from_parts(MAX_HANDLE, 31, 7).unwrap();
        assert_eq!(ThirtySeconds::from_decimal(top.to_decimal()), Some(top));
        assert_eq!(top.to_string().parse::<ThirtySeconds>().unwrap(), top);
        let above = (MAX_HANDLE + 1) as f64;
        assert_eq!(ThirtySeconds::from_decimal(above), None);
    }

    impl ThirtySeconds {
        fn with_eighths(self, e: u64) -> ThirtySeconds {
            ThirtySeconds(self.0 / 8 * 8 + e)
        }
    }

    #[test]
    fn rounding_modes_and_snapping() {
        let t = Root::T.spec();
        let day = d(2024, 6, 3);
        // 100.005 is not exact in binary but is exactly 20,001 ticks of 0.005.
        for mode in [TickRounding::Nearest, TickRounding::Down, TickRounding::Up] {
            assert_eq!(t.price_to_ticks(100.005, day, mode).unwrap(), 20_001);
        }
        assert_eq!(
            t.round_to_tick(100.0025, day, TickRounding::Nearest)
                .unwrap(),
            100.005
        );
        assert_eq!(
            t.round_to_tick(100.0024, day, TickRounding::Nearest)
                .unwrap(),
            100.0
        );
        assert_eq!(
            t.round_to_tick(100.0001, day, TickRounding::Up).unwrap(),
            100.005
        );
        assert_eq!(
            t.round_to_tick(-0.0001, day, TickRounding::Down).unwrap(),
            -0.005
        );
        assert!(t.is_on_tick(100.005, day));
        assert!(!t.is_on_tick(100.004, day));
        assert!(matches!(
            t.price_to_ticks(f64::NAN, day, TickRounding::Nearest),
            Err(ContractError::InvalidPrice { .. })
        ));
        assert!(matches!(
            t.price_to_ticks(1e300, day, TickRounding::Nearest),
            Err(ContractError::InvalidPrice { .. })
        ));
    }

    #[test]
    fn tick_history_changes_formatting() {
        // TU: 1/4 of 1/32 before the January 2019 cut, 1/8 after (spec §1.1).
        let tu = Root::TU.spec();
        let p = 105.0 + 3.125 / 32.0;
        assert_eq!(tu.format_price(p, d(2019, 1, 14)).unwrap(), "105-031");
        assert_eq!(tu.format_price(p, d(2018, 12, 31)).unwrap(), "105-032");
        // FV: 1/2 of 1/32 before 2008-03-03.
        let fv = Root::FV.spec();
        assert_eq!(
            fv.format_price(110.0 + 7.25 / 32.0, d(2008, 2, 29))
                .unwrap(),
            "110-075"
        );
        assert_eq!(
            fv.format_price(110.0 + 7.25 / 32.0, d(2008, 3, 3)).unwrap(),
            "110-072"
        );
        // TF: 0.002 at launch, 0.005 from the 2015-03-16 settlement.
        let tf = Root::TF.spec();
        assert_eq!(tf.format_price(97.123, d(2014, 6, 3)).unwrap(), "97.124");
        assert_eq!(tf.format_price(97.123, d(2015, 3, 16)).unwrap(), "97.125");
        assert_eq!(
            Root::VX.spec().format_price(15.07, d(2024, 1, 2)).unwrap(),
            "15.05"
        );
        assert_eq!(
            Root::TL
                .spec()
                .format_price(110.004, d(2024, 1, 2))
                .unwrap(),
            "110.00"
        );
        assert!(matches!(
            Root::TY.spec().format_price(-1.0, d(2024, 1, 2)),
            Err(ContractError::InvalidPrice { .. })
        ));
    }

    #[test]
    fn root_aware_parsing() {
        assert_eq!(Root::TY.spec().parse_price("109-16").unwrap(), 109.5);
        assert_eq!(Root::TY.spec().parse_price("109.5").unwrap(), 109.5);
        let e = Root::T.spec().parse_price("109-16").unwrap_err();
        assert!(e.to_string().contains("CFFEX"), "{e}");
        assert!(Root::EC.spec().parse_price("1-08").is_err());
        assert!(Root::VX.spec().parse_price("15-05").is_err());
    }

    #[test]
    fn tick_fractions() {
        assert_eq!(tick_fraction(1.0 / 256.0), Some((1, 256)));
        assert_eq!(tick_fraction(1.0 / 32.0), Some((1, 32)));
        assert_eq!(tick_fraction(0.005), Some((5, 1000)));
        assert_eq!(tick_fraction(0.00005), Some((5, 100_000)));
        assert_eq!(tick_fraction(0.05), Some((5, 100)));
        assert_eq!(tick_fraction(0.01), Some((1, 100)));
    }

    mod proptests {
        use super::*;
        use proptest::prelude::*;

        /// 256ths covering zero, small prices, typical futures prices and the largest handles.
        fn units_256() -> impl Strategy<Value = u64> {
            prop_oneof![
                0u64..=512,
                (80u64 * 256)..=(160 * 256),
                (MAX_HANDLE * 256 - 1000)..=(MAX_HANDLE * 256 + 255),
            ]
        }

        proptest! {
            #[test]
            fn display_parse_round_trip(n in units_256()) {
                let p = ThirtySeconds::from_256ths(n);
                prop_assert_eq!(p.to_string().parse::<ThirtySeconds>().unwrap(), p);
                prop_assert_eq!(parse_price(&p.to_string()).unwrap(), p.to_decimal());
            }

            #[test]
            fn decimal_round_trip(n in units_256()) {
                // Found by the price32 fuzz target: a handle of MAX_HANDLE with 32nds
                // ("1099511627776-09") parsed but its decimal did not convert back.
                let p = ThirtySeconds::from_256ths(n);
                prop_assert_eq!(ThirtySeconds::from_decimal(p.to_decimal()), Some(p));
            }

            #[test]
            fn parsing_arbitrary_text_never_panics(s in "\\PC{0,24}") {
                let _ = parse_price(&s);
            }

            #[test]
            fn rounding_brackets_the_price(
                price in -1000.0f64..1000.0,
                root in proptest::sample::select(Root::ALL.to_vec()),
            ) {
                let spec = root.spec();
                let day = NaiveDate::from_ymd_opt(2024, 6, 3).unwrap();
                let tick = spec.tick_size(day);
                let down = spec.round_to_tick(price, day, TickRounding::Down).unwrap();
                let up = spec.round_to_tick(price, day, TickRounding::Up).unwrap();
                let near = spec.round_to_tick(price, day, TickRounding::Nearest).unwrap();
                // Snapping tolerance plus the f64 spacing at this magnitude.
                let slack = tick * TICK_GRID_SNAP * 2.0 + 1e-12 * price.abs().max(1.0);
                prop_assert!(down <= price + slack && price <= up + slack);
                prop_assert!(up - down <= tick + slack);
                prop_assert!(near == down || near == up);
                prop_assert!((near - price).abs() <= tick / 2.0 + slack);
                prop_assert!(spec.is_on_tick(near, day));
            }
        }
    }
}

//! The spread-expression parser: a hand-written recursive-descent parser over the lexer's
//! tokens, one token of look-ahead, no allocation except the `Vec` of legs (and the text of an
//! error).

use super::error::ExprError;
use super::lexer::{Lexer, Token, TokenKind};
use crate::contract::{ContractCode, ContractError, root_prefix};
use crate::instrument::leg::{Leg, LegContract, Nearby};
use crate::units::Exchange;
use chrono::NaiveDate;

/// What the parser expected, as shown in error messages.
mod expect {
    pub const RATIO: &str = "a positive decimal ratio such as 2, 1.65 or 0.5";
    pub const FINITE_RATIO: &str = "a ratio no larger than 1.7976931348623157e308";
    pub const RATIO_OR_CONTRACT: &str = "a ratio or a contract";
    pub const CONTRACT: &str = "a contract";
    pub const TIMES: &str = "× or * after the ratio";
    pub const NEXT_LEG: &str = "+ or − before the next leg";
    pub const END_OF_CONTRACT: &str = "the end of the contract";
    pub const NEARBY_CFFEX: &str =
        "a nearby number 1-9 (e.g. T2) or a CFFEX contract month YYMM (e.g. T2406)";
    pub const NEARBY_LETTER: &str =
        "a nearby number 1-9 (e.g. TU2) or a month letter and year (e.g. TUM24)";
}

fn text_of(token: Token<'_>) -> String {
    token.text.to_owned()
}

/// The error for a token where a ratio or contract should start.
fn not_a_leg_start(token: Token<'_>, expected: &'static str) -> ExprError {
    if token.kind == TokenKind::Stray {
        ExprError::StrayCharacter {
            offset: token.offset,
            found: text_of(token),
            expected,
        }
    } else {
        ExprError::UnexpectedToken {
            offset: token.offset,
            found: text_of(token),
            expected,
        }
    }
}

/// Parses a whole spread expression into its legs (see the grammar in
/// [`crate::instrument::SpreadExpr`]).
pub(crate) fn parse_legs(text: &str, reference: Option<NaiveDate>) -> Result<Vec<Leg>, ExprError> {
    use TokenKind as K;
    let mut lexer = Lexer::new(text);
    let mut token = lexer.next_token();
    if token.kind == K::End {
        return Err(ExprError::Blank {
            offset: token.offset,
        });
    }
    // Room for a four-leg spread up front: the one allocation of a successful parse.
    let mut legs: Vec<Leg> = Vec::with_capacity(4);
    loop {
        // [sign]: optional on the first leg; later legs only get here on a sign.
        let mut sign = 1.0;
        if matches!(token.kind, K::Plus | K::Minus) {
            if token.kind == K::Minus {
                sign = -1.0;
            }
            let operator = token;
            token = lexer.next_token();
            if token.kind == K::End {
                return Err(dangling(operator, token));
            }
        }
        // [ratio (×|*)]
        let mut ratio = None;
        if token.kind == K::Number {
            let number = token;
            let after = lexer.next_token();
            match after.kind {
                K::Times => {
                    ratio = Some(parse_ratio(number)?);
                    token = lexer.next_token();
                    if token.kind == K::End {
                        return Err(dangling(after, token));
                    }
                }
                K::Word => {
                    return Err(ExprError::MissingMultiply {
                        offset: after.offset,
                        found: text_of(after),
                    });
                }
                K::End | K::Plus | K::Minus => {
                    return Err(ExprError::RatioWithoutContract {
                        offset: after.offset,
                        found: text_of(after),
                        ratio: text_of(number),
                        ratio_offset: number.offset,
                    });
                }
                K::Number | K::Stray => return Err(not_a_leg_start(after, expect::TIMES)),
            }
        }
        // contract
        if token.kind != K::Word {
            let expected = if ratio.is_some() {
                expect::CONTRACT
            } else {
                expect::RATIO_OR_CONTRACT
            };
            return Err(not_a_leg_start(token, expected));
        }
        let word = token;
        let contract = match parse_contract_word(text, word, reference) {
            Ok(contract) => contract,
            Err(e) if ratio.is_none() => return Err(misplaced_ratio(&lexer, word, e)),
            Err(e) => return Err(e),
        };
        if let Some(first) = legs
            .iter()
            .position(|l| l.contract().same_contract(&contract))
        {
            return Err(duplicate(text, first, word));
        }
        let ratio = sign * ratio.unwrap_or(1.0);
        legs.push(Leg::new(ratio, contract).map_err(|_| ExprError::ZeroRatio {
            // Unreachable: `parse_ratio` only returns finite non-zero values.
            offset: word.offset,
            found: text_of(word),
        })?);
        // Between legs: the end, or the sign of the next leg.
        token = lexer.next_token();
        match token.kind {
            K::End => return Ok(legs),
            K::Plus | K::Minus => {}
            K::Word | K::Number => {
                return Err(ExprError::MissingSign {
                    offset: token.offset,
                    found: text_of(token),
                });
            }
            K::Times | K::Stray => return Err(not_a_leg_start(token, expect::NEXT_LEG)),
        }
    }
}

fn dangling(operator: Token<'_>, end: Token<'_>) -> ExprError {
    ExprError::DanglingOperator {
        offset: end.offset,
        operator: text_of(operator),
        operator_offset: operator.offset,
    }
}

/// A word that is not a contract, where a ratio could have been: `abc×TU` is a bad ratio and
/// `2TUM24` a ratio missing its `×`; anything else keeps the contract error.
fn misplaced_ratio(lexer: &Lexer<'_>, word: Token<'_>, contract_error: ExprError) -> ExprError {
    if lexer.clone().next_token().kind == TokenKind::Times {
        return ExprError::BadRatio {
            offset: word.offset,
            found: text_of(word),
            expected: expect::RATIO,
        };
    }
    if matches!(contract_error, ExprError::UnknownRoot { .. }) {
        let numeric = word
            .text
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if numeric > 0 {
            return ExprError::MissingMultiply {
                offset: word.offset + numeric,
                found: word.text.get(numeric..).unwrap_or("").to_owned(),
            };
        }
    }
    contract_error
}

/// The duplicate-leg error; finds where the first occurrence was written by re-reading the
/// text (error path only). Every `Word` token of a successfully parsed prefix is a contract, so
/// the first occurrence is the `first`-th word.
fn duplicate(text: &str, first: usize, second: Token<'_>) -> ExprError {
    let mut lexer = Lexer::new(text);
    let mut seen = 0;
    let mut first_word = second;
    loop {
        let token = lexer.next_token();
        match token.kind {
            TokenKind::End => break,
            TokenKind::Word => {
                if seen == first {
                    first_word = token;
                    break;
                }
                seen += 1;
            }
            _ => {}
        }
    }
    ExprError::DuplicateLeg {
        offset: second.offset,
        found: text_of(second),
        first: text_of(first_word),
        first_offset: first_word.offset,
    }
}

/// A ratio: `digits ['.' digits]`, finite and non-zero.
fn parse_ratio(number: Token<'_>) -> Result<f64, ExprError> {
    let bytes = number.text.as_bytes();
    let digit_run = |b: &[u8]| b.iter().take_while(|b| b.is_ascii_digit()).count();
    let int = digit_run(bytes);
    let well_formed = int > 0
        && match bytes.get(int) {
            None => true,
            Some(b'.') => {
                let frac = digit_run(&bytes[int + 1..]);
                frac > 0 && int + 1 + frac == bytes.len()
            }
            Some(_) => false,
        };
    let bad = |expected| ExprError::BadRatio {
        offset: number.offset,
        found: text_of(number),
        expected,
    };
    if !well_formed {
        return Err(bad(expect::RATIO));
    }
    let value = match decimal_fast_path(bytes) {
        Some(value) => value,
        None => number.text.parse().map_err(|_| bad(expect::RATIO))?,
    };
    if value == 0.0 {
        return Err(ExprError::ZeroRatio {
            offset: number.offset,
            found: text_of(number),
        });
    }
    if !value.is_finite() {
        return Err(bad(expect::FINITE_RATIO));
    }
    Ok(value)
}

/// Exact powers of ten: every `10^k` with `k <= 22` is representable in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The most significant digits the fast path takes: any 15-digit integer is below 2^53, so it
/// is exact in an `f64`.
const FAST_PATH_MAX_DIGITS: usize = 15;

/// `digits ['.' digits]` as an `f64` without the general decimal-to-float algorithm, when the
/// result is exact anyway: with at most 15 digits the mantissa `m` is an exact `f64`, and so
/// is `10^k` for the `k <= 15` fractional digits, so `m / 10^k` is one correctly rounded IEEE
/// division, the same value `str::parse` returns (Clinger's fast path; W. D. Clinger, "How to
/// read floating point numbers accurately", PLDI 1990). `None` sends longer inputs to
/// `str::parse`. The caller has checked the syntax.
fn decimal_fast_path(bytes: &[u8]) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut frac_digits = None;
    for &b in bytes {
        if b == b'.' {
            frac_digits = Some(0);
            continue;
        }
        mantissa = mantissa * 10 + u64::from(b - b'0');
        digits += 1;
        if let Some(k) = frac_digits.as_mut() {
            *k += 1;
        }
        if digits > FAST_PATH_MAX_DIGITS {
            return None;
        }
    }
    let scale = POW10.get(frac_digits.unwrap_or(0))?;
    // `mantissa` < 10^15 < 2^53: the conversion is exact.
    Some(mantissa as f64 / scale)
}

/// A `Word` token as a contract reference: a generic leg (`T`, `TU1`) or a contract code.
fn parse_contract_word(
    text: &str,
    word: Token<'_>,
    reference: Option<NaiveDate>,
) -> Result<LegContract, ExprError> {
    let Some((root, root_len)) = root_prefix(word.text) else {
        return Err(ExprError::UnknownRoot {
            offset: word.offset,
            found: text_of(word),
        });
    };
    let rest = word.text.get(root_len..).unwrap_or("");
    if rest.is_empty() {
        return Ok(LegContract::Generic { root, nearby: None });
    }
    let cffex = root.spec().exchange == Exchange::Cffex;
    if rest.bytes().all(|b| b.is_ascii_digit()) && !(cffex && rest.len() == 4) {
        let nearby = match rest.as_bytes() {
            [d] => Nearby::new(d - b'0'),
            _ => None,
        };
        return match nearby {
            Some(n) => Ok(LegContract::Generic {
                root,
                nearby: Some(n),
            }),
            None => Err(ExprError::BadNearby {
                offset: word.offset + root_len,
                found: rest.to_owned(),
                expected: if cffex {
                    expect::NEARBY_CFFEX
                } else {
                    expect::NEARBY_LETTER
                },
            }),
        };
    }
    let parsed = match reference {
        Some(date) => ContractCode::parse_with_reference(word.text, date),
        None => word.text.parse(),
    };
    parsed
        .map(LegContract::Specific)
        .map_err(|e| code_error(text, word.offset, e))
}

/// Moves a contract-code error into the expression: shifts its offset by where the code starts
/// and, where the code ended early, shows what follows it in the expression.
fn code_error(text: &str, at: usize, error: ContractError) -> ExprError {
    match error {
        ContractError::Parse(e) => {
            let mut e = e.shifted(at);
            if e.found.is_empty() {
                e.found = text
                    .get(e.offset..)
                    .and_then(|rest| rest.chars().next())
                    .map(String::from)
                    .unwrap_or_default();
            }
            ExprError::BadCode {
                offset: e.offset,
                error: ContractError::Parse(e),
            }
        }
        other => ExprError::BadCode {
            offset: at,
            error: other,
        },
    }
}

/// Parses a single contract reference (`TUM24`, `T`, `TU2`), surrounded by optional spaces.
pub(crate) fn parse_leg_contract(text: &str) -> Result<LegContract, ExprError> {
    let mut lexer = Lexer::new(text);
    let token = lexer.next_token();
    match token.kind {
        TokenKind::End => {
            return Err(ExprError::Blank {
                offset: token.offset,
            });
        }
        TokenKind::Word => {}
        _ => return Err(not_a_leg_start(token, expect::CONTRACT)),
    }
    let contract = parse_contract_word(text, token, None)?;
    let after = lexer.next_token();
    if after.kind != TokenKind::End {
        return Err(not_a_leg_start(after, expect::END_OF_CONTRACT));
    }
    Ok(contract)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legs(text: &str) -> Vec<(f64, String)> {
        parse_legs(text, None)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
            .iter()
            .map(|l| (l.ratio(), l.contract().to_string()))
            .collect()
    }

    fn err(text: &str) -> ExprError {
        match parse_legs(text, None) {
            Err(e) => e,
            Ok(legs) => panic!("{text:?} parsed as {legs:?}"),
        }
    }

    fn l(ratio: f64, contract: &str) -> (f64, String) {
        (ratio, contract.to_owned())
    }

    #[test]
    fn byte_root_table_agrees_with_root_from_symbol() {
        use crate::contract::{Root, root_of_bytes};
        let alphabet: Vec<u8> = (b'0'..=b'9')
            .chain(b'A'..=b'Z')
            .chain(b'a'..=b'z')
            .collect();
        let mut symbols: Vec<Vec<u8>> = alphabet.iter().map(|&a| vec![a]).collect();
        for &a in &alphabet {
            for &b in &alphabet {
                symbols.push(vec![a, b]);
            }
        }
        for symbol in symbols {
            let upper = String::from_utf8(symbol.to_ascii_uppercase()).unwrap();
            assert_eq!(root_of_bytes(&symbol), Root::from_symbol(&upper), "{upper}");
        }
    }

    #[test]
    fn ratio_fast_path_matches_str_parse() {
        for text in [
            "1",
            "2",
            "0.5",
            "1.65",
            "0.6039755351681957",
            "123456789012345",
            "1234567890123456",
            "0.000000000000001",
            "99999999.9999999",
        ] {
            let std: f64 = text.parse().unwrap();
            if let Some(fast) = decimal_fast_path(text.as_bytes()) {
                assert_eq!(fast.to_bits(), std.to_bits(), "{text}");
            }
        }
        assert_eq!(decimal_fast_path(b"1234567890123456"), None);
        assert_eq!(decimal_fast_path(b"1.65"), Some(1.65));
    }

    proptest::proptest! {
        #[test]
        fn ratio_fast_path_is_bit_identical_to_str_parse(
            int in "[0-9]{1,12}",
            frac in proptest::option::of("[0-9]{1,16}"),
        ) {
            let text = match frac {
                Some(f) => format!("{int}.{f}"),
                None => int,
            };
            let std: f64 = text.parse().unwrap();
            if let Some(fast) = decimal_fast_path(text.as_bytes()) {
                proptest::prop_assert_eq!(fast.to_bits(), std.to_bits(), "{}", text);
            }
        }
    }

    #[test]
    fn parses_the_research_note_expressions() {
        // The trades of the March 2024 research note (shared DESIGN.md).
        assert_eq!(legs("2×TUM24−1×TYM24"), [l(2.0, "TUM24"), l(-1.0, "TYM24")]);
        assert_eq!(legs("+VXM24"), [l(1.0, "VXM24")]);
        assert_eq!(legs("-ECM24"), [l(-1.0, "ECM24")]);
        assert_eq!(legs("+TYM24"), [l(1.0, "TYM24")]);
        assert_eq!(legs("+1×T−2×TS"), [l(1.0, "T"), l(-2.0, "TS")]);
        assert_eq!(legs("2*TUM24 - TYM24"), [l(2.0, "TUM24"), l(-1.0, "TYM24")]);
        assert_eq!(
            legs("1.65×TUM24−TYM24"),
            [l(1.65, "TUM24"), l(-1.0, "TYM24")]
        );
    }

    #[test]
    fn spaces_are_optional_between_tokens() {
        let expected = [l(2.0, "TUM24"), l(-1.0, "TYM24")];
        assert_eq!(legs("  2 × TUM24 − 1 × TYM24  "), expected);
        assert_eq!(legs("2\t*\tTUM24\n-\n1*TYM24"), expected);
        assert_eq!(legs("+ 2×TUM24 -TYM24"), expected);
    }

    #[test]
    fn generic_legs_and_cffex_codes_are_told_apart() {
        assert_eq!(legs("T2406 - T2"), [l(1.0, "T2406"), l(-1.0, "T2")]);
        assert_eq!(legs("TU - TU2"), [l(1.0, "TU"), l(-1.0, "TU2")]);
        assert_eq!(legs("TS2406.CFE+TF"), [l(1.0, "TS2406"), l(1.0, "TF")]);
        assert_eq!(legs("zn - 6E3"), [l(1.0, "TY"), l(-1.0, "EC3")]);
        assert_eq!(legs("TUM24 - TU2"), [l(1.0, "TUM24"), l(-1.0, "TU2")]);
    }

    #[test]
    fn one_digit_years_use_the_reference_when_given() {
        let r = NaiveDate::from_ymd_opt(2019, 7, 1).unwrap();
        let parsed = parse_legs("TYM9 - TYU9", Some(r)).unwrap();
        let codes: Vec<String> = parsed.iter().map(|l| l.contract().to_string()).collect();
        assert_eq!(codes, ["TYM29", "TYU19"]);
    }

    #[test]
    fn blank_text_is_reported_at_its_end() {
        assert_eq!(err(""), ExprError::Blank { offset: 0 });
        assert_eq!(err("   "), ExprError::Blank { offset: 3 });
    }

    #[test]
    fn dangling_operators_are_reported() {
        let e = err("2×");
        assert_eq!(e.offset(), Some(3));
        assert!(
            matches!(&e, ExprError::DanglingOperator { operator, operator_offset: 1, .. } if operator == "×"),
            "{e:?}"
        );
        let e = err("TUM24−");
        assert!(
            matches!(
                &e,
                ExprError::DanglingOperator {
                    offset: 8,
                    operator_offset: 5,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(matches!(
            err("- "),
            ExprError::DanglingOperator {
                offset: 2,
                operator_offset: 0,
                ..
            }
        ));
        assert_eq!(
            err("TUM24 +").to_string(),
            "expected a leg at offset 7 after the dangling \"+\" at offset 6, found end of input"
        );
    }

    #[test]
    fn missing_signs_between_legs_are_reported() {
        let e = err("TUM24 TYM24");
        assert!(
            matches!(&e, ExprError::MissingSign { offset: 6, found } if found == "TYM24"),
            "{e:?}"
        );
        assert!(matches!(
            err("TUM24 2×TYM24"),
            ExprError::MissingSign { offset: 6, .. }
        ));
        assert_eq!(
            err("TUM24 TYM24").to_string(),
            "expected + or − before the next leg at offset 6, found \"TYM24\""
        );
    }

    #[test]
    fn zero_ratios_are_rejected() {
        for (text, offset) in [("0×TUM24", 0), ("-0×TUM24", 1), ("TU − 0.000 * TY", 7)] {
            let e = err(text);
            assert!(matches!(e, ExprError::ZeroRatio { .. }), "{text}: {e:?}");
            assert_eq!(e.offset(), Some(offset), "{text}");
        }
        // Underflows to zero.
        let tiny = format!("0.{}1×TU", "0".repeat(400));
        assert!(matches!(err(&tiny), ExprError::ZeroRatio { offset: 0, .. }));
    }

    #[test]
    fn non_numeric_ratios_are_rejected() {
        for (text, offset, found) in [
            ("1.2.3×TU", 0, "1.2.3"),
            (".5×TU", 0, ".5"),
            ("2.×TU", 0, "2."),
            ("TU - 1e3×TY", 5, "1e3"),
            ("x*TU", 0, "x"),
            ("two × TU", 0, "two"),
        ] {
            let e = err(text);
            assert!(
                matches!(&e, ExprError::BadRatio { found: f, .. } if f == found),
                "{text}: {e:?}"
            );
            assert_eq!(e.offset(), Some(offset), "{text}");
        }
        let huge = format!("{}×TU", "9".repeat(400));
        let e = err(&huge);
        assert!(
            matches!(e, ExprError::BadRatio { offset: 0, expected, .. } if expected == expect::FINITE_RATIO)
        );
    }

    #[test]
    fn ratios_without_contracts_are_rejected() {
        let e = err("TUM24 - 2");
        assert!(
            matches!(&e, ExprError::RatioWithoutContract { offset: 9, ratio_offset: 8, found, .. } if found.is_empty()),
            "{e:?}"
        );
        let e = err("2 + TYM24");
        assert!(
            matches!(&e, ExprError::RatioWithoutContract { offset: 2, ratio_offset: 0, found, .. } if found == "+"),
            "{e:?}"
        );
    }

    #[test]
    fn ratios_glued_to_contracts_need_a_multiplication_sign() {
        let e = err("2TUM24");
        assert!(
            matches!(&e, ExprError::MissingMultiply { offset: 1, found } if found == "TUM24"),
            "{e:?}"
        );
        let e = err("TU - 1.5 TY");
        assert!(
            matches!(&e, ExprError::MissingMultiply { offset: 9, found } if found == "TY"),
            "{e:?}"
        );
    }

    #[test]
    fn duplicate_legs_are_rejected_with_both_offsets() {
        for (text, offset, first_offset) in [
            ("TU - TU1", 5, 0),
            ("TUM24 + 2×TYM24 − ZTM4", 21, 0),
            ("T2406+TS-t2406.cfe", 9, 0),
            ("VX2 - TU + 3×VX2", 14, 0),
        ] {
            let e = err(text);
            assert!(matches!(e, ExprError::DuplicateLeg { .. }), "{text}: {e:?}");
            assert_eq!(e.offset(), Some(offset), "{text}");
            let ExprError::DuplicateLeg {
                first_offset: f, ..
            } = e
            else {
                unreachable!()
            };
            assert_eq!(f, first_offset, "{text}");
        }
        assert_eq!(
            err("TU - TU1").to_string(),
            "expected a contract not already in the spread at offset 5, found \"TU1\" \
             (the same contract as \"TU\" at offset 0)"
        );
    }

    #[test]
    fn unknown_roots_are_rejected() {
        for (text, offset, found) in [
            ("XXM24", 0, "XXM24"),
            ("TU - ZZ", 5, "ZZ"),
            ("2×TXM24", 3, "TXM24"),
            ("QQ", 0, "QQ"),
        ] {
            let e = err(text);
            assert!(
                matches!(&e, ExprError::UnknownRoot { found: f, .. } if f == found),
                "{text}: {e:?}"
            );
            assert_eq!(e.offset(), Some(offset), "{text}");
        }
    }

    #[test]
    fn bad_nearby_numbers_are_rejected() {
        for (text, offset, found) in [
            ("T0", 1, "0"),
            ("TU - T24", 6, "24"),
            ("TS240", 2, "240"),
            ("TU2406", 2, "2406"),
            ("TU12", 2, "12"),
        ] {
            let e = err(text);
            assert!(
                matches!(&e, ExprError::BadNearby { found: f, .. } if f == found),
                "{text}: {e:?}"
            );
            assert_eq!(e.offset(), Some(offset), "{text}");
        }
    }

    #[test]
    fn bad_codes_keep_the_code_error_shifted_into_the_expression() {
        for (text, offset) in [
            ("2×TUA24", 5),
            ("TU - TUJ24", 7),
            ("T - T2413", 7),
            ("TYM24 - TUM2024", 11),
            ("TUM24X", 5),
            ("VXM24.CFE", 5),
        ] {
            let e = err(text);
            assert!(matches!(e, ExprError::BadCode { .. }), "{text}: {e:?}");
            assert_eq!(e.offset(), Some(offset), "{text}");
            let ExprError::BadCode {
                error: ContractError::Parse(inner),
                ..
            } = &e
            else {
                panic!("{text}: {e:?}")
            };
            assert_eq!(inner.offset, offset, "{text}");
            assert!(
                e.to_string().contains(&format!("at offset {offset}")),
                "{e}"
            );
        }
        // A code that ends early shows what follows it in the expression.
        let e = err("TUM − TYM24");
        assert_eq!(e.offset(), Some(3));
        assert_eq!(
            e.to_string(),
            "expected a 1- or 2-digit year at offset 3, found \" \""
        );
        let e = err("2×TUM");
        assert!(e.to_string().ends_with("found end of input"), "{e}");
    }

    #[test]
    fn stray_characters_and_misplaced_tokens_are_located() {
        for (text, offset, found) in [
            ("TUM24 / TYM24", 6, "/"),
            ("(TUM24)", 0, "("),
            ("2 ÷ TUM24", 2, "÷"),
            ("TUM24 – TYM24", 6, "–"),
            ("2×ТU", 3, "Т"),
            ("TU − 2×%", 10, "%"),
        ] {
            let e = err(text);
            assert!(
                matches!(&e, ExprError::StrayCharacter { found: f, .. } if f == found),
                "{text}: {e:?}"
            );
            assert_eq!(e.offset(), Some(offset), "{text}");
        }
        for (text, offset, found) in [
            ("×TUM24", 0, "×"),
            ("TUM24×2", 5, "×"),
            ("TU +− TY", 4, "−"),
            ("2××TU", 3, "×"),
            ("2 3×TU", 2, "3"),
        ] {
            let e = err(text);
            assert!(
                matches!(&e, ExprError::UnexpectedToken { found: f, .. } if f == found),
                "{text}: {e:?}"
            );
            assert_eq!(e.offset(), Some(offset), "{text}");
        }
    }
}

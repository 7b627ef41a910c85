//! The spread-expression lexer: turns text into tokens without allocating.
//!
//! | token | text |
//! |---|---|
//! | `Plus` | `+` |
//! | `Minus` | `-` or `−` (U+2212) |
//! | `Times` | `*` or `×` (U+00D7) |
//! | `Number` | a run of ASCII digits and `.` (`2`, `1.65`; malformed runs such as `1.2.3` too) |
//! | `Word` | a run of ASCII letters, digits and `.` with at least one letter (`TUM24`, `T`, `6EM4`, `TS2406.CFE`) |
//! | `Stray` | any other character except whitespace, which only separates tokens |
//! | `End` | the end of the text |
//!
//! Each token borrows its text from the input and records its byte offset, so the parser can
//! report positions without copying.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Plus,
    Minus,
    Times,
    Number,
    Word,
    Stray,
    End,
}

/// A token: its kind, where it starts and its text (empty for `End`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub kind: TokenKind,
    pub offset: usize,
    pub text: &'a str,
}

/// A cursor over the expression text. Cloning it is how the parser looks ahead.
#[derive(Debug, Clone)]
pub(crate) struct Lexer<'a> {
    text: &'a str,
    /// Byte offset of the next unread character; always a `char` boundary.
    pos: usize,
}

/// `×`, MULTIPLICATION SIGN (U+00D7), in UTF-8.
const TIMES_SIGN: &[u8] = "\u{00D7}".as_bytes();
/// `−`, MINUS SIGN (U+2212), in UTF-8.
const MINUS_SIGN: &[u8] = "\u{2212}".as_bytes();

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0 }
    }

    /// The `char` at byte offset `at`, if any.
    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|rest| rest.chars().next())
    }

    /// The token of kind `kind` covering `start..end`, and the cursor moved past it.
    #[inline(always)]
    fn token(&mut self, kind: TokenKind, start: usize, end: usize) -> Token<'a> {
        self.pos = end;
        Token {
            kind,
            offset: start,
            text: self.text.get(start..end).unwrap_or(""),
        }
    }

    /// The next token; `End` (repeatedly) once the text is used up.
    #[inline(always)]
    pub(crate) fn next_token(&mut self) -> Token<'a> {
        let bytes = self.text.as_bytes();
        let mut pos = self.pos;
        // Skip white space: ASCII through the class table; non-ASCII bytes are decoded only
        // when they are not the `×` and `−` operators.
        let first = loop {
            let Some(&b) = bytes.get(pos) else {
                return self.token(TokenKind::End, pos, pos);
            };
            let class = class_of(b);
            if class & SPACE != 0 {
                pos += 1;
                continue;
            }
            if class == NON_ASCII
                && !starts_operator(bytes, pos)
                && let Some(c) = self.char_at(pos).filter(|c| c.is_whitespace())
            {
                pos += c.len_utf8();
                continue;
            }
            break b;
        };
        match first {
            b'+' => self.token(TokenKind::Plus, pos, pos + 1),
            b'-' => self.token(TokenKind::Minus, pos, pos + 1),
            b'*' => self.token(TokenKind::Times, pos, pos + 1),
            b if class_of(b) & WORD != 0 => {
                // One pass: the extent of the run and whether it has a letter.
                let mut end = pos;
                let mut seen = 0;
                for &b in bytes.get(pos..).unwrap_or(&[]) {
                    let class = class_of(b);
                    if class & WORD == 0 {
                        break;
                    }
                    seen |= class;
                    end += 1;
                }
                let kind = if seen & LETTER != 0 {
                    TokenKind::Word
                } else {
                    TokenKind::Number
                };
                self.token(kind, pos, end)
            }
            b if b.is_ascii() => self.token(TokenKind::Stray, pos, pos + 1),
            _ => {
                let rest = bytes.get(pos..).unwrap_or(&[]);
                if rest.starts_with(TIMES_SIGN) {
                    self.token(TokenKind::Times, pos, pos + TIMES_SIGN.len())
                } else if rest.starts_with(MINUS_SIGN) {
                    self.token(TokenKind::Minus, pos, pos + MINUS_SIGN.len())
                } else {
                    // The cursor is on a char boundary, so a non-ASCII byte starts a char.
                    let len = self.char_at(pos).map_or(rest.len(), char::len_utf8);
                    self.token(TokenKind::Stray, pos, pos + len)
                }
            }
        }
    }
}

/// Whether `×` or `−` starts at `pos`.
fn starts_operator(bytes: &[u8], pos: usize) -> bool {
    let rest = bytes.get(pos..).unwrap_or(&[]);
    rest.starts_with(TIMES_SIGN) || rest.starts_with(MINUS_SIGN)
}

/// Byte classes: bit flags looked up in one table instead of a chain of range tests.
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const DOT: u8 = 4;
const SPACE: u8 = 8;
const NON_ASCII: u8 = 16;
/// Bytes that make up `Word` and `Number` tokens.
const WORD: u8 = LETTER | DIGIT | DOT;

const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphabetic() {
            LETTER
        } else if byte.is_ascii_digit() {
            DIGIT
        } else if byte == b'.' {
            DOT
        } else if byte.is_ascii_whitespace() {
            SPACE
        } else if !byte.is_ascii() {
            NON_ASCII
        } else {
            0
        };
        b += 1;
    }
    table
};

fn class_of(b: u8) -> u8 {
    CLASSES[usize::from(b)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn lex(text: &str) -> Vec<(TokenKind, usize, &str)> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token();
            out.push((t.kind, t.offset, t.text));
            if t.kind == End {
                return out;
            }
        }
    }

    #[test]
    fn lexes_unicode_and_ascii_operators_with_byte_offsets() {
        assert_eq!(
            lex("2×TUM24−1×TYM24"),
            vec![
                (Number, 0, "2"),
                (Times, 1, "×"),
                (Word, 3, "TUM24"),
                (Minus, 8, "−"),
                (Number, 11, "1"),
                (Times, 12, "×"),
                (Word, 14, "TYM24"),
                (End, 19, ""),
            ]
        );
        assert_eq!(
            lex(" 1.65 * TS2406.CFE -T "),
            vec![
                (Number, 1, "1.65"),
                (Times, 6, "*"),
                (Word, 8, "TS2406.CFE"),
                (Minus, 19, "-"),
                (Word, 20, "T"),
                (End, 22, ""),
            ]
        );
    }

    #[test]
    fn words_need_a_letter_and_globex_aliases_may_start_with_a_digit() {
        assert_eq!(lex("6EM4")[0], (Word, 0, "6EM4"));
        assert_eq!(lex("1.2.3")[0], (Number, 0, "1.2.3"));
        assert_eq!(lex("2TUM24")[0], (Word, 0, "2TUM24"));
    }

    #[test]
    fn other_characters_are_stray_and_unicode_space_separates() {
        assert_eq!(
            lex("TU/÷\u{00A0}+"),
            vec![
                (Word, 0, "TU"),
                (Stray, 2, "/"),
                (Stray, 3, "÷"),
                (Plus, 7, "+"),
                (End, 8, ""),
            ]
        );
        assert_eq!(lex(""), vec![(End, 0, "")]);
        assert_eq!(lex(" \t\n"), vec![(End, 3, "")]);
    }
}

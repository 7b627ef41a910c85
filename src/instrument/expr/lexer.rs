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

/// `×`, MULTIPLICATION SIGN.
const TIMES_SIGN: char = '\u{00D7}';
/// `−`, MINUS SIGN.
const MINUS_SIGN: char = '\u{2212}';

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.'
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0 }
    }

    /// The `char` at the cursor, if any.
    fn peek_char(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn token(&mut self, kind: TokenKind, len: usize) -> Token<'a> {
        let offset = self.pos;
        self.pos += len;
        Token {
            kind,
            offset,
            text: self.text.get(offset..self.pos).unwrap_or(""),
        }
    }

    /// The next token; `End` (repeatedly) once the text is used up.
    pub(crate) fn next_token(&mut self) -> Token<'a> {
        let bytes = self.text.as_bytes();
        // Skip whitespace: ASCII on the fast path, any Unicode white space otherwise.
        loop {
            match bytes.get(self.pos) {
                Some(b) if b.is_ascii_whitespace() => self.pos += 1,
                Some(b) if !b.is_ascii() => match self.peek_char() {
                    Some(c) if c.is_whitespace() => self.pos += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        let Some(&first) = bytes.get(self.pos) else {
            return self.token(TokenKind::End, 0);
        };
        match first {
            b'+' => self.token(TokenKind::Plus, 1),
            b'-' => self.token(TokenKind::Minus, 1),
            b'*' => self.token(TokenKind::Times, 1),
            b if is_word_byte(b) => {
                let run = bytes[self.pos..]
                    .iter()
                    .take_while(|&&b| is_word_byte(b))
                    .count();
                let has_letter = bytes[self.pos..self.pos + run]
                    .iter()
                    .any(u8::is_ascii_alphabetic);
                let kind = if has_letter {
                    TokenKind::Word
                } else {
                    TokenKind::Number
                };
                self.token(kind, run)
            }
            b if b.is_ascii() => self.token(TokenKind::Stray, 1),
            _ => match self.peek_char() {
                Some(TIMES_SIGN) => self.token(TokenKind::Times, TIMES_SIGN.len_utf8()),
                Some(MINUS_SIGN) => self.token(TokenKind::Minus, MINUS_SIGN.len_utf8()),
                Some(c) => self.token(TokenKind::Stray, c.len_utf8()),
                // The cursor is always on a char boundary inside the text, so a non-ASCII
                // byte there starts a char; stop rather than loop if that ever fails.
                None => self.token(TokenKind::End, 0),
            },
        }
    }
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

//! Splits schema text into tokens with their positions.
//!
//! The lexer never fails: a character no token starts with becomes an
//! [`TokenKind::Invalid`] token, so the parser reports it in the statement it
//! belongs to and a lenient parse can skip just that statement. Comments are
//! dropped here, except that a `// LAYER N` comment becomes a
//! [`TokenKind::Layer`] token; section markers (`---functions---`) become
//! [`TokenKind::Section`] tokens.

use super::ast::Category;
#[cfg(test)]
use alloc::vec::Vec;

/// One token and where it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token<'a> {
    /// What the token is.
    pub kind: TokenKind<'a>,
    /// 1-based line of its first character.
    pub line: usize,
    /// 1-based column (in characters) of its first character.
    pub column: usize,
    /// 1-based column just after its last character (same line: no token spans lines).
    pub end_column: usize,
    /// Whitespace, a comment or the start of a line comes right before it.
    /// The parser needs this because `name#id` (an id) and `name # [ t ]`
    /// (a repetition) differ only in spacing.
    pub space_before: bool,
    /// It is the first token on its line.
    pub line_start: bool,
}

/// The kinds of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenKind<'a> {
    /// A run of ASCII letters, digits, `_` and `.`: names, namespaced names,
    /// `flags.3`, hex ids and numbers. The parser splits and checks it.
    Word(&'a str),
    /// One of `# : ? < > { } [ ] = ; ! % * ,`.
    Punct(char),
    /// A character no token starts with.
    Invalid(char),
    /// `---functions---` or `---types---`.
    Section(Category),
    /// A word starting with `---` that is no known section marker.
    UnknownSection(&'a str),
    /// The number of a `// LAYER N` comment.
    Layer(u32),
    /// The digits of a `// LAYER N` comment too large for `u32`.
    LayerOutOfRange(&'a str),
}

impl TokenKind<'_> {
    /// True for tokens that belong to a statement (not markers or layer comments).
    pub(super) fn is_statement_token(&self) -> bool {
        matches!(self, Self::Word(_) | Self::Punct(_) | Self::Invalid(_))
    }
}

/// Punctuation characters that form one-character tokens.
const PUNCT: &str = "#:?<>{}[]=;!%*,";

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// Cuts `text` into tokens, one at a time: a position in the text, cheap to
/// copy, so the parser keeps where a statement starts instead of its tokens
/// and reads them again when the statement ends.
#[derive(Clone, Copy, Debug)]
pub(super) struct Lexer<'a> {
    rest: &'a str,
    line: usize,
    column: usize,
    space_before: bool,
    line_start: bool,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        // A byte-order mark at the very start is an artefact of some editors, not content.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self {
            rest: text,
            line: 1,
            column: 1,
            space_before: true,
            line_start: true,
        }
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        while let Some(c) = self.rest.chars().next() {
            let start_column = self.column;
            let (kind, len) = if c == '\n' {
                self.line = self.line.saturating_add(1);
                self.column = 1;
                self.space_before = true;
                self.line_start = true;
                self.rest = self.rest.get(1..).unwrap_or("");
                continue;
            } else if c.is_ascii_whitespace() {
                self.column = self.column.saturating_add(1);
                self.space_before = true;
                self.rest = self.rest.get(1..).unwrap_or("");
                continue;
            } else if self.rest.starts_with("//") {
                let len = self.rest.find('\n').unwrap_or(self.rest.len());
                let comment = self.rest.get(..len).unwrap_or("");
                let layer = layer_of_comment(comment);
                self.column = self.column.saturating_add(comment.chars().count());
                self.rest = self.rest.get(len..).unwrap_or("");
                self.space_before = true;
                // A layer comment is a token only so the driver sees it in
                // order; it does not make the next token a non-line-start.
                if let Some(kind) = layer {
                    return Some(Token {
                        kind,
                        line: self.line,
                        column: start_column,
                        end_column: self.column,
                        space_before: true,
                        line_start: false,
                    });
                }
                continue;
            } else if self.rest.starts_with("---") {
                let len = self
                    .rest
                    .find(|ch: char| ch.is_ascii_whitespace())
                    .unwrap_or(self.rest.len());
                let word = self.rest.get(..len).unwrap_or("");
                let kind = match word {
                    "---functions---" => TokenKind::Section(Category::Function),
                    "---types---" => TokenKind::Section(Category::Type),
                    other => TokenKind::UnknownSection(other),
                };
                (kind, len)
            } else if is_word_char(c) {
                let len = self
                    .rest
                    .find(|ch: char| !is_word_char(ch))
                    .unwrap_or(self.rest.len());
                (TokenKind::Word(self.rest.get(..len).unwrap_or("")), len)
            } else if PUNCT.contains(c) {
                (TokenKind::Punct(c), c.len_utf8())
            } else {
                (TokenKind::Invalid(c), c.len_utf8())
            };
            let consumed = self.rest.get(..len).unwrap_or("");
            self.column = self.column.saturating_add(consumed.chars().count());
            self.rest = self.rest.get(len..).unwrap_or("");
            let token = Token {
                kind,
                line: self.line,
                column: start_column,
                end_column: self.column,
                space_before: self.space_before,
                line_start: self.line_start,
            };
            self.space_before = false;
            self.line_start = false;
            return Some(token);
        }
        None
    }
}

/// Every token of `text`.
#[cfg(test)]
pub(super) fn lex(text: &str) -> Vec<Token<'_>> {
    Lexer::new(text).collect()
}

/// Reads `// LAYER N` (also `//LAYER N`, `/// LAYER N`); other comments give `None`.
fn layer_of_comment(comment: &str) -> Option<TokenKind<'_>> {
    let body = comment.trim_start_matches('/').trim_start();
    let after = body.strip_prefix("LAYER")?;
    let digits_start = after.trim_start();
    let len = digits_start
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits_start.len());
    let digits = digits_start.get(..len)?;
    let tail = digits_start.get(len..)?;
    // `// LAYERS` or `// LAYER 3x` is prose, not a layer number.
    if digits.is_empty() || !(tail.is_empty() || tail.starts_with(|c: char| c.is_whitespace())) {
        return None;
    }
    Some(match digits.parse::<u32>() {
        Ok(n) => TokenKind::Layer(n),
        Err(_) => TokenKind::LayerOutOfRange(digits),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn kinds(text: &str) -> Vec<TokenKind<'_>> {
        lex(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn words_and_punctuation() {
        assert_eq!(
            kinds("a.b#1f x:flags.0?true;"),
            vec![
                TokenKind::Word("a.b"),
                TokenKind::Punct('#'),
                TokenKind::Word("1f"),
                TokenKind::Word("x"),
                TokenKind::Punct(':'),
                TokenKind::Word("flags.0"),
                TokenKind::Punct('?'),
                TokenKind::Word("true"),
                TokenKind::Punct(';'),
            ]
        );
    }

    #[test]
    fn positions_and_spacing() {
        let t = lex("  ab#c\n x");
        assert_eq!((t[0].line, t[0].column, t[0].end_column), (1, 3, 5));
        assert!(t[0].space_before && t[0].line_start);
        assert_eq!((t[1].column, t[1].space_before), (5, false));
        assert_eq!((t[3].line, t[3].column), (2, 2));
        assert!(t[3].line_start);
    }

    #[test]
    fn columns_count_characters() {
        let t = lex("// é\n\u{e9}é x");
        assert_eq!(t[0].kind, TokenKind::Invalid('é'));
        assert_eq!((t[0].line, t[0].column), (2, 1));
        assert_eq!((t[2].kind, t[2].column), (TokenKind::Word("x"), 4));
    }

    #[test]
    fn comments_and_layers() {
        assert_eq!(kinds("a // b c ; d"), vec![TokenKind::Word("a")]);
        assert_eq!(kinds("// LAYER 214"), vec![TokenKind::Layer(214)]);
        assert_eq!(kinds("//LAYER 5\n"), vec![TokenKind::Layer(5)]);
        assert_eq!(kinds("/// LAYER 7 note"), vec![TokenKind::Layer(7)]);
        assert_eq!(kinds("// LAYERS 3"), vec![]);
        assert_eq!(kinds("// LAYER 3x"), vec![]);
        assert_eq!(kinds("// LAYER"), vec![]);
        assert_eq!(
            kinds("// LAYER 99999999999"),
            vec![TokenKind::LayerOutOfRange("99999999999")]
        );
    }

    #[test]
    fn sections() {
        assert_eq!(
            kinds("---functions---\n---types---\n---x---"),
            vec![
                TokenKind::Section(Category::Function),
                TokenKind::Section(Category::Type),
                TokenKind::UnknownSection("---x---"),
            ]
        );
        assert_eq!(kinds("-"), vec![TokenKind::Invalid('-')]);
    }

    #[test]
    fn bom_and_crlf() {
        assert_eq!(
            kinds("\u{feff}a\r\nb"),
            vec![TokenKind::Word("a"), TokenKind::Word("b")]
        );
    }
}

//! The error a schema parse reports: where (1-based line and column) and what.
//!
//! Columns count Unicode scalar values, not bytes, so a position points at
//! the character a person sees in an editor even on a line with non-ASCII
//! text before it. A tab counts as one column.

use alloc::string::String;
use core::fmt;

/// One problem found while parsing a schema, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseError {
    /// 1-based line of the offending text.
    pub line: usize,
    /// 1-based column (in characters) of the offending text.
    pub column: usize,
    /// What went wrong.
    pub kind: ParseErrorKind,
}

/// What went wrong; [`fmt::Display`] gives the message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A character that no TL token starts with (non-ASCII, `$`, a lone `/`…).
    UnexpectedChar(char),
    /// A token other than the one the grammar needs here.
    UnexpectedToken {
        /// What the grammar needs, as a phrase (`` `=` ``, "a field name").
        expected: &'static str,
        /// The token found, shortened if long.
        found: String,
    },
    /// The statement ended (`;` or end of input) where more was needed.
    UnexpectedEnd {
        /// What the grammar needs, as a phrase.
        expected: &'static str,
    },
    /// A definition that is not closed by `;` before the next definition,
    /// a section marker or the end of the input.
    MissingSemicolon {
        /// The line the unterminated definition starts on.
        started: usize,
    },
    /// The text after `#` is not 1–8 hexadecimal digits.
    InvalidId(String),
    /// A combinator, type, field or generic name that is not an identifier
    /// (an ASCII letter, then letters, digits or `_`; parts joined by `.`).
    InvalidName(String),
    /// The `N` of `flags.N?` is not a number from 0 to 31.
    FlagIndexOutOfRange(String),
    /// `name.N?` refers to a field that is not an earlier `name:#`.
    UndeclaredFlags(String),
    /// `!X` refers to a generic that is not declared as `{X:Type}`.
    UndeclaredGeneric(String),
    /// A field or generic name used twice in one definition.
    DuplicateName(String),
    /// A generic parameter of a kind other than `Type` (`{n:#}`).
    UnsupportedGenericKind(String),
    /// More than one argument between `<` and `>`.
    TooManyGenericArgs,
    /// A line starting with `---` that is neither `---functions---` nor `---types---`.
    UnknownSection(String),
    /// A `// LAYER N` comment whose number does not fit in 32 bits.
    LayerOutOfRange(String),
    /// Types or repetitions nested deeper than the parser follows.
    TooDeep,
    /// A single definition was asked for, and the text held none or several.
    NotOneDefinition,
    /// The parse found more errors than it lists: this many more, from here
    /// on. A lossy parse keeps at most [`MAX_ERRORS`](crate::MAX_ERRORS) of
    /// them, so a file of broken lines costs memory for the lines it keeps,
    /// not for every error.
    TooManyErrors {
        /// The errors found and not listed.
        more: usize,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.kind
        )
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedChar(c) => write!(f, "unexpected character {c:?}"),
            Self::TooManyErrors { more } => {
                write!(f, "{more} more errors from here on, not listed")
            }
            Self::UnexpectedToken { expected, found } => {
                write!(f, "expected {expected}, found `{found}`")
            }
            Self::UnexpectedEnd { expected } => {
                write!(f, "expected {expected}, found the end of the definition")
            }
            Self::MissingSemicolon { started } => {
                write!(
                    f,
                    "missing `;` after the definition started on line {started}"
                )
            }
            Self::InvalidId(s) => write!(f, "invalid id `#{s}`: expected 1 to 8 hex digits"),
            Self::InvalidName(s) => write!(f, "invalid name `{s}`"),
            Self::FlagIndexOutOfRange(s) => {
                write!(f, "flag bit `{s}` is not a number from 0 to 31")
            }
            Self::UndeclaredFlags(s) => {
                write!(
                    f,
                    "flags field `{s}` is not declared as `{s}:#` before its use"
                )
            }
            Self::UndeclaredGeneric(s) => {
                write!(f, "`!{s}` refers to no generic parameter `{{{s}:Type}}`")
            }
            Self::DuplicateName(s) => write!(f, "name `{s}` is used twice in one definition"),
            Self::UnsupportedGenericKind(s) => {
                write!(
                    f,
                    "generic parameter of kind `{s}` is not supported (only `Type`)"
                )
            }
            Self::TooManyGenericArgs => f.write_str("only one generic argument is supported"),
            Self::UnknownSection(s) => write!(f, "unknown section marker `{s}`"),
            Self::LayerOutOfRange(s) => write!(f, "layer number {s} does not fit in 32 bits"),
            Self::TooDeep => f.write_str("types nested too deeply"),
            Self::NotOneDefinition => f.write_str("expected exactly one definition"),
        }
    }
}

impl core::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn display_has_position_and_message() {
        let e = ParseError {
            line: 3,
            column: 7,
            kind: ParseErrorKind::UnexpectedChar('é'),
        };
        assert_eq!(e.to_string(), "line 3, column 7: unexpected character 'é'");
    }

    #[test]
    fn is_an_error() {
        fn takes(_: &dyn core::error::Error) {}
        takes(&ParseError {
            line: 1,
            column: 1,
            kind: ParseErrorKind::TooDeep,
        });
    }
}

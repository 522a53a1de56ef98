//! The TL schema parser of tlwire: schema text in, [`Schema`] out.
//!
//! This crate owns the entry points ([`parse`], [`parse_lossy`], and
//! [`str::parse`] for a single [`Definition`]) and re-exports the rest: the
//! data ([`Schema`], [`Definition`], …), errors ([`ParseError`]), the id
//! rule and its check ([`verify`], [`normalized_line`]) and printing back to
//! TL syntax (`Display` on [`Definition`], [`Parameter`], [`Type`]).
//!
//! When a file has several `// LAYER N` comments, the last one wins.
//!
//! The grammar is the one the official files use: `//` comments, section
//! markers `---functions---`/`---types---`, `// LAYER N`, `name#id` with 1–8
//! hex digits, `{X:Type}` generics and `!X`, `flags:#` words of any name,
//! `name:flags.N?Type`, `Vector<T>` and `Vector T`, the built-in
//! `vector {t:Type} # [ t ] = Vector t`, and the core lines without an id
//! (`int ? = Int`, `int128 4*[ int ] = Int128`), which are kept apart as
//! [`CoreLine`]s. A definition may span several lines up to its `;`.
//!
//! Schema files may come from anywhere, so it never panics on input.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

extern crate alloc;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod ast;
mod display;
mod error;
mod id;
mod lexer;
mod parser;

pub use ast::{Category, CoreLine, Definition, Flag, Parameter, ParameterType, Schema, Type};
pub use error::{ParseError, ParseErrorKind};
pub use id::{normalized_line, verify, IdCheck, Verification};
pub use parser::MAX_ERRORS;

use alloc::vec::Vec;
use core::str::FromStr;

/// Parses a schema file.
///
/// # Errors
///
/// The first [`ParseError`] in the text; [`parse_lossy`] gives them all.
///
/// ```text
/// boolTrue#997275b5 = Bool;
/// ---functions---
/// auth.acceptLoginToken#e894ad4d token:bytes = Authorization;
/// ```
pub fn parse(text: &str) -> Result<Schema, ParseError> {
    let (schema, errors) = parse_lossy(text);
    match errors.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(schema),
    }
}

/// Parses a schema file, skipping what does not parse: returns every
/// definition that parsed and the errors, in file order.
///
/// Each broken statement (up to its `;`) gives one error and is dropped;
/// a definition only missing its `;` is reported and still kept. Past
/// [`MAX_ERRORS`] errors, one last error
/// ([`ParseErrorKind::TooManyErrors`]) counts the rest.
///
/// Memory grows with the input, never with its tokens: the parser holds
/// only the definitions it returns (on the official `api.tl` about 8× its
/// length at the peak, under 20× on a line of 100,000 fields or thousands
/// of broken lines; a file of nothing but the smallest definitions, a few
/// bytes each, up to about 80×, as each definition outweighs its text).
#[must_use]
pub fn parse_lossy(text: &str) -> (Schema, Vec<ParseError>) {
    let mut schema = Schema::default();
    let mut errors = Vec::new();
    parser::parse_into(text, &mut schema, &mut errors);
    (schema, errors)
}

/// Parses the text of one definition, the final `;` optional.
fn parse_definition(text: &str) -> Result<Definition, ParseError> {
    parser::parse_definition(text)
}

/// One definition, e.g. `"boolTrue#997275b5 = Bool;".parse::<Definition>()`.
/// Its category is [`Category::Type`] (one line has no section) and its
/// line 1; a core line or several definitions are an error.
impl FromStr for Definition {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_definition(s)
    }
}

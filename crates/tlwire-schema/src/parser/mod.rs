//! Turns tokens into a [`Schema`]: the statement driver here, the grammar
//! of one combinator line in [`statement`].
//!
//! The driver cuts the token stream into statements at `;`, follows section
//! markers and layer comments, and recovers from errors one statement at a
//! time, so a lenient parse reports at most one error per broken statement
//! and keeps every good one. The statement grammar is a small recursive
//! descent parser with a depth limit, so hostile input cannot overflow the
//! stack.

mod statement;
#[cfg(test)]
mod tests;

use super::ast::{Category, CoreLine, Definition, Schema};
use super::error::{ParseError, ParseErrorKind};
use super::lexer::{Lexer, Token, TokenKind};
use alloc::borrow::ToOwned;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use statement::StatementParser;

/// The most errors a lossy parse lists; past it, one more error says how
/// many were found and not listed. A file of broken lines then costs memory
/// for what it defines, not for every error: a megabyte of `;` would
/// otherwise make a million errors.
pub const MAX_ERRORS: usize = 1000;

/// What one statement turned out to be.
enum Statement {
    Definition(Definition),
    Core(CoreLine),
}

/// The tokens of one statement, read again from the text: where it starts
/// and how many statement tokens it has. The driver keeps this instead of
/// the tokens themselves, so a statement costs no memory per token however
/// long it runs.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span<'a> {
    from: Lexer<'a>,
    left: usize,
}

impl<'a> Span<'a> {
    /// The `count` statement tokens from `from` on.
    fn new(from: Lexer<'a>, count: usize) -> Self {
        Self { from, left: count }
    }

    /// How many tokens are left to read.
    pub(super) fn remaining(&self) -> usize {
        self.left
    }
}

impl<'a> Iterator for Span<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if self.left == 0 {
            return None;
        }
        // Layer comments between a statement's tokens are not part of it.
        let tok = self.from.find(|t| t.kind.is_statement_token())?;
        self.left -= 1;
        Some(tok)
    }
}

/// The statement read so far: where it starts, its first and last tokens
/// (for the missing-`;` message) and whether it has its `=`.
struct Pending<'a> {
    start: Lexer<'a>,
    count: usize,
    first: Token<'a>,
    last: Token<'a>,
    has_eq: bool,
}

impl<'a> Pending<'a> {
    fn span(&self) -> Span<'a> {
        Span::new(self.start, self.count)
    }
}

/// The errors of a lossy parse: the first [`MAX_ERRORS`], then a count.
struct Problems {
    listed: Vec<ParseError>,
    /// Where the first error not listed is, and how many there were.
    more: Option<(ParseError, usize)>,
}

impl Problems {
    fn push(&mut self, e: ParseError) {
        match &mut self.more {
            None if self.listed.len() < MAX_ERRORS => self.listed.push(e),
            None => self.more = Some((e, 1)),
            Some((_, n)) => *n = n.saturating_add(1),
        }
    }

    fn into_list(mut self) -> Vec<ParseError> {
        if let Some((first, more)) = self.more {
            self.listed.push(ParseError {
                kind: ParseErrorKind::TooManyErrors { more },
                ..first
            });
        }
        self.listed
    }
}

/// Parses `text`, appending definitions, core lines and the layer to
/// `schema` and every problem (the first [`MAX_ERRORS`], then their count)
/// to `errors`.
pub(super) fn parse_into(text: &str, schema: &mut Schema, errors: &mut Vec<ParseError>) {
    let mut problems = Problems {
        listed: core::mem::take(errors),
        more: None,
    };
    parse_statements(text, schema, &mut problems);
    *errors = problems.into_list();
}

fn parse_statements(text: &str, schema: &mut Schema, errors: &mut Problems) {
    let mut lexer = Lexer::new(text);
    let mut category = Category::Type;
    let mut pending: Option<Pending<'_>> = None;

    loop {
        let before = lexer;
        let Some(tok) = lexer.next() else {
            break;
        };
        match tok.kind {
            TokenKind::Layer(n) => schema.layer = Some(n),
            TokenKind::LayerOutOfRange(digits) => {
                errors.push(error_at(
                    &tok,
                    ParseErrorKind::LayerOutOfRange(digits.to_owned()),
                ));
            }
            TokenKind::Section(c) => {
                flush_unterminated(pending.take(), category, schema, errors);
                category = c;
            }
            TokenKind::UnknownSection(word) => {
                flush_unterminated(pending.take(), category, schema, errors);
                errors.push(error_at(
                    &tok,
                    ParseErrorKind::UnknownSection(word.to_owned()),
                ));
            }
            TokenKind::Punct(';') => {
                let end = (tok.line, tok.column);
                let span = pending.take().map_or(Span::new(lexer, 0), |p| p.span());
                match parse_statement(span, end, category) {
                    Ok(stmt) => push_statement(stmt, schema),
                    Err(e) => errors.push(e),
                }
            }
            TokenKind::Word(_) | TokenKind::Punct(_) | TokenKind::Invalid(_) => {
                if pending.as_ref().is_some_and(|p| p.has_eq) && starts_new_definition(&tok, lexer)
                {
                    flush_unterminated(pending.take(), category, schema, errors);
                }
                let is_eq = tok.kind == TokenKind::Punct('=');
                match &mut pending {
                    Some(p) => {
                        p.count = p.count.saturating_add(1);
                        p.last = tok;
                        p.has_eq |= is_eq;
                    }
                    None => {
                        pending = Some(Pending {
                            start: before,
                            count: 1,
                            first: tok,
                            last: tok,
                            has_eq: is_eq,
                        });
                    }
                }
            }
        }
    }
    flush_unterminated(pending, category, schema, errors);
}

/// Parses the text of exactly one definition, with or without its final `;`.
pub(super) fn parse_definition(text: &str) -> Result<Definition, ParseError> {
    // One pass to count the tokens and find the first that is not part of
    // one statement (a second `;`, a section marker, a bad layer comment);
    // a final `;` is allowed.
    let tokens = || Lexer::new(text).filter(|t| !matches!(t.kind, TokenKind::Layer(_)));
    let mut count = 0usize;
    let mut last: Option<Token<'_>> = None;
    let mut first_bad: Option<(usize, Token<'_>)> = None;
    for tok in tokens() {
        if first_bad.is_none()
            && (!tok.kind.is_statement_token() || tok.kind == TokenKind::Punct(';'))
        {
            first_bad = Some((count, tok));
        }
        last = Some(tok);
        count = count.saturating_add(1);
    }
    let mut end = last.map_or((1, 1), |t| (t.line, t.end_column));
    if let Some(last) = last.filter(|t| t.kind == TokenKind::Punct(';')) {
        end = (last.line, last.column);
        count -= 1;
    }
    if let Some((_, extra)) = first_bad.filter(|(i, _)| *i < count) {
        return Err(error_at(&extra, ParseErrorKind::NotOneDefinition));
    }
    let span = Span::new(Lexer::new(text), count);
    match parse_statement(span, end, Category::Type)? {
        Statement::Definition(def) => Ok(def),
        Statement::Core(core) => Err(ParseError {
            line: core.line,
            column: span.clone().next().map_or(1, |t| t.column),
            kind: ParseErrorKind::NotOneDefinition,
        }),
    }
}

fn push_statement(stmt: Statement, schema: &mut Schema) {
    match stmt {
        Statement::Definition(d) => schema.definitions.push(d),
        Statement::Core(c) => schema.core_lines.push(c),
    }
}

/// True when `tok` begins a line with `name#id`, or a line with a word and
/// an `=` of its own; `after` reads on from just after it. Called while the
/// pending statement already has its `=`: the previous line then lacks its
/// `;`. Without this, one missing `;` would swallow the next definition too.
fn starts_new_definition(tok: &Token<'_>, after: Lexer<'_>) -> bool {
    if !(tok.line_start && matches!(tok.kind, TokenKind::Word(_))) {
        return false;
    }
    let mut next = after;
    let id_follows = matches!(
        (next.next(), next.next()),
        (Some(h), Some(w)) if h.kind == TokenKind::Punct('#') && !h.space_before
            && matches!(w.kind, TokenKind::Word(_)) && !w.space_before
    );
    // `foo x:int = Foo` then `bar y:int = Bar;` on the next line: a line
    // that opens with a word and has its own `=` is a definition of its own
    // (a result type continued on the next line has no `=`). Only the rest
    // of the line is looked at, so a file without `;` stays linear.
    id_follows
        || after
            .take_while(|t| t.line == tok.line && t.kind != TokenKind::Punct(';'))
            .any(|t| t.kind == TokenKind::Punct('='))
}

/// Ends a statement that has no `;`: reports it and, if it parses as if it
/// were terminated, keeps it, so a lenient parse loses nothing.
fn flush_unterminated(
    pending: Option<Pending<'_>>,
    category: Category,
    schema: &mut Schema,
    errors: &mut Problems,
) {
    let Some(pending) = pending else {
        return;
    };
    let (first, last) = (pending.first, pending.last);
    let missing = ParseError {
        line: last.line,
        column: last.end_column,
        kind: ParseErrorKind::MissingSemicolon {
            started: first.line,
        },
    };
    // One error per broken statement. If it parses as if terminated, keep it
    // and report the `;`; if it breaks before its end, that break is the
    // better message; if it only runs out, the missing `;` explains it.
    match parse_statement(pending.span(), (last.line, last.end_column), category) {
        Ok(stmt) => {
            push_statement(stmt, schema);
            errors.push(missing);
        }
        Err(e) if matches!(e.kind, ParseErrorKind::UnexpectedEnd { .. }) => errors.push(missing),
        Err(e) => errors.push(e),
    }
}

fn error_at(tok: &Token<'_>, kind: ParseErrorKind) -> ParseError {
    ParseError {
        line: tok.line,
        column: tok.column,
        kind,
    }
}

/// The text of a token as written, for messages and core lines.
fn token_text(tok: &Token<'_>, out: &mut String) {
    match tok.kind {
        TokenKind::Word(w) | TokenKind::UnknownSection(w) | TokenKind::LayerOutOfRange(w) => {
            out.push_str(w);
        }
        TokenKind::Punct(c) | TokenKind::Invalid(c) => out.push(c),
        TokenKind::Section(Category::Function) => out.push_str("---functions---"),
        TokenKind::Section(Category::Type) => out.push_str("---types---"),
        TokenKind::Layer(_) => out.push_str("// LAYER"),
    }
}

/// True for an identifier: an ASCII letter, then ASCII letters, digits or `_`.
fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parses one statement (the tokens before its `;`). `end` is where the
/// statement ends, for "found the end" errors.
fn parse_statement(
    tokens: Span<'_>,
    end: (usize, usize),
    category: Category,
) -> Result<Statement, ParseError> {
    let mut p = StatementParser {
        start: tokens,
        tokens,
        end,
        names: BTreeMap::new(),
    };
    p.statement(category)
}

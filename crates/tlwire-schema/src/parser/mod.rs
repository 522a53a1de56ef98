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
use super::lexer::{lex, Token, TokenKind};
use alloc::borrow::ToOwned;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

use statement::StatementParser;

/// What one statement turned out to be.
enum Statement {
    Definition(Definition),
    Core(CoreLine),
}

/// Parses `text`, appending definitions, core lines and the layer to
/// `schema` and every problem to `errors`.
pub(super) fn parse_into(text: &str, schema: &mut Schema, errors: &mut Vec<ParseError>) {
    let tokens = lex(text);
    let mut category = Category::Type;
    let mut pending: Vec<Token<'_>> = Vec::new();
    // Whether `pending` holds a `=`; kept here rather than searched for on
    // every token, which would be quadratic on a file without `;`.
    let mut pending_has_eq = false;

    for (i, tok) in tokens.iter().enumerate() {
        match tok.kind {
            TokenKind::Layer(n) => schema.layer = Some(n),
            TokenKind::LayerOutOfRange(digits) => {
                errors.push(error_at(
                    tok,
                    ParseErrorKind::LayerOutOfRange(digits.to_owned()),
                ));
            }
            TokenKind::Section(c) => {
                flush_unterminated(&mut pending, category, schema, errors);
                pending_has_eq = false;
                category = c;
            }
            TokenKind::UnknownSection(word) => {
                flush_unterminated(&mut pending, category, schema, errors);
                pending_has_eq = false;
                errors.push(error_at(
                    tok,
                    ParseErrorKind::UnknownSection(word.to_owned()),
                ));
            }
            TokenKind::Punct(';') => {
                let end = (tok.line, tok.column);
                match parse_statement(&pending, end, category) {
                    Ok(stmt) => push_statement(stmt, schema),
                    Err(e) => errors.push(e),
                }
                pending.clear();
                pending_has_eq = false;
            }
            TokenKind::Word(_) | TokenKind::Punct(_) | TokenKind::Invalid(_) => {
                if pending_has_eq && starts_new_definition(&tokens, i) {
                    flush_unterminated(&mut pending, category, schema, errors);
                    pending_has_eq = false;
                }
                pending_has_eq |= tok.kind == TokenKind::Punct('=');
                pending.push(*tok);
            }
        }
    }
    flush_unterminated(&mut pending, category, schema, errors);
}

/// Parses the text of exactly one definition, with or without its final `;`.
pub(super) fn parse_definition(text: &str) -> Result<Definition, ParseError> {
    let tokens: Vec<Token<'_>> = lex(text)
        .into_iter()
        .filter(|t| !matches!(t.kind, TokenKind::Layer(_)))
        .collect();
    let mut body: &[Token<'_>] = &tokens;
    let mut end = body.last().map_or((1, 1), |t| (t.line, t.end_column));
    if let Some((last, rest)) = body.split_last() {
        if last.kind == TokenKind::Punct(';') {
            end = (last.line, last.column);
            body = rest;
        }
    }
    // Anything that is not part of one statement (a second `;`, a section
    // marker, a bad layer comment) means the text is not one definition.
    if let Some(extra) = body
        .iter()
        .find(|t| !t.kind.is_statement_token() || t.kind == TokenKind::Punct(';'))
    {
        return Err(error_at(extra, ParseErrorKind::NotOneDefinition));
    }
    match parse_statement(body, end, Category::Type)? {
        Statement::Definition(def) => Ok(def),
        Statement::Core(core) => Err(ParseError {
            line: core.line,
            column: body.first().map_or(1, |t| t.column),
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

/// True when token `i` begins a line with `name#id`, or a line with a word
/// and an `=` of its own. Called while the pending statement already has its
/// `=`: the previous line then lacks its `;`. Without this, one missing `;`
/// would swallow the next definition too.
fn starts_new_definition(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(tok) = tokens.get(i) else {
        return false;
    };
    let id_follows = matches!(
        (tokens.get(i.wrapping_add(1)), tokens.get(i.wrapping_add(2))),
        (Some(h), Some(w)) if h.kind == TokenKind::Punct('#') && !h.space_before
            && matches!(w.kind, TokenKind::Word(_)) && !w.space_before
    );
    // `foo x:int = Foo` then `bar y:int = Bar;` on the next line: a line
    // that opens with a word and has its own `=` is a definition of its own
    // (a result type continued on the next line has no `=`). Only the rest
    // of the line is looked at, so a file without `;` stays linear.
    let eq_on_line = || {
        tokens
            .iter()
            .skip(i.saturating_add(1))
            .take_while(|t| t.line == tok.line && t.kind != TokenKind::Punct(';'))
            .any(|t| t.kind == TokenKind::Punct('='))
    };
    tok.line_start && matches!(tok.kind, TokenKind::Word(_)) && (id_follows || eq_on_line())
}

/// Ends a statement that has no `;`: reports it and, if it parses as if it
/// were terminated, keeps it, so a lenient parse loses nothing.
fn flush_unterminated(
    pending: &mut Vec<Token<'_>>,
    category: Category,
    schema: &mut Schema,
    errors: &mut Vec<ParseError>,
) {
    let (Some(first), Some(last)) = (pending.first(), pending.last()) else {
        return;
    };
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
    match parse_statement(pending, (last.line, last.end_column), category) {
        Ok(stmt) => {
            push_statement(stmt, schema);
            errors.push(missing);
        }
        Err(e) if matches!(e.kind, ParseErrorKind::UnexpectedEnd { .. }) => errors.push(missing),
        Err(e) => errors.push(e),
    }
    pending.clear();
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
    tokens: &[Token<'_>],
    end: (usize, usize),
    category: Category,
) -> Result<Statement, ParseError> {
    let mut p = StatementParser {
        tokens,
        pos: 0,
        end,
        generics: BTreeSet::new(),
        names: BTreeSet::new(),
        flags: BTreeSet::new(),
    };
    p.statement(category)
}

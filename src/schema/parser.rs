//! Turns tokens into a [`Schema`]: the statement driver and the grammar of
//! one combinator line.
//!
//! The driver cuts the token stream into statements at `;`, follows section
//! markers and layer comments, and recovers from errors one statement at a
//! time, so a lenient parse reports at most one error per broken statement
//! and keeps every good one. The statement grammar is a small recursive
//! descent parser with a depth limit, so hostile input cannot overflow the
//! stack.

use super::ast::{Category, CoreLine, Definition, Flag, Parameter, ParameterType, Schema, Type};
use super::error::{ParseError, ParseErrorKind};
use super::lexer::{lex, Token, TokenKind};
use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

/// How deep `<…>` and `[…]` may nest; real schemas use 3.
const MAX_DEPTH: usize = 32;

/// How many characters of an offending token an error message quotes.
const QUOTE_LEN: usize = 40;

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

/// The state of parsing one statement.
struct StatementParser<'t, 'a> {
    tokens: &'t [Token<'a>],
    pos: usize,
    end: (usize, usize),
    /// Generic parameter names declared so far (for `!X`).
    generics: BTreeSet<&'a str>,
    /// Field and generic names declared so far (for duplicates).
    names: BTreeSet<&'a str>,
    /// Flags words (`name:#`) declared so far (for `name.N?`).
    flags: BTreeSet<&'a str>,
}

impl<'a> StatementParser<'_, 'a> {
    fn peek(&self) -> Option<&Token<'a>> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Token<'a>> {
        self.tokens.get(self.pos.saturating_add(ahead))
    }

    fn peek_is(&self, c: char) -> bool {
        self.peek().is_some_and(|t| t.kind == TokenKind::Punct(c))
    }

    fn bump(&mut self) -> Option<Token<'a>> {
        let tok = self.tokens.get(self.pos).copied();
        if tok.is_some() {
            self.pos = self.pos.saturating_add(1);
        }
        tok
    }

    /// The error for finding the current token (or the end) where `expected` was needed.
    fn unexpected(&self, expected: &'static str) -> ParseError {
        match self.peek() {
            None => ParseError {
                line: self.end.0,
                column: self.end.1,
                kind: ParseErrorKind::UnexpectedEnd { expected },
            },
            Some(tok) => {
                let kind = match tok.kind {
                    TokenKind::Invalid(c) => ParseErrorKind::UnexpectedChar(c),
                    _ => {
                        let mut text = String::new();
                        token_text(tok, &mut text);
                        ParseErrorKind::UnexpectedToken {
                            expected,
                            found: text.chars().take(QUOTE_LEN).collect(),
                        }
                    }
                };
                error_at(tok, kind)
            }
        }
    }

    fn expect_punct(&mut self, c: char, expected: &'static str) -> Result<Token<'a>, ParseError> {
        match self.peek() {
            Some(tok) if tok.kind == TokenKind::Punct(c) => {
                let tok = *tok;
                self.pos = self.pos.saturating_add(1);
                Ok(tok)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn expect_word(&mut self, expected: &'static str) -> Result<(Token<'a>, &'a str), ParseError> {
        match self.peek() {
            Some(tok) => {
                if let TokenKind::Word(w) = tok.kind {
                    let tok = *tok;
                    self.pos = self.pos.saturating_add(1);
                    return Ok((tok, w));
                }
                Err(self.unexpected(expected))
            }
            None => Err(self.unexpected(expected)),
        }
    }

    /// Records a field or generic name, rejecting a second use.
    fn declare(&mut self, tok: &Token<'a>, name: &'a str) -> Result<(), ParseError> {
        if !self.names.insert(name) {
            return Err(error_at(
                tok,
                ParseErrorKind::DuplicateName(name.to_owned()),
            ));
        }
        Ok(())
    }

    fn statement(&mut self, category: Category) -> Result<Statement, ParseError> {
        let (head, word) = self.expect_word("a combinator name")?;
        let (namespace, name) = split_name(&head, word)?;

        let id = self.id()?;
        if id.is_none() && self.at_core_body() {
            return self.core_line(head, word);
        }

        let mut generic_params = Vec::new();
        while self.peek_is('{') {
            self.bump();
            let (tok, gname) = self.expect_word("a generic parameter name")?;
            if !is_ident(gname) {
                return Err(error_at(
                    &tok,
                    ParseErrorKind::InvalidName(gname.to_owned()),
                ));
            }
            self.expect_punct(':', "`:`")?;
            let (kind_tok, kind) = self.expect_word("`Type`")?;
            if kind != "Type" {
                return Err(error_at(
                    &kind_tok,
                    ParseErrorKind::UnsupportedGenericKind(kind.to_owned()),
                ));
            }
            self.expect_punct('}', "`}`")?;
            self.declare(&tok, gname)?;
            self.generics.insert(gname);
            generic_params.push(gname.to_owned());
        }

        let mut params = Vec::new();
        while !self.peek_is('=') {
            if self.peek().is_none() {
                return Err(self.unexpected("a field or `=`"));
            }
            params.push(self.param(0, false)?);
        }
        self.bump();
        let ty = self.ty(0)?;
        if self.peek().is_some() {
            return Err(self.unexpected("`;`"));
        }
        Ok(Statement::Definition(Definition {
            namespace,
            name,
            id,
            generic_params,
            params,
            ty,
            category,
            line: head.line,
        }))
    }

    /// Reads `#id` right after the name; `#` after a space is not an id.
    fn id(&mut self) -> Result<Option<u32>, ParseError> {
        let Some(hash) = self.peek().copied() else {
            return Ok(None);
        };
        if hash.kind != TokenKind::Punct('#') || hash.space_before {
            return Ok(None);
        }
        self.bump();
        let hex = match self.peek() {
            Some(tok) if !tok.space_before => match tok.kind {
                TokenKind::Word(w) => Some((*tok, w)),
                _ => None,
            },
            _ => None,
        };
        let Some((tok, hex)) = hex else {
            return Err(error_at(&hash, ParseErrorKind::InvalidId(String::new())));
        };
        self.bump();
        // from_str_radix would accept a leading `+`; the digit check rules it out.
        let valid = !hex.is_empty() && hex.len() <= 8 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        match u32::from_str_radix(hex, 16) {
            Ok(id) if valid => Ok(Some(id)),
            _ => Err(error_at(&tok, ParseErrorKind::InvalidId(hex.to_owned()))),
        }
    }

    /// True when the name is followed by `?` or `N*[`: the body of a core line.
    fn at_core_body(&self) -> bool {
        match self.peek().map(|t| t.kind) {
            Some(TokenKind::Punct('?')) => true,
            Some(TokenKind::Word(w)) => {
                w.bytes().all(|b| b.is_ascii_digit())
                    && self
                        .peek_at(1)
                        .is_some_and(|t| t.kind == TokenKind::Punct('*'))
            }
            _ => false,
        }
    }

    /// A built-in line such as `int ? = Int` or `int128 4*[ int ] = Int128`:
    /// its body is kept as text, only its result type is checked.
    fn core_line(&mut self, head: Token<'a>, name: &'a str) -> Result<Statement, ParseError> {
        while !self.peek_is('=') {
            if self
                .peek()
                .is_some_and(|t| matches!(t.kind, TokenKind::Invalid(_)))
            {
                return Err(self.unexpected("`=`"));
            }
            if self.bump().is_none() {
                return Err(self.unexpected("`=`"));
            }
        }
        self.bump();
        self.ty(0)?;
        if self.peek().is_some() {
            return Err(self.unexpected("`;`"));
        }
        let mut text = String::new();
        for (i, tok) in self.tokens.iter().enumerate() {
            if i > 0 && tok.space_before {
                text.push(' ');
            }
            token_text(tok, &mut text);
        }
        Ok(Statement::Core(CoreLine {
            name: name.to_owned(),
            text,
            line: head.line,
        }))
    }

    /// One field: `name:#`, `name:Type`, `name:flags.N?Type`, `# [ … ]`,
    /// `name:# [ … ]`, or (inside brackets only) an anonymous `Type`.
    fn param(&mut self, depth: usize, in_brackets: bool) -> Result<Parameter, ParseError> {
        if self.peek_is('#') {
            self.bump();
            return self.repeat(String::new(), depth);
        }
        let named = matches!(self.peek().map(|t| t.kind), Some(TokenKind::Word(_)))
            && self
                .peek_at(1)
                .is_some_and(|t| t.kind == TokenKind::Punct(':'));
        if !named {
            let starts_type = matches!(
                self.peek().map(|t| t.kind),
                Some(TokenKind::Word(_) | TokenKind::Punct('!' | '%'))
            );
            if in_brackets && starts_type {
                let ty = self.ty(depth)?;
                return Ok(Parameter {
                    name: String::new(),
                    ty: ParameterType::Normal { ty, flag: None },
                });
            }
            return Err(self.unexpected("a field `name:Type`"));
        }
        let (tok, name) = self.expect_word("a field name")?;
        if !is_ident(name) {
            return Err(error_at(&tok, ParseErrorKind::InvalidName(name.to_owned())));
        }
        self.declare(&tok, name)?;
        self.bump(); // the `:` seen above

        if self.peek_is('#') {
            self.bump();
            if self.peek_is('[') {
                return self.repeat(name.to_owned(), depth);
            }
            self.flags.insert(name);
            return Ok(Parameter {
                name: name.to_owned(),
                ty: ParameterType::Flags,
            });
        }

        let flag = if self
            .peek_at(1)
            .is_some_and(|t| t.kind == TokenKind::Punct('?'))
        {
            let flag = self.flag_ref()?;
            self.bump(); // the `?`
            Some(flag)
        } else {
            None
        };
        let ty = self.ty(depth)?;
        Ok(Parameter {
            name: name.to_owned(),
            ty: ParameterType::Normal { ty, flag },
        })
    }

    /// `flags.N` before a `?`.
    fn flag_ref(&mut self) -> Result<Flag, ParseError> {
        let (tok, word) = self.expect_word("a flag reference `flags.N`")?;
        let Some((fname, index)) = word.rsplit_once('.') else {
            self.pos = self.pos.saturating_sub(1);
            return Err(self.unexpected("a flag reference `flags.N`"));
        };
        if !is_ident(fname) {
            return Err(error_at(
                &tok,
                ParseErrorKind::InvalidName(fname.to_owned()),
            ));
        }
        if !self.flags.contains(fname) {
            return Err(error_at(
                &tok,
                ParseErrorKind::UndeclaredFlags(fname.to_owned()),
            ));
        }
        let digits_ok = !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit());
        match index.parse::<u32>() {
            Ok(n) if digits_ok && n <= 31 => Ok(Flag {
                name: fname.to_owned(),
                index: n,
            }),
            _ => {
                // Words are ASCII, so the byte offset of the index is its column offset.
                let offset = fname.len().saturating_add(1);
                Err(ParseError {
                    line: tok.line,
                    column: tok.column.saturating_add(offset),
                    kind: ParseErrorKind::FlagIndexOutOfRange(index.to_owned()),
                })
            }
        }
    }

    /// `[ … ]` after a `#` count; `name` is the count's name (empty if anonymous).
    fn repeat(&mut self, name: String, depth: usize) -> Result<Parameter, ParseError> {
        let open = self.expect_punct('[', "`[` after `#`")?;
        if depth >= MAX_DEPTH {
            return Err(error_at(&open, ParseErrorKind::TooDeep));
        }
        let mut params = Vec::new();
        while !self.peek_is(']') {
            if self.peek().is_none() {
                return Err(self.unexpected("`]`"));
            }
            params.push(self.param(depth.saturating_add(1), true)?);
        }
        if params.is_empty() {
            return Err(self.unexpected("a repeated field"));
        }
        self.bump();
        Ok(Parameter {
            name,
            ty: ParameterType::Repeat { params },
        })
    }

    /// A type: `[!][%]name[.name…]` with an optional `<T>` (or, for
    /// `Vector`/`vector`, a space-separated `T`).
    fn ty(&mut self, depth: usize) -> Result<Type, ParseError> {
        if depth >= MAX_DEPTH {
            return Err(match self.peek() {
                Some(tok) => error_at(tok, ParseErrorKind::TooDeep),
                None => self.unexpected("a type"),
            });
        }
        let generic_ref = self.peek_is('!');
        if generic_ref {
            self.bump();
        }
        let percent = self.peek_is('%');
        if percent {
            self.bump();
        }
        let (tok, word) = self.expect_word("a type")?;
        let (namespace, name) = split_name(&tok, word)?;
        if generic_ref && (!namespace.is_empty() || !self.generics.contains(word)) {
            return Err(error_at(
                &tok,
                ParseErrorKind::UndeclaredGeneric(word.to_owned()),
            ));
        }
        let bare = percent || name.starts_with(|c: char| c.is_ascii_lowercase());

        let generic_arg = if self.peek_is('<') {
            self.bump();
            let arg = self.ty(depth.saturating_add(1))?;
            if self.peek_is(',') {
                let comma = self.peek().copied();
                if let Some(comma) = comma {
                    return Err(error_at(&comma, ParseErrorKind::TooManyGenericArgs));
                }
            }
            self.expect_punct('>', "`>`")?;
            Some(Box::new(arg))
        } else if namespace.is_empty()
            && (name == "Vector" || name == "vector")
            && self.space_arg_follows()
        {
            Some(Box::new(self.ty(depth.saturating_add(1))?))
        } else {
            None
        };
        Ok(Type {
            namespace,
            name,
            bare,
            generic_ref,
            generic_arg,
        })
    }

    /// True when a space-form generic argument follows (`Vector t`): a type
    /// that is not the name of the next field (`x:Vector next:int`).
    fn space_arg_follows(&self) -> bool {
        match self.peek().map(|t| t.kind) {
            Some(TokenKind::Punct('%' | '!')) => true,
            Some(TokenKind::Word(_)) => !self
                .peek_at(1)
                .is_some_and(|t| matches!(t.kind, TokenKind::Punct(':' | '?'))),
            _ => false,
        }
    }
}

/// Splits `ns.ns.name` into namespace parts and name, checking every part.
fn split_name(tok: &Token<'_>, word: &str) -> Result<(Vec<String>, String), ParseError> {
    let mut parts: Vec<String> = Vec::new();
    for part in word.split('.') {
        if !is_ident(part) {
            return Err(error_at(tok, ParseErrorKind::InvalidName(word.to_owned())));
        }
        parts.push(part.to_owned());
    }
    let name = parts.pop().unwrap_or_default();
    Ok((parts, name))
}

#[cfg(test)]
mod tests {
    use super::super::{parse, parse_lossy, Category, Definition, ParameterType, Schema, Type};
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn one(text: &str) -> Definition {
        let schema = parse(text).unwrap();
        assert_eq!(schema.definitions.len(), 1, "{text}");
        schema.definitions.into_iter().next().unwrap()
    }

    fn err(text: &str) -> (usize, usize, ParseErrorKind) {
        let e = parse(text).unwrap_err();
        (e.line, e.column, e.kind)
    }

    fn ty(name: &str) -> Type {
        Type {
            namespace: vec![],
            name: name.to_string(),
            bare: name.starts_with(|c: char| c.is_ascii_lowercase()),
            generic_ref: false,
            generic_arg: None,
        }
    }

    fn normal(name: &str, t: Type) -> Parameter {
        Parameter {
            name: name.to_string(),
            ty: ParameterType::Normal { ty: t, flag: None },
        }
    }

    #[test]
    fn comments_blank_lines_sections_and_layer() {
        let s = parse(
            "// head\n\n///////\nboolFalse#bc799737 = Bool; // trailing\n\
             ---functions---\n  // LAYER 1\nping#7abe77ec ping_id:long = Pong;\n\
             ---types---\npong#347773c5 msg_id:long ping_id:long = Pong;\n//LAYER 214\n",
        )
        .unwrap();
        let cats: Vec<_> = s
            .definitions
            .iter()
            .map(|d| (d.name.as_str(), d.category, d.line))
            .collect();
        assert_eq!(
            cats,
            [
                ("boolFalse", Category::Type, 4),
                ("ping", Category::Function, 7),
                ("pong", Category::Type, 9),
            ]
        );
        assert_eq!(s.layer, Some(214));
        assert_eq!(parse("").unwrap(), Schema::default());
    }

    #[test]
    fn ids() {
        assert_eq!(one("a#68e9916 = A;").id, Some(0x068e9916));
        assert_eq!(one("a#0 = A;").id, Some(0));
        assert_eq!(one("a#FFFFFFFF = A;").id, Some(0xffff_ffff));
        assert_eq!(one("tlsBlockDomain = TlsBlock;").id, None);
    }

    #[test]
    fn spans_lines_and_shares_lines() {
        let d = one("inputUser#f21158c6\n  user_id:long\n  access_hash:long\n  = InputUser\n;");
        assert_eq!(d.params.len(), 2);
        assert_eq!(d.line, 1);
        let s = parse("a#1 = A; b#2 = B;\r\nc#3 = C;").unwrap();
        let lines: Vec<_> = s.definitions.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 1, 2]);
    }

    #[test]
    fn flags_and_true() {
        let d = one("a#1 flags:# x:flags.0?true flags2:# y:flags2.31?Vector<int> z:true = A;");
        assert_eq!(d.params[0].ty, ParameterType::Flags);
        assert_eq!(
            d.params[1].ty,
            ParameterType::Normal {
                ty: ty("true"),
                flag: Some(Flag {
                    name: "flags".to_string(),
                    index: 0
                }),
            }
        );
        let ParameterType::Normal { ty: t, flag } = &d.params[3].ty else {
            panic!("not a normal field")
        };
        assert_eq!(
            flag,
            &Some(Flag {
                name: "flags2".to_string(),
                index: 31
            })
        );
        assert_eq!(t.name, "Vector");
        assert_eq!(t.generic_arg.as_deref(), Some(&ty("int")));
        assert_eq!(d.params[4], normal("z", ty("true")));
    }

    #[test]
    fn types_bare_boxed_namespaced_generic() {
        let d = one("auth.f#1 a:int b:Int c:%Message d:auth.LoginToken e:help.configSimple f:vector<long> g:Vector<Vector<TlsBlock>> = auth.LoginToken;");
        assert_eq!(
            (d.namespace.as_slice(), d.name.as_str()),
            (&["auth".to_string()][..], "f")
        );
        let tys: Vec<_> = d
            .params
            .iter()
            .map(|p| match &p.ty {
                ParameterType::Normal { ty, .. } => (ty.to_string(), ty.bare),
                _ => panic!("not a normal field"),
            })
            .collect();
        let expect = [
            ("int", true),
            ("Int", false),
            ("%Message", true),
            ("auth.LoginToken", false),
            ("help.configSimple", true),
            ("vector<long>", true),
            ("Vector<Vector<TlsBlock>>", false),
        ];
        let got: Vec<_> = tys.iter().map(|(s, b)| (s.as_str(), *b)).collect();
        assert_eq!(got, expect);
        assert_eq!(d.ty.namespace, ["auth"]);
    }

    #[test]
    fn space_form_vector() {
        let d = one("a#1 x:Vector long y:int = Vector t;");
        assert_eq!(d.params.len(), 2);
        assert_eq!(d.to_string(), "a#00000001 x:Vector<long> y:int = Vector<t>");
        let d = one("auth.exportLoginToken api_id:int api_hash:string except_ids:Vector long = auth.LoginToken;");
        assert_eq!(d.computed_id(), 0xb7e085fe);
    }

    #[test]
    fn generics() {
        let d = one("invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;");
        assert_eq!(d.generic_params, ["X"]);
        let ParameterType::Normal { ty: q, .. } = &d.params[1].ty else {
            panic!("not a normal field")
        };
        assert!(q.generic_ref && !q.bare && q.name == "X");
        assert_eq!(d.ty, ty("X"));
    }

    #[test]
    fn vector_line_with_and_without_id() {
        for line in [
            "vector#1cb5c415 {t:Type} # [ t ] = Vector t;",
            "vector {t:Type} # [ t ] = Vector t;",
        ] {
            let s = parse(line).unwrap();
            assert!(s.core_lines.is_empty());
            let d = &s.definitions[0];
            assert_eq!(
                d.params,
                [Parameter {
                    name: String::new(),
                    ty: ParameterType::Repeat {
                        params: vec![normal("", ty("t"))]
                    },
                }]
            );
            let mut result = ty("Vector");
            result.generic_arg = Some(Box::new(ty("t")));
            assert_eq!(d.ty, result);
            assert_eq!(d.computed_id(), 0x1cb5c415);
            assert_eq!(d.id_line(), "vector t:Type # [ t ] = Vector t");
        }
    }

    #[test]
    fn core_lines() {
        let s = parse(
            "int ? = Int;\nlong ? = Long;\ndouble ? = Double;\nstring ? = String;\n\n\
             int128 4*[ int ] = Int128;\nint256 8*[ int ] = Int256; // raw\n",
        )
        .unwrap();
        assert!(s.definitions.is_empty());
        let got: Vec<_> = s
            .core_lines
            .iter()
            .map(|c| (c.name.as_str(), c.text.as_str(), c.line))
            .collect();
        assert_eq!(
            got,
            [
                ("int", "int ? = Int", 1),
                ("long", "long ? = Long", 2),
                ("double", "double ? = Double", 3),
                ("string", "string ? = String", 4),
                ("int128", "int128 4*[ int ] = Int128", 6),
                ("int256", "int256 8*[ int ] = Int256", 7),
            ]
        );
    }

    #[test]
    fn named_repeat() {
        let d = one("a n:# [ x:int long ] = A;");
        let ParameterType::Repeat { params } = &d.params[0].ty else {
            panic!("not a repeat")
        };
        assert_eq!(d.params[0].name, "n");
        assert_eq!(
            params.as_slice(),
            [normal("x", ty("int")), normal("", ty("long"))]
        );
    }

    #[test]
    fn errors_with_positions() {
        use ParseErrorKind as K;
        let exp = |expected, found: &str| K::UnexpectedToken {
            expected,
            found: found.to_string(),
        };
        assert_eq!(err("fooé#1 = A;"), (1, 4, K::UnexpectedChar('é')));
        assert_eq!(
            err("\n  a#1 x:int;"),
            (
                2,
                12,
                K::UnexpectedEnd {
                    expected: "a field or `=`"
                }
            )
        );
        assert_eq!(
            err("a#1 = ;"),
            (1, 7, K::UnexpectedEnd { expected: "a type" })
        );
        assert_eq!(err("a#xyz = A;"), (1, 3, K::InvalidId("xyz".to_string())));
        assert_eq!(
            err("a#123456789 = A;"),
            (1, 3, K::InvalidId("123456789".to_string()))
        );
        assert_eq!(err("a# 12 = A;"), (1, 2, K::InvalidId(String::new())));
        assert_eq!(err("a.#1 = A;"), (1, 1, K::InvalidName("a.".to_string())));
        assert_eq!(err("1a#1 = A;"), (1, 1, K::InvalidName("1a".to_string())));
        assert_eq!(
            err("a#1 x:B.1c = A;"),
            (1, 7, K::InvalidName("B.1c".to_string()))
        );
        assert_eq!(
            err("a#1 flags:# x:flags.32?int = A;"),
            (1, 21, K::FlagIndexOutOfRange("32".to_string()))
        );
        assert_eq!(
            err("a#1 flags:# x:flags.99999999999999999999?int = A;"),
            (
                1,
                21,
                K::FlagIndexOutOfRange("99999999999999999999".to_string())
            )
        );
        assert_eq!(
            err("a#1 flags:# x:flags.?int = A;"),
            (1, 21, K::FlagIndexOutOfRange(String::new()))
        );
        assert_eq!(
            err("a#1 x:flags?int = A;"),
            (1, 7, exp("a flag reference `flags.N`", "flags"))
        );
        assert_eq!(
            err("a#1 x:flags.0?int = A;"),
            (1, 7, K::UndeclaredFlags("flags".to_string()))
        );
        assert_eq!(
            err("a#1 x:int y:x.0?int = A;"),
            (1, 13, K::UndeclaredFlags("x".to_string()))
        );
        assert_eq!(
            err("a#1 q:!X = X;"),
            (1, 8, K::UndeclaredGeneric("X".to_string()))
        );
        assert_eq!(
            err("a#1 x:int x:long = A;"),
            (1, 11, K::DuplicateName("x".to_string()))
        );
        assert_eq!(
            err("a#1 {X:Type} {X:Type} = A;"),
            (1, 15, K::DuplicateName("X".to_string()))
        );
        assert_eq!(
            err("a#1 {n:Nat} = A;"),
            (1, 8, K::UnsupportedGenericKind("Nat".to_string()))
        );
        assert_eq!(err("a#1 {n:#} = A;"), (1, 8, exp("`Type`", "#")));
        assert_eq!(err("a#1 x:Foo<a,b> = A;"), (1, 12, K::TooManyGenericArgs));
        assert_eq!(err("a#1 x:Vector<int = A;"), (1, 18, exp("`>`", "=")));
        assert_eq!(err("a#1 x = A;"), (1, 5, exp("a field `name:Type`", "x")));
        assert_eq!(err("a#1 # x = A;"), (1, 7, exp("`[` after `#`", "x")));
        assert_eq!(err("a#1 # [ ] = A;"), (1, 9, exp("a repeated field", "]")));
        assert_eq!(
            err("a#1 # [ x:int = A;"),
            (1, 15, exp("a field `name:Type`", "="))
        );
        assert_eq!(err("a#1 = A B;"), (1, 9, exp("`;`", "B")));
        assert_eq!(err("a#1 ? = A;"), (1, 5, exp("a field `name:Type`", "?")));
        assert_eq!(
            err(";"),
            (
                1,
                1,
                K::UnexpectedEnd {
                    expected: "a combinator name"
                }
            )
        );
        assert_eq!(err("= A;"), (1, 1, exp("a combinator name", "=")));
        assert_eq!(
            err("int ? = ;"),
            (1, 9, K::UnexpectedEnd { expected: "a type" })
        );
        assert_eq!(err("int ? $ = Int;"), (1, 7, K::UnexpectedChar('$')));
        assert_eq!(
            err("---foo---\n"),
            (1, 1, K::UnknownSection("---foo---".to_string()))
        );
        assert_eq!(err("a#1 = A; - "), (1, 10, K::UnexpectedChar('-')));
        assert_eq!(
            err("// LAYER 4294967296"),
            (1, 1, K::LayerOutOfRange("4294967296".to_string()))
        );
        let deep = alloc::format!("a#1 x:{}int{} = A;", "Vector<".repeat(100), ">".repeat(100));
        assert_eq!(err(&deep).2, K::TooDeep);
        let deep = alloc::format!("a#1 {} = A;", "# [ ".repeat(100));
        assert_eq!(err(&deep).2, K::TooDeep);
    }

    #[test]
    fn large_and_deep_inputs() {
        use ParseErrorKind as K;
        let deep = alloc::format!("a#1 x:{}int = A;", "Vector ".repeat(100));
        assert_eq!(err(&deep).2, K::TooDeep);
        // Big statements and files without `;` are handled in one pass:
        // these would take minutes if any step were quadratic.
        let mut fields = String::from("a#1");
        for i in 0..50_000 {
            fields.push_str(&alloc::format!(" f{i}:int"));
        }
        fields.push_str(" = A;");
        assert_eq!(one(&fields).params.len(), 50_000);
        let (s, e) = parse_lossy(&"x = y ".repeat(100_000));
        assert!(s.definitions.is_empty());
        assert_eq!(e.len(), 1);
        let (s, e) = parse_lossy(&"a#1 = A\n".repeat(20_000));
        assert_eq!((s.definitions.len(), e.len()), (20_000, 20_000));
    }

    #[test]
    fn long_tokens_are_quoted_short() {
        let long = "x".repeat(1000);
        let (_, _, kind) = err(&alloc::format!("a#1 = A {long};"));
        let ParseErrorKind::UnexpectedToken { found, .. } = kind else {
            panic!("wrong kind")
        };
        assert_eq!(found.len(), QUOTE_LEN);
    }

    #[test]
    fn missing_semicolons() {
        use ParseErrorKind as K;
        // Before the next `name#id` line: both definitions are kept.
        let (s, e) = parse_lossy("a#1 x:int = A\nb#2 = B;\n");
        assert_eq!(s.definitions.len(), 2);
        assert_eq!(
            e,
            [ParseError {
                line: 1,
                column: 14,
                kind: K::MissingSemicolon { started: 1 }
            }]
        );
        // Before a section marker and at the end of input.
        let (s, e) = parse_lossy("a#1 = A\n---functions---\nb#2 = B");
        assert_eq!(s.definitions.len(), 2);
        assert_eq!(s.definitions[1].category, Category::Function);
        let pos: Vec<_> = e.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(pos, [(1, 8), (3, 8)]);
        // A statement that would not parse anyway gives one error only.
        let (s, e) = parse_lossy("a#1 x:int\n---types---\n");
        assert!(s.definitions.is_empty());
        assert_eq!(e.len(), 1);
        // A type continued on the next line is not cut.
        assert_eq!(
            one("a#1 = Vector\n  t;").to_string(),
            "a#00000001 = Vector<t>"
        );
        // Lines without ids: a line with its own `=` starts a definition,
        // so the one missing `;` loses neither line.
        let (s, e) = parse_lossy("a x:int = A\nb y:int = B;\n");
        let names: Vec<_> = s.definitions.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(
            e,
            [ParseError {
                line: 1,
                column: 12,
                kind: K::MissingSemicolon { started: 1 }
            }]
        );
        // Without an `=` of its own, the next line continues the definition.
        let (s, e) = parse_lossy("a x:int = Vector\nt;\n");
        assert_eq!(s.definitions.len(), 1);
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn lossy_keeps_going() {
        let text = "a#1 = A;\nb#zz = B;\nc#3 = é;\nd#4 = D;\n---x---\n// LAYER 9\ne#5 x:flags.0?int = E;\nf#6 = F;";
        let (s, e) = parse_lossy(text);
        let names: Vec<_> = s.definitions.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "d", "f"]);
        assert_eq!(s.layer, Some(9));
        let lines: Vec<_> = e.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(lines, [(2, 3), (3, 7), (5, 1), (7, 7)]);
        assert_eq!(parse(text).unwrap_err(), e[0]);
        assert_eq!(
            e[1].to_string(),
            "line 3, column 7: unexpected character 'é'"
        );
    }

    #[test]
    fn non_ascii() {
        let (s, e) = parse_lossy("// комментарий ✓\nпривет#1 = A;\na#1 = A; // ✓\n\u{a0}b#2 = B;");
        assert_eq!(s.definitions.len(), 1);
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[0].column), (2, 1));
        assert_eq!(
            (e[1].line, e[1].column, &e[1].kind),
            (4, 1, &ParseErrorKind::UnexpectedChar('\u{a0}'))
        );
    }

    #[test]
    fn single_definition_from_str() {
        use ParseErrorKind as K;
        let d: Definition = "boolTrue#997275b5 = Bool".parse().unwrap();
        assert_eq!(
            (d.full_name(), d.id, d.line),
            ("boolTrue".to_string(), Some(0x997275b5), 1)
        );
        assert_eq!(
            "boolTrue#997275b5 = Bool; // c"
                .parse::<Definition>()
                .unwrap(),
            d
        );
        assert_eq!(
            "a = A; b = B".parse::<Definition>().unwrap_err().kind,
            K::NotOneDefinition
        );
        assert_eq!(
            "int ? = Int".parse::<Definition>().unwrap_err().kind,
            K::NotOneDefinition
        );
        assert_eq!(
            "---types--- a = A".parse::<Definition>().unwrap_err().kind,
            K::NotOneDefinition
        );
        let e = "".parse::<Definition>().unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        let e = "a = ".parse::<Definition>().unwrap_err();
        assert_eq!(
            (e.line, e.column, e.kind),
            (1, 4, K::UnexpectedEnd { expected: "a type" })
        );
    }

    use crate::testing::Rng;

    const SAMPLES: &[&str] = &[
        "vector#1cb5c415 {t:Type} # [ t ] = Vector t;",
        "int128 4*[ int ] = Int128;",
        "int ? = Int;",
        "invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;",
        "auth.acceptLoginToken#e894ad4d token:bytes = Authorization;",
        "auth.loginTokenMigrateTo#68e9916 dc_id:int token:bytes = auth.LoginToken;",
        "inputMediaPoll#f94e5f1 flags:# poll:Poll correct_answers:flags.0?Vector<bytes> solution:flags.1?string = InputMedia;",
        "a#1 flags:# flags2:# x:flags2.3?true y:%Foo z:Vector long = Vector t; // c",
        "tlsBlockPermutation entries:Vector<Vector<TlsBlock>> = TlsBlock;",
        "---functions---\n// LAYER 214\n",
    ];

    /// Checks that a parse result is sane and that what parsed prints back.
    fn check(text: &str) {
        let (schema, errors) = parse_lossy(text);
        for e in &errors {
            assert!(e.line >= 1 && e.column >= 1, "{text:?}: {e}");
            let _ = e.to_string();
        }
        for def in &schema.definitions {
            let _ = def.computed_id();
            let printed = def.to_string();
            let mut back: Definition = match printed.parse() {
                Ok(d) => d,
                Err(e) => panic!("{text:?} printed as {printed:?} does not reparse: {e}"),
            };
            back.line = def.line;
            back.category = def.category;
            assert_eq!(&back, def, "{text:?}");
        }
        let _ = super::super::normalized_line(text);
        let _ = text.parse::<Definition>();
    }

    #[test]
    fn fuzz_does_not_panic() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let alphabet: Vec<char> = "aZ09_.#:?<>{}[]=;!%*, \n\t/-é✓\u{0}\u{feff}tT"
            .chars()
            .collect();
        for sample in SAMPLES {
            // Every truncation at a character boundary.
            for (i, _) in sample.char_indices() {
                check(sample.get(..i).unwrap_or(""));
                check(sample.get(i..).unwrap_or(""));
            }
            // Random edits: insert, delete or replace characters.
            for _ in 0..300 {
                let mut chars: Vec<char> = sample.chars().collect();
                for _ in 0..=rng.below(4) {
                    let at = rng.below(chars.len().saturating_add(1));
                    let c = alphabet[rng.below(alphabet.len())];
                    match rng.below(3) {
                        0 => chars.insert(at.min(chars.len()), c),
                        1 if at < chars.len() => {
                            chars.remove(at);
                        }
                        _ if at < chars.len() => chars[at] = c,
                        _ => chars.push(c),
                    }
                }
                check(&chars.iter().collect::<String>());
            }
        }
        // Random bytes, read as (lossy) UTF-8.
        for _ in 0..2000 {
            let len = rng.below(64);
            let bytes: Vec<u8> = (0..len).map(|_| (rng.next() >> 56) as u8).collect();
            check(&String::from_utf8_lossy(&bytes));
        }
        // Random token soup, which reaches deeper into the grammar.
        let words = [
            "a",
            "A",
            "x:",
            "flags:#",
            "x:flags.0?",
            "int",
            "Vector",
            "<",
            ">",
            "#",
            "#1",
            "[",
            "]",
            "{X:Type}",
            "!X",
            "%",
            "=",
            ";",
            "?",
            "4*[",
            "ns.B",
            "\n",
        ];
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..rng.below(16) {
                s.push_str(words[rng.below(words.len())]);
                if rng.below(2) == 0 {
                    s.push(' ');
                }
            }
            check(&s);
        }
    }
}

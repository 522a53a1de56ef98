//! The grammar of one statement: a combinator line (`name#id fields = Type;`)
//! or a core line, read by a recursive descent parser with a depth limit.

use super::super::ast::{Category, CoreLine, Definition, Flag, Parameter, ParameterType, Type};
use super::super::error::{ParseError, ParseErrorKind};
use super::super::lexer::{Token, TokenKind};
use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use super::{error_at, is_ident, token_text, Span, Statement};

/// How deep `<…>` and `[…]` may nest; real schemas use 3.
const MAX_DEPTH: usize = 32;

/// Statements of more tokens than this count their fields before reading
/// them (see `count_params`); the longest official lines have about 250.
const COUNT_FIELDS_FROM: usize = 512;

/// How many characters of an offending token an error message quotes.
pub(super) const QUOTE_LEN: usize = 40;

/// The state of parsing one statement.
pub(super) struct StatementParser<'a> {
    /// The whole statement, for core lines, which keep their text.
    pub(super) start: Span<'a>,
    /// The tokens not read yet.
    pub(super) tokens: Span<'a>,
    pub(super) end: (usize, usize),
    /// Field and generic names declared so far and what each is: for
    /// duplicates, `!X` and `name.N?`. One map, not a set for each, as a
    /// line of many fields holds it whole.
    pub(super) names: BTreeMap<&'a str, Declared>,
}

/// What a name declared in a statement is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Declared {
    /// A generic parameter, `{X:Type}`.
    Generic,
    /// A field of a value.
    Field,
    /// A flags word, `name:#`.
    FlagsWord,
}

impl<'a> StatementParser<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.clone().next()
    }

    fn peek_at(&self, ahead: usize) -> Option<Token<'a>> {
        self.tokens.clone().nth(ahead)
    }

    fn peek_is(&self, c: char) -> bool {
        self.peek().is_some_and(|t| t.kind == TokenKind::Punct(c))
    }

    fn bump(&mut self) -> Option<Token<'a>> {
        self.tokens.next()
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
                        token_text(&tok, &mut text);
                        ParseErrorKind::UnexpectedToken {
                            expected,
                            found: text.chars().take(QUOTE_LEN).collect(),
                        }
                    }
                };
                error_at(&tok, kind)
            }
        }
    }

    fn expect_punct(&mut self, c: char, expected: &'static str) -> Result<Token<'a>, ParseError> {
        match self.peek() {
            Some(tok) if tok.kind == TokenKind::Punct(c) => {
                self.bump();
                Ok(tok)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn expect_word(&mut self, expected: &'static str) -> Result<(Token<'a>, &'a str), ParseError> {
        match self.peek() {
            Some(tok) => {
                if let TokenKind::Word(w) = tok.kind {
                    self.bump();
                    return Ok((tok, w));
                }
                Err(self.unexpected(expected))
            }
            None => Err(self.unexpected(expected)),
        }
    }

    /// Records a field or generic name, rejecting a second use.
    fn declare(
        &mut self,
        tok: &Token<'a>,
        name: &'a str,
        what: Declared,
    ) -> Result<(), ParseError> {
        if self.names.insert(name, what).is_some() {
            return Err(error_at(
                tok,
                ParseErrorKind::DuplicateName(name.to_owned()),
            ));
        }
        Ok(())
    }

    pub(super) fn statement(&mut self, category: Category) -> Result<Statement, ParseError> {
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
            self.declare(&tok, gname, Declared::Generic)?;
            generic_params.push(gname.to_owned());
        }

        let mut params = Vec::with_capacity(self.count_params());
        while !self.peek_is('=') {
            if self.peek().is_none() {
                return Err(self.unexpected("a field or `=`"));
            }
            params.push(self.param(0, false)?);
        }
        params.shrink_to_fit();
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

    /// How many fields follow, for a statement long enough that growing
    /// its list of fields by doubling would hold twice the memory they
    /// need: read once without keeping them. Shorter statements give 0 and
    /// grow the list.
    fn count_params(&self) -> usize {
        if self.tokens.remaining() <= COUNT_FIELDS_FROM {
            return 0;
        }
        let mut scratch = StatementParser {
            start: self.start,
            tokens: self.tokens,
            end: self.end,
            names: self.names.clone(),
        };
        let mut count = 0usize;
        while !scratch.peek_is('=') && scratch.peek().is_some() && scratch.param(0, false).is_ok() {
            count = count.saturating_add(1);
        }
        count
    }

    /// Reads `#id` right after the name; `#` after a space is not an id.
    fn id(&mut self) -> Result<Option<u32>, ParseError> {
        let Some(hash) = self.peek() else {
            return Ok(None);
        };
        if hash.kind != TokenKind::Punct('#') || hash.space_before {
            return Ok(None);
        }
        self.bump();
        let hex = match self.peek() {
            Some(tok) if !tok.space_before => match tok.kind {
                TokenKind::Word(w) => Some((tok, w)),
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
        for (i, tok) in self.start.enumerate() {
            if i > 0 && tok.space_before {
                text.push(' ');
            }
            token_text(&tok, &mut text);
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
        self.declare(&tok, name, Declared::Field)?;
        self.bump(); // the `:` seen above

        if self.peek_is('#') {
            self.bump();
            if self.peek_is('[') {
                return self.repeat(name.to_owned(), depth);
            }
            self.names.insert(name, Declared::FlagsWord);
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
        let before = self.tokens;
        let (tok, word) = self.expect_word("a flag reference `flags.N`")?;
        let Some((fname, index)) = word.rsplit_once('.') else {
            self.tokens = before;
            return Err(self.unexpected("a flag reference `flags.N`"));
        };
        if !is_ident(fname) {
            return Err(error_at(
                &tok,
                ParseErrorKind::InvalidName(fname.to_owned()),
            ));
        }
        if self.names.get(fname) != Some(&Declared::FlagsWord) {
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
                Some(tok) => error_at(&tok, ParseErrorKind::TooDeep),
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
        if generic_ref
            && (!namespace.is_empty() || self.names.get(word) != Some(&Declared::Generic))
        {
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
                let comma = self.peek();
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
    if !word.split('.').all(is_ident) {
        return Err(error_at(tok, ParseErrorKind::InvalidName(word.to_owned())));
    }
    // Most names have no namespace: those allocate no list, and the others
    // one of exactly their parts, so a schema of short lines stays small.
    let Some((namespace, name)) = word.rsplit_once('.') else {
        return Ok((Vec::new(), word.to_owned()));
    };
    let mut parts = Vec::with_capacity(namespace.split('.').count());
    parts.extend(namespace.split('.').map(str::to_owned));
    Ok((parts, name.to_owned()))
}

//! The `schema` subcommands: `check` parses schema files, verifies every
//! written id against its line and prints the counts and one line per
//! problem; `generate` prints the Rust the generator makes of them.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

use crate::failure::{Failure, Outcome};
use crate::input::read_text;

/// Counts for one file or for all of them.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) combinators: usize,
    pub(crate) ids_verified: usize,
    pub(crate) mismatches: usize,
    pub(crate) without_id: usize,
    pub(crate) core_lines: usize,
    pub(crate) parse_errors: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, other: &Self) {
        self.combinators += other.combinators;
        self.ids_verified += other.ids_verified;
        self.mismatches += other.mismatches;
        self.without_id += other.without_id;
        self.core_lines += other.core_lines;
        self.parse_errors += other.parse_errors;
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} combinators, {} ids verified, {} mismatches, {} without id, {} core lines, {} parse errors",
            self.combinators,
            self.ids_verified,
            self.mismatches,
            self.without_id,
            self.core_lines,
            self.parse_errors
        )
    }
}

/// `schema generate`: the generated Rust on stdout, kept-id warnings on stderr.
pub(crate) fn schema_generate(
    files: &[PathBuf],
    options: &tlwire_codegen::Options,
    out: &mut impl Write,
) -> Outcome {
    use tlwire_codegen::{generate_sources, Source, SourceKind};
    let texts = files
        .iter()
        .map(|path| Ok((path.display().to_string(), read_text(path)?)))
        .collect::<Result<Vec<(String, String)>, Failure>>()?;
    let sources: Vec<Source<'_>> = texts
        .iter()
        .map(|(name, text)| Source {
            name,
            text,
            kind: SourceKind::of_file(name).unwrap_or(SourceKind::Schema),
        })
        .collect();
    let generated = generate_sources(&sources, options).map_err(|e| Failure::SchemaCheck {
        kind: "schema_generate",
        summary: e.to_string().replace('\n', "; "),
    })?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    out.write_all(generated.code.as_bytes())?;
    Ok(())
}

/// `schema check FILE...`: every file is checked, whatever the others give.
pub(crate) fn schema_check(files: &[PathBuf], out: &mut impl Write) -> Outcome {
    let mut total = Tally::default();
    let mut unreadable = 0usize;
    for path in files {
        let name = path.display().to_string();
        match fs::read_to_string(path) {
            Ok(text) => total.add(&check_schema_file(&name, &text, out)?),
            Err(error) => {
                unreadable += 1;
                writeln!(out, "{name}: cannot read: {error}")?;
            }
        }
    }
    if files.len() > 1 {
        writeln!(out, "total: {total}")?;
    }
    schema_verdict(&total, unreadable)
}

pub(crate) fn check_schema_file(
    name: &str,
    text: &str,
    out: &mut impl Write,
) -> Result<Tally, Failure> {
    let (schema, errors) = tlwire_schema::parse_lossy(text);
    let verification = tlwire_schema::verify(&schema);
    for error in &errors {
        let combinator = statement_name(text, parse_error_line(error), error.column)
            .map(|n| format!(" in {n}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{name}:{}:{}: parse error{combinator}: {}",
            error.line, error.column, error.kind
        )?;
    }
    for check in verification.mismatches() {
        writeln!(out, "{name}:{}: {check}", check.line)?;
    }
    let tally = Tally {
        combinators: verification.combinators,
        ids_verified: verification.ids_verified,
        mismatches: verification.mismatch_count(),
        without_id: verification.without_id,
        core_lines: verification.core_lines,
        parse_errors: errors.len(),
    };
    let layer = schema
        .layer
        .map(|l| format!(" (layer {l})"))
        .unwrap_or_default();
    writeln!(out, "{name}{layer}: {tally}")?;
    Ok(tally)
}

/// The exit status of a `schema check`: the most serious problem names it.
pub(crate) fn schema_verdict(total: &Tally, unreadable: usize) -> Outcome {
    let kind = if unreadable > 0 {
        "unreadable"
    } else if total.parse_errors > 0 {
        "schema_parse_error"
    } else if total.mismatches > 0 {
        "id_mismatch"
    } else {
        return Ok(());
    };
    Err(Failure::SchemaCheck {
        kind,
        summary: format!(
            "{} mismatches, {} parse errors, {unreadable} unreadable files",
            total.mismatches, total.parse_errors
        ),
    })
}

/// The line where the statement a parse error belongs to is looked up:
/// for a missing `;`, the line the unterminated definition started on.
pub(crate) fn parse_error_line(error: &tlwire_schema::ParseError) -> usize {
    match error.kind {
        tlwire_schema::ParseErrorKind::MissingSemicolon { started } => started,
        _ => error.line,
    }
}

/// The first word (the combinator's name) of the statement that covers
/// `line`:`column` (1-based, in characters), if any.
///
/// Statements end at `;`; `//` comments and `---section---` lines are
/// skipped. Used to name the combinator of a parse error, which the
/// library reports by position only.
pub(crate) fn statement_name(text: &str, line: usize, column: usize) -> Option<String> {
    let mut current: Option<String> = None;
    for (number, raw) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if raw.trim_start().starts_with("---") {
            current = None;
            continue;
        }
        let code = raw.find("//").map_or(raw, |i| raw.get(..i).unwrap_or(raw));
        let chars: Vec<char> = code.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if current.is_none() && !c.is_whitespace() {
                let rest = chars.get(i..).unwrap_or_default();
                current = Some(first_word(rest));
            }
            if number == line && i + 1 >= column {
                return current;
            }
            if c == ';' {
                current = None;
            }
        }
        if number == line {
            return current;
        }
    }
    None
}

/// The name at the start of a statement: up to white space, `#`, `:`, `;` or `=`.
pub(crate) fn first_word(chars: &[char]) -> String {
    chars
        .iter()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '#' | ':' | ';' | '=' | '{'))
        .collect()
}

//! The `schema` subcommands: `check` parses schema files, verifies every
//! written id against its line and prints the counts and one line per
//! problem; `generate` prints the Rust the generator makes of them. Both
//! read and judge the files the same way ([`check_files`]).

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

use crate::failure::{Failure, Outcome};

/// Counts for one file or for all of them.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) combinators: usize,
    pub(crate) ids_verified: usize,
    pub(crate) mismatches: usize,
    /// Mismatches allowed by name (`--allow-mismatch`).
    pub(crate) allowed: usize,
    pub(crate) without_id: usize,
    pub(crate) core_lines: usize,
    pub(crate) parse_errors: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, other: &Self) {
        self.combinators += other.combinators;
        self.ids_verified += other.ids_verified;
        self.mismatches += other.mismatches;
        self.allowed += other.allowed;
        self.without_id += other.without_id;
        self.core_lines += other.core_lines;
        self.parse_errors += other.parse_errors;
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = [
            (self.combinators, "combinator", "combinators"),
            (self.ids_verified, "id verified", "ids verified"),
            (self.mismatches, "mismatch", "mismatches"),
            (self.allowed, "mismatch allowed", "mismatches allowed"),
            (self.without_id, "without id", "without id"),
            (self.core_lines, "core line", "core lines"),
            (self.parse_errors, "parse error", "parse errors"),
        ];
        for (n, (count, one, many)) in counts.into_iter().enumerate() {
            // Allowed mismatches only when there are some: the counts add
            // up to the combinators either way.
            if one == "mismatch allowed" && count == 0 {
                continue;
            }
            let sep = if n == 0 { "" } else { ", " };
            let word = if count == 1 { one } else { many };
            write!(f, "{sep}{count} {word}")?;
        }
        Ok(())
    }
}

/// What both `schema` commands make of the files, so that they accept and
/// refuse the same files with the same words: each file's text, its
/// counts, and the problems that refuse it (a file that cannot be read or
/// holds no TL, a line that does not parse, an id that does not match its
/// line and is not allowed by name).
pub(crate) struct Checked {
    /// Each readable file's name and text.
    pub(crate) texts: Vec<(String, String)>,
    /// Each schema file's name, layer and counts, in order.
    pub(crate) files: Vec<(String, Option<u32>, Tally)>,
    /// The counts of all the files.
    pub(crate) total: Tally,
    pub(crate) unreadable: usize,
    pub(crate) empty: usize,
    /// One `file:line: …` line per problem.
    pub(crate) problems: Vec<String>,
    /// Lines to say that refuse nothing.
    pub(crate) warnings: Vec<String>,
}

/// Reads and checks `files`; an id mismatch of a combinator named in
/// `allowed` is no problem (the generator keeps it, with a warning).
pub(crate) fn check_files(files: &[PathBuf], allowed: &[String]) -> Checked {
    let mut checked = Checked {
        texts: Vec::new(),
        files: Vec::new(),
        total: Tally::default(),
        unreadable: 0,
        empty: 0,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let mut used = std::collections::BTreeSet::new();
    for path in files {
        let name = path.display().to_string();
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                checked.unreadable += 1;
                checked
                    .problems
                    .push(format!("{name}: cannot read: {error}"));
                continue;
            }
        };
        if tlwire_codegen::SourceKind::of_file(&name)
            .is_some_and(|kind| kind != tlwire_codegen::SourceKind::Schema)
        {
            checked.texts.push((name, text));
            continue;
        }
        let (schema, errors) = tlwire_schema::parse_lossy(&text);
        let verification = tlwire_schema::verify(&schema);
        for error in &errors {
            let combinator = statement_name(&text, parse_error_line(error), error.column)
                .filter(|n| !n.is_empty())
                .map(|n| format!(" in {n}"))
                .unwrap_or_default();
            checked.problems.push(format!(
                "{name}:{}:{}: parse error{combinator}: {}",
                error.line, error.column, error.kind
            ));
        }
        let (mut mismatches, mut allowed_here) = (0, 0);
        for check in verification.mismatches() {
            if allowed.contains(&check.name) {
                allowed_here += 1;
                used.insert(check.name.clone());
            } else {
                mismatches += 1;
                checked
                    .problems
                    .push(format!("{name}:{}: {check}", check.line));
            }
        }
        if schema.definitions.is_empty() && errors.is_empty() {
            checked.empty += 1;
            checked.problems.push(format!("{name}: no TL definitions"));
        }
        let tally = Tally {
            combinators: verification.combinators,
            ids_verified: verification.ids_verified,
            mismatches,
            allowed: allowed_here,
            without_id: verification.without_id,
            core_lines: verification.core_lines,
            parse_errors: errors.len(),
        };
        checked.total.add(&tally);
        checked.files.push((name.clone(), schema.layer, tally));
        checked.texts.push((name, text));
    }
    for name in allowed.iter().filter(|name| !used.contains(*name)) {
        checked.warnings.push(format!(
            "warning: --allow-mismatch {name}: no combinator of that name has a mismatched id"
        ));
    }
    checked
}

impl Checked {
    /// Writes every problem to stderr; fails when there is one.
    pub(crate) fn refuse_problems(&self) -> Outcome {
        for line in self.warnings.iter().chain(&self.problems) {
            eprintln!("{line}");
        }
        schema_verdict(&self.total, self.unreadable, self.empty)
    }

    /// Runs the generator on the files (lines it cannot use skipped, ids
    /// allowed to differ kept), its warnings on stderr.
    pub(crate) fn generate(
        &self,
        options: &tlwire_codegen::Options,
    ) -> Result<tlwire_codegen::Generated, Failure> {
        use tlwire_codegen::{generate_sources, Source, SourceKind};
        let sources: Vec<Source<'_>> = self
            .texts
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
        Ok(generated)
    }
}

/// `schema generate`: the generated Rust on stdout; the files refused as
/// `schema check` refuses them, warnings on stderr.
pub(crate) fn schema_generate(
    files: &[PathBuf],
    allowed: &[String],
    options: &tlwire_codegen::Options,
    out: &mut impl Write,
) -> Outcome {
    let checked = check_files(files, allowed);
    checked.refuse_problems()?;
    let generated = checked.generate(options)?;
    out.write_all(generated.code.as_bytes())?;
    Ok(())
}

/// `schema check FILE...`: every file is checked, whatever the others
/// give; the counts on stdout, problems and the generator's warnings on
/// stderr.
pub(crate) fn schema_check(files: &[PathBuf], allowed: &[String], out: &mut impl Write) -> Outcome {
    let checked = check_files(files, allowed);
    for (name, layer, tally) in &checked.files {
        let layer = layer.map(|l| format!(" (layer {l})")).unwrap_or_default();
        writeln!(out, "{name}{layer}: {tally}")?;
    }
    if files.len() > 1 {
        writeln!(out, "total: {}", checked.total)?;
    }
    if checked.problems.is_empty() {
        // The lines `generate` would skip, in its words.
        let options = tlwire_codegen::Options::default()
            .keep_mismatched_ids(true)
            .skip_unusable(true);
        checked.generate(&options)?;
    }
    checked.refuse_problems()
}

/// The exit status of a `schema check`: the most serious problem names it.
pub(crate) fn schema_verdict(total: &Tally, unreadable: usize, empty: usize) -> Outcome {
    let kind = if unreadable > 0 {
        "unreadable"
    } else if total.parse_errors > 0 {
        "schema_parse_error"
    } else if empty > 0 {
        "not_a_schema"
    } else if total.mismatches > 0 {
        "id_mismatch"
    } else {
        return Ok(());
    };
    let count = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let parts: Vec<String> = [
        count(unreadable, "unreadable file", "unreadable files"),
        count(total.parse_errors, "parse error", "parse errors"),
        count(
            empty,
            "file without TL definitions",
            "files without TL definitions",
        ),
        count(
            total.mismatches,
            "id that does not match its line (allow a known one with --allow-mismatch NAME)",
            "ids that do not match their lines (allow known ones with --allow-mismatch NAME)",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    Err(Failure::SchemaCheck {
        kind,
        summary: parts.join(", "),
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

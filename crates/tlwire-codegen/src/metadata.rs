//! Facts about methods that TL lines do not carry, read from tab-separated
//! files beside the schema: each method's RPC errors (`errors.tsv`) and who
//! may call it and which of its fields are credentials (`methods.tsv`).
//!
//! Lines starting with `#` and blank lines are comments.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::sources::{SourceError, SourceErrorKind, SourceErrors};

/// One RPC error a method may answer with.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorSpec {
    /// The code documented with it (informative: matching is by name).
    pub code: i32,
    /// The name pattern (`AUTH_TOKEN_INVALIDX`, `FLOOD_WAIT_X`).
    pub name: String,
    /// What it means; becomes the variant's documentation.
    pub description: String,
}

/// Who may call a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callers {
    /// Users only: bots may not call it.
    Users,
    /// Bots only.
    Bots,
    /// Users and bots.
    Both,
}

impl Callers {
    /// The variant of `tlwire::rpc::Callers` it becomes.
    pub fn variant(self) -> &'static str {
        match self {
            Callers::Users => "Users",
            Callers::Bots => "Bots",
            Callers::Both => "Both",
        }
    }
}

/// What `methods.tsv` says of one method.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MethodFacts {
    /// Who may call it, when known.
    pub callers: Option<Callers>,
    /// Fields that are credentials.
    pub secrets: Vec<String>,
}

/// Everything the metadata files say, by method schema name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Errors by method.
    pub errors: BTreeMap<String, Vec<ErrorSpec>>,
    /// Other facts by method.
    pub methods: BTreeMap<String, MethodFacts>,
    /// Where each table first names each method (file and line), for
    /// messages.
    origins: BTreeMap<(Table, String), (String, usize)>,
}

/// The two tables of metadata: which one a fact (and a problem with it)
/// comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Table {
    /// `errors.tsv`.
    Errors,
    /// `methods.tsv`.
    Methods,
}

/// The data lines of a TSV file: (1-based line number, columns).
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(n, l)| (n + 1, l.split('\t').map(str::trim).collect()))
}

/// A row of `file` that cannot be read; `method`, when its columns could
/// be told apart.
fn problem(file: &str, line: usize, method: Option<&str>, message: String) -> SourceError {
    let problem = SourceError::new(file, Some(line), SourceErrorKind::Metadata(message));
    match method {
        Some(method) => problem.named(method),
        None => problem,
    }
}

impl Metadata {
    /// The file and line of the first row that names `method`, as
    /// `errors.tsv:12` (the errors' rows before the methods').
    pub fn origin(&self, method: &str) -> Option<String> {
        [Table::Errors, Table::Methods]
            .into_iter()
            .find_map(|table| self.origin_in(table, method))
            .map(|(file, line)| format!("{file}:{line}"))
    }

    /// The file and line of the first row of `table` that names `method`.
    pub(crate) fn origin_in(&self, table: Table, method: &str) -> Option<(&str, usize)> {
        self.origins
            .get(&(table, method.to_string()))
            .map(|(file, line)| (file.as_str(), *line))
    }

    /// Drops what is said of `method` (a method not generated).
    pub fn forget(&mut self, method: &str) {
        self.errors.remove(method);
        self.methods.remove(method);
    }

    fn note_origin(&mut self, table: Table, method: &str, file: &str, line: usize) {
        self.origins
            .entry((table, method.to_string()))
            .or_insert_with(|| (file.to_string(), line));
    }

    /// Adds an `errors.tsv`: method, code, name, description.
    ///
    /// # Errors
    ///
    /// Every row that cannot be read, each with its file and line
    /// ([`SourceErrorKind::Metadata`]); the other rows are added.
    pub fn add_errors(&mut self, file: &str, text: &str) -> Result<(), SourceErrors> {
        let mut problems = Vec::new();
        for (line, cols) in rows(text) {
            let [method, code, name, description] = cols[..] else {
                problems.push(problem(
                    file,
                    line,
                    None,
                    "expected 4 tab-separated columns".into(),
                ));
                continue;
            };
            let Ok(code) = code.parse::<i32>() else {
                problems.push(problem(
                    file,
                    line,
                    Some(method),
                    format!("code {code:?} is not a number"),
                ));
                continue;
            };
            if name.is_empty()
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            {
                problems.push(problem(
                    file,
                    line,
                    Some(method),
                    format!("error name {name:?} is not [A-Z0-9_]+"),
                ));
                continue;
            }
            self.note_origin(Table::Errors, method, file, line);
            let list = self.errors.entry(method.to_string()).or_default();
            if list.iter().any(|e| e.name == name) {
                let twice = format!("lists {name} twice");
                problems.push(problem(file, line, Some(method), twice));
                continue;
            }
            list.push(ErrorSpec {
                code,
                name: name.to_string(),
                description: description.to_string(),
            });
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SourceErrors(problems))
        }
    }

    /// Adds a `methods.tsv`: method, callers, secret fields.
    ///
    /// # Errors
    ///
    /// Every row that cannot be read, each with its file and line
    /// ([`SourceErrorKind::Metadata`]); the other rows are added.
    pub fn add_methods(&mut self, file: &str, text: &str) -> Result<(), SourceErrors> {
        let mut problems = Vec::new();
        for (line, cols) in rows(text) {
            let [method, callers, secrets] = cols[..] else {
                problems.push(problem(
                    file,
                    line,
                    None,
                    "expected 3 tab-separated columns".into(),
                ));
                continue;
            };
            let callers = match callers {
                "users" => Some(Callers::Users),
                "bots" => Some(Callers::Bots),
                "both" => Some(Callers::Both),
                "-" => None,
                other => {
                    problems.push(problem(
                        file,
                        line,
                        Some(method),
                        format!("callers {other:?} is not users, bots, both or -"),
                    ));
                    continue;
                }
            };
            self.note_origin(Table::Methods, method, file, line);
            let secrets = match secrets {
                "-" | "" => Vec::new(),
                list => list.split(',').map(|s| s.trim().to_string()).collect(),
            };
            if self
                .methods
                .insert(method.to_string(), MethodFacts { callers, secrets })
                .is_some()
            {
                let twice = "is listed twice".into();
                problems.push(problem(file, line, Some(method), twice));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SourceErrors(problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated code names the runtime's `Callers` by these variants:
    /// the two enums must stay one set of names.
    #[test]
    fn callers_name_the_runtime_variants() {
        use tlwire::rpc::Callers as Runtime;
        let pairs = [
            (Callers::Users, Runtime::Users),
            (Callers::Bots, Runtime::Bots),
            (Callers::Both, Runtime::Both),
        ];
        for (ours, runtime) in pairs {
            assert_eq!(ours.variant(), alloc::format!("{runtime:?}"));
        }
    }

    #[test]
    fn reads_errors_and_methods() {
        let mut m = Metadata::default();
        m.add_errors("e.tsv", "# c\nauth.x\t400\tA_B_X\tWhat it means.\n\n")
            .unwrap();
        m.add_methods("m.tsv", "auth.x\tusers\ttoken, key\n")
            .unwrap();
        assert_eq!(m.errors["auth.x"][0].name, "A_B_X");
        assert_eq!(m.methods["auth.x"].callers, Some(Callers::Users));
        assert_eq!(m.methods["auth.x"].secrets, ["token", "key"]);
    }

    #[test]
    fn reports_bad_lines_with_their_numbers() {
        let mut m = Metadata::default();
        let errs = m
            .add_errors("e.tsv", "a\t400\n\nb\tx\tN\td\nc\t1\tbad name\td\n")
            .unwrap_err();
        let places: Vec<_> = errs.0.iter().map(|e| (e.file.as_deref(), e.line)).collect();
        assert_eq!(
            places,
            [
                (Some("e.tsv"), Some(1)),
                (Some("e.tsv"), Some(3)),
                (Some("e.tsv"), Some(4))
            ]
        );
        assert!(errs
            .0
            .iter()
            .all(|e| matches!(e.kind, SourceErrorKind::Metadata(_))));
        assert_eq!(
            errs.0[1].to_string(),
            "e.tsv:3: b: code \"x\" is not a number"
        );
        let errs = m.add_methods("m.tsv", "a\tnobody\t-\n").unwrap_err();
        assert_eq!(
            errs.0[0].to_string(),
            "m.tsv:1: a: callers \"nobody\" is not users, bots, both or -"
        );
    }
}

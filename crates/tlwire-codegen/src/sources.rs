//! The schema files a generation reads: each file's name, text and kind
//! ([`Source`]), the errors found in them ([`SourceErrors`], each a typed
//! [`SourceError`] with its place), and
//! [`SchemaFiles`], which reads them from disk for a build script.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use std::path::{Path, PathBuf};
use std::{fs, io};

/// One schema file given to [`generate_from_sources`](crate::generate_from_sources).
#[derive(Clone, Copy, Debug)]
pub struct Source<'t> {
    /// A name for messages (usually the file's path).
    pub name: &'t str,
    /// The file's text.
    pub text: &'t str,
    /// What the file holds.
    pub kind: SourceKind,
}

/// What a [`Source`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SourceKind {
    /// TL schema lines (`*.tl`).
    Schema,
    /// Method errors: method, code, name, description (`errors.tsv`).
    Errors,
    /// Method facts: method, callers, secret fields (`methods.tsv`).
    Methods,
}

impl SourceKind {
    /// The kind a file name implies: `errors.tsv`, `methods.tsv`, or `*.tl`.
    pub fn of_file(name: &str) -> Option<Self> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        match base {
            "errors.tsv" => Some(Self::Errors),
            "methods.tsv" => Some(Self::Methods),
            _ if base.ends_with(".tl") => Some(Self::Schema),
            _ => None,
        }
    }
}

/// Why schema files could not be turned into Rust: every error found, each
/// with its place; [`fmt::Display`] gives one message per line, each
/// starting with the error's place (`file:line:`, `file:line:column:` for a
/// line that does not parse, `line N:` for a schema given as a string,
/// `item NAME:` for an unknown item).
///
/// ```
/// use tlwire_codegen::{generate_sources, Options, Source, SourceErrorKind, SourceKind};
/// let text = "user#12345678 name:string = User;\nbad#1 x:Nowhere = Bad;\n";
/// let source = Source { name: "client.tl", text, kind: SourceKind::Schema };
/// let errors = generate_sources(&[source], &Options::default()).unwrap_err();
/// let first = &errors.0[0];
/// assert_eq!((first.file.as_deref(), first.line), (Some("client.tl"), Some(1)));
/// assert!(matches!(first.kind, SourceErrorKind::IdMismatch { found: 0x1234_5678, .. }));
/// assert!(errors.to_string().starts_with("client.tl:1: user has id #12345678"));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceErrors(pub Vec<SourceError>);

impl fmt::Display for SourceErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, e) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// One thing wrong in the schema files (or in the options' items), and
/// where.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceError {
    /// The file's [`Source::name`]; `None` for a schema given as a string
    /// ([`generate`](crate::generate)), for an unknown item (it is in the
    /// options, not in a file) and for metadata whose row is not known.
    pub file: Option<String>,
    /// 1-based line (in `file`, when there is one).
    pub line: Option<usize>,
    /// 1-based column, in characters, for a line that does not parse.
    pub column: Option<usize>,
    /// The combinator, method or item concerned, where one is named.
    pub name: Option<String>,
    /// What is wrong.
    pub kind: SourceErrorKind,
}

/// What is wrong, in a [`SourceError`]; [`fmt::Display`] says it without
/// the place. The words of `Metadata` and `Unusable` are for people and may
/// change; match on the kind, not on them.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceErrorKind {
    /// The line is not TL.
    Parse(tlwire_schema::ParseErrorKind),
    /// The explicit id is not the CRC32 of the line.
    IdMismatch {
        /// The id the line gives.
        found: u32,
        /// The id its text hashes to.
        expected: u32,
    },
    /// A row of `errors.tsv` or `methods.tsv` that cannot be read, or that
    /// says something of a method the schema contradicts.
    Metadata(String),
    /// A combinator the generator cannot express (a type no file defines, a
    /// flag on a field that is no flags word, ...).
    Unusable(String),
    /// An [`Options::items`](crate::Options::items) name that no
    /// constructor or function has.
    UnknownItem,
}

impl fmt::Display for SourceErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parse(kind) => write!(f, "{kind}"),
            Self::IdMismatch { found, expected } => {
                write!(
                    f,
                    "has id #{found:08x} but its line hashes to #{expected:08x}"
                )
            }
            Self::Metadata(message) | Self::Unusable(message) => f.write_str(message),
            Self::UnknownItem => f.write_str("no such constructor or function"),
        }
    }
}

impl SourceError {
    pub(crate) fn new<'f>(
        file: impl Into<Option<&'f str>>,
        line: Option<usize>,
        kind: SourceErrorKind,
    ) -> Self {
        Self {
            file: file.into().map(Into::into),
            line,
            column: None,
            name: None,
            kind,
        }
    }

    pub(crate) fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl SourceError {
    /// `file:line:column: `, or `line N: ` for a schema parsed from a
    /// string, or nothing where the place is not known.
    fn write_place(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}")?,
            (Some(file), None) => return write!(f, "{file}: "),
            (None, Some(line)) => write!(f, "line {line}")?,
            (None, None) => return Ok(()),
        }
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        f.write_str(": ")
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = &self.kind;
        if let SourceErrorKind::UnknownItem = kind {
            let name = self.name.as_deref().unwrap_or_default();
            return write!(f, "item {name}: {kind}");
        }
        self.write_place(f)?;
        match (&self.name, kind) {
            // The name is the subject of the sentence.
            (Some(name), SourceErrorKind::IdMismatch { .. }) => write!(f, "{name} {kind}"),
            (Some(name), _) => write!(f, "{name}: {kind}"),
            (None, _) => write!(f, "{kind}"),
        }
    }
}

impl core::error::Error for SourceError {}

/// A line the generator went on without, or kept despite what is wrong with
/// it ([`Options::skip_unusable`](crate::Options::skip_unusable),
/// [`Options::keep_mismatched_ids`](crate::Options::keep_mismatched_ids)):
/// the error it would have been, and what was done with the line.
/// [`fmt::Display`] gives `file:line: ...` with both.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What is wrong, and where.
    pub error: SourceError,
    /// What the generator did with the line.
    pub outcome: Outcome,
}

/// What the generator did with a line it warns of.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Kept as it is (an id that does not match its line).
    Kept,
    /// Kept as if the `;` it lacks were there.
    KeptAsTerminated,
    /// Left out, with whatever needs it.
    Skipped,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = &self.error;
        match (self.outcome, &error.kind) {
            // A combinator left out: `file:line: name skipped: why`.
            (Outcome::Skipped, SourceErrorKind::Unusable(why)) => {
                error.write_place(f)?;
                let name = error.name.as_deref().unwrap_or_default();
                write!(f, "{name} skipped: {why}")
            }
            (Outcome::Skipped, _) => write!(f, "{error} (line skipped)"),
            (Outcome::Kept, _) => write!(f, "{error} (kept)"),
            (Outcome::KeptAsTerminated, _) => write!(f, "{error} (kept as if the `;` were there)"),
        }
    }
}

impl core::error::Error for SourceErrors {}

/// Schema and metadata files read from disk, in the order given: what a
/// build script hands to [`generate_sources`](crate::generate_sources).
///
/// ```no_run
/// use tlwire_codegen::{generate_sources, Options, SchemaFiles};
///
/// let files = SchemaFiles::read_dir("tl")?;
/// for path in files.paths() {
///     println!("cargo:rerun-if-changed={path}");
/// }
/// let generated = generate_sources(&files.sources(), &Options::default())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct SchemaFiles {
    /// Each file's path (as given) and text.
    files: Vec<(String, String)>,
}

impl SchemaFiles {
    /// Reads `paths` in order. A file whose name implies no kind
    /// ([`SourceKind::of_file`]) is read as schema lines.
    ///
    /// # Errors
    ///
    /// The first file that cannot be read, with its path.
    pub fn read<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> Result<Self, ReadError> {
        let mut files = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let text = fs::read_to_string(path).map_err(|source| ReadError {
                path: path.to_path_buf(),
                source,
            })?;
            files.push((path.display().to_string(), text));
        }
        Ok(Self { files })
    }

    /// Reads every file of `dir` that [`SourceKind::of_file`] knows
    /// (`*.tl`, `errors.tsv`, `methods.tsv`), sorted by path so that the
    /// layer comes out the same on every machine.
    ///
    /// # Errors
    ///
    /// `dir` or one of its files cannot be read.
    pub fn read_dir(dir: impl AsRef<Path>) -> Result<Self, ReadError> {
        let dir = dir.as_ref();
        let failed = |source| ReadError {
            path: dir.to_path_buf(),
            source,
        };
        let mut paths = Vec::new();
        for entry in fs::read_dir(dir).map_err(failed)? {
            let path = entry.map_err(failed)?.path();
            if SourceKind::of_file(&path.display().to_string()).is_some() {
                paths.push(path);
            }
        }
        paths.sort();
        Self::read(paths)
    }

    /// The files' paths, in order: for `cargo:rerun-if-changed`.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(path, _)| path.as_str())
    }

    /// The files as [`Source`]s, in order.
    pub fn sources(&self) -> Vec<Source<'_>> {
        self.files
            .iter()
            .map(|(name, text)| Source {
                name,
                text,
                kind: SourceKind::of_file(name).unwrap_or(SourceKind::Schema),
            })
            .collect()
    }
}

/// A schema file or folder that could not be read.
#[non_exhaustive]
#[derive(Debug)]
pub struct ReadError {
    /// The file or folder.
    pub path: PathBuf,
    /// Why.
    pub source: io::Error,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temporary one.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tlwire-sources-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn read_dir_takes_known_files_sorted_with_their_kinds() {
        let dir = scratch("dir");
        for (file, text) in [
            ("b.tl", "b#1 = B;"),
            ("a.tl", "a#2 = A;"),
            ("errors.tsv", "x"),
            ("notes.txt", "not a schema"),
        ] {
            fs::write(dir.join(file), text).unwrap();
        }
        let files = SchemaFiles::read_dir(&dir).unwrap();
        let seen: Vec<(String, &str, SourceKind)> = files
            .sources()
            .iter()
            .map(|s| {
                let base = Path::new(s.name).file_name().unwrap().to_string_lossy();
                (base.into_owned(), s.text, s.kind)
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("a.tl".to_string(), "a#2 = A;", SourceKind::Schema),
                ("b.tl".to_string(), "b#1 = B;", SourceKind::Schema),
                ("errors.tsv".to_string(), "x", SourceKind::Errors),
            ]
        );
        assert_eq!(files.paths().count(), 3);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn read_keeps_the_order_given_and_reads_unknown_names_as_schema() {
        let dir = scratch("order");
        fs::write(dir.join("z.txt"), "z#3 = Z;").unwrap();
        fs::write(dir.join("a.tl"), "a#2 = A;").unwrap();
        let files = SchemaFiles::read([dir.join("z.txt"), dir.join("a.tl")]).unwrap();
        let texts: Vec<(&str, SourceKind)> =
            files.sources().iter().map(|s| (s.text, s.kind)).collect();
        assert_eq!(
            texts,
            [
                ("z#3 = Z;", SourceKind::Schema),
                ("a#2 = A;", SourceKind::Schema)
            ]
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_file_or_folder_is_named() {
        let dir = scratch("missing");
        let missing = dir.join("absent.tl");
        let error = SchemaFiles::read([&missing]).unwrap_err();
        assert_eq!(error.path, missing);
        assert!(error.to_string().starts_with("cannot read "), "{error}");
        assert!(error.to_string().contains("absent.tl"), "{error}");
        let error = SchemaFiles::read_dir(dir.join("nowhere")).unwrap_err();
        assert!(error.to_string().contains("nowhere"), "{error}");
        assert!(std::error::Error::source(&error).is_some());
        fs::remove_dir_all(&dir).unwrap();
    }
}

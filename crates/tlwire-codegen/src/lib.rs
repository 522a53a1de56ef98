//! The generator of tlwire: TL schema text in, Rust source out.
//!
//! The `tlwire` runtime's `build.rs` runs it on its own `tl/*.tl`; other
//! crates run it from their build scripts on their own schema lines. The
//! output is formatted, documented Rust that can be `include!`d at the root
//! of any crate depending on `tlwire`:
//!
//! ```
//! use tlwire_codegen::{generate, Options};
//! let schema = tlwire_schema::parse("ping#7abe77ec ping_id:long = Pong;\npong#347773c5 msg_id:long ping_id:long = Pong;")?;
//! let rust = generate(&schema, &Options::default())?;
//! assert!(rust.contains("pub struct Ping {"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # From another crate's build script
//!
//! A crate with its own schema files depends on `tlwire` in
//! `[dependencies]` and on `tlwire-codegen` in `[build-dependencies]`, and
//! has this `build.rs`:
//!
//! ```no_run
//! use std::{env, fs, path::Path};
//!
//! use tlwire_codegen::{generate_sources, Options, SchemaFiles};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // Schema lines, and the optional metadata files beside them.
//!     let files = SchemaFiles::read(["schema/api.tl", "schema/mtproto.tl", "schema/errors.tsv"])?;
//!     for path in files.paths() {
//!         println!("cargo:rerun-if-changed={path}");
//!     }
//!     let options = Options::default()
//!         // Only the methods this crate calls, and the types they need.
//!         .items(["auth.acceptLoginToken", "help.getConfig"])
//!         // Another client's copy of a layer: skip the lines that cannot be
//!         // used and keep the ids that break the CRC rule, with warnings.
//!         .skip_unusable(true)
//!         .keep_mismatched_ids(true);
//!     let generated = generate_sources(&files.sources(), &options)?;
//!     for warning in &generated.warnings {
//!         println!("cargo:warning={warning}");
//!     }
//!     let out = Path::new(&env::var("OUT_DIR")?).join("tl.rs");
//!     fs::write(out, generated.code)?;
//!     Ok(())
//! }
//! ```
//!
//! and its `src/lib.rs` (or a module of it) includes the result:
//! `include!(concat!(env!("OUT_DIR"), "/tl.rs"));`. `.ci/whole-layer/` in
//! the repository is a crate built this way for the whole official layer.
//!
//! # Compile time
//!
//! The whole official layer is about 195,000 lines and takes 25–45 s to
//! build in debug on two cores, about 1.5× what `grammers-tl-types` takes
//! for the same schema files; a client's first eleven methods and their
//! types, 41% of it, build in about two thirds of the time
//! `grammers-tl-types` takes for its whole layer (see benches/README.md).
//! Three things keep that off your edit-compile loop:
//!
//! - [`Options::items`] generates only the methods and constructors you
//!   name, and the types they need.
//! - A crate of its own for the layer is rebuilt only when the schema
//!   changes.
//! - In that crate, incremental compilation only adds work: the crate is
//!   built once per schema change, never edited. Turn it off for that
//!   crate alone, as cargo already does for registry dependencies:
//!   `[profile.dev.package.NAME] incremental = false`.
//!
//! # The shape of the decode
//!
//! Each choice below was measured on real answers of a whole layer (a
//! `messages.messages` of 100 messages, an `updates` of 50; see
//! benches/README.md):
//!
//! - A constructor of more than 56 bytes in an enum of several is held by
//!   reference, in the decode's arena, so no enum of several constructors
//!   is larger than 64 bytes. An enum of one constructor is held to the
//!   1 KiB bound of structs instead: each of its values holds that one
//!   constructor, so it wastes no slot, and a reference would add an
//!   allocation and a pointer to every value and save nothing. As a field,
//!   a large one is held by reference like any large constructor, so it
//!   weighs on no struct. The answer of `auth.acceptLoginToken`,
//!   `Authorization`, is one: held inline, its 124 bytes decode with no
//!   arena and no allocation, the decode the runtime's speed goals are
//!   set on; held by reference, no decode of it could go without an
//!   arena.
//! - Such a constructor whose required fields all have an empty value gets
//!   `blank()` and `decode_into()`, and its enum fills it in place in the
//!   arena: each field is written once, and an absent one not at all,
//!   instead of the value being held in registers and on the stack until
//!   its last field and then copied.
//! - The decode of a boxed type of at most four constructors of numbers
//!   only (`Peer`) is inlined into every caller.

extern crate alloc;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

use alloc::string::String;

// Builds of the model on this thread, one per round of skipping lines: the
// tests count them.
#[cfg(test)]
std::thread_local! {
    pub(crate) static MODEL_BUILDS: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

mod cascade;
mod emit;
mod layout;
mod metadata;
mod model;
mod names;
mod nests;
mod options;
mod samples;
mod select;
mod sources;
mod writer;

pub use metadata::{Callers, ErrorSpec, Metadata, MethodFacts};
pub use options::{Options, Serde};
pub use sources::{
    Outcome, ReadError, SchemaFiles, Source, SourceError, SourceErrorKind, SourceErrors,
    SourceKind, Warning,
};
/// The schema parser whose [`Schema`] [`generate`] and [`generate_with`]
/// take, so a build script needs no second dependency to call them.
pub use tlwire_schema;

use tlwire_schema::{Category, Definition, ParseErrorKind, Schema};

/// Generated code, and the warnings met on the way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Generated {
    /// The Rust source.
    pub code: String,
    /// One per id kept despite not matching its line
    /// ([`Options::keep_mismatched_ids`]) and per line skipped
    /// ([`Options::skip_unusable`]).
    pub warnings: alloc::vec::Vec<Warning>,
}

/// A combinator the model cannot build, or metadata it contradicts: what
/// becomes a [`SourceError`] once its file is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GenerateError {
    /// 1-based line of the combinator; 0 for metadata.
    pub line: usize,
    /// The combinator's schema name, or the method metadata names.
    pub combinator: String,
    /// What is wrong.
    pub message: String,
}

/// Parses `sources` in order, requires every explicit id to match its line,
/// and generates Rust for all of them together (the layer is the first one
/// given). This is what tlwire's own `build.rs` runs on `tl/*.tl`.
pub fn generate_from_sources(
    sources: &[Source<'_>],
    options: &Options,
) -> Result<String, SourceErrors> {
    generate_sources(sources, options).map(|generated| generated.code)
}

/// [`generate_from_sources`], also returning warnings: with
/// [`Options::keep_mismatched_ids`], an explicit id that does not match its
/// line is kept and reported here rather than failing; with
/// [`Options::skip_unusable`], a line the generator cannot use is skipped
/// and reported here.
///
/// ```
/// use tlwire_codegen::{generate_sources, Options, Outcome, Source, SourceKind};
/// let text = "user#12345678 name:string = User;\n\
///             secret.thing#1 x:UnknownType = secret.Thing;\n";
/// let source = Source { name: "client.tl", text, kind: SourceKind::Schema };
/// let options = Options::default().skip_unusable(true).keep_mismatched_ids(true);
/// let generated = generate_sources(&[source], &options).unwrap();
/// assert!(generated.code.contains("pub struct User"));
/// // Both ids are kept (they are not their lines' CRC32), and one line is
/// // skipped.
/// let skipped = generated.warnings.iter().find(|w| w.outcome == Outcome::Skipped).unwrap();
/// assert_eq!(skipped.error.line, Some(2));
/// assert!(skipped.to_string().starts_with("client.tl:2: secret.thing skipped"));
/// // Without the option, the same line is an error naming it.
/// let options = Options::default().keep_mismatched_ids(true);
/// let error = generate_sources(&[source], &options).unwrap_err().to_string();
/// assert!(error.contains("client.tl:2: secret.thing: field x: unknown type UnknownType"), "{error}");
/// ```
pub fn generate_sources(
    sources: &[Source<'_>],
    options: &Options,
) -> Result<Generated, SourceErrors> {
    let mut all = Schema::default();
    let mut warnings = alloc::vec::Vec::new();
    let mut errors = alloc::vec::Vec::new();
    let mut metadata = Metadata::default();
    // The file each definition came from, for messages.
    let mut origins: alloc::vec::Vec<&str> = alloc::vec::Vec::new();
    for source in sources {
        let added = match source.kind {
            SourceKind::Schema => Ok(()),
            SourceKind::Errors => metadata.add_errors(source.name, source.text),
            SourceKind::Methods => metadata.add_methods(source.name, source.text),
        };
        if let Err(problems) = added {
            errors.extend(problems.0);
        }
        if source.kind != SourceKind::Schema {
            continue;
        }
        let (parsed, parse_errors) = tlwire_schema::parse_lossy(source.text);
        for e in &parse_errors {
            let mut problem = SourceError::new(
                source.name,
                Some(e.line),
                SourceErrorKind::Parse(e.kind.clone()),
            );
            problem.column = Some(e.column);
            if !options.skip_unusable {
                errors.push(problem);
                continue;
            }
            // A definition that only lacks its `;` is kept by the parser.
            let kept = match e.kind {
                ParseErrorKind::MissingSemicolon { started } => {
                    parsed.definitions.iter().any(|d| d.line == started)
                        || parsed.core_lines.iter().any(|c| c.line == started)
                }
                _ => false,
            };
            let outcome = if kept {
                Outcome::KeptAsTerminated
            } else {
                Outcome::Skipped
            };
            warnings.push(Warning {
                error: problem,
                outcome,
            });
        }
        let verification = tlwire_schema::verify(&parsed);
        let mismatches = verification.mismatches().map(|bad| {
            let kind = SourceErrorKind::IdMismatch {
                found: bad.found,
                expected: bad.expected,
            };
            SourceError::new(source.name, Some(bad.line), kind).named(bad.name.as_str())
        });
        if options.keep_mismatched_ids {
            warnings.extend(mismatches.map(|error| Warning {
                error,
                outcome: Outcome::Kept,
            }));
        } else {
            errors.extend(mismatches);
        }
        all.layer = all.layer.or(parsed.layer);
        origins.extend(parsed.definitions.iter().map(|_| source.name));
        all.definitions.extend(parsed.definitions);
        all.core_lines.extend(parsed.core_lines);
    }
    if !errors.is_empty() {
        return Err(SourceErrors(errors));
    }
    if !options.items.is_empty() {
        let keep = select::select(&all, &options.items).map_err(|unknown| {
            let unknown = unknown
                .iter()
                .map(|name| SourceError::new(None, None, SourceErrorKind::UnknownItem).named(name));
            SourceErrors(unknown.collect())
        })?;
        let (kept, left_out): (alloc::vec::Vec<_>, alloc::vec::Vec<_>) =
            core::mem::take(&mut all.definitions)
                .into_iter()
                .enumerate()
                .partition(|(i, _)| keep.binary_search(i).is_ok());
        all.definitions = kept.into_iter().map(|(_, d)| d).collect();
        origins = only(origins, &keep);
        // What the metadata says of methods left out is not needed.
        forget_gone(&mut metadata, &all, left_out.iter().map(|(_, d)| d));
    }
    // Each round skips every line the model cannot use, and every line that
    // named one of those, however long the chain; a later round is needed
    // only where a `%T` waits for lines to go.
    let model = loop {
        #[cfg(test)]
        MODEL_BUILDS.with(|n| n.set(n.get() + 1));
        let mut failures = match model::Model::build(&all, &metadata) {
            Ok(model) => break model,
            Err(failures) => failures,
        };
        // A `%T` that fails only while another line is there waits for a
        // round without the others, as if the lines were skipped one by one.
        let waits = |f: &model::Failure| f.waits;
        if failures.iter().any(|f| !waits(f)) {
            failures.retain(|f| !waits(f));
        }
        let mut skipped = alloc::vec::Vec::with_capacity(failures.len());
        for failure in failures {
            let mut error = failure.error;
            if let Some(earlier) = failure.earlier {
                let line = all.definitions.get(earlier).map_or(0, |d| d.line);
                let file = origins.get(earlier).copied().unwrap_or_default();
                error.message = alloc::format!("{}, at {file}:{line}", error.message);
            }
            let file = failure.index.and_then(|i| origins.get(i).copied());
            let problem = placed(failure.index, failure.table, error, &metadata, file);
            // A metadata problem names no definition: it names its row.
            let (Some(i), true) = (failure.index, options.skip_unusable) else {
                return Err(SourceErrors(alloc::vec![problem]));
            };
            warnings.push(Warning {
                error: problem,
                outcome: Outcome::Skipped,
            });
            skipped.push(i);
        }
        skipped.sort_unstable();
        skipped.dedup();
        // What names the skipped lines go too, in this round: the model
        // would refuse each in the next, and a chain of them would take a
        // round per link.
        for (i, why) in cascade::cascade(&all.definitions, &skipped) {
            if let Some(d) = all.definitions.get(i) {
                let file = origins.get(i).copied();
                let kind = SourceErrorKind::Unusable(why);
                warnings.push(Warning {
                    error: SourceError::new(file, Some(d.line), kind).named(d.full_name()),
                    outcome: Outcome::Skipped,
                });
            }
            skipped.push(i);
        }
        skipped.sort_unstable();
        let gone: alloc::vec::Vec<Definition> = skipped
            .iter()
            .filter_map(|&i| all.definitions.get(i).cloned())
            .collect();
        all.definitions = without(core::mem::take(&mut all.definitions), &skipped);
        origins = without(origins, &skipped);
        forget_gone(&mut metadata, &all, &gone);
    };
    Ok(Generated {
        code: emit_model(&model, options),
        warnings,
    })
}

/// Drops what the metadata says of the functions in `gone`, definitions
/// taken out of `all`, of whose name no function is left (a constructor may
/// share the name; a repeated function's first stays).
fn forget_gone<'d>(
    metadata: &mut Metadata,
    all: &Schema,
    gone: impl IntoIterator<Item = &'d Definition>,
) {
    let function = |d: &Definition| d.category == Category::Function;
    let left: alloc::collections::BTreeSet<String> = all
        .definitions
        .iter()
        .filter(|d| function(d))
        .map(Definition::full_name)
        .collect();
    for d in gone {
        let name = d.full_name();
        if function(d) && !left.contains(&name) {
            metadata.forget(&name);
        }
    }
}

/// The items of `items` at the (ascending) indices `keep`.
fn only<T>(items: alloc::vec::Vec<T>, keep: &[usize]) -> alloc::vec::Vec<T> {
    pick(items, keep, true)
}

/// The items of `items` but those at the (ascending) indices `drop`.
fn without<T>(items: alloc::vec::Vec<T>, drop: &[usize]) -> alloc::vec::Vec<T> {
    pick(items, drop, false)
}

/// The items whose index is (`listed`) or is not in the ascending `indices`.
fn pick<T>(items: alloc::vec::Vec<T>, indices: &[usize], listed: bool) -> alloc::vec::Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| indices.binary_search(i).is_ok() == listed)
        .map(|(_, item)| item)
        .collect()
}

/// Generates the Rust source for `schema`.
///
/// ```
/// use tlwire_codegen::{generate, Options, SourceErrorKind};
/// let schema = tlwire_schema::parse("peerUser#59511722 user_id:long = Peer;")?;
/// let rust = generate(&schema, &Options::default())?;
/// assert!(rust.contains("pub struct PeerUser {"));
/// assert!(rust.contains("const CONSTRUCTOR_ID: u32 = 0x5951_1722;"));
///
/// // A line it cannot express is refused, typed, with its line (no file:
/// // the schema came as a string).
/// let schema = tlwire_schema::parse("ok = Ok;\nbar x:Nowhere = Bar;")?;
/// let errors = generate(&schema, &Options::default()).unwrap_err();
/// let error = &errors.0[0];
/// assert_eq!((error.file.as_deref(), error.line), (None, Some(2)));
/// assert!(matches!(error.kind, SourceErrorKind::Unusable(_)));
/// assert_eq!(errors.to_string(), "line 2: bar: field x: unknown type Nowhere");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The first combinator it cannot express, or the first fact of the
/// metadata the schema contradicts, as the one [`SourceError`].
pub fn generate(schema: &Schema, options: &Options) -> Result<String, SourceErrors> {
    generate_with(schema, &Metadata::default(), options)
}

/// Generates the Rust source for `schema`, with what `metadata` says of its
/// methods (errors, callers, secret fields). Errors as [`generate`]'s; a
/// metadata fact at fault is placed at its row.
///
/// ```
/// use tlwire_codegen::{generate_with, Metadata, Options};
/// let schema = tlwire_schema::parse(
///     "authorization#ad01d61d flags:# hash:long = Authorization;\n\
///      ---functions---\n\
///      auth.acceptLoginToken#e894ad4d token:bytes = Authorization;",
/// )?;
/// let mut metadata = Metadata::default();
/// metadata
///     .add_errors(
///         "errors.tsv",
///         "auth.acceptLoginToken\t400\tAUTH_TOKEN_EXPIRED\tThe token expired.\n",
///     )?;
/// let rust = generate_with(&schema, &metadata, &Options::default())?;
/// assert!(rust.contains("pub enum AcceptLoginTokenError {"));
/// assert!(rust.contains("AuthTokenExpired(::tlwire::rpc::RpcError),"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn generate_with(
    schema: &Schema,
    metadata: &Metadata,
    options: &Options,
) -> Result<String, SourceErrors> {
    let model = model::Model::build(schema, metadata).map_err(|failures| {
        // `build` fails with at least one; the first is the one to show.
        let Some(failure) = failures.into_iter().next() else {
            let kind = SourceErrorKind::Unusable("the model could not be built".into());
            return SourceErrors(alloc::vec![SourceError::new(None, None, kind)]);
        };
        let mut error = failure.error;
        if let Some(d) = failure.earlier.and_then(|i| schema.definitions.get(i)) {
            error.message = alloc::format!("{}, at line {}", error.message, d.line);
        }
        SourceErrors(alloc::vec![placed(
            failure.index,
            failure.table,
            error,
            metadata,
            None
        )])
    })?;
    Ok(emit_model(&model, options))
}

/// A model failure as a [`SourceError`]: a definition's (`index` given),
/// in `file` when known; or metadata's, at its row of `table`.
fn placed(
    index: Option<usize>,
    table: Option<metadata::Table>,
    error: GenerateError,
    metadata: &Metadata,
    file: Option<&str>,
) -> SourceError {
    let GenerateError {
        line,
        combinator,
        message,
    } = error;
    if index.is_some() {
        return SourceError::new(file, Some(line), SourceErrorKind::Unusable(message))
            .named(combinator);
    }
    let origin = table.and_then(|table| metadata.origin_in(table, &combinator));
    let (file, line) = origin.map_or((None, None), |(file, line)| (Some(file), Some(line)));
    SourceError::new(file, line, SourceErrorKind::Metadata(message)).named(combinator)
}

fn emit_model(model: &model::Model, options: &Options) -> String {
    let mut emitter = emit::Emitter {
        model,
        options,
        bare: model.used_bare(),
        emits_object: options.object || options.samples || model.names_object(),
        w: writer::Writer::default(),
    };
    emitter.emit_all();
    emitter.w.finish()
}

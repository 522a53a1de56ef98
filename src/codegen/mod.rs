//! The generator: TL schema text in, Rust source out.
//!
//! This crate's `build.rs` runs it on `tl/*.tl`; with the `codegen` feature
//! it is a public API for other crates' build scripts and their own schema
//! lines. The output is formatted, documented Rust that can be `include!`d
//! at the root of any crate depending on `tlwire`:
//!
//! ```
//! # #[cfg(feature = "codegen")] {
//! use tlwire::codegen::{generate, Options};
//! let schema = tlwire::schema::parse("ping#7abe77ec ping_id:long = Pong;\npong#347773c5 msg_id:long ping_id:long = Pong;")?;
//! let rust = generate(&schema, &Options::default())?;
//! assert!(rust.contains("pub struct Ping {"));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A build script of another crate would write `rust` to
//! `$OUT_DIR/tl.rs` and the crate would `include!(concat!(env!("OUT_DIR"), "/tl.rs"));`.

use alloc::string::String;
use core::fmt;

mod emit;
mod model;
mod names;
mod serde;
mod writer;

use crate::schema::Schema;

/// Whether and how to emit `Serialize`/`Deserialize` implementations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Serde {
    /// No serde implementations.
    #[default]
    Off,
    /// Always emit them (the consuming crate enables tlwire's `serde` feature).
    On,
    /// Emit them behind `#[cfg(feature = "NAME")]` of the consuming crate.
    Feature(String),
}

impl Serde {
    /// `None` for off; otherwise the attribute to put on each impl (may be empty).
    fn attribute(&self) -> Option<String> {
        match self {
            Serde::Off => None,
            Serde::On => Some(String::new()),
            Serde::Feature(name) => Some(alloc::format!("#[cfg(feature = \"{name}\")]")),
        }
    }
}

/// What to generate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Serde implementations in the JSON shape of the `tlwire` tool.
    pub serde: Serde,
}

/// A schema line the generator cannot express.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateError {
    /// 1-based line of the combinator.
    pub line: usize,
    /// The combinator's schema name.
    pub combinator: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {}: {}",
            self.line, self.combinator, self.message
        )
    }
}

impl core::error::Error for GenerateError {}

/// Generates the Rust source for `schema`.
pub fn generate(schema: &Schema, options: &Options) -> Result<String, GenerateError> {
    let model = model::Model::build(schema)?;
    let mut emitter = emit::Emitter {
        model: &model,
        options,
        w: writer::Writer::default(),
    };
    emitter.emit_all();
    Ok(emitter.w.finish())
}

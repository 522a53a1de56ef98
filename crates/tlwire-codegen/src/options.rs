//! [`Options`]: what the generator emits beyond the types and codecs every
//! layer gets (serde impls, samples, function decoders, a subset of
//! items), set through builder methods so that an option added later is
//! not a breaking change.

use alloc::string::String;

/// Whether and how to emit `Serialize`/`Deserialize` implementations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
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
    pub(crate) fn attribute(&self) -> Option<String> {
        match self {
            Serde::Off => None,
            Serde::On => Some(String::new()),
            Serde::Feature(name) => Some(alloc::format!("#[cfg(feature = \"{name}\")]")),
        }
    }
}

/// What to generate: start from [`Options::default`] (or
/// [`Options::crate_build`]) and set what differs with the methods of the
/// same names as the fields, so an option added later is not a breaking
/// change:
///
/// ```
/// use tlwire_codegen::{Options, Serde};
/// let options = Options::default()
///     .items(["auth.acceptLoginToken", "help.getConfig"])
///     .serde(Serde::Feature("serde".into()))
///     .skip_unusable(true);
/// assert!(options.skip_unusable && options.items.len() == 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Serde implementations in the JSON shape of the `tlwire` tool.
    pub serde: Serde,
    /// Keep an explicit id that does not match its line (real layers carry a
    /// few), with a warning, instead of failing. tlwire's own build fails.
    pub keep_mismatched_ids: bool,
    /// Also emit `samples`: one value of every combinator and a check that
    /// every function names its response type, for round-trip tests.
    pub samples: bool,
    /// Skip what the generator cannot use — a line that does not parse, or a
    /// combinator naming a type the schema lacks (and whatever needs it in
    /// turn) — with a warning naming the line and the reason, instead of
    /// failing. For other clients' schema files, which carry lines of their
    /// own; tlwire's own build fails.
    pub skip_unusable: bool,
    /// Generate only these combinators (full TL names, `auth.acceptLoginToken`
    /// or `authorization`) and what they need: every constructor of each
    /// type their fields and results name, transitively. Empty: everything.
    /// A crate that speaks a few methods then compiles a few types.
    pub items: alloc::vec::Vec<String>,
    /// Also derive `Eq` and `Hash` (on types without a `double` inside).
    /// Off by default: on a whole layer they cost about a quarter of the
    /// compile time, and `PartialEq` is always there.
    pub eq_hash: bool,
    /// Also emit `enums::Object`: one enum of every combinator, which
    /// decodes any boxed object the schema knows (tlwire's
    /// `tlwire::decode_any` and its `decode` tool use it). It
    /// is emitted anyway where a field has the bare type `Object`, and with
    /// [`samples`](Self::samples). Off by default: a stack learns each
    /// answer's type from `tlwire::Function::Response`, and on a
    /// whole layer the enum, with a match of every combinator in each of its
    /// methods, costs about a fifth of the compile time (benches/README.md).
    pub object: bool,
    /// Also decode functions (requests): `decode_bare`, `Decode` and
    /// `Borrowing` on each function's struct, for servers, proxies and
    /// fuzzers that read requests. They come anyway with `enums::Object`,
    /// which decodes functions too. Off by default, as in grammers-tl-types:
    /// a client only encodes its requests.
    pub decode_functions: bool,
}

impl Options {
    /// Sets [`serde`](Self::serde).
    #[must_use]
    pub fn serde(mut self, serde: Serde) -> Self {
        self.serde = serde;
        self
    }

    /// Sets [`keep_mismatched_ids`](Self::keep_mismatched_ids).
    #[must_use]
    pub fn keep_mismatched_ids(mut self, on: bool) -> Self {
        self.keep_mismatched_ids = on;
        self
    }

    /// Sets [`samples`](Self::samples).
    #[must_use]
    pub fn samples(mut self, on: bool) -> Self {
        self.samples = on;
        self
    }

    /// Sets [`skip_unusable`](Self::skip_unusable).
    #[must_use]
    pub fn skip_unusable(mut self, on: bool) -> Self {
        self.skip_unusable = on;
        self
    }

    /// Sets [`items`](Self::items).
    #[must_use]
    pub fn items<I: IntoIterator<Item = S>, S: Into<String>>(mut self, items: I) -> Self {
        self.items = items.into_iter().map(Into::into).collect();
        self
    }

    /// Sets [`eq_hash`](Self::eq_hash).
    #[must_use]
    pub fn eq_hash(mut self, on: bool) -> Self {
        self.eq_hash = on;
        self
    }

    /// Sets [`object`](Self::object).
    #[must_use]
    pub fn object(mut self, on: bool) -> Self {
        self.object = on;
        self
    }

    /// Sets [`decode_functions`](Self::decode_functions).
    #[must_use]
    pub fn decode_functions(mut self, on: bool) -> Self {
        self.decode_functions = on;
        self
    }

    /// The options tlwire's own `build.rs` uses: serde behind its `serde` feature.
    pub fn crate_build() -> Self {
        Self {
            serde: Serde::Feature("serde".into()),
            keep_mismatched_ids: false,
            samples: false,
            skip_unusable: false,
            items: alloc::vec::Vec::new(),
            eq_hash: true,
            object: true,
            decode_functions: true,
        }
    }
}

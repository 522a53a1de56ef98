//! How tolerant a decode is, and how deep it may go.
//!
//! Leniency is an explicit switch, as in httparse's `ParserConfig`: the
//! default accepts what the common peers send (the long length form for a
//! short length, non-zero padding, strings that are not UTF-8), `strict`
//! accepts only the canonical form. Limits are defences against hostile
//! input, so they apply in both modes.

/// The nesting depth allowed by default: far beyond any real response.
pub const DEFAULT_MAX_DEPTH: u32 = 64;

/// Settings for one decode. Cheap to copy; build with the `with_*` methods.
///
/// ```
/// use tlwire::DecodeOptions;
/// let opts = DecodeOptions::strict().with_max_depth(8);
/// assert!(opts.is_strict());
/// assert_eq!(opts.max_depth(), 8);
/// assert!(!DecodeOptions::default().is_strict());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeOptions {
    strict: bool,
    max_depth: u32,
}

impl DecodeOptions {
    /// Lenient decoding with the default limits (the same as `default()`).
    pub const fn lenient() -> Self {
        Self {
            strict: false,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Strict decoding: every non-canonical form and invalid UTF-8 in a
    /// `string` is an error.
    pub const fn strict() -> Self {
        Self::lenient().with_strict(true)
    }

    /// Turns strict mode on or off.
    pub const fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Sets how many boxed objects may nest inside each other.
    pub const fn with_max_depth(mut self, max_depth: u32) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Whether strict mode is on.
    pub const fn is_strict(&self) -> bool {
        self.strict
    }

    /// The nesting limit.
    pub const fn max_depth(&self) -> u32 {
        self.max_depth
    }
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self::lenient()
    }
}

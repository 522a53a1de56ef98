//! How tolerant a decode is, and how deep it may go.
//!
//! Leniency is an explicit switch, as in httparse's `ParserConfig`: the
//! default accepts what the common peers send (the long length form for a
//! short length, non-zero padding, strings that are not UTF-8), `strict`
//! accepts only the canonical form. Limits are defences against hostile
//! input, so they apply in both modes.

/// The nesting depth allowed by default: far beyond any real response.
pub const DEFAULT_MAX_DEPTH: u32 = 64;

/// The inflated size allowed for a `gzip_packed` payload by default: 16 MiB.
pub const DEFAULT_MAX_INFLATED_LEN: usize = 16 << 20;

/// The `gzip_packed` layers allowed inside each other by default.
pub const DEFAULT_MAX_PACKED_DEPTH: u32 = 2;

/// Bytes a decode may allocate by default, per byte of its input: vectors,
/// boxes and inflated `gzip_packed` data, all layers together.
pub const DEFAULT_ALLOC_PER_INPUT_BYTE: u32 = 32;

/// Bytes a decode may allocate by default on top of
/// [`DEFAULT_ALLOC_PER_INPUT_BYTE`] per input byte, so that a small input
/// may still carry a compressed or vector-heavy answer.
pub const DEFAULT_ALLOC_BASE: usize = 64 << 10;

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
    max_inflated_len: usize,
    max_packed_depth: u32,
    /// The allocation budget: `alloc_per_input_byte` × the input's length
    /// + `alloc_base` bytes (a fixed budget has 0 per input byte). Two
    ///   plain words keep the options, which every reader carries, small.
    alloc_per_input_byte: u32,
    alloc_base: usize,
}

impl DecodeOptions {
    /// Lenient decoding with the default limits (the same as `default()`).
    pub const fn lenient() -> Self {
        Self {
            strict: false,
            max_depth: DEFAULT_MAX_DEPTH,
            max_inflated_len: DEFAULT_MAX_INFLATED_LEN,
            max_packed_depth: DEFAULT_MAX_PACKED_DEPTH,
            alloc_per_input_byte: DEFAULT_ALLOC_PER_INPUT_BYTE,
            alloc_base: DEFAULT_ALLOC_BASE,
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

    /// Sets how many values of recursive types (those that can contain
    /// themselves, such as an `rpc_result` holding any object) may nest
    /// inside each other. Other types nest only as deep as the schema says,
    /// so they do not count.
    pub const fn with_max_depth(mut self, max_depth: u32) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Sets how many bytes a `gzip_packed` payload may inflate to.
    pub const fn with_max_inflated_len(mut self, max: usize) -> Self {
        self.max_inflated_len = max;
        self
    }

    /// Sets how many `gzip_packed` layers may nest inside each other.
    pub const fn with_max_packed_depth(mut self, max: u32) -> Self {
        self.max_packed_depth = max;
        self
    }

    /// Sets the allocation budget of a decode to `per_input_byte` × the
    /// input's length + `base` bytes (by default
    /// [`DEFAULT_ALLOC_PER_INPUT_BYTE`] and [`DEFAULT_ALLOC_BASE`]).
    ///
    /// What a decode allocates for its values and data (vector storage,
    /// boxes, inflated `gzip_packed` data and `rpc_error` messages, all
    /// layers together) is charged against it, and a decode that would
    /// overspend fails with [`Limit::Allocation`](super::Limit::Allocation)
    /// before allocating past it. The inflater itself allocates nothing: it
    /// writes into the output buffer it is charged for. Not charged: an
    /// error's own box, and the handle (a few words) that shares an
    /// inflated buffer whose trailer misstated its size.
    ///
    /// ```
    /// use tlwire::DecodeOptions;
    /// let opts = DecodeOptions::default().with_alloc_budget(4, 1024);
    /// assert_eq!(opts.alloc_budget(100), 4 * 100 + 1024);
    /// ```
    pub const fn with_alloc_budget(mut self, per_input_byte: u32, base: usize) -> Self {
        self.alloc_per_input_byte = per_input_byte;
        self.alloc_base = base;
        self
    }

    /// Sets the allocation budget of a decode to `bytes`, whatever the
    /// input's length.
    pub const fn with_max_alloc(self, bytes: usize) -> Self {
        self.with_alloc_budget(0, bytes)
    }

    /// The bytes a decode of an input of `input_len` bytes may allocate.
    #[inline]
    pub const fn alloc_budget(&self, input_len: usize) -> usize {
        input_len
            .saturating_mul(self.alloc_per_input_byte as usize)
            .saturating_add(self.alloc_base)
    }

    /// The inflated-size limit of a `gzip_packed` payload.
    pub const fn max_inflated_len(&self) -> usize {
        self.max_inflated_len
    }

    /// The nesting limit of `gzip_packed` layers.
    pub const fn max_packed_depth(&self) -> u32 {
        self.max_packed_depth
    }

    /// Whether strict mode is on.
    pub const fn is_strict(&self) -> bool {
        self.strict
    }

    /// The nesting limit for values of recursive types.
    pub const fn max_depth(&self) -> u32 {
        self.max_depth
    }
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self::lenient()
    }
}

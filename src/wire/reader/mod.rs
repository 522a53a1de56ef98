//! The decoding cursor: [`Reader`] over a byte slice, with one read per TL
//! primitive. Generated decoders call it directly.
//!
//! Every read checks its whole extent once (for `bytes`: prefix, body and
//! padding together) and reports failures at the offset where the item
//! starts. Counts are checked against the bytes left before anything is
//! reserved, so hostile lengths cost nothing, and every allocation a decode
//! makes (vector storage, boxes, both in its [`Arena`]) is charged first
//! against the budget its options give the input: a decode fails before it
//! overspends.

use core::marker::PhantomData;

use byteorder::{ByteOrder, LittleEndian};

use super::arena::Arena;
use super::error::{DecodeError, DecodeErrorKind, Limit};
use super::ids;
use super::options::DecodeOptions;
use super::strings::utf8;
use super::strings::TlStr;
use super::tl_bytes;

mod boxes;
mod vectors;

/// A cursor over TL bytes. `bytes` and `string` fields borrow from the
/// input; vectors and boxed values are made in the reader's [`Arena`], if
/// it has one ([`Reader::in_arena`], or a decode through
/// [`decode_in`](super::decode_in) or [`Owned`](super::Owned)), and refused
/// with
/// [`DecodeErrorKind::NoArena`] if not.
///
/// ```
/// use tlwire::{DecodeOptions, Reader};
/// let mut r = Reader::new(&[0x2a, 0, 0, 0, 1], DecodeOptions::default());
/// assert_eq!(r.read_int().unwrap(), 42);
/// assert_eq!(r.position(), 4);
/// let err = r.read_int().unwrap_err();
/// assert_eq!(err.to_string(), "unexpected end of input at byte 4: need 4 bytes, 1 left");
/// ```
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    /// The unread rest of the input: reads shorten it from the front, so
    /// the hot path never re-slices from an offset.
    rest: &'a [u8],
    /// The whole input's length, which turns `rest` back into an offset.
    len: usize,
    depth: u32,
    /// The whole allocation budget of this decode, worked out once from the
    /// options and the input's length.
    budget: usize,
    /// What is left of it: a charge is one comparison and one subtraction.
    left: usize,
    arena: Option<&'a Arena>,
    options: DecodeOptions,
    /// Makes `Reader<'a>` invariant in `'a`. A decoded value may borrow the
    /// input and the arena's memory for `'a`, but never the `Arena` itself:
    /// `Owned` moves its arena after the decode, which leaves the memory
    /// where it is and the `Arena` handle elsewhere. A type holding a
    /// reader (the one thing here that holds `&'a Arena`) is invariant too,
    /// so [`borrowing!`](crate::borrowing) refuses it, and no `Owned` can
    /// keep one.
    invariant: PhantomData<fn(&'a ()) -> &'a ()>,
}

impl<'a> Reader<'a> {
    /// A reader whose `bytes`/`string` fields borrow from `buf`, with no
    /// arena: it reads values without vectors or boxed values.
    pub fn new(buf: &'a [u8], options: DecodeOptions) -> Self {
        let budget = options.alloc_budget(buf.len());
        Self {
            rest: buf,
            len: buf.len(),
            depth: 0,
            budget,
            left: budget,
            arena: None,
            options,
            invariant: PhantomData,
        }
    }

    /// This reader, making vectors and boxed values in `arena`: for a
    /// pipeline of its own reads. Each value is charged to the budget as
    /// ever; the arena's chunks are held to the budget too only through the
    /// entry points ([`decode_in`](super::decode_in), `Owned`, the response
    /// pipeline).
    ///
    /// ```
    /// use tlwire::{Arena, DecodeOptions, Reader};
    /// // Two boxed `Vector<int>`s, one after the other.
    /// let wire = [0x15, 0xc4, 0xb5, 0x1c, 1, 0, 0, 0, 7, 0, 0, 0,
    ///             0x15, 0xc4, 0xb5, 0x1c, 0, 0, 0, 0];
    /// let arena = Arena::new();
    /// let mut r = Reader::new(&wire, DecodeOptions::default()).in_arena(&arena);
    /// let first: &[i32] = r.read_vector(4, Reader::read_int)?;
    /// let second: &[i32] = r.read_vector(4, Reader::read_int)?;
    /// assert_eq!((first, second), (&[7][..], &[][..]));
    /// # Ok::<(), tlwire::DecodeError>(())
    /// ```
    pub fn in_arena(self, arena: &'a Arena) -> Self {
        Self {
            arena: Some(arena),
            ..self
        }
    }

    /// A reader of data inside the input (inflated `gzip_packed` bytes)
    /// that goes on spending the budget of the decode it is part of:
    /// `options` carry that decode's whole budget (`with_max_alloc`),
    /// `spent` what it has spent so far.
    pub(crate) fn continuing(buf: &'a [u8], options: DecodeOptions, spent: usize) -> Self {
        let new = Self::new(buf, options);
        Self {
            left: new.budget.saturating_sub(spent),
            ..new
        }
    }

    /// Reads a part of exactly the next `n` bytes with a reader of its own
    /// (`read` cannot pass them), for framing a schema does not describe:
    /// a length, then a value that must fill it. The part's reader has this
    /// one's options, arena, depth and what is left of its budget, and
    /// reports offsets in the whole input.
    ///
    /// ```
    /// use tlwire::{decode, DecodeError, DecodeErrorKind, Reader};
    ///
    /// /// A length-prefixed pair of ints (a framing of a stack's own).
    /// fn pair(r: &mut Reader<'_>) -> Result<(i32, i32), DecodeError> {
    ///     let at = r.position();
    ///     let len = usize::try_from(r.read_int()?)
    ///         .map_err(|_| DecodeError::new(DecodeErrorKind::InvalidLengthPrefix, at))?;
    ///     r.read_within(len, |part| Ok((part.read_int()?, part.read_int()?)))
    /// }
    ///
    /// let wire = [8, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0];
    /// let mut r = Reader::new(&wire, Default::default());
    /// assert_eq!(pair(&mut r)?, (1, 2));
    /// // A length the part does not fill is an error at its end.
    /// let short = [12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];
    /// let error = pair(&mut Reader::new(&short, Default::default())).unwrap_err();
    /// assert_eq!((error.kind().name(), error.offset()), ("trailing_bytes", 12));
    /// # Ok::<(), DecodeError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Fewer than `n` bytes left, whatever `read` returns, or bytes of the
    /// part that `read` leaves unread.
    pub fn read_within<T>(
        &mut self,
        n: usize,
        read: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let start = self.position();
        let budget = self.alloc_budget();
        let part = self.take(n)?;
        let mut sub = Reader {
            depth: self.depth,
            arena: self.arena,
            ..Reader::continuing(part, self.options.with_max_alloc(budget), self.spent())
        };
        let value = read(&mut sub).map_err(|e| e.shifted(start))?;
        sub.expect_end().map_err(|e| e.shifted(start))?;
        self.left = sub.left;
        Ok(value)
    }

    /// Bytes this decode has charged to its allocation budget.
    pub fn spent(&self) -> usize {
        self.budget.saturating_sub(self.left)
    }

    /// Bytes this decode may still allocate
    /// ([`DecodeOptions::with_alloc_budget`]).
    pub fn budget_left(&self) -> usize {
        self.left
    }

    /// The whole allocation budget of this decode.
    pub fn alloc_budget(&self) -> usize {
        self.budget
    }

    /// Charges `bytes` against the allocation budget, or fails with
    /// [`Limit::Allocation`] when they would overspend it. Call it before
    /// making the allocation it pays for.
    #[inline]
    pub fn charge(&mut self, bytes: usize) -> Result<(), DecodeError> {
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(over_budget(self.budget, self.position())),
        }
    }

    /// The arena this reader makes vectors and boxed values in.
    #[inline]
    fn arena(&self, at: usize) -> Result<&'a Arena, DecodeError> {
        self.arena.ok_or_else(|| no_arena(at))
    }

    /// The unread rest of the input.
    pub fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Moves past the next `n` bytes, which the caller has checked are there.
    #[inline(always)]
    fn advance(&mut self, n: usize) {
        self.rest = self.rest.get(n..).unwrap_or_default();
    }

    /// Takes the next `n` bytes as they are (no length prefix, no
    /// padding), or fails at the current offset: for a type no schema
    /// describes, such as a stack's own framing, written by hand on the
    /// codec traits.
    ///
    /// ```
    /// use tlwire::bytes::BufMut;
    /// use tlwire::{Checked, Decode, DecodeError, DecodeErrorKind, Encode, EncodeError, Reader};
    ///
    /// /// A frame of MTProto's intermediate transport: a 4-byte length,
    /// /// then that many bytes.
    /// struct Frame<'a> {
    ///     payload: &'a [u8],
    /// }
    ///
    /// impl<'a> Decode<'a> for Frame<'a> {
    ///     fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
    ///         let at = r.position();
    ///         let len = usize::try_from(r.read_int()?)
    ///             .map_err(|_| DecodeError::new(DecodeErrorKind::InvalidLengthPrefix, at))?;
    ///         Ok(Frame { payload: r.take(len)? })
    ///     }
    /// }
    ///
    /// impl Encode for Frame<'_> {
    ///     fn encoded_len(&self) -> Result<usize, EncodeError> {
    ///         Ok(4 + self.payload.len())
    ///     }
    ///     fn encode_raw<B: BufMut>(&self, buf: &mut B, _: Checked) {
    ///         buf.put_u32_le(self.payload.len() as u32);
    ///         buf.put_slice(self.payload);
    ///     }
    /// }
    ///
    /// let bytes = Frame { payload: b"abcde" }.to_vec()?;
    /// let frame: Frame<'_> = tlwire::decode(&bytes)?;
    /// assert_eq!(frame.payload, b"abcde");
    /// // A length past the end is the usual typed error, at its offset.
    /// let error = tlwire::decode::<Frame<'_>>(&bytes[..7]).err().unwrap();
    /// assert_eq!(error.offset(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        match self.rest.split_at_checked(n) {
            Some((taken, rest)) => {
                self.rest = rest;
                Ok(taken)
            }
            None => Err(end_error(n, self.rest.len(), self.position())),
        }
    }

    /// Reads a `bytes` field: one TL `bytes` item, and returns its body.
    #[inline(always)]
    pub fn read_bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        match self.short_item() {
            Some(item) => {
                self.advance(item.len());
                Ok(tl_bytes::short_body(item))
            }
            None => self.read_item().map(|item| item.body),
        }
    }

    /// The next item, whole, when a lenient decode can take it on the fast
    /// path: short form and all there. Strict decodes check padding and
    /// length forms, so they always take [`Self::read_item`].
    #[inline(always)]
    fn short_item(&self) -> Option<&'a [u8]> {
        tl_bytes::short_item(self.fast_rest()?)
    }

    /// The unread rest when reads may take the fast paths (lenient mode).
    #[inline(always)]
    fn fast_rest(&self) -> Option<&'a [u8]> {
        (!self.options.is_strict()).then_some(self.rest)
    }

    /// Reads one TL `bytes` item whole: any form, every check.
    #[inline(always)]
    fn read_item(&mut self) -> Result<tl_bytes::Item<'a>, DecodeError> {
        let item = split_item(self.rest, self.options.is_strict(), self.position())?;
        self.advance(item.total);
        Ok(item)
    }
}

// The out-of-line paths below take values, never the reader itself: a
// reader whose address escapes must live in memory, and every read would
// then store its position back.

#[cold]
fn end_error(needed: usize, left: usize, at: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::UnexpectedEnd { needed, left }, at)
}

/// [`tl_bytes::split`] out of line, with its error placed at `at`: the long
/// form, strict decodes and malformed items.
#[inline(never)]
fn split_item(rest: &[u8], strict: bool, at: usize) -> Result<tl_bytes::Item<'_>, DecodeError> {
    tl_bytes::split(rest, strict).map_err(|kind| DecodeError::new(kind, at))
}

/// The primitive reads every TL type is made of.
impl<'a> Reader<'a> {
    /// Reads a flags word (`name:#`). Unknown bits are kept by the caller.
    #[inline]
    pub fn read_flags(&mut self) -> Result<u32, DecodeError> {
        self.read_u32()
    }

    /// Reads an optional field (`name:flags.N?T`): `read` runs only when
    /// its flag bit is set.
    #[inline]
    pub fn read_if<T>(
        &mut self,
        present: bool,
        read: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        if present {
            read(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads a boxed `Bool`.
    #[inline]
    pub fn read_bool(&mut self) -> Result<bool, DecodeError> {
        let at = self.position();
        match self.read_u32()? {
            ids::BOOL_TRUE => Ok(true),
            ids::BOOL_FALSE => Ok(false),
            id => Err(unknown_constructor(id, "Bool", at)),
        }
    }

    /// Reads the id of a boxed object of type `expected` and checks it is `id`.
    #[inline]
    pub fn expect_id(&mut self, id: u32, expected: &'static str) -> Result<(), DecodeError> {
        let at = self.position();
        let found = self.read_u32()?;
        if found == id {
            Ok(())
        } else {
            Err(unknown_constructor(found, expected, at))
        }
    }

    /// The error for a constructor id that type `expected` does not have,
    /// read just before the cursor.
    #[inline]
    pub fn unknown_constructor(&self, id: u32, expected: &'static str) -> DecodeError {
        unknown_constructor(id, expected, self.position().saturating_sub(4))
    }

    /// Fails with [`DecodeErrorKind::TrailingBytes`] unless all input was read.
    #[inline]
    pub fn expect_end(&self) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            left => Err(trailing_bytes(left, self.position())),
        }
    }
}

#[cold]
fn trailing_bytes(left: usize, at: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::TrailingBytes { left }, at)
}

#[cold]
fn over_budget(budget: usize, at: usize) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::LimitExceeded {
            limit: Limit::Allocation(budget),
        },
        at,
    )
}

#[cold]
fn no_arena(at: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::NoArena, at)
}

#[cold]
fn too_deep(max_depth: u32, at: usize) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::LimitExceeded {
            limit: Limit::Depth(max_depth),
        },
        at,
    )
}

#[cold]
fn unknown_constructor(id: u32, expected: &'static str, at: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::UnknownConstructor { id, expected }, at)
}

/// The reads of fixed-size words and the depth counter.
impl Reader<'_> {
    /// Offset of the next unread byte.
    #[inline]
    pub fn position(&self) -> usize {
        self.len.saturating_sub(self.rest.len())
    }

    /// Bytes left to read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// The options this decode runs with.
    #[inline]
    pub fn options(&self) -> &DecodeOptions {
        &self.options
    }

    /// Reads a 32-bit unsigned word (constructor ids, flags words).
    #[inline]
    pub fn read_u32(&mut self) -> Result<u32, DecodeError> {
        self.take(4).map(LittleEndian::read_u32)
    }

    /// The next 32-bit word (a constructor id), without reading it.
    #[inline]
    pub fn peek_u32(&self) -> Option<u32> {
        self.rest().get(..4).map(LittleEndian::read_u32)
    }

    /// Reads an `int`.
    #[inline]
    pub fn read_int(&mut self) -> Result<i32, DecodeError> {
        self.take(4).map(LittleEndian::read_i32)
    }

    /// Reads a `long`.
    #[inline]
    pub fn read_long(&mut self) -> Result<i64, DecodeError> {
        self.take(8).map(LittleEndian::read_i64)
    }

    /// Reads a `double`.
    #[inline]
    pub fn read_double(&mut self) -> Result<f64, DecodeError> {
        self.take(8).map(LittleEndian::read_f64)
    }

    /// Reads an `int128` as its 16 raw bytes.
    #[inline]
    pub fn read_int128(&mut self) -> Result<[u8; 16], DecodeError> {
        let mut out = [0; 16];
        out.copy_from_slice(self.take(16)?);
        Ok(out)
    }

    /// Reads an `int256` as its 32 raw bytes.
    #[inline]
    pub fn read_int256(&mut self) -> Result<[u8; 32], DecodeError> {
        let mut out = [0; 32];
        out.copy_from_slice(self.take(32)?);
        Ok(out)
    }

    /// Steps one level into a value of a recursive type; fails past the
    /// depth limit.
    #[inline]
    pub fn enter(&mut self) -> Result<(), DecodeError> {
        if self.depth >= self.options.max_depth() {
            return Err(too_deep(self.options.max_depth(), self.position()));
        }
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    /// Steps back out of a value of a recursive type.
    #[inline]
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// The read of a `string`, borrowed from the input.
impl<'a> Reader<'a> {
    /// Reads a `string` field (UTF-8 checked once; strict mode rejects the rest).
    #[inline(always)]
    pub fn read_string(&mut self) -> Result<TlStr<'a>, DecodeError> {
        if let Some((total, s)) = self.fast_rest().and_then(utf8::short_string) {
            self.advance(total);
            return Ok(TlStr::from_packed(s));
        }
        let (total, s) = read_string_rest(self.rest, self.options.is_strict(), self.position())?;
        self.advance(total);
        Ok(s)
    }
}

/// Every `string` that [`utf8::short_string`] does not take: short items
/// near the end of the input, not ASCII or with 64 bytes or more, the long
/// form, strict decodes. Returns the item's size and its body. Short items
/// (most of a chat's non-ASCII text) are read here; the rest, with the
/// errors, one call further, so that this call saves few registers.
#[inline(never)]
fn read_string_rest(
    rest: &[u8],
    strict: bool,
    at: usize,
) -> Result<(usize, TlStr<'_>), DecodeError> {
    if !strict {
        if let Some((total, s)) = utf8::other_short_string(rest) {
            return Ok((total, TlStr::from_packed(s)));
        }
    }
    read_string_item(rest, strict, at)
}

/// A `string` in the long form, in a strict decode, or not all there.
#[inline(never)]
fn read_string_item(
    rest: &[u8],
    strict: bool,
    at: usize,
) -> Result<(usize, TlStr<'_>), DecodeError> {
    let item = split_item(rest, strict, at)?;
    let s = TlStr::new(item.body);
    if strict && !s.is_utf8() {
        return Err(invalid_utf8(at));
    }
    Ok((item.total, s))
}

#[cold]
fn invalid_utf8(at: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::InvalidUtf8, at)
}

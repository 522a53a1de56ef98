//! The decoding cursor: [`Reader`] over a byte slice, and the two traits
//! generated code reads through — [`Cursor`] for the primitives every type
//! shares and [`Input`] for the storage-dependent `bytes` and `string`.
//!
//! Every read checks its whole extent once (for `bytes`: prefix, body and
//! padding together) and reports failures at the offset where the item
//! starts. Counts are checked against the bytes left before anything is
//! reserved, so hostile lengths cost nothing.

use alloc::vec::Vec;
use byteorder::{ByteOrder, LittleEndian};
use bytes::Bytes;

use super::error::{DecodeError, DecodeErrorKind, Limit, PathSegment};
use super::ids;
use super::options::DecodeOptions;
use super::storage::{Borrowed, Shared, Storage};
use super::strings::{TlStr, TlString};
use super::tl_bytes;

/// Caps what a vector reserves up front, so a count justified only by many
/// tiny elements cannot make one large allocation before they are read.
const PREALLOC_BYTES: usize = 64 * 1024;

/// A cursor over TL bytes.
///
/// `Src` is `()` when fields borrow from the slice, or `&Bytes` when they
/// share the buffer the slice came from (see [`Shared`]).
///
/// ```
/// use tlwire::{Cursor, DecodeOptions, Reader};
/// let mut r = Reader::new(&[0x2a, 0, 0, 0, 1], DecodeOptions::default());
/// assert_eq!(r.read_int().unwrap(), 42);
/// assert_eq!(r.position(), 4);
/// let err = r.read_int().unwrap_err();
/// assert_eq!(err.to_string(), "unexpected end of input at byte 4: need 4 bytes, 1 left");
/// ```
#[derive(Clone, Debug)]
pub struct Reader<'a, Src = ()> {
    buf: &'a [u8],
    pos: usize,
    depth: u32,
    options: DecodeOptions,
    src: Src,
}

impl<'a> Reader<'a> {
    /// A reader whose `bytes`/`string` fields borrow from `buf`.
    pub fn new(buf: &'a [u8], options: DecodeOptions) -> Self {
        Self {
            buf,
            pos: 0,
            depth: 0,
            options,
            src: (),
        }
    }
}

impl<'a> Reader<'a, &'a Bytes> {
    /// A reader whose `bytes`/`string` fields are [`Bytes`] slices of `buf`.
    pub fn shared(buf: &'a Bytes, options: DecodeOptions) -> Self {
        Self {
            buf: buf.as_ref(),
            pos: 0,
            depth: 0,
            options,
            src: buf,
        }
    }
}

impl<'a, Src> Reader<'a, Src> {
    /// The unread rest of the input.
    pub fn rest(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// Takes the next `n` bytes, or fails at the current offset.
    #[inline]
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let rest = self.rest();
        match rest.get(..n) {
            Some(taken) => {
                self.pos = self.pos.saturating_add(n);
                Ok(taken)
            }
            None => Err(self.end_error(n)),
        }
    }

    #[cold]
    fn end_error(&self, needed: usize) -> DecodeError {
        DecodeError::new(
            DecodeErrorKind::UnexpectedEnd {
                needed,
                left: self.rest().len(),
            },
            self.pos,
        )
    }

    /// Reads one TL `bytes` item and returns its body.
    #[inline]
    pub fn read_raw_bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let item = tl_bytes::split(self.rest(), self.options.is_strict())
            .map_err(|kind| DecodeError::new(kind, self.pos))?;
        self.pos = self.pos.saturating_add(item.total);
        Ok(item.body)
    }
}

/// The primitive reads every TL type is made of. Implemented by [`Reader`];
/// generated decoders are generic over it.
pub trait Cursor {
    /// Offset of the next unread byte.
    fn position(&self) -> usize;
    /// Bytes left to read.
    fn remaining(&self) -> usize;
    /// The options this decode runs with.
    fn options(&self) -> &DecodeOptions;
    /// Reads a 32-bit unsigned word (constructor ids, flags words).
    fn read_u32(&mut self) -> Result<u32, DecodeError>;
    /// Reads an `int`.
    fn read_int(&mut self) -> Result<i32, DecodeError>;
    /// Reads a `long`.
    fn read_long(&mut self) -> Result<i64, DecodeError>;
    /// Reads a `double`.
    fn read_double(&mut self) -> Result<f64, DecodeError>;
    /// Reads an `int128` as its 16 raw bytes.
    fn read_int128(&mut self) -> Result<[u8; 16], DecodeError>;
    /// Reads an `int256` as its 32 raw bytes.
    fn read_int256(&mut self) -> Result<[u8; 32], DecodeError>;
    /// The next 32-bit word (a constructor id), without reading it.
    fn peek_u32(&self) -> Option<u32>;
    /// Steps one level into a boxed object; fails past the depth limit.
    fn enter(&mut self) -> Result<(), DecodeError>;
    /// Steps back out of a boxed object.
    fn leave(&mut self);

    /// Reads a flags word (`name:#`). Unknown bits are kept by the caller.
    #[inline]
    fn read_flags(&mut self) -> Result<u32, DecodeError> {
        self.read_u32()
    }

    /// Reads an optional field (`name:flags.N?T`): `read` runs only when
    /// its flag bit is set.
    #[inline]
    fn read_if<T>(
        &mut self,
        present: bool,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError>
    where
        Self: Sized,
    {
        if present {
            read(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads a boxed `Bool`.
    #[inline]
    fn read_bool(&mut self) -> Result<bool, DecodeError> {
        let at = self.position();
        match self.read_u32()? {
            ids::BOOL_TRUE => Ok(true),
            ids::BOOL_FALSE => Ok(false),
            id => Err(unknown_constructor(id, "Bool", at)),
        }
    }

    /// Reads the id of a boxed object of type `expected` and checks it is `id`.
    #[inline]
    fn expect_id(&mut self, id: u32, expected: &'static str) -> Result<(), DecodeError> {
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
    #[cold]
    fn unknown_constructor(&self, id: u32, expected: &'static str) -> DecodeError {
        unknown_constructor(id, expected, self.position().saturating_sub(4))
    }

    /// Reads a vector count and checks that `count` elements of at least
    /// `min_len` bytes each fit in what is left. `at` is where the vector starts.
    #[inline]
    fn read_count(&mut self, min_len: usize, at: usize) -> Result<usize, DecodeError> {
        let count = self.read_int()?;
        let count = usize::try_from(count)
            .map_err(|_| DecodeError::new(DecodeErrorKind::NegativeCount { count }, at))?;
        let needed = count.saturating_mul(min_len);
        if needed > self.remaining() {
            return Err(DecodeError::new(
                DecodeErrorKind::UnexpectedEnd {
                    needed: needed.saturating_add(self.position().saturating_sub(at)),
                    left: self
                        .remaining()
                        .saturating_add(self.position().saturating_sub(at)),
                },
                at,
            ));
        }
        Ok(count)
    }

    /// Reads a bare `vector<T>`: a count, then the elements, each read by
    /// `element` and taking at least `min_len` bytes.
    #[inline]
    fn read_bare_vector<T>(
        &mut self,
        min_len: usize,
        element: impl FnMut(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError>
    where
        Self: Sized,
    {
        let at = self.position();
        read_elements(self, min_len, at, element)
    }

    /// Reads a boxed `Vector<T>`: `vector#1cb5c415`, a count, the elements.
    #[inline]
    fn read_vector<T>(
        &mut self,
        min_len: usize,
        element: impl FnMut(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError>
    where
        Self: Sized,
    {
        let at = self.position();
        self.expect_id(ids::VECTOR, "Vector")?;
        read_elements(self, min_len, at, element)
    }

    /// Fails with [`DecodeErrorKind::TrailingBytes`] unless all input was read.
    fn expect_end(&self) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            left => Err(DecodeError::new(
                DecodeErrorKind::TrailingBytes { left },
                self.position(),
            )),
        }
    }
}

fn read_elements<C: Cursor, T>(
    r: &mut C,
    min_len: usize,
    at: usize,
    mut element: impl FnMut(&mut C) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let count = r.read_count(min_len, at)?;
    let cap = PREALLOC_BYTES
        .checked_div(core::mem::size_of::<T>())
        .unwrap_or(count);
    let mut out = Vec::with_capacity(count.min(cap));
    for index in 0..count {
        out.push(element(r).map_err(|e| e.within(PathSegment::Element(index)))?);
    }
    Ok(out)
}

#[cold]
fn unknown_constructor(id: u32, expected: &'static str, at: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::UnknownConstructor { id, expected }, at)
}

impl<Src> Cursor for Reader<'_, Src> {
    #[inline]
    fn position(&self) -> usize {
        self.pos
    }

    #[inline]
    fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    #[inline]
    fn options(&self) -> &DecodeOptions {
        &self.options
    }

    #[inline]
    fn read_u32(&mut self) -> Result<u32, DecodeError> {
        self.take(4).map(LittleEndian::read_u32)
    }

    #[inline]
    fn peek_u32(&self) -> Option<u32> {
        self.rest().get(..4).map(LittleEndian::read_u32)
    }

    #[inline]
    fn read_int(&mut self) -> Result<i32, DecodeError> {
        self.take(4).map(LittleEndian::read_i32)
    }

    #[inline]
    fn read_long(&mut self) -> Result<i64, DecodeError> {
        self.take(8).map(LittleEndian::read_i64)
    }

    #[inline]
    fn read_double(&mut self) -> Result<f64, DecodeError> {
        self.take(8).map(LittleEndian::read_f64)
    }

    #[inline]
    fn read_int128(&mut self) -> Result<[u8; 16], DecodeError> {
        let mut out = [0; 16];
        out.copy_from_slice(self.take(16)?);
        Ok(out)
    }

    #[inline]
    fn read_int256(&mut self) -> Result<[u8; 32], DecodeError> {
        let mut out = [0; 32];
        out.copy_from_slice(self.take(32)?);
        Ok(out)
    }

    #[inline]
    fn enter(&mut self) -> Result<(), DecodeError> {
        if self.depth >= self.options.max_depth() {
            return Err(DecodeError::new(
                DecodeErrorKind::LimitExceeded {
                    limit: Limit::Depth(self.options.max_depth()),
                },
                self.pos,
            ));
        }
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    #[inline]
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// The reads whose result type depends on the storage `S` being decoded into.
pub trait Input<'a, S: Storage<'a>>: Cursor {
    /// Reads a `bytes` field.
    fn read_bytes(&mut self) -> Result<S::Bytes, DecodeError>;
    /// Reads a `string` field (UTF-8 checked once; strict mode rejects the rest).
    fn read_string(&mut self) -> Result<S::Str, DecodeError>;
}

impl<'a> Input<'a, Borrowed> for Reader<'a> {
    #[inline]
    fn read_bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        self.read_raw_bytes()
    }

    #[inline]
    fn read_string(&mut self) -> Result<TlStr<'a>, DecodeError> {
        let at = self.pos;
        let s = TlStr::new(self.read_raw_bytes()?);
        check_utf8(s.is_utf8(), &self.options, at)?;
        Ok(s)
    }
}

impl Input<'static, Shared> for Reader<'_, &Bytes> {
    #[inline]
    fn read_bytes(&mut self) -> Result<Bytes, DecodeError> {
        let body = self.read_raw_bytes()?;
        // `body` is a sub-slice of `self.src` by construction (`buf` is
        // `src`'s own slice), which is what `slice_ref` requires.
        Ok(self.src.slice_ref(body))
    }

    #[inline]
    fn read_string(&mut self) -> Result<TlString, DecodeError> {
        let at = self.pos;
        let s = TlString::new(self.read_bytes()?);
        check_utf8(s.is_utf8(), &self.options, at)?;
        Ok(s)
    }
}

#[inline]
fn check_utf8(is_utf8: bool, options: &DecodeOptions, at: usize) -> Result<(), DecodeError> {
    if is_utf8 || !options.is_strict() {
        Ok(())
    } else {
        Err(DecodeError::new(DecodeErrorKind::InvalidUtf8, at))
    }
}

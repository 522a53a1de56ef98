//! `message msg_id:long seqno:int bytes:int body:Object`: a body with its
//! id, sequence number and length, the length read by hand.

use bytes::Bytes;

use super::{i32_at, i64_at, u32_at, EnvelopeError, EnvelopeErrorKind};
use crate::rpc::packed;
use crate::wire::{decode_in, Arena, Borrowing, Decode, DecodeError, DecodeOptions, Owned};

/// The header of a message: `msg_id`, `seqno` and `bytes`.
pub(super) const HEADER: usize = 16;

/// One message, its body not decoded: a slice of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// The message id.
    pub msg_id: i64,
    /// The sequence number.
    pub seqno: i32,
    /// The body, exactly `bytes` long.
    pub body: &'a [u8],
}

impl<'a> Message<'a> {
    /// Reads one message from the front of `buf`: the message and the bytes
    /// it took. `offset` is where `buf` starts in the caller's input, for
    /// errors; `index` the message's place in its container.
    pub(super) fn read_at(
        buf: &'a [u8],
        offset: usize,
        index: Option<usize>,
    ) -> Result<(Self, usize), EnvelopeError> {
        let error = |kind| EnvelopeError::new(kind, offset, index);
        let (Some(msg_id), Some(seqno), Some(len)) =
            (i64_at(buf, 0), i32_at(buf, 8), i32_at(buf, 12))
        else {
            return Err(error(EnvelopeErrorKind::Truncated {
                needed: HEADER,
                left: buf.len(),
            }));
        };
        let left = buf.len().saturating_sub(HEADER);
        let body = usize::try_from(len)
            .ok()
            .filter(|n| n % 4 == 0)
            .and_then(|n| buf.get(HEADER..HEADER.checked_add(n)?))
            .ok_or_else(|| error(EnvelopeErrorKind::BodyLength { len, left }))?;
        let message = Self {
            msg_id,
            seqno,
            body,
        };
        Ok((message, HEADER.saturating_add(body.len())))
    }

    /// Reads one message from the front of `buf` and the bytes it took.
    ///
    /// # Errors
    ///
    /// A header cut short, or a body length that is negative, not a
    /// multiple of 4, or beyond the end of `buf`.
    pub fn read(buf: &'a [u8]) -> Result<(Self, usize), EnvelopeError> {
        Self::read_at(buf, 0, None)
    }

    /// The constructor id the body starts with, if it has four bytes.
    pub fn body_id(&self) -> Option<u32> {
        u32_at(self.body, 0)
    }

    /// Decodes the whole body as `T`, vectors and large values in `arena`.
    ///
    /// # Errors
    ///
    /// Whatever decoding the body as `T` finds; offsets are in the body.
    pub fn decode<T: Decode<'a>>(
        &self,
        arena: &'a Arena,
        options: DecodeOptions,
    ) -> Result<T, DecodeError> {
        decode_in(self.body, arena, options)
    }

    /// Decodes the body as `T` into a value that owns its bytes, so it
    /// outlives the buffer the message was read from and moves across
    /// tasks. A `gzip_packed` body is inflated first (layers as `options`
    /// allow, feature `gzip`), within the one budget of the body's length.
    ///
    /// `received` is the buffer the message was read from: a plain body
    /// shares it (no copy: the value holds a reference count on it); a
    /// body not inside `received` is copied once.
    ///
    /// ```
    /// use tlwire::bytes::Bytes;
    /// use tlwire::envelope::{encode_container, Container, Outgoing};
    /// use tlwire::{enums::Authorization, DecodeOptions, Owned};
    ///
    /// let answer = tlwire::envelope::RawBody::new(tlwire::sample::AUTHORIZATION);
    /// let mut buf = Vec::new();
    /// encode_container(&[Outgoing::new(5 << 32 | 1, 2, &answer)], &mut buf)?;
    /// let received = Bytes::from(buf);
    ///
    /// let message = Container::read(&received)?.next().unwrap()?;
    /// let kept: Owned<Authorization<'static>> =
    ///     message.decode_owned(&received, DecodeOptions::strict())?;
    /// drop(received);
    /// let Authorization::Authorization(auth) = kept.get();
    /// assert_eq!(auth.device_model, "Pixel 8 Pro");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Whatever inflating or decoding the body finds; offsets are in the
    /// body, or in the inflated bytes behind an `inflated` path segment.
    pub fn decode_owned<T: Borrowing>(
        &self,
        received: &Bytes,
        options: DecodeOptions,
    ) -> Result<Owned<T>, DecodeError> {
        packed::decode_owned(share(received, self.body), options)
    }
}

/// `part` as a handle on `whole` when it lies inside it (no copy), else a
/// copy of it.
fn share(whole: &Bytes, part: &[u8]) -> Bytes {
    // Addresses only, no pointer is followed: where `part` starts in `whole`.
    let start = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    match start.checked_add(part.len()) {
        Some(end) if end <= whole.len() && start <= whole.len() => whole.slice(start..end),
        _ => Bytes::copy_from_slice(part),
    }
}

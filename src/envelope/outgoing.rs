//! Writing a `msg_container`: messages of any bodies, the exact length
//! known before the one write, and what the server refuses refused here.

use alloc::vec::Vec;

use super::message::HEADER;
use super::u32_at;
use crate::wire::ids::MSG_CONTAINER;
use crate::wire::{Checked, Encode, EncodeError, EncodeErrorKind};

/// The most messages a container may hold: the server answers more with
/// `bad_msg_notification` code 64 (invalid container), and the peers
/// (Telethon, gramjs) keep to it.
pub const MAX_CONTAINER_MESSAGES: usize = 1024;

/// The most bytes a container's messages may take, headers included: the
/// server closes the connection on a larger one. The peers use this figure
/// (1,044,456 bytes of payload less the container's own 8).
pub const MAX_CONTAINER_BODY: usize = 1_044_448;

/// A message body to send: anything that encodes. A trait object, so one
/// container holds requests of different types.
pub trait Body {
    /// The body's exact encoded length.
    ///
    /// # Errors
    ///
    /// The first limit the body breaks.
    fn body_len(&self) -> Result<usize, EncodeError>;

    /// Appends the body to `out`, its length already taken by
    /// [`body_len`](Body::body_len) (which `checked` proves).
    fn put_body(&self, out: &mut Vec<u8>, checked: Checked);
}

impl<T: Encode + ?Sized> Body for T {
    fn body_len(&self) -> Result<usize, EncodeError> {
        self.encoded_len()
    }

    fn put_body(&self, out: &mut Vec<u8>, checked: Checked) {
        self.encode_raw(out, checked);
    }
}

/// One message to put in a container.
#[derive(Clone, Copy)]
pub struct Outgoing<'e> {
    /// Its message id.
    pub msg_id: i64,
    /// Its sequence number.
    pub seqno: i32,
    /// Its body.
    pub body: &'e dyn Body,
}

impl<'e> Outgoing<'e> {
    /// A message of `body`.
    pub fn new(msg_id: i64, seqno: i32, body: &'e dyn Body) -> Self {
        Self {
            msg_id,
            seqno,
            body,
        }
    }
}

impl core::fmt::Debug for Outgoing<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Outgoing")
            .field("msg_id", &self.msg_id)
            .field("seqno", &self.seqno)
            .finish_non_exhaustive()
    }
}

/// Appends the boxed `msg_container` of `items` to `out` and returns the
/// bytes written: every body's length is taken first, so `out` grows once
/// and nothing is written when the container is refused.
///
/// # Errors
///
/// More than [`MAX_CONTAINER_MESSAGES`] messages, messages over
/// [`MAX_CONTAINER_BODY`] bytes, a body that breaks a limit of its own or
/// is not a whole number of 4-byte words, or a body that is itself a
/// container (the protocol does not nest them).
///
/// ```
/// use tlwire::envelope::{encode_container, Outgoing};
/// use tlwire::functions::auth::AcceptLoginToken;
/// let first = AcceptLoginToken { token: &[1, 2, 3] };
/// let second = AcceptLoginToken { token: &[4, 5, 6] };
/// let messages = [
///     Outgoing::new(0x5f00_0000_0000_0004, 1, &first),
///     Outgoing::new(0x5f00_0000_0000_0008, 3, &second),
/// ];
/// let mut out = Vec::new();
/// let written = encode_container(&messages, &mut out)?;
/// // msg_container#73f1f8dc and its count, then each message: msg_id,
/// // seqno, the body's length and the 8-byte body.
/// assert_eq!(out[..8], [0xdc, 0xf8, 0xf1, 0x73, 2, 0, 0, 0]);
/// assert_eq!(written, 8 + 2 * (8 + 4 + 4 + 8));
/// assert_eq!(out.len(), written);
/// # Ok::<(), tlwire::EncodeError>(())
/// ```
pub fn encode_container(items: &[Outgoing<'_>], out: &mut Vec<u8>) -> Result<usize, EncodeError> {
    if items.len() > MAX_CONTAINER_MESSAGES {
        return Err(EncodeError::new(EncodeErrorKind::ContainerTooLong {
            messages: items.len(),
            max: MAX_CONTAINER_MESSAGES,
        }));
    }
    let mut payload = 0usize;
    for item in items {
        let len = item.body.body_len()?;
        // A message's length is whole 4-byte words: the reader refuses
        // anything else, so the writer does.
        if !len.is_multiple_of(4) {
            return Err(EncodeError::new(EncodeErrorKind::UnalignedBody { len }));
        }
        payload = payload.saturating_add(HEADER).saturating_add(len);
    }
    if payload > MAX_CONTAINER_BODY {
        return Err(EncodeError::new(EncodeErrorKind::ContainerTooLarge {
            len: payload,
            max: MAX_CONTAINER_BODY,
        }));
    }
    let start = out.len();
    out.reserve(payload.saturating_add(8));
    out.extend_from_slice(&MSG_CONTAINER.to_le_bytes());
    // At most MAX_CONTAINER_MESSAGES: fits an `int`.
    out.extend_from_slice(&(items.len() as u32).to_le_bytes());
    for (index, item) in items.iter().enumerate() {
        out.extend_from_slice(&item.msg_id.to_le_bytes());
        out.extend_from_slice(&item.seqno.to_le_bytes());
        let len_at = out.len();
        out.extend_from_slice(&[0; 4]);
        let body_at = out.len();
        // Every body's length was taken above: each is written once, and
        // its length read off what it wrote.
        item.body.put_body(out, Checked::after_len_check());
        if u32_at(out, body_at) == Some(MSG_CONTAINER) {
            out.truncate(start);
            return Err(EncodeError::new(EncodeErrorKind::NestedContainer { index }));
        }
        // A body is at most 2^24 bytes of `bytes`, far below `i32::MAX`,
        // and the total was checked against MAX_CONTAINER_BODY.
        let len = i32::try_from(out.len().saturating_sub(body_at)).unwrap_or(i32::MAX);
        if let Some(slot) = out.get_mut(len_at..body_at) {
            slot.copy_from_slice(&len.to_le_bytes());
        }
    }
    Ok(out.len().saturating_sub(start))
}

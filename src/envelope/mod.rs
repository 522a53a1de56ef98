//! The MTProto envelope that the schema cannot express: a `message`, which
//! carries its body's length, the `msg_container` of several, and
//! `msg_copy` (the protocol marks all three "parsed manually").
//!
//! Bodies stay bytes until the caller asks for them, so one body that does
//! not decode — a constructor of another layer, a malformed value, a value
//! over a limit — fails that message alone: every message yields its
//! `msg_id`, `seqno` and raw body, and the lengths keep the rest in step.
//! An `rpc_result` names its request before its result
//! ([`RpcResult::read`]), so a result that does not decode fails that one
//! request. A `msg_copy` gives back the message it carries
//! ([`MsgCopy::read`]); a `gzip_packed` body is inflated when the caller
//! asks for it owned ([`Message::decode_owned`]). Going out, a container
//! is written in one pass ([`encode_container`]), and with the `gzip`
//! feature a large body is packed when that makes it shorter
//! (`MaybePacked`).
//!
//! ```
//! use tlwire::envelope::{Container, Outgoing};
//! use tlwire::{functions::auth::AcceptLoginToken, Arena, DecodeOptions};
//!
//! // Two requests in one container, its length known before the write.
//! let first = AcceptLoginToken { token: &[1, 2, 3] };
//! let second = AcceptLoginToken { token: &[4, 5] };
//! let items = [Outgoing::new(10 << 32, 1, &first), Outgoing::new(11 << 32, 3, &second)];
//! let mut bytes = Vec::new();
//! tlwire::envelope::encode_container(&items, &mut bytes)?;
//!
//! // Read back lazily: each message's body is a slice of `bytes`.
//! let arena = Arena::new();
//! let mut seqnos = Vec::new();
//! for message in Container::read(&bytes)? {
//!     let message = message?;
//!     let request: AcceptLoginToken = message.decode(&arena, DecodeOptions::strict())?;
//!     assert!(!request.token.is_empty());
//!     seqnos.push(message.seqno);
//! }
//! assert_eq!(seqnos, [1, 3]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod container;
mod error;
#[cfg(feature = "gzip")]
mod maybe_packed;
mod message;
mod msg_copy;
mod outgoing;
mod raw_body;
mod rpc_result;

pub use container::Container;
pub use error::{EnvelopeError, EnvelopeErrorKind};
#[cfg(feature = "gzip")]
pub use maybe_packed::MaybePacked;
pub use message::Message;
pub use msg_copy::MsgCopy;
pub use outgoing::{encode_container, Body, Outgoing, MAX_CONTAINER_BODY, MAX_CONTAINER_MESSAGES};
pub use raw_body::RawBody;
pub use rpc_result::RpcResult;

use crate::wire::words::{i32_at, i64_at, u32_at};

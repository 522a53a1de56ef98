//! `rpc_result#f35c6d01 req_msg_id:long result:Object`, split before its
//! result is decoded: the request it answers is known even when the result
//! is of a constructor this layer does not have.

use super::{i64_at, u32_at, EnvelopeError, EnvelopeErrorKind};
use crate::types::RpcResult as Typed;
use crate::Identifiable;

/// An `rpc_result` with its result still bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RpcResult<'a> {
    /// The `msg_id` of the request it answers.
    pub req_msg_id: i64,
    /// The result: an object of the request's response type, an
    /// `rpc_error` or a `gzip_packed`.
    pub result: &'a [u8],
}

impl<'a> RpcResult<'a> {
    /// Splits the boxed `rpc_result` in `body` (a message's body).
    ///
    /// # Errors
    ///
    /// Another constructor, or fewer than 12 bytes.
    pub fn read(body: &'a [u8]) -> Result<Self, EnvelopeError> {
        let id = u32_at(body, 0);
        let req_msg_id = i64_at(body, 4);
        let (Some(id), Some(req_msg_id)) = (id, req_msg_id) else {
            let kind = EnvelopeErrorKind::Truncated {
                needed: 12,
                left: body.len(),
            };
            return Err(EnvelopeError::new(kind, 0, None));
        };
        if id != Typed::CONSTRUCTOR_ID {
            let kind = EnvelopeErrorKind::UnexpectedConstructor {
                found: id,
                expected: Typed::TL_NAME,
            };
            return Err(EnvelopeError::new(kind, 0, None));
        }
        Ok(Self {
            req_msg_id,
            result: body.get(12..).unwrap_or_default(),
        })
    }

    /// The constructor id the result starts with, if it has four bytes: the
    /// one to name when the result does not decode.
    pub fn result_id(&self) -> Option<u32> {
        u32_at(self.result, 0)
    }
}

//! The response pipeline: the bytes of an `rpc_result` and the `req_msg_id`
//! the caller sent in, a function's typed answer or its typed error out.
//!
//! ```text
//! rpc_result#f35c6d01 req_msg_id:long result:Object
//!   result = rpc_error#2144ca19 error_code:int error_message:string  → F::Error
//!          | gzip_packed#3072cfa1 packed_data:bytes → inflate → (either)
//!          | the function's response type                           → F::Response
//! ```
//!
//! A plain body decodes borrowed from the input (no copy; its vectors and
//! boxed values are made in the caller's arena, within the decode's
//! budget); a
//! `gzip_packed` body is inflated (feature `gzip`) into one buffer that the
//! answer then owns ([`Owned`]). Errors inside inflated data report offsets relative
//! to the inflated bytes, behind a path that names the layers outermost first.

use bytes::Bytes;
use core::fmt;

use super::error::RpcError;
use super::function::{Answer, Function};
use super::method::MethodError;
use super::packed;
use crate::types;
use crate::wire::{Arena, Decode, DecodeError, DecodeOptions, FieldContext, Owned, Reader};
use crate::wire::{Borrowing, Identifiable};

/// `rpc_result`'s id, from the generated type (checked against its line).
const RPC_RESULT: u32 = <types::RpcResult<'static> as Identifiable>::CONSTRUCTOR_ID;
/// `rpc_error`'s id, from the generated type.
const RPC_ERROR: u32 = <types::RpcError<'static> as Identifiable>::CONSTRUCTOR_ID;

/// A function's answer: borrowed from the input when the body was plain,
/// owning the inflated buffer when it arrived `gzip_packed`.
pub enum Body<'b, F: Function> {
    /// The body was plain: it borrows from the input.
    Borrowed(Answer<'b, F>),
    /// The body was inflated: [`Owned::get`] lends it out from the inflated
    /// buffer.
    Owned(Owned<F::Response>),
}

impl<'b, F: Function> fmt::Debug for Body<'b, F>
where
    Answer<'b, F>: fmt::Debug,
    Owned<F::Response>: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Borrowed(x) => f.debug_tuple("Borrowed").field(x).finish(),
            Body::Owned(x) => f.debug_tuple("Owned").field(x).finish(),
        }
    }
}

impl<'b, F: Function> PartialEq for Body<'b, F>
where
    Answer<'b, F>: PartialEq,
    Owned<F::Response>: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Body::Borrowed(a), Body::Borrowed(b)) => a == b,
            (Body::Owned(a), Body::Owned(b)) => a == b,
            _ => false,
        }
    }
}

impl<'b, F: Function> Body<'b, F> {
    /// The answer, whether it borrows from the input or owns its inflated
    /// buffer.
    ///
    /// ```
    /// use tlwire::functions::auth::AcceptLoginToken;
    /// use tlwire::rpc::decode_response;
    /// # let mut bytes = vec![0x01, 0x6d, 0x5c, 0xf3, 7, 0, 0, 0, 0, 0, 0, 0];
    /// # bytes.extend_from_slice(tlwire::sample::AUTHORIZATION);
    /// let arena = tlwire::Arena::new();
    /// let body = decode_response::<AcceptLoginToken>(&bytes, &arena, 7, Default::default())?;
    /// let tlwire::enums::Authorization::Authorization(auth) = body.get();
    /// assert_eq!(auth.device_model, "Pixel 8 Pro");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self) -> &Answer<'_, F> {
        match self {
            Body::Borrowed(answer) => F::Response::shorten(answer),
            Body::Owned(owned) => owned.get(),
        }
    }
}

/// Why an `rpc_result` gives no answer to the request: the server's RPC
/// error, typed as the method's error enum `E` (one the method does not
/// list is its `Other` variant), or bytes that are no answer at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError<E = RpcError> {
    /// The server answered with an RPC error.
    #[error(transparent)]
    Rpc(E),
    /// The `rpc_result` answers another request.
    #[error("rpc_result answers message {found}, not {expected}")]
    MsgIdMismatch {
        /// The `req_msg_id` the caller sent.
        expected: i64,
        /// The one in the answer.
        found: i64,
    },
    /// The bytes are malformed, of a constructor the layer lacks, or over
    /// a limit.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

impl<E: MethodError> ResponseError<E> {
    /// The RPC error the server sent, when it sent one.
    pub fn rpc_error(&self) -> Option<&RpcError> {
        match self {
            Self::Rpc(e) => Some(e.rpc_error()),
            _ => None,
        }
    }
}

/// Decodes the answer to function `F` from the bytes of an `rpc_result`; a
/// plain answer's vectors and boxed values are made in `arena` (a packed
/// one's in the arena its [`Owned`] keeps). An RPC error is the `Err` of
/// the method's typed error enum, so `?` takes every failure at once.
///
/// ```
/// use tlwire::errors::auth::AcceptLoginTokenError;
/// use tlwire::functions::auth::AcceptLoginToken;
/// use tlwire::rpc::{decode_response, ResponseError};
/// # let mut bytes = vec![0x01, 0x6d, 0x5c, 0xf3, 7, 0, 0, 0, 0, 0, 0, 0];
/// # bytes.extend_from_slice(tlwire::sample::AUTHORIZATION);
/// let arena = tlwire::Arena::new();
/// // `bytes`: rpc_result#f35c6d01 req_msg_id=7 result=authorization…
/// match decode_response::<AcceptLoginToken>(&bytes, &arena, 7, Default::default()) {
///     Ok(body) => {
///         let tlwire::enums::Authorization::Authorization(auth) = body.get();
///         assert_eq!(auth.device_model, "Pixel 8 Pro");
///     }
///     Err(ResponseError::Rpc(AcceptLoginTokenError::AuthTokenExpired(_))) => {
///         // Show a fresh QR code.
///     }
///     Err(other) => return Err(other.into()),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode_response<'a, F: Function>(
    buf: &'a [u8],
    arena: &'a Arena,
    req_msg_id: i64,
    options: DecodeOptions,
) -> Result<Body<'a, F>, ResponseError<F::Error>> {
    let _limit = arena.limit(options.alloc_budget(buf.len()));
    rpc_result::<F>(&mut Reader::new(buf, options).in_arena(arena), req_msg_id)
}

/// Reads the whole `rpc_result` from `r`.
fn rpc_result<'a, F: Function>(
    r: &mut Reader<'a>,
    req_msg_id: i64,
) -> Result<Body<'a, F>, ResponseError<F::Error>> {
    r.expect_id(RPC_RESULT, "RpcResult")?;
    let found = r.read_long().at::<types::RpcResult<'_>>("req_msg_id")?;
    if found != req_msg_id {
        return Err(ResponseError::MsgIdMismatch {
            expected: req_msg_id,
            found,
        });
    }
    let outcome = match r.peek_u32() {
        Some(packed::GZIP_PACKED) => packed::<F>(r, 1).map(|o| o.map(Body::Owned)),
        _ => body::<F>(r).map(|o| o.map(Body::Borrowed)),
    };
    let outcome = outcome.at::<types::RpcResult<'_>>("result")?;
    r.expect_end()?;
    outcome.map_err(ResponseError::Rpc)
}

/// Reads the body: an `rpc_error`, or the function's response.
fn body<'a, F: Function>(
    r: &mut Reader<'a>,
) -> Result<Result<Answer<'a, F>, F::Error>, DecodeError> {
    if r.peek_u32() == Some(RPC_ERROR) {
        return rpc_error::<F>(r).map(Err);
    }
    Answer::<'a, F>::decode(r).map(Ok)
}

/// Reads an `rpc_error` as the method's error type.
fn rpc_error<F: Function>(r: &mut Reader<'_>) -> Result<F::Error, DecodeError> {
    let e = types::RpcError::decode(r)?;
    // Error names are ASCII by convention: one copy. Anything else is kept
    // as it came, and shown readable beside it at up to three bytes
    // (U+FFFD) for each invalid one.
    let bytes = e.error_message.as_bytes();
    let copies = if e.error_message.is_utf8() { 1 } else { 4 };
    r.charge(bytes.len().saturating_mul(copies))?;
    Ok(F::Error::from_rpc_error(RpcError::from_bytes(
        e.error_code,
        bytes,
    )))
}

/// Reads a `gzip_packed` at `depth` (1 for the outermost), inflates it and
/// decodes what it holds: the response, an `rpc_error`, or another layer.
fn packed<F: Function>(
    r: &mut Reader<'_>,
    depth: u32,
) -> Result<Result<Owned<F::Response>, F::Error>, DecodeError> {
    let layer = packed::inflate_layer(r, depth)?;
    inflated_body::<F>(layer.data, layer.options, layer.spent, depth)
        .map_err(packed::inside)
        .at::<types::GzipPacked<'_>>("packed_data")
}

/// Decodes the whole of an inflated buffer: another `gzip_packed`, an
/// `rpc_error`, or the response, which keeps the buffer.
fn inflated_body<F: Function>(
    inflated: Bytes,
    options: DecodeOptions,
    spent: usize,
    depth: u32,
) -> Result<Result<Owned<F::Response>, F::Error>, DecodeError> {
    let mut inner = Reader::continuing(&inflated, options, spent);
    let outcome = match inner.peek_u32() {
        Some(packed::GZIP_PACKED) => packed::<F>(&mut inner, depth.saturating_add(1))?,
        Some(RPC_ERROR) => Err(rpc_error::<F>(&mut inner)?),
        // The answer takes the buffer itself: no second handle on it.
        _ => return Owned::decode_continuing(inflated, options, spent).map(Ok),
    };
    inner.expect_end()?;
    Ok(outcome)
}

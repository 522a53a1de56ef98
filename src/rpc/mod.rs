//! What an RPC answer means: `rpc_result`, `rpc_error` and `gzip_packed`
//! turned into a function's typed response or its typed error.

mod error;
// Its items are the crate root's: a function is what the whole crate is
// built around, not only its answers.
pub(crate) mod function;
#[cfg(feature = "gzip")]
pub(crate) mod gzip;
pub(crate) mod method;
pub(crate) mod packed;
mod response;

pub use error::{matches_pattern, ErrorClass, RpcError};
pub use method::{Callers, MethodError};
pub use response::{decode_response, Body, ResponseError};

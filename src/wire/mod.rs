//! The hand-tuned core every generated type is built on: the [`Reader`]
//! cursor, the `bytes`/`string` length rules, the two string forms, the
//! storage parameter, errors and the codec traits.
//!
//! Everything here is schema-independent; what is specific to a constructor
//! comes out of the generator and calls into this module.

pub mod decode;
pub mod error;
pub mod ids;
pub mod options;
pub mod reader;
pub mod storage;
pub mod strings;
pub mod tl_bytes;
pub mod traits;
mod utf8;

pub use decode::{decode, decode_prefix, decode_shared, decode_with};
pub use error::{
    DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind, FieldContext, Limit, PathSegment,
};
pub use options::{
    DecodeOptions, DEFAULT_MAX_DEPTH, DEFAULT_MAX_INFLATED_LEN, DEFAULT_MAX_PACKED_DEPTH,
};
pub use reader::{Cursor, Input, Reader};
pub use storage::{Borrowed, Shared, Storage};
pub use strings::{AsTlStr, TlStr, TlString};
pub use traits::{
    bare_vector_len, bytes_len, put_bare_vector, put_bytes, put_vector, vector_len, Checked,
    ConvertError, Decode, Encode, Function, Identifiable, Redacted, ToShared,
};

//! The hand-tuned core every generated type is built on: the [`Reader`]
//! cursor, the `bytes`/`string` length rules, the `string` form, the owned
//! form of a decoded value, errors and the codec traits.
//!
//! Everything here is schema-independent; what is specific to a constructor
//! comes out of the generator and calls into this module. Users reach it
//! through the crate root (and its `ids` and `tl_bytes` modules), generated
//! code through [`for_generated_code`](crate::for_generated_code): each item
//! has one public path.

mod arena;
mod decode;
mod error;
mod identifiable;
pub mod ids;
mod len;
mod options;
mod owned;
mod reader;
mod strings;
pub mod tl_bytes;
mod traits;
mod utf8_dfa;
pub(crate) mod words;

pub use arena::Arena;
pub use decode::{decode, decode_in, decode_prefix, decode_with};
pub(crate) use error::ByteCount;
pub use error::{
    DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind, FieldContext, Limit, PathSegment,
};
pub use identifiable::Identifiable;
pub use len::Len;
pub use options::{
    DecodeOptions, DEFAULT_ALLOC_BASE, DEFAULT_ALLOC_PER_INPUT_BYTE, DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_INFLATED_LEN, DEFAULT_MAX_PACKED_DEPTH,
};
pub use owned::{Borrowing, ConvertError, Owned};
pub use reader::Reader;
pub use strings::TlStr;
pub use traits::{
    bare_vector_len, bytes_len, put_bare_vector, put_bytes, put_vector, vector_len, Checked,
    Decode, Encode, Redacted,
};

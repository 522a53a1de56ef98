//! Everything generated code names, in one glob import
//! (`use ::tlwire::for_generated_code::*;`): the codec traits, the reader,
//! the error types, the vector and `bytes` helpers of [`wire`], the `json`
//! helpers and the `BufMut` trait encoders write through, plus the
//! `borrowing!` macro at the crate root. This set is the interface between
//! `tlwire-codegen`'s output and this runtime: a change to it is a change
//! to both. Hidden from the docs, as it is not for hand-written code
//! (`Vec`, `Box` and `String` are here only because generated code may run
//! without the std prelude).

pub use crate::rpc::function::Function;
pub use crate::rpc::method::describe;
pub use crate::rpc::{Callers, MethodError, RpcError};
pub use crate::wire::{
    Arena, Borrowing, Checked, Decode, DecodeError, Encode, EncodeError, EncodeErrorKind,
    FieldContext, Identifiable, Reader, TlStr,
};

/// The helpers generated encoders call by their `wire::` names: the length
/// and the writes of `bytes`, of vectors, the sum of a value's lengths
/// ([`Len`](wire::Len)), and `Debug` for credentials.
pub mod wire {
    pub use crate::wire::{
        bare_vector_len, bytes_len, put_bare_vector, put_bytes, put_vector, vector_len, Len,
        Redacted,
    };
}
pub use alloc::boxed::Box;
pub use alloc::string::String;
pub use alloc::vec::Vec;
pub use bytes::BufMut;

/// The JSON shape's helpers generated `Serialize` and `Deserialize`
/// implementations call, by their `json::` names.
#[cfg(feature = "serde")]
pub mod json {
    pub use crate::json::shape::*;
}

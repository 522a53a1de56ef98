//! Everything generated code names, in one glob import
//! (`use ::tlwire::prelude::*;`): the codec traits, the reader, the error
//! types and the `BufMut` trait encoders write through.

pub use crate::rpc::{Callers, MethodError, RpcError};
pub use crate::wire::{
    self, Arena, Borrowing, Checked, Decode, DecodeError, Encode, EncodeError, EncodeErrorKind,
    FieldContext, Function, Identifiable, Reader, TlStr,
};
pub use alloc::boxed::Box;
pub use alloc::string::String;
pub use alloc::vec::Vec;
pub use bytes::BufMut;

#[cfg(feature = "serde")]
pub use crate::json;

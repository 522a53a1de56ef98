//! One module per command of the tool; `container` is the part of
//! `decode` that reads a `msg_container` message by message.

pub(crate) mod container;
pub(crate) mod decode;
pub(crate) mod demo;
pub(crate) mod encode;
pub(crate) mod qr;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod sample;
pub(crate) mod schema;

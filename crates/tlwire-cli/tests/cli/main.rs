//! The `tlwire` command-line tool, run as a separate process: one test
//! binary, one module per command.

mod common;

mod decode;
mod demo;
mod qr;
mod readme;
mod request;
mod response;
mod schema;
mod usage;

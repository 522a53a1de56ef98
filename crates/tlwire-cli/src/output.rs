//! What the tool writes besides readable text: one compact JSON line per
//! value, RPC errors as JSON, and write failures as output errors.

use std::io::{self, Write};

use tlwire::rpc::{MethodError, RpcError};

use crate::failure::{Failure, Outcome};

/// One line of compact JSON.
pub(crate) fn write_json_line(out: &mut impl Write, value: &impl serde::Serialize) -> Outcome {
    serde_json::to_writer(&mut *out, value).map_err(json_output_error)?;
    writeln!(out)?;
    Ok(())
}

/// Serializing a decoded object can fail only while writing.
pub(crate) fn json_output_error(e: serde_json::Error) -> Failure {
    match e.io_error_kind() {
        Some(kind) => Failure::Output(io::Error::from(kind)),
        None => Failure::Output(io::Error::other(e)),
    }
}

/// An RPC error as `response` prints it: the error as sent, its name and
/// argument, and the schema name of the method error it matched.
pub(crate) struct RpcErrorJson<'a> {
    pub(crate) error: &'a RpcError,
    pub(crate) method_error: Option<&'static str>,
}

impl<'a> RpcErrorJson<'a> {
    pub(crate) fn of(error: &'a impl MethodError) -> Self {
        Self {
            error: error.rpc_error(),
            method_error: error.schema_name(),
        }
    }
}

impl serde::Serialize for RpcErrorJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut map = s.serialize_struct("rpc_error", 6)?;
        map.serialize_field("_", "rpc_error")?;
        map.serialize_field("error_code", &self.error.code)?;
        // As `decode --json` writes a `string`: text, or the hex of bytes
        // that are not UTF-8.
        let message = tlwire::TlStr::new(self.error.message_bytes());
        map.serialize_field("error_message", &message)?;
        map.serialize_field("name", &self.error.name())?;
        map.serialize_field("argument", &self.error.argument())?;
        map.serialize_field("method_error", &self.method_error)?;
        map.end()
    }
}

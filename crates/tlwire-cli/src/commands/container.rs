//! `decode` of a `msg_container`: its messages one by one, each body
//! decoded on its own, so one the layer cannot read is named and the rest
//! still shown.

use std::io::Write;

use tlwire::envelope::{Container, Message, MsgCopy};
use tlwire::ids::{MSG_CONTAINER, MSG_COPY};
use tlwire::{DecodeOptions, EncodeError, EncodeErrorKind, LAYER};

use crate::cli::DecodeArgs;
use crate::failure::{Failure, Outcome};
use crate::output::write_json_line;
use crate::readable::print_readable;

/// Prints every message of the container in `bytes`; a body that does not
/// decode is printed as its error and its bytes. Fails only when the
/// container's own lengths do not add up, after the messages before that.
pub(crate) fn decode_container(
    bytes: &[u8],
    args: &DecodeArgs,
    options: DecodeOptions,
    out: &mut impl Write,
) -> Outcome {
    if let Some(ty) = &args.ty {
        return Err(Failure::Usage(format!(
            "--type {ty} names the type of one object; a msg_container holds messages of any type"
        )));
    }
    let container = Container::read(bytes).map_err(Failure::Envelope)?;
    if !args.json {
        let count = match container.len() {
            1 => String::from("1 message"),
            n => format!("{n} messages"),
        };
        writeln!(
            out,
            "msg_container#73f1f8dc ({} bytes, {count})",
            bytes.len()
        )?;
    }
    let arena = tlwire::Arena::new();
    for (index, message) in container.enumerate() {
        let message = message.map_err(Failure::Envelope)?;
        // A copy is shown as the message it carries.
        let message = match MsgCopy::read(message.body) {
            Ok(original) if message.body_id() == Some(MSG_COPY) => original,
            _ => message,
        };
        let body = match message.body_id() {
            Some(MSG_CONTAINER) => Err(Failure::Encode(EncodeError::new(
                EncodeErrorKind::NestedContainer { index },
            ))),
            _ => tlwire::decode_any(message.body, &arena, options).map_err(Failure::from),
        };
        match (body, args.json) {
            (Ok(object), true) => write_json_line(
                out,
                &MessageJson {
                    message: &message,
                    body: Ok(&object),
                },
            )?,
            (Err(failure), true) => write_json_line(
                out,
                &MessageJson {
                    message: &message,
                    body: Err(&failure),
                },
            )?,
            (body, false) => {
                writeln!(
                    out,
                    "  message {index}: msg_id {}, seqno {} ({} bytes)",
                    message.msg_id,
                    message.seqno,
                    message.body.len()
                )?;
                match body {
                    Ok(object) => print_readable(&object, message.body.len(), 4, out)?,
                    Err(failure) => writeln!(
                        out,
                        "    not decoded: {}: {failure}\n    body: {}",
                        failure.kind(),
                        hex::encode(message.body)
                    )?,
                }
            }
        }
    }
    Ok(())
}

/// One message as `decode --json` prints it: its header and its body, or
/// why the body did not decode with the body's bytes.
struct MessageJson<'m, 'o> {
    message: &'m Message<'m>,
    body: Result<&'o tlwire::enums::Object<'o>, &'o Failure>,
}

impl serde::Serialize for MessageJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut map = s.serialize_struct("message", 6)?;
        map.serialize_field("_", "message")?;
        // A `long`, written as the JSON shape writes every `long`: a string.
        map.serialize_field("msg_id", &self.message.msg_id.to_string())?;
        map.serialize_field("seqno", &self.message.seqno)?;
        match self.body {
            Ok(object) => map.serialize_field("body", object)?,
            Err(failure) => {
                map.serialize_field("error", failure.kind())?;
                map.serialize_field("message", &failure.to_string())?;
                map.serialize_field("layer", &LAYER)?;
                map.serialize_field("body_hex", &hex::encode(self.message.body))?;
            }
        }
        map.end()
    }
}

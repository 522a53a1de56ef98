//! `decode` of a `msg_container`: its messages one by one, each body
//! decoded on its own, so one the layer cannot read is named and the rest
//! still shown.

use std::io::Write;

use tlwire::envelope::{Container, Message};
use tlwire::{DecodeOptions, LAYER};

use crate::cli::DecodeArgs;
use crate::commands::{check_type, write_json_line};
use crate::failure::{Failure, Outcome};
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
    let container = Container::read(bytes).map_err(Failure::Envelope)?;
    if !args.json {
        writeln!(
            out,
            "msg_container#73f1f8dc ({} bytes, {} messages)",
            bytes.len(),
            container.len()
        )?;
    }
    let arena = tlwire::Arena::new();
    for (index, message) in container.enumerate() {
        let message = message.map_err(Failure::Envelope)?;
        let body = tlwire::decode_any(message.body, &arena, options)
            .map_err(Failure::from)
            .and_then(|object| {
                if let Some(name) = &args.ty {
                    check_type(name, &object)?;
                }
                Ok(object)
            });
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

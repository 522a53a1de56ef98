//! `decode`: any object of the layer, as readable text or a JSON line,
//! with the `--type` check; a container's messages in their own module.

use std::io::Write;

use tlwire::enums;

use crate::cli::{boxed_type_names, decode_options, DecodeArgs};
use crate::commands::container::decode_container;
use crate::failure::{Failure, Outcome};
use crate::input::{parse_hex, read_arg};
use crate::output::write_json_line;
use crate::readable::print_readable;

/// `decode [--json] [--strict] [--type TYPE] <HEX|->`.
pub(crate) fn decode(args: &DecodeArgs, out: &mut impl Write) -> Outcome {
    let bytes = parse_hex(&read_arg(&args.input)?)?;
    if bytes.get(..4) == Some(&tlwire::ids::MSG_CONTAINER.to_le_bytes()[..]) {
        return decode_container(&bytes, args, decode_options(args.strict), out);
    }
    let arena = tlwire::Arena::new();
    let object = tlwire::decode_any(&bytes, &arena, decode_options(args.strict))?;
    if let Some(name) = &args.ty {
        check_type(name, &object)?;
    }
    if args.json {
        write_json_line(out, &object)?;
    } else {
        print_readable(&object, bytes.len(), 0, out)?;
    }
    Ok(())
}

/// Refuses `object` unless it is a constructor of the boxed type `name`.
pub(crate) fn check_type(name: &str, object: &enums::Object<'_>) -> Outcome {
    if name == "Object" || object.type_name() == Some(name) {
        return Ok(());
    }
    let expected = boxed_type_names()
        .into_iter()
        .find(|n| *n == name)
        .ok_or_else(|| Failure::Usage(format!("unknown type {name}")))?;
    Err(Failure::TypeMismatch {
        expected,
        found: object.tl_name(),
        id: object.constructor_id(),
    })
}

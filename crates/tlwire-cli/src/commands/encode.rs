//! `encode --json`: the JSON `decode --json` writes, back to TL bytes.

use std::io::Write;
use std::path::Path;

use serde::de::DeserializeSeed;
use tlwire::{enums, DecodeOptions, Encode};

use crate::failure::{Failure, Outcome};
use crate::input::read_text;

/// `encode --json <FILE|->`.
pub(crate) fn encode_json(path: &Path, out: &mut impl Write) -> Outcome {
    let text = read_text(path)?;
    let arena = tlwire::Arena::new();
    let mut json = serde_json::Deserializer::from_str(&text);
    // serde_json's own limit counts arrays and objects alike (128 of
    // them), so it would refuse nests whose encoding `decode` reads; the
    // read stops at decode's depth limit instead.
    json.disable_recursion_limit();
    let object: enums::Object<'_> = tlwire::json::Seed::new(&arena)
        .deserialize(&mut json)
        .and_then(|object| json.end().map(|()| object))
        .map_err(Failure::InvalidJson)?;
    let bytes = object.to_vec()?;
    // What `decode` would refuse (a nest past its depth limit) is refused
    // here too, with decode's words: the tool writes nothing it cannot read.
    tlwire::decode_any(&bytes, &arena, DecodeOptions::default())?;
    writeln!(out, "{}", hex::encode(bytes))?;
    Ok(())
}

//! The deepest nests of the whole layer as JSON: written and read back on
//! the same small thread as their binary decode, and JSON one level deeper
//! refused with the nesting error, never a stack overflow.

use serde::de::DeserializeSeed;
use tlwire::{decode_in, json, Arena, DecodeOptions, DEFAULT_MAX_DEPTH};

use crate::hostile::{levels_within, on_thread, ROOMY_STACK};
use crate::layer;

/// `text` read as an `Object`, then encoded; the error's text if it fails.
fn read(text: &str) -> Result<Vec<u8>, String> {
    use tlwire::Encode as _;
    let arena = Arena::new();
    let mut de = serde_json::Deserializer::from_str(text);
    // serde_json's own limit (128 of its levels) would refuse the JSON of
    // nests that a decode accepts, two JSON levels for each of their own;
    // without it, tlwire's limit alone must bound the stack.
    de.disable_recursion_limit();
    let value: layer::enums::Object<'_> = json::Seed::new(&arena)
        .deserialize(&mut de)
        .map_err(|e| e.to_string())?;
    Ok(value.to_vec().expect("a value read from JSON encodes"))
}

/// The JSON of the `Object` that `bytes` encode, decoded with `options`.
fn written(bytes: &[u8], options: DecodeOptions) -> String {
    let arena = Arena::new();
    let value: layer::enums::Object<'_> =
        decode_in(bytes, &arena, options).expect("the nest decodes");
    serde_json::to_string(&value).expect("a value writes as JSON")
}

/// For every recursive combinator's nest (`samples::NESTS`), on a thread
/// of `stack` bytes: the deepest nest within the default depth limit is
/// decoded, written as JSON and read back to the same bytes; the JSON of
/// the nest one level deeper (written on a large thread) is refused.
pub fn stack(stack: usize) {
    let limit = DEFAULT_MAX_DEPTH as usize;
    for nest in layer::samples::NESTS {
        let name = nest.name;
        let within = levels_within(nest);
        let past = within + 1;
        if within > 0 {
            let deepest = nest.bytes(within);
            let back = on_thread(stack, {
                let deepest = deepest.clone();
                move || read(&written(&deepest, DecodeOptions::default()))
            });
            assert_eq!(back.as_deref(), Ok(&deepest[..]), "{name} x{within}");
        }
        let deep = nest.bytes(past);
        let at_its_depth = DecodeOptions::default().with_max_depth(nest.depth(past) as u32);
        let text = on_thread(ROOMY_STACK, move || written(&deep, at_its_depth));
        let refused = on_thread(stack, move || read(&text));
        let error = refused.expect_err(name);
        assert!(
            error.contains(&format!("past the depth limit of {limit} levels")),
            "{name} x{past}: {error}"
        );
    }
    println!(
        "deep nests as JSON: the deepest nest of each of {} recursive combinators written and \
         read back, one level more refused, on a {} KiB thread",
        layer::samples::NESTS.len(),
        stack >> 10
    );
}

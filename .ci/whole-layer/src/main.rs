//! Every constructor and function of the official layer: encoded, decoded
//! back (strict, borrowed) equal, decoded in the shared form to the same
//! bytes; and every function's response type linked at compile time.
// The generated code must compile without warnings.
#![deny(warnings)]

#[allow(dead_code)]
mod layer {
    include!(concat!(env!("OUT_DIR"), "/layer.rs"));
}

use tlwire::{decode_shared, decode_with, DecodeOptions, Encode};

fn main() {
    let samples = layer::samples::all();
    for value in &samples {
        let bytes = value.to_vec().expect("every sample encodes");
        assert_eq!(bytes.len(), value.encoded_len().unwrap(), "{}", value.tl_name());
        // Decoding borrows from `bytes`; leak it to compare with the
        // `'static` sample (generated types are invariant in their lifetime).
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let back: layer::enums::Object<'static> = decode_with(bytes, DecodeOptions::strict())
            .unwrap_or_else(|e| panic!("{}: {e}", value.tl_name()));
        assert_eq!(&back, value, "{}", value.tl_name());
        let shared: layer::shared::enums::Object =
            decode_shared(&bytes::Bytes::from_static(bytes), DecodeOptions::strict()).unwrap();
        assert_eq!(shared.to_vec().unwrap(), bytes, "{}", value.tl_name());
    }
    let linked = layer::samples::responses_are_linked();
    println!(
        "whole layer {}: {} combinators round-trip; {linked} functions linked to their response types",
        layer::LAYER,
        samples.len()
    );
}

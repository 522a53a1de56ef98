//! Every constructor and function of the official layer: encoded, decoded
//! back (strict, borrowed) equal, decoded in the owned form to the same
//! value; and every function's response type linked at compile time.
// The generated code must compile without warnings.
#![deny(warnings)]

#[allow(dead_code)]
mod layer {
    include!(concat!(env!("OUT_DIR"), "/layer.rs"));
}

use tlwire::{decode_with, DecodeOptions, Encode, Owned};

fn main() {
    let samples = layer::samples::all();
    for value in &samples {
        let bytes = value.to_vec().expect("every sample encodes");
        assert_eq!(bytes.len(), value.encoded_len().unwrap(), "{}", value.tl_name());
        let back: layer::enums::Object<'_> = decode_with(&bytes, DecodeOptions::strict())
            .unwrap_or_else(|e| panic!("{}: {e}", value.tl_name()));
        assert_eq!(&back, value, "{}", value.tl_name());
        let owned = Owned::<layer::enums::Object<'static>>::decode(
            bytes::Bytes::from(bytes.clone()),
            DecodeOptions::strict(),
        )
        .unwrap();
        assert_eq!(owned.get(), value, "{}", value.tl_name());
    }
    let linked = layer::samples::responses_are_linked();
    println!(
        "whole layer {}: {} combinators round-trip; {linked} functions linked to their response types",
        layer::LAYER,
        samples.len()
    );
}

//! Decodes an `Authorization` from any bytes, leniently and strictly.
//!
//! - Neither mode may panic, whatever the input.
//! - Strict decoding accepts only canonical bytes, so re-encoding what it
//!   accepted must give back exactly the input.
//! - Whatever lenient decoding accepts must survive encode → decode unchanged
//!   (unknown flag bits and non-UTF-8 strings included).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlwire::{decode_with, enums::Authorization, DecodeOptions, Encode};

fuzz_target!(|data: &[u8]| {
    if let Ok(auth) = decode_with::<Authorization>(data, DecodeOptions::strict()) {
        let encoded = auth.to_vec().expect("a strictly decoded value encodes");
        assert_eq!(encoded, data, "strict decode then encode changed the bytes");
    }

    if let Ok(auth) = decode_with::<Authorization>(data, DecodeOptions::lenient()) {
        let encoded = auth.to_vec().expect("a leniently decoded value encodes");
        // Lenient again: a string that is not UTF-8 stays as raw bytes, which
        // strict mode would (rightly) refuse.
        let again = decode_with::<Authorization>(&encoded, DecodeOptions::lenient())
            .expect("the encoding of a decoded value decodes");
        assert_eq!(again, auth, "decode(encode(x)) != x");
    }
});

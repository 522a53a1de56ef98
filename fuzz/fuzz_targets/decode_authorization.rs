//! Decodes an `Authorization` from any bytes, strictly and leniently, in both
//! storages: see `tlwire_fuzz::checks::decode_authorization` for the
//! properties (strict accepts ⇒ re-encodes to the same bytes; lenient
//! accepts ⇒ decode(encode(x)) == x; no panic).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::checks::decode_authorization(data));

//! `msg_container` and `message` on any bytes: each message's outcome its
//! own, bodies inside the input: see `tlwire_fuzz::checks::envelope`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::checks::envelope(data));

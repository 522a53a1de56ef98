//! The QR-login URL parser on any text, and any bytes as a token: see
//! `tlwire_fuzz::checks::qr_url`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::checks::qr_url(data));

//! The response pipeline (`rpc_result` / `rpc_error` / `gzip_packed`) for
//! `auth.acceptLoginToken` on any bytes; the first 8 bytes are the expected
//! `req_msg_id`: see `tlwire_fuzz::checks::response`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::checks::response(data));

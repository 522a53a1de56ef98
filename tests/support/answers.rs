//! Wire bytes of the answers the response tests feed in (`rpc_result`,
//! `rpc_error`, `gzip_packed`), built by hand from the TL layouts rather
//! than by the codec under test, so that a test of the decoder does not
//! read back the encoder's own mistakes. Included by path by the tests of
//! the runtime and of the tool.

// Each includer uses some of these.
#![allow(dead_code)]

use std::io::Write;

use flate2::{write::GzEncoder, Compression};

/// `rpc_result#f35c6d01 req_msg_id:long result:Object`.
pub fn rpc_result(req_msg_id: i64, result: &[u8]) -> Vec<u8> {
    let mut wire = 0xf35c_6d01u32.to_le_bytes().to_vec();
    wire.extend_from_slice(&req_msg_id.to_le_bytes());
    wire.extend_from_slice(result);
    wire
}

/// `rpc_error#2144ca19 error_code:int error_message:string`.
pub fn rpc_error(code: i32, message: impl AsRef<[u8]>) -> Vec<u8> {
    let mut wire = 0x2144_ca19u32.to_le_bytes().to_vec();
    wire.extend_from_slice(&code.to_le_bytes());
    wire.extend_from_slice(&tl_bytes(message.as_ref()));
    wire
}

/// `data` as a TL `bytes` value: the short or the long length form, the
/// data, zero padding to a whole word.
pub fn tl_bytes(data: &[u8]) -> Vec<u8> {
    let len = u32::try_from(data.len()).expect("a test value under 2^24 bytes");
    let mut wire = if len <= 253 {
        vec![len.to_le_bytes()[0]]
    } else {
        let [a, b, c, _] = len.to_le_bytes();
        vec![0xfe, a, b, c]
    };
    wire.extend_from_slice(data);
    while !wire.len().is_multiple_of(4) {
        wire.push(0);
    }
    wire
}

/// `data` compressed with gzip (an independent implementation: flate2).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// `gzip_packed#3072cfa1 packed_data:bytes` holding `object` gzip-compressed.
pub fn gzip_packed(object: &[u8]) -> Vec<u8> {
    gzip_packed_as_is(&gzip(object))
}

/// `gzip_packed#3072cfa1 packed_data:bytes` holding `packed` as it is: a
/// member built or damaged by hand, or bytes that are not gzip at all.
pub fn gzip_packed_as_is(packed: &[u8]) -> Vec<u8> {
    let mut wire = 0x3072_cfa1u32.to_le_bytes().to_vec();
    wire.extend_from_slice(&tl_bytes(packed));
    wire
}

#!/usr/bin/env python3
"""Writes the committed seed corpus of every fuzz target.

    python3 fuzz/make_seeds.py      # from anywhere; rewrites fuzz/corpus/<target>/<name>

The bytes are built here from the TL wire rules (the length forms, the
padding, the constructor ids), not with tlwire, so the seeds are an
independent statement of the wire format. Only files this script names
are written; other seeds (the four hand-made
`decode_authorization` ones) are left alone. Output is deterministic (gzip
with mtime 0), so rerunning it changes nothing unless this script changed.
"""

import gzip
import os
import struct

FUZZ = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(FUZZ)

AUTHORIZATION = 0xAD01D61D
RPC_RESULT = 0xF35C6D01
RPC_ERROR = 0x2144CA19
GZIP_PACKED = 0x3072CFA1
ACCEPT_LOGIN_TOKEN = 0xE894AD4D
VECTOR = 0x1CB5C415
BOOL_TRUE = 0x997275B5
MSG_CONTAINER = 0x73F1F8DC
UPDATES = 0x74AE4240
UPDATE_LOGIN_TOKEN = 0x564FE691
TEXT_BOLD = 0x6724ABC4
TEXT_EMPTY = 0xDC3D824F
INVOKE_WITH_LAYER = 0xDA9B0D0D
HELP_GET_CONFIG = 0xC4F9186B

MSG_ID = 0x5F00000000000004


def u32(x):
    return struct.pack("<I", x)


def i32(x):
    return struct.pack("<i", x)


def i64(x):
    return struct.pack("<q", x)


def tl_bytes(body, long_form=False, pad=0):
    """TL bytes: short form up to 253, else 0xfe + 3-byte length; padding."""
    n = len(body)
    if long_form or n > 253:
        out = bytes([0xFE, n & 0xFF, (n >> 8) & 0xFF, (n >> 16) & 0xFF])
    else:
        out = bytes([n])
    out += body
    while len(out) % 4:
        out += bytes([pad])
    return out


def tl_str(text):
    """A TL string; `bytes` are written as they are (not UTF-8, maybe)."""
    return tl_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def authorization(flags=0x22, device="Pixel 8 Pro", platform="Android"):
    """With the defaults, byte for byte tlwire::sample::AUTHORIZATION."""
    return (
        u32(AUTHORIZATION)
        + u32(flags)
        + i64(0x1C9A7E3F52B4D806)
        + tl_str(device)
        + tl_str(platform)
        + tl_str("SDK 34")
        + i32(6)
        + tl_str("Telegram Android")
        + tl_str("10.14.5")
        + i32(0x663131A0)
        + i32(0x66313FB0)
        + tl_str("203.0.113.7")
        + tl_str("Netherlands")
        + tl_str("North Holland")
    )


def rpc_result(body, msg_id=MSG_ID):
    return u32(RPC_RESULT) + i64(msg_id) + body


def rpc_error(code, message):
    return u32(RPC_ERROR) + i32(code) + tl_str(message)


def gzip_packed(inner):
    return u32(GZIP_PACKED) + tl_bytes(gzip.compress(inner, mtime=0))


def accept_login_token(token, **kw):
    return u32(ACCEPT_LOGIN_TOKEN) + tl_bytes(token, **kw)


def write(target, name, data):
    d = os.path.join(FUZZ, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    auth = authorization()

    # decode_authorization: the hand-made four, plus unknown flag bits and a
    # string that is not UTF-8 (lenient only).
    write("decode_authorization", "unknown_flag_bits", authorization(flags=0xC0000022))
    write("decode_authorization", "invalid_utf8_platform", authorization(platform=b"Andr\xffoid"))

    # decode_any: every constructor and the function, spec vectors included.
    write("decode_any", "authorization", auth)
    write("decode_any", "accept_login_token_010203", accept_login_token(bytes([1, 2, 3])))
    write("decode_any", "accept_login_token_empty", accept_login_token(b""))
    write("decode_any", "accept_login_token_00010203", accept_login_token(bytes([0, 1, 2, 3])))
    write("decode_any", "accept_login_token_254", accept_login_token(bytes(range(254))))
    write("decode_any", "rpc_result_authorization", rpc_result(auth))
    write("decode_any", "rpc_error", rpc_error(400, "AUTH_TOKEN_EXPIRED"))
    write("decode_any", "gzip_packed_raw", gzip_packed(auth))
    write("decode_any", "rpc_result_in_rpc_result", rpc_result(rpc_result(rpc_error(420, "FLOOD_WAIT_42"))))

    # response: 8 bytes of expected req_msg_id, then the rpc_result.
    mid = i64(MSG_ID)
    write("response", "authorization", mid + rpc_result(auth))
    write("response", "authorization_other_msg_id", i64(7) + rpc_result(auth))
    write("response", "error_token_expired", mid + rpc_result(rpc_error(400, "AUTH_TOKEN_EXPIRED")))
    write("response", "error_token_invalid2", mid + rpc_result(rpc_error(400, "AUTH_TOKEN_INVALID2")))
    write("response", "error_flood_wait", mid + rpc_result(rpc_error(420, "FLOOD_WAIT_42")))
    write("response", "error_negative_code", mid + rpc_result(rpc_error(-503, "Timeout")))
    write("response", "gzip_authorization", mid + rpc_result(gzip_packed(auth)))
    write("response", "gzip_error", mid + rpc_result(gzip_packed(rpc_error(400, "AUTH_TOKEN_ALREADY_ACCEPTED"))))
    write("response", "gzip_in_gzip", mid + rpc_result(gzip_packed(gzip_packed(auth))))
    long_form = (
        u32(AUTHORIZATION) + u32(0) + i64(1)
        + tl_bytes(b"abc", long_form=True) + tl_bytes(b"\xff\xfeAndroid", pad=9)
        + tl_str("") + i32(6) + tl_str("") + tl_str("") + i32(1) + i32(2)
        + tl_str("") + tl_str("") + tl_str("")
    )
    write("response", "lenient_only_forms", mid + rpc_result(long_form))
    write("response", "truncated", mid + rpc_result(auth)[:-5])

    # envelope: containers of messages (msg_id, seqno, length, body).
    def message(msg_id, seqno, body):
        return i64(msg_id) + i32(seqno) + i32(len(body)) + body

    def container(*messages):
        return u32(MSG_CONTAINER) + u32(len(messages)) + b"".join(messages)

    pong = u32(0x347773C5) + i64(11) + i64(12)
    ack = u32(0x62D6B459) + u32(VECTOR) + u32(2) + i64(1) + i64(2)
    unknown = u32(0xDEADBEEF) + bytes(8)
    write("envelope", "answers_and_service", container(
        message(100, 1, rpc_result(auth)),
        message(101, 3, rpc_result(rpc_error(400, "AUTH_TOKEN_EXPIRED"))),
        message(102, 5, rpc_result(gzip_packed(auth))),
        message(103, 6, ack),
        message(104, 7, pong),
    ))
    write("envelope", "unknown_and_cut", container(
        message(105, 1, rpc_result(unknown)),
        message(106, 3, rpc_result(auth[:40])),
        message(107, 5, unknown),
    ))
    write("envelope", "lying_length", container(message(108, 1, pong))[:-4] + i32(-4))
    write("envelope", "nested", container(message(109, 1, container(message(110, 1, pong)))))
    write("envelope", "empty", container())

    # bytes_roundtrip: mode, fill, repeat, error_code (LE), then the body.
    def case(body, mode=0, fill=0, repeat=0, code=400):
        return bytes([mode, fill, repeat]) + i32(code) + body

    write("bytes_roundtrip", "empty", case(b""))
    write("bytes_roundtrip", "three", case(bytes([1, 2, 3])))
    write("bytes_roundtrip", "four", case(bytes([0, 1, 2, 3]), fill=0x5A))
    write("bytes_roundtrip", "short_max_253", case(bytes(range(253)), fill=0xFF))
    write("bytes_roundtrip", "long_min_254", case(bytes(range(254))))
    write("bytes_roundtrip", "long_255", case(bytes(range(255)), fill=1))
    write("bytes_roundtrip", "text", case("AUTH_TOKEN_EXPIRED".encode()))
    write("bytes_roundtrip", "unicode", case("Пиксель 8 Pro — ☎".encode()))
    write("bytes_roundtrip", "invalid_utf8", case(b"\xff\xfe\xc3(", fill=7))
    write("bytes_roundtrip", "repeated_64k", case(bytes(range(256)), mode=1, repeat=255, code=-503))
    write("bytes_roundtrip", "too_long", case(b"x", mode=2, repeat=3))

    # schema_parser: the crate's own schema files, and single lines that
    # cover the grammar (generics, core lines, flags words, sections).
    for name in ("api.tl", "mtproto.tl"):
        with open(os.path.join(ROOT, "tl", name), "rb") as f:
            write("schema_parser", "tl_" + name.replace(".", "_"), f.read())
    with open(os.path.join(ROOT, "tests", "schema", "test.tl"), "rb") as f:
        write("schema_parser", "test_schema", f.read())
    lines = {
        "vector": "vector#1cb5c415 {t:Type} # [ t ] = Vector t;",
        "bool": "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\ntrue#3fedd339 = True;",
        "core_lines": "int ? = Int;\nlong ? = Long;\nint128 4*[ int ] = Int128;\nstring ? = String;",
        "generic_function": "---functions---\ninvokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;",
        "flags2": "message#1 flags:# out:flags.1?true flags2:# offline:flags2.1?true ids:flags2.3?Vector<long> = Message;",
        "export_login_token": "---functions---\nauth.exportLoginToken#b7e085fe api_id:int api_hash:string except_ids:Vector<long> = auth.LoginToken;",
        "short_id_layer": "auth.loginTokenMigrateTo#68e9916 dc_id:int token:bytes = auth.LoginToken;\n// LAYER 214",
        "multiline_types": "---types---\npoint\n  x:int\n  y:int\n= Point;\nbare p:%Point v:vector<int> = Bare;",
    }
    for name, text in lines.items():
        write("schema_parser", name, text + "\n")

    # qr_url: padded, unpadded, %3D/%3d, letter case, extra parameters, the
    # sample 32-byte token, and some refusals.
    urls = {
        "unpadded": "tg://login?token=AQID",
        "padded_1": "tg://login?token=AQ==",
        "padded_2": "tg://login?token=AQI=",
        "padded_pct": "tg://login?token=AQ%3D%3D",
        "padded_pct_lower": "tg://login?token=AQIDBA%3d%3d",
        "upper_case": "TG://LOGIN?token=AQIDBA",
        "extra_params": "tg://login?x=1&token=-_8&y",
        "sample_token": "tg://login?token=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "standard_alphabet": "tg://login?token=AQ+/",
        "fragment": "tg://login?token=AQID#frag",
        "duplicate": "tg://login?token=AQ&token=AQ",
        "empty": "tg://login?token=",
        "trailing_bits": "tg://login?token=AR",
        "partial_padding": "tg://login?token=AQ=",
    }
    for name, url in urls.items():
        write("qr_url", name, url)

    # The whole-layer targets (both layers have these lines). CI adds every
    # combinator's sample as a seed; these are the shapes samples do not
    # have: hostile ones, and one for each documented difference between
    # tlwire and grammers-tl-types (fuzz/README.md).
    updates = lambda n: (u32(UPDATES) + u32(VECTOR) + u32(n) + u32(UPDATE_LOGIN_TOKEN) * n
                         + u32(VECTOR) + u32(0) + u32(VECTOR) + u32(0) + i32(0) + i32(0))
    bold = lambda n: u32(TEXT_BOLD) * n + u32(TEXT_EMPTY)
    with_layer = lambda n: (u32(INVOKE_WITH_LAYER) + i32(1)) * n + u32(HELP_GET_CONFIG)
    for target in ("layer", "layer_diff"):
        write(target, "authorization", auth)
        write(target, "updates_of_login_tokens", updates(16))
        write(target, "bold_text_nest_100", bold(100))
        write(target, "invoke_with_layer_nest_48", with_layer(48))
    write("layer_diff", "unknown_flag_bits", authorization(flags=0xC0000022))
    write("layer_diff", "invalid_utf8", authorization(platform=b"Andr\xffoid"))
    write("layer_diff", "length_byte_255", auth[:16] + b"\xff" + bytes(255) + auth[28:])
    write("layer_diff", "trailing_bytes", auth + bytes(4))
    write("layer_diff", "bool_true", u32(BOOL_TRUE))
    write("layer_diff", "true", u32(0x3FEDD339))
    write("layer_diff", "invoke_with_layer", with_layer(1))
    # tlsBlockString data:bytes = TlsBlock: no written id; by the TL rule it is
    # the hash of "tlsBlockString data:string = TlsBlock".
    write("layer_diff", "tls_block_string", u32(0x4218A164) + tl_bytes(b"abc"))
    write("layer_diff", "lenient_only_forms", u32(AUTHORIZATION) + u32(0) + i64(1)
          + tl_bytes(b"Pixel", long_form=True) + tl_bytes(b"Androi", pad=9) + auth[36:])


if __name__ == "__main__":
    main()

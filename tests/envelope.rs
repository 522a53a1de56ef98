//! The envelope: containers written and read back, every message's outcome
//! independent of its neighbours' (a good answer, an RPC error, a result of
//! a constructor this layer lacks, a malformed body, service messages, in
//! every order), lengths that lie, the limits a container is written
//! within, and the wrappers and key-exchange messages the crate ships.

use tlwire::envelope::{
    encode_container, Container, EnvelopeErrorKind, Message, Outgoing, RawBody, RpcResult,
    MAX_CONTAINER_BODY, MAX_CONTAINER_MESSAGES,
};
use tlwire::functions::auth::AcceptLoginToken;
use tlwire::rpc::{decode_response, MethodError, ResponseError};
use tlwire::{
    decode_any, decode_with, enums, functions, ids, sample, types, Arena, DecodeErrorKind,
    DecodeOptions, Encode, EncodeErrorKind, Function, Identifiable,
};

#[path = "support/answers.rs"]
mod answers;
use answers::{rpc_error, rpc_result};

/// What a stack makes of one message of a container.
#[derive(Debug, PartialEq)]
enum Seen {
    /// The answer to the request with this msg_id: the authorization's device.
    Answer(i64, String),
    /// The RPC error answering the request with this msg_id.
    Error(i64, String),
    /// A result that did not decode: the request, the constructor that stopped it.
    Failed(i64, Option<u32>),
    /// A service message, by its schema name.
    Service(&'static str),
    /// A message whose body this layer cannot read: its msg_id and body id.
    Unknown(i64, Option<u32>),
}

fn see(message: Message<'_>, arena: &Arena) -> Seen {
    if message.body_id() == Some(<types::RpcResult<'_> as Identifiable>::CONSTRUCTOR_ID) {
        let split = RpcResult::read(message.body).expect("an rpc_result");
        let req = split.req_msg_id;
        return match decode_response::<AcceptLoginToken>(
            message.body,
            arena,
            req,
            DecodeOptions::strict(),
        ) {
            // Borrowed or inflated, the answer reads the same.
            Ok(body) => {
                let enums::Authorization::Authorization(auth) = body.get();
                Seen::Answer(req, auth.device_model.to_string())
            }
            Err(ResponseError::Rpc(error)) => {
                Seen::Error(req, error.rpc_error().name().to_string())
            }
            Err(_) => Seen::Failed(req, split.result_id()),
        };
    }
    match decode_any(message.body, arena, DecodeOptions::strict()) {
        Ok(object) => Seen::Service(object.tl_name()),
        Err(_) => Seen::Unknown(message.msg_id, message.body_id()),
    }
}

/// The messages of the test container: each body and what a stack must see.
fn cases() -> Vec<(i64, Vec<u8>, Seen)> {
    let ack = types::MsgsAck {
        msg_ids: &[1, 2, 3],
    }
    .to_vec()
    .unwrap();
    let session = types::NewSessionCreated {
        first_msg_id: 5,
        unique_id: 6,
        server_salt: 7,
    }
    .to_vec()
    .unwrap();
    let salt = types::BadServerSalt {
        bad_msg_id: 8,
        bad_msg_seqno: 9,
        error_code: 48,
        new_server_salt: 10,
    }
    .to_vec()
    .unwrap();
    let pong = types::Pong {
        msg_id: 11,
        ping_id: 12,
    }
    .to_vec()
    .unwrap();
    // A result of a constructor from a later layer, and one cut short.
    let mut unknown = 0xdead_beefu32.to_le_bytes().to_vec();
    unknown.extend_from_slice(&[0; 8]);
    let cut = sample::AUTHORIZATION.get(..40).unwrap().to_vec();
    vec![
        (
            100,
            rpc_result(1000, sample::AUTHORIZATION),
            Seen::Answer(1000, "Pixel 8 Pro".into()),
        ),
        (
            101,
            rpc_result(1001, &rpc_error(400, "AUTH_TOKEN_EXPIRED")),
            Seen::Error(1001, "AUTH_TOKEN_EXPIRED".into()),
        ),
        (
            102,
            rpc_result(1002, &unknown),
            Seen::Failed(1002, Some(0xdead_beef)),
        ),
        (
            103,
            rpc_result(1003, &cut),
            Seen::Failed(1003, Some(0xad01_d61d)),
        ),
        (104, ack, Seen::Service("msgs_ack")),
        (105, session, Seen::Service("new_session_created")),
        (106, salt, Seen::Service("bad_server_salt")),
        (107, pong, Seen::Service("pong")),
        (108, unknown.clone(), Seen::Unknown(108, Some(0xdead_beef))),
    ]
}

/// Every order of `n` items, by Heap's algorithm.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn heap(k: usize, items: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if k <= 1 {
            out.push(items.clone());
            return;
        }
        for i in 0..k {
            heap(k - 1, items, out);
            let j = if k.is_multiple_of(2) { i } else { 0 };
            items.swap(j, k - 1);
        }
    }
    let mut out = Vec::new();
    heap(n, &mut (0..n).collect(), &mut out);
    out
}

#[test]
fn one_bad_body_fails_only_its_message_in_every_order() {
    let cases = cases();
    let bodies: Vec<RawBody<'_>> = cases
        .iter()
        .map(|(_, body, _)| RawBody::new(body))
        .collect();
    // Seven of the nine in every order (5,040), and all nine in a few.
    let mut orders: Vec<Vec<usize>> = permutations(7);
    orders.extend([
        (0..9).collect(),
        (0..9).rev().collect(),
        vec![8, 2, 0, 3, 1, 7, 4, 6, 5],
    ]);
    let mut arena = Arena::new();
    let mut bytes = Vec::new();
    for order in &orders {
        let items: Vec<Outgoing<'_>> = order
            .iter()
            .map(|&i| Outgoing::new(cases[i].0, 2 * i as i32 + 1, &bodies[i]))
            .collect();
        bytes.clear();
        encode_container(&items, &mut bytes).unwrap();
        let container = Container::read(&bytes).unwrap();
        assert_eq!(container.len(), order.len());
        let mut seen = 0;
        for (message, &i) in container.zip(order) {
            let message = message.unwrap();
            assert_eq!(
                (message.msg_id, message.seqno),
                (cases[i].0, 2 * i as i32 + 1)
            );
            assert_eq!(message.body, cases[i].1.as_slice());
            assert_eq!(see(message, &arena), cases[i].2, "{order:?}");
            seen += 1;
        }
        assert_eq!(seen, order.len());
        arena.reset();
    }
}

#[test]
fn a_lying_length_names_the_message_and_stops_there() {
    let pong = types::Pong {
        msg_id: 1,
        ping_id: 2,
    };
    let items = [
        Outgoing::new(10, 1, &pong),
        Outgoing::new(11, 3, &pong),
        Outgoing::new(12, 5, &pong),
    ];
    let mut good = Vec::new();
    encode_container(&items, &mut good).unwrap();
    // Message 1's `bytes` field: the container header (8), message 0 (16 + 20), then 12 bytes in.
    let len_at = 8 + 16 + 20 + 12;
    for (len, offset) in [
        (-4i32, len_at - 12),
        (6, len_at - 12),
        (1 << 20, len_at - 12),
    ] {
        let mut bad = good.clone();
        bad[len_at..len_at + 4].copy_from_slice(&len.to_le_bytes());
        let results: Vec<_> = Container::read(&bad).unwrap().collect();
        assert_eq!(results.len(), 2, "{len}: one good message, then the error");
        assert!(results[0].is_ok());
        let error = results[1].clone().unwrap_err();
        assert!(
            matches!(error.kind, EnvelopeErrorKind::BodyLength { .. }),
            "{error}"
        );
        assert_eq!((error.message, error.offset), (Some(1), offset), "{error}");
        assert!(error.to_string().contains("in message 1"), "{error}");
    }
    // Cut anywhere: never a panic, never a message past the end.
    for end in 0..good.len() {
        let cut = &good[..end];
        if let Ok(container) = Container::read(cut) {
            let results: Vec<_> = container.collect();
            assert!(
                results.iter().any(Result::is_err),
                "cut at {end}: {results:?}"
            );
        }
    }
    // A count the bytes cannot hold, and bytes after the last message.
    let mut many = good.clone();
    many[4..8].copy_from_slice(&1000u32.to_le_bytes());
    let error = Container::read(&many).unwrap_err();
    assert!(matches!(
        error.kind,
        EnvelopeErrorKind::TooManyMessages { count: 1000, .. }
    ));
    let mut long = good.clone();
    long.extend_from_slice(&[0; 4]);
    let last = Container::read(&long).unwrap().last().unwrap().unwrap_err();
    assert_eq!(last.kind, EnvelopeErrorKind::TrailingBytes { left: 4 });
    // Not a container at all.
    let error = Container::read(sample::AUTHORIZATION).unwrap_err();
    assert!(matches!(
        error.kind,
        EnvelopeErrorKind::UnexpectedConstructor {
            found: 0xad01_d61d,
            ..
        }
    ));
}

#[test]
fn containers_are_written_within_the_protocols_limits() {
    let pong = types::Pong {
        msg_id: 1,
        ping_id: 2,
    };
    let mut out = vec![0xaa];
    let many: Vec<_> = (0..=MAX_CONTAINER_MESSAGES as i64)
        .map(|i| Outgoing::new(i, 1, &pong))
        .collect();
    let error = encode_container(&many, &mut out).unwrap_err();
    assert!(
        matches!(error.kind(), EncodeErrorKind::ContainerTooLong { .. }),
        "{error}"
    );
    encode_container(&many[..MAX_CONTAINER_MESSAGES], &mut out).unwrap();
    out.truncate(1);
    let token = vec![7u8; MAX_CONTAINER_BODY];
    let big = AcceptLoginToken { token: &token };
    let error = encode_container(&[Outgoing::new(1, 1, &big)], &mut out).unwrap_err();
    assert!(
        matches!(error.kind(), EncodeErrorKind::ContainerTooLarge { .. }),
        "{error}"
    );
    // A container inside a container is refused, and nothing is written.
    let mut inner = Vec::new();
    encode_container(&[Outgoing::new(1, 1, &pong)], &mut inner).unwrap();
    let nested = RawBody::new(&inner);
    let error = encode_container(
        &[Outgoing::new(2, 1, &pong), Outgoing::new(3, 3, &nested)],
        &mut out,
    )
    .unwrap_err();
    assert_eq!(error.kind(), EncodeErrorKind::NestedContainer { index: 1 });
    assert_eq!(out, [0xaa], "nothing written on error");
    // The length written is the length returned.
    let written = encode_container(&[Outgoing::new(2, 1, &pong)], &mut out).unwrap();
    assert_eq!(out.len(), 1 + written);
    assert_eq!(written, 8 + 16 + pong.encoded_len().unwrap());
    assert_eq!(out[1..5], ids::MSG_CONTAINER.to_le_bytes());
}

#[test]
fn a_message_reads_alone_and_an_rpc_result_splits_before_its_result() {
    let mut bytes = 77i64.to_le_bytes().to_vec();
    bytes.extend_from_slice(&5i32.to_le_bytes());
    let body = rpc_result(1000, sample::AUTHORIZATION);
    bytes.extend_from_slice(&(body.len() as i32).to_le_bytes());
    bytes.extend_from_slice(&body);
    let (message, used) = Message::read(&bytes).unwrap();
    assert_eq!((message.msg_id, message.seqno, used), (77, 5, bytes.len()));
    let split = RpcResult::read(message.body).unwrap();
    assert_eq!(split.req_msg_id, 1000);
    assert_eq!(split.result, sample::AUTHORIZATION);
    assert_eq!(split.result_id(), Some(0xad01_d61d));
    let arena = Arena::new();
    let auth: enums::Authorization<'_> = Message {
        body: split.result,
        ..message
    }
    .decode(&arena, DecodeOptions::strict())
    .unwrap();
    assert_eq!(auth.tl_name(), "authorization");
    assert!(RpcResult::read(sample::AUTHORIZATION).is_err());
    assert!(RpcResult::read(&body[..11]).is_err());
}

/// The first request of a connection, wrapped as a stack sends it, still
/// answers what the innermost function answers.
#[test]
fn wrappers_keep_the_response_type() {
    fn answers_authorization<F: Function<Response = enums::Authorization<'static>>>(_: &F) {}
    let request = functions::InvokeWithLayer {
        layer: 214,
        query: functions::InitConnection {
            unknown_flags: 0,
            api_id: 4,
            device_model: "Pixel 8 Pro".into(),
            system_version: "SDK 34".into(),
            app_version: "1.0".into(),
            system_lang_code: "en".into(),
            lang_pack: "android".into(),
            lang_code: "en".into(),
            proxy: None,
            params: None,
            query: AcceptLoginToken { token: &[1, 2, 3] },
        },
    };
    answers_authorization(&request);
    let bytes = request.to_vec().unwrap();
    // invokeWithLayer#da9b0d0d layer:int, then initConnection#c1cd5ea9 flags:# api_id:int …
    assert_eq!(bytes[..4], 0xda9b_0d0du32.to_le_bytes());
    assert_eq!(bytes[4..8], 214i32.to_le_bytes());
    assert_eq!(
        bytes[8..12],
        functions::InitConnection::<AcceptLoginToken<'_>>::CONSTRUCTOR_ID.to_le_bytes()
    );
    assert!(bytes.ends_with(&AcceptLoginToken { token: &[1, 2, 3] }.to_vec().unwrap()));
    let arena = Arena::new();
    let back = decode_any(&bytes, &arena, DecodeOptions::strict()).unwrap();
    assert_eq!(back.tl_name(), "invokeWithLayer");
}

#[test]
fn strict_mode_takes_binary_key_exchange_fields() {
    // resPQ with a `pq` that is no UTF-8, as servers send it.
    let pq = [0x17, 0xed, 0x48, 0x94, 0x1a, 0x08, 0xf9, 0x81];
    let res = types::ResPQ {
        nonce: [1; 16],
        server_nonce: [2; 16],
        pq: &pq,
        server_public_key_fingerprints: &[0x0bc3_5f35_09f7_b7a5],
    };
    let bytes = res.to_vec().unwrap();
    let arena = Arena::new();
    let back: enums::ResPQ<'_> =
        tlwire::decode_in(&bytes, &arena, DecodeOptions::strict()).unwrap();
    let enums::ResPQ::ResPQ(back) = back;
    assert_eq!(back.pq, pq);
    assert_eq!(back.to_vec().unwrap(), bytes);
    // The same bytes as a `string` field would be refused in strict mode:
    // an rpc_error message that is not UTF-8.
    let mut error = rpc_error(400, "AB");
    error[9] = 0xff;
    let kind = decode_with::<enums::RpcError<'_>>(&error, DecodeOptions::strict())
        .unwrap_err()
        .kind();
    assert_eq!(kind, DecodeErrorKind::InvalidUtf8);
}

/// One message of the container Telethon wrote (`tests/vectors/`): where
/// it is in the file, its header, and what a stack must see of it.
struct Written {
    range: std::ops::Range<usize>,
    msg_id: i64,
    seqno: i32,
    seen: Seen,
}

/// The rows of `telethon_container.tsv`, made by the script beside it.
fn written_by_telethon() -> Vec<Written> {
    let tsv = include_str!("vectors/telethon_container.tsv");
    let rows: Vec<Written> = tsv
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let number = |i: usize| cols[i].parse::<i64>().unwrap();
            let (kind, detail) = (cols[4], cols[5]);
            let seen = match kind {
                "answer" => Seen::Answer(number(5), cols[6].to_string()),
                "error" => Seen::Error(number(5), cols[6].to_string()),
                // Inflating needs the `gzip` feature; without it the
                // request fails alone, stopped at `gzip_packed`.
                "packed_answer" if cfg!(feature = "gzip") => {
                    Seen::Answer(number(5), cols[6].to_string())
                }
                "packed_answer" => Seen::Failed(number(5), Some(types::GzipPacked::CONSTRUCTOR_ID)),
                "service" => Seen::Service(
                    tlwire::COMBINATORS
                        .iter()
                        .find(|c| c.1 == detail)
                        .map(|c| c.1)
                        .unwrap(),
                ),
                "unknown" => {
                    Seen::Unknown(number(2), Some(u32::from_str_radix(detail, 16).unwrap()))
                }
                other => panic!("unknown kind {other}"),
            };
            Written {
                range: number(0) as usize..number(1) as usize,
                msg_id: number(2),
                seqno: number(3) as i32,
                seen,
            }
        })
        .collect();
    assert_eq!(rows.len(), 8, "the script writes eight messages");
    rows
}

/// A container Telethon wrote — answers plain and gzip-packed, an RPC
/// error, four service messages, a constructor of a later layer — reads
/// into exactly those, with its messages in every one of the 40,320
/// orders.
#[test]
fn a_container_written_by_telethon_reads_the_same_in_every_order() {
    let bin: &[u8] = include_bytes!("vectors/telethon_container.bin");
    let rows = written_by_telethon();
    let mut arena = Arena::new();
    // As written: the file itself.
    let container = Container::read(bin).unwrap();
    assert_eq!(container.len(), rows.len());
    for (message, row) in container.zip(&rows) {
        let message = message.unwrap();
        assert_eq!((message.msg_id, message.seqno), (row.msg_id, row.seqno));
        assert_eq!(message.body, &bin[row.range.start + 16..row.range.end]);
        assert_eq!(see(message, &arena), row.seen);
    }
    // Telethon's framed messages, reordered under the same header.
    let mut bytes = Vec::with_capacity(bin.len());
    for order in permutations(rows.len()) {
        bytes.clear();
        bytes.extend_from_slice(&bin[..8]);
        for &i in &order {
            bytes.extend_from_slice(&bin[rows[i].range.clone()]);
        }
        let mut seen = 0;
        for (message, &i) in Container::read(&bytes).unwrap().zip(&order) {
            let message = message.unwrap();
            assert_eq!(
                (message.msg_id, message.seqno),
                (rows[i].msg_id, rows[i].seqno)
            );
            assert_eq!(see(message, &arena), rows[i].seen, "{order:?}");
            seen += 1;
        }
        assert_eq!(seen, rows.len());
        arena.reset();
    }
}

/// The first request of a connection as Telethon writes it, from the
/// values it was made from, is the bytes tlwire writes.
#[test]
fn wrapped_request_is_the_bytes_telethon_writes() {
    let tsv = include_str!("vectors/telethon_invoke.tsv");
    let value = |key: &str| {
        tsv.lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('\t'))
            .unwrap_or_else(|| panic!("{key} in telethon_invoke.tsv"))
    };
    let token = hex::decode(value("token")).unwrap();
    let request = functions::InvokeWithLayer {
        layer: value("layer").parse().unwrap(),
        query: functions::InitConnection {
            unknown_flags: 0,
            api_id: value("api_id").parse().unwrap(),
            device_model: value("device_model").into(),
            system_version: value("system_version").into(),
            app_version: value("app_version").into(),
            system_lang_code: value("system_lang_code").into(),
            lang_pack: value("lang_pack").into(),
            lang_code: value("lang_code").into(),
            proxy: None,
            params: None,
            query: AcceptLoginToken { token: &token },
        },
    };
    let bin: &[u8] = include_bytes!("vectors/telethon_invoke.bin");
    assert_eq!(request.to_vec().unwrap(), bin);
    let arena = Arena::new();
    let back = decode_any(bin, &arena, DecodeOptions::strict()).unwrap();
    assert_eq!(back.to_vec().unwrap(), bin);
}

/// Every message of the auth-key exchange as Telethon writes it, binary
/// fields (most not UTF-8) and Telegram's published prime included, reads
/// in strict mode as the constructor it names and writes back the same.
#[test]
fn key_exchange_written_by_telethon_reads_strictly() {
    let tsv = include_str!("vectors/telethon_key_exchange.tsv");
    let arena = Arena::new();
    let mut seen = 0;
    for line in tsv.lines().filter(|line| !line.starts_with('#')) {
        let (name, hex) = line.split_once('\t').unwrap();
        let bytes = hex::decode(hex).unwrap();
        for options in [DecodeOptions::strict(), DecodeOptions::lenient()] {
            let object =
                decode_any(&bytes, &arena, options).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(object.tl_name(), name);
            assert_eq!(object.to_vec().unwrap(), bytes, "{name}");
        }
        seen += 1;
    }
    assert_eq!(seen, 9, "the script writes nine messages");
}

/// What the reader refuses the writer refuses: a body whose length is not
/// whole words; and the reader says which rule a length breaks.
#[test]
fn lengths_that_are_not_whole_words_are_refused_both_ways() {
    struct Odd;
    impl Encode for Odd {
        fn encoded_len(&self) -> Result<usize, tlwire::EncodeError> {
            Ok(5)
        }
        fn encode_raw<B: tlwire::bytes::BufMut>(&self, buf: &mut B, _: tlwire::Checked) {
            buf.put_slice(&[1, 2, 3, 4, 5]);
        }
    }
    let mut out = vec![7];
    let error = encode_container(&[Outgoing::new(1, 1, &Odd)], &mut out).unwrap_err();
    assert_eq!(error.kind(), EncodeErrorKind::UnalignedBody { len: 5 });
    assert_eq!(out, [7], "nothing written");

    let container = |len: i32, body: &[u8]| {
        let mut bytes = 0x73f1_f8dcu32.to_le_bytes().to_vec();
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(&1i64.to_le_bytes());
        bytes.extend_from_slice(&1i32.to_le_bytes());
        bytes.extend_from_slice(&len.to_le_bytes());
        bytes.extend_from_slice(body);
        bytes
    };
    for (len, words) in [
        (5, "is not a multiple of 4"),
        (-4, "is negative"),
        (8, "is past the end: 4 bytes left"),
    ] {
        let bytes = container(len, &[0; 4]);
        let error = Container::read(&bytes)
            .unwrap()
            .next()
            .unwrap()
            .unwrap_err();
        assert!(error.to_string().contains(words), "{len}: {error}");
    }
}

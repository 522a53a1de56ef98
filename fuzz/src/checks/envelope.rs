//! The `envelope` target: containers and messages read, split, decoded and
//! written back.

use tlwire::bytes::Bytes;
use tlwire::functions::auth::AcceptLoginToken;
use tlwire::rpc::{decode_response, ResponseError};
use tlwire::{decode_any, types, Arena, DecodeOptions, Encode};

use super::same;

/// `msg_container` (and a single `message`) on any bytes:
///
/// - reading never panics and never yields a body outside the input; the
///   iteration ends at the first envelope error, which names its message;
/// - each message's outcome depends on its own bytes alone: its body
///   decoded inside the container and again alone in a container of one
///   (re-encoded) give the same verdict and the same value, in both modes;
/// - an `rpc_result` body splits into the request id and the rest, and the
///   response pipeline on it agrees with the split's request id;
/// - a `msg_copy` body gives back a message inside the body or an error;
/// - a body decoded owned (sharing the input's buffer) gets the verdict and
///   value of the borrowed decode, when it is not packed;
/// - a container written from the messages read reads back to them.
pub fn envelope(data: &[u8]) {
    use tlwire::envelope::{
        encode_container, Container, Message, MsgCopy, Outgoing, RawBody, RpcResult,
    };

    let range = data.as_ptr_range();
    let inside = |body: &[u8]| {
        let r = body.as_ptr_range();
        body.is_empty() || (r.start >= range.start && r.end <= range.end)
    };
    let _ = Message::read(data).map(|(m, used)| {
        assert!(inside(m.body) && used <= data.len());
    });
    let Ok(container) = Container::read(data) else {
        return;
    };
    let declared = container.len();
    let mut read: Vec<Message<'_>> = Vec::new();
    for item in container {
        match item {
            Ok(message) => {
                assert!(inside(message.body), "a body outside the input");
                read.push(message);
            }
            Err(e) => assert!(e.message.is_none() || e.message == Some(read.len()), "{e}"),
        }
    }
    assert!(read.len() <= declared);
    let arena = Arena::new();
    let received = Bytes::copy_from_slice(data);
    for message in &read {
        if let Ok(original) = MsgCopy::read(message.body) {
            let r = message.body.as_ptr_range();
            let o = original.body.as_ptr_range();
            assert!(original.body.is_empty() || (o.start >= r.start && o.end <= r.end));
        }
        let packed = message.body_id()
            == Some(<types::GzipPacked<'_> as tlwire::Identifiable>::CONSTRUCTOR_ID);
        let owned = message
            .decode_owned::<tlwire::enums::Object<'static>>(&received, DecodeOptions::lenient());
        match (
            owned,
            decode_any(message.body, &arena, DecodeOptions::lenient()),
        ) {
            _ if packed => {}
            (Ok(a), Ok(b)) => assert!(same(a.get(), &b), "{a:?} / {b:?}"),
            (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
            (a, b) => panic!("owned and borrowed decodes disagree: {a:?} / {b:?}"),
        }
        let raw = RawBody::new(message.body);
        let mut alone = Vec::new();
        if encode_container(
            &[Outgoing::new(message.msg_id, message.seqno, &raw)],
            &mut alone,
        )
        .is_err()
        {
            continue; // a nested container, refused on the way out
        }
        let mut again = Container::read(&alone).expect("a container just written");
        let single = again.next().expect("one message").expect("well formed");
        assert_eq!(single, *message);
        for options in [DecodeOptions::lenient(), DecodeOptions::strict()] {
            let here = decode_any(message.body, &arena, options).map(|o| o.to_vec().ok());
            let there = decode_any(single.body, &arena, options).map(|o| o.to_vec().ok());
            match (here, there) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
                (a, b) => panic!("a message's outcome changed with its neighbours: {a:?} / {b:?}"),
            }
        }
        if let Ok(split) = RpcResult::read(message.body) {
            assert_eq!(split.result.len() + 12, message.body.len());
            let answer = decode_response::<AcceptLoginToken>(
                message.body,
                &arena,
                split.req_msg_id,
                DecodeOptions::lenient(),
            );
            if let Err(ResponseError::MsgIdMismatch { .. }) = answer {
                panic!("the split's request id is the pipeline's");
            }
        }
    }
    // Written back, the messages read again the same.
    let raws: Vec<RawBody<'_>> = read.iter().map(|m| RawBody::new(m.body)).collect();
    let items: Vec<Outgoing<'_>> = read
        .iter()
        .zip(&raws)
        .map(|(m, raw)| Outgoing::new(m.msg_id, m.seqno, raw))
        .collect();
    let mut out = Vec::new();
    if encode_container(&items, &mut out).is_ok() {
        let back: Vec<Message<'_>> = Container::read(&out)
            .expect("written")
            .map(|m| m.expect("well formed"))
            .collect();
        assert_eq!(back, read);
    }
}

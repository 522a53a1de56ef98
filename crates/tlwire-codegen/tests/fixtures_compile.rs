//! Every fixture's expected code (`tests/fixtures/<case>/expected.rs`, kept
//! by `tests/golden.rs`) compiles against the runtime, and the cases that
//! add a behaviour are exercised: values encode and decode back, a
//! credential stays out of `Debug`.

macro_rules! fixtures {
    ($($(#[$attr:meta])* $case:ident),* $(,)?) => {
        $(
            $(#[$attr])*
            #[allow(dead_code, clippy::all)]
            mod $case {
                include!(concat!(
                    "fixtures/",
                    stringify!($case),
                    "/expected.rs"
                ));
            }
        )*

        /// The cases included above, to check none is left out.
        const INCLUDED: &[&str] = &[$(stringify!($case)),*];
    };
}

fixtures!(
    boxed_type,
    flags,
    functions,
    generic_request,
    in_place,
    items,
    long_names,
    method_facts,
    names,
    primitives,
    recursion,
    samples,
    serde,
    skipped_lines,
    vectors,
);

use tlwire::{decode, decode_in, Arena, DecodeOptions, Encode};

#[test]
fn every_fixture_is_compiled_here() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    cases.sort();
    assert_eq!(cases, INCLUDED, "add each fixture to the list in this file");
}

#[test]
fn every_sample_round_trips() {
    let arena = Arena::new();
    let all = samples::samples::all(&arena);
    assert_eq!(all.len(), 9);
    for value in &all {
        let wire = value.to_vec().unwrap();
        let back: samples::enums::Object<'_> =
            decode_in(&wire, &arena, DecodeOptions::default()).unwrap();
        assert_eq!(&back, value);
    }
}

#[test]
fn flags_words_round_trip_with_unknown_bits() {
    let user = flags::types::User {
        unknown_flags: 1 << 9,
        id: 7,
        name: Some("ann".into()),
        bot: true,
        phone: Some("+1".into()),
        unknown_flags2: 0,
        premium: true,
        stories: Some(3),
    };
    let bytes = flags::enums::User::User(user.clone()).to_vec().unwrap();
    let flags::enums::User::User(back) = decode::<flags::enums::User>(&bytes).unwrap();
    assert_eq!(back, user);
}

#[test]
fn a_recursive_nest_decodes_in_an_arena() {
    use recursion::enums::RichText;
    let plain = RichText::TextPlain(recursion::types::TextPlain { text: "x".into() });
    let bold = RichText::TextBold(recursion::types::TextBold { text: &plain });
    let bytes = bold.to_vec().unwrap();
    let arena = Arena::new();
    let back: RichText<'_> = decode_in(&bytes, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(back, bold);
}

#[test]
fn a_credential_is_redacted_in_debug() {
    let request = method_facts::functions::auth::AcceptLoginToken { token: b"secret" };
    let text = format!("{request:?}");
    assert!(!text.contains("115"), "{text}");
    assert!(text.contains("<6 bytes>"), "{text}");
}

/// A large constructor filled in place and one moved into the arena decode
/// back to what was encoded, and a nest of the first is held to the depth
/// limit.
#[test]
fn large_constructors_decode_in_place_and_by_move() {
    use in_place::enums::{Action, Message, Peer};
    use in_place::types;
    let first = types::Message {
        unknown_flags: 1 << 30,
        out: true,
        id: 1,
        from_id: Some(Peer::PeerChat(types::PeerChat { chat_id: 9 })),
        peer_id: Peer::PeerUser(types::PeerUser { user_id: 7 }),
        reply: None,
        date: 100,
        message: "привет".into(),
        entities: Some(&[1, 2]),
        views: None,
        grouped_id: Some(-5),
    };
    let first_message = Message::Message(&first);
    let second = types::Message {
        id: 2,
        reply: Some(&first_message),
        entities: None,
        views: Some(3),
        ..types::Message::blank()
    };
    let service = types::MessageService {
        unknown_flags: 0,
        silent: true,
        id: 3,
        peer_id: Peer::PeerChat(types::PeerChat { chat_id: 4 }),
        date: 5,
        action: Action::ActionText(types::ActionText {
            text: "joined".into(),
        }),
        ttl: None,
        extra: 6,
    };
    let arena = Arena::new();
    for value in [Message::Message(&second), Message::MessageService(&service)] {
        let bytes = value.to_vec().unwrap();
        let back: Message<'_> = decode_in(&bytes, &arena, DecodeOptions::default()).unwrap();
        assert_eq!(back, value);
        let cut = &bytes[..bytes.len() - 1];
        let error = decode_in::<Message<'_>>(cut, &arena, DecodeOptions::default()).unwrap_err();
        assert_eq!(error.kind().name(), "unexpected_end", "{error}");
    }

    let mut nest = Message::Message(&first);
    let mut levels = Vec::new();
    for id in 0..8 {
        levels.push(types::Message {
            id,
            ..types::Message::blank()
        });
    }
    for level in &mut levels {
        level.reply = Some(arena.alloc(nest.clone()));
        nest = Message::Message(arena.alloc(level.clone()));
    }
    // Nine messages, each the reply of the next.
    let bytes = nest.to_vec().unwrap();
    let deep = DecodeOptions::default().with_max_depth(9);
    let back: Message<'_> = decode_in(&bytes, &arena, deep).unwrap();
    assert_eq!(back, nest);
    let shallow = DecodeOptions::default().with_max_depth(8);
    let error = decode_in::<Message<'_>>(&bytes, &arena, shallow).unwrap_err();
    assert_eq!(error.kind().name(), "limit_exceeded", "{error}");
}

/// Fields named like the decode's own locals (`r`, `at`, `value`) and like
/// their renamed forms (`r_`, `value_`) each keep their own value.
#[test]
fn fields_named_like_the_decodes_locals_keep_their_values() {
    let pair = names::types::Pair {
        value: 1,
        value_: 2,
        r: 3,
        r_: 4,
        at: 5,
    };
    let bytes = names::enums::Pair::Pair(pair.clone()).to_vec().unwrap();
    let names::enums::Pair::Pair(back) = decode::<names::enums::Pair>(&bytes).unwrap();
    assert_eq!(back, pair);
}

//! Real answers for the side-by-side benchmarks: a `messages.messages` of
//! 100 messages with 20 users and 5 chats, and an `updates` of 50 mixed
//! updates, written as wire bytes from the schema files grammers-tl-types
//! ships (the same files tlwire's layer here is generated from), so both
//! sides read the very same bytes.
//!
//! A fixture is described as a tree of [`V`]alues naming constructors and
//! fields; [`Writer`] lays it out in the schema's field order, computing
//! every `flags` word from the fields present and filling each field left
//! out with the smallest value of its type. A field named that the schema
//! does not have is a panic: the fixture and the schema must agree.

use std::collections::HashMap;

use tlwire_schema::{Definition, ParameterType, Schema, Type};

/// The schema files of grammers-tl-types, found by the build script.
pub const API_TL: &str = include_str!(concat!(env!("GRAMMERS_TL_DIR"), "/api.tl"));
/// See [`API_TL`].
pub const MTPROTO_TL: &str = include_str!(concat!(env!("GRAMMERS_TL_DIR"), "/mtproto.tl"));

/// A value to write.
#[derive(Clone, Debug)]
pub enum V {
    Int(i32),
    Long(i64),
    Double(f64),
    Str(String),
    Bytes(Vec<u8>),
    Bool(bool),
    /// A `flags.N?true` field that is set.
    True,
    /// A vector of values (boxed or bare, as the field's type says).
    Vector(Vec<V>),
    /// A constructor by its TL name and the fields given; every other field
    /// takes its smallest value.
    Obj(&'static str, Vec<(&'static str, V)>),
}

/// `Obj` with less noise.
pub fn obj(name: &'static str, fields: Vec<(&'static str, V)>) -> V {
    V::Obj(name, fields)
}

/// Writes [`V`] trees as TL wire bytes, by one schema.
pub struct Writer {
    ctors: HashMap<String, Definition>,
    by_type: HashMap<String, Vec<Definition>>,
}

impl Writer {
    /// A writer for grammers-tl-types' schema files.
    pub fn grammers() -> Self {
        let mut schema = Schema::default();
        for text in [API_TL, MTPROTO_TL] {
            let (part, _) = tlwire_schema::parse_lossy(text);
            schema.definitions.extend(part.definitions);
        }
        let mut ctors = HashMap::new();
        let mut by_type: HashMap<String, Vec<Definition>> = HashMap::new();
        for d in schema.types() {
            ctors.insert(d.full_name(), d.clone());
            by_type.entry(d.ty.full_name()).or_default().push(d.clone());
        }
        Self { ctors, by_type }
    }

    /// The bytes of `value`, a boxed object.
    pub fn boxed(&self, value: &V) -> Vec<u8> {
        let mut out = Vec::new();
        match value {
            V::Obj(name, fields) => self.object(name, fields, true, &mut out),
            other => panic!("a boxed object is an Obj, not {other:?}"),
        }
        out
    }

    fn object(&self, name: &str, fields: &[(&'static str, V)], boxed: bool, out: &mut Vec<u8>) {
        let d = self
            .ctors
            .get(name)
            .unwrap_or_else(|| panic!("no constructor {name} in the schema"));
        for (field, _) in fields {
            assert!(
                d.params.iter().any(|p| p.name == *field),
                "{name} has no field {field}"
            );
        }
        if boxed {
            out.extend_from_slice(&d.id_or_computed().to_le_bytes());
        }
        let given = |field: &str| fields.iter().find(|(f, _)| *f == field).map(|(_, v)| v);
        // Every flags word first: a bit is set when a field it guards is
        // given, and then every field it guards is written (`views` and
        // `forwards` share one), the ones not given at their smallest.
        let mut words: HashMap<&str, u32> = HashMap::new();
        for q in &d.params {
            if let ParameterType::Normal { flag: Some(f), .. } = &q.ty {
                if given(&q.name).is_some() {
                    *words.entry(f.name.as_str()).or_default() |= 1 << f.index;
                }
            }
        }
        for p in &d.params {
            match &p.ty {
                ParameterType::Flags => {
                    let word = words.get(p.name.as_str()).copied().unwrap_or(0);
                    out.extend_from_slice(&word.to_le_bytes());
                }
                ParameterType::Normal { ty, flag } => {
                    if p.is_true_flag() {
                        continue;
                    }
                    let present = flag.as_ref().is_none_or(|f| {
                        words.get(f.name.as_str()).copied().unwrap_or(0) & (1 << f.index) != 0
                    });
                    match given(&p.name) {
                        Some(v) => self.value(ty, v, out),
                        None if present => self.smallest(ty, out, 0),
                        None => {}
                    }
                }
                ParameterType::Repeat { .. } => panic!("{name}: repeated fields"),
            }
        }
    }

    fn value(&self, ty: &Type, v: &V, out: &mut Vec<u8>) {
        let name = ty.full_name();
        let fits = match v {
            V::Int(_) => name == "int",
            V::Long(_) => name == "long",
            V::Double(_) => name == "double",
            V::Str(_) => name == "string",
            V::Bytes(_) => name == "bytes" || name == "string",
            V::Bool(_) => name == "Bool",
            V::True => name == "true",
            V::Vector(_) => name == "Vector" || name == "vector",
            V::Obj(ctor, _) => self
                .ctors
                .get(*ctor)
                .is_some_and(|d| d.ty.full_name() == name || ty.bare && d.full_name() == name),
        };
        assert!(fits, "{v:?} is no value of type {name}");
        match v {
            V::Int(x) => out.extend_from_slice(&x.to_le_bytes()),
            V::Long(x) => out.extend_from_slice(&x.to_le_bytes()),
            V::Double(x) => out.extend_from_slice(&x.to_le_bytes()),
            V::Str(s) => tl_bytes(s.as_bytes(), out),
            V::Bytes(b) => tl_bytes(b, out),
            V::Bool(b) => {
                let id: u32 = if *b { 0x9972_75b5 } else { 0xbc79_9737 };
                out.extend_from_slice(&id.to_le_bytes());
            }
            V::True => {}
            V::Vector(items) => {
                let elem = ty
                    .generic_arg
                    .as_deref()
                    .unwrap_or_else(|| panic!("{} is not a vector", ty.full_name()));
                if ty.name == "Vector" {
                    out.extend_from_slice(&0x1cb5_c415u32.to_le_bytes());
                }
                out.extend_from_slice(&(items.len() as i32).to_le_bytes());
                for item in items {
                    self.value(elem, item, out);
                }
            }
            V::Obj(name, fields) => self.object(name, fields, !ty.bare, out),
        }
    }

    /// The smallest value of `ty`: zeros, empty strings and vectors, and
    /// for a boxed type its constructor with the fewest fields to fill.
    fn smallest(&self, ty: &Type, out: &mut Vec<u8>, depth: usize) {
        assert!(depth < 16, "no finite smallest value of {}", ty.full_name());
        let zeros = |n: usize, out: &mut Vec<u8>| out.extend(std::iter::repeat_n(0, n));
        match ty.full_name().as_str() {
            "int" | "#" | "string" | "bytes" => zeros(4, out),
            "long" | "double" => zeros(8, out),
            "int128" => zeros(16, out),
            "int256" => zeros(32, out),
            "Bool" => self.value(ty, &V::Bool(false), out),
            "Vector" => self.value(ty, &V::Vector(Vec::new()), out),
            "vector" => zeros(4, out),
            name => {
                let d = self
                    .by_type
                    .get(name)
                    .and_then(|ctors| {
                        ctors.iter().min_by_key(|d| {
                            d.params
                                .iter()
                                .filter(|p| {
                                    matches!(&p.ty, ParameterType::Normal { flag: None, .. })
                                })
                                .count()
                        })
                    })
                    .unwrap_or_else(|| panic!("no constructor of {name}"));
                if !ty.bare {
                    out.extend_from_slice(&d.id_or_computed().to_le_bytes());
                }
                for p in &d.params {
                    match &p.ty {
                        ParameterType::Flags => zeros(4, out),
                        ParameterType::Normal { ty, flag: None } => {
                            self.smallest(ty, out, depth + 1)
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// A TL `bytes` item: length prefix, body, zero padding to 4 bytes.
fn tl_bytes(body: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    if body.len() <= 253 {
        out.push(body.len() as u8);
    } else {
        out.push(0xfe);
        out.extend_from_slice(&(body.len() as u32).to_le_bytes()[..3]);
    }
    out.extend_from_slice(body);
    while !(out.len() - start).is_multiple_of(4) {
        out.push(0);
    }
}

/// Message texts: five in eight not ASCII (Cyrillic, CJK, emoji), of the
/// lengths chats have.
const TEXTS: [&str; 8] = [
    "See you at the station at 9, the train leaves at 9:20 sharp.",
    "Привет! Как дела? Завтра встречаемся у метро в семь, не опаздывай.",
    "ok",
    "今日はいい天気ですね。午後に公園を散歩しませんか？写真も撮りましょう。",
    "The build is green again 🎉🚀 thanks everyone for the quick fixes!",
    "Here is the link to the document we discussed during the meeting yesterday: https://example.org/docs/roadmap-2027",
    "Спасибо 🙏 отправил файлы, проверь пожалуйста, всё ли на месте 👍",
    "收到，我们明天下午三点开会讨论这个问题。",
];

fn user_peer(i: usize) -> V {
    obj("peerUser", vec![("user_id", V::Long(1_000_000 + i as i64))])
}

fn channel_peer(i: usize) -> V {
    obj(
        "peerChannel",
        vec![("channel_id", V::Long(2_000_000 + i as i64))],
    )
}

/// The `i`th message: text, entities on most, a reply header on every
/// third, a photo on every fifth, views and an edit date on some.
pub fn message(i: usize) -> V {
    let text = TEXTS[i % TEXTS.len()];
    let mut fields = vec![
        ("id", V::Int(50_000 + i as i32)),
        ("from_id", user_peer(i % 20)),
        ("peer_id", channel_peer(i % 5)),
        ("date", V::Int(1_764_000_000 + i as i32 * 37)),
        ("message", V::Str(text.into())),
    ];
    if i.is_multiple_of(2) {
        fields.push(("out", V::True));
    }
    if i % 4 != 3 {
        let mut entities = vec![obj(
            "messageEntityBold",
            vec![("offset", V::Int(0)), ("length", V::Int(4))],
        )];
        if i % 4 == 1 {
            entities.push(obj(
                "messageEntityTextUrl",
                vec![
                    ("offset", V::Int(5)),
                    ("length", V::Int(10)),
                    ("url", V::Str(format!("https://example.org/p/{i}"))),
                ],
            ));
        }
        fields.push(("entities", V::Vector(entities)));
    }
    if i.is_multiple_of(3) && i > 0 {
        fields.push((
            "reply_to",
            obj(
                "messageReplyHeader",
                vec![("reply_to_msg_id", V::Int(50_000 + i as i32 - 1))],
            ),
        ));
    }
    if i.is_multiple_of(5) {
        fields.push(("media", photo_media(i)));
    }
    if i % 2 == 1 {
        fields.push(("views", V::Int(1000 + i as i32)));
        fields.push(("edit_date", V::Int(1_764_000_500 + i as i32)));
    }
    obj("message", fields)
}

fn photo_media(i: usize) -> V {
    let size = |kind: &str, w: i32, bytes: i32| {
        obj(
            "photoSize",
            vec![
                ("type", V::Str(kind.into())),
                ("w", V::Int(w)),
                ("h", V::Int(w * 3 / 4)),
                ("size", V::Int(bytes)),
            ],
        )
    };
    obj(
        "messageMediaPhoto",
        vec![(
            "photo",
            obj(
                "photo",
                vec![
                    ("id", V::Long(7_000_000 + i as i64)),
                    ("access_hash", V::Long(0x1234_5678_9abc_def0 ^ i as i64)),
                    ("file_reference", V::Bytes(vec![i as u8; 24])),
                    ("date", V::Int(1_764_000_000)),
                    (
                        "sizes",
                        V::Vector(vec![
                            size("m", 320, 20_000),
                            size("x", 800, 80_000),
                            size("y", 1280, 160_000),
                        ]),
                    ),
                    ("dc_id", V::Int(2)),
                ],
            ),
        )],
    )
}

/// The `i`th user: names (some not ASCII), a username, a photo, a status.
pub fn user(i: usize) -> V {
    let (first, last) = [
        ("Anna", "Smith"),
        ("Дмитрий", "Иванов"),
        ("陈", "伟"),
        ("Lena", "Müller"),
    ][i % 4];
    obj(
        "user",
        vec![
            ("id", V::Long(1_000_000 + i as i64)),
            ("access_hash", V::Long(0x0fed_cba9_8765_4321 ^ i as i64)),
            ("first_name", V::Str(first.into())),
            ("last_name", V::Str(last.into())),
            ("username", V::Str(format!("user_{i}"))),
            (
                "photo",
                obj(
                    "userProfilePhoto",
                    vec![
                        ("photo_id", V::Long(9_000 + i as i64)),
                        ("dc_id", V::Int(2)),
                    ],
                ),
            ),
            (
                "status",
                obj(
                    "userStatusOffline",
                    vec![("was_online", V::Int(1_764_000_000))],
                ),
            ),
            ("lang_code", V::Str("en".into())),
        ],
    )
}

/// The `i`th chat: a channel with a title, a username and a photo.
pub fn chat(i: usize) -> V {
    obj(
        "channel",
        vec![
            ("id", V::Long(2_000_000 + i as i64)),
            ("access_hash", V::Long(0x0123_4567_89ab_cdef ^ i as i64)),
            (
                "title",
                V::Str(["Новости", "Rust 🦀", "技术讨论", "Team", "Random"][i].into()),
            ),
            ("username", V::Str(format!("channel_{i}"))),
            (
                "photo",
                obj(
                    "chatPhoto",
                    vec![
                        ("photo_id", V::Long(8_000 + i as i64)),
                        ("dc_id", V::Int(2)),
                    ],
                ),
            ),
            ("date", V::Int(1_700_000_000)),
            ("participants_count", V::Int(1234 * (i as i32 + 1))),
        ],
    )
}

/// `messages.messages` with 100 messages, 5 chats and 20 users.
pub fn messages() -> V {
    obj(
        "messages.messages",
        vec![
            ("messages", V::Vector((0..100).map(message).collect())),
            ("chats", V::Vector((0..5).map(chat).collect())),
            ("users", V::Vector((0..20).map(user).collect())),
        ],
    )
}

/// The `i`th of 50 mixed updates: new and edited messages, read marks,
/// deletions, statuses and typing.
pub fn update(i: usize) -> V {
    let pts = |n: i32| [("pts", V::Int(10_000 + n)), ("pts_count", V::Int(1))];
    match i % 6 {
        0 => obj("updateNewChannelMessage", {
            let mut f = vec![("message", message(i))];
            f.extend(pts(i as i32));
            f
        }),
        1 => obj("updateEditChannelMessage", {
            let mut f = vec![("message", message(i))];
            f.extend(pts(i as i32));
            f
        }),
        2 => obj(
            "updateReadChannelInbox",
            vec![
                ("channel_id", V::Long(2_000_000 + (i % 5) as i64)),
                ("max_id", V::Int(50_000 + i as i32)),
                ("still_unread_count", V::Int(3)),
                ("pts", V::Int(10_000 + i as i32)),
            ],
        ),
        3 => obj(
            "updateDeleteChannelMessages",
            vec![
                ("channel_id", V::Long(2_000_000 + (i % 5) as i64)),
                (
                    "messages",
                    V::Vector((0..4).map(|k| V::Int(40_000 + k)).collect()),
                ),
                ("pts", V::Int(10_000 + i as i32)),
                ("pts_count", V::Int(4)),
            ],
        ),
        4 => obj(
            "updateUserStatus",
            vec![
                ("user_id", V::Long(1_000_000 + (i % 20) as i64)),
                (
                    "status",
                    obj("userStatusOnline", vec![("expires", V::Int(1_764_000_300))]),
                ),
            ],
        ),
        _ => obj(
            "updateUserTyping",
            vec![
                ("user_id", V::Long(1_000_000 + (i % 20) as i64)),
                ("action", obj("sendMessageTypingAction", vec![])),
            ],
        ),
    }
}

/// `updates` with 50 mixed updates, 10 users and 5 chats.
pub fn updates() -> V {
    obj(
        "updates",
        vec![
            ("updates", V::Vector((0..50).map(update).collect())),
            ("users", V::Vector((0..10).map(user).collect())),
            ("chats", V::Vector((0..5).map(chat).collect())),
            ("date", V::Int(1_764_000_000)),
            ("seq", V::Int(0)),
        ],
    )
}

/// The bytes of [`messages`] and [`updates`].
pub fn fixtures() -> (Vec<u8>, Vec<u8>) {
    let w = Writer::grammers();
    (w.boxed(&messages()), w.boxed(&updates()))
}

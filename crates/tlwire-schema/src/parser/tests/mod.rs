//! The parser's tests: statements, recovery, limits and every error.

use super::super::ast::{Flag, Parameter};
use super::super::{parse, parse_lossy, Category, Definition, ParameterType, Schema, Type};
use super::statement::QUOTE_LEN;
use super::*;
use alloc::string::ToString;
use alloc::vec;

mod errors;

fn one(text: &str) -> Definition {
    let schema = parse(text).unwrap();
    assert_eq!(schema.definitions.len(), 1, "{text}");
    schema.definitions.into_iter().next().unwrap()
}

fn err(text: &str) -> (usize, usize, ParseErrorKind) {
    let e = parse(text).unwrap_err();
    (e.line, e.column, e.kind)
}

fn ty(name: &str) -> Type {
    Type {
        namespace: vec![],
        name: name.to_string(),
        bare: name.starts_with(|c: char| c.is_ascii_lowercase()),
        generic_ref: false,
        generic_arg: None,
    }
}

fn normal(name: &str, t: Type) -> Parameter {
    Parameter {
        name: name.to_string(),
        ty: ParameterType::Normal { ty: t, flag: None },
    }
}

#[test]
fn comments_blank_lines_sections_and_layer() {
    let s = parse(
        "// head\n\n///////\nboolFalse#bc799737 = Bool; // trailing\n\
         ---functions---\n  // LAYER 1\nping#7abe77ec ping_id:long = Pong;\n\
         ---types---\npong#347773c5 msg_id:long ping_id:long = Pong;\n//LAYER 214\n",
    )
    .unwrap();
    let cats: Vec<_> = s
        .definitions
        .iter()
        .map(|d| (d.name.as_str(), d.category, d.line))
        .collect();
    assert_eq!(
        cats,
        [
            ("boolFalse", Category::Type, 4),
            ("ping", Category::Function, 7),
            ("pong", Category::Type, 9),
        ]
    );
    assert_eq!(s.layer, Some(214));
    assert_eq!(parse("").unwrap(), Schema::default());
}

#[test]
fn ids() {
    assert_eq!(one("a#68e9916 = A;").id, Some(0x068e9916));
    assert_eq!(one("a#0 = A;").id, Some(0));
    assert_eq!(one("a#FFFFFFFF = A;").id, Some(0xffff_ffff));
    assert_eq!(one("tlsBlockDomain = TlsBlock;").id, None);
}

#[test]
fn spans_lines_and_shares_lines() {
    let d = one("inputUser#f21158c6\n  user_id:long\n  access_hash:long\n  = InputUser\n;");
    assert_eq!(d.params.len(), 2);
    assert_eq!(d.line, 1);
    let s = parse("a#1 = A; b#2 = B;\r\nc#3 = C;").unwrap();
    let lines: Vec<_> = s.definitions.iter().map(|d| d.line).collect();
    assert_eq!(lines, [1, 1, 2]);
}

#[test]
fn flags_and_true() {
    let d = one("a#1 flags:# x:flags.0?true flags2:# y:flags2.31?Vector<int> z:true = A;");
    assert_eq!(d.params[0].ty, ParameterType::Flags);
    assert_eq!(
        d.params[1].ty,
        ParameterType::Normal {
            ty: ty("true"),
            flag: Some(Flag {
                name: "flags".to_string(),
                index: 0
            }),
        }
    );
    let ParameterType::Normal { ty: t, flag } = &d.params[3].ty else {
        panic!("not a normal field")
    };
    assert_eq!(
        flag,
        &Some(Flag {
            name: "flags2".to_string(),
            index: 31
        })
    );
    assert_eq!(t.name, "Vector");
    assert_eq!(t.generic_arg.as_deref(), Some(&ty("int")));
    assert_eq!(d.params[4], normal("z", ty("true")));
}

#[test]
fn types_bare_boxed_namespaced_generic() {
    let d = one("auth.f#1 a:int b:Int c:%Message d:auth.LoginToken e:help.configSimple f:vector<long> g:Vector<Vector<TlsBlock>> = auth.LoginToken;");
    assert_eq!(
        (d.namespace.as_slice(), d.name.as_str()),
        (&["auth".to_string()][..], "f")
    );
    let tys: Vec<_> = d
        .params
        .iter()
        .map(|p| match &p.ty {
            ParameterType::Normal { ty, .. } => (ty.to_string(), ty.bare),
            _ => panic!("not a normal field"),
        })
        .collect();
    let expect = [
        ("int", true),
        ("Int", false),
        ("%Message", true),
        ("auth.LoginToken", false),
        ("help.configSimple", true),
        ("vector<long>", true),
        ("Vector<Vector<TlsBlock>>", false),
    ];
    let got: Vec<_> = tys.iter().map(|(s, b)| (s.as_str(), *b)).collect();
    assert_eq!(got, expect);
    assert_eq!(d.ty.namespace, ["auth"]);
}

#[test]
fn space_form_vector() {
    let d = one("a#1 x:Vector long y:int = Vector t;");
    assert_eq!(d.params.len(), 2);
    assert_eq!(d.to_string(), "a#00000001 x:Vector<long> y:int = Vector<t>");
    let d = one("auth.exportLoginToken api_id:int api_hash:string except_ids:Vector long = auth.LoginToken;");
    assert_eq!(d.computed_id(), 0xb7e085fe);
}

#[test]
fn generics() {
    let d = one("invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;");
    assert_eq!(d.generic_params, ["X"]);
    let ParameterType::Normal { ty: q, .. } = &d.params[1].ty else {
        panic!("not a normal field")
    };
    assert!(q.generic_ref && !q.bare && q.name == "X");
    assert_eq!(d.ty, ty("X"));
}

#[test]
fn vector_line_with_and_without_id() {
    for line in [
        "vector#1cb5c415 {t:Type} # [ t ] = Vector t;",
        "vector {t:Type} # [ t ] = Vector t;",
    ] {
        let s = parse(line).unwrap();
        assert!(s.core_lines.is_empty());
        let d = &s.definitions[0];
        assert_eq!(
            d.params,
            [Parameter {
                name: String::new(),
                ty: ParameterType::Repeat {
                    params: vec![normal("", ty("t"))]
                },
            }]
        );
        let mut result = ty("Vector");
        result.generic_arg = Some(Box::new(ty("t")));
        assert_eq!(d.ty, result);
        assert_eq!(d.computed_id(), 0x1cb5c415);
        assert_eq!(d.id_line(), "vector t:Type # [ t ] = Vector t");
    }
}

#[test]
fn core_lines() {
    let s = parse(
        "int ? = Int;\nlong ? = Long;\ndouble ? = Double;\nstring ? = String;\n\n\
         int128 4*[ int ] = Int128;\nint256 8*[ int ] = Int256; // raw\n",
    )
    .unwrap();
    assert!(s.definitions.is_empty());
    let got: Vec<_> = s
        .core_lines
        .iter()
        .map(|c| (c.name.as_str(), c.text.as_str(), c.line))
        .collect();
    assert_eq!(
        got,
        [
            ("int", "int ? = Int", 1),
            ("long", "long ? = Long", 2),
            ("double", "double ? = Double", 3),
            ("string", "string ? = String", 4),
            ("int128", "int128 4*[ int ] = Int128", 6),
            ("int256", "int256 8*[ int ] = Int256", 7),
        ]
    );
}

#[test]
fn named_repeat() {
    let d = one("a n:# [ x:int long ] = A;");
    let ParameterType::Repeat { params } = &d.params[0].ty else {
        panic!("not a repeat")
    };
    assert_eq!(d.params[0].name, "n");
    assert_eq!(
        params.as_slice(),
        [normal("x", ty("int")), normal("", ty("long"))]
    );
}

#[test]
fn non_ascii() {
    let (s, e) = parse_lossy("// комментарий ✓\nпривет#1 = A;\na#1 = A; // ✓\n\u{a0}b#2 = B;");
    assert_eq!(s.definitions.len(), 1);
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].line, e[0].column), (2, 1));
    assert_eq!(
        (e[1].line, e[1].column, &e[1].kind),
        (4, 1, &ParseErrorKind::UnexpectedChar('\u{a0}'))
    );
}

#[test]
fn single_definition_from_str() {
    use ParseErrorKind as K;
    let d: Definition = "boolTrue#997275b5 = Bool".parse().unwrap();
    assert_eq!(
        (d.full_name(), d.id, d.line),
        ("boolTrue".to_string(), Some(0x997275b5), 1)
    );
    assert_eq!(
        "boolTrue#997275b5 = Bool; // c"
            .parse::<Definition>()
            .unwrap(),
        d
    );
    assert_eq!(
        "a = A; b = B".parse::<Definition>().unwrap_err().kind,
        K::NotOneDefinition
    );
    assert_eq!(
        "int ? = Int".parse::<Definition>().unwrap_err().kind,
        K::NotOneDefinition
    );
    assert_eq!(
        "---types--- a = A".parse::<Definition>().unwrap_err().kind,
        K::NotOneDefinition
    );
    let e = "".parse::<Definition>().unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
    let e = "a = ".parse::<Definition>().unwrap_err();
    assert_eq!(
        (e.line, e.column, e.kind),
        (1, 4, K::UnexpectedEnd { expected: "a type" })
    );
}

const SAMPLES: &[&str] = &[
    "vector#1cb5c415 {t:Type} # [ t ] = Vector t;",
    "int128 4*[ int ] = Int128;",
    "int ? = Int;",
    "invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;",
    "auth.acceptLoginToken#e894ad4d token:bytes = Authorization;",
    "auth.loginTokenMigrateTo#68e9916 dc_id:int token:bytes = auth.LoginToken;",
    "inputMediaPoll#f94e5f1 flags:# poll:Poll correct_answers:flags.0?Vector<bytes> solution:flags.1?string = InputMedia;",
    "a#1 flags:# flags2:# x:flags2.3?true y:%Foo z:Vector long = Vector t; // c",
    "tlsBlockPermutation entries:Vector<Vector<TlsBlock>> = TlsBlock;",
    "---functions---\n// LAYER 214\n",
];

/// Checks that a parse result is sane and that what parsed prints back.
fn check(text: &str) {
    let (schema, errors) = parse_lossy(text);
    for e in &errors {
        assert!(e.line >= 1 && e.column >= 1, "{text:?}: {e}");
        let _ = e.to_string();
    }
    for def in &schema.definitions {
        let _ = def.computed_id();
        let printed = def.to_string();
        let mut back: Definition = match printed.parse() {
            Ok(d) => d,
            Err(e) => panic!("{text:?} printed as {printed:?} does not reparse: {e}"),
        };
        back.line = def.line;
        back.category = def.category;
        assert_eq!(&back, def, "{text:?}");
    }
    let _ = super::super::normalized_line(text);
    let _ = text.parse::<Definition>();
}

#[test]
fn every_truncation_of_the_samples() {
    for sample in SAMPLES {
        for (i, _) in sample.char_indices() {
            check(sample.get(..i).unwrap_or(""));
            check(sample.get(i..).unwrap_or(""));
        }
    }
}

const ALPHABET: &str = "aZ09_.#:?<>{}[]=;!%*, \n\t/-é✓\u{0}\u{feff}tT";

/// Words that, strung together, reach deeper into the grammar than random
/// characters do.
const WORDS: &[&str] = &[
    "a",
    "A",
    "x:",
    "flags:#",
    "x:flags.0?",
    "int",
    "Vector",
    "<",
    ">",
    "#",
    "#1",
    "[",
    "]",
    "{X:Type}",
    "!X",
    "%",
    "=",
    ";",
    "?",
    "4*[",
    "ns.B",
    "\n",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Samples with up to four characters inserted, deleted or replaced.
    #[test]
    fn edited_samples_parse_or_fail_cleanly(
        sample in 0..SAMPLES.len(),
        edits in proptest::collection::vec((0usize..128, 0usize..64, 0u8..3), 1..5),
    ) {
        let alphabet: Vec<char> = ALPHABET.chars().collect();
        let mut chars: Vec<char> = SAMPLES[sample].chars().collect();
        for (at, c, op) in edits {
            let at = at % (chars.len() + 1);
            let c = alphabet[c % alphabet.len()];
            match op {
                0 => chars.insert(at, c),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = c,
                _ => chars.push(c),
            }
        }
        check(&chars.iter().collect::<String>());
    }

    /// Random bytes, read as (lossy) UTF-8.
    #[test]
    fn random_text_parses_or_fails_cleanly(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn token_soup_parses_or_fails_cleanly(
        words in proptest::collection::vec((0..WORDS.len(), proptest::prelude::any::<bool>()), 0..16),
    ) {
        let mut s = String::new();
        for (word, space) in words {
            s.push_str(WORDS[word]);
            if space {
                s.push(' ');
            }
        }
        check(&s);
    }
}

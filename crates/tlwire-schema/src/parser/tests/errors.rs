//! Parse errors: where they are reported, how many, and what a lossy
//! parse keeps around them.

use super::*;

#[test]
fn errors_with_positions() {
    use ParseErrorKind as K;
    let exp = |expected, found: &str| K::UnexpectedToken {
        expected,
        found: found.to_string(),
    };
    assert_eq!(err("fooé#1 = A;"), (1, 4, K::UnexpectedChar('é')));
    assert_eq!(
        err("\n  a#1 x:int;"),
        (
            2,
            12,
            K::UnexpectedEnd {
                expected: "a field or `=`"
            }
        )
    );
    assert_eq!(
        err("a#1 = ;"),
        (1, 7, K::UnexpectedEnd { expected: "a type" })
    );
    assert_eq!(err("a#xyz = A;"), (1, 3, K::InvalidId("xyz".to_string())));
    assert_eq!(
        err("a#123456789 = A;"),
        (1, 3, K::InvalidId("123456789".to_string()))
    );
    assert_eq!(err("a# 12 = A;"), (1, 2, K::InvalidId(String::new())));
    assert_eq!(err("a.#1 = A;"), (1, 1, K::InvalidName("a.".to_string())));
    assert_eq!(err("1a#1 = A;"), (1, 1, K::InvalidName("1a".to_string())));
    assert_eq!(
        err("a#1 x:B.1c = A;"),
        (1, 7, K::InvalidName("B.1c".to_string()))
    );
    assert_eq!(
        err("a#1 flags:# x:flags.32?int = A;"),
        (1, 21, K::FlagIndexOutOfRange("32".to_string()))
    );
    assert_eq!(
        err("a#1 flags:# x:flags.99999999999999999999?int = A;"),
        (
            1,
            21,
            K::FlagIndexOutOfRange("99999999999999999999".to_string())
        )
    );
    assert_eq!(
        err("a#1 flags:# x:flags.?int = A;"),
        (1, 21, K::FlagIndexOutOfRange(String::new()))
    );
    assert_eq!(
        err("a#1 x:flags?int = A;"),
        (1, 7, exp("a flag reference `flags.N`", "flags"))
    );
    assert_eq!(
        err("a#1 x:flags.0?int = A;"),
        (1, 7, K::UndeclaredFlags("flags".to_string()))
    );
    assert_eq!(
        err("a#1 x:int y:x.0?int = A;"),
        (1, 13, K::UndeclaredFlags("x".to_string()))
    );
    assert_eq!(
        err("a#1 q:!X = X;"),
        (1, 8, K::UndeclaredGeneric("X".to_string()))
    );
    assert_eq!(
        err("a#1 x:int x:long = A;"),
        (1, 11, K::DuplicateName("x".to_string()))
    );
    assert_eq!(
        err("a#1 {X:Type} {X:Type} = A;"),
        (1, 15, K::DuplicateName("X".to_string()))
    );
    assert_eq!(
        err("a#1 {n:Nat} = A;"),
        (1, 8, K::UnsupportedGenericKind("Nat".to_string()))
    );
    assert_eq!(err("a#1 {n:#} = A;"), (1, 8, exp("`Type`", "#")));
    assert_eq!(err("a#1 x:Foo<a,b> = A;"), (1, 12, K::TooManyGenericArgs));
    assert_eq!(err("a#1 x:Vector<int = A;"), (1, 18, exp("`>`", "=")));
    assert_eq!(err("a#1 x = A;"), (1, 5, exp("a field `name:Type`", "x")));
    assert_eq!(err("a#1 # x = A;"), (1, 7, exp("`[` after `#`", "x")));
    assert_eq!(err("a#1 # [ ] = A;"), (1, 9, exp("a repeated field", "]")));
    assert_eq!(
        err("a#1 # [ x:int = A;"),
        (1, 15, exp("a field `name:Type`", "="))
    );
    assert_eq!(err("a#1 = A B;"), (1, 9, exp("`;`", "B")));
    assert_eq!(err("a#1 ? = A;"), (1, 5, exp("a field `name:Type`", "?")));
    assert_eq!(
        err(";"),
        (
            1,
            1,
            K::UnexpectedEnd {
                expected: "a combinator name"
            }
        )
    );
    assert_eq!(err("= A;"), (1, 1, exp("a combinator name", "=")));
    assert_eq!(
        err("int ? = ;"),
        (1, 9, K::UnexpectedEnd { expected: "a type" })
    );
    assert_eq!(err("int ? $ = Int;"), (1, 7, K::UnexpectedChar('$')));
    assert_eq!(
        err("---foo---\n"),
        (1, 1, K::UnknownSection("---foo---".to_string()))
    );
    assert_eq!(err("a#1 = A; - "), (1, 10, K::UnexpectedChar('-')));
    assert_eq!(
        err("// LAYER 4294967296"),
        (1, 1, K::LayerOutOfRange("4294967296".to_string()))
    );
    let deep = alloc::format!("a#1 x:{}int{} = A;", "Vector<".repeat(100), ">".repeat(100));
    assert_eq!(err(&deep).2, K::TooDeep);
    let deep = alloc::format!("a#1 {} = A;", "# [ ".repeat(100));
    assert_eq!(err(&deep).2, K::TooDeep);
}

#[test]
fn large_and_deep_inputs() {
    use ParseErrorKind as K;
    let deep = alloc::format!("a#1 x:{}int = A;", "Vector ".repeat(100));
    assert_eq!(err(&deep).2, K::TooDeep);
    // Big statements and files without `;` are handled in one pass:
    // these would take minutes if any step were quadratic.
    let mut fields = String::from("a#1");
    for i in 0..50_000 {
        fields.push_str(&alloc::format!(" f{i}:int"));
    }
    fields.push_str(" = A;");
    assert_eq!(one(&fields).params.len(), 50_000);
    let (s, e) = parse_lossy(&"x = y ".repeat(100_000));
    assert!(s.definitions.is_empty());
    assert_eq!(e.len(), 1);
    // Every line kept and its missing `;` reported: the first MAX_ERRORS
    // listed, then one error counting the rest from where they start.
    let (s, e) = parse_lossy(&"a#1 = A\n".repeat(20_000));
    assert_eq!((s.definitions.len(), e.len()), (20_000, MAX_ERRORS + 1));
    let more = 20_000 - MAX_ERRORS;
    assert_eq!(e[MAX_ERRORS].kind, K::TooManyErrors { more });
    assert_eq!(e[MAX_ERRORS].line, MAX_ERRORS + 1);
    assert!(e[..MAX_ERRORS]
        .iter()
        .all(|e| matches!(e.kind, K::MissingSemicolon { .. })));
}

#[test]
fn long_tokens_are_quoted_short() {
    let long = "x".repeat(1000);
    let (_, _, kind) = err(&alloc::format!("a#1 = A {long};"));
    let ParseErrorKind::UnexpectedToken { found, .. } = kind else {
        panic!("wrong kind")
    };
    assert_eq!(found.len(), QUOTE_LEN);
}

#[test]
fn missing_semicolons() {
    use ParseErrorKind as K;
    // Before the next `name#id` line: both definitions are kept.
    let (s, e) = parse_lossy("a#1 x:int = A\nb#2 = B;\n");
    assert_eq!(s.definitions.len(), 2);
    assert_eq!(
        e,
        [ParseError {
            line: 1,
            column: 14,
            kind: K::MissingSemicolon { started: 1 }
        }]
    );
    // Before a section marker and at the end of input.
    let (s, e) = parse_lossy("a#1 = A\n---functions---\nb#2 = B");
    assert_eq!(s.definitions.len(), 2);
    assert_eq!(s.definitions[1].category, Category::Function);
    let pos: Vec<_> = e.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(pos, [(1, 8), (3, 8)]);
    // A statement that would not parse anyway gives one error only.
    let (s, e) = parse_lossy("a#1 x:int\n---types---\n");
    assert!(s.definitions.is_empty());
    assert_eq!(e.len(), 1);
    // A type continued on the next line is not cut.
    assert_eq!(
        one("a#1 = Vector\n  t;").to_string(),
        "a#00000001 = Vector<t>"
    );
    // Lines without ids: a line with its own `=` starts a definition,
    // so the one missing `;` loses neither line.
    let (s, e) = parse_lossy("a x:int = A\nb y:int = B;\n");
    let names: Vec<_> = s.definitions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(
        e,
        [ParseError {
            line: 1,
            column: 12,
            kind: K::MissingSemicolon { started: 1 }
        }]
    );
    // Without an `=` of its own, the next line continues the definition.
    let (s, e) = parse_lossy("a x:int = Vector\nt;\n");
    assert_eq!(s.definitions.len(), 1);
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn lossy_keeps_going() {
    let text = "a#1 = A;\nb#zz = B;\nc#3 = é;\nd#4 = D;\n---x---\n// LAYER 9\ne#5 x:flags.0?int = E;\nf#6 = F;";
    let (s, e) = parse_lossy(text);
    let names: Vec<_> = s.definitions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["a", "d", "f"]);
    assert_eq!(s.layer, Some(9));
    let lines: Vec<_> = e.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(lines, [(2, 3), (3, 7), (5, 1), (7, 7)]);
    assert_eq!(parse(text).unwrap_err(), e[0]);
    assert_eq!(
        e[1].to_string(),
        "line 3, column 7: unexpected character 'é'"
    );
}

//! The generator on schema files that are wrong or odd: every line it
//! cannot turn into Rust that compiles is skipped with a warning naming its
//! place and why (as `tlwire schema generate` runs it) or refused with that
//! message (as this crate's build runs it). Never a crash, never code that
//! does not compile. (The names it can keep apart, it keeps: those are in
//! `tests/schema/test.tl`, compiled by `tests/generated/`.)

use tlwire_codegen::{
    generate_sources, Generated, Options, Outcome, Source, SourceError, SourceErrorKind, SourceKind,
};

fn lenient() -> Options {
    Options::default()
        .skip_unusable(true)
        .keep_mismatched_ids(true)
}

/// [`lenient`] with `samples`, whose walks over the types must end too.
fn with_samples() -> Options {
    lenient().samples(true)
}

fn strict() -> Options {
    Options::default().keep_mismatched_ids(true)
}

/// Generates from `(name, text)` files, kinds taken from the names.
fn generate(files: &[(&str, &str)], options: &Options) -> Result<Generated, String> {
    let sources: Vec<Source<'_>> = files
        .iter()
        .map(|&(name, text)| Source {
            name,
            text,
            kind: SourceKind::of_file(name).expect("a .tl or .tsv name"),
        })
        .collect();
    generate_sources(&sources, options).map_err(|e| e.to_string())
}

/// Generates leniently and checks the warnings that skip something are
/// exactly `skipped` (a prefix of each, in order).
fn skips(files: &[(&str, &str)], skipped: &[&str]) -> String {
    let generated = generate(files, &lenient()).expect("lenient generation succeeds");
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| w.outcome == Outcome::Skipped)
        .map(ToString::to_string)
        .filter(|w| w.contains(" skipped: "))
        .collect();
    assert_eq!(warnings.len(), skipped.len(), "{warnings:#?}");
    for (warning, expected) in warnings.iter().zip(skipped) {
        assert!(
            warning.starts_with(expected),
            "{warning:?}, expected {expected:?}"
        );
    }
    generated.code
}

#[test]
fn a_repeated_name_or_id_keeps_the_first_and_names_it() {
    let a = "foo x:int = Foo;\nbar#11111111 = Bar;\n";
    let b = "foo x:int = Foo;\nbaz#11111111 = Baz;\n---functions---\nfoo = Foo;\n";
    let code = skips(
        &[("a.tl", a), ("b.tl", b)],
        &[
            "b.tl:1: foo skipped: a constructor of this name is already defined, at a.tl:1",
            "b.tl:2: baz skipped: id #11111111 is already the id of bar, at a.tl:2",
        ],
    );
    // A function may share a constructor's name: they live apart.
    assert_eq!(code.matches("pub struct Foo {\n").count(), 1, "{code}");
    assert!(code.contains("pub struct Foo {}"), "{code}");
    assert!(!code.contains("pub struct Baz"), "{code}");
    let error = generate(&[("a.tl", a), ("b.tl", b)], &strict()).unwrap_err();
    assert_eq!(
        error,
        "b.tl:1: foo: a constructor of this name is already defined, at a.tl:1"
    );
}

#[test]
fn a_value_that_could_never_end_is_refused_not_a_crash() {
    // `foo` always holds another `foo`; `bar` needs a `foo`; the cycle of
    // `one` and `two` is as endless. A vector or a flag would end it.
    let text = "\
foo x:%Foo = Foo;
bar v:vector<%Foo> = Bar;
one x:%Two = One;
two y:%One = Two;
fine flags:# x:flags.0?Fine v:Vector<Fine> = Fine;
";
    let code = skips(
        &[("rec.tl", text)],
        &[
            // Every endless value in one round, then what named them.
            "rec.tl:1: foo skipped: field x:%Foo has no finite value",
            "rec.tl:3: one skipped: field x:%Two has no finite value",
            "rec.tl:4: two skipped: field y:%One has no finite value",
            "rec.tl:2: bar skipped: field v: unknown type Foo",
        ],
    );
    assert!(code.contains("pub struct Fine<'a> {"), "{code}");
    let error = generate(&[("rec.tl", text)], &strict()).unwrap_err();
    assert!(
        error.starts_with("rec.tl:1: foo: field x:%Foo has no finite value"),
        "{error}"
    );
}

#[test]
fn an_object_field_takes_a_constructor_that_ends() {
    // The cheapest constructor of `Object` must not hold an `Object` itself
    // (the samples would nest without end); with none that ends, the field
    // has no finite value.
    let code = skips(
        &[(
            "obj.tl",
            "rpc_result req_msg_id:long result:Object = RpcResult;\nrpc_error code:int = RpcError;\n",
        )],
        &[],
    );
    assert!(code.contains("pub struct RpcResult<'a> {"), "{code}");
    let samples = generate(
        &[(
            "obj.tl",
            "rpc_result result:Object = RpcResult;\nrpc_error code:int = RpcError;\n",
        )],
        &with_samples(),
    )
    .unwrap()
    .code;
    assert!(
        samples.contains("let result = super::types::RpcError { code: 7 };")
            && samples.contains("super::enums::Object::RpcError(result)"),
        "{samples}"
    );
    skips(
        &[("obj.tl", "wrapped result:Object = Wrapped;\n")],
        &["obj.tl:1: wrapped skipped: field result:Object has no finite value"],
    );
}

#[test]
fn constructors_of_the_runtimes_own_types_are_left_out() {
    // The official lines for `Bool`, `True` and `Vector` are the runtime's
    // (left out quietly); any other constructor of those types is refused.
    let text = "\
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
true#3fedd339 = True;
vector#1cb5c415 {t:Type} # [ t ] = Vector t;
maybe x:int = Bool;
vector x:int = Things;
";
    let code = skips(
        &[("builtin.tl", text)],
        &["builtin.tl:5: maybe skipped: makes a Bool, a type tlwire's runtime reads itself"],
    );
    // A constructor merely named like one of them is an ordinary one.
    assert!(code.contains("pub struct Vector {"), "{code}");
    assert!(!code.contains("pub struct BoolTrue"), "{code}");
}

#[test]
fn type_parameters_only_on_functions_and_only_used() {
    // A constructor with a type parameter (here from a file whose
    // `---functions---` marker is broken) once made `--samples` recurse
    // without end: the query's sample was the constructor itself.
    let generated = generate(
        &[(
            "generic.tl",
            "invokeWithLayer {X:Type} layer:int query:!X = X;\nok = Ok;\n\
             ---functions---\nbad {X:Type} {Y:Type} q:!X = Y;\nfine {X:Type} q:!X = X;\n",
        )],
        &with_samples(),
    )
    .unwrap();
    let skipped: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| w.outcome == Outcome::Skipped)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        skipped,
        [
            "generic.tl:1: invokeWithLayer skipped: type parameters are only for functions \
             (`{X:Type} … query:!X = X`)",
            "generic.tl:4: bad skipped: type parameter Y is not the type of any field (`!Y`)",
        ]
    );
    assert!(
        generated.code.contains("pub struct Fine<X> {"),
        "{}",
        generated.code
    );
}

#[test]
fn metadata_names_its_row_and_follows_the_items_chosen() {
    let schema = "ok = Ok;\n---functions---\na.one = Ok;\na.two = Ok;\n";
    let errors = "a.one\t400\tFOO_BAR\tx\na.one\t400\tFOO__BAR\ty\na.two\t400\tBAR\tz\n";
    // What errors.tsv says of a method left out by `items` is not an error.
    let options = lenient().items(["a.one"]);
    let code = generate(&[("s.tl", schema), ("errors.tsv", errors)], &options)
        .unwrap()
        .code;
    assert!(code.contains("pub struct One {"), "{code}");
    assert!(!code.contains("pub struct Two"), "{code}");
    // Two names that come out the same variant are told apart.
    assert!(code.contains("FooBar(::tlwire::rpc::RpcError),"), "{code}");
    assert!(code.contains("FooBar_(::tlwire::rpc::RpcError),"), "{code}");
    // The error enums are reached from the functions at the crate root.
    assert!(
        code.contains("type Error = super::super::errors::a::OneError;"),
        "{code}"
    );
    // A skipped constructor, or a repeated function, of a method's name
    // leaves the method its errors.
    let shared = "ok = Ok;\na.one x:nosuchtype = Ok;\n---functions---\na.one = Ok;\na.one = Ok;\n";
    let code = generate(
        &[("s.tl", shared), ("errors.tsv", "a.one\t400\tFOO\tx\n")],
        &lenient(),
    )
    .unwrap()
    .code;
    assert!(code.contains("Foo(::tlwire::rpc::RpcError),"), "{code}");
    // A method the schema lacks is named with its file and line.
    let unknown = "a.one\t400\tFOO\tx\n# a comment\na.nosuch\t400\tBAR\ty\n";
    let error = generate(&[("s.tl", schema), ("errors.tsv", unknown)], &lenient()).unwrap_err();
    assert_eq!(
        error,
        "errors.tsv:3: a.nosuch: metadata names a method the schema does not define"
    );
}

#[test]
fn a_missing_semicolon_says_whether_the_line_was_kept() {
    let generated = generate(
        &[("semi.tl", "a x:int = A\nb y:int = B;\nc z:int = C")],
        &lenient(),
    )
    .unwrap();
    for name in ["A", "B", "C"] {
        assert!(
            generated.code.contains(&format!("pub struct {name} {{")),
            "{name}"
        );
    }
    assert!(generated
        .warnings
        .iter()
        .all(|w| w.outcome == Outcome::KeptAsTerminated
            && matches!(w.error.kind, SourceErrorKind::Parse(_))));
    assert_eq!(
        generated
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "semi.tl:1:12: missing `;` after the definition started on line 1 (kept as if the `;` were there)",
            "semi.tl:3:12: missing `;` after the definition started on line 3 (kept as if the `;` were there)",
        ]
    );
    let broken = generate(&[("semi.tl", "a x:int\n---functions---\n")], &lenient()).unwrap();
    let first = &broken.warnings[0];
    assert_eq!(first.outcome, Outcome::Skipped, "{first:?}");
    assert!(first.to_string().ends_with("(line skipped)"), "{first}");
}

#[test]
fn sample_makers_keep_clear_of_the_samples_functions() {
    // A constructor named like one of `samples`' own functions.
    let code = generate(
        &[("s.tl", "responsesAreLinked = R;\nall = A;\n")],
        &with_samples(),
    )
    .unwrap()
    .code;
    assert_eq!(
        code.matches("fn responses_are_linked(").count(),
        1,
        "{code}"
    );
    assert!(
        code.contains("fn responses_are_linked_(_arena: &Arena) -> "),
        "{code}"
    );
    assert!(code.contains("fn all_(_arena: &Arena) -> "), "{code}");
}

#[test]
fn a_bare_type_waits_for_its_unusable_constructors_to_go() {
    // `%T` has two constructors until `t1` is skipped; then it has one, and
    // `user` is usable, as when lines are skipped one at a time.
    let schema = "t1 x:Nope = T;\nt2 = T;\nuser p:%T = User;\n";
    let code = skips(
        &[("s.tl", schema)],
        &["s.tl:1: t1 skipped: field x: unknown type Nope"],
    );
    assert!(code.contains("pub struct User {"), "{code}");
    // With both constructors usable, `%T` is refused for good.
    let schema = "t1 = T;\nt2 = T;\nuser p:%T = User;\n";
    skips(
        &[("s.tl", schema)],
        &["s.tl:3: user skipped: field p: %T needs exactly one constructor"],
    );
}

#[test]
fn unrelated_endless_values_are_all_refused_at_once() {
    let schema: String = (0..50)
        .map(|i| format!("inf{i} x:Inf{i} = Inf{i};\n"))
        .collect();
    let generated = generate(&[("s.tl", &schema)], &lenient()).expect("lenient");
    let refused = generated
        .warnings
        .iter()
        .filter(|w| w.to_string().contains("has no finite value"))
        .count();
    assert_eq!(refused, 50, "{:#?}", generated.warnings);
}

#[test]
fn clashing_rust_names_get_underscores_and_keep_real_names() {
    // `aB`, `Ab` and `AB` all become `ab`; a real field `ab_2` keeps its name.
    let schema = "c aB:int Ab:int AB:int ab_2:int = C;\n";
    let code = generate(&[("s.tl", schema)], &Options::default())
        .expect("generates")
        .code;
    for field in [
        "pub ab: i32",
        "pub ab_: i32",
        "pub ab__: i32",
        "pub ab_2: i32",
    ] {
        assert!(code.contains(field), "{field}\n{code}");
    }
}

/// Each kind of error, typed, with its file, line and name: what a build
/// script or an editor needs to point at the place without reading the
/// message.
#[test]
fn errors_carry_their_kind_and_place() {
    let source = |name, text| Source {
        name,
        text,
        kind: SourceKind::of_file(name).expect("a .tl or .tsv name"),
    };
    let one = |files: &[Source<'_>], options: &Options| -> SourceError {
        let errors = generate_sources(files, options).expect_err("refused");
        assert_eq!(errors.0.len(), 1, "{errors}");
        errors.0[0].clone()
    };
    let place = |e: &SourceError| (e.file.clone(), e.line, e.column, e.name.clone());
    let at = |file: &str, line, name: &str| {
        (
            Some(file.to_string()),
            Some(line),
            None,
            Some(name.to_string()),
        )
    };

    let e = one(
        &[source("p.tl", "ok = Ok;\nbroken#1 x: = Bad;\n")],
        &strict(),
    );
    assert!(matches!(e.kind, SourceErrorKind::Parse(_)), "{e:?}");
    assert_eq!(
        (e.file.as_deref(), e.line),
        (Some("p.tl"), Some(2)),
        "{e:?}"
    );
    assert!(e.column.is_some_and(|c| c > 1), "{e:?}");

    let e = one(
        &[source("m.tl", "ok#12345678 = Ok;\n")],
        &Options::default(),
    );
    let expected = "ok = Ok;"
        .parse::<tlwire_codegen::tlwire_schema::Definition>()
        .expect("a definition")
        .computed_id();
    let found = 0x1234_5678;
    assert_eq!(e.kind, SourceErrorKind::IdMismatch { found, expected });
    assert_eq!(place(&e), at("m.tl", 1, "ok"));

    let e = one(
        &[source("u.tl", "ok = Ok;\nbar x:Nowhere = Bar;\n")],
        &strict(),
    );
    assert!(
        matches!(&e.kind, SourceErrorKind::Unusable(m) if m.contains("Nowhere")),
        "{e:?}"
    );
    assert_eq!(place(&e), at("u.tl", 2, "bar"));

    let schema = "ok = Ok;\n---functions---\na.one x:int = Ok;\n";
    // Metadata: (errors.tsv, methods.tsv, where the error is). A fact at
    // fault in methods.tsv is placed there, though errors.tsv named the
    // method first; a row that cannot be read names its method too.
    let cases = [
        (
            "a.one\t400\tFOO\tx\n\na.nosuch\t400\tBAR\ty\n",
            "",
            ("errors.tsv", 3, "a.nosuch"),
        ),
        (
            "a.one\t400\tFOO\tx\n",
            "\n\na.one\tusers\tx\n",
            ("methods.tsv", 3, "a.one"),
        ),
        ("a.one\tfour\tFOO\tx\n", "", ("errors.tsv", 1, "a.one")),
    ];
    let mut last = None;
    for (errors, methods, (file, line, name)) in cases {
        let files = [
            source("s.tl", schema),
            source("errors.tsv", errors),
            source("methods.tsv", methods),
        ];
        let e = one(&files, &strict());
        assert!(matches!(e.kind, SourceErrorKind::Metadata(_)), "{e:?}");
        assert_eq!(place(&e), at(file, line, name));
        last = Some(e);
    }
    let e = last.expect("three cases");
    assert_eq!(
        e.to_string(),
        "errors.tsv:1: a.one: code \"four\" is not a number"
    );

    let files = [source("s.tl", schema)];
    let e = one(&files, &strict().items(["a.two"]));
    assert_eq!(e.kind, SourceErrorKind::UnknownItem);
    assert_eq!(place(&e), (None, None, None, Some("a.two".into())));
    assert_eq!(e.to_string(), "item a.two: no such constructor or function");
    assert_eq!(e.kind.to_string(), "no such constructor or function");
}

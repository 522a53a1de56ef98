//! Each stage of the model on small schemas: the Rust paths, resolution
//! of fields to types, and the facts decided over the whole model.

use super::*;
use crate::metadata::Metadata;

fn model(lines: &str) -> Model {
    let schema = tlwire_schema::parse(lines).unwrap();
    Model::build(&schema, &Metadata::default()).unwrap()
}

fn failures(lines: &str) -> Vec<Failure> {
    let schema = tlwire_schema::parse(lines).unwrap();
    Model::build(&schema, &Metadata::default()).unwrap_err()
}

fn combinator<'m>(model: &'m Model, tl_name: &str) -> &'m Combinator {
    model
        .structs
        .iter()
        .chain(&model.functions)
        .find(|c| c.tl_name == tl_name)
        .unwrap_or_else(|| panic!("{tl_name} is not in the model"))
}

fn field<'c>(c: &'c Combinator, tl_name: &str) -> &'c Field {
    c.fields
        .iter()
        .find(|f| f.tl_name == tl_name)
        .unwrap_or_else(|| panic!("{} has no field {tl_name}", c.tl_name))
}

fn value_ty(f: &Field) -> &Ty {
    match &f.kind {
        FieldKind::Value { ty, .. } => ty,
        other => panic!("{} is not a value field: {other:?}", f.tl_name),
    }
}

// Paths.

#[test]
fn names_that_meet_in_rust_get_underscores_first_come_first_served() {
    let mut paths = paths::Paths::new(&[]);
    let first = paths.assign("auth.a_b");
    let second = paths.assign("auth.aB");
    assert_eq!(first.namespace, ["auth"]);
    assert_eq!(first.name, "AB");
    assert_ne!(second.name, first.name, "two TL names, one Rust name");
    assert!(second.name.starts_with("AB"), "{}", second.name);
    // The same TL name again is the same path, not a third name.
    assert_eq!(paths.assign("auth.a_b"), first);
    assert_eq!(paths.get("auth.aB"), Some(&second));
    assert_eq!(paths.get("auth.other"), None);
}

#[test]
fn reserved_names_and_modules_are_kept_clear() {
    let mut paths = paths::Paths::new(paths::RESERVED_IN_ENUMS);
    // `result` would shadow Rust's `Result`; `Object` is the enum of all.
    assert_ne!(paths.assign("result").name, "Result");
    assert_ne!(paths.assign("object").name, "Object");
    // A namespace named like a module generated code names unqualified.
    assert_ne!(paths.assign("wire.thing").namespace, ["wire"]);
    assert_eq!(paths::type_param("type"), "r#type");
}

// Resolution.

#[test]
fn fields_resolve_to_their_types_and_flags_to_their_words() {
    let m = model(
        "user#1 flags:# id:long name:flags.0?string bot:flags.1?true photos:Vector<Photo> = User;\n\
         photo#2 id:long = Photo;",
    );
    let user = combinator(&m, "user");
    assert_eq!(user.flag_words.len(), 1);
    assert_eq!(user.flag_words[0].known, 0b11);
    assert!(matches!(value_ty(field(user, "id")), Ty::Long));
    assert!(matches!(
        field(user, "name").kind,
        FieldKind::Value {
            ty: Ty::Str,
            flag: Some(_)
        }
    ));
    assert!(matches!(
        field(user, "bot").kind,
        FieldKind::TrueFlag { word: 0, bit: 1 }
    ));
    match value_ty(field(user, "photos")) {
        Ty::Vector { bare: false, elem } => {
            assert!(matches!(&**elem, Ty::Enum { path, .. } if path.name == "Photo"));
        }
        other => panic!("photos: {other:?}"),
    }
    let photo_type = m.enums.iter().find(|e| e.tl_name == "Photo").unwrap();
    assert_eq!(photo_type.variants.len(), 1);
}

#[test]
fn an_unknown_type_fails_the_line_that_names_it() {
    let failures = failures("ok#1 x:int = Ok;\nbad#2 x:Nope = Bad;");
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].index, Some(1));
    let error = &failures[0].error;
    assert_eq!((error.line, error.combinator.as_str()), (2, "bad"));
    assert!(error.message.contains("Nope"), "{error:?}");
}

#[test]
fn the_runtimes_own_constructors_are_left_to_it() {
    let m = model(
        "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n\
         vector#1cb5c415 {t:Type} # [ t ] = Vector t;\nping#1 ok:Bool = Ping;",
    );
    assert!(
        m.structs.iter().all(|c| c.tl_name == "ping"),
        "{:?}",
        m.structs.iter().map(|c| &c.tl_name).collect::<Vec<_>>()
    );
    assert!(matches!(
        value_ty(field(combinator(&m, "ping"), "ok")),
        Ty::Bool
    ));
}

// Decisions over the whole model.

#[test]
fn only_fields_that_lead_back_to_their_own_struct_are_boxed() {
    let m = model(
        "node#1 next:Node = Node;\nleaf#2 = Node;\n\
         holder#3 node:Node other:Other = Holder;\nother#4 x:int = Other;",
    );
    let boxed = |c: &str, f: &str| match value_ty(field(combinator(&m, c), f)) {
        Ty::Enum { boxed, .. } | Ty::Struct { boxed, .. } => *boxed,
        other => panic!("{c}.{f}: {other:?}"),
    };
    assert!(boxed("node", "next"), "infinite size without a box");
    assert!(!boxed("holder", "node"), "holder is not on the cycle");
    assert!(!boxed("holder", "other"));
}

#[test]
fn recursion_marks_the_cycle_and_nothing_else() {
    let m = model(
        "text#1 parts:Vector<RichText> = RichText;\nplain#2 s:string = RichText;\n\
         page#3 title:RichText = Page;",
    );
    assert!(combinator(&m, "text").recursive);
    assert!(!combinator(&m, "plain").recursive);
    assert!(!combinator(&m, "page").recursive);
}

#[test]
fn a_double_anywhere_below_takes_eq_away() {
    let m = model("point#1 x:double = Point;\nplace#2 at:Point = Place;\nname#3 s:string = Name;");
    assert!(!combinator(&m, "point").eq);
    assert!(!combinator(&m, "place").eq, "holds a double through Point");
    assert!(combinator(&m, "name").eq);
}

#[test]
fn a_type_that_cannot_be_finite_is_refused() {
    // Every constructor of `Loop` holds a `Loop`: no value is finite.
    let failures = failures("loop#1 next:Loop = Loop;");
    assert!(!failures.is_empty());
}

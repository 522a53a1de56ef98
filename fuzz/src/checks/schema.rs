//! The `schema_parser` target: any text through the schema parser and the
//! generator.

use tlwire_codegen as codegen;
use tlwire_schema::{self as schema, Definition};

/// `schema_parser`: any text (the input, lossily as UTF-8) through the
/// schema parser.
///
/// - `parse_lossy`, `Definition::from_str` and the id check never panic;
/// - every definition parsed prints (`Display`) and the print parses back
///   (`FromStr`) to an equal definition — apart from `line`, and the
///   section, which one line does not carry — and prints the same again;
/// - every definition's id line and CRC32 id can be computed;
/// - the code generator, as `tlwire schema generate` runs it (lines it
///   cannot use skipped, with a warning), and as this crate's build runs it
///   (failing instead), never panics nor recurses without end, and skips or
///   refuses only with a message; every error it returns names the file and
///   a line of it.
pub fn schema_parser(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = text.parse::<Definition>();
    let (parsed, errors) = schema::parse_lossy(&text);
    for error in &errors {
        let _ = error.to_string();
    }
    for def in &parsed.definitions {
        let printed = def.to_string();
        let mut again: Definition = printed
            .parse()
            .unwrap_or_else(|e| panic!("{printed:?}, printed from {def:?}, does not parse: {e}"));
        again.line = def.line;
        again.category = def.category;
        assert_eq!(&again, def, "{printed:?} parses to another definition");
        assert_eq!(again.to_string(), printed, "printing is not stable");
        let _ = (def.id_line(), def.computed_id(), def.id_or_computed());
    }
    for core in &parsed.core_lines {
        let _ = core.to_string();
    }
    let _ = schema::verify(&parsed).is_ok();

    let source = codegen::Source {
        name: "fuzz.tl",
        text: &text,
        kind: codegen::SourceKind::Schema,
    };
    let lenient = codegen::Options::default()
        .skip_unusable(true)
        .keep_mismatched_ids(true)
        .samples(true);
    match codegen::generate_sources(&[source], &lenient) {
        Ok(generated) => assert!(
            generated
                .warnings
                .iter()
                .all(|w| placed(&w.error) && w.to_string().starts_with("fuzz.tl:")),
            "a warning that does not name its place: {:?}",
            generated.warnings
        ),
        Err(e) => assert!(
            !e.0.is_empty() && e.0.iter().all(placed),
            "an error without its place: {e:?}"
        ),
    }
    if let Err(e) = codegen::generate_sources(&[source], &codegen::Options::crate_build()) {
        assert!(
            !e.0.is_empty() && e.0.iter().all(placed),
            "an error without its place: {e:?}"
        );
    }
}

/// An error in the one file names that file and a line of it, and prints
/// them first.
fn placed(e: &codegen::SourceError) -> bool {
    let line = e.line.unwrap_or(0);
    e.file.as_deref() == Some("fuzz.tl")
        && line >= 1
        && e.to_string().starts_with(&format!("fuzz.tl:{line}:"))
}

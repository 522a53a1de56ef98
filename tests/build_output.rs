//! What build.rs writes is the committed golden file `tests/golden/tl.rs`,
//! which the generator's own tests regenerate from `tl/` and compare: so the
//! shipped types are reviewable, line for line, in the repository.

#[test]
fn build_script_output_is_the_golden_code() {
    if std::env::var_os("TLWIRE_BLESS").is_some() {
        return; // the golden file is being rewritten by the generator's tests
    }
    let built = include_str!(concat!(env!("OUT_DIR"), "/tl.rs"));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tl.rs");
    let golden = std::fs::read_to_string(path).unwrap();
    let first_difference = built
        .lines()
        .zip(golden.lines())
        .position(|(b, g)| b != g)
        .map_or(built.lines().count().min(golden.lines().count()), |i| i);
    assert!(
        built == golden,
        "build.rs output differs from tests/golden/tl.rs from line {}",
        first_difference + 1
    );
}

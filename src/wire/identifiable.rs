//! What names a TL combinator on the wire and in the schema: its
//! constructor id and its name. Errors name the constructor they happened
//! in through it, so it depends on nothing else in the wire core.

/// A TL combinator: a constructor or a function.
pub trait Identifiable {
    /// The 32-bit id that starts its boxed form.
    const CONSTRUCTOR_ID: u32;
    /// Its schema name, namespace included (`auth.acceptLoginToken`).
    const TL_NAME: &'static str;
}

//! The official layer the `layer` fuzz target decodes, as `build.rs`
//! generates it from the official schema files beside the checkout; without
//! them, the runtime's own few lines, and [`OFFICIAL_ABSENT`] says why.

include!(concat!(env!("OUT_DIR"), "/official.rs"));

/// Why the official layer is absent, if it is.
pub const OFFICIAL_ABSENT: Option<&str> = option_env!("TLWIRE_FUZZ_OFFICIAL_ABSENT");

//! The JSON shape of TL values (feature `serde`), shared by all generated
//! `Serialize`/`Deserialize` implementations and by the `tlwire` tool.
//!
//! An object is a map: `"_"` first with the constructor's schema name, then
//! every field under its schema name in schema order. `int`, `double` and
//! the flags words are numbers; `long` is a string of decimal digits, as
//! TDLib's JSON interface writes it, since JavaScript, jq and every reader
//! that holds numbers as doubles would round it (read back as such a
//! string or as an integer that fits); `string` is a JSON string, or
//! `{"invalid_utf8_hex": "…"}` when its bytes are not UTF-8; `bytes`,
//! `int128` and `int256` are lowercase hex; an absent optional field is
//! `null`. Deserializing needs `"_"` first (it
//! picks the constructor) and rejects unknown and missing fields.
//!
//! Deserializing counts nesting as the binary decode does, one level for
//! each value of a combinator that can contain itself, and refuses JSON
//! past the decode's default depth limit
//! ([`DEFAULT_MAX_DEPTH`](crate::DEFAULT_MAX_DEPTH), not configurable here)
//! with an error that says so: the JSON of every value a decode with the
//! default limit accepts reads back, and no JSON nests deeper. A generated
//! enum reads each constructor in a call of its own, so a level takes a few
//! frames, not a frame of all its constructors: reading the deepest JSON
//! nests of the official layer takes at most 408 KiB of stack in a debug
//! build and 80 KiB in release (about 6.4 KiB and 1.3 KiB a level). An
//! [`Owned`](crate::Owned) read from JSON is also encoded and decoded
//! again, on the same stack. serde_json also stops at 128 of its own
//! levels, arrays and objects alike, which the JSON of a deep value can
//! pass: `disable_recursion_limit` (its `unbounded_depth` feature) leaves
//! the bound to tlwire.
//!
//! Decoded values borrow their `bytes` and `string` fields, vectors and
//! boxed values, and JSON text (escapes, hex) cannot lend them:
//! deserializing puts them in an [`Arena`](crate::Arena) the value then
//! borrows from ([`Seed`]), or makes an [`Owned`](crate::Owned) value
//! directly (its `Deserialize`).
//!
//! ```
//! use serde::de::DeserializeSeed;
//! use tlwire::{decode, enums::Authorization, json, Arena, Owned};
//! let auth: Authorization<'_> = decode(tlwire::sample::AUTHORIZATION)?;
//! let text = serde_json::to_string(&auth)?;
//! assert!(text.starts_with(r#"{"_":"authorization","flags":34,"current":false,"#));
//! // Borrowing from an arena:
//! let arena = Arena::new();
//! let mut de = serde_json::Deserializer::from_str(&text);
//! let back: Authorization<'_> = json::Seed::new(&arena).deserialize(&mut de)?;
//! assert_eq!(back, auth);
//! // Or owned, its bytes the value's encoding:
//! let owned: Owned<Authorization<'static>> = serde_json::from_str(&text)?;
//! assert_eq!(owned.get(), &auth);
//! assert_eq!(owned.bytes(), tlwire::sample::AUTHORIZATION);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// The tagged objects and the helpers generated implementations call:
// reached through `for_generated_code`, not part of this module's API.
pub(crate) mod shape;

pub use shape::Seed;

/// The key under which a string that is not UTF-8 is written, as hex.
pub const INVALID_UTF8_KEY: &str = "invalid_utf8_hex";

//! The machinery of the JSON shape: how each kind of field is written
//! and read, the tagged objects generated types are, and the helpers their
//! generated implementations call. Generated code reaches it as
//! `tlwire::for_generated_code::json`; users need only [`Seed`] of the
//! parent module.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Error as _};
// Generated code names these through `json::` too.
pub use serde::de::{Deserialize, Deserializer, MapAccess};
pub use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::wire::{Arena, Borrowing, Encode, Owned, DEFAULT_MAX_DEPTH};
use crate::TlStr;

use super::INVALID_UTF8_KEY;

/// Serializes bytes as a lowercase hex string.
pub struct Hex<T>(pub T);

impl<T: AsRef<[u8]>> Serialize for Hex<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(self.0.as_ref()))
    }
}

/// Serializes a TL `long` as a decimal string: a JSON reader that holds
/// every number as an IEEE double (JavaScript, jq) would round it.
pub struct Long<'v>(pub &'v i64);

impl Serialize for Long<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

/// Serializes a TL `string`: text when UTF-8, `{"invalid_utf8_hex": …}` otherwise.
pub struct Text<T>(pub T);

impl<T: AsRef<[u8]>> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bytes = self.0.as_ref();
        match core::str::from_utf8(bytes) {
            Ok(text) => s.serialize_str(text),
            Err(_) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(INVALID_UTF8_KEY, &Hex(bytes))?;
                map.end()
            }
        }
    }
}

impl Serialize for TlStr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Text(self.as_bytes()).serialize(s)
    }
}

/// Serializes a slice element by element through `F`.
pub struct Seq<'s, T, F>(pub &'s [T], pub F);

impl<'s, T, R: Serialize, F: Fn(&'s T) -> R> Serialize for Seq<'s, T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(&self.1))
    }
}

fn parse_hex<E: de::Error>(text: &str) -> Result<Vec<u8>, E> {
    hex::decode(text).map_err(|e| E::custom(format_args!("invalid hex: {e}")))
}

/// How a field's value is read from JSON: hex for `bytes`/`int128`/`int256`,
/// a string or `{"invalid_utf8_hex": …}` for `string`, numbers, booleans,
/// arrays, `null` for an absent optional field, and tagged objects. What a
/// value borrows is put in `arena`.
pub trait Field<'a>: Sized {
    /// Reads one value.
    fn deserialize_field<'de, D: Deserializer<'de>>(
        d: D,
        arena: &'a Arena,
    ) -> Result<Self, D::Error>;
}

impl<'a> Field<'a> for &'a [u8] {
    fn deserialize_field<'de, D: Deserializer<'de>>(
        d: D,
        arena: &'a Arena,
    ) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let bytes = parse_hex::<D::Error>(&text)?;
        Ok(arena.alloc_bytes(&bytes))
    }
}

impl<const N: usize> Field<'_> for [u8; N] {
    fn deserialize_field<'de, D: Deserializer<'de>>(d: D, _: &Arena) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let bytes = parse_hex::<D::Error>(&text)?;
        <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| {
            D::Error::custom(format_args!(
                "expected {N} bytes of hex, found {}",
                bytes.len()
            ))
        })
    }
}

macro_rules! plain_fields {
    ($($ty:ty),*) => {$(
        impl Field<'_> for $ty {
            fn deserialize_field<'de, D: Deserializer<'de>>(
                d: D,
                _: &Arena,
            ) -> Result<Self, D::Error> {
                <$ty>::deserialize(d)
            }
        }
    )*};
}

plain_fields!(i32, u32, bool);

/// A `double`: any JSON number that a double holds exactly (an integer
/// literal past 2^53 that would be rounded is refused, as a `long` is).
impl Field<'_> for f64 {
    fn deserialize_field<'de, D: Deserializer<'de>>(d: D, _: &Arena) -> Result<Self, D::Error> {
        d.deserialize_any(DoubleVisitor)
    }
}

struct DoubleVisitor;

impl de::Visitor<'_> for DoubleVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number a double holds exactly")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        let d = v as f64;
        if d as i128 == i128::from(v) {
            Ok(d)
        } else {
            Err(E::custom(format_args!("{v} has no exact double")))
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        let d = v as f64;
        if d as u128 == u128::from(v) {
            Ok(d)
        } else {
            Err(E::custom(format_args!("{v} has no exact double")))
        }
    }
}

/// A `long`: a string of decimal digits, as written, or an integer that
/// fits exactly (never a fraction or an exponent, which a reader holding
/// doubles may have rounded).
impl Field<'_> for i64 {
    fn deserialize_field<'de, D: Deserializer<'de>>(d: D, _: &Arena) -> Result<Self, D::Error> {
        d.deserialize_any(LongVisitor)
    }
}

struct LongVisitor;

impl de::Visitor<'_> for LongVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a long: a string of decimal digits or an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format_args!("{v} is out of range for a long")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        let digits = v.strip_prefix('-').unwrap_or(v);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::invalid_value(de::Unexpected::Str(v), &self));
        }
        v.parse()
            .map_err(|_| E::custom(format_args!("{v} is out of range for a long")))
    }
}

impl<'a> Field<'a> for TlStr<'a> {
    fn deserialize_field<'de, D: Deserializer<'de>>(
        d: D,
        arena: &'a Arena,
    ) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor(arena))
    }
}

impl<'a, T: Field<'a> + 'a> Field<'a> for &'a [T] {
    fn deserialize_field<'de, D: Deserializer<'de>>(
        d: D,
        arena: &'a Arena,
    ) -> Result<Self, D::Error> {
        let items = d.deserialize_seq(SeqVisitor(Seed::new(arena)))?;
        Ok(arena.alloc_slice(items))
    }
}

impl<'a, T: Field<'a>> Field<'a> for Option<T> {
    fn deserialize_field<'de, D: Deserializer<'de>>(
        d: D,
        arena: &'a Arena,
    ) -> Result<Self, D::Error> {
        d.deserialize_option(OptionVisitor(Seed::new(arena)))
    }
}

impl<'a, T: FromTagged<'a> + 'a> FromTagged<'a> for &'a T {
    fn from_tagged<'de, A: MapAccess<'de>>(
        name: &str,
        map: A,
        arena: &'a Arena,
    ) -> Result<Self, A::Error> {
        T::from_tagged(name, map, arena).map(|value| arena.alloc(value))
    }
}

/// Generated types are tagged objects.
impl<'a, T: FromTagged<'a>> Field<'a> for T {
    fn deserialize_field<'de, D: Deserializer<'de>>(
        d: D,
        arena: &'a Arena,
    ) -> Result<Self, D::Error> {
        d.deserialize_map(TaggedVisitor(Seed::new(arena)))
    }
}

/// Deserializes a `T` whose `bytes` and `string` fields borrow from an
/// [`Arena`]: a serde `DeserializeSeed`.
pub struct Seed<'a, T> {
    arena: &'a Arena,
    value: PhantomData<fn() -> T>,
}

impl<'a, T> Seed<'a, T> {
    /// A seed putting what the value borrows in `arena`.
    pub fn new(arena: &'a Arena) -> Self {
        Self {
            arena,
            value: PhantomData,
        }
    }
}

impl<T> Clone for Seed<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Seed<'_, T> {}

impl<'de, 'a, T: Field<'a>> de::DeserializeSeed<'de> for Seed<'a, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize_field(d, self.arena)
    }
}

struct SeqVisitor<'a, T>(Seed<'a, T>);

impl<'de, 'a, T: Field<'a>> de::Visitor<'de> for SeqVisitor<'a, T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // The size hint comes from the input; cap what is reserved on its word.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(self.0)? {
            out.push(item);
        }
        Ok(out)
    }
}

struct OptionVisitor<'a, T>(Seed<'a, T>);

impl<'de, 'a, T: Field<'a>> de::Visitor<'de> for OptionVisitor<'a, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::deserialize_field(d, self.0.arena).map(Some)
    }
}

struct TextVisitor<'a>(&'a Arena);

impl<'de, 'a> de::Visitor<'de> for TextVisitor<'a> {
    type Value = TlStr<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string or {{\"{INVALID_UTF8_KEY}\": \"…\"}}")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<TlStr<'a>, E> {
        Ok(TlStr::from(self.0.alloc_str(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TlStr<'a>, A::Error> {
        let mut raw = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != INVALID_UTF8_KEY {
                return Err(A::Error::unknown_field(&key, &[INVALID_UTF8_KEY]));
            }
            if raw.is_some() {
                return Err(A::Error::duplicate_field(INVALID_UTF8_KEY));
            }
            raw = Some(parse_hex::<A::Error>(&map.next_value::<String>()?)?);
        }
        let raw = raw.ok_or_else(|| A::Error::missing_field(INVALID_UTF8_KEY))?;
        Ok(TlStr::new(self.0.alloc_bytes(&raw)))
    }
}

/// A value read from a JSON object once its `"_"` name is known.
pub trait FromTagged<'a>: Sized {
    /// Reads the rest of the object, whose `"_"` was `name`; what the value
    /// borrows goes in `arena`.
    fn from_tagged<'de, A: MapAccess<'de>>(
        name: &str,
        map: A,
        arena: &'a Arena,
    ) -> Result<Self, A::Error>;
}

struct TaggedVisitor<'a, T>(Seed<'a, T>);

impl<'de, 'a, T: FromTagged<'a>> de::Visitor<'de> for TaggedVisitor<'a, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a TL object with \"_\" as its first key")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == "_" => {}
            Some(key) => {
                return Err(A::Error::custom(format_args!(
                    "expected \"_\" as the first key, found \"{key}\""
                )))
            }
            None => return Err(A::Error::missing_field("_")),
        }
        let name = map.next_value::<String>()?;
        T::from_tagged(&name, map, self.0.arena)
    }
}

/// One level of nesting of the JSON being read, entered by each value that
/// can contain itself, as the binary decode counts one against its depth
/// limit ([`DEFAULT_MAX_DEPTH`]); the count lives in the arena every nested
/// read is handed. JSON nests as deep as its text does, a few bytes a
/// level, and each level takes a deserializer's frames on the stack, so the
/// JSON of every value a decode accepts reads back, and no JSON takes more
/// stack than such a value does.
pub struct Level<'a>(&'a core::cell::Cell<u32>);

/// Enters one level of nesting for a value that can contain itself; left
/// when the guard is dropped. JSON past the limit is an error.
pub fn enter<'de, A: MapAccess<'de>>(arena: &Arena) -> Result<Level<'_>, A::Error> {
    let depth = arena.json_depth();
    if depth.get() >= DEFAULT_MAX_DEPTH {
        return Err(A::Error::custom(format_args!(
            "values nest past the depth limit of {DEFAULT_MAX_DEPTH} levels"
        )));
    }
    depth.set(depth.get().saturating_add(1));
    Ok(Level(depth))
}

impl Drop for Level<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

/// An owned value from JSON: deserialized into a scratch [`Arena`], then
/// encoded once into the bytes the `Owned` keeps.
impl<'de, T: Borrowing> Deserialize<'de> for Owned<T>
where
    for<'a> T::Of<'a>: FromTagged<'a> + Encode,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let arena = Arena::new();
        let value: T::Of<'_> = de::DeserializeSeed::deserialize(Seed::new(&arena), d)?;
        Owned::copy_of(&value).map_err(D::Error::custom)
    }
}

/// Serializes the value the `Owned` lends out.
impl<T: Borrowing> Serialize for Owned<T>
where
    for<'a> T::Of<'a>: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

/// Reads the constructor `T` of a boxed type and makes it the type's
/// variant with `wrap`: a generated enum's read is one such call per
/// constructor. Never inlined, so that what reading `T` keeps on the stack
/// is in this call's frame alone, not in the enum's: a debug build gives
/// every arm of a match its own slots, and an optimised one would inline
/// the reads of thousands of constructors into one frame (`Object`'s).
#[inline(never)]
pub fn variant<'de, 'a, A: MapAccess<'de>, T: FromTagged<'a>, E>(
    name: &str,
    map: A,
    arena: &'a Arena,
    wrap: impl FnOnce(T) -> E,
) -> Result<E, A::Error> {
    T::from_tagged(name, map, arena).map(wrap)
}

/// Reads the next value into `slot`; a key given twice is an error.
pub fn next<'de, 'a, A: MapAccess<'de>, T: Field<'a>>(
    map: &mut A,
    slot: &mut Option<T>,
    field: &'static str,
    arena: &'a Arena,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(field));
    }
    *slot = Some(map.next_value_seed(Seed::new(arena))?);
    Ok(())
}
/// The value of a field of `constructor` that must be present.
pub fn required<'de, A: MapAccess<'de>, T>(
    slot: Option<T>,
    field: &'static str,
    constructor: &str,
) -> Result<T, A::Error> {
    slot.ok_or_else(|| A::Error::custom(format_args!("missing field `{field}` in {constructor}")))
}

/// Checks that a flags word read from JSON says what the fields say: the
/// word the value writes is made from its fields, so a word that disagrees
/// would be lost without a word.
pub fn flags_agree<'de, A: MapAccess<'de>>(
    given: u32,
    made: u32,
    word: &'static str,
    constructor: &str,
) -> Result<(), A::Error> {
    if given == made {
        return Ok(());
    }
    Err(A::Error::custom(format_args!(
        "`{word}` of {constructor} is {given:#x} but its fields make {made:#x}: bits {:#x} disagree",
        given ^ made
    )))
}

/// Checks that the object's `"_"` names the constructor being read.
pub fn expect_name<'de, A: MapAccess<'de>>(name: &str, expected: &str) -> Result<(), A::Error> {
    if name == expected {
        Ok(())
    } else {
        Err(A::Error::custom(format_args!(
            "expected constructor \"{expected}\", found \"{name}\""
        )))
    }
}

/// The error for a key the constructor does not have.
pub fn unknown_field<'de, A: MapAccess<'de>>(key: &str, constructor: &str) -> A::Error {
    A::Error::custom(format_args!("unknown field \"{key}\" in {constructor}"))
}

/// The error for a `"_"` that names no constructor of the expected type.
pub fn unknown_constructor<'de, A: MapAccess<'de>>(name: &str, ty: &str) -> A::Error {
    A::Error::custom(format_args!("\"{name}\" is not a constructor of {ty}"))
}

//! Any value of the test schema's two widest constructors round-trips:
//! `Options` (optional fields of every kind on two flags words, unknown
//! bits kept) and `Lists` (vectors of every kind, nested and bare).

use proptest::prelude::*;
use tlwire::{decode_in, Arena, DecodeOptions, Encode, Owned};

use super::test_schema::types;

/// Owned data for a random `Options` value (the generated type borrows).
#[derive(Debug, Clone)]
struct OptionsData {
    unknown: u32,
    unknown2: u32,
    self_: bool,
    late: bool,
    n: Option<i32>,
    l: Option<i64>,
    s: Option<String>,
    raw: Option<Vec<u8>>,
    ints: Option<Vec<i32>>,
    p: Option<(i32, i32)>,
    ok: Option<bool>,
    big: Option<[u8; 16]>,
    d: Option<f64>,
    geo: Option<(f64, f64)>,
    r: Option<String>,
}

fn options_data() -> impl Strategy<Value = OptionsData> {
    let finite = prop::num::f64::NORMAL | prop::num::f64::ZERO | prop::num::f64::SUBNORMAL;
    (
        (any::<u32>(), any::<u32>(), any::<bool>(), any::<bool>()),
        (
            any::<Option<i32>>(),
            any::<Option<i64>>(),
            prop::option::of(".*"),
            prop::option::of(prop::collection::vec(any::<u8>(), 0..300)),
            prop::option::of(prop::collection::vec(any::<i32>(), 0..8)),
        ),
        (
            any::<Option<(i32, i32)>>(),
            any::<Option<bool>>(),
            any::<Option<[u8; 16]>>(),
            prop::option::of(finite),
            prop::option::of((finite, finite)),
            prop::option::of(".*"),
        ),
    )
        .prop_map(
            |((unknown, unknown2, self_, late), (n, l, s, raw, ints), (p, ok, big, d, geo, r))| {
                OptionsData {
                    unknown,
                    unknown2,
                    self_,
                    late,
                    n,
                    l,
                    s,
                    raw,
                    ints,
                    p,
                    ok,
                    big,
                    d,
                    geo,
                    r,
                }
            },
        )
}

impl OptionsData {
    fn view(&self) -> types::Options<'_> {
        types::Options {
            // Only bits no field uses: known bits are recomputed on encode.
            unknown_flags: self.unknown & !0x7ff,
            self_: self.self_,
            n: self.n,
            l: self.l,
            s: self.s.as_deref().map(Into::into),
            raw: self.raw.as_deref(),
            ints: self.ints.as_deref(),
            p: self.p.map(|(x, y)| types::Point { x, y }.into()),
            ok: self.ok,
            big: self.big,
            d: self.d,
            lat: self.geo.map(|g| g.0),
            long: self.geo.map(|g| g.1),
            unknown_flags2: self.unknown2 & !0x8000_0001,
            late: self.late,
            r: self.r.as_deref().map(Into::into),
        }
    }
}

proptest! {
    #[test]
    fn any_options_value_round_trips(data in options_data()) {
        let value = data.view();
        let bytes = value.to_vec().unwrap();
        prop_assert_eq!(bytes.len(), value.encoded_len().unwrap());
        let arena = Arena::new();
        let back: types::Options<'_> = decode_in(&bytes, &arena, DecodeOptions::default()).unwrap();
        prop_assert_eq!(&back, &value);
        let owned = Owned::<types::Options<'static>>::decode(
            bytes::Bytes::from(bytes.clone()),
            DecodeOptions::strict(),
        )
        .unwrap();
        prop_assert_eq!(owned.to_vec().unwrap(), bytes);
    }

    #[test]
    fn any_lists_value_round_trips(
        ints in prop::collection::vec(any::<i32>(), 0..10),
        longs in prop::collection::vec(any::<i64>(), 0..10),
        strings in prop::collection::vec(".*", 0..5),
        blobs in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..600), 0..3),
        grid in prop::collection::vec(prop::collection::vec(any::<i32>(), 0..4), 0..4),
    ) {
        let strings: Vec<tlwire::TlStr<'_>> = strings.iter().map(|s| s.as_str().into()).collect();
        let blobs: Vec<&[u8]> = blobs.iter().map(Vec::as_slice).collect();
        let grid: Vec<&[i32]> = grid.iter().map(Vec::as_slice).collect();
        let value = types::Lists {
            ints: &ints,
            longs: &longs,
            strings: &strings,
            blobs: &blobs,
            points: &[],
            bare_points: &[types::Point { x: 1, y: 2 }],
            grid: &grid,
        };
        let bytes = value.to_vec().unwrap();
        let arena = Arena::new();
        let back: types::Lists<'_> = decode_in(&bytes, &arena, DecodeOptions::default()).unwrap();
        prop_assert_eq!(back, value);
    }
}

//! grammers-tl-types' copy of a layer, as `build.rs` generates it with
//! tlwire from that crate's own schema files, and [`peer`]:
//! grammers-tl-types' reading of the same bytes.

include!(concat!(env!("OUT_DIR"), "/grammers.rs"));

/// grammers-tl-types' decoder, by constructor id.
pub mod peer {
    pub use grammers_tl_types::deserialize::Error;
    use grammers_tl_types::{Cursor, Deserializable, Serializable};

    include!(concat!(env!("OUT_DIR"), "/grammers_peer.rs"));

    /// A boxed value: grammers reads its id itself.
    fn read<T: Deserializable + Serializable>(data: &[u8]) -> Result<(Vec<u8>, usize), Error> {
        let mut cursor = Cursor::from_slice(data);
        let value = T::deserialize(&mut cursor)?;
        Ok((value.to_bytes(), cursor.pos()))
    }

    /// A request: grammers reads the fields after the id, and writes the id back.
    fn read_function<T: Deserializable + Serializable>(
        data: &[u8],
    ) -> Result<(Vec<u8>, usize), Error> {
        let mut cursor = Cursor::from_slice(data.get(4..).unwrap_or_default());
        let value = T::deserialize(&mut cursor)?;
        Ok((value.to_bytes(), cursor.pos() + 4))
    }
}

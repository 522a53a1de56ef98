//! Constructor ids of the built-in types that the wire core handles itself.

/// `boolTrue#997275b5 = Bool;`
pub const BOOL_TRUE: u32 = 0x9972_75b5;
/// `boolFalse#bc799737 = Bool;`
pub const BOOL_FALSE: u32 = 0xbc79_9737;
/// `vector#1cb5c415 {t:Type} # [ t ] = Vector t;`
pub const VECTOR: u32 = 0x1cb5_c415;

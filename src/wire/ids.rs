//! Constructor ids of the built-in types that the wire core handles itself.

/// `boolTrue#997275b5 = Bool;`
pub const BOOL_TRUE: u32 = 0x9972_75b5;
/// `boolFalse#bc799737 = Bool;`
pub const BOOL_FALSE: u32 = 0xbc79_9737;
/// `vector#1cb5c415 {t:Type} # [ t ] = Vector t;`
pub const VECTOR: u32 = 0x1cb5_c415;
/// `msg_container#73f1f8dc messages:vector<message> = MessageContainer;`
pub const MSG_CONTAINER: u32 = 0x73f1_f8dc;
/// `msg_copy#e06046b2 orig_message:Message = MessageCopy;`
pub const MSG_COPY: u32 = 0xe060_46b2;

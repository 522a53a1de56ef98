//! `tlwire sample NAME`: the sample inputs the README's commands read,
//! written to standard output, so every line of it runs on a fresh clone.

use std::io::Write;

use tlwire::envelope::{encode_container, Outgoing, RawBody};
use tlwire::{enums, sample, types};

use crate::cli::SampleName;
use crate::commands::demo::{rpc_result, DEMO_MSG_ID};
use crate::failure::Outcome;
use crate::output::write_json_line;

/// A constructor of a later layer than the shipped one
/// (`updateChatParticipantRank#bd8367b9`): what a container from a newer
/// server may hold.
const LATER_LAYER: [u8; 32] = [
    0xb9, 0x67, 0x83, 0xbd, 0x33, 0, 0, 0, 0, 0, 0, 0, 0x34, 0, 0, 0, 0, 0, 0, 0, 0x05, b'a', b'd',
    b'm', b'i', b'n', 0, 0, 2, 0, 0, 0,
];

/// Writes the sample `name` as one line of hex, or of JSON.
pub(crate) fn sample(name: SampleName, out: &mut impl Write) -> Outcome {
    let authorization: types::Authorization<'_> = tlwire::decode(sample::AUTHORIZATION)?;
    let bytes = match name {
        SampleName::Authorization => sample::AUTHORIZATION.to_vec(),
        SampleName::AuthorizationJson => {
            let boxed: enums::Authorization<'_> = tlwire::decode(sample::AUTHORIZATION)?;
            return write_json_line(out, &boxed);
        }
        SampleName::Answer => answer(&authorization)?,
        SampleName::Container => {
            // What a server sends: the answer, an acknowledgement, a
            // message of a later layer, a pong.
            let answer = answer(&authorization)?;
            let answer = RawBody::new(&answer);
            let ack = types::MsgsAck {
                msg_ids: &[DEMO_MSG_ID],
            };
            let later = RawBody::new(&LATER_LAYER);
            let pong = types::Pong {
                msg_id: DEMO_MSG_ID,
                ping_id: 7,
            };
            // Server message ids are odd.
            let id = |n: i64| (DEMO_MSG_ID | 1) + 4 * n;
            let items = [
                Outgoing::new(id(0), 1, &answer),
                Outgoing::new(id(1), 2, &ack),
                Outgoing::new(id(2), 3, &later),
                Outgoing::new(id(3), 4, &pong),
            ];
            let mut bytes = Vec::new();
            encode_container(&items, &mut bytes)?;
            bytes
        }
    };
    writeln!(out, "{}", hex::encode(bytes))?;
    Ok(())
}

/// The `rpc_result` answering the demo's request with the sample.
fn answer(authorization: &types::Authorization<'_>) -> Result<Vec<u8>, crate::failure::Failure> {
    rpc_result(DEMO_MSG_ID, enums::Object::Authorization(authorization))
}

//! `msg_container#73f1f8dc messages:vector<message>`: messages read one at
//! a time, without allocating, each body a slice of the input.

use super::message::{Message, HEADER};
use super::{u32_at, EnvelopeError, EnvelopeErrorKind};
use crate::wire::ids::MSG_CONTAINER;

/// The messages of a container, read lazily. Each item is one message or
/// the error that stops the reading: after a header cut short or a length
/// that does not fit nothing more can be found, so the iterator ends there.
/// Bytes after the last message are an error too, reported last.
#[derive(Clone, Debug)]
pub struct Container<'a> {
    input: &'a [u8],
    /// Where the next message starts in `input`.
    at: usize,
    count: usize,
    next: usize,
    done: bool,
}

impl<'a> Container<'a> {
    /// Starts reading the boxed container in `buf` (its id, then its count).
    ///
    /// # Errors
    ///
    /// Another constructor, a header cut short, or a count the bytes could
    /// not hold.
    pub fn read(buf: &'a [u8]) -> Result<Self, EnvelopeError> {
        let error = |kind, offset| EnvelopeError::new(kind, offset, None);
        let (Some(id), Some(count)) = (u32_at(buf, 0), u32_at(buf, 4)) else {
            return Err(error(
                EnvelopeErrorKind::Truncated {
                    needed: 8,
                    left: buf.len(),
                },
                0,
            ));
        };
        if id != MSG_CONTAINER {
            let kind = EnvelopeErrorKind::UnexpectedConstructor {
                found: id,
                expected: "msg_container",
            };
            return Err(error(kind, 0));
        }
        let left = buf.len().saturating_sub(8);
        let fits = usize::try_from(count).is_ok_and(|n| n <= left / HEADER);
        if !fits {
            return Err(error(EnvelopeErrorKind::TooManyMessages { count, left }, 4));
        }
        Ok(Self {
            input: buf,
            at: 8,
            count: count as usize,
            next: 0,
            done: false,
        })
    }

    /// How many messages the container says it holds.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether it says it holds none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl<'a> Iterator for Container<'a> {
    type Item = Result<Message<'a>, EnvelopeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let rest = self.input.get(self.at..).unwrap_or_default();
        if self.next == self.count {
            self.done = true;
            return (!rest.is_empty()).then(|| {
                let kind = EnvelopeErrorKind::TrailingBytes { left: rest.len() };
                Err(EnvelopeError::new(kind, self.at, None))
            });
        }
        match Message::read_at(rest, self.at, Some(self.next)) {
            Ok((message, used)) => {
                self.at = self.at.saturating_add(used);
                self.next = self.next.saturating_add(1);
                Some(Ok(message))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            (0, Some(0))
        } else {
            (
                0,
                Some(self.count.saturating_sub(self.next).saturating_add(1)),
            )
        }
    }
}

//! Message bodies decoded into owned values: plain bodies share the
//! received buffer, `gzip_packed` bodies are inflated within the budget of
//! the body's length, and the values are `Send + Sync + 'static`.

use tlwire::bytes::Bytes;
use tlwire::envelope::{encode_container, Container, Message, Outgoing, RawBody};
use tlwire::{enums, sample, DecodeOptions, Owned};

type OwnedAuthorization = Owned<enums::Authorization<'static>>;

#[path = "support/answers.rs"]
mod answers;
use answers::gzip_packed as packed;

/// A received container of one message with `body`.
fn container_of(body: &[u8]) -> Bytes {
    let mut buf = Vec::new();
    let body = RawBody::new(body);
    encode_container(&[Outgoing::new(7 << 32 | 1, 3, &body)], &mut buf).unwrap();
    Bytes::from(buf)
}

/// The first message of `received`.
fn first(received: &[u8]) -> Message<'_> {
    Container::read(received).unwrap().next().unwrap().unwrap()
}

fn device_model(owned: &OwnedAuthorization) -> String {
    let enums::Authorization::Authorization(auth) = owned.get();
    auth.device_model.to_string()
}

#[test]
fn owned_values_cross_threads() {
    fn send_sync_static<T: Send + Sync + 'static>(_: &T) {}
    let received = container_of(sample::AUTHORIZATION);
    let message = first(&received);
    let kept: OwnedAuthorization = message
        .decode_owned(&received, DecodeOptions::strict())
        .unwrap();
    send_sync_static(&kept);
    drop(received);
    let model = std::thread::spawn(move || device_model(&kept))
        .join()
        .unwrap();
    assert_eq!(model, "Pixel 8 Pro");
}

#[test]
fn a_body_outside_the_given_buffer_is_copied_and_still_decodes() {
    let received = container_of(sample::AUTHORIZATION);
    let message = first(&received);
    let unrelated = Bytes::from_static(b"not the buffer of the message");
    let kept: OwnedAuthorization = message
        .decode_owned(&unrelated, DecodeOptions::strict())
        .unwrap();
    assert_ne!(kept.bytes().as_ptr(), message.body.as_ptr());
    assert_eq!(device_model(&kept), "Pixel 8 Pro");
}

#[cfg(feature = "gzip")]
#[test]
fn a_packed_body_is_inflated_on_request() {
    let body = packed(sample::AUTHORIZATION);
    let received = container_of(&body);
    let message = first(&received);
    assert_eq!(
        message.body_id(),
        Some(<tlwire::types::GzipPacked<'_> as tlwire::Identifiable>::CONSTRUCTOR_ID)
    );
    for options in [DecodeOptions::strict(), DecodeOptions::lenient()] {
        let kept: OwnedAuthorization = message.decode_owned(&received, options).unwrap();
        assert_eq!(device_model(&kept), "Pixel 8 Pro");
        assert_eq!(kept.bytes().as_ref(), sample::AUTHORIZATION);
    }
    // Two layers: lenient mode takes them, strict mode names the second.
    let twice = packed(&body);
    let received = container_of(&twice);
    let message = first(&received);
    let kept: OwnedAuthorization = message
        .decode_owned(&received, DecodeOptions::lenient())
        .unwrap();
    assert_eq!(device_model(&kept), "Pixel 8 Pro");
    let error = message
        .decode_owned::<enums::Authorization<'static>>(&received, DecodeOptions::strict())
        .unwrap_err();
    assert!(
        matches!(error.kind(), tlwire::DecodeErrorKind::NonCanonicalGzip(_)),
        "{error}"
    );
    assert!(error.to_string().contains("inflated"), "{error}");
}

#[cfg(feature = "gzip")]
#[test]
fn a_packed_body_spends_the_budget_of_its_length() {
    // 4 MiB of zeros packs into a few kilobytes: far over 32x their length.
    let bomb = packed(&vec![0u8; 4 << 20]);
    let received = container_of(&bomb);
    let message = first(&received);
    let error = message
        .decode_owned::<enums::Authorization<'static>>(&received, DecodeOptions::lenient())
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            tlwire::DecodeErrorKind::LimitExceeded {
                limit: tlwire::Limit::Allocation(_) | tlwire::Limit::InflatedSize(_)
            }
        ),
        "{error}"
    );
    // Garbage after the packed layer is refused, not ignored.
    let mut trailing = packed(sample::AUTHORIZATION);
    trailing.extend_from_slice(&[0; 4]);
    let received = container_of(&trailing);
    let message = first(&received);
    let error = message
        .decode_owned::<enums::Authorization<'static>>(&received, DecodeOptions::lenient())
        .unwrap_err();
    assert!(
        matches!(error.kind(), tlwire::DecodeErrorKind::TrailingBytes { .. }),
        "{error}"
    );
}

#[cfg(not(feature = "gzip"))]
#[test]
fn without_the_gzip_feature_a_packed_body_names_it() {
    let received = container_of(&packed(sample::AUTHORIZATION));
    let message = first(&received);
    let error = message
        .decode_owned::<enums::Authorization<'static>>(&received, DecodeOptions::lenient())
        .unwrap_err();
    assert!(error.to_string().contains("gzip"), "{error}");
}

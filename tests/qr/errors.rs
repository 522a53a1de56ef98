//! Every way a QR-login URL is refused: the error, its offset, and what it
//! says.

use tlwire::qr::{LoginToken, QrError};

use super::parse;

#[test]
fn wrong_scheme() {
    for url in [
        "",
        "t",
        "tg:/",
        "tg:login?token=AQID",
        "tg:/login?token=AQID",
        "tgx://login?token=AQID",
        "https://login?token=AQID",
        " tg://login?token=AQID",
        "é://login?token=AQID",
        "tg\u{ff1a}//login?token=AQID",
    ] {
        assert_eq!(parse(url), Err(QrError::Scheme), "{url:?}");
    }
}

#[test]
fn wrong_host() {
    for url in [
        "tg://",
        "tg://?token=AQID",
        "tg://logon?token=AQID",
        "tg://login/?token=AQID",
        "tg://login:443?token=AQID",
        "tg://user@login?token=AQID",
        "tg://loginx?token=AQID",
        "tg://resolve?domain=telegram",
        "tg://LOGİN?token=AQID",
        "tg://login token=AQID",
    ] {
        assert_eq!(parse(url), Err(QrError::Host), "{url:?}");
    }
}

#[test]
fn fragment() {
    assert_eq!(
        parse("tg://login?token=AQID#x"),
        Err(QrError::Fragment { offset: 21 })
    );
    assert_eq!(
        parse("tg://login#?token=AQID"),
        Err(QrError::Fragment { offset: 10 })
    );
    assert_eq!(parse("tg://login#"), Err(QrError::Fragment { offset: 10 }));
}

#[test]
fn missing_token() {
    for url in [
        "tg://login",
        "tg://LOGIN",
        "tg://login?",
        "tg://login?&",
        "tg://login?Token=AQID",
        "tg://login?TOKEN=AQID",
        "tg://login?tokens=AQID",
        "tg://login?tok%65n=AQID",
        "tg://login?x=token",
        "tg://login?+token=AQID",
    ] {
        assert_eq!(parse(url), Err(QrError::MissingToken), "{url:?}");
    }
}

#[test]
fn duplicate_token() {
    assert_eq!(
        parse("tg://login?token=AQID&token=AQID"),
        Err(QrError::DuplicateToken { offset: 22 })
    );
    // Reported before anything wrong with either value.
    assert_eq!(
        parse("tg://login?token=&x=1&token=!"),
        Err(QrError::DuplicateToken { offset: 22 })
    );
    assert_eq!(
        parse("tg://login?token&token"),
        Err(QrError::DuplicateToken { offset: 17 })
    );
}

#[test]
fn empty_token() {
    assert_eq!(
        parse("tg://login?token="),
        Err(QrError::EmptyToken { offset: 17 })
    );
    assert_eq!(
        parse("tg://login?token=&x=1"),
        Err(QrError::EmptyToken { offset: 17 })
    );
    assert_eq!(
        parse("tg://login?token"),
        Err(QrError::EmptyToken { offset: 16 })
    );
    assert_eq!(
        parse("tg://login?a=b&token&c=d"),
        Err(QrError::EmptyToken { offset: 20 })
    );
    // Formatting an empty token gives a URL that is rejected.
    assert_eq!(
        parse(&LoginToken::default().to_qr_url()),
        Err(QrError::EmptyToken { offset: 17 })
    );
}

#[test]
fn percent_escape() {
    for (url, offset) in [
        ("tg://login?token=%", 17),
        ("tg://login?token=AQ%", 19),
        ("tg://login?token=AQ%3", 19),
        ("tg://login?token=AQ%3E", 19),
        ("tg://login?token=AQ%2D", 19),
        ("tg://login?token=%41QID", 17),
        ("tg://login?token=AQ%%3D", 19),
        ("tg://login?token=AQI%3D%", 23),
        ("tg://login?token=AQ%3é", 19),
        ("tg://login?token=AQ%é", 19),
    ] {
        assert_eq!(
            parse(url),
            Err(QrError::PercentEscape { offset }),
            "{url:?}"
        );
    }
}

#[test]
fn invalid_character() {
    for (url, offset, byte) in [
        // The standard alphabet's symbols are not base64url.
        ("tg://login?token=AQ+D", 19, b'+'),
        ("tg://login?token=AQ/D", 19, b'/'),
        ("tg://login?token=+/8=", 17, b'+'),
        ("tg://login?token=+/8", 17, b'+'),
        ("tg://login?token=AQ D", 19, b' '),
        ("tg://login?token=AQID ", 21, b' '),
        ("tg://login?token=AQID\n", 21, b'\n'),
        ("tg://login?token=AQI.", 20, b'.'),
        ("tg://login?token=AQéD", 19, 0xc3),
        ("tg://login?token=AQ\u{0}D", 19, 0),
        ("tg://login?token=AAAAAAAA*AAA", 25, b'*'),
    ] {
        assert_eq!(
            parse(url),
            Err(QrError::InvalidCharacter { offset, byte }),
            "{url:?}"
        );
    }
}

#[test]
fn invalid_padding() {
    for (url, offset) in [
        // Partial padding.
        ("tg://login?token=AQ=", 19),
        ("tg://login?token=AQ%3D", 19),
        ("tg://login?token=AQIDBA=", 23),
        // Padding in the middle.
        ("tg://login?token=AQ=D", 19),
        ("tg://login?token=AQ==AQ==", 19),
        ("tg://login?token=AQ%3D%3DAQ", 19),
        ("tg://login?token=AQ%3DD", 19),
        // Padding where none is needed, or too much of it.
        ("tg://login?token=AQID=", 21),
        ("tg://login?token=AQID%3D", 21),
        ("tg://login?token=AQI==", 20),
        ("tg://login?token=AQ===", 19),
        ("tg://login?token=AQ%3D%3D%3D", 19),
        ("tg://login?token=AQIDB=", 22),
        ("tg://login?token=AQIDB%3D%3D", 22),
        // A misplaced `=` is reported before a later invalid character.
        ("tg://login?token=AQ%3D!", 19),
        ("tg://login?token==", 17),
        ("tg://login?token=%3D%3D", 17),
        ("tg://login?token=A===", 18),
    ] {
        assert_eq!(
            parse(url),
            Err(QrError::InvalidPadding { offset }),
            "{url:?}"
        );
    }
}

#[test]
fn invalid_length() {
    for (url, symbols) in [
        ("tg://login?token=A", 1),
        ("tg://login?token=AQIDB", 5),
        ("tg://login?token=AQIDBAUGC", 9),
    ] {
        assert_eq!(
            parse(url),
            Err(QrError::InvalidLength {
                offset: 17,
                symbols
            }),
            "{url:?}"
        );
    }
    assert_eq!(
        parse("tg://login?x=1&token=AQIDB&y=2"),
        Err(QrError::InvalidLength {
            offset: 21,
            symbols: 5
        })
    );
}

#[test]
fn trailing_bits() {
    for (url, offset) in [
        ("tg://login?token=AR", 18),
        ("tg://login?token=AR==", 18),
        ("tg://login?token=AR%3D%3D", 18),
        ("tg://login?token=AQJ", 19),
        ("tg://login?token=AQJ=", 19),
        ("tg://login?token=AQIDBB", 22),
        ("tg://login?token=-_9", 19),
    ] {
        assert_eq!(parse(url), Err(QrError::TrailingBits { offset }), "{url:?}");
    }
}

#[test]
fn errors_display_what_was_wrong() {
    let messages = [
        (QrError::Scheme, "not a tg:// URL"),
        (QrError::Host, "`login`"),
        (QrError::Fragment { offset: 3 }, "byte 3"),
        (QrError::MissingToken, "no `token`"),
        (QrError::DuplicateToken { offset: 4 }, "byte 4"),
        (QrError::EmptyToken { offset: 5 }, "empty"),
        (
            QrError::PercentEscape { offset: 6 },
            "percent escape at byte 6",
        ),
        (
            QrError::InvalidCharacter {
                offset: 7,
                byte: b'+',
            },
            "0x2b at byte 7",
        ),
        (QrError::InvalidPadding { offset: 8 }, "padding at byte 8"),
        (
            QrError::InvalidLength {
                offset: 9,
                symbols: 5,
            },
            "5 symbols",
        ),
        (QrError::TrailingBits { offset: 10 }, "byte 10"),
    ];
    for (error, needle) in messages {
        let message = error.to_string();
        assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    }
    // The error is a std error, Copy and comparable.
    let error: Box<dyn std::error::Error> = Box::new(QrError::MissingToken);
    assert!(!error.to_string().is_empty());
    let copy = QrError::Host;
    let again = copy;
    assert_eq!(copy, again);
}

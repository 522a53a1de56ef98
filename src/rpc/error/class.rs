//! The class of an RPC error code: the table of the codes Telegram
//! documents, and what any other code counts as.

use core::fmt;

/// The class of an RPC error code (`rpc_error.error_code`).
///
/// ```
/// use tlwire::rpc::ErrorClass;
///
/// assert_eq!(ErrorClass::from_code(420), ErrorClass::Flood);
/// assert_eq!(ErrorClass::Flood.code(), 420);
/// assert_eq!(ErrorClass::Flood.to_string(), "420 FLOOD");
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// 303 `SEE_OTHER`: repeat the request elsewhere (`PHONE_MIGRATE_X`,
    /// where X is the DC).
    SeeOther,
    /// 400 `BAD_REQUEST`: the request was wrong.
    BadRequest,
    /// 401 `UNAUTHORIZED`: the key is not (or no longer) authorized.
    Unauthorized,
    /// 403 `FORBIDDEN`: the account may not do this.
    Forbidden,
    /// 404 `NOT_FOUND`: an object or method was not found.
    NotFound,
    /// 406 `NOT_ACCEPTABLE`: refused; usually already shown to the user.
    NotAcceptable,
    /// 420 `FLOOD`: too many requests (`FLOOD_WAIT_X`, X in seconds).
    Flood,
    /// 500 `INTERNAL`, and every code not listed above.
    Internal,
}

impl ErrorClass {
    /// The class of `code`. Negative codes count by their absolute value
    /// (`-500` and `-503` are seen in the wild); every code that is not
    /// 303, 400, 401, 403, 404, 406 or 420 is [`Internal`](Self::Internal).
    ///
    /// ```
    /// use tlwire::rpc::ErrorClass;
    ///
    /// assert_eq!(ErrorClass::from_code(303), ErrorClass::SeeOther);
    /// assert_eq!(ErrorClass::from_code(-420), ErrorClass::Flood);
    /// assert_eq!(ErrorClass::from_code(-503), ErrorClass::Internal);
    /// assert_eq!(ErrorClass::from_code(999), ErrorClass::Internal);
    /// assert_eq!(ErrorClass::from_code(i32::MIN), ErrorClass::Internal);
    /// ```
    pub const fn from_code(code: i32) -> Self {
        match code.unsigned_abs() {
            303 => Self::SeeOther,
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            406 => Self::NotAcceptable,
            420 => Self::Flood,
            _ => Self::Internal,
        }
    }

    /// The canonical code of the class (500 for [`Internal`](Self::Internal),
    /// whatever code it came from).
    ///
    /// ```
    /// use tlwire::rpc::ErrorClass;
    ///
    /// assert_eq!(ErrorClass::from_code(-503).code(), 500);
    /// assert_eq!(ErrorClass::NotAcceptable.code(), 406);
    /// ```
    pub const fn code(&self) -> u16 {
        match self {
            Self::SeeOther => 303,
            Self::BadRequest => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::NotAcceptable => 406,
            Self::Flood => 420,
            Self::Internal => 500,
        }
    }

    /// The class's name as the API documentation writes it (`SEE_OTHER`,
    /// `BAD_REQUEST`, …, `FLOOD`, `INTERNAL`).
    ///
    /// ```
    /// use tlwire::rpc::ErrorClass;
    ///
    /// assert_eq!(ErrorClass::SeeOther.name(), "SEE_OTHER");
    /// ```
    pub const fn name(&self) -> &'static str {
        match self {
            Self::SeeOther => "SEE_OTHER",
            Self::BadRequest => "BAD_REQUEST",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::NotAcceptable => "NOT_ACCEPTABLE",
            Self::Flood => "FLOOD",
            Self::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for ErrorClass {
    /// The canonical code and the name: `420 FLOOD`, `303 SEE_OTHER`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::RpcError;
    use alloc::string::ToString;

    #[test]
    fn classes() {
        let table: &[(i32, ErrorClass, u16, &str)] = &[
            (303, ErrorClass::SeeOther, 303, "303 SEE_OTHER"),
            (400, ErrorClass::BadRequest, 400, "400 BAD_REQUEST"),
            (401, ErrorClass::Unauthorized, 401, "401 UNAUTHORIZED"),
            (403, ErrorClass::Forbidden, 403, "403 FORBIDDEN"),
            (404, ErrorClass::NotFound, 404, "404 NOT_FOUND"),
            (406, ErrorClass::NotAcceptable, 406, "406 NOT_ACCEPTABLE"),
            (420, ErrorClass::Flood, 420, "420 FLOOD"),
            (500, ErrorClass::Internal, 500, "500 INTERNAL"),
        ];
        for &(code, class, canonical, shown) in table {
            assert_eq!(ErrorClass::from_code(code), class, "{code}");
            assert_eq!(ErrorClass::from_code(-code), class, "-{code}");
            assert_eq!(class.code(), canonical);
            assert_eq!(class.to_string(), shown);
            assert_eq!(RpcError::new(code, "X").class(), class);
            // The canonical code is a fixed point.
            assert_eq!(ErrorClass::from_code(i32::from(class.code())), class);
        }
        for code in [
            -503,
            -500,
            -1,
            0,
            1,
            200,
            302,
            304,
            402,
            405,
            407,
            421,
            501,
            503,
            999,
            i32::MAX,
            i32::MIN,
            i32::MIN + 1,
        ] {
            assert_eq!(ErrorClass::from_code(code), ErrorClass::Internal, "{code}");
            assert_eq!(ErrorClass::from_code(code).code(), 500);
        }
    }
}

//! [`Rejection`]: what a vendor said when it refused a credential.

use std::fmt;

/// The most response body text kept in a [`Rejection`].
const MAX_BODY_CHARS: usize = 2048;

/// A vendor's refusal of a credential: the HTTP status and the vendor's own error body.
///
/// Egnyte's token endpoint answers with `{"error", "error_description"}`; Lacework Edge with
/// `{"message"}`. Both are kept, along with the raw body (truncated to 2 KiB) when it has
/// neither shape.
///
/// ```
/// use secops_sdk::auth::Rejection;
///
/// let rejection = Rejection::from_body(
///     400,
///     r#"{"error":"invalid_grant","error_description":"Refresh token expired"}"#,
/// );
/// assert_eq!(rejection.error.as_deref(), Some("invalid_grant"));
/// assert_eq!(rejection.to_string(), "HTTP 400, invalid_grant: Refresh token expired");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rejection {
    /// The HTTP status code.
    pub status: u16,
    /// The OAuth `error` code (Egnyte), if any.
    pub error: Option<String>,
    /// The human-readable message: `error_description` (Egnyte) or `message` (Lacework).
    pub message: Option<String>,
    /// The response body as received (at most 2 KiB).
    pub body: String,
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    error: Option<String>,
    error_description: Option<String>,
    message: Option<String>,
}

impl Rejection {
    /// Reads a rejection from a status and response body of any shape.
    ///
    /// ```
    /// use secops_sdk::auth::Rejection;
    ///
    /// let rejection = Rejection::from_body(401, r#"{"message":"invalid API token"}"#);
    /// assert_eq!(rejection.message.as_deref(), Some("invalid API token"));
    /// let rejection = Rejection::from_body(502, "<html>Bad gateway</html>");
    /// assert_eq!(rejection.body, "<html>Bad gateway</html>");
    /// ```
    pub fn from_body(status: u16, body: &str) -> Self {
        let parsed = serde_json::from_str::<ErrorBody>(body).ok();
        let (error, message) = match parsed {
            Some(parsed) => (parsed.error, parsed.error_description.or(parsed.message)),
            None => (None, None),
        };
        Self {
            status,
            error,
            message,
            body: body.chars().take(MAX_BODY_CHARS).collect(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match (&self.error, &self.message) {
            (Some(error), Some(message)) => write!(f, ", {error}: {message}"),
            (Some(text), None) | (None, Some(text)) => write!(f, ", {text}"),
            (None, None) if self.body.trim().is_empty() => Ok(()),
            (None, None) => write!(f, ", body: {}", self.body.trim()),
        }
    }
}

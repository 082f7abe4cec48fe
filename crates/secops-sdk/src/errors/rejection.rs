//! [`Rejection`]: what a vendor said when it refused a credential, masked and bounded.

use std::fmt;

/// The most bytes of vendor text kept in each field of a [`Rejection`].
pub(crate) const MAX_TEXT_BYTES: usize = 512;

/// What replaces a secret in a [`Rejection`].
pub(crate) const REDACTED: &str = "[REDACTED]";

/// A vendor's refusal of a credential: the HTTP status and the vendor's own error body.
///
/// Egnyte's token endpoint answers with `{"error", "error_description"}`; Lacework Edge with
/// `{"message"}`. Both are kept, along with the raw body when it has neither shape.
///
/// Every text field is cut to 512 bytes (on a character boundary). A rejection the SDK builds
/// from a token endpoint's answer also has every value the SDK sent in that request (client
/// secret, authorization code, refresh token, PKCE verifier, API token) replaced by
/// `[REDACTED]`, in `body`, `error` and `message` alike: a server that echoes the request back
/// cannot put a secret into an error message or a log line.
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
    /// The OAuth `error` code (Egnyte), if any (at most 512 bytes).
    pub error: Option<String>,
    /// The human-readable message: `error_description` (Egnyte) or `message` (Lacework), at
    /// most 512 bytes.
    pub message: Option<String>,
    /// The response body as received, at most its first 512 bytes.
    pub body: String,
    /// The vendor's id of the request (Egnyte: the `x-egnyte-request-id` response header), at
    /// most 128 bytes of visible ASCII; quote it to the vendor's support.
    pub request_id: Option<String>,
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    error: Option<serde_json::Value>,
    error_description: Option<serde_json::Value>,
    message: Option<serde_json::Value>,
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
    /// let rejection = Rejection::from_body(502, &"é".repeat(1000));
    /// assert_eq!(rejection.body.len(), 512);
    /// ```
    pub fn from_body(status: u16, body: &str) -> Self {
        Self::masked(status, body, &[])
    }

    /// [`from_body`](Self::from_body) with every occurrence of each of `secrets` in the body,
    /// the error and the message replaced by `[REDACTED]` before anything is cut.
    pub(crate) fn masked(status: u16, body: &str, secrets: &[&str]) -> Self {
        let redactor = Redactor::new(secrets);
        let parsed = serde_json::from_str::<ErrorBody>(body).ok();
        let (error, message) = match parsed {
            Some(parsed) => (parsed.error, parsed.error_description.or(parsed.message)),
            None => (None, None),
        };
        let field = |value: Option<serde_json::Value>| {
            let text = match value? {
                serde_json::Value::Null => return None,
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            Some(bounded(redactor.redact(&text)))
        };
        Self {
            status,
            error: field(error),
            message: field(message),
            // Credential fields the endpoint sends back (`"sessionToken": ...`) are masked too,
            // not only what the SDK sent.
            body: bounded(
                redactor.redact(&secops_runtime::redact::mask_credential_fields(body, &[])),
            ),
            request_id: None,
        }
    }
}

/// `text` cut to [`MAX_TEXT_BYTES`] on a character boundary.
pub(crate) fn bounded(mut text: String) -> String {
    if text.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Replaces secrets in text, in every form a server might echo them: as sent, form-encoded
/// (`+` for space, upper- or lower-case hex), percent-encoded (`%20`), and JSON-escaped (with
/// or without `\/`, and as Go escapes `<`, `>`, `&`).
pub(crate) struct Redactor {
    /// Every form of every secret, longest first (so a secret that contains another is
    /// replaced whole).
    forms: Vec<String>,
}

impl Redactor {
    /// A redactor for `secrets` (empty ones are ignored).
    pub(crate) fn new(secrets: &[&str]) -> Self {
        let mut forms = Vec::new();
        for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
            let form_encoded: String =
                url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
            let json = serde_json::to_string(secret).unwrap_or_default();
            let json = json
                .strip_prefix('"')
                .and_then(|json| json.strip_suffix('"'))
                .unwrap_or_default()
                .to_owned();
            // Go's encoding/json also escapes <, > and &.
            let go_json = json
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            forms.extend([
                (*secret).to_owned(),
                form_encoded.replace('+', "%20"),
                lower_hex(&form_encoded),
                json.replace('/', "\\/"),
                go_json,
                form_encoded,
                json,
            ]);
        }
        forms.retain(|form| !form.is_empty());
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Self { forms }
    }

    /// `text` with every form of every secret replaced by `[REDACTED]`.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for form in &self.forms {
            if text.contains(form.as_str()) {
                text = text.replace(form.as_str(), REDACTED);
            }
        }
        text
    }
}

/// `encoded` with the hex digits of its `%XX` escapes in lower case.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut escape = 0;
    for c in encoded.chars() {
        if c == '%' {
            escape = 2;
            out.push(c);
        } else if escape > 0 {
            escape -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match (&self.error, &self.message) {
            (Some(error), Some(message)) => write!(f, ", {error}: {message}")?,
            (Some(text), None) | (None, Some(text)) => write!(f, ", {text}")?,
            (None, None) if self.body.trim().is_empty() => {}
            (None, None) => write!(f, ", body: {}", self.body.trim())?,
        }
        match &self.request_id {
            Some(request_id) => write!(f, " (request id {request_id})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t/+ =&\"x";

    #[test]
    fn every_echoed_form_of_a_secret_is_masked() {
        let form: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client_secret", SECRET)
            .finish();
        let json = serde_json::json!({ "error": "invalid_client", "error_description": format!("bad secret {SECRET}"), "form": form }).to_string();
        for body in [
            json.clone(),
            form.clone(),
            form.to_lowercase(),
            json.replace('/', "\\/"),
            json.replace('&', "\\u0026"),
            format!("secret={}", form.replace('+', "%20")),
        ] {
            let rejection = Rejection::masked(400, &body, &[SECRET, ""]);
            let shown = format!("{rejection} {rejection:?}");
            assert!(!shown.contains("s3cr3t"), "{shown}");
            assert!(shown.contains(REDACTED), "{shown}");
        }
        let rejection = Rejection::masked(400, &json, &[SECRET]);
        assert_eq!(rejection.error.as_deref(), Some("invalid_client"));
        assert_eq!(rejection.message.as_deref(), Some("bad secret [REDACTED]"));
    }

    #[test]
    fn secrets_are_masked_before_the_text_is_cut() {
        let body = format!("{}{SECRET}{}", "a".repeat(505), "b".repeat(100));
        let rejection = Rejection::masked(500, &body, &[SECRET]);
        assert!(rejection.body.len() <= MAX_TEXT_BYTES);
        assert!(!rejection.body.contains("s3c"), "{}", rejection.body);
        assert!(rejection.body.ends_with("[REDACT"), "{}", rejection.body);
    }

    #[test]
    fn every_field_is_bounded_on_a_char_boundary() {
        let long = "€".repeat(400);
        let body = serde_json::json!({ "error": long, "message": long }).to_string();
        let rejection = Rejection::from_body(400, &body);
        for text in [
            rejection.error.unwrap(),
            rejection.message.unwrap(),
            rejection.body,
        ] {
            assert!(text.len() <= MAX_TEXT_BYTES && text.len() > MAX_TEXT_BYTES - 4);
        }
    }
}

//! The vendor's request id: read from the response header the spec names, and made safe to show.
//!
//! A request id is not a secret, but it comes from the network: only a value of visible ASCII
//! characters is kept (a value with a control character, or any byte outside ASCII, is
//! dropped), and it is cut to [`MAX_REQUEST_ID_BYTES`].

use reqwest::header::HeaderMap;

/// The most bytes of a request id kept (a longer value is cut).
pub const MAX_REQUEST_ID_BYTES: usize = 128;

/// The request id in `headers` under `name` (the spec's request-id header), made safe to show:
/// `None` when the header is absent, empty, or holds a control character or a byte outside
/// visible ASCII; otherwise its first value, trimmed and cut to [`MAX_REQUEST_ID_BYTES`].
///
/// ```
/// use reqwest::header::{HeaderMap, HeaderValue};
/// use secops_runtime::request_id::from_headers;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-egnyte-request-id", HeaderValue::from_static("abc123"));
/// assert_eq!(from_headers(&headers, "x-egnyte-request-id").as_deref(), Some("abc123"));
/// assert_eq!(from_headers(&headers, "x-request-id"), None);
///
/// headers.insert("x-egnyte-request-id", HeaderValue::from_str("a\tb").unwrap());
/// assert_eq!(from_headers(&headers, "x-egnyte-request-id"), None);
/// ```
pub fn from_headers(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?;
    let text = std::str::from_utf8(value.as_bytes()).ok()?.trim();
    if text.is_empty()
        || !text
            .bytes()
            .all(|byte| byte.is_ascii_graphic() || byte == b' ')
    {
        return None;
    }
    let mut text = text.to_owned();
    // Visible ASCII only, so every byte is a character boundary.
    text.truncate(MAX_REQUEST_ID_BYTES);
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn read(value: &[u8]) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert("x-id", HeaderValue::from_bytes(value).unwrap());
        from_headers(&headers, "x-id")
    }

    #[test]
    fn a_plain_id_is_kept_trimmed() {
        assert_eq!(read(b" 7f3e-11aa ").as_deref(), Some("7f3e-11aa"));
    }

    #[test]
    fn hostile_values_are_dropped_or_cut() {
        assert_eq!(read(b""), None);
        assert_eq!(read(b"   "), None);
        // Other control characters never get this far: `http` refuses them in a header value.
        assert!(HeaderValue::from_bytes(b"abc\x1b[31mred").is_err());
        assert!(HeaderValue::from_bytes(b"abc\x7fdef").is_err());
        assert_eq!(read(b"abc\tdef"), None);
        assert_eq!(read("caf\u{e9}".as_bytes()), None);
        assert_eq!(read(b"\xff\xfe"), None);
        let long = read("x".repeat(10_000).as_bytes()).unwrap();
        assert_eq!(long.len(), MAX_REQUEST_ID_BYTES);
    }
}

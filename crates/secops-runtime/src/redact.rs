//! Short, masked excerpts of response bodies for error messages.

use crate::Hooks;

/// The most bytes of a body an error keeps.
pub const SNIPPET_BYTES: usize = 512;

/// How much of a body is read to build a snippet: enough that a credential value that starts
/// inside the snippet is masked whole before the snippet is cut.
const SCAN_BYTES: usize = 16 * 1024;

/// Key names that hold credentials in any API, beside those the spec marks `x-sensitive`.
const CREDENTIAL_WORDS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "authorization",
    "credential",
    "apikey",
    "api_key",
    "private_key",
    "client_secret",
    "code_verifier",
];

/// The start of `body` for an error message: at most [`SNIPPET_BYTES`] bytes on a character
/// boundary, with the string values of credential fields (`sensitive_fields`, or a key whose
/// name says token, secret, password, ...) and every secret the installed transport holds
/// replaced by `[REDACTED]`.
///
/// ```
/// use secops_runtime::{Hooks, redact::snippet};
///
/// let body = br#"{"name":"ci","token":"tok-123","detail":"x"}"#;
/// assert_eq!(
///     snippet(body, &[], &Hooks::default()),
///     r#"{"name":"ci","token":"[REDACTED]","detail":"x"}"#
/// );
/// ```
pub fn snippet(body: &[u8], sensitive_fields: &[&str], hooks: &Hooks) -> String {
    let scanned = &body[..body.len().min(SCAN_BYTES)];
    let mut text = mask_fields(&String::from_utf8_lossy(scanned), sensitive_fields);
    if let Some(transport) = hooks.transport() {
        transport.redact(&mut text);
    }
    cut(text, SNIPPET_BYTES)
}

/// `text` cut to at most `limit` bytes on a character boundary.
pub fn cut(mut text: String, limit: usize) -> String {
    if text.len() > limit {
        let mut end = limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Whether a JSON key names a credential.
fn is_credential_key(key: &str, sensitive_fields: &[&str]) -> bool {
    let lower = key.to_ascii_lowercase();
    sensitive_fields
        .iter()
        .any(|field| field.eq_ignore_ascii_case(key))
        || CREDENTIAL_WORDS.iter().any(|word| lower.contains(word))
}

/// `text` with the string value after every credential key replaced by `[REDACTED]`. Works on
/// JSON and on JSON cut short; other text passes unchanged.
fn mask_fields(text: &str, sensitive_fields: &[&str]) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        // A string literal: find its end.
        let start = i + 1;
        let end = string_end(bytes, start);
        let key = &text[start..end];
        let mut after = end + 1;
        while after < bytes.len() && bytes[after].is_ascii_whitespace() {
            after += 1;
        }
        if after < bytes.len() && bytes[after] == b':' && is_credential_key(key, sensitive_fields) {
            let mut value = after + 1;
            while value < bytes.len() && bytes[value].is_ascii_whitespace() {
                value += 1;
            }
            if value < bytes.len() && bytes[value] == b'"' {
                let value_end = string_end(bytes, value + 1);
                out.push_str(&text[copied..=value]);
                out.push_str("[REDACTED]");
                copied = value_end.min(bytes.len());
                i = value_end + 1;
                continue;
            }
        }
        i = end + 1;
    }
    out.push_str(&text[copied.min(text.len())..]);
    out
}

/// The index of the closing quote of a JSON string starting at `start` (after its opening
/// quote), or the end of the text when it is cut short.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_values_are_masked_even_when_cut_short() {
        let body = br#"{"Api_Token": "abc\"def", "refreshToken":"r-1", "ok": "token-ish"}"#;
        let masked = snippet(body, &[], &Hooks::default());
        assert!(!masked.contains("abc"), "{masked}");
        assert!(!masked.contains("r-1"), "{masked}");
        assert!(masked.contains(r#""ok": "token-ish""#), "{masked}");
        let cut_short = br#"{"encrypted_secret":"s3cr3t-and-more"#;
        let masked = snippet(cut_short, &[], &Hooks::default());
        assert_eq!(masked, r#"{"encrypted_secret":"[REDACTED]"#);
    }

    #[test]
    fn spec_fields_are_masked_and_the_snippet_is_bounded() {
        let body = format!(
            r#"{{"authHeader":"Basic xyz","pad":"{}"}}"#,
            "é".repeat(600)
        );
        let masked = snippet(body.as_bytes(), &["authHeader"], &Hooks::default());
        assert!(!masked.contains("xyz"));
        assert!(masked.len() <= SNIPPET_BYTES);
        assert!(masked.starts_with(r#"{"authHeader":"[REDACTED]""#));
    }

    #[test]
    fn html_passes_unchanged() {
        let body = b"<html><body>Bad gateway</body></html>";
        assert_eq!(
            snippet(body, &[], &Hooks::default()),
            String::from_utf8_lossy(body)
        );
    }
}

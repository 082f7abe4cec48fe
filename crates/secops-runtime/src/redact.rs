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

/// `text` with the string value of every credential field (`sensitive_fields`, or a key whose
/// name says token, secret, password, ...) replaced by `[REDACTED]`; text that is not JSON
/// passes unchanged.
///
/// ```
/// use secops_runtime::redact::mask_credential_fields;
///
/// let masked = mask_credential_fields(r#"{"message":"no","sessionToken":"s-1"}"#, &[]);
/// assert_eq!(masked, r#"{"message":"no","sessionToken":"[REDACTED]"}"#);
/// ```
pub fn mask_credential_fields(text: &str, sensitive_fields: &[&str]) -> String {
    mask_fields(text, sensitive_fields)
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

/// Whether a JSON key names a credential: it is one of `sensitive_fields` (any case), or its
/// name contains token, secret, password, authorization, credential, api key, ... (any case).
///
/// ```
/// use secops_runtime::redact::is_credential_key;
///
/// assert!(is_credential_key("apiToken", &[]));
/// assert!(is_credential_key("authHeader", &["authHeader"]));
/// assert!(!is_credential_key("name", &["authHeader"]));
/// ```
pub fn is_credential_key(key: &str, sensitive_fields: &[&str]) -> bool {
    let lower = key.to_ascii_lowercase();
    sensitive_fields
        .iter()
        .any(|field| field.eq_ignore_ascii_case(key))
        || CREDENTIAL_WORDS.iter().any(|word| lower.contains(word))
}

/// Free-form JSON (`serde_json::Value`, `Map`, and `Vec` / `Option` of them) shown by `Debug`
/// with the value of every credential key ([`is_credential_key`]) replaced by `[REDACTED]`, at
/// any depth: a credential value that is an object or an array is hidden whole. Otherwise the
/// output is that of the value's own `Debug`.
///
/// Generated types print their `extra` map of unknown fields, and their free-form fields,
/// through it, so a credential the spec does not name (`"apiToken"` where the spec says
/// `token`) stays out of `Debug`.
///
/// ```
/// use secops_runtime::redact::Masked;
/// use serde_json::{Map, Value, json};
///
/// let extra: Map<String, Value> = serde_json::from_value(json!({
///     "apiToken": "tok-1", "nested": {"client_secret": "s-1", "n": 1}
/// })).unwrap();
/// let shown = format!("{:?}", Masked::new(&extra, &[]));
/// assert_eq!(
///     shown,
///     r#"{"apiToken": [REDACTED], "nested": Object {"client_secret": [REDACTED], "n": Number(1)}}"#
/// );
/// ```
pub struct Masked<'a, T: ?Sized> {
    value: &'a T,
    sensitive_fields: &'a [&'a str],
    hidden: bool,
}

impl<'a, T: MaskJson + ?Sized> Masked<'a, T> {
    /// `value`, masked by [`is_credential_key`] with `sensitive_fields` (the spec's
    /// `x-sensitive` field names).
    pub fn new(value: &'a T, sensitive_fields: &'a [&'a str]) -> Self {
        Self {
            value,
            sensitive_fields,
            hidden: false,
        }
    }

    /// `value` of the JSON property `key`: hidden whole (`[REDACTED]`, `Some([REDACTED])`) when
    /// `key` itself names a credential, otherwise as [`Masked::new`].
    pub fn field(key: &str, value: &'a T, sensitive_fields: &'a [&'a str]) -> Self {
        Self {
            value,
            sensitive_fields,
            hidden: is_credential_key(key, sensitive_fields),
        }
    }
}

impl<T: MaskJson + ?Sized> std::fmt::Debug for Masked<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.hidden {
            self.value.fmt_hidden(f)
        } else {
            self.value.fmt_masked(self.sensitive_fields, f)
        }
    }
}

/// The free-form JSON types [`Masked`] shows (generated newtypes over a free-form object
/// implement it too).
pub trait MaskJson {
    /// `Debug` output with credential values masked.
    fn fmt_masked(
        &self,
        sensitive_fields: &[&str],
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result;

    /// `Debug` output of a value that is a credential as a whole.
    fn fmt_hidden(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&Redacted, f)
    }
}

impl MaskJson for serde_json::Map<String, serde_json::Value> {
    fn fmt_masked(
        &self,
        sensitive_fields: &[&str],
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in self {
            if is_credential_key(key, sensitive_fields) {
                map.entry(key, &Redacted);
            } else {
                map.entry(key, &Masked::new(value, sensitive_fields));
            }
        }
        map.finish()
    }
}

impl MaskJson for serde_json::Value {
    fn fmt_masked(
        &self,
        sensitive_fields: &[&str],
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        match self {
            serde_json::Value::Object(map) => {
                f.write_str("Object ")?;
                map.fmt_masked(sensitive_fields, f)
            }
            serde_json::Value::Array(items) => {
                f.write_str("Array ")?;
                items.fmt_masked(sensitive_fields, f)
            }
            scalar => std::fmt::Debug::fmt(scalar, f),
        }
    }
}

impl<T: MaskJson> MaskJson for Vec<T> {
    fn fmt_masked(
        &self,
        sensitive_fields: &[&str],
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|item| Masked::new(item, sensitive_fields)))
            .finish()
    }
}

impl<T: MaskJson> MaskJson for Option<T> {
    fn fmt_masked(
        &self,
        sensitive_fields: &[&str],
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        match self {
            Some(value) => f
                .debug_tuple("Some")
                .field(&Masked::new(value, sensitive_fields))
                .finish(),
            None => f.write_str("None"),
        }
    }

    fn fmt_hidden(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Some(_) => f.debug_tuple("Some").field(&Redacted).finish(),
            None => f.write_str("None"),
        }
    }
}

/// What [`Masked`] shows in place of a credential.
struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[REDACTED]")
    }
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
    fn debug_of_free_form_json_masks_credentials_at_any_depth() {
        let value = serde_json::json!({
            "apiToken": "tok-SECRET",
            "nested": {"client_secret": "s-SECRET", "keep": "visible"},
            "list": [{"password": 7}, "plain"],
            "credentials": {"user": "u", "key": "k-SECRET"},
            "authHeader": "Basic SECRET",
            "name": "ok"
        });
        let shown = format!("{:?}", Masked::new(&value, &["authHeader"]));
        let pretty = format!("{:#?}", Masked::new(&value, &["authHeader"]));
        for text in [&shown, &pretty] {
            assert!(!text.contains("SECRET"), "{text}");
            assert!(!text.contains("Number(7)"), "{text}");
            assert!(text.contains("visible") && text.contains("plain"), "{text}");
        }
        let map = value.as_object().unwrap();
        assert!(!format!("{:?}", Masked::new(map, &["authHeader"])).contains("SECRET"));
        // Without credentials the output is the value's own Debug.
        let plain = serde_json::json!({"a": [1, null, true, "x"], "b": {"c": 1.5}});
        assert_eq!(
            format!("{:?}", Masked::new(&plain, &[])),
            format!("{plain:?}")
        );
        assert_eq!(
            format!("{:#?}", Masked::new(plain.as_object().unwrap(), &[])),
            format!("{:#?}", plain.as_object().unwrap())
        );
        let list = vec![plain.clone()];
        assert_eq!(
            format!("{:?}", Masked::new(&Some(list.clone()), &[])),
            format!("{:?}", Some(list))
        );
        assert_eq!(
            format!("{:?}", Masked::new(&None::<serde_json::Value>, &[])),
            "None"
        );
    }

    #[test]
    fn a_property_named_like_a_credential_is_hidden_whole() {
        let credentials = Some(serde_json::json!({"client_id": "id-SECRET"}));
        let shown = format!("{:?}", Masked::field("credentials", &credentials, &[]));
        assert_eq!(shown, "Some([REDACTED])");
        let none = None::<serde_json::Value>;
        assert_eq!(
            format!("{:?}", Masked::field("credentials", &none, &[])),
            "None"
        );
        let plain = serde_json::json!({"client_id": "id-1"});
        assert_eq!(
            format!("{:?}", Masked::field("labels", &plain, &[])),
            format!("{plain:?}")
        );
        assert_eq!(
            format!("{:?}", Masked::field("authHeader", &plain, &["authHeader"])),
            "[REDACTED]"
        );
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

//! Describing a JSON decoding error without repeating the input.

/// What went wrong decoding JSON, without the values serde quotes from the input (an invalid
/// value may be a credential), and without its line and column (given separately).
///
/// ```
/// use secops_runtime::json_error::describe;
///
/// let error = serde_json::from_str::<i64>(r#""tok-123""#).unwrap_err();
/// assert_eq!(describe(&error), "invalid type: string, expected i64");
/// let error = serde_json::from_str::<Vec<i64>>("[1, 2").unwrap_err();
/// assert_eq!(describe(&error), "EOF while parsing a list");
/// ```
pub fn describe(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(at) if error.line() > 0 => &text[..at],
        _ => text.as_str(),
    };
    // What follows "expected" comes from the type, not the input: it stays.
    match text.find("expected") {
        Some(at) => format!("{}{}", drop_quoted_values(&text[..at]), &text[at..]),
        None => drop_quoted_values(text),
    }
}

/// `text` without `"..."` and `` `...` `` literals after words that introduce a value
/// (`string "abc"` becomes `string`; `unknown variant `x`` becomes `unknown variant`), keeping
/// field names (`missing field `id``).
fn drop_quoted_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['"', '`']) {
        let quote = rest.as_bytes()[start] as char;
        let before = &rest[..start];
        let Some(length) = rest[start + 1..].find(quote) else {
            break;
        };
        let end = start + 1 + length + 1;
        let keeps_name = before.ends_with("field ") || before.ends_with("fields ");
        if keeps_name {
            out.push_str(&rest[..end]);
        } else {
            out.push_str(before.trim_end());
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Thing {
        id: i64,
        kind: Kind,
    }

    #[derive(serde::Deserialize, Debug)]
    enum Kind {
        A,
    }

    #[test]
    fn values_go_and_field_names_stay() {
        let error = serde_json::from_str::<Thing>(r#"{"kind":"A"}"#).unwrap_err();
        assert_eq!(describe(&error), "missing field `id`");
        let error = serde_json::from_str::<Thing>(r#"{"id":1,"kind":"secret-ish"}"#).unwrap_err();
        let text = describe(&error);
        assert!(!text.contains("secret-ish"), "{text}");
        assert_eq!(text, "unknown variant, expected `A`");
    }
}

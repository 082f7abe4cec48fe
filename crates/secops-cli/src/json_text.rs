//! The layout of JSON text the CLI prints: compact (one line) or pretty (two-space indents).
//!
//! Free-form fields of the generated types (`secops_runtime::RawJson`) serialize as the text
//! the server sent, whitespace included. serde_json writes that text verbatim, so a result
//! holding one could carry the server's newlines into an NDJSON line, or mix its layout into a
//! pretty document. [`layout`] rewrites only the whitespace between tokens: every string,
//! number and key stays exactly as written, and the order of keys as it was.

/// `json` (valid JSON text) with its whitespace rewritten: one line, or serde_json's pretty
/// layout (`"key": value`, two spaces per level, `{}` and `[]` when empty).
pub fn layout(json: &str, pretty: bool) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let mut depth = 0_usize;
    let mut chars = json.chars().peekable();
    // Set after `{` or `[`: the next token decides between an empty container and a new line.
    let mut opened = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if opened {
            opened = false;
            if c != '}' && c != ']' {
                depth += 1;
                newline(&mut out, depth, pretty);
            } else {
                out.push(c);
                continue;
            }
        }
        match c {
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    out.push(c);
                    match c {
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                out.push(escaped);
                            }
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                opened = true;
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth, pretty);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth, pretty);
            }
            ':' => out.push_str(if pretty { ": " } else { ":" }),
            other => out.push(other),
        }
    }
    out
}

fn newline(out: &mut String, depth: usize, pretty: bool) {
    if pretty {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_serde_json_for_its_own_output() {
        let value = json!({
            "a": [1, {"b": "x y\n\"z\" , : {"}, [], {}],
            "empty": {}, "list": [], "n": -1.5e3, "t": true, "u": null
        });
        let compact = serde_json::to_string(&value).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(layout(&pretty, false), compact);
        assert_eq!(layout(&compact, true), pretty);
        assert_eq!(layout(&compact, false), compact);
        assert_eq!(layout(&pretty, true), pretty);
    }

    #[test]
    fn raw_text_keeps_its_tokens_and_key_order() {
        let raw = "{ \"z\" : 1.50 ,\n  \"a\" : [ \"\\u00e9 \\\\\" ] }";
        assert_eq!(layout(raw, false), r#"{"z":1.50,"a":["\u00e9 \\"]}"#);
        assert_eq!(
            layout(raw, true),
            "{\n  \"z\": 1.50,\n  \"a\": [\n    \"\\u00e9 \\\\\"\n  ]\n}"
        );
    }
}

//! A readable unified diff for `regen --check`.

use similar::TextDiff;

/// Lines of diff printed per file before the rest is summarised.
const MAX_LINES: usize = 400;

/// A unified diff from the checked-in text to the freshly generated one.
pub fn unified(checked_in: &str, generated: &str, path: &str) -> String {
    let diff = TextDiff::from_lines(checked_in, generated);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{path} (checked in)"),
            &format!("{path} (regenerated)"),
        )
        .to_string();
    let total = text.lines().count();
    if total <= MAX_LINES {
        return text;
    }
    let mut shown: String = text
        .lines()
        .take(MAX_LINES)
        .flat_map(|line| [line, "\n"])
        .collect();
    shown.push_str(&format!("... {} more diff lines\n", total - MAX_LINES));
    shown
}

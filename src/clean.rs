//! Text from files on its way into an output. A 考核意见 or a unit's name can hold any
//! character a file holds; control characters (BEL, ESC…) make a Word file XML that WPS and
//! LibreOffice refuse to load and put raw bytes into a CSV, and direction overrides reorder
//! what a reader sees. Every writer — Word, Excel, CSV, PDF — passes its text through this
//! one function, so they all drop the same characters.

use std::borrow::Cow;

/// Whether `c` is dropped from an output: C0 controls but tab and line feed, DEL, C1
/// controls, the bidi embeddings, overrides and isolates, and the noncharacters U+FFFE/U+FFFF.
fn dropped(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` without the characters no output should carry (borrowed when there are none).
pub fn for_output(text: &str) -> Cow<'_, str> {
    if !text.chars().any(dropped) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|c| !dropped(*c)).collect())
}

#[cfg(test)]
mod tests {
    use super::for_output;

    #[test]
    fn controls_and_overrides_go_tabs_and_line_feeds_stay() {
        assert_eq!(for_output("平江县"), "平江县");
        assert!(matches!(
            for_output("平江县"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(for_output("缺\u{7}材料\u{1b}[31m"), "缺材料[31m");
        assert_eq!(for_output("a\tb\nc\r\n"), "a\tb\nc\n");
        assert_eq!(for_output("\u{202E}abc\u{2066}"), "abc");
        assert_eq!(for_output("\u{85}\u{9f}x\u{7f}\u{FFFF}"), "x");
    }
}

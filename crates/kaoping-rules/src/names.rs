//! Names made from what a file says — unit ids and names, item texts, titles, stored names —
//! become file or folder names only through here: a name is data, never a path. What comes
//! out has no separator, no `..`, no control or bidirectional-override character (an
//! `rtl\u{202e}gpj.exe` that shows as `rtlexe.jpg`), is not a name Windows reserves, and is
//! short enough for every file system with room left for `.bak`.

/// The longest name made here, in characters (a Chinese character is 3 bytes in UTF-8; 80 of
/// them stay under the 255 bytes file systems allow, with a suffix to spare).
pub const MAX_NAME_CHARS: usize = 80;

/// Characters some system refuses in a name, or reads as a path.
const REFUSED: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// Characters that change the direction text is shown in: a name with one looks like
/// another name.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A plain file or folder name from `raw`: refused characters become `_`, controls and
/// direction overrides are dropped, spaces and dots trimmed at both ends, cut to
/// `MAX_NAME_CHARS`, a Windows device name (CON, NUL, COM1…) prefixed with `_`. `None` when
/// nothing usable is left.
pub fn plain_name(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .map(|c| if REFUSED.contains(&c) { '_' } else { c })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c.is_whitespace() || c == '.');
    let cut: String = trimmed.chars().take(MAX_NAME_CHARS).collect();
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    if cut.is_empty() {
        return None;
    }
    let stem = cut.split('.').next().unwrap_or(cut).to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.ends_with(|c: char| c.is_ascii_digit()));
    Some(if reserved {
        format!("_{cut}")
    } else {
        cut.to_string()
    })
}

/// Text from a file as a terminal may show it: control characters (ESC sequences that would
/// recolour or move the cursor, BEL, NUL) and direction overrides written as `\u{1b}`, line
/// breaks and tabs kept.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `name` is already such a plain name (what a file may record and be trusted with).
pub fn is_plain(name: &str) -> bool {
    plain_name(name).as_deref() == Some(name)
}

/// At most ~40 characters of a value for a message, with … when cut: a 1 MB bad value is not
/// quoted whole in a message, a comparison note or a spreadsheet cell.
pub fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_leave_their_folder_or_deceive_are_made_plain() {
        assert_eq!(plain_name("平江县").as_deref(), Some("平江县"));
        assert_eq!(
            plain_name("../../../escaped/x").as_deref(),
            Some("_.._.._escaped_x")
        );
        assert_eq!(plain_name("..").as_deref(), None);
        assert_eq!(plain_name("  . ").as_deref(), None);
        assert_eq!(plain_name("a\\b:c").as_deref(), Some("a_b_c"));
        assert_eq!(
            plain_name("rtl\u{202e}gpj.exe").as_deref(),
            Some("rtlgpj.exe")
        );
        assert_eq!(plain_name("a\nb\u{1b}[31m").as_deref(), Some("ab[31m"));
        assert_eq!(plain_name("CON").as_deref(), Some("_CON"));
        assert_eq!(plain_name("com1.txt").as_deref(), Some("_com1.txt"));
        assert_eq!(plain_name("COMMON").as_deref(), Some("COMMON"));
        assert_eq!(
            plain_name(&"长".repeat(300)).map(|n| n.chars().count()),
            Some(80)
        );
        assert!(is_plain("01-办公室工作第1项-及时报送信息"));
        assert!(!is_plain("../x") && !is_plain("x.") && !is_plain(""));
        assert_eq!(printable("李\u{1b}[31m梅\n"), "李\\u{1b}[31m梅\n");
        assert_eq!(printable("a\u{202e}b\u{7}"), "a\\u{202e}b\\u{7}");
    }
}

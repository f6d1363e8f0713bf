//! Lines of text for the printed form: UAX #14 break opportunities, with no line starting
//! with closing punctuation, and long runs broken between characters.

use super::Measure;
use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};

/// Breaks text into lines no wider than `width` (mm) at UAX #14 opportunities — so no line
/// starts with ，。、；：）」 — and inside a run longer than a line, between characters.
pub fn wrap(m: &dyn Measure, text: &str, width: f32, size_pt: f32) -> Vec<String> {
    let text: &str = &crate::clean::for_output(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut start = 0;
    for (end, op) in break_opportunities(text) {
        let segment = &text[start..end];
        start = end;
        let trimmed_end = segment.trim_end_matches(['\n', '\r']);
        let candidate = format!("{line}{trimmed_end}");
        if m.width_mm(candidate.trim_end(), size_pt) <= width {
            line = candidate;
        } else {
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = String::new();
            // A segment wider than the column is cut between characters, but never before
            // a character UAX #14 forbids at a line start (，。”…): the character before it
            // moves down with it.
            for c in trimmed_end.chars() {
                let next = format!("{line}{c}");
                if m.width_mm(next.trim_end(), size_pt) > width && !line.is_empty() {
                    let mut carried = String::new();
                    if may_not_start_a_line(c) && line.chars().count() > 1 {
                        carried.push(line.pop().expect("non-empty"));
                    }
                    lines.push(line.trim_end().to_string());
                    line = format!("{carried}{c}");
                } else {
                    line = next;
                }
            }
        }
        if op == BreakOpportunity::Mandatory && end < text.len() {
            lines.push(line.trim_end().to_string());
            line = String::new();
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// UAX #14 break opportunities, with the East Asian tailoring of quotation marks that
/// Unicode 15.1 added as rule LB19a (the crate implements 15.0): between Chinese characters,
/// a line may break before “ and after ”, as in any Chinese document.
fn break_opportunities(text: &str) -> Vec<(usize, BreakOpportunity)> {
    let mut ops: Vec<(usize, BreakOpportunity)> = linebreaks(text).collect();
    let east_asian = |c: char| {
        break_property(c as u32) == BreakClass::Ideographic
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        if c == '“' && prev.is_some_and(east_asian) {
            ops.push((at, BreakOpportunity::Allowed));
        }
        if c == '”' && next.is_some_and(east_asian) {
            ops.push((at + c.len_utf8(), BreakOpportunity::Allowed));
        }
    }
    ops.sort_by_key(|&(at, op)| (at, op != BreakOpportunity::Mandatory));
    ops.dedup_by_key(|&mut (at, _)| at);
    ops
}

/// UAX #14 classes that must not begin a line (closing marks, quotation marks, 、。).
fn may_not_start_a_line(c: char) -> bool {
    matches!(
        break_property(c as u32),
        BreakClass::ClosePunctuation
            | BreakClass::CloseParenthesis
            | BreakClass::Exclamation
            | BreakClass::InfixSeparator
            | BreakClass::NonStarter
            | BreakClass::Quotation
    )
}

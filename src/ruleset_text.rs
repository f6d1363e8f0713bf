//! A ruleset's text as its author sees it: where each struct with an id sits (so every finding
//! of the check says 第N行), and a reading that lists every unknown or repeated field at once
//! instead of one per try. The parsed `Ruleset` has no positions; this reads the text itself.

use crate::ron_errors::RonLoadError;
use crate::ruleset::Ruleset;
use crate::ruleset_check::{Finding, Place};
use serde::Deserialize;
use std::collections::HashMap;

/// A struct with an id, where its `id:` is written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Located {
    /// The struct's name as written (Item, Rule…).
    kind: String,
    id: String,
    /// The id of the item around it (for parts and rules).
    item: Option<String>,
    line: usize,
}

/// Where things are in one ruleset text.
#[derive(Debug, Default)]
pub struct TextMap {
    ids: Vec<Located>,
    /// Top-level fields of `Ruleset(…)` and their lines.
    fields: Vec<(String, usize)>,
}

struct Frame {
    name: String,
    id: Option<String>,
}

impl TextMap {
    /// Reads the structure of RON text: brackets, names before them, `id: "…"` fields. Strings
    /// and comments are skipped; text that does not parse still maps as far as it goes.
    pub fn of(text: &str) -> TextMap {
        let mut map = TextMap::default();
        let chars: Vec<char> = text.chars().collect();
        let mut stack: Vec<Frame> = Vec::new();
        let mut line = 1;
        let mut i = 0;
        // The field whose value comes next (`id` between `id:` and its string).
        let mut pending_field: Option<String> = None;
        while let Some(&c) = chars.get(i) {
            match c {
                '\n' => {
                    line += 1;
                    i += 1;
                }
                '/' if chars.get(i + 1) == Some(&'/') => {
                    while chars.get(i).is_some_and(|&c| c != '\n') {
                        i += 1;
                    }
                }
                '/' if chars.get(i + 1) == Some(&'*') => {
                    let mut depth = 0usize;
                    while let Some(&c) = chars.get(i) {
                        if c == '/' && chars.get(i + 1) == Some(&'*') {
                            depth += 1;
                            i += 2;
                        } else if c == '*' && chars.get(i + 1) == Some(&'/') {
                            depth = depth.saturating_sub(1);
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            line += usize::from(c == '\n');
                            i += 1;
                        }
                    }
                }
                '"' => {
                    let start_line = line;
                    let mut value = String::new();
                    i += 1;
                    while let Some(&c) = chars.get(i) {
                        match c {
                            '\\' => {
                                if let Some(&next) = chars.get(i + 1) {
                                    value.push(next);
                                    line += usize::from(next == '\n');
                                }
                                i += 2;
                            }
                            '"' => {
                                i += 1;
                                break;
                            }
                            _ => {
                                value.push(c);
                                line += usize::from(c == '\n');
                                i += 1;
                            }
                        }
                    }
                    if pending_field.take().as_deref() == Some("id")
                        && let Some(top) = stack.last_mut()
                    {
                        top.id = Some(value.clone());
                        let item = stack
                            .iter()
                            .rev()
                            .skip(1)
                            .find(|f| f.name == "Item")
                            .and_then(|f| f.id.clone());
                        let kind = stack.last().map(|f| f.name.clone()).unwrap_or_default();
                        map.ids.push(Located {
                            kind,
                            id: value,
                            item,
                            line: start_line,
                        });
                    }
                }
                '(' | '[' | '{' => {
                    stack.push(Frame {
                        name: String::new(),
                        id: None,
                    });
                    pending_field = None;
                    i += 1;
                }
                ')' | ']' | '}' => {
                    stack.pop();
                    pending_field = None;
                    i += 1;
                }
                c if c.is_ascii_alphabetic() || c == '_' => {
                    let start = i;
                    while chars
                        .get(i)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                    {
                        i += 1;
                    }
                    let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
                    let mut j = i;
                    while chars.get(j).is_some_and(|c| *c == ' ' || *c == '\t') {
                        j += 1;
                    }
                    match chars.get(j) {
                        Some('(') => {
                            stack.push(Frame {
                                name: word,
                                id: None,
                            });
                            pending_field = None;
                            i = j + 1;
                        }
                        Some(':') => {
                            if stack.len() == 1 {
                                map.fields.push((word.clone(), line));
                            }
                            pending_field = Some(word);
                            i = j + 1;
                        }
                        _ => {}
                    }
                }
                _ => i += 1,
            }
        }
        map
    }

    /// The line of a top-level field (`year:`), when the text has it.
    pub fn field_line(&self, field: &str) -> Option<usize> {
        self.fields
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, line)| *line)
    }

    /// The line a place of the check points to, when the text has it.
    pub fn line_of(&self, place: &Place) -> Option<usize> {
        self.index().line_of(self, place)
    }

    /// Fills in the line of each finding: one pass to index the structs by kind and id, then
    /// a look-up per finding (a ruleset of 60,000 classes is checked in well under a second).
    pub fn locate(&self, findings: &mut [Finding]) {
        let index = self.index();
        for f in findings {
            f.line = index.line_of(self, &f.place);
        }
    }

    fn index(&self) -> Index<'_> {
        let mut by_id: HashMap<(&str, &str), Vec<&Located>> = HashMap::new();
        let mut by_item: HashMap<(&str, &str, &str), Vec<&Located>> = HashMap::new();
        for l in &self.ids {
            by_id
                .entry((l.kind.as_str(), l.id.as_str()))
                .or_default()
                .push(l);
            if let Some(item) = &l.item {
                by_item
                    .entry((l.kind.as_str(), l.id.as_str(), item.as_str()))
                    .or_default()
                    .push(l);
            }
        }
        Index { by_id, by_item }
    }
}

/// The structs of a text by kind and id (and by the item around them), in the order
/// written: the n-th of them is one look-up, so a text repeating one id 150,000 times is
/// located in linear time.
struct Index<'a> {
    by_id: HashMap<(&'a str, &'a str), Vec<&'a Located>>,
    by_item: HashMap<(&'a str, &'a str, &'a str), Vec<&'a Located>>,
}

impl Index<'_> {
    fn line_of(&self, map: &TextMap, place: &Place) -> Option<usize> {
        if let Some(field) = place.field {
            return map.field_line(field);
        }
        if place.kind.is_empty() {
            return None;
        }
        let all = match &place.item {
            None => self.by_id.get(&(place.kind, place.id.as_str()))?,
            Some(item) => self
                .by_item
                .get(&(place.kind, place.id.as_str(), item.as_str()))?,
        };
        all.get(place.nth).or(all.first()).map(|l| l.line)
    }
}

/// At most this many unknown or repeated fields are listed from one file.
const MAX_LISTED: usize = 100;

/// Parses a ruleset, listing every unknown and every repeated field at once: each is reported,
/// blanked out (spaces, so lines and columns stay where they were) and the text read again.
/// Any other error (a missing bracket, a bad value) ends the list: after it, the text's shape is
/// unknown. `Ok` only when the text had no error at all.
pub fn parse_listing_all(text: &str, source: &str) -> Result<Ruleset, Vec<RonLoadError>> {
    let mut errors = Vec::new();
    let mut working: Vec<char> = text.chars().collect();
    loop {
        let current: String = working.iter().collect();
        let e = match ron::from_str::<Ruleset>(&current) {
            Ok(rs) if errors.is_empty() => return Ok(rs),
            Ok(_) => return Err(errors),
            Err(e) => e,
        };
        errors.push(RonLoadError::new(source, text, &e));
        let repairable = matches!(
            e.code,
            ron::Error::NoSuchStructField { .. } | ron::Error::DuplicateStructField { .. }
        );
        if !repairable || errors.len() >= MAX_LISTED {
            return Err(errors);
        }
        match field_extent(&working, e.span.start.line, e.span.start.col) {
            Some((from, to)) => {
                for c in working.get_mut(from..to).unwrap_or_default() {
                    if *c != '\n' {
                        *c = ' ';
                    }
                }
            }
            None => return Err(errors),
        }
    }
}

/// The characters of `name: value,` starting at (line, column), as char indices.
fn field_extent(chars: &[char], line: usize, col: usize) -> Option<(usize, usize)> {
    let mut at_line = 1;
    let mut start = 0;
    while at_line < line {
        let newline = chars.get(start..)?.iter().position(|c| *c == '\n')?;
        start += newline + 1;
        at_line += 1;
    }
    let from = start.checked_add(col.checked_sub(1)?)?;
    let rest: String = chars.get(from..)?.iter().collect();
    let colon = rest.find(':')?;
    let after_colon = rest.get(colon + 1..)?;
    let mut de = ron::Deserializer::from_str(after_colon).ok()?;
    serde::de::IgnoredAny::deserialize(&mut de).ok()?;
    let value_bytes = after_colon.len() - de.remainder().len();
    let mut end_byte = colon + 1 + value_bytes;
    let tail = rest.get(end_byte..)?;
    let trimmed = tail.trim_start_matches([' ', '\t']);
    if trimmed.starts_with(',') {
        end_byte += tail.len() - trimmed.len() + 1;
    }
    let to = from + rest.get(..end_byte)?.chars().count();
    Some((from, to))
}

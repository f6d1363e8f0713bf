//! Rows and columns hidden in WPS or Excel are not what the author sees, so they may not
//! carry the scheme: a hidden row or column that holds something is named as an error.
//! calamine reads hidden cells like any other and says nothing of them, so the sheet's own
//! XML is read here for its `<row hidden="1">` and `<col hidden="1">` (streamed, bounded by
//! the sizes `precheck` already allowed).

use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeSet;
use std::io::{BufReader, Cursor, Read};

/// The most hidden rows or columns named one by one.
const MAX_NAMED: usize = 20;
/// workbook.xml and its relationships are a few kilobytes.
const MAX_BOOK_PART_BYTES: u64 = 4 * 1024 * 1024;

/// What is hidden in a sheet and holds something (0-based, as calamine numbers).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Hidden {
    pub(super) rows: BTreeSet<u32>,
    pub(super) columns: BTreeSet<u32>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

fn is_true(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true"))
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let file = zip.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_BOOK_PART_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// The part that holds sheet `sheet`'s cells: workbook.xml names its relationship id,
/// the relationships name the part.
fn sheet_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, sheet: &str) -> Option<String> {
    let book = read_part(zip, "xl/workbook.xml")?;
    let mut reader = quick_xml::Reader::from_reader(book.as_slice());
    let mut buf = Vec::new();
    let mut id = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "sheet"
                    && attr(&e, "name").as_deref() == Some(sheet) =>
            {
                id = attr(&e, "id");
                break;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    let id = id?;
    let rels = read_part(zip, "xl/_rels/workbook.xml.rels")?;
    let mut reader = quick_xml::Reader::from_reader(rels.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "Relationship"
                    && attr(&e, "Id").as_deref() == Some(id.as_str()) =>
            {
                let target = attr(&e, "Target")?;
                return Some(match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                });
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// Column index (0-based) of a cell reference like `D5`.
fn column_of(reference: &str) -> Option<u32> {
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    n.checked_sub(1)
}

/// The hidden rows and columns of sheet `sheet` that hold a value. Nothing when the parts
/// cannot be found (calamine then says what is wrong).
pub(super) fn hidden_in(bytes: &[u8], sheet: &str) -> Hidden {
    let mut out = Hidden::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Some(part) = sheet_part(&mut zip, sheet) else {
        return out;
    };
    let Ok(file) = zip.by_name(&part) else {
        return out;
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(file));
    let mut buf = Vec::new();
    let mut hidden_columns: Vec<(u32, u32)> = Vec::new();
    let mut row: Option<u32> = None;
    let mut row_hidden = false;
    // The cell being read: its column, and whether a value has been seen in it.
    let mut cell: Option<u32> = None;
    let mut in_value = false;
    loop {
        let event = reader.read_event_into(&mut buf);
        match event {
            Ok(Event::Start(ref e) | Event::Empty(ref e)) => match e.local_name().as_ref() {
                "col" if is_true(attr(e, "hidden")) => {
                    let min = attr(e, "min").and_then(|v| v.parse::<u32>().ok());
                    let max = attr(e, "max").and_then(|v| v.parse::<u32>().ok());
                    if let (Some(min), Some(max)) = (min, max)
                        && min >= 1
                        && hidden_columns.len() < 1000
                    {
                        hidden_columns.push((min - 1, max.saturating_sub(1)));
                    }
                }
                "row" => {
                    row = attr(e, "r")
                        .and_then(|v| v.parse::<u32>().ok())
                        .and_then(|r| r.checked_sub(1))
                        .or_else(|| Some(row.map_or(0, |r| r.saturating_add(1))));
                    row_hidden = is_true(attr(e, "hidden"));
                }
                "c" => {
                    cell = attr(e, "r").and_then(|r| column_of(&r));
                }
                "v" | "t" => in_value = matches!(event, Ok(Event::Start(_))),
                _ => {}
            },
            // Text arrives as text, or as character references (&#22791;) of their own.
            Ok(Event::Text(_) | Event::GeneralRef(_) | Event::CData(_)) if in_value => {
                if let (Some(r), Some(c)) = (row, cell) {
                    if row_hidden && out.rows.len() < MAX_NAMED {
                        out.rows.insert(r);
                    }
                    if hidden_columns.iter().any(|(a, b)| (*a..=*b).contains(&c))
                        && out.columns.len() < MAX_NAMED
                    {
                        out.columns.insert(c);
                    }
                }
            }
            Ok(Event::End(ref e)) => match e.local_name().as_ref() {
                "v" | "t" => in_value = false,
                "c" => cell = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::column_of;

    #[test]
    fn cell_references_give_their_column() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("D5"), Some(3));
        assert_eq!(column_of("AA10"), Some(26));
        assert_eq!(column_of("XFD1048576"), Some(16383));
        assert_eq!(column_of("1"), None);
        assert_eq!(column_of("ABCD1"), None);
    }
}

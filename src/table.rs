//! A table of words and exact numbers: what the comparison is once sorted, and what the
//! window, the CSV, the xlsx and the PDF all print the same way. It knows nothing of where
//! the numbers came from, so the printers need not know the comparison.

use crate::ruleset::fmt_dec;
use rust_decimal::Decimal;

/// A table cell: words, an exact number, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(Decimal),
    Empty,
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Text(t) => f.write_str(t),
            Cell::Number(n) => f.write_str(&fmt_dec(*n)),
            Cell::Empty => Ok(()),
        }
    }
}

/// A column's title; a category's column also has its points (办公室工作（16分）), kept apart
/// so a narrow column or a printed head can put them on two lines without splitting text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: String,
    pub points: Option<rust_decimal::Decimal>,
}

impl Column {
    pub fn plain(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            points: None,
        }
    }

    pub fn category(title: impl Into<String>, points: rust_decimal::Decimal) -> Column {
        Column {
            title: title.into(),
            points: Some(points),
        }
    }

    /// （16分）, for a category's column.
    pub fn points_words(&self) -> Option<String> {
        self.points
            .map(|p| format!("（{}分）", crate::ruleset::fmt_dec(p)))
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title)?;
        if let Some(p) = self.points_words() {
            f.write_str(&p)?;
        }
        Ok(())
    }
}

/// The comparison as printed: a title, headers, rows of cells and notes under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}

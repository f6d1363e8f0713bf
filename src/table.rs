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

/// The comparison as printed: a title, headers, rows of cells and notes under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}

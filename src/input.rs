//! Numbers as clerks type them: full-width digits (８０), a trailing unit (4.5分, 80条, 95%),
//! surrounding spaces. Anything else (-1, abc, 1e3) is refused with a message; nothing is
//! silently changed into something the clerk did not type.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Units a clerk may type after a number; they carry no meaning for the value.
const UNIT_SUFFIXES: &[&str] = &[
    "个百分点",
    "分",
    "条",
    "篇",
    "次",
    "场",
    "起",
    "个",
    "人",
    "期",
    "处",
    "项",
    "%",
];

/// Why a typed number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberInputError {
    Negative,
    NotANumber,
    TooLong,
}

impl std::fmt::Display for NumberInputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NumberInputError::Negative => "不能是负数",
            NumberInputError::NotANumber => "不是有效的数字",
            NumberInputError::TooLong => "数字太长",
        })
    }
}

/// Folds full-width forms to ASCII: ０-９ → 0-9, ．→ ., －→ -, ％ → %, ideographic space → space.
fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '—' | '−' => '-',
            '％' => '%',
            '＋' => '+',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Parses a typed number. `Ok(None)` means the field was left empty (the fact is unset).
pub fn parse_number(text: &str) -> Result<Option<Decimal>, NumberInputError> {
    let folded = fold_width(text);
    let mut s = folded.trim();
    if s.is_empty() {
        return Ok(None);
    }
    for suffix in UNIT_SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
            break;
        }
    }
    if let Some(rest) = s.strip_prefix('-') {
        return if is_plain_decimal(rest.trim_start()) {
            Err(NumberInputError::Negative)
        } else {
            Err(NumberInputError::NotANumber)
        };
    }
    if !is_plain_decimal(s) {
        return Err(NumberInputError::NotANumber);
    }
    if s.len() > 12 {
        return Err(NumberInputError::TooLong);
    }
    let s = s.strip_suffix('.').unwrap_or(s);
    Decimal::from_str(s)
        .map(|d| Some(d.normalize()))
        .map_err(|_| NumberInputError::NotANumber)
}

/// Digits with at most one decimal point after them: 80, 4.5, 0.25, and 4. (the moment
/// between typing 4 and 4.5 means 4). Not 1e3, .5, 1,000.
fn is_plain_decimal(s: &str) -> bool {
    let mut parts = s.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && frac.is_none_or(|f| f.is_empty() || digits(f))
}

/// A day as people type it — 2016-01-15, 2016-1-15, 2016/1/15, 2016.1.15, 2016年1月15日,
/// in full-width digits too — as YYYY-MM-DD, or why it is not one.
pub fn parse_day(text: &str) -> Result<String, String> {
    let plain: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '年' | '月' | '/' | '.' | '／' | '－' => '-',
            '日' | '号' => ' ',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = plain.trim().split('-').map(str::trim).collect();
    let bad = || {
        format!(
            "“{}”不是日期：请写成 2016-01-15 或 2016年1月15日",
            crate::ruleset::excerpt(text.trim())
        )
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(bad());
    };
    if !(1900..=9999).contains(&y) {
        return Err(bad());
    }
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .map(|day| day.format("%Y-%m-%d").to_string())
        .ok_or_else(|| format!("{y}年{m}月{d}日不是有效的日期"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn accepts_what_clerks_type() {
        assert_eq!(parse_number("80"), Ok(Some(dec("80"))));
        assert_eq!(parse_number("８０"), Ok(Some(dec("80"))));
        assert_eq!(parse_number("4.5分"), Ok(Some(dec("4.5"))));
        assert_eq!(parse_number(" 72条 "), Ok(Some(dec("72"))));
        assert_eq!(parse_number("９５％"), Ok(Some(dec("95"))));
        assert_eq!(parse_number("87 %"), Ok(Some(dec("87"))));
        assert_eq!(parse_number("\u{3000}３．５\u{3000}"), Ok(Some(dec("3.5"))));
        assert_eq!(parse_number("0.50"), Ok(Some(dec("0.5"))));
        assert_eq!(parse_number("4."), Ok(Some(dec("4"))));
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("   "), Ok(None));
    }

    #[test]
    fn refuses_what_is_not_a_plain_number() {
        assert_eq!(parse_number("-1"), Err(NumberInputError::Negative));
        assert_eq!(parse_number("－１"), Err(NumberInputError::Negative));
        for bad in [
            "abc", "1e3", ".5", "5..", "1,000", "1.2.3", "分", "--1", "+3", "3 4",
        ] {
            assert_eq!(
                parse_number(bad),
                Err(NumberInputError::NotANumber),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_number("1234567890123"),
            Err(NumberInputError::TooLong)
        );
    }
}

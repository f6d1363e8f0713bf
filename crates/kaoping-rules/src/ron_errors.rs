//! A RON text that failed to parse, located (file, line, column) and explained in Chinese.

use crate::ruleset::{Ruleset, excerpt};
use std::fmt;

/// A RON text that failed to parse, located and explained in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RonLoadError {
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl RonLoadError {
    /// `text` is what was parsed: an error on its last line means the file was cut short.
    pub fn new(source: &str, text: &str, e: &ron::error::SpannedError) -> Self {
        // A text missing its closing quote runs on into the next line, and the parser trips
        // somewhere after it (「缺少逗号」 a line below): the place to fix is where it starts.
        // (A text may span lines on purpose: only an error right after it points back.)
        if let Some((line, column)) = unclosed_string(text)
            && line <= e.span.start.line
            && e.span.start.line - line <= 2
        {
            return RonLoadError {
                source: source.to_string(),
                line,
                column,
                message:
                    "缺少结束引号：从这里开始的文字到行末还没有结束，请在文字末尾补上英文双引号 \""
                        .into(),
            };
        }
        let mut message = ron_error_zh(&e.code);
        let last_line = text.trim_end().lines().count().max(1);
        if e.span.start.line >= last_line && e.code != ron::Error::Eof {
            message = format!("文件意外结束（文件不完整或被截断？）；{message}");
        }
        RonLoadError {
            source: source.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message,
        }
    }
}

/// Where the first quoted text that runs past the end of its line starts (line, column from
/// 1). A scheme's texts are one line each, so such a text lacks its closing quote.
fn unclosed_string(text: &str) -> Option<(usize, usize)> {
    enum State {
        Code,
        LineComment,
        BlockComment(usize),
        Quoted {
            line: usize,
            column: usize,
            escaped: bool,
        },
    }
    let mut state = State::Code;
    let (mut line, mut column) = (1usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match &mut state {
            State::Code => match c {
                '"' => {
                    state = State::Quoted {
                        line,
                        column,
                        escaped: false,
                    }
                }
                '/' if chars.peek() == Some(&'/') => state = State::LineComment,
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    column += 1;
                    state = State::BlockComment(1);
                }
                _ => {}
            },
            State::LineComment => {
                if c == '\n' {
                    state = State::Code;
                }
            }
            State::BlockComment(depth) => {
                if c == '*' && chars.peek() == Some(&'/') {
                    chars.next();
                    column += 1;
                    *depth -= 1;
                    if *depth == 0 {
                        state = State::Code;
                    }
                } else if c == '/' && chars.peek() == Some(&'*') {
                    chars.next();
                    column += 1;
                    *depth += 1;
                }
            }
            State::Quoted {
                line: from,
                column: at,
                escaped,
            } => {
                if c == '\n' {
                    return Some((*from, *at));
                }
                if *escaped {
                    *escaped = false;
                } else if c == '\\' {
                    *escaped = true;
                } else if c == '"' {
                    state = State::Code;
                }
            }
        }
        if c == '\n' {
            line += 1;
            column = 0;
        }
    }
    None
}

impl fmt::Display for RonLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "文件“{}”第{}行第{}列：{}",
            self.source, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for RonLoadError {}

fn in_outer(outer: &Option<String>) -> String {
    match outer {
        Some(o) => format!("（在 {o} 中）"),
        None => String::new(),
    }
}

/// Says what a RON error means, in Chinese, for a clerk or a ruleset author.
pub fn ron_error_zh(e: &ron::Error) -> String {
    use ron::Error as E;
    match e {
        E::Eof => "文件意外结束（文件不完整或被截断？）".into(),
        E::ExpectedArray => "这里应为列表 [ … ]".into(),
        E::ExpectedArrayEnd => "列表没有正确结束，缺少“]”或逗号".into(),
        E::ExpectedBoolean => "这里应为 true 或 false".into(),
        E::ExpectedComma => "缺少逗号".into(),
        E::ExpectedInteger => "这里应为整数".into(),
        E::ExpectedFloat => "这里应为数字".into(),
        E::ExpectedOption => "这里应为 Some( … ) 或 None".into(),
        E::ExpectedOptionEnd => "Some( … ) 没有正确结束".into(),
        E::ExpectedMap => "这里应为映射 { … }".into(),
        E::ExpectedMapColon => "映射中缺少冒号“:”".into(),
        E::ExpectedMapEnd => "映射没有正确结束，缺少“}”或逗号".into(),
        E::ExpectedDifferentStructName { expected, found } => {
            format!("这里应为 {expected}( … )，却是 {found}")
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "这里应为结构 ( … )".into(),
        E::ExpectedStructLikeEnd => "结构没有正确结束，缺少“)”或逗号".into(),
        E::ExpectedString | E::ExpectedStringEnd => {
            "这里应为带英文双引号的文字（分值也要加双引号，如 \"0.5\"）".into()
        }
        E::ExpectedIdentifier => "这里应为字段名".into(),
        E::IntegerOutOfBounds => "整数超出范围".into(),
        E::InvalidIntegerDigit { digit, .. } => format!("整数中有无效字符“{digit}”"),
        E::UnclosedBlockComment | E::UnclosedLineComment => "注释没有结束".into(),
        E::UnexpectedChar(c) => format!("意外的字符“{c}”"),
        E::Utf8Error(_) => "文件不是 UTF-8 编码的文本".into(),
        E::TrailingCharacters => "内容结束后还有多余的字符".into(),
        E::InvalidValueForType { expected, found } => {
            let expected = if expected.contains("Decimal") {
                "带双引号的数字，如 \"0.5\"".to_string()
            } else {
                expected.clone()
            };
            format!("取值{}无效，应为 {expected}", found_zh(found))
        }
        E::InvalidEscape(_) => "字符串中的转义写法无效（如 \\u{…} 写错了）".into(),
        E::ExceededRecursionLimit => "括号嵌套的层数太多，不是考核规则或考评表的结构".into(),
        E::ExpectedDifferentLength { expected, found } => {
            format!("长度不对：应为 {expected}，实际 {found}")
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "没有“{}”这种写法{}，可用的有：{}",
            excerpt(found),
            in_outer(outer),
            expected.join("、")
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "没有字段“{}”{}，可用的字段有：{}",
            excerpt(found),
            in_outer(outer),
            expected.join("、")
        ),
        E::MissingStructField { field, outer } => {
            format!("缺少字段“{field}”{}", in_outer(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("字段“{field}”重复{}", in_outer(outer))
        }
        E::Message(m) => translate_serde_message(&excerpt(m)),
        other => format!("格式错误：{}", excerpt(&other.to_string())),
    }
}

/// serde's English description of a value (`the string "1e400"`, `integer `5``) in Chinese
/// words: the value itself, quoted.
fn found_zh(found: &str) -> String {
    let inner = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches(|c| c == '"' || c == '`').to_string())
    };
    let value = inner("the string ")
        .or_else(|| inner("string "))
        .or_else(|| inner("integer "))
        .or_else(|| inner("floating point "))
        .or_else(|| inner("boolean "))
        .or_else(|| inner("character "));
    match (value, found) {
        (Some(v), _) => format!("“{}”", excerpt(&v)),
        (None, "unit value") => "（空值）".into(),
        (None, "sequence") => "（一个列表）".into(),
        (None, "map") => "（一组字段）".into(),
        (None, "Option value") => "（Some/None）".into(),
        (None, _) => "（写法不对）".into(),
    }
}

fn translate_serde_message(m: &str) -> String {
    // The value serde names after `invalid type: ` / `invalid value: `, up to the comma.
    let value = m
        .split_once(": ")
        .map(|(_, rest)| rest.split(", expected").next().unwrap_or(rest))
        .map(found_zh)
        .unwrap_or_default();
    if m.contains("Decimal") {
        format!("分值应写成带双引号的数字，如 \"0.5\"（现为{value}）")
    } else if m.starts_with("invalid type") {
        format!("类型不对（现为{value}）")
    } else if m.starts_with("invalid value") {
        format!("取值无效（现为{value}）")
    } else if !m.is_ascii() {
        // Our own messages (a repeated key…) are Chinese already.
        format!("格式错误（{m}）")
    } else {
        "格式错误：文件可能被截断或被手工改坏了".into()
    }
}

impl Ruleset {
    /// Parses a ruleset from RON text. `source` names the file in messages.
    pub fn from_ron(text: &str, source: &str) -> Result<Ruleset, RonLoadError> {
        ron::from_str(text).map_err(|e| RonLoadError::new(source, text, &e))
    }
}

impl crate::ledger::Ledger {
    /// Parses a list of 台账 (a scheme's companion file, `X.ledgers.ron`) from RON text.
    pub fn list_from_ron(text: &str, source: &str) -> Result<Vec<Self>, RonLoadError> {
        ron::from_str(text).map_err(|e| RonLoadError::new(source, text, &e))
    }
}

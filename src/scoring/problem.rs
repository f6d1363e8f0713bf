//! What the engine tells the user: a problem (error, warning, unfilled) with where it is
//! and what it is about as data, so the window and the PDF choose by kind, never by the
//! words of a message; and the question a warning may ask (确认无误).

use super::Fact;
use serde::Serialize;

/// What a problem is about, so a panel can show it beside the right input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum About {
    /// A header field: 填报单位, 乡镇数, 联系人, 电话.
    Header,
    /// The input of one rule (`Problem::rule` names it).
    Input,
    /// An input in the file that the item has no rule for.
    UnknownInput,
    /// The item as a whole: not filled, not filled in full.
    Item,
    /// The manual self score's value.
    ManualScore,
    /// The manual self score's reason.
    ManualReason,
    /// The municipal office's 考核得分 of the item.
    ReviewedScore,
    /// The review as a whole: its state, the reason of a return.
    Review,
    /// The item's rules themselves (an error in the ruleset).
    Ruleset,
    /// Required 佐证材料.
    Evidence,
    /// An item the municipal office returned with its words on it (退回通知), not yet changed.
    ReturnOpinion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ProblemKind {
    Error,
    Warning,
    Unfilled,
}

/// Something the user should see: an error, a warning, or something not yet filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub item: Option<String>,
    pub rule: Option<String>,
    /// What the problem is about (which input a panel shows it under).
    pub about: About,
    /// Where, in words: 办公室工作 第1项.
    pub location: String,
    pub message: String,
    /// A warning that asks the clerk something (是否为87%？, required 佐证材料 missing): she
    /// fixes it or answers 确认无误. Until then the sheet is not final (printed as 草稿).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
}

/// What a warning asks, and whether it was answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Stable within the item: what is asked and about which value (`percent:rate:0.87`).
    pub key: String,
    /// Answered 确认无误 (stored in `ItemEntry::confirmed`).
    pub confirmed: bool,
}

impl Problem {
    /// A warning still waiting for the clerk's answer.
    pub fn is_open_question(&self) -> bool {
        self.kind == ProblemKind::Warning && self.question.as_ref().is_some_and(|q| !q.confirmed)
    }

    /// A warning the clerk answered 确认无误: shown as such, no longer counted as a problem.
    pub fn is_confirmed(&self) -> bool {
        self.question.as_ref().is_some_and(|q| q.confirmed)
    }
}

/// The key of the question a percent typed as a fraction asks (`percent:rate:0.87`).
pub fn percent_question_key(rule_id: &str, fact: Option<&Fact>) -> String {
    let value = match fact {
        Some(Fact::Number(d)) => d.normalize().to_string(),
        Some(Fact::Text(t)) => t.trim().to_string(),
        Some(Fact::Flag(b)) => b.to_string(),
        None => String::new(),
    };
    format!("percent:{rule_id}:{value}")
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            _ if self.is_confirmed() => "已确认无误",
            ProblemKind::Error => "错误",
            ProblemKind::Warning => "警告",
            ProblemKind::Unfilled => "未填",
        };
        if self.location.is_empty() {
            write!(f, "【{kind}】{}", self.message)
        } else {
            write!(f, "【{kind}】{}：{}", self.location, self.message)
        }
    }
}

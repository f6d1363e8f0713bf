//! How far the departments have scored: per category of the scheme, which units with a
//! file have a 考核得分 on every item of it (维权工作 13/13, 儿童工作 9/13). The 通报 stays a
//! 征求意见稿 until every category of every unit is scored.

use super::Summary;

/// One category's scoring across the units received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryProgress {
    pub category: String,
    /// Units whose every item of the category has a 考核得分, in the scheme's order.
    pub scored: Vec<String>,
    /// Units with a file whose category is not yet wholly scored.
    pub open: Vec<String>,
}

impl CategoryProgress {
    /// 维权工作 9/13.
    pub fn count_words(&self) -> String {
        format!(
            "{} {}/{}",
            self.category,
            self.scored.len(),
            self.scored.len() + self.open.len()
        )
    }

    pub fn done(&self) -> bool {
        self.open.is_empty()
    }
}

impl Summary {
    /// Per category, the units received (once each; a unit with two files is not scored
    /// until one is kept) whose items of it all have a 考核得分.
    pub fn scoring_progress(&self) -> Vec<CategoryProgress> {
        let rs = &self.ruleset.ruleset;
        let mut start = 0;
        let mut out = Vec::new();
        for cat in &rs.categories {
            let range = start..start + cat.items.len();
            start = range.end;
            let mut progress = CategoryProgress {
                category: cat.name.clone(),
                scored: Vec::new(),
                open: Vec::new(),
            };
            for row in &self.rows {
                let Some(s) = &row.sheet else { continue };
                if progress.scored.contains(&row.unit_name)
                    || progress.open.contains(&row.unit_name)
                {
                    continue;
                }
                let all = !row.duplicate
                    && s.item_scores
                        .get(range.clone())
                        .is_some_and(|items| items.iter().all(|(_, reviewed)| reviewed.is_some()));
                if all {
                    progress.scored.push(row.unit_name.clone());
                } else {
                    progress.open.push(row.unit_name.clone());
                }
            }
            out.push(progress);
        }
        out
    }

    /// Every category of every unit received is scored.
    pub fn all_scored(&self) -> bool {
        self.scoring_progress().iter().all(CategoryProgress::done)
    }

    /// Any 考核得分 at all: before the first, there is no scoring to report on.
    pub fn any_scored(&self) -> bool {
        self.rows
            .iter()
            .filter_map(|r| r.sheet.as_ref())
            .any(|s| s.reviewed_items > 0)
    }
}

//! The scheme as a workbook (`.xlsx`) that the municipal office fills in with WPS or Excel:
//! what its sheets and columns are, shared by the writer (`write`, `kaoping ruleset export`)
//! and the reader (`read`, which makes a `Ruleset` of it and says what is wrong cell by
//! cell). The workbook is only another spelling of the RON file: reading it gives the very
//! `Ruleset` the RON gives, and its RON text (`ron_text`) is what a sheet made on it carries.

mod hidden;
mod ledgers;
mod precheck;
mod read;
mod read_items;
mod read_sheets;
mod tables;
mod write;

pub use read::{
    CellError, CellPlaces, Unreadable, WorkbookRead, read_workbook, read_workbook_all, row_place,
    sheet_names,
};
pub use tables::{Table, read_tables};
pub use write::write_workbook;

use crate::ruleset::{Ruleset, StepCounting};

/// The sheets, in the order they are written.
pub const SHEET_GUIDE: &str = "说明";
pub const SHEET_BASICS: &str = "基本信息";
pub const SHEET_CLASSES: &str = "单位类别";
pub const SHEET_UNITS: &str = "单位";
pub const SHEET_FIGURES: &str = "单位填报数字";
pub const SHEET_ITEMS: &str = "考核项目";
pub use ledgers::{SHEET_FEEDS, SHEET_LEDGERS};
/// What a message names when it is about the file as a whole, not one sheet.
pub const WHOLE_BOOK: &str = "工作簿";

/// Whether a path names a workbook (by its extension, as the office saves it).
pub fn is_workbook(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Whether a file is a scheme's workbook (an `.xlsx` with the sheets 基本信息 and 考核项目),
/// not some other spreadsheet.
pub fn is_scheme_workbook(path: &std::path::Path) -> bool {
    if !is_workbook(path) {
        return false;
    }
    let Ok(bytes) = crate::fsio::read_limited(path, crate::fsio::MAX_FILE_BYTES) else {
        return false;
    };
    read::sheet_names(&bytes).is_some_and(|names| {
        names.iter().any(|n| n == SHEET_ITEMS) && names.iter().any(|n| n == SHEET_BASICS)
    })
}

/// The rows of 基本信息: (label, what it means).
pub const BASICS: [(&str, &str); 11] = [
    (
        "规则编号",
        "考评表文件用它找到这份规则，如 yueyang-2016；只用小写字母、数字和连字符",
    ),
    (
        "版本",
        "如 1.0.0；发布后再改规则时把版本改大，已填的表仍按原版本核算",
    ),
    ("年度", "考核的年度，如 2016"),
    (
        "标题",
        "考评表的标题，如 2016年县市区妇联工作绩效考核自评表",
    ),
    ("发文单位", "如 岳阳市妇女联合会"),
    ("满分", "各类别分值之和，如 100（加分项不计在内）"),
    ("表注", "印在表格下方的注，如 注：扣完本项标准分为止"),
    ("截止日期", "报送截止日期，写成 2017-01-12；没有就空着"),
    ("截止日期的依据", "截止日期出自哪里（通知的原话），可空着"),
    (
        "等次（按分数）",
        "考核通报按总分评定的等次，如 优秀:90,良好:80,合格:60；不设就空着",
    ),
    (
        "奖项（按名额）",
        "考核通报在各类单位中分别评奖，如 一等奖:1,二等奖:2,三等奖:3；不设就空着（与等次只设一种）",
    ),
];

/// A rule kind as the author picks it from the 规则类型 list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindName {
    DeductIfNot,
    AwardIf,
    Shortfall,
    PerOccurrence,
    Proportional,
    RateStep,
    Judgement,
    Bonus,
}

impl KindName {
    pub const ALL: [KindName; 8] = [
        KindName::DeductIfNot,
        KindName::AwardIf,
        KindName::Shortfall,
        KindName::PerOccurrence,
        KindName::Proportional,
        KindName::RateStep,
        KindName::Judgement,
        KindName::Bonus,
    ];

    pub fn label(self) -> &'static str {
        match self {
            KindName::DeductIfNot => "未做到扣分",
            KindName::AwardIf => "做到计分",
            KindName::Shortfall => "少于目标按数扣分",
            KindName::PerOccurrence => "按次数扣分",
            KindName::Proportional => "按完成比例扣分",
            KindName::RateStep => "比率分档扣分",
            KindName::Judgement => "评定打分",
            KindName::Bonus => "加分项",
        }
    }

    pub fn from_label(text: &str) -> Option<KindName> {
        KindName::ALL.into_iter().find(|k| k.label() == text.trim())
    }

    /// What the kind means and which columns it needs, for 说明 and the cell note.
    pub fn explained(self) -> &'static str {
        match self {
            KindName::DeductIfNot => "单位勾选是否做到，没做到扣“扣分/计分”列的分数",
            KindName::AwardIf => {
                "单位勾选是否做到，做到计“扣分/计分”列的分数（一组都是计分规则时从0分加起）"
            }
            KindName::Shortfall => {
                "单位填数量，比目标每少1个（计量单位）扣“扣分/计分”列的分数；目标写在目标列"
            }
            KindName::PerOccurrence => "单位填次数，每次扣“扣分/计分”列的分数",
            KindName::Proportional => "单位填完成数，按少完成的数占目标的比例扣“扣分/计分”列的分数",
            KindName::RateStep => "单位填百分比，低于阈值时每低一个步长扣“扣分/计分”列的分数",
            KindName::Judgement => "由评定打分，0分到“扣分/计分”列的分数",
            KindName::Bonus => {
                "加分项：单位填数量（如获省级表彰的项数），每1个加“扣分/计分”列的分数，最多加到标准分；这类项目单独放在一个类别里，不计在满分之内（总分可以超过满分）"
            }
        }
    }
}

/// The 不满一步长 column: how a rate below the threshold is cut into steps.
pub fn steps_label(steps: StepCounting) -> &'static str {
    match steps {
        StepCounting::FullSteps => "不计",
        StepCounting::StartedSteps => "计一步",
    }
}

pub fn steps_from_label(text: &str) -> Option<StepCounting> {
    match text.trim() {
        "不计" | "" => Some(StepCounting::FullSteps),
        "计一步" => Some(StepCounting::StartedSteps),
        _ => None,
    }
}

/// Marks a required 佐证材料 in the 佐证材料 column: 活动图片（必交）；调研报告.
pub const REQUIRED_MARK: &str = "（必交）";

/// The columns of 考核项目, with the class target columns in the scheme's class order.
#[derive(Debug, Clone)]
pub struct ItemColumns {
    /// Every header, in order.
    pub headers: Vec<String>,
    /// The class ids whose targets the `目标·{name}` columns hold, in order.
    pub classes: Vec<String>,
}

/// Fixed columns of 考核项目, before and after the class target columns.
pub mod col {
    pub const CATEGORY: &str = "类别";
    pub const CATEGORY_POINTS: &str = "类别分值";
    pub const CATEGORY_ID: &str = "类别编号";
    pub const NUMBER: &str = "序号";
    pub const ITEM_ID: &str = "项目编号";
    pub const CONTENT: &str = "考核内容";
    pub const RULE_TEXT: &str = "考核说明";
    pub const POINTS: &str = "标准分";
    pub const PART: &str = "分项";
    pub const PART_POINTS: &str = "分项分值";
    pub const PART_ID: &str = "分项编号";
    pub const RULE: &str = "规则名称";
    pub const RULE_ID: &str = "规则编号";
    pub const KIND: &str = "规则类型";
    /// Before the class name: 目标·县市.
    pub const TARGET_OF: &str = "目标·";
    pub const TARGET_FIXED: &str = "目标·各单位相同";
    pub const TARGET_FIGURE: &str = "目标·按数字";
    pub const FACTOR: &str = "倍数";
    pub const AMOUNT: &str = "扣分/计分";
    pub const UNIT: &str = "计量单位";
    pub const THRESHOLD: &str = "阈值(%)";
    pub const STEP: &str = "步长";
    pub const PARTIAL_STEP: &str = "不满一步长";
    pub const READING: &str = "本程序的理解";
    pub const EVIDENCE: &str = "佐证材料";
}

impl ItemColumns {
    pub fn of(rs: &Ruleset) -> ItemColumns {
        let mut headers: Vec<String> = [
            col::CATEGORY,
            col::CATEGORY_POINTS,
            col::CATEGORY_ID,
            col::NUMBER,
            col::ITEM_ID,
            col::CONTENT,
            col::RULE_TEXT,
            col::POINTS,
            col::PART,
            col::PART_POINTS,
            col::PART_ID,
            col::RULE,
            col::RULE_ID,
            col::KIND,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        headers.extend(
            rs.classes
                .iter()
                .map(|c| format!("{}{}", col::TARGET_OF, c.name)),
        );
        headers.extend(
            [
                col::TARGET_FIXED,
                col::TARGET_FIGURE,
                col::FACTOR,
                col::AMOUNT,
                col::UNIT,
                col::THRESHOLD,
                col::STEP,
                col::PARTIAL_STEP,
                col::READING,
                col::EVIDENCE,
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        ItemColumns {
            headers,
            classes: rs.classes.iter().map(|c| c.id.clone()).collect(),
        }
    }

    /// The column of a header (0-based).
    pub fn index(&self, header: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == header)
    }
}

/// What a column of 考核项目 means, for its header's cell note.
pub fn column_note(header: &str) -> Option<String> {
    let kinds: Vec<String> = KindName::ALL
        .iter()
        .map(|k| format!("{}：{}", k.label(), k.explained()))
        .collect();
    Some(match header {
        col::CATEGORY => "类别名称，如 办公室工作。只在每个类别的第一行写；下面空着的行属于同一类别".into(),
        col::CATEGORY_POINTS => "这个类别的分值（各项目标准分之和）".into(),
        col::CATEGORY_ID => "类别的编号（小写字母），考评表文件用它；新类别可空着，程序自动编号".into(),
        col::NUMBER => "项目在类别中的序号：1、2、3……".into(),
        col::ITEM_ID => "项目的编号，如 office.info；考评表文件和各年度对照都用它，已有项目不要改。新项目可空着，程序按“类别编号.序号”编号".into(),
        col::CONTENT => "考核内容，照方案原文".into(),
        col::RULE_TEXT => "考核说明，照方案原文。程序会把其中的分数、目标数与右边的规则对照，不一致时提示".into(),
        col::POINTS => "项目的标准分".into(),
        col::PART => "项目分成几部分各自计分时（①②③），每部分的名称；不分就空着".into(),
        col::PART_POINTS => "这一部分的分值".into(),
        col::PART_ID => "这一部分的编号，可空着".into(),
        col::RULE => "单位填表时在输入框旁看到的文字，如 市妇联采用信息。一个项目有几条规则时，每条一行，项目那几列空着".into(),
        col::RULE_ID => "规则的编号，同一项目内不重复；可空着，程序自动编号".into(),
        col::KIND => format!(
            "从下拉列表中选择。空着（且右边都空着）：整项由评定打分。\n{}",
            kinds.join("\n")
        ),
        col::TARGET_FIXED => "目标数，各单位相同时写在这里（如 5 场）".into(),
        col::TARGET_FIGURE => "目标按单位填报的数字计算时，写数字的名称（如 乡镇数），倍数写在右边一列".into(),
        col::FACTOR => "目标 = 单位填报的数字 × 倍数".into(),
        col::AMOUNT => "未做到扣分、做到计分：扣（计）的分数；少于目标按数扣分、按次数扣分、比率分档扣分：每个（每次、每档）扣的分数；按完成比例扣分：按比例扣的总分；评定打分：最高分；加分项：每个加的分数".into(),
        col::UNIT => "计数的单位：条、篇、场、次、个……".into(),
        col::THRESHOLD => "比率分档扣分：达到这个百分比不扣分（如 90）".into(),
        col::STEP => "比率分档扣分：每低这么多个百分点扣一次（如 5）".into(),
        col::PARTIAL_STEP => "比率分档扣分：不满一个步长时“不计”（默认）或“计一步”".into(),
        col::READING => "原文有歧义时，程序怎样理解它；印在计算说明里，市妇联可以改".into(),
        col::EVIDENCE => format!(
            "这一项要求或建议的佐证材料，用“；”分开；必须提交的在后面加“{REQUIRED_MARK}”"
        ),
        h if h.starts_with(col::TARGET_OF) => format!(
            "目标数按单位类别不同时，{}类单位的目标",
            &h[col::TARGET_OF.len()..]
        ),
        _ => return None,
    })
}

/// The RON text of a ruleset, as `ruleset import` writes it and as a sheet made on a workbook
/// carries it: the same value always gives the same text (so the same SHA-256).
pub fn ron_text(rs: &Ruleset) -> Result<String, String> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_string());
    let body =
        ron::ser::to_string_pretty(rs, config).map_err(|e| format!("无法写出考核规则：{e}"))?;
    Ok(format!(
        "// {} — 由考核方案表格生成（kaoping ruleset import）。\n{body}\n",
        rs.title
    ))
}

/// An Excel column letter for a 0-based index: 0 → A, 27 → AB.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

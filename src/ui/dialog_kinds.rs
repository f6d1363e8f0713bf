//! What a modal dialog asks, as data: the window's dialogs (`dialogs.rs`) draw it and the
//! file chooser (`file_picker.rs`) fills it in. Nothing here knows the app.

use crate::document::Pending;
use crate::export::ExportFormat;
use crate::recovery::Draft;
use crate::sheet::FILE_EXTENSION;
use crate::ui::folder_list::{FolderList, Listed};
use std::path::{Path, PathBuf};

/// The extension of a ruleset file.
pub const RULESET_EXTENSION: &str = "ron";
/// A scheme written as a workbook is a ruleset too.
pub const WORKBOOK_EXTENSION: &str = "xlsx";

/// A modal dialog; only one at a time.
#[derive(Debug, Clone)]
pub enum Dialog {
    Message {
        title: String,
        body: String,
    },
    Unsaved(Pending),
    /// A save would replace another sheet at `path` (not the one open): `what` says whose,
    /// when saved, with how many 佐证材料. `own_file`: it is this sheet's own file, saved by
    /// another window or program since it was opened. (What waits for the save waits in the
    /// queue.)
    ReplaceSheet {
        path: PathBuf,
        what: String,
        own_file: bool,
    },
    Restore {
        path: PathBuf,
        draft: Draft,
    },
    /// The sheet has unfilled items, errors or warnings not answered: print it marked 草稿?
    ConfirmDraft {
        /// What is not filled, in words (44项、表头3处), if anything.
        unfilled: Option<String>,
        errors: usize,
        /// Each warning still asking something, with where.
        questions: Vec<String>,
    },
    /// A path asked in the window itself, when no system dialog can appear.
    PathEntry(PathEntry),
    /// What checking a ruleset file found; with no error it can be used for new sheets.
    Ruleset(RulesetReport),
    /// 新建 with more than one scheme known: which one (index into the usable rulesets).
    ChooseRuleset {
        choice: usize,
    },
    /// Work running beside the window (packaging, reading a folder, writing the 通报): how
    /// far it has got, and 取消.
    Working(crate::ui::jobs::Job),
    /// One 台账 entry being added or changed: its date, 事由 and figures as typed.
    LedgerEntry(EntryForm),
    /// 不予认定 of a 台账 entry (review mode): why, as typed.
    StrikeEntry {
        ledger: String,
        id: u32,
        /// What the entry is, for the heading: 讲座“城关镇社区普法讲座”（2015-03-08）.
        what: String,
        why: String,
        error: Option<String>,
    },
    /// 分发评分表: which category (or all) and whether the 佐证材料 go beside it.
    Distribute(DistributeForm),
    /// 收回评分表: what checking a filled 评分表 found, and the rows chosen to merge.
    Collect(Box<CollectForm>),
    /// 结束部门评分 (or the window closed: `closing`) with scores not saved as a workbook.
    DepartmentUnsaved {
        closing: bool,
    },
    /// What a 提交包 will hold, its size and what is missing, before asking where.
    Package {
        file_name: String,
        files: usize,
        /// What is in it, in words (考评表、打印稿、3个佐证材料).
        contents: String,
        bytes: u64,
        missing: Vec<String>,
    },
}

/// The form of one 台账 entry (a dialog): which ledger, which entry (`None`: a new one), what
/// is typed so far, and why 确定 did not take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryForm {
    pub ledger: String,
    pub id: Option<u32>,
    pub draft: crate::document::EntryDraft,
    pub error: Option<String>,
}

/// 分发评分表 as being chosen: the scheme's categories, the one chosen (`None`: all) and
/// whether the units' 佐证材料 are copied beside the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributeForm {
    pub categories: Vec<String>,
    pub chosen: Option<usize>,
    pub files: bool,
    /// 部门评分 here rather than a workbook: one category, no files.
    pub score_here: bool,
}

/// 收回评分表 as being answered: the workbook, what checking it found, the inbox it was
/// judged against, and which right rows are ticked (by index into `checked.rows`).
#[derive(Debug, Clone)]
pub struct CollectForm {
    pub path: PathBuf,
    pub checked: crate::scoring_sheet::Checked,
    pub inbox: crate::scoring_sheet::Inbox,
    pub chosen: Vec<bool>,
}

impl PartialEq for CollectForm {
    /// The same workbook with the same rows ticked (the inbox read with it goes along).
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.chosen == other.chosen && self.checked == other.checked
    }
}

impl Eq for CollectForm {}

/// What a path is chosen for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Save the sheet.
    SaveSheet,
    OpenSheet,
    /// Export the comparison in this format.
    Export(ExportFormat),
    /// A folder of sheets to compare.
    CompareFolder,
    /// A file to attach to this item as 佐证材料.
    AddEvidence(String),
    /// Where the sheet's 台账 go, as a workbook.
    ExportLedgers,
    /// A table kept in WPS/Excel to import into this ledger.
    ImportLedger(String),
    /// Files for a 台账 entry: its ledger and id.
    AddLedgerFile {
        ledger: String,
        id: u32,
    },
    /// The scanned signed and sealed pages.
    AddScan,
    /// Where the 提交包 goes.
    WritePackage,
    /// A ruleset file to check and use for new sheets.
    OpenRuleset,
    /// A ruleset file to preview while it is written.
    PreviewRuleset,
    /// Where the years side by side (年度对照表) go, as CSV.
    ExportYears,
    /// Where the scheme goes as a workbook (.xlsx) for WPS/Excel.
    ExportScheme,
    /// The folder that gets one blank sheet per unit (发布空白表).
    BlankSheets,
    /// Where the 考核通报 goes, as a PDF or a Word file.
    ExportBulletin(crate::bulletin::BulletinFile),
    /// Where this PC's office key goes (for the office's other PC).
    ExportKey,
    /// The office key of another of the office's PCs.
    ImportKey,
    /// Where a department's 评分表 goes: its category (`None`: all), with the 佐证材料?
    ExportScoringSheet {
        category: Option<String>,
        files: bool,
    },
    /// A filled 评分表 to merge back.
    ImportScoringSheet,
    /// Where a department's scoring done here goes, as a 评分表 workbook (`close`: the
    /// window closes after it, as asked when closing).
    SaveDepartmentSheet {
        close: bool,
    },
}

/// A ruleset file as checked, for the dialog that says what was found.
#[derive(Debug, Clone)]
pub struct RulesetReport {
    pub path: PathBuf,
    /// 2016年县市区…（yueyang-2016 版本 1.0.0）, when it could be read.
    pub name: Option<String>,
    /// Errors and warnings, each with its line.
    pub lines: Vec<crate::ruleset_watch::CheckLine>,
    /// No errors: it was added to the known rulesets.
    pub usable: bool,
    /// Its hash, when usable (a new sheet is made on exactly this text).
    pub sha256: Option<String>,
    /// Against the scheme with the nearest id or year: what changed, by item.
    pub changes: Vec<String>,
}

impl Purpose {
    /// The word on the button that takes the path: 保存, 导出, 打开 …
    pub fn verb(&self) -> &'static str {
        match self {
            Purpose::SaveSheet => "保存",
            Purpose::Export(_)
            | Purpose::ExportYears
            | Purpose::ExportScheme
            | Purpose::ExportBulletin(_)
            | Purpose::ExportLedgers
            | Purpose::ExportKey => "导出",
            Purpose::ImportKey | Purpose::ImportLedger(_) => "导入",
            Purpose::ExportScoringSheet { .. } => "分发",
            Purpose::SaveDepartmentSheet { .. } => "保存",
            Purpose::ImportScoringSheet => "收回",
            Purpose::BlankSheets => "发布",
            Purpose::WritePackage => "生成",
            Purpose::AddEvidence(_) | Purpose::AddLedgerFile { .. } | Purpose::AddScan => "添加",
            Purpose::OpenSheet | Purpose::CompareFolder | Purpose::OpenRuleset => "打开",
            Purpose::PreviewRuleset => "预览",
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Purpose::SaveSheet => "保存考评表",
            Purpose::OpenSheet => "打开考评表",
            Purpose::Export(ExportFormat::Xlsx) => "导出 Excel",
            Purpose::Export(ExportFormat::Csv) => "导出 CSV",
            Purpose::Export(ExportFormat::Pdf) => "打印汇总表（PDF）",
            Purpose::CompareFolder => "选择存放考评表的文件夹",
            Purpose::AddEvidence(_) => "添加佐证材料",
            Purpose::AddLedgerFile { .. } => "添加台账记录的佐证材料",
            Purpose::AddScan => "添加盖章扫描件",
            Purpose::WritePackage => "生成提交包",
            Purpose::OpenRuleset => "打开考核规则",
            Purpose::PreviewRuleset => "预览考核规则",
            Purpose::ExportYears => "导出年度对照表（CSV）",
            Purpose::ExportScheme => "导出考核方案表格（Excel）",
            Purpose::ExportLedgers => "导出台账（Excel）",
            Purpose::ImportLedger(_) => "从表格导入台账",
            Purpose::BlankSheets => "发布空白表：选择存放各单位空白考评表的文件夹",
            Purpose::ExportBulletin(crate::bulletin::BulletinFile::Pdf) => "导出考核通报（PDF）",
            Purpose::ExportBulletin(crate::bulletin::BulletinFile::Word) => "导出考核通报（Word）",
            Purpose::ExportKey => "导出审核密钥（只在本处的电脑之间复制）",
            Purpose::ImportKey => "导入审核密钥",
            Purpose::ExportScoringSheet { .. } => "分发评分表：保存评分表（Excel）",
            Purpose::ImportScoringSheet => "收回评分表：选择填好的评分表（Excel）",
            Purpose::SaveDepartmentSheet { .. } => "保存评分表（Excel），交回办公室",
        }
    }

    /// The extension a chosen file gets when the user typed none.
    pub fn extension(&self) -> Option<&'static str> {
        match self {
            Purpose::SaveSheet | Purpose::OpenSheet => Some(FILE_EXTENSION),
            Purpose::Export(f) => Some(f.extension()),
            Purpose::WritePackage => Some(crate::package::PACKAGE_EXTENSION),
            Purpose::OpenRuleset | Purpose::PreviewRuleset => Some(RULESET_EXTENSION),
            Purpose::ExportYears => Some("csv"),
            Purpose::ExportScheme
            | Purpose::ExportLedgers
            | Purpose::ImportLedger(_)
            | Purpose::ExportScoringSheet { .. }
            | Purpose::SaveDepartmentSheet { .. }
            | Purpose::ImportScoringSheet => Some(WORKBOOK_EXTENSION),
            Purpose::ExportBulletin(f) => Some(f.extension()),
            Purpose::ExportKey | Purpose::ImportKey => Some(crate::office_key::KEY_EXTENSION),
            Purpose::CompareFolder
            | Purpose::BlankSheets
            | Purpose::AddEvidence(_)
            | Purpose::AddLedgerFile { .. }
            | Purpose::AddScan => None,
        }
    }

    /// The system dialog's filter: its name and the extensions it shows.
    pub fn filter(&self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            Purpose::SaveSheet | Purpose::OpenSheet => Some(("考评表", &[FILE_EXTENSION])),
            Purpose::Export(ExportFormat::Xlsx)
            | Purpose::ExportScheme
            | Purpose::ExportLedgers
            | Purpose::ImportLedger(_)
            | Purpose::ExportScoringSheet { .. }
            | Purpose::SaveDepartmentSheet { .. }
            | Purpose::ImportScoringSheet => Some(("Excel 工作簿", &[WORKBOOK_EXTENSION])),
            Purpose::Export(ExportFormat::Csv) => Some(("CSV 文件", &["csv"])),
            Purpose::Export(ExportFormat::Pdf)
            | Purpose::ExportBulletin(crate::bulletin::BulletinFile::Pdf) => {
                Some(("PDF 文件", &["pdf"]))
            }
            Purpose::ExportBulletin(crate::bulletin::BulletinFile::Word) => {
                Some(("Word 文档", &["docx"]))
            }
            Purpose::WritePackage => Some(("提交包", &[crate::package::PACKAGE_EXTENSION])),
            Purpose::OpenRuleset | Purpose::PreviewRuleset => Some((
                "考核规则（.ron 或考核方案表格 .xlsx）",
                &[RULESET_EXTENSION, WORKBOOK_EXTENSION],
            )),
            Purpose::ExportYears => Some(("CSV 文件", &["csv"])),
            Purpose::ExportKey | Purpose::ImportKey => {
                Some(("审核密钥", &[crate::office_key::KEY_EXTENSION]))
            }
            Purpose::CompareFolder
            | Purpose::BlankSheets
            | Purpose::AddEvidence(_)
            | Purpose::AddLedgerFile { .. }
            | Purpose::AddScan => None,
        }
    }

    pub fn saves(&self) -> bool {
        matches!(
            self,
            Purpose::SaveSheet
                | Purpose::Export(_)
                | Purpose::WritePackage
                | Purpose::ExportYears
                | Purpose::ExportScheme
                | Purpose::ExportLedgers
                | Purpose::ExportBulletin(_)
                | Purpose::ExportKey
                | Purpose::ExportScoringSheet { .. }
                | Purpose::SaveDepartmentSheet { .. }
        )
    }

    /// Chooses a folder, not a file.
    pub fn picks_folder(&self) -> bool {
        matches!(self, Purpose::CompareFolder | Purpose::BlankSheets)
    }

    /// Chooses an existing file (not a folder, not a new file).
    pub fn opens_file(&self) -> bool {
        matches!(
            self,
            Purpose::OpenSheet
                | Purpose::AddEvidence(_)
                | Purpose::AddLedgerFile { .. }
                | Purpose::AddScan
                | Purpose::OpenRuleset
                | Purpose::PreviewRuleset
                | Purpose::ImportKey
                | Purpose::ImportLedger(_)
        )
    }
}

/// The window's own path entry, shown as a dialog.
#[derive(Debug, Clone)]
pub struct PathEntry {
    pub purpose: Purpose,
    pub folder: String,
    pub name: String,
    /// The file name takes the keyboard when the dialog opens (once).
    pub focus_name: bool,
    /// The folder's files of the kind asked for, to click or pick with ↑/↓.
    pub list: FolderList,
}

impl PathEntry {
    pub fn new(purpose: Purpose, folder: &Path, name: String) -> PathEntry {
        PathEntry {
            purpose,
            folder: folder.display().to_string(),
            name,
            focus_name: true,
            list: FolderList::default(),
        }
    }
}

impl Purpose {
    /// The files of the folder listed in the window's own entry: which, the line above them,
    /// and whether several may be chosen at once.
    pub fn listed(&self) -> Option<(Listed, &'static str, bool)> {
        match self {
            Purpose::OpenSheet => Some((
                Listed::Extensions(&[
                    FILE_EXTENSION,
                    crate::package::PACKAGE_EXTENSION,
                    crate::sheet::return_notice::EXTENSION,
                ]),
                "此文件夹中的考评表、提交包和退回通知：",
                false,
            )),
            Purpose::OpenRuleset | Purpose::PreviewRuleset => Some((
                Listed::Extensions(&[RULESET_EXTENSION, WORKBOOK_EXTENSION]),
                "此文件夹中的考核规则：",
                false,
            )),
            Purpose::AddEvidence(_) | Purpose::AddLedgerFile { .. } => Some((
                Listed::AnyFile,
                "此文件夹中的文件（最新的在前，可勾选多个）：",
                true,
            )),
            Purpose::AddScan => Some((
                Listed::Extensions(&["jpg", "jpeg", "png", "tif", "tiff", "bmp", "gif", "pdf"]),
                "此文件夹中的图片和 PDF：",
                false,
            )),
            Purpose::ImportKey => Some((
                Listed::Extensions(&[crate::office_key::KEY_EXTENSION]),
                "此文件夹中的审核密钥：",
                false,
            )),
            _ => None,
        }
    }
}

/// Where a file is saved first: the user's documents folder, else the home folder.
pub fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Which page of the help is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    Guide,
    Keys,
    About,
    /// The licence text of `FONTS[n]`.
    Licence(usize),
}

/// What a person answered in a dialog, as a value (`Command::Answered`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogAnswer {
    Dismiss,
    Ruleset(RulesetAnswer),
    NewOn(String),
    PathsChosen(Purpose, Vec<PathBuf>),
    SaveThen(Pending),
    DiscardThen(Pending),
    Restore(PathBuf, Draft),
    DropDraft(PathBuf),
    PrintDraft,
    Replace(PathBuf),
    SaveElsewhere(PathBuf),
    NotSaved,
    PackagePath(String),
    ShrinkImages,
    /// 确定 on a 台账 entry that checks (added, or changed when it has an id).
    LedgerEntry(EntryForm),
    /// 分发评分表's category (`None`: all) and whether the 佐证材料 go along.
    Distribute {
        category: Option<String>,
        files: bool,
    },
    /// 收回评分表: merge the ticked rows.
    Collect(Box<CollectForm>),
    /// 部门评分 of this category, here.
    ScoreCategory(String),
    /// 部门评分 ended: save it first, or let it go.
    DepartmentSave {
        closing: bool,
    },
    DepartmentDiscard {
        closing: bool,
    },
    /// 确定 on 不予认定 with its reason.
    StrikeEntry {
        ledger: String,
        id: u32,
        why: String,
    },
}

/// What was pressed in the ruleset dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesetAnswer {
    NewOn(String),
    Preview(std::path::PathBuf),
    Close,
}

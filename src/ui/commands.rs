//! Every action is one command with its label, tooltip and shortcut, used alike by the menu,
//! the toolbar and the keyboard. Panels only queue a command (`KaopingApp::queue`); the app
//! runs the queue after the frame, in one place (`KaopingApp::run_queued`), so no action
//! changes the document halfway through drawing it.

use crate::document::{Mode, Pending};
use crate::ui::dialog_kinds::HelpPage;
use egui::gui_zoom::kb_shortcuts;
use egui::{Key, KeyboardShortcut, Modifiers};

/// What the central area shows: the sheet, or the comparison of many sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Sheet,
    Comparison,
    /// The 考核通报 made from the comparison (`ui/bulletin`).
    Bulletin,
    /// A ruleset file being written, shown as the sheet a clerk will see (`preview.rs`).
    Preview,
    /// Where the open sheet stands on a day, from its 台账 (`progress_view`).
    Progress,
    /// A department scoring its category of the inbox (`department`).
    Department,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 审核人: the name a 考核得分 given in review mode is recorded under.
    SetReviewer(String),
    /// 导出台账…: every 台账 of the sheet as a workbook.
    ExportLedgers,
    /// 从表格导入… of one ledger: a table kept in WPS/Excel.
    ImportLedger(String),
    /// 打印进度表: the 进度 of that day as a PDF beside the sheet.
    PrintProgress(String),
    /// 不予认定… of a 台账 entry (review mode): asks why.
    StrikeEntry {
        ledger: String,
        id: u32,
    },
    /// 添加文件… of a 台账 entry.
    AttachLedgerFile {
        ledger: String,
        id: u32,
    },
    /// The 台账 entry form for a ledger: a new entry, or the entry of that id.
    LedgerEntry {
        ledger: String,
        id: Option<u32>,
    },
    New,
    Open,
    Save,
    SaveAs,
    Print,
    /// 撤销 / 重做 the last step of the sheet (Ctrl+Z; Ctrl+Y or Ctrl+Shift+Z).
    Undo,
    Redo,
    AddScan,
    MakePackage,
    OpenRuleset,
    PreviewRuleset,
    /// 导出考核方案表格…: the scheme as a workbook for WPS/Excel.
    ExportScheme,
    /// 发布空白表…: one blank sheet per unit into a folder.
    PublishBlankSheets,
    /// 导出审核密钥…: this PC's office key, for the office's other PC.
    ExportKey,
    /// 导入审核密钥…: the key of the office's other PC, so its reviews count here.
    ImportKey,
    PreviousItem,
    NextItem,
    NextProblem,
    ShowProblems,
    Help,
    /// Another page of the help (快捷键, 关于).
    HelpPage(HelpPage),
    ZoomIn,
    ZoomOut,
    ZoomReset,
    /// 填报模式 / 审核模式 (asks about unsaved work of the other mode first).
    SwitchMode(Mode),
    /// 考评表 / 汇总比较.
    ShowView(View),
    /// What was waiting for a save (保存修改？ answered 保存): done once the sheet is saved,
    /// kept queued while the window still asks where to save, dropped if the save was
    /// cancelled or failed (the unsaved work stays).
    AfterSave(Pending),
    /// A file handed to the system's program (a 佐证材料, a scan, the folder of a file written).
    OpenWithSystem(std::path::PathBuf),
    /// 添加文件… for an item (by id): asks for the file; a new sheet is saved first.
    AttachEvidence(String),
    /// A change to the sheet a panel asked for (`SheetCtx::edit`).
    Edit(crate::document::Edit),
    /// What a person answered in a dialog.
    Answered(crate::ui::dialog_kinds::DialogAnswer),
    /// The ruleset preview's bar: 重新读取 / 示例填写, or 关闭预览.
    PreviewBar(crate::ui::scheme::preview::BarAnswer),
    /// One of the 汇总 menu's and the comparison view's actions.
    Compare(CompareCommand),
}

/// What the comparison view asks for; the app runs it after the frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareCommand {
    /// 汇总比较: show the view.
    Show,
    AddFiles,
    AddFolder,
    /// 刷新: read every file again.
    Reload,
    Export(crate::export::ExportFormat),
    /// 导出对照表 CSV…
    ExportYears,
    /// 按项目对照各年度.
    Years,
    /// 清空汇总.
    Clear,
    /// 移出: one file out of the comparison (the file itself untouched).
    Exclude(std::path::PathBuf),
    /// A row's sheet opened (asks about unsaved work first).
    OpenSheet(std::path::PathBuf),
    /// 导出 PDF… / 导出 Word… of the 通报 shown.
    ExportBulletin(crate::bulletin::BulletinFile),
    /// 分发评分表…: a department's 评分表 from the files compared.
    Distribute,
    /// 收回评分表…: a filled 评分表 checked and merged.
    Collect,
    /// 部门评分…: a department scores its category here, one unit at a time.
    ScoreCategory,
}

impl Command {
    pub const FILE: [Command; 11] = [
        Command::New,
        Command::Open,
        Command::OpenRuleset,
        Command::ExportScheme,
        Command::PublishBlankSheets,
        Command::Save,
        Command::SaveAs,
        Command::Print,
        Command::AddScan,
        Command::MakePackage,
        Command::ExportLedgers,
    ];
    /// The buttons always in view, beside the menus.
    pub const TOOLBAR: [Command; 5] = [
        Command::New,
        Command::Open,
        Command::Save,
        Command::Print,
        Command::NextProblem,
    ];
    pub const ZOOM: [Command; 3] = [Command::ZoomIn, Command::ZoomOut, Command::ZoomReset];
    pub const NAVIGATE: [Command; 4] = [
        Command::PreviousItem,
        Command::NextItem,
        Command::NextProblem,
        Command::ShowProblems,
    ];

    pub fn label(&self) -> &'static str {
        match self {
            Command::New => "新建",
            Command::Open => "打开…",
            Command::Save => "保存",
            Command::SaveAs => "另存为…",
            Command::Print => "打印…",
            Command::Undo => "撤销",
            Command::Redo => "重做",
            Command::AddScan => "添加盖章扫描件…",
            Command::MakePackage => "生成提交包…",
            Command::OpenRuleset => "打开考核规则…",
            Command::PreviewRuleset => "规则预览…",
            Command::ExportScheme => "导出考核方案表格…",
            Command::PublishBlankSheets => "发布空白表…",
            Command::ExportKey => "导出审核密钥…",
            Command::ImportKey => "导入审核密钥…",
            Command::PreviousItem => "上一项",
            Command::NextItem => "下一项",
            Command::NextProblem => "下一个问题",
            Command::ShowProblems => "问题列表",
            Command::Help => "使用说明",
            Command::HelpPage(HelpPage::Keys) => "快捷键",
            Command::HelpPage(HelpPage::About | HelpPage::Licence(_)) => "关于考评",
            Command::HelpPage(HelpPage::Guide) => "使用说明",
            Command::ZoomIn => "放大",
            Command::ZoomOut => "缩小",
            Command::ZoomReset => "实际大小（100%）",
            Command::SwitchMode(Mode::Fill) => "填报模式（县市区妇联）",
            Command::SwitchMode(Mode::Review) => "审核模式（市妇联）",
            Command::ShowView(View::Sheet) => "考评表",
            Command::ShowView(View::Comparison) => "汇总比较",
            Command::ShowView(View::Bulletin) => "考核通报",
            Command::ShowView(View::Preview) => "规则预览",
            Command::ShowView(View::Progress) => "进度",
            Command::ShowView(View::Department) => "部门评分",
            Command::AfterSave(_) => "",
            Command::OpenWithSystem(_) => "打开",
            Command::AttachEvidence(_) => "添加文件…",
            Command::Edit(_)
            | Command::SetReviewer(_)
            | Command::Answered(_)
            | Command::PreviewBar(_)
            | Command::Compare(_) => "",
            Command::LedgerEntry { id: None, .. } => "添加…",
            Command::AttachLedgerFile { .. } => "附件…",
            Command::StrikeEntry { .. } => "不予认定…",
            Command::PrintProgress(_) => "打印进度表",
            Command::ExportLedgers => "导出台账…",
            Command::ImportLedger(_) => "从表格导入…",
            Command::LedgerEntry { .. } => "修改…",
        }
    }

    pub fn tooltip(&self) -> &'static str {
        match self {
            Command::New => "新建一份空白考评表",
            Command::Open => "打开一份考评表文件（.kaoping）或提交包（.zip）",
            Command::Save => "保存到当前文件；新表会先询问保存位置",
            Command::SaveAs => "保存到另一个文件",
            Command::Print => "生成供签字盖章的 PDF 并打开（会先保存文件）",
            Command::Undo => "撤销上一步修改（输入、删除佐证材料、考核得分……）",
            Command::Redo => "恢复刚撤销的修改",
            Command::AddScan => "签字盖章后，把扫描的页面（图片或 PDF）加到考评表",
            Command::MakePackage => {
                "把考评表、打印稿、盖章扫描件和佐证材料打成一个 zip，用于发送给市妇联"
            }
            Command::OpenRuleset => {
                "打开市妇联发布的考核规则文件（.ron，或考核方案表格 .xlsx）：检查后可用它新建考评表，以后也记得它"
            }
            Command::PreviewRuleset => {
                "编写考核规则时用：选一个规则文件，像填表人那样看到考评表和检查结果；文件一保存就重新读取"
            }
            Command::ExportScheme => {
                "把当前考核规则导出为 Excel 表格（.xlsx）：在 WPS 或 Excel 中改成下一年的方案，再用“打开考核规则…”打开"
            }
            Command::PublishBlankSheets => {
                "按当前考核规则给每个单位新建一份空白考评表（以单位命名），放进选定的文件夹，便于分发"
            }
            Command::ExportKey => {
                "把本机的审核密钥存成文件，带到本处另一台电脑上导入，那里才认本机保存的审核。切勿发给各单位"
            }
            Command::ImportKey => {
                "导入本处另一台电脑导出的审核密钥：用它保存的审核在本机也算本处的审核"
            }
            Command::PreviousItem => "选中上一个考核项目",
            Command::NextItem => "选中下一个考核项目",
            Command::NextProblem => "跳到下一个有错误、警告或未填的项目",
            Command::ShowProblems => "列出全部错误、警告和未填项目",
            Command::Help => "填表的步骤、快捷键和本程序的说明",
            Command::HelpPage(_) => "",
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset => {
                "整个窗口的文字和控件一起放大或缩小；下次启动保持"
            }
            Command::SwitchMode(Mode::Fill) => "填写本单位的考核内容，核算自查得分",
            Command::SwitchMode(Mode::Review) => "单位填报的内容只读，逐项填写考核得分、审核状态",
            Command::ShowView(View::Sheet) => "填写或审核一份考评表",
            Command::ShowView(View::Comparison) => "比较多个单位的考评表：得分、排名、未提交",
            Command::ShowView(View::Bulletin) => {
                "由汇总比较生成考核通报：排名、等次、图表、各单位主要失分，导出 PDF"
            }
            Command::ShowView(View::Preview) => "编写中的考核规则，像填表人那样看到的考评表",
            Command::ShowView(View::Progress) => {
                "按台账的记录看某一天的进度：完成了多少、若当天结束得多少分、最省力的得分"
            }
            Command::ShowView(View::Department) => "一个部门为各单位的本类别评分",
            Command::AfterSave(_) => "",
            Command::OpenWithSystem(_) => "用系统的程序打开",
            Command::AttachEvidence(_) => "选择文件作为本项的佐证材料（复制到考评表旁边的文件夹）",
            Command::LedgerEntry { .. } => "台账的一条记录：日期、事由和要填的数字",
            Command::AttachLedgerFile { .. } => {
                "这条记录的照片、签到表等（复制到考评表旁边的文件夹）"
            }
            Command::StrikeEntry { .. } => {
                "这条记录不予认定：考核得分按其余记录重算，考核意见写明理由"
            }
            Command::PrintProgress(_) => "把这一天的进度生成 PDF（A4 横向），放在考评表旁边并打开",
            Command::SetReviewer(_) => "",
            Command::ExportLedgers => {
                "把考评表的台账导出为 Excel 表格（每个台账一张表），可在 WPS 中接着记，再导入"
            }
            Command::ImportLedger(_) => {
                "从 WPS/Excel 表格导入这个台账的记录：按表头的“日期”“事由”和字段名对应，每一行都检查，有错误时一条也不导入"
            }
            Command::Edit(_)
            | Command::Answered(_)
            | Command::PreviewBar(_)
            | Command::Compare(_) => "",
        }
    }

    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let ctrl = Modifiers::COMMAND;
        Some(match self {
            Command::New => KeyboardShortcut::new(ctrl, Key::N),
            Command::Open => KeyboardShortcut::new(ctrl, Key::O),
            Command::Save => KeyboardShortcut::new(ctrl, Key::S),
            Command::SaveAs => KeyboardShortcut::new(ctrl | Modifiers::SHIFT, Key::S),
            Command::Print => KeyboardShortcut::new(ctrl, Key::P),
            Command::Undo => KeyboardShortcut::new(ctrl, Key::Z),
            // Ctrl+Y, as in WPS and Office; Ctrl+Shift+Z is taken too (`pressed`).
            Command::Redo => KeyboardShortcut::new(ctrl, Key::Y),
            Command::NextProblem => KeyboardShortcut::new(Modifiers::NONE, Key::F8),
            Command::ShowProblems => KeyboardShortcut::new(ctrl, Key::E),
            Command::Help => KeyboardShortcut::new(Modifiers::NONE, Key::F1),
            // eframe reads these keys itself (its zoom_with_keyboard); the menu names them.
            Command::ZoomIn => kb_shortcuts::ZOOM_IN,
            Command::ZoomOut => kb_shortcuts::ZOOM_OUT,
            Command::ZoomReset => kb_shortcuts::ZOOM_RESET,
            Command::HelpPage(_)
            | Command::SwitchMode(_)
            | Command::ShowView(_)
            | Command::AfterSave(_)
            | Command::OpenWithSystem(_)
            | Command::AttachEvidence(_)
            | Command::LedgerEntry { .. }
            | Command::AttachLedgerFile { .. }
            | Command::StrikeEntry { .. }
            | Command::PrintProgress(_)
            | Command::SetReviewer(_)
            | Command::ExportLedgers
            | Command::ImportLedger(_)
            | Command::Edit(_)
            | Command::Answered(_)
            | Command::PreviewBar(_)
            | Command::Compare(_) => return None,
            Command::PreviousItem
            | Command::NextItem
            | Command::AddScan
            | Command::MakePackage
            | Command::OpenRuleset
            | Command::PreviewRuleset
            | Command::ExportScheme
            | Command::PublishBlankSheets
            | Command::ExportKey
            | Command::ImportKey => {
                return None;
            }
        })
    }

    /// Moving between the sheet's rows and problems: it acts in the ruleset preview too.
    pub fn moves_in_sheet(&self) -> bool {
        matches!(
            self,
            Command::PreviousItem
                | Command::NextItem
                | Command::NextProblem
                | Command::ShowProblems
        )
    }

    /// The shortcut as the menu shows it (Ctrl+S).
    pub fn shortcut_text(&self, ctx: &egui::Context) -> String {
        match self {
            Command::PreviousItem => "↑".into(),
            Command::NextItem => "↓".into(),
            _ => self
                .shortcut()
                .map(|s| ctx.format_shortcut(&s))
                .unwrap_or_default(),
        }
    }

    /// All commands whose shortcut was pressed this frame. Ctrl+Shift+S is checked before
    /// Ctrl+S, so the longer shortcut wins.
    pub fn pressed(ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            // Taken before any text field sees it: Ctrl+Z undoes the sheet's last step (a
            // field's typing is one step), never only the field's own last keys.
            let shift_z = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
            if i.consume_shortcut(&shift_z) {
                out.push(Command::Redo);
            }
            for c in [
                Command::Undo,
                Command::Redo,
                Command::SaveAs,
                Command::Save,
                Command::New,
                Command::Open,
                Command::Print,
                Command::NextProblem,
                Command::ShowProblems,
                Command::Help,
            ] {
                if let Some(s) = c.shortcut()
                    && i.consume_shortcut(&s)
                {
                    out.push(c);
                }
            }
        });
        out
    }
}

//! What the open document refuses or fails at, as values (the window chooses a dialog, a
//! status line or nothing by the kind; the command line its exit), and the one place their
//! Chinese words are made. Errors of the layers below are carried whole.

use crate::evidence::EvidenceError;
use crate::fsio::{FileError, SaveError};
use crate::package::PackageError;
use crate::pdf::PdfError;
use crate::sheet::SheetError;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// The sheet file could not be opened (or saved: its text could not be written).
    Sheet(SheetError),
    /// A 提交包 could not be opened or unpacked for review.
    Package(PackageError),
    Evidence(EvidenceError),
    File(FileError),
    /// A write to disk failed at a step (the file there is as it was).
    Save {
        path: PathBuf,
        said: String,
    },
    Print(PdfError),
    /// The document has no file yet, and `need` needs one.
    NotSaved(NeedsFile),
    /// A 盖章扫描件 belongs to the printed version: the sheet has changed since it was saved.
    ChangedSincePrinted,
    /// 已审核 with items still lacking a 考核得分.
    /// 已审核 while items hold two scores the 办公室 has not chosen between.
    Disputed {
        items: usize,
    },
    NotAllReviewed {
        missing: usize,
    },
    /// 退回修改 is never saved without its reason.
    ReturnWithoutReason,
    /// A date that is not one (the words of the date reader).
    BadDate(String),
    /// A 退回通知 for another unit, year or scheme (its words).
    NoticeDoesNotFit(String),
    /// The office's seal over a review could not be made (its words).
    Seal(String),
    /// The crash draft could not be written (its words).
    Draft(String),
    /// A 台账 entry refused: what is wrong with it, naming the field.
    Ledger(String),
    /// No 台账 entry of that id.
    /// A choice of a score that is not (or no longer) kept beside the item.
    NoSuchScore,
    NoSuchEntry {
        id: u32,
    },
    /// A crash draft that no longer opens; it stays where it is.
    DraftUnreadable {
        error: SheetError,
        kept_at: PathBuf,
    },
    /// A save failed after the sheet replaced there had its 佐证材料 folder set aside, and
    /// the folder could not go back: where it is now.
    FailedWithFolderAside {
        error: Box<SessionError>,
        aside: PathBuf,
    },
}

/// What needs the sheet to have a file first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedsFile {
    Evidence,
    Scan,
    ShrinkImage,
    Print,
    ReturnNotice,
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use SessionError as E;
        match self {
            E::Sheet(e) => write!(f, "{e}"),
            E::Package(e) => write!(f, "{e}"),
            E::Evidence(e) => write!(f, "{e}"),
            E::File(e) => write!(f, "{e}"),
            E::Save { said, .. } => f.write_str(said),
            E::Print(e) => write!(f, "{e}"),
            E::NotSaved(need) => f.write_str(match need {
                NeedsFile::Evidence => "请先保存考评表：佐证材料存放在考评表文件旁边的文件夹中",
                NeedsFile::Scan => "请先保存并打印考评表",
                NeedsFile::ShrinkImage => "请先保存考评表",
                NeedsFile::Print => "请先保存考评表，再打印",
                NeedsFile::ReturnNotice => "考评表还没有保存，不能写出退回通知",
            }),
            E::ChangedSincePrinted => {
                f.write_str("考评表有未保存的修改：请先保存、打印、签字盖章，再添加这份扫描件")
            }
            E::NotAllReviewed { missing } => write!(f, "还有{missing}项没有考核得分"),
            E::Disputed { items } => {
                write!(f, "还有{items}项有两份不同的评分，请先在该项下选择一份")
            }
            E::ReturnWithoutReason => {
                f.write_str("退回修改须填写退回原因：请在“退回原因”中写明单位要改什么，再保存。")
            }
            E::NoSuchEntry { id } => write!(f, "台账中没有第{id}号记录"),
            E::NoSuchScore => write!(f, "此项没有这份待选的评分（可能已经选过）"),
            E::BadDate(why)
            | E::NoticeDoesNotFit(why)
            | E::Seal(why)
            | E::Draft(why)
            | E::Ledger(why) => f.write_str(why),
            E::DraftUnreadable { error, kept_at } => {
                write!(f, "{error}\n\n草稿文件保留在“{}”。", kept_at.display())
            }
            E::FailedWithFolderAside { error, aside } => {
                write!(f, "{error}\n原有的佐证材料已移到“{}”。", aside.display())
            }
        }
    }
}

impl std::error::Error for SessionError {}

impl From<SheetError> for SessionError {
    fn from(e: SheetError) -> SessionError {
        SessionError::Sheet(e)
    }
}

impl From<PackageError> for SessionError {
    fn from(e: PackageError) -> SessionError {
        SessionError::Package(e)
    }
}

impl From<EvidenceError> for SessionError {
    fn from(e: EvidenceError) -> SessionError {
        SessionError::Evidence(e)
    }
}

impl From<FileError> for SessionError {
    fn from(e: FileError) -> SessionError {
        SessionError::File(e)
    }
}

impl From<SaveError> for SessionError {
    fn from(e: SaveError) -> SessionError {
        SessionError::Save {
            path: e.path.clone(),
            said: e.to_string(),
        }
    }
}

impl From<PdfError> for SessionError {
    fn from(e: PdfError) -> SessionError {
        SessionError::Print(e)
    }
}

/// Code that still speaks in words (the window's dialogs, the command line) takes the
/// error's Chinese text.
impl From<SessionError> for String {
    fn from(e: SessionError) -> String {
        e.to_string()
    }
}

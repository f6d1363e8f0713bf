//! What can go wrong with 佐证材料 and 盖章扫描件, as values the caller can act on (a cancel is
//! not a failure; a missing item is a bug in the caller, a full disk is the clerk's to fix),
//! and the one place their Chinese words are made.

use super::{MAX_EVIDENCE_BYTES, MAX_TITLE_CHARS, human_size};
use crate::fsio::FileError;
use crate::ruleset::excerpt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceError {
    /// Reading the file, writing into the evidence folder or making it failed.
    File(FileError),
    /// 取消 was pressed while the file was being copied (nothing was left).
    Cancelled,
    EmptyTitle,
    TitleTooLong,
    /// A newline, another control character or a character that turns the text around.
    TitleHasControls,
    /// A folder, a device or a pipe.
    NotAFile {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        size: u64,
    },
    /// It was within the limit when checked and above it when copied.
    GrewWhileCopying {
        path: PathBuf,
    },
    /// The scheme has no item of that id.
    NoSuchItem {
        id: String,
    },
    /// 第N项 asked for where the sheet has fewer.
    NoSuchNumber {
        number: usize,
        count: usize,
    },
    /// One of the program's own files (a sheet, its backup, a 退回通知).
    ProgramFile {
        name: String,
    },
    /// The sheet's file name leaves no room for its evidence folder's name beside it.
    SheetNameTooLong,
    /// The item already holds as many files as an item may.
    ItemFull {
        place: String,
        count: usize,
    },
    TooManyScans,
    /// A 盖章扫描件 that is neither a picture nor a PDF (by its content).
    NotAScan {
        name: String,
    },
    NoSuchEntry {
        index: usize,
    },
    NoSuchScan {
        index: usize,
    },
    /// Shrinking: the entry is not a JPEG or PNG by its name.
    NotAPicture {
        title: String,
    },
    /// Shrinking: the picture could not be read or written (the image library's words).
    PictureUnreadable {
        title: String,
        why: String,
    },
    /// Shrinking would not make it smaller.
    SmallEnough {
        title: String,
    },
}

impl From<FileError> for EvidenceError {
    fn from(e: FileError) -> EvidenceError {
        EvidenceError::File(e)
    }
}

impl std::fmt::Display for EvidenceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use EvidenceError as E;
        match self {
            E::File(e) => write!(f, "{e}"),
            E::Cancelled => f.write_str("已取消"),
            E::EmptyTitle => f.write_str("佐证材料的名称不能为空"),
            E::TitleTooLong => write!(f, "佐证材料的名称太长（最多{MAX_TITLE_CHARS}个字）"),
            E::TitleHasControls => {
                f.write_str("佐证材料的名称不能含换行等控制字符或改变文字方向的字符")
            }
            E::NotAFile { path } => {
                write!(f, "“{}”不是普通文件，不能作为佐证材料", path.display())
            }
            E::TooLarge { path, size } => write!(
                f,
                "“{}”太大（{}），一个佐证材料最大 {}",
                path.display(),
                human_size(*size),
                human_size(MAX_EVIDENCE_BYTES)
            ),
            E::GrewWhileCopying { path } => {
                write!(f, "“{}”在复制时变大了，超过了上限", path.display())
            }
            E::NoSuchItem { id } => write!(f, "考核规则中没有项目“{}”", excerpt(id)),
            E::NoSuchNumber { number, count } => {
                write!(f, "没有第{number}项：考评表共{count}项")
            }
            E::ProgramFile { name } => write!(
                f,
                "“{}”是考评程序自己的文件（考评表、备份或通知），不能作为佐证材料或盖章扫描件",
                excerpt(name)
            ),
            E::SheetNameTooLong => f.write_str(
                "考评表的文件名太长，旁边放不下它的佐证材料文件夹：请用短一些的文件名另存，再添加",
            ),
            E::ItemFull { place, count } => {
                write!(f, "{place}已有{count}个佐证材料，不能再添加")
            }
            E::TooManyScans => f.write_str("盖章扫描件太多"),
            E::NotAScan { name } => write!(
                f,
                "“{}”不是图片或 PDF：盖章扫描件应是签字盖章后扫描（或拍照）的页面（JPG、PNG、TIFF 或 PDF）",
                excerpt(name)
            ),
            E::NoSuchEntry { index } => {
                write!(f, "没有第{}个佐证材料", index.saturating_add(1))
            }
            E::NoSuchScan { index } => {
                write!(f, "没有第{}个盖章扫描件", index.saturating_add(1))
            }
            E::NotAPicture { title } => {
                write!(f, "“{}”不是 JPEG 或 PNG 图片", excerpt(title))
            }
            E::PictureUnreadable { title, why } => {
                write!(f, "“{}”不是能读的图片：{why}", excerpt(title))
            }
            E::SmallEnough { title } => write!(f, "“{}”已经够小了", excerpt(title)),
        }
    }
}

impl std::error::Error for EvidenceError {}

/// Code that still speaks in words (the window's messages, the command line) takes the
/// error's Chinese text.
impl From<EvidenceError> for String {
    fn from(e: EvidenceError) -> String {
        e.to_string()
    }
}

//! What can go wrong writing, reading or unpacking a 提交包, as values (a cancel, a package too
//! large for the office, a hostile archive are different things to the caller), and the one
//! place their Chinese words are made.

use crate::evidence::human_size;
use crate::fsio::{FileError, SaveError};
use crate::pdf::PdfError;
use crate::ruleset::excerpt;
use crate::sheet::SheetError;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    /// The sheet to pack, or the sheet inside a received package, could not be opened.
    Sheet(SheetError),
    /// Its PDF could not be printed (characters no font has).
    Print(PdfError),
    File(FileError),
    /// Writing the package file failed at a step of the atomic save (the old package stays).
    Save {
        path: PathBuf,
        said: String,
    },
    /// 取消 was pressed: nothing was written.
    Cancelled,
    /// 佐证材料 that are not as they were added (changed or unreadable): each in words.
    Broken(Vec<String>),
    /// The package would be bigger than the municipal office's program takes.
    TooLarge {
        bytes: u64,
        most: u64,
    },
    /// A file changed between checking it and packing it.
    ChangedWhilePacking {
        path: PathBuf,
    },
    /// The zip library could not write (its words, after ours).
    Zip(String),
    /// A received file is not a package the program reads: which, and why.
    Refused {
        package: PathBuf,
        why: Refusal,
    },
    /// A file asked of a package (to preview it) that it does not hold as listed.
    Entry {
        name: String,
        why: Refusal,
    },
}

/// Why a received archive, or one of its entries, is not read. Each a hostile or broken
/// package the office may receive; none is ever unpacked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotAFile,
    TooLarge {
        size: u64,
    },
    TooManyFiles {
        count: u64,
        most: usize,
    },
    /// Not a zip, or its structure is broken (the reason in words).
    NotZip(String),
    /// The directory declares more entries than the zip library lists: two under one name.
    SameNameTwice {
        declared: u64,
    },
    Encrypted {
        name: String,
    },
    /// Entry number `index` (1-based) could not be opened.
    EntryUnreadable {
        index: usize,
        why: String,
    },
    /// A name that would leave the folder it is unpacked into (why: 含控制字符, 是绝对路径 …).
    UnsafeName {
        name: String,
        why: &'static str,
    },
    Symlink {
        name: String,
    },
    DuplicateName {
        name: String,
    },
    EntryTooLarge {
        name: String,
        size: u64,
        most: u64,
    },
    UnpackedTooLarge {
        most: u64,
    },
    /// The compressed data of an entry is broken.
    Unzip {
        name: String,
        why: String,
    },
    NotInPackage,
    ChangedSinceListed,
    // What the manifest says, read before anything is unpacked.
    NoManifest,
    ManifestUnreadable(String),
    ManifestTooLong {
        count: usize,
        most: usize,
    },
    SeveralSheets {
        count: usize,
    },
    NoSheetListed,
    SheetNameWrong,
    /// A sheet file listed as something else (a second sheet as the 打印稿).
    SheetListedAs {
        name: String,
        kind: &'static str,
    },
    ListedSheetMissing {
        name: String,
    },
}

impl Refusal {
    /// Whether it is the manifest that is wrong (the archive itself read well).
    pub fn is_manifest(&self) -> bool {
        matches!(
            self,
            Refusal::NoManifest
                | Refusal::ManifestUnreadable(_)
                | Refusal::ManifestTooLong { .. }
                | Refusal::SeveralSheets { .. }
                | Refusal::NoSheetListed
                | Refusal::SheetNameWrong
                | Refusal::SheetListedAs { .. }
                | Refusal::ListedSheetMissing { .. }
        )
    }
}

impl PackageError {
    /// The reason a comparison gives for a package it cannot count, as it gives it for a
    /// sheet: the sheet's own error, the manifest as an invalid file, else not openable.
    pub fn into_sheet_error(self, path: &std::path::Path) -> SheetError {
        let path = path.display().to_string();
        match self {
            PackageError::Sheet(e) => e,
            PackageError::Refused { why, .. } if why.is_manifest() => SheetError::Invalid {
                path,
                message: why.to_string(),
            },
            other => SheetError::Io {
                path,
                message: other.to_string(),
            },
        }
    }
}

impl From<SheetError> for PackageError {
    fn from(e: SheetError) -> PackageError {
        PackageError::Sheet(e)
    }
}

impl From<FileError> for PackageError {
    fn from(e: FileError) -> PackageError {
        PackageError::File(e)
    }
}

impl From<SaveError> for PackageError {
    fn from(e: SaveError) -> PackageError {
        PackageError::Save {
            path: e.path.clone(),
            said: e.to_string(),
        }
    }
}

impl From<crate::progress::Cancelled> for PackageError {
    fn from(_: crate::progress::Cancelled) -> PackageError {
        PackageError::Cancelled
    }
}

impl std::fmt::Display for PackageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use PackageError as E;
        match self {
            E::Sheet(e) => write!(f, "{e}"),
            E::Print(e) => write!(f, "{e}"),
            E::File(e) => write!(f, "{e}"),
            E::Save { said, .. } => f.write_str(said),
            E::Cancelled => f.write_str(crate::progress::CANCELLED),
            E::Broken(lines) => write!(f, "提交包没有生成：{}", lines.join("；")),
            E::TooLarge { bytes, most } => write!(
                f,
                "提交包会有 {}，超过了市妇联的程序能接收的 {}：请缩小图片（缩小所有大图片）或删去一些佐证材料",
                human_size(*bytes),
                human_size(*most)
            ),
            E::ChangedWhilePacking { path } => {
                write!(f, "“{}”在生成提交包时被改动了，请重试", path.display())
            }
            E::Zip(why) => write!(f, "提交包无法写出：{why}"),
            E::Refused {
                package,
                why: Refusal::NotAFile,
            } => write!(f, "“{}”不是普通文件", package.display()),
            E::Refused { package, why } => {
                write!(f, "“{}”不是可用的提交包：{why}", package.display())
            }
            E::Entry { name, why } => write!(f, "“{}”{why}", excerpt(name)),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use Refusal as R;
        match self {
            R::NotAFile => f.write_str("不是普通文件"),
            R::TooLarge { size } => write!(f, "文件太大（{}）", human_size(*size)),
            R::TooManyFiles { count, most } => write!(f, "文件太多（{count}个，最多{most}个）"),
            R::NotZip(why) => write!(f, "不是 zip 文件或已损坏（{why}）"),
            R::SameNameTwice { declared } => write!(
                f,
                "目录记录了{declared}个文件，其中有名字完全相同的（只能保留一个，无法知道哪个是真的）"
            ),
            R::Encrypted { name } => write!(
                f,
                "“{}”加了密码：请单位去掉密码，用考评重新生成提交包发来",
                excerpt(name)
            ),
            R::EntryUnreadable { index, why } => write!(f, "第{index}个文件无法读取（{why}）"),
            R::UnsafeName { name, why } => write!(f, "文件名“{}”{why}", excerpt(name)),
            R::Symlink { name } => write!(f, "“{}”是符号链接", excerpt(name)),
            R::DuplicateName { name } => write!(f, "文件名“{}”重复", excerpt(name)),
            R::EntryTooLarge { name, size, most } => write!(
                f,
                "“{}”太大（{}，最大 {}）",
                excerpt(name),
                human_size(*size),
                human_size(*most)
            ),
            R::UnpackedTooLarge { most } => write!(f, "解压后太大（超过 {}）", human_size(*most)),
            R::Unzip { name, why } => write!(f, "“{}”无法解压（{why}）", excerpt(name)),
            R::NotInPackage => f.write_str("不在提交包里"),
            R::ChangedSinceListed => f.write_str("与清单记录的不同，文件被改动过"),
            R::NoManifest => write!(f, "提交包里没有清单 {}", super::MANIFEST),
            R::ManifestUnreadable(why) => write!(f, "清单 {} 读不懂（{why}）", super::MANIFEST),
            R::ManifestTooLong { count, most } => {
                write!(f, "清单列了{count}个文件，一个提交包最多{most}个")
            }
            R::SeveralSheets { count } => {
                write!(f, "清单列了{count}份考评表，一个提交包只能有一份")
            }
            R::NoSheetListed => f.write_str("清单里没有考评表"),
            R::SheetNameWrong => f.write_str("清单中考评表的名字不对"),
            R::SheetListedAs { name, kind } => {
                write!(f, "清单把考评表文件“{}”列为{kind}", excerpt(name))
            }
            R::ListedSheetMissing { name } => {
                write!(f, "提交包里没有清单所列的考评表“{}”", excerpt(name))
            }
        }
    }
}

impl std::error::Error for PackageError {}

/// Code that still speaks in words takes the error's Chinese text.
impl From<PackageError> for String {
    fn from(e: PackageError) -> String {
        e.to_string()
    }
}

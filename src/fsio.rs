//! Files that survive a crash or a power cut: every save writes a temporary file in the
//! target's own folder, syncs it to disk, keeps the previous version as `.bak`, renames the
//! new file over the target and syncs the folder. A failure at any step leaves the old file
//! whole and says why in Chinese.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What went wrong with a file operation, for the clerk: 磁盘已满, 只读 …
pub fn io_error_zh(e: &io::Error) -> String {
    use io::ErrorKind as K;
    // ENAMETOOLONG (Linux 36) and ERROR_FILENAME_EXCED_RANGE (Windows 206).
    if matches!(e.raw_os_error(), Some(36) if cfg!(unix))
        || matches!(e.raw_os_error(), Some(206) if cfg!(windows))
    {
        return "文件名或路径太长：请用短一些的文件名或文件夹".into();
    }
    let what = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限（文件或文件夹可能是只读的，或正被其他程序占用）",
        K::StorageFull => "磁盘空间已满",
        K::ReadOnlyFilesystem => "磁盘或文件夹是只读的",
        K::AlreadyExists => "文件已存在",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::InvalidFilename => "文件名无效",
        K::FileTooLarge => "文件太大",
        K::QuotaExceeded => "超出磁盘配额",
        K::ResourceBusy => "文件正被其他程序占用",
        K::Interrupted | K::TimedOut => "操作被中断",
        K::InvalidData => "文件内容无效",
        _ => "",
    };
    if what.is_empty() {
        format!("系统错误：{e}")
    } else {
        format!("{what}（{e}）")
    }
}

/// The largest sheet or ruleset file read (the full 2015 sheet is ~20 KB): a bigger file is
/// not one of ours, and reading it whole could exhaust memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Makes a folder and its parents, or says which and why.
/// A path's last part as people read it (the whole path when it has none, such as `/`).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The user's data folder (drafts, remembered rulesets): `KAOPING_DATA_DIR` when set (tests
/// and portable installs), else the system's place for it (%APPDATA%\\yueyang\\kaoping\\data,
/// ~/.local/share/kaoping).
pub fn user_data_folder() -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("KAOPING_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(std::path::PathBuf::from(dir));
    }
    directories::ProjectDirs::from("cn", "yueyang", "kaoping").map(|d| d.data_dir().to_path_buf())
}

pub fn make_folder(dir: &Path) -> Result<(), FileError> {
    std::fs::create_dir_all(dir).map_err(|e| FileError::new(FileStep::MakeFolder, dir, &e))
}

/// A system error kept as a value: its kind, for the program to act on (a missing file, a
/// full disk), and its words for the clerk (`io_error_zh`), made when it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoProblem {
    pub kind: io::ErrorKind,
    pub said: String,
}

impl From<&io::Error> for IoProblem {
    fn from(e: &io::Error) -> IoProblem {
        IoProblem {
            kind: e.kind(),
            said: io_error_zh(e),
        }
    }
}

impl std::fmt::Display for IoProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.said)
    }
}

/// What was being done to a file when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStep {
    Read,
    /// Writing a new file into a folder (a temporary file, renamed in when whole).
    WriteIn,
    /// Putting a finished copy in its place.
    Store,
    MakeFolder,
    /// A replaced sheet's 佐证材料 folder moved aside beside its `.bak`.
    SetAside,
    /// A 佐证材料 copied to the folder of a sheet saved elsewhere.
    CopyToNewPlace,
    /// An earlier folder renamed out of the way (a package's earlier review copy).
    RenameAside,
}

/// A file operation that failed: what was being done, to which file or folder, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub step: FileStep,
    pub path: PathBuf,
    pub problem: IoProblem,
}

impl FileError {
    pub fn new(step: FileStep, path: &Path, e: &io::Error) -> FileError {
        FileError {
            step,
            path: path.to_path_buf(),
            problem: e.into(),
        }
    }

    /// The system's kind of error (NotFound, StorageFull …).
    pub fn kind(&self) -> io::ErrorKind {
        self.problem.kind
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        let why = &self.problem;
        match self.step {
            FileStep::Read => write!(f, "无法读取“{path}”：{why}"),
            FileStep::WriteIn => write!(f, "无法在“{path}”中写入：{why}"),
            FileStep::Store => write!(f, "无法保存“{path}”：{why}"),
            FileStep::MakeFolder => write!(f, "无法建立文件夹“{path}”：{why}"),
            FileStep::SetAside => write!(f, "原有的佐证材料文件夹“{path}”没能移到一旁：{why}"),
            FileStep::CopyToNewPlace => write!(f, "佐证材料“{path}”没能复制到新位置：{why}"),
            FileStep::RenameAside => write!(f, "原有的文件夹“{path}”没能改名存放：{why}"),
        }
    }
}

impl std::error::Error for FileError {}

/// Code that still speaks in words takes a file error as its message.
impl From<FileError> for String {
    fn from(e: FileError) -> String {
        e.to_string()
    }
}

/// Reads a file of at most `limit` bytes. Only regular files are opened: a FIFO or a device
/// named like a sheet would block or never end (`/dev/zero`). The message is Chinese.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| io_error_zh(&e))?;
    if meta.is_dir() {
        return Err("这是一个文件夹，不是文件".into());
    }
    if !meta.is_file() {
        return Err("不是普通文件（可能是设备或管道），不能读取".into());
    }
    let too_big = || {
        format!(
            "文件太大（超过 {} MB），不是考评程序的文件",
            limit / (1024 * 1024)
        )
    };
    if meta.len() > limit {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| io_error_zh(&e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error_zh(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// A failed save, located: which file, which step, why.
#[derive(Debug)]
pub struct SaveError {
    pub path: PathBuf,
    pub step: &'static str,
    pub source: io::Error,
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "无法保存到“{}”：{}时出错，{}。原文件没有被改动。",
            self.path.display(),
            self.step,
            io_error_zh(&self.source)
        )
    }
}

impl std::error::Error for SaveError {}

/// The `.bak` beside a file: `x.kaoping` → `x.kaoping.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// The longest file name (in bytes) most file systems take; the `.bak` name must fit too.
const MAX_NAME_BYTES: usize = 255;

/// Temporary files of this program: `.kaoping-XXXXXX.tmp` in the target's folder.
const TEMP_PREFIX: &str = ".kaoping-";
const TEMP_SUFFIX: &str = ".tmp";

/// A save refused before anything was written, with the reason in words.
fn refused(path: &Path, step: &'static str, kind: io::ErrorKind, why: &str) -> SaveError {
    SaveError {
        path: path.to_path_buf(),
        step,
        source: io::Error::new(kind, why.to_string()),
    }
}

/// Writes `bytes` to `path` atomically and durably, keeping the previous version as `.bak`.
///
/// The order makes a kill at any moment harmless: the new text goes to a temporary file in
/// the same folder and is synced; the previous version becomes `.bak` by a hard link (never
/// a copy written in place, which a kill can leave half-written); then the temporary file is
/// renamed over the target. A symlink at the `.bak` path is replaced, never written through.
///
/// Saving through a symbolic link (a sheet linked into another folder) keeps the link: the
/// file it points to is the one replaced, with its `.bak` beside it (a regular file).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// `write_atomic`, the content written by `write` into the temporary file as it goes (a
/// package streamed from its attachments, never held whole in memory).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<(), SaveError> {
    let linked = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.file_type().is_symlink())
        .and_then(|_| std::fs::canonicalize(path).ok());
    let path = linked.as_deref().unwrap_or(path);
    let err = |step: &'static str| {
        move |source: io::Error| SaveError {
            path: path.to_path_buf(),
            step,
            source,
        }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let old = std::fs::symlink_metadata(path).ok();
    // What is at the target decides whether it may be replaced, before anything is written.
    let old_file = match &old {
        Some(m) if m.is_dir() => {
            return Err(refused(
                path,
                "检查目标",
                io::ErrorKind::IsADirectory,
                "目标是一个文件夹",
            ));
        }
        Some(m) if m.file_type().is_symlink() => std::fs::metadata(path).ok(),
        Some(m) => Some(m.clone()),
        None => None,
    };
    if let Some(m) = &old_file {
        if m.is_dir() {
            return Err(refused(
                path,
                "检查目标",
                io::ErrorKind::IsADirectory,
                "目标是一个文件夹",
            ));
        }
        if !m.is_file() {
            return Err(refused(
                path,
                "检查目标",
                io::ErrorKind::InvalidInput,
                "目标不是普通文件（可能是设备或管道）",
            ));
        }
        if m.permissions().readonly() {
            return Err(refused(
                path,
                "检查目标",
                io::ErrorKind::PermissionDenied,
                "目标文件是只读的：请先在文件属性中取消只读，或另存为其他文件",
            ));
        }
    }
    let name_len = path.file_name().map(|n| n.len()).unwrap_or(0);
    if name_len + ".bak".len() > MAX_NAME_BYTES {
        return Err(refused(
            path,
            "检查文件名",
            io::ErrorKind::InvalidFilename,
            "文件名太长，放不下备份文件名（.bak）：请用短一些的文件名",
        ));
    }
    remove_stale_temp_files(&dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(err("在文件夹中创建临时文件"))?;
    // A temporary file is private (0600); the saved file keeps the old one's permissions,
    // or gets the usual 0644, so a colleague or a mail program can read it.
    let permissions = match &old_file {
        Some(m) => Some(m.permissions()),
        None => default_permissions(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(err("设置临时文件权限"))?;
    }
    if let Some(m) = &old_file {
        keep_owner(tmp.as_file(), m);
    }
    write(tmp.as_file_mut()).map_err(err("写入临时文件"))?;
    tmp.flush().map_err(err("写入临时文件"))?;
    // persist() renames but does not sync: without this a power cut can leave an empty file.
    tmp.as_file()
        .sync_all()
        .map_err(err("把临时文件写到磁盘"))?;
    if old_file.is_some() {
        keep_backup(path, &dir).map_err(err("保留上一版为 .bak"))?;
    }
    tmp.persist(path)
        .map_err(|e| e.error)
        .map_err(err("用新文件替换原文件"))?;
    sync_dir(&dir);
    Ok(())
}

/// Makes the current version `.bak`: a hard link to it under a temporary name, renamed over
/// the old `.bak` (a rename replaces a symlink rather than following it). Where hard links
/// are not possible (FAT32 USB sticks), a copy to a temporary file, synced, then renamed:
/// either way the `.bak` is always one whole version.
fn keep_backup(path: &Path, dir: &Path) -> io::Result<()> {
    let bak = backup_path(path);
    let staged = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .make_in(dir, |p| std::fs::hard_link(path, p));
    let staged = match staged {
        Ok(s) => s.into_temp_path(),
        Err(_) => {
            let mut copy = tempfile::Builder::new()
                .prefix(TEMP_PREFIX)
                .suffix(TEMP_SUFFIX)
                .tempfile_in(dir)?;
            let mut from = std::fs::File::open(path)?;
            io::copy(&mut from, copy.as_file_mut())?;
            copy.as_file().sync_all()?;
            copy.into_temp_path()
        }
    };
    let staged_path = staged.to_path_buf();
    staged.persist(&bak).map_err(|e| e.error)?;
    // When the `.bak` already is this version (a save killed after linking it, before the
    // new file replaced the old), POSIX rename of one link onto another of the same file
    // does nothing and succeeds: the staged name stays behind. Remove it (found by a test
    // that kills saves at random moments).
    if staged_path.exists() {
        let _ = std::fs::remove_file(&staged_path);
    }
    Ok(())
}

/// Temporary files this program left behind in `dir` (a save killed half-way), older than a
/// minute so another save in progress is never touched.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let minute_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        if meta.is_file() && meta.modified().is_ok_and(|t| t < minute_ago) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Running as root (an administrator's script), the new file keeps the old one's owner and
/// group instead of becoming root's. For anyone else chown to oneself is a no-op.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _old: &std::fs::Metadata) {}

/// What a new file of the program's gets (a temporary file is 0600): an ordinary 0644 file.
#[cfg(unix)]
pub fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// On Windows a new temporary file is already an ordinary, writable file.
#[cfg(not(unix))]
pub fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Makes the rename itself durable. Windows has no directory handles to sync; its rename
/// (MoveFileEx with write-through semantics in std) is the best available there.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No temporary file is left behind: the folder holds the file and its `.bak` alone.
    fn assert_only_the_file_and_its_bak(dir: &Path) {
        let names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    #[cfg(unix)]
    fn a_save_through_a_link_keeps_the_link_and_replaces_what_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.kaoping");
        std::fs::write(&real, b"old").unwrap();
        let link = dir.path().join("link.kaoping");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let bak = backup_path(&real);
        let meta = std::fs::symlink_metadata(&bak).unwrap();
        assert!(meta.is_file() && !meta.file_type().is_symlink());
        assert_eq!(std::fs::read(&bak).unwrap(), b"old");
        assert!(!backup_path(&link).exists(), "no .bak beside the link");
    }

    #[test]
    fn keeps_the_previous_version_as_bak() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.kaoping");
        write_atomic(&p, b"one").unwrap();
        assert!(!backup_path(&p).exists());
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read(backup_path(&p)).unwrap(), b"one");
        assert_only_the_file_and_its_bak(dir.path());
    }

    /// A save killed after linking the `.bak` and before replacing the file leaves the two
    /// as links of one file; the next save must still leave no temporary name behind.
    #[test]
    fn a_bak_that_is_already_the_current_version_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.kaoping");
        write_atomic(&p, b"one").unwrap();
        std::fs::hard_link(&p, backup_path(&p)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read(backup_path(&p)).unwrap(), b"one");
        assert_only_the_file_and_its_bak(dir.path());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_others_and_an_old_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.kaoping");
        write_atomic(&p, b"one").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o644);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(mode(&p), 0o640);
    }

    #[test]
    fn a_missing_folder_says_where_and_why_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no-such-folder").join("a.kaoping");
        let e = write_atomic(&p, b"x").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("无法保存到"), "{msg}");
        assert!(msg.contains("no-such-folder"), "{msg}");
        assert!(msg.contains("不存在"), "{msg}");
    }
}

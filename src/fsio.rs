//! Files that survive a crash or a power cut: every save writes a temporary file in the
//! target's own folder, syncs it to disk, keeps the previous version as `.bak`, renames the
//! new file over the target and syncs the folder. A failure at any step leaves the old file
//! whole and says why in Chinese.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What went wrong with a file operation, for the clerk: 磁盘已满, 只读 …
pub fn io_error_zh(e: &io::Error) -> String {
    use io::ErrorKind as K;
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

/// Writes `bytes` to `path` atomically and durably, keeping the previous version as `.bak`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".kaoping-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(err("在文件夹中创建临时文件"))?;
    // A temporary file is private (0600); the saved file keeps the old one's permissions,
    // or gets the usual 0644, so a colleague or a mail program can read it.
    let permissions = match std::fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(err("设置临时文件权限"))?;
    }
    tmp.write_all(bytes).map_err(err("写入临时文件"))?;
    tmp.flush().map_err(err("写入临时文件"))?;
    // persist() renames but does not sync: without this a power cut can leave an empty file.
    tmp.as_file()
        .sync_all()
        .map_err(err("把临时文件写到磁盘"))?;
    if path.exists() {
        let bak = backup_path(path);
        std::fs::copy(path, &bak).map_err(err("保留上一版为 .bak"))?;
    }
    tmp.persist(path)
        .map_err(|e| e.error)
        .map_err(err("用新文件替换原文件"))?;
    sync_dir(&dir);
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// On Windows a new temporary file is already an ordinary, writable file.
#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
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

    #[test]
    fn keeps_the_previous_version_as_bak() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.kaoping");
        write_atomic(&p, b"one").unwrap();
        assert!(!backup_path(&p).exists());
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read(backup_path(&p)).unwrap(), b"one");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
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

//! What the zip library does not say, read from the archive itself: how many entries its end
//! record declares (so two entries under one name, or millions, are refused before the
//! directory is parsed); and its errors in Chinese.

use std::io::Read;
use std::path::Path;

/// The number of entries the zip's end-of-central-directory record declares (zip64 too).
pub(super) fn directory_entries(path: &Path) -> Option<u64> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    let tail_len = len.min(65_557);
    f.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; usize::try_from(tail_len).ok()?];
    f.read_exact(&mut tail).ok()?;
    let at = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let le16 = |b: &[u8], o: usize| -> Option<u64> {
        Some(u64::from(u16::from_le_bytes([*b.get(o)?, *b.get(o + 1)?])))
    };
    let total = le16(&tail, at + 10)?;
    if total != 0xFFFF {
        return Some(total);
    }
    // Zip64: the locator just before the record points at the zip64 record.
    let loc = at.checked_sub(20)?;
    if tail.get(loc..loc + 4)? != b"PK\x06\x07" {
        return None;
    }
    let le64 = |b: &[u8], o: usize| -> Option<u64> {
        Some(u64::from_le_bytes(b.get(o..o + 8)?.try_into().ok()?))
    };
    let record = le64(&tail, loc + 8)?;
    f.seek(SeekFrom::Start(record)).ok()?;
    let mut rec = [0u8; 56];
    f.read_exact(&mut rec).ok()?;
    (rec.get(..4)? == b"PK\x06\x06").then_some(())?;
    le64(&rec, 32)
}

/// A zip error in Chinese (the library's words only after them, where they help).
pub(super) fn zip_error_zh(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::Io(io) => zip_io_error_zh(io),
        ZipError::InvalidArchive(_) => "结构不对，文件可能被截断或损坏".into(),
        // The library's own constant for it, never its English words.
        ZipError::UnsupportedArchive(m) if *m == ZipError::PASSWORD_REQUIRED => "加了密码".into(),
        ZipError::UnsupportedArchive(_) => "用了本程序不支持的压缩方式".into(),
        ZipError::FileNotFound => "找不到其中的文件".into(),
        ZipError::InvalidPassword => "加了密码".into(),
        other => format!("无法读取：{other}"),
    }
}

/// An error met while unzipping an entry, in Chinese — by its kind, never by the library's
/// English words (a checksum that does not match, or compressed data that makes no sense,
/// are both data the library calls invalid).
pub(super) fn zip_io_error_zh(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => "数据不完整，文件可能被截断".into(),
        std::io::ErrorKind::InvalidData => "数据已损坏（校验和不对或压缩数据有误）".into(),
        _ => crate::fsio::io_error_zh(e),
    }
}

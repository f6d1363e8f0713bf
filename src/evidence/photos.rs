//! Shrinking attached photos on request (long side 2000 px, JPEG), with the `image` crate.

use super::{EvidenceError, MAX_EVIDENCE_BYTES, Removed, folder_for, item_file, stored_name};
use crate::fsio::{FileError, FileStep};
use crate::sheet::Sheet;
use std::io::Write;
use std::path::Path;

/// Photos are shrunk to this long side (a page-sized print stays sharp).
pub const SHRINK_LONG_SIDE: u32 = 2000;
/// Photos above this size are what 缩小所有大图片 shrinks.
pub const LARGE_IMAGE_BYTES: u64 = 1024 * 1024;

/// Whether a stored file is a photo the program can shrink (JPEG or PNG).
pub fn is_image(stored: &str) -> bool {
    let lower = stored.to_lowercase();
    [".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e))
}

/// Shrinks an attached photo on request: long side at most `SHRINK_LONG_SIDE`, saved as
/// JPEG (quality 85) under a new name beside the old one. Refuses when it would not get
/// smaller. The old file is taken off the sheet: the caller records `Shrunk::replaced`, so
/// it goes (to the trash) at the next save, and only then.
pub fn shrink_image(
    sheet: &mut Sheet,
    sheet_path: &Path,
    item_id: &str,
    index: usize,
) -> Result<Shrunk, EvidenceError> {
    let entry = sheet
        .evidence
        .get(item_id)
        .and_then(|l| l.get(index))
        .cloned()
        .ok_or(EvidenceError::NoSuchEntry { index })?;
    let unreadable = |why: String| EvidenceError::PictureUnreadable {
        title: entry.title.clone(),
        why,
    };
    if !is_image(&entry.stored) {
        return Err(EvidenceError::NotAPicture {
            title: entry.title.clone(),
        });
    }
    let path = item_file(sheet_path, item_id, &entry.stored);
    let bytes = crate::fsio::read_limited(&path, MAX_EVIDENCE_BYTES).map_err(unreadable)?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| FileError::new(FileStep::Read, &path, &e))?;
    // A hostile image cannot make the program allocate without bound.
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| unreadable(e.to_string()))?;
    let picture = if picture.width().max(picture.height()) > SHRINK_LONG_SIDE {
        picture.resize(
            SHRINK_LONG_SIDE,
            SHRINK_LONG_SIDE,
            image::imageops::FilterType::Triangle,
        )
    } else {
        picture
    };
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&picture.to_rgb8())
        .map_err(|e| unreadable(e.to_string()))?;
    if jpeg.len() as u64 >= entry.size {
        return Err(EvidenceError::SmallEnough {
            title: entry.title.clone(),
        });
    }
    let dir = folder_for(sheet_path).join(item_id);
    let stem = Path::new(&entry.stored)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "图片".into());
    let listed: Vec<String> = sheet
        .evidence
        .get(item_id)
        .map(|l| l.iter().map(|e| e.stored.to_lowercase()).collect())
        .unwrap_or_default();
    let taken = |n: &str| listed.contains(&n.to_lowercase()) || dir.join(n).exists();
    let name = stored_name(&format!("{stem}-缩小.jpg"), &taken);
    let mut temp = super::temp_file_in(&dir)?;
    temp.write_all(&jpeg)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| FileError::new(FileStep::WriteIn, &dir, &e))?;
    temp.persist_noclobber(dir.join(&name))
        .map_err(|e| FileError::new(FileStep::Store, &dir.join(&name), &e.error))?;
    let after = jpeg.len() as u64;
    if let Some(e) = sheet
        .evidence
        .get_mut(item_id)
        .and_then(|l| l.get_mut(index))
    {
        e.stored = name;
        e.size = after;
        e.sha256 = crate::catalog::sha256_hex(&jpeg);
    }
    Ok(Shrunk {
        before: entry.size,
        after,
        replaced: Removed::of_entry(sheet_path, item_id, &entry),
    })
}

/// A photo shrunk: its sizes, and the original taken off the sheet.
#[derive(Debug, Clone)]
pub struct Shrunk {
    pub before: u64,
    pub after: u64,
    pub replaced: Removed,
}

/// Shrinks every attached photo over `LARGE_IMAGE_BYTES`; returns the bytes saved and the
/// originals taken off the sheet (one per photo shrunk). Photos that cannot be shrunk are left as they are.
pub fn shrink_large_images(sheet: &mut Sheet, sheet_path: &Path) -> (u64, Vec<Removed>) {
    let targets: Vec<(String, usize)> = sheet
        .evidence
        .iter()
        .flat_map(|(id, list)| {
            list.iter()
                .enumerate()
                .filter(|(_, e)| is_image(&e.stored) && e.size > LARGE_IMAGE_BYTES)
                .map(move |(i, _)| (id.clone(), i))
        })
        .collect();
    let mut saved: u64 = 0;
    let mut replaced = Vec::new();
    for (id, i) in targets {
        if let Ok(s) = shrink_image(sheet, sheet_path, &id, i) {
            saved = saved.saturating_add(s.before.saturating_sub(s.after));
            replaced.push(s.replaced);
        }
    }
    (saved, replaced)
}

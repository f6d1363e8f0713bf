//! 发布空白表 (`kaoping new --all-units`, and the window's 文件 → 发布空白表…): one blank sheet
//! per unit of a scheme, named as the window names a sheet, each carrying the scheme when it is
//! not built in — what the municipal office sends the units.

use crate::catalog::LoadedRuleset;
use crate::sheet::{FILE_EXTENSION, Sheet};
use std::path::{Path, PathBuf};

/// Writes the blank sheets into `folder` (made if missing). Without `replace`, nothing is
/// written when any of them exists already. Returns the files written, in the units' order.
pub fn write_blank_sheets(
    loaded: &LoadedRuleset,
    folder: &Path,
    replace: bool,
) -> Result<Vec<PathBuf>, String> {
    crate::fsio::make_folder(folder)?;
    let sheets: Vec<(PathBuf, Sheet)> = loaded
        .ruleset
        .units
        .iter()
        .map(|u| {
            let sheet = Sheet::new(loaded, Some(u.id.clone()));
            let name = format!("{}.{FILE_EXTENSION}", sheet.default_file_stem(loaded));
            (folder.join(name), sheet)
        })
        .collect();
    if !replace && let Some((existing, _)) = sheets.iter().find(|(p, _)| p.exists()) {
        return Err(format!(
            "“{}”已存在，一个也没有写（已有的表可能已经填过）。要覆盖请换一个文件夹，或在命令行加 --force（原文件会保留为 .bak）",
            existing.display()
        ));
    }
    let mut written = Vec::new();
    for (path, mut sheet) in sheets {
        sheet.save(&path, loaded).map_err(|e| e.to_string())?;
        written.push(path);
    }
    Ok(written)
}

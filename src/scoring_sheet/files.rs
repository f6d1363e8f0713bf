//! The units' 佐证材料 put beside a 评分表, so a department scoring away from the inbox has
//! them: `<评分表>_佐证材料/<单位>/<类别>第N项/<file>`. A 提交包's files are read from the
//! zip against its manifest's hashes; a bare sheet's are copied from its own folder.

use super::{Inbox, ScoringSheet};
use crate::catalog::Catalog;
use crate::fsio::FileError;
use std::path::Path;

/// Copies the 佐证材料 of every row that lists some into `folder`. Returns how many files
/// were written and what could not be (each in words); nothing already there is removed.
pub fn copy_evidence(
    sheet: &ScoringSheet,
    inbox: &Inbox,
    catalog: &Catalog,
    folder: &Path,
) -> Result<(usize, Vec<String>), FileError> {
    let mut written = 0;
    let mut failed = Vec::new();
    for unit in &inbox.units {
        let (Some(path), Some(opened)) = (&unit.path, &unit.opened) else {
            continue;
        };
        let package = crate::package::is_package(path)
            .then(|| crate::package::open_package(path, catalog).ok())
            .flatten();
        for row in sheet.rows.iter().filter(|r| r.unit_id == unit.unit_id) {
            let Some(files) = opened.sheet.evidence.get(&row.item_id) else {
                continue;
            };
            if files.is_empty() {
                continue;
            }
            let plain = |raw: &str| crate::names::plain_name(raw).unwrap_or_else(|| "_".into());
            let dir = folder
                .join(plain(&unit.unit_name))
                .join(plain(&format!("{}第{}项", row.category, row.number)));
            crate::fsio::make_folder(&dir)?;
            for (i, f) in files.iter().enumerate() {
                let name = crate::names::plain_name(&format!("{:02}-{}", i + 1, f.stored))
                    .unwrap_or_else(|| format!("{:02}", i + 1));
                let to = dir.join(name);
                let done = match &package {
                    Some(p) => p
                        .evidence_of(&row.item_id)
                        .into_iter()
                        .find(|m| m.sha256 == f.sha256)
                        .ok_or_else(|| "提交包中没有这个文件".to_string())
                        .and_then(|m| {
                            crate::package::read_file(path, &m.path, &m.sha256)
                                .map_err(|e| e.to_string())
                        })
                        .and_then(|bytes| {
                            crate::fsio::write_atomic(&to, &bytes).map_err(|e| e.to_string())
                        }),
                    None => std::fs::copy(
                        crate::evidence::item_file(path, &row.item_id, &f.stored),
                        &to,
                    )
                    .map(|_| ())
                    .map_err(|e| crate::fsio::io_error_zh(&e)),
                };
                match done {
                    Ok(()) => written += 1,
                    Err(e) => failed.push(format!("{} “{}”：{e}", row.place(), f.title)),
                }
            }
        }
    }
    Ok((written, failed))
}

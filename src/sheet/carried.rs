//! The ruleset a sheet carries (format 3): checked against the hash the sheet records, read and
//! checked like any ruleset file, and compared with what this computer already has under the
//! same id and version.

use super::{MAX_RULESET_TEXT_BYTES, Sheet, SheetError, short_hash};
use crate::catalog::{Catalog, LoadedRuleset, Origin, load_ruleset_text, sha256_hex, usable};
use crate::ruleset::excerpt;
use std::sync::Arc;

/// The ruleset to score `sheet` with when it carries one; `None` when it does not.
pub(super) fn ruleset_of(
    sheet: &Sheet,
    source: &str,
    catalog: &Catalog,
) -> Result<Option<Arc<LoadedRuleset>>, SheetError> {
    let Some(text) = &sheet.ruleset_text else {
        return Ok(None);
    };
    let invalid = |message: String| SheetError::Invalid {
        path: source.to_string(),
        message,
    };
    let r = &sheet.ruleset;
    if text.len() > MAX_RULESET_TEXT_BYTES {
        return Err(invalid(format!(
            "随表附带的考核规则太长（超过 {} KB）",
            MAX_RULESET_TEXT_BYTES / 1024
        )));
    }
    let hash = sha256_hex(text.as_bytes());
    if hash != r.sha256 {
        return Err(invalid(format!(
            "随表附带的考核规则与表中记录的不符（SHA-256 {} ≠ {}）：规则被改过。请向发出此表的单位重新索取。",
            short_hash(&hash),
            short_hash(&r.sha256)
        )));
    }
    // The same text is known here already (built in, or opened before): use that one.
    if let Some(known) = catalog.rulesets.iter().find(|k| k.sha256 == hash) {
        return Ok(Some(known.clone()));
    }
    let mut loaded = load_ruleset_text(text, &format!("随表附带（{source}）"))
        .and_then(usable)
        .map_err(|e| invalid(format!("随表附带的考核规则不能使用：{e}")))?;
    if loaded.ruleset.id != r.id || loaded.ruleset.version != r.version {
        return Err(invalid(format!(
            "随表附带的考核规则是“{}”（版本 {}），表中记录的却是“{}”（版本 {}）",
            excerpt(&loaded.ruleset.id),
            excerpt(&loaded.ruleset.version),
            excerpt(&r.id),
            excerpt(&r.version)
        )));
    }
    loaded.origin = Origin::Sheet;
    if let Some(other) = catalog
        .rulesets
        .iter()
        .find(|k| k.ruleset.id == r.id && k.ruleset.version == r.version)
    {
        loaded.conflict = Some(format!(
            "考核规则冲突：本机已有“{}”（版本 {}），内容却与此表随附的不同（SHA-256 {} ≠ {}）。同一版本不应有两种内容，其中一份被改过而未改版本号。本表按它随附的规则核算，请向市妇联核实哪一份是正式发布的。",
            excerpt(&r.id),
            excerpt(&r.version),
            short_hash(&other.sha256),
            short_hash(&hash)
        ));
    }
    Ok(Some(Arc::new(loaded)))
}

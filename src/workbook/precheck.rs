//! A workbook looked at before calamine sees a byte of it. calamine reserves memory for as
//! many shared strings as `xl/sharedStrings.xml` declares (`uniqueCount`), before reading
//! one: a 34 KB file declaring 100,000,000,000 ended the process. So the declaration, the
//! parts and their sizes are bounded here, by reading the zip's own directory and the first
//! bytes of that one part; a password-protected workbook (an encrypted OLE file, or a zip
//! with encrypted entries) and a zip with two parts under one name are named as such.

use std::collections::HashSet;
use std::io::{Cursor, Read};

/// The most the workbook may unpack to (a 44-item scheme is well under 1 MB).
pub(super) const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
pub(super) const MAX_ENTRIES: usize = 500;
/// The shared strings part of a 44-item scheme is about 60 KB.
const MAX_SHARED_STRINGS_BYTES: u64 = 8 * 1024 * 1024;
/// The most distinct texts a workbook may declare (a scheme has under 2,000).
pub(super) const MAX_SHARED_STRINGS: u64 = 100_000;
/// How far into the shared strings part its opening tag is looked for.
const HEAD_BYTES: u64 = 64 * 1024;
/// An OLE compound file: what Excel and WPS write for a workbook with an opening password
/// (and the old .xls format).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const SAVE_AS: &str = "请在 WPS 或 Excel 中“另存为”Excel 工作簿（*.xlsx）";

/// Refuses what no scheme workbook is, in Chinese, before it is opened.
pub(super) fn precheck(bytes: &[u8]) -> Result<(), String> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(
            "这个工作簿设了打开密码（加密保存），或是旧的 .xls 格式，无法读取：请在 WPS 或 Excel 中去掉密码后另存为 Excel 工作簿（*.xlsx）".to_string(),
        );
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        format!("不是 Excel 工作簿（.xlsx 文件其实是 zip 压缩包，这个文件不是）：{SAVE_AS}")
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!("工作簿包含{}个部件，不像考核方案表格", zip.len()));
    }
    let mut names = HashSet::new();
    let mut total: u64 = 0;
    let mut shared = None;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            return Err(format!(
                "工作簿的第{}个部件无法读取：文件可能已损坏。{SAVE_AS}",
                i + 1
            ));
        };
        // Part names are compared as the format does: without case.
        let shown = entry
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "（名称无法读取）".into());
        let name = shown.to_lowercase();
        if entry.encrypted() {
            return Err(format!(
                "这个工作簿设了密码（部件“{}”是加密的），无法读取：请在 WPS 或 Excel 中去掉密码后另存为 Excel 工作簿（*.xlsx）",
                crate::ruleset::excerpt(&shown)
            ));
        }
        if !names.insert(name.clone()) {
            return Err(format!(
                "工作簿中有两个同名的部件“{}”：文件可能被改动过，不能确定该读哪一个。{SAVE_AS}",
                crate::ruleset::excerpt(&shown)
            ));
        }
        if !matches!(
            entry.compression(),
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
        ) {
            return Err(format!(
                "工作簿的部件“{}”用了本程序不支持的压缩方式：{SAVE_AS}",
                crate::ruleset::excerpt(&shown)
            ));
        }
        total = total.saturating_add(entry.size());
        if name.ends_with("sharedstrings.xml") {
            if entry.size() > MAX_SHARED_STRINGS_BYTES {
                return Err(format!(
                    "工作簿的文字部分（{}）解压后超过 8 MB，不像考核方案表格",
                    crate::ruleset::excerpt(&shown)
                ));
            }
            shared = Some(i);
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err("工作簿解压后太大（超过 64 MB），不像考核方案表格".into());
    }
    if let Some(i) = shared {
        let mut head = Vec::new();
        let read = zip.by_index(i).map_err(|e| e.to_string()).and_then(|f| {
            f.take(HEAD_BYTES)
                .read_to_end(&mut head)
                .map_err(|e| e.to_string())
        });
        if read.is_err() {
            return Err(format!(
                "工作簿的文字部分（xl/sharedStrings.xml）无法解压：文件可能已损坏。{SAVE_AS}"
            ));
        }
        for attribute in ["uniqueCount", "count"] {
            if let Some(n) = declared(&head, attribute)?
                && n > MAX_SHARED_STRINGS
            {
                return Err(format!(
                    "工作簿声明有{n}个文字（xl/sharedStrings.xml 的 {attribute}），考核方案表格不会超过{MAX_SHARED_STRINGS}个：文件可能被改动过"
                ));
            }
        }
    }
    Ok(())
}

/// The number an attribute of the `<sst …>` start tag declares, if it is there. A value
/// that is no plain number is refused (calamine would read some such values as counts).
fn declared(head: &[u8], attribute: &str) -> Result<Option<u64>, String> {
    let text = String::from_utf8_lossy(head);
    let Some(start) = text.find("<sst").or_else(|| text.find(":sst")) else {
        return Ok(None);
    };
    let tag = &text[start..];
    // Attributes may be parted by any white space.
    let tag: String = tag[..tag.find('>').unwrap_or(tag.len())]
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    for quote in ['"', '\''] {
        let key = format!(" {attribute}={quote}");
        let Some(at) = tag.find(&key) else { continue };
        let value = &tag[at + key.len()..];
        let value = &value[..value.find(quote).unwrap_or(value.len())];
        let digits = value.trim().trim_start_matches('+');
        return match digits.parse::<u64>() {
            Ok(n) => Ok(Some(n)),
            Err(_) if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
                // More digits than any count: far beyond the limit.
                Ok(Some(u64::MAX))
            }
            Err(_) => Err(format!(
                "工作簿的文字部分（xl/sharedStrings.xml）声明的 {attribute}“{}”不是数目：文件可能被改动过",
                crate::ruleset::excerpt(value)
            )),
        };
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::declared;

    #[test]
    fn the_declared_counts_are_read_from_the_opening_tag_only() {
        let head = b"<?xml version=\"1.0\"?><sst xmlns=\"x\" count=\"12\"\n\tuniqueCount='100000000000'><si><t>uniqueCount=\"1\"</t></si>";
        assert_eq!(declared(head, "count"), Ok(Some(12)));
        assert_eq!(declared(head, "uniqueCount"), Ok(Some(100_000_000_000)));
        let huge = br#"<sst uniqueCount="99999999999999999999999999">"#;
        assert_eq!(declared(huge, "uniqueCount"), Ok(Some(u64::MAX)));
        assert!(declared(br#"<sst uniqueCount="1e9">"#, "uniqueCount").is_err());
        assert_eq!(declared(br#"<sst>"#, "uniqueCount"), Ok(None));
        assert_eq!(declared(b"<x/>", "uniqueCount"), Ok(None));
    }
}

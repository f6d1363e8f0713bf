//! The municipal office's key: what makes a review the office's own.
//!
//! A review (考核得分, 考核意见, state, history) is saved inside the office's copy of a sheet,
//! and every file a unit sends has the same format, so the format alone cannot tell whose
//! numbers they are. The office's program therefore seals each review it saves with an
//! HMAC-SHA256 under a random key that is made on the office's PC the first time it saves a
//! review and never leaves it unless the office exports it (模式 → 导出审核密钥…, to carry the
//! review to another office PC). Opening any sheet checks the seal against the keys this PC
//! holds; review data without a valid seal — written by hand, packed by a unit, sealed on
//! another PC whose key was not imported, or changed after sealing — is not used.
//!
//! The keys live in the user's data folder (`审核密钥/`), never beside the sheets: a unit can
//! put any file into the office's inbox by e-mail, but not into its data folder.

use crate::catalog::sha256_hex;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The extension of an exported key file.
pub const KEY_EXTENSION: &str = "kaoping-key";
/// The folder of keys in the user's data folder.
const KEY_FOLDER: &str = "审核密钥";
/// This PC's own key, made at its first review save.
const OWN_KEY_FILE: &str = "本机审核密钥.kaoping-key";
/// A key file is a few hundred bytes; anything larger is not one.
const MAX_KEY_FILE_BYTES: u64 = 4096;
/// More keys than any office has PCs: the rest of a folder is not read.
const MAX_KEYS: usize = 64;
/// What a key file says it is.
const KEY_KIND: &str = "考评 市妇联审核密钥";
/// The seal's version, so a later scheme can be told apart.
const SEAL_PREFIX: &str = "1";

/// One office key: 32 random bytes, named by a short id derived from them.
#[derive(Clone)]
pub struct OfficeKey {
    /// `3F9A-21C0`: shown to people, written into each seal.
    pub id: String,
    secret: [u8; 32],
    pub created_at: String,
}

impl std::fmt::Debug for OfficeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret never reaches a log or a message.
        f.debug_struct("OfficeKey").field("id", &self.id).finish()
    }
}

/// A key as written to a file.
#[derive(Serialize, Deserialize)]
struct KeyFile {
    kind: String,
    id: String,
    secret: String,
    created_at: String,
    #[serde(default)]
    note: String,
}

fn id_of(secret: &[u8; 32]) -> String {
    let mut text = b"kaoping office key id:".to_vec();
    text.extend_from_slice(secret);
    let hex = sha256_hex(&text).to_uppercase();
    format!("{}-{}", &hex[..4], &hex[4..8])
}

impl OfficeKey {
    /// A new key from the system's random source.
    pub fn generate() -> Result<OfficeKey, String> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| format!("无法生成审核密钥（系统随机数不可用：{e}）"))?;
        Ok(OfficeKey {
            id: id_of(&secret),
            secret,
            created_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
    }

    /// HMAC takes a key of any length, so this is always `Some` for 32 bytes.
    fn mac(&self) -> Option<Hmac<Sha256>> {
        <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).ok()
    }

    /// The seal of `payload`: `1:3F9A-21C0:<64 hex digits>`.
    pub fn seal(&self, payload: &[u8]) -> Result<String, String> {
        let mut mac = self.mac().ok_or("审核密钥无法使用")?;
        mac.update(payload);
        let tag = mac.finalize().into_bytes();
        let hex = crate::catalog::hex(&tag);
        Ok(format!("{SEAL_PREFIX}:{}:{hex}", self.id))
    }

    fn verifies(&self, payload: &[u8], tag_hex: &str) -> bool {
        let (Some(tag), Some(mut mac)) = (from_hex(tag_hex), self.mac()) else {
            return false;
        };
        mac.update(payload);
        // Constant-time comparison.
        mac.verify_slice(&tag).is_ok()
    }

    fn file_text(&self) -> String {
        let file = KeyFile {
            kind: KEY_KIND.into(),
            id: self.id.clone(),
            secret: crate::catalog::hex(&self.secret),
            created_at: self.created_at.clone(),
            note: "市妇联办公室的审核密钥：用它保存的审核结果才算本处的审核。只在本处的电脑之间复制，切勿发给各单位。".into(),
        };
        // Plain strings always serialize.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    fn from_text(bytes: &[u8]) -> Option<OfficeKey> {
        let file: KeyFile = serde_json::from_slice(bytes).ok()?;
        if file.kind != KEY_KIND {
            return None;
        }
        let bytes = from_hex(&file.secret)?;
        let secret: [u8; 32] = bytes.try_into().ok()?;
        let id = id_of(&secret);
        (id == file.id).then_some(OfficeKey {
            id,
            secret,
            created_at: file.created_at,
        })
    }
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || text.len() > 256 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// What a seal says of a review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealCheck {
    /// Sealed by a key this PC holds, and unchanged since.
    Ours,
    /// No seal at all: written by hand, by a unit, or by a program before seals.
    Unsealed,
    /// Sealed by a key this PC does not hold (another PC's, or a unit's own).
    UnknownKey(String),
    /// Sealed by a key this PC holds, but the review or the unit's part changed since.
    Altered,
}

/// The keys this PC trusts: its own and those imported from the office's other PCs.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    keys: Vec<OfficeKey>,
    /// The id of the key this PC seals with.
    own: Option<String>,
}

impl KeyRing {
    /// The keys in `folder` (missing or unreadable files are left out).
    pub fn load(folder: &Path) -> KeyRing {
        let mut ring = KeyRing::default();
        let Ok(entries) = std::fs::read_dir(folder) else {
            return ring;
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == KEY_EXTENSION))
            .take(MAX_KEYS)
            .collect();
        paths.sort();
        for path in paths {
            let Ok(bytes) = crate::fsio::read_limited(&path, MAX_KEY_FILE_BYTES) else {
                continue;
            };
            let Some(key) = OfficeKey::from_text(&bytes) else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == OWN_KEY_FILE) {
                ring.own = Some(key.id.clone());
            }
            if !ring.keys.iter().any(|k| k.id == key.id) {
                ring.keys.push(key);
            }
        }
        ring
    }

    /// A ring holding just `key`, as its own (tests, and a PC that seals in memory).
    pub fn with_own(key: OfficeKey) -> KeyRing {
        KeyRing {
            own: Some(key.id.clone()),
            keys: vec![key],
        }
    }

    /// The id of this PC's own key, if it has made one.
    pub fn own_id(&self) -> Option<&str> {
        self.own.as_deref()
    }

    pub fn ids(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.id.clone()).collect()
    }

    fn own_key(&self) -> Option<&OfficeKey> {
        let id = self.own.as_deref()?;
        self.keys.iter().find(|k| k.id == id)
    }

    /// Checks `seal` (as written in a review) over `payload`.
    pub fn check(&self, seal: &str, payload: &[u8]) -> SealCheck {
        let mut parts = seal.splitn(3, ':');
        let (Some(SEAL_PREFIX), Some(id), Some(tag)) = (parts.next(), parts.next(), parts.next())
        else {
            return SealCheck::Unsealed;
        };
        match self.keys.iter().find(|k| k.id == id) {
            None => SealCheck::UnknownKey(crate::ruleset::excerpt(id)),
            Some(key) if key.verifies(payload, tag) => SealCheck::Ours,
            Some(_) => SealCheck::Altered,
        }
    }
}

/// The folder of this PC's keys, in the user's data folder.
pub fn key_folder() -> Option<PathBuf> {
    crate::fsio::user_data_folder().map(|d| d.join(KEY_FOLDER))
}

/// The keys of this PC, read once and again after a key is made or imported.
static RING: Mutex<Option<KeyRing>> = Mutex::new(None);

/// This PC's keys. An empty reading is not kept: another program (the command line, a second
/// window) may make or import the key at any moment, and a review it seals must count here.
pub fn this_pc() -> KeyRing {
    let mut ring = RING.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(r) = ring.as_ref()
        && !r.keys.is_empty()
    {
        return r.clone();
    }
    let loaded = key_folder().map(|f| KeyRing::load(&f)).unwrap_or_default();
    *ring = Some(loaded.clone());
    loaded
}

/// Reads the keys again (a key imported or made by another program since).
pub fn reload() {
    forget_cached();
}

fn forget_cached() {
    *RING.lock().unwrap_or_else(|p| p.into_inner()) = None;
}

/// Seals `payload` with this PC's own key, making the key at the first review save. Two
/// programs making it at once agree: the file is created only where none exists, and the
/// one that loses reads the other's.
pub fn seal_on_this_pc(payload: &[u8]) -> Result<String, String> {
    if let Some(key) = this_pc().own_key() {
        return key.seal(payload);
    }
    let folder = key_folder().ok_or("找不到本机的用户数据文件夹，无法保存审核密钥")?;
    crate::fsio::make_folder(&folder)?;
    let path = folder.join(OWN_KEY_FILE);
    let key = OfficeKey::generate()?;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut file) => {
            use std::io::Write;
            file.write_all(key.file_text().as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| {
                    // A half-written key would be read as none: take it away again.
                    let _ = std::fs::remove_file(&path);
                    format!(
                        "无法保存审核密钥“{}”：{}",
                        path.display(),
                        crate::fsio::io_error_zh(&e)
                    )
                })?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => {
            return Err(format!(
                "无法保存审核密钥“{}”：{}",
                path.display(),
                crate::fsio::io_error_zh(&e)
            ));
        }
    }
    forget_cached();
    this_pc()
        .own_key()
        .ok_or_else(|| format!("审核密钥“{}”无法读取", path.display()))?
        .seal(payload)
}

/// Writes this PC's own key to `to`, for the office's other PCs. Returns its id.
pub fn export_own_key(to: &Path) -> Result<String, String> {
    let ring = this_pc();
    let key = ring
        .own_key()
        .ok_or("本机还没有审核密钥：保存过一次审核后才有")?;
    crate::fsio::write_atomic(to, key.file_text().as_bytes()).map_err(|e| e.to_string())?;
    Ok(key.id.clone())
}

/// Takes the key in `from` (exported on another office PC) into this PC's keys: reviews
/// sealed with it count as the office's here too. Returns its id.
pub fn import_key(from: &Path) -> Result<String, String> {
    let bytes = crate::fsio::read_limited(from, MAX_KEY_FILE_BYTES)
        .map_err(|m| format!("无法读取“{}”：{m}", from.display()))?;
    let key = OfficeKey::from_text(&bytes)
        .ok_or_else(|| format!("“{}”不是考评的审核密钥文件", from.display()))?;
    if this_pc().keys.iter().any(|k| k.id == key.id) {
        return Ok(key.id);
    }
    let folder = key_folder().ok_or("找不到本机的用户数据文件夹，无法保存审核密钥")?;
    crate::fsio::make_folder(&folder)?;
    let name = format!("导入的审核密钥-{}.{KEY_EXTENSION}", key.id);
    crate::fsio::write_atomic(&folder.join(name), key.file_text().as_bytes())
        .map_err(|e| e.to_string())?;
    forget_cached();
    Ok(key.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_verifies_with_its_key_only_and_only_for_its_payload() {
        let a = OfficeKey::generate().unwrap();
        let b = OfficeKey::generate().unwrap();
        assert_ne!(a.id, b.id);
        let seal = a.seal(b"review").unwrap();
        let ring_a = KeyRing::with_own(a.clone());
        let ring_b = KeyRing::with_own(b.clone());
        assert_eq!(ring_a.check(&seal, b"review"), SealCheck::Ours);
        assert_eq!(ring_a.check(&seal, b"reviews"), SealCheck::Altered);
        assert_eq!(
            ring_b.check(&seal, b"review"),
            SealCheck::UnknownKey(a.id.clone())
        );
        assert_eq!(ring_a.check("", b"review"), SealCheck::Unsealed);
        assert_eq!(ring_a.check("1:x", b"review"), SealCheck::Unsealed);
        // A seal whose tag is not hex, or is cut short, is not taken.
        let id = &a.id;
        assert_eq!(
            ring_a.check(&format!("1:{id}:zz"), b"review"),
            SealCheck::Altered
        );
        assert_eq!(
            ring_a.check(&seal[..seal.len() - 2], b"review"),
            SealCheck::Altered
        );
    }

    #[test]
    fn a_key_file_reads_back_and_a_changed_one_does_not() {
        let a = OfficeKey::generate().unwrap();
        let text = a.file_text();
        let back = OfficeKey::from_text(text.as_bytes()).unwrap();
        assert_eq!(back.id, a.id);
        assert_eq!(
            KeyRing::with_own(back).check(&a.seal(b"x").unwrap(), b"x"),
            SealCheck::Ours
        );
        // The id is derived from the secret: a file naming another id is refused.
        let forged = text.replace(&a.id, "0000-0000");
        assert!(OfficeKey::from_text(forged.as_bytes()).is_none());
        assert!(!format!("{a:?}").contains(&text[text.find("secret").unwrap() + 10..][..16]));
    }
}

//! The fonts shipped in `assets/fonts/` (with their licences there), compiled into the
//! binary so Chinese renders and prints the same on every machine, with no system fonts.

/// AR PL SungtiL GB (Arphic Public License, Debian's fonts-arphic-gbsn00lp): a Song (宋体)
/// face, as official forms are printed. Covers GB2312 with ASCII, ①②③ and CJK punctuation.
pub static SONG: &[u8] = include_bytes!("../assets/fonts/gbsn00lp.ttf");

/// Droid Sans Fallback (Apache-2.0, Debian's fonts-droid-fallback): wide CJK coverage (rare
/// characters in people's names) but no ASCII digits or Latin letters.
pub static FALLBACK: &[u8] = include_bytes!("../assets/fonts/DroidSansFallbackFull.ttf");

//! How far a long piece of work has got, and whether the person asked to stop it: shared
//! between the thread doing the work (packaging, hashing attachments, comparing a folder) and
//! whoever shows it — the window's progress dialog, or nobody (the command line).
//!
//! The work reads `cancelled()` between pieces (a file, 64 KB of one) and stops with an
//! error; what it was writing is a temporary file that then goes, so a cancel leaves nothing
//! half-written. Whether a failure was a cancel is read from here, never from the message.

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A handle on one piece of work's progress; clones share it.
#[derive(Clone, Default)]
pub struct Progress(Arc<Shared>);

#[derive(Default)]
struct Shared {
    /// What is being done now, in words (正在核对佐证材料).
    step: Mutex<String>,
    /// How much of the step is done, and of how much (bytes, or files); total 0: unknown.
    done: AtomicU64,
    total: AtomicU64,
    /// The step counts files rather than bytes.
    files: AtomicBool,
    cancelled: AtomicBool,
}

/// What a progress handle says at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub step: String,
    pub done: u64,
    pub total: u64,
    /// `done` and `total` count files (else bytes).
    pub files: bool,
}

impl Reading {
    /// The share done, 0 to 1 (None while the amount is unknown): for drawing a bar, never
    /// for a score.
    pub fn fraction(&self) -> Option<f32> {
        (self.total > 0).then(|| (self.done.min(self.total) as f64 / self.total as f64) as f32)
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Progress({:?})", self.reading())
    }
}

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    /// A new step of `total` bytes (0: not known) — the count starts again.
    pub fn begin(&self, step: impl Into<String>, total: u64) {
        self.begin_step(step.into(), total, false);
    }

    /// A new step of `total` files.
    pub fn begin_files(&self, step: impl Into<String>, total: u64) {
        self.begin_step(step.into(), total, true);
    }

    fn begin_step(&self, step: String, total: u64, files: bool) {
        if let Ok(mut s) = self.0.step.lock() {
            *s = step;
        }
        self.0.done.store(0, Ordering::Relaxed);
        self.0.total.store(total, Ordering::Relaxed);
        self.0.files.store(files, Ordering::Relaxed);
    }

    /// `n` more of the step done.
    pub fn advance(&self, n: u64) {
        let _ = self
            .0
            .done
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |d| {
                Some(d.saturating_add(n))
            });
    }

    /// Asks the work to stop at its next check.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }

    /// `Err` once a cancel was asked: for the work's checks between pieces.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    pub fn reading(&self) -> Reading {
        Reading {
            step: self.0.step.lock().map(|s| s.clone()).unwrap_or_default(),
            done: self.0.done.load(Ordering::Relaxed),
            total: self.0.total.load(Ordering::Relaxed),
            files: self.0.files.load(Ordering::Relaxed),
        }
    }

    /// A reader or writer whose bytes count towards this progress, and which fails once a
    /// cancel was asked.
    pub fn counting<T>(&self, inner: T) -> Counting<'_, T> {
        Counting {
            inner,
            progress: self,
        }
    }
}

/// The message of work stopped by a cancel (shown only if nothing better is said).
pub const CANCELLED: &str = "已取消";

/// Work stopped because 取消 was pressed (`Progress::check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(CANCELLED)
    }
}

impl From<Cancelled> for String {
    fn from(c: Cancelled) -> String {
        c.to_string()
    }
}

fn cancelled_error() -> io::Error {
    // Not `Interrupted`: `write_all` and `read_to_end` retry that kind for ever.
    io::Error::other(CANCELLED)
}

/// See `Progress::counting`.
pub struct Counting<'a, T> {
    inner: T,
    progress: &'a Progress,
}

impl<T: Read> Read for Counting<'_, T> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.progress.cancelled() {
            return Err(cancelled_error());
        }
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

impl<T: Write> Write for Counting<'_, T> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.progress.cancelled() {
            return Err(cancelled_error());
        }
        let n = self.inner.write(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bytes_and_stops_once_cancelled() {
        let progress = Progress::new();
        progress.begin("复制", 10);
        let mut out = Vec::new();
        let mut source: &[u8] = b"0123456789";
        io::copy(&mut progress.counting(&mut source), &mut out).unwrap();
        assert_eq!(progress.reading().done, 10);
        assert_eq!(progress.reading().fraction(), Some(1.0));
        progress.cancel();
        let mut more: &[u8] = b"abc";
        assert!(io::copy(&mut progress.counting(&mut more), &mut out).is_err());
        assert!(progress.counting(Vec::new()).write_all(b"x").is_err());
        assert!(progress.check().is_err());
        assert_eq!(out, b"0123456789");
    }

    #[test]
    fn an_unknown_total_has_no_fraction() {
        let progress = Progress::new();
        progress.begin("读取", 0);
        progress.advance(5);
        assert_eq!(progress.reading().fraction(), None);
    }
}

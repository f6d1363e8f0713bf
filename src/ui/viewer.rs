//! Handing a printed PDF (or a folder) to the system's viewer, and finding out whether one
//! opened. On Windows the shell says so at once; on Linux `xdg-open` is started and its exit
//! status awaited in the background (it exits non-zero when no program takes the file), so
//! "no viewer opened" can be said instead of a silent 已生成 PDF.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// A hand-over whose outcome arrives later.
pub struct Opening {
    pub path: PathBuf,
    outcome: Receiver<Result<(), String>>,
}

impl Opening {
    /// `Some` once known: `Err` says why nothing opened.
    pub fn outcome(&self) -> Option<Result<(), String>> {
        self.outcome.try_recv().ok()
    }
}

/// Starts opening `path` with the system's program for it; `ctx` is woken with the outcome.
pub fn open(path: &Path, ctx: Option<egui::Context>) -> Opening {
    let (send, outcome) = channel();
    let target = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = send.send(open_and_wait(&target));
        if let Some(ctx) = ctx {
            ctx.request_repaint();
        }
    });
    Opening {
        path: path.to_path_buf(),
        outcome,
    }
}

#[cfg(target_os = "linux")]
fn open_and_wait(path: &Path) -> Result<(), String> {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    // xdg-open exits once the viewer is started, or at once when none was found.
    const WAIT_FOR_OPENER: Duration = Duration::from_secs(15);
    let mut child = match Command::new("xdg-open")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        // No xdg-open: nothing here can start a viewer, and saying so beats a silent
        // 已生成 (opener's fallback "succeeded" without opening anything).
        Err(_) => return Err("系统中没有 xdg-open，无法自动打开".into()),
    };
    let started = Instant::now();
    while started.elapsed() < WAIT_FOR_OPENER {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(_)) => return Err("系统中没有能打开它的程序".into()),
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(crate::fsio::io_error_zh(&e)),
        }
    }
    // Still running: a viewer that keeps xdg-open waiting is a viewer that opened.
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn open_and_wait(path: &Path) -> Result<(), String> {
    opener::open(path).map_err(|e| e.to_string())
}

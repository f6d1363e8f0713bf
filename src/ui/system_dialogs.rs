//! Whether a system file dialog can appear here: Windows always has one; on Linux rfd needs a
//! desktop portal with a file chooser on the session bus, or zenity/kdialog on PATH.

use std::sync::{Arc, OnceLock};

/// Whether a system file dialog can appear here. Windows always has one; on Linux rfd needs
/// a desktop portal with a file chooser on the session bus, or zenity/kdialog. The portal is
/// asked once, in the background, when the window opens (asking may start it).
#[derive(Debug, Clone)]
pub struct NativeDialogs {
    portal: Arc<OnceLock<bool>>,
    /// Set when a system dialog failed to appear: from then on the window's own is used.
    failed: bool,
}

impl NativeDialogs {
    /// Starts the check; the answer is known a moment later.
    pub fn detect() -> Self {
        let portal = Arc::new(OnceLock::new());
        if cfg!(target_os = "linux") {
            let answer = portal.clone();
            let spawned = std::thread::Builder::new()
                .name("portal-check".into())
                .spawn(move || {
                    let _ = answer.set(portal_file_chooser());
                });
            if spawned.is_err() {
                let _ = portal.set(false);
            }
        } else {
            let _ = portal.set(true);
        }
        Self {
            portal,
            failed: false,
        }
    }

    /// No system dialog, ever: the window's own entry is used (tests, benches).
    pub fn none() -> Self {
        Self {
            portal: Arc::new(OnceLock::from(false)),
            failed: true,
        }
    }

    /// A system dialog failed to appear: the window's own is used from now on.
    pub fn failed(&mut self) {
        self.failed = true;
    }

    pub fn available(&self) -> bool {
        if self.failed {
            return false;
        }
        if !cfg!(target_os = "linux") {
            return true;
        }
        // While the portal is still being asked, only a dialog program on PATH counts.
        self.portal.get().copied().unwrap_or(false) || dialog_program_on_path()
    }
}

impl NativeDialogs {
    /// The system dialog will be zenity's: Linux, no portal with a file chooser, zenity on
    /// PATH (rfd's choice then; kdialog is rfd's only if zenity is missing).
    pub fn zenity(&self) -> bool {
        cfg!(target_os = "linux") && self.portal.get().copied() == Some(false) && on_path("zenity")
    }
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
}

fn dialog_program_on_path() -> bool {
    on_path("zenity") || on_path("kdialog")
}

/// Whether the session bus has a desktop portal that offers a file chooser.
#[cfg(target_os = "linux")]
fn portal_file_chooser() -> bool {
    let Ok(bus) = zbus::blocking::Connection::session() else {
        return false;
    };
    // Reading the chooser's version starts the portal if it is installed but not running,
    // and fails when there is no portal or no backend that implements the chooser.
    bus.call_method(
        Some("org.freedesktop.portal.Desktop"),
        "/org/freedesktop/portal/desktop",
        Some("org.freedesktop.DBus.Properties"),
        "Get",
        &("org.freedesktop.portal.FileChooser", "version"),
    )
    .is_ok()
}

#[cfg(not(target_os = "linux"))]
fn portal_file_chooser() -> bool {
    true
}

//! The program's entry, shared by `kaoping` and its Windows console twin `kaoping-cli`: the
//! command line (`cli`, which knows nothing of the window) runs, and when it asks for the
//! window this opens it (`ui`). The one place that knows both, so neither knows the other.

use crate::cli::{Outcome, run};
use std::path::PathBuf;

/// The whole program: the command line, or the window when no subcommand is given. Never
/// returns: the process exits with the command's code.
pub fn program_main() -> ! {
    #[cfg(feature = "window")]
    crate::ui::mark_launch();
    crate::guard::install_quiet_hook();
    match run(std::env::args_os().collect()) {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::OpenWindow(files) => open_window(files, None),
        Outcome::Preview(file) => open_window(Vec::new(), Some(file)),
    }
}

#[cfg(feature = "window")]
fn open_window(files: Vec<PathBuf>, preview: Option<PathBuf>) -> ! {
    match crate::ui::run_window(files, preview) {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            eprintln!("错误：{e}");
            std::process::exit(2);
        }
    }
}

/// Built without the window (`--no-default-features`): say so instead of doing nothing.
#[cfg(not(feature = "window"))]
fn open_window(_files: Vec<PathBuf>, _preview: Option<PathBuf>) -> ! {
    eprintln!("错误：这个版本的考评程序没有窗口，只有命令行。用法见 kaoping --help");
    std::process::exit(2);
}

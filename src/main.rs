// On Windows the program is a GUI program: no console window opens behind it. When it is
// run from a terminal with a subcommand, it attaches to that terminal's console to print.
#![cfg_attr(windows, windows_subsystem = "windows")]

use kaoping::cli::{Outcome, run};

fn main() {
    #[cfg(feature = "window")]
    kaoping::ui::mark_launch();
    kaoping::guard::install_quiet_hook();
    let args: Vec<_> = std::env::args_os().collect();
    #[cfg(windows)]
    if args.len() > 1 {
        attach_parent_console();
    }
    match run(args) {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::OpenWindow(files) => open_window(files),
    }
}

#[cfg(windows)]
fn attach_parent_console() {
    // AttachConsole(ATTACH_PARENT_PROCESS): print into the terminal we were started from.
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(feature = "window")]
fn open_window(files: Vec<std::path::PathBuf>) {
    if let Err(e) = kaoping::ui::run_window(files) {
        eprintln!("错误：{e}");
        std::process::exit(2);
    }
}

/// Built without the window (`--no-default-features`): say so instead of doing nothing.
#[cfg(not(feature = "window"))]
fn open_window(_files: Vec<std::path::PathBuf>) {
    eprintln!("错误：这个版本的考评程序没有窗口，只有命令行。用法见 kaoping --help");
    std::process::exit(2);
}

// On Windows the program is a GUI program: no console window opens behind it. When it is
// run from a terminal with a subcommand, it attaches to that terminal's console to print
// (cmd does not wait for a GUI program: scripts use kaoping-cli.exe, its console twin).
#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() {
    #[cfg(windows)]
    if std::env::args_os().len() > 1 {
        attach_parent_console();
    }
    kaoping::program::program_main();
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

//! The console twin of `kaoping.exe` for Windows' cmd and scripts: a console program, so cmd
//! waits for it, its output comes before the next prompt and %ERRORLEVEL% is its exit code.
//! The same commands (and the same window when started without one). On Linux both are the
//! same program; the packages ship `kaoping` only.

fn main() {
    kaoping::program::program_main();
}

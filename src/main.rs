use kaoping::cli::{Outcome, run};

fn main() {
    match run(std::env::args_os().collect()) {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::OpenWindow(_file) => {
            eprintln!("窗口尚未实现：请使用子命令，见 kaoping --help");
            std::process::exit(2);
        }
    }
}

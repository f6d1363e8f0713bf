//! The command line in Chinese: clap's headings, usage lines, built-in flags and error
//! messages are replaced through its templates and builder (no fork of clap).

use super::Cli;
use std::ffi::OsString;

/// Help in Chinese: headings, usage and the built-in flags, for every subcommand. clap's
/// own words are English; its templates and builder let each of them be replaced.
fn chinese_command(cmd: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let name = cmd.get_bin_name().unwrap_or(cmd.get_name()).to_string();
    let has_options = cmd.get_arguments().any(|a| !a.is_positional());
    let mut usage = name.clone();
    usage.push_str(" [选项]");
    let mut positionals = Vec::new();
    for a in cmd.get_positionals() {
        let v = a
            .get_value_names()
            .and_then(|v| v.first())
            .map(|s| s.to_string())
            .unwrap_or_else(|| a.get_id().to_string());
        let many = matches!(a.get_num_args(), Some(r) if r.max_values() > 1);
        let dots = if many { "…" } else { "" };
        positionals.push(if a.is_required_set() {
            format!("<{v}>{dots}")
        } else {
            format!("[{v}]{dots}")
        });
    }
    for p in &positionals {
        usage.push(' ');
        usage.push_str(p);
    }
    let has_sub = cmd.has_subcommands();
    if has_sub {
        usage.push_str(" [子命令]");
    }
    let mut template = String::from("{about-with-newline}\n用法：{usage}\n");
    if !positionals.is_empty() {
        template.push_str("\n参数：\n{positionals}\n");
    }
    let _ = has_options;
    template.push_str("\n选项：\n{options}\n");
    if has_sub {
        template.push_str("\n子命令：\n{subcommands}\n");
    }
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_version_flag(true)
        .override_usage(usage)
        .help_template(template)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        );
    if cmd.get_version().is_some() {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        );
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        let bin = format!("{name} {sub}");
        cmd = cmd.mut_subcommand(&sub, |s| chinese_command(s.bin_name(bin)));
    }
    cmd
}

/// Parses the command line; on an error prints it in Chinese with the usage and returns the
/// exit code (0 after --help or --version, 2 for a mistake).
pub(super) fn parse_chinese(args: Vec<OsString>) -> Result<Cli, i32> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = chinese_command(Cli::command().bin_name("kaoping"));
    let matches = cmd.try_get_matches_from_mut(args.clone());
    let err = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            return Err(
                if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    2
                } else {
                    0
                },
            );
        }
        _ => {}
    }
    let values = |kind: ContextKind| -> Vec<String> {
        match err.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(other) => vec![other.to_string()],
            None => Vec::new(),
        }
    };
    let arg = values(ContextKind::InvalidArg).join("、");
    let value = values(ContextKind::InvalidValue).join("、");
    let mut message = match err.kind() {
        ErrorKind::MissingRequiredArgument => format!("缺少必须给出的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_string(),
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => format!(
            "没有子命令“{}”",
            values(ContextKind::InvalidSubcommand).join("、")
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("参数 {arg} 的值“{value}”无效")
        }
        ErrorKind::NoEquals => format!("参数 {arg} 须写成 {arg}=值"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 {arg} 的个数不对")
        }
        ErrorKind::ArgumentConflict => format!(
            "参数 {arg} 不能与 {} 同时使用",
            values(ContextKind::PriorArg).join("、")
        ),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8）".to_string(),
        _ => "命令行有误".to_string(),
    };
    let suggested = values(ContextKind::SuggestedArg)
        .into_iter()
        .chain(values(ContextKind::SuggestedSubcommand))
        .collect::<Vec<_>>();
    if !suggested.is_empty() {
        message.push_str(&format!("；是不是要用 {}？", suggested.join("、")));
    }
    // The usage of the subcommand that was being typed, if any.
    let sub = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| cmd.find_subcommand(a).is_some())
        .map(str::to_string);
    let (usage, help) = match &sub {
        Some(name) => (
            cmd.find_subcommand_mut(name)
                .map(|s| s.render_usage().to_string())
                .unwrap_or_default(),
            format!("kaoping {name} --help"),
        ),
        None => (cmd.render_usage().to_string(), "kaoping --help".to_string()),
    };
    let usage = usage.trim().trim_start_matches("Usage:").trim().to_string();
    eprintln!("错误：{message}\n\n用法：{usage}\n\n详见 {help}");
    Err(2)
}

//! A bug must not take the user's work with it: a panic is caught where a command, a
//! comparison worker or a window frame starts, and reported in Chinese with where it happened.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// Where the last panic on this thread happened (file:line), kept by the quiet hook.
    static LAST_PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces Rust's English panic message on stderr: the place is remembered for the
/// Chinese report that `catch` gives. Called once by the program's `main`, not by tests.
pub fn install_quiet_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC_AT.with(|p| *p.borrow_mut() = Some(at));
    }));
}

/// Runs `f`; a panic inside becomes `Err` with its message and place, in words.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "未知错误".into());
        let at = LAST_PANIC_AT.with(|p| p.borrow_mut().take());
        match at {
            Some(at) if !at.is_empty() => {
                format!("{}，位置 {at}", crate::ruleset::excerpt(&what))
            }
            _ => crate::ruleset::excerpt(&what),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_a_message() {
        let r: Result<(), String> = super::catch(|| panic!("boom"));
        assert!(r.unwrap_err().contains("boom"));
        assert_eq!(super::catch(|| 2 + 2), Ok(4));
    }
}

//! The window, driven through egui_kittest as a person would: one test program (one link)
//! for the clerk's half (`fill`), typing and keyboard (`keyboard`) and the municipal office's
//! half (`review`).

#[path = "../common/mod.rs"]
mod common;

mod bulletin;
mod desk;
mod evidence;
mod fill;
mod keyboard;
mod ledger;
mod reader;
mod return_loop;
mod review;
mod rulesets;
mod scoring;
mod traps;
mod undo;

/// Runs frames until the work beside the window (its progress dialog) has ended, as a person
/// waits for it; the frames keep coming meanwhile.
pub fn finish_work(h: &mut egui_kittest::Harness<'_, kaoping::ui::KaopingApp>) {
    for _ in 0..6000 {
        // The frames after the work ends (its result shown, the keyboard given back) can be
        // more than `run`'s few: running on until they settle is what a person sees.
        let _ = h.try_run();
        if !h.state().working() {
            let _ = h.try_run();
            let _ = h.try_run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the work beside the window did not end within 30 s");
}

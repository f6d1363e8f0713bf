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
mod return_loop;
mod review;
mod rulesets;
mod traps;

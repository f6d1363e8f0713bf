//! Long work beside the window: checking and writing a 提交包, reading a folder to compare,
//! writing the 通报 run on a thread of their own while the window keeps drawing a progress
//! dialog (`Dialog::Working`: what, how far, 取消). The dialog is modal, so nothing else acts
//! on the document meanwhile; what the work produced is applied when it ends, on the window's
//! thread, by the same code whatever started it (`work_finished`).

use crate::compared::Comparison;
use crate::package::{Plan, Written};
use crate::progress::Progress;
use crate::ui::app::KaopingApp;
use crate::ui::dialog_kinds::Dialog;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// One piece of work running beside the window.
#[derive(Clone)]
pub struct Job {
    /// The dialog's heading (生成提交包).
    pub title: String,
    pub progress: Progress,
    finished: Arc<Mutex<Option<Finished>>>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job({}, {:?})", self.title, self.progress)
    }
}

/// What a piece of work produced.
pub enum Finished {
    /// The 提交包's contents checked (its attachments hashed): the dialog that says what it
    /// will hold comes next.
    Planned(Result<Plan, String>),
    /// The 提交包 written, or why not.
    Packaged(Result<Written, String>),
    /// A comparison read from its files (None: cancelled, the one shown stays), and what
    /// the status line then says (None: what was received).
    Compared {
        comparison: Option<Box<Comparison>>,
        said: Option<String>,
    },
    /// Files copied into an item's folder (to be recorded in the sheet), and why the next
    /// one could not be, if one could not.
    Attached {
        item_id: String,
        copied: Vec<crate::evidence::Copied>,
        failed: Option<String>,
    },
    /// The 通报 written to `path` (its page count, if known), or why not.
    Bulletin {
        path: PathBuf,
        draft: bool,
        written: Result<Option<usize>, String>,
    },
}

impl Job {
    /// Starts `work` on its own thread; `repaint` is asked for a frame when it ends.
    pub fn start(
        title: &str,
        repaint: Option<egui::Context>,
        work: impl FnOnce(&Progress) -> Finished + Send + 'static,
    ) -> Job {
        let job = Job {
            title: title.to_string(),
            progress: Progress::new(),
            finished: Arc::new(Mutex::new(None)),
        };
        let progress = job.progress.clone();
        let slot = job.finished.clone();
        let run = move || {
            // A bug in the work ends it with a message, never with a window waiting for ever.
            let done = crate::guard::catch(|| work(&progress)).unwrap_or_else(|message| {
                Finished::Packaged(Err(format!("程序内部错误：{message}")))
            });
            if let Ok(mut s) = slot.lock() {
                *s = Some(done);
            }
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        };
        let spawned = std::thread::Builder::new()
            .name("kaoping-work".into())
            .spawn(run);
        if let Err(e) = spawned {
            // No thread to be had: the work cannot run beside the window, so it is not run.
            if let Ok(mut s) = job.finished.lock() {
                *s = Some(Finished::Packaged(Err(format!("无法开始：{e}"))));
            }
        }
        job
    }

    /// What the work produced, once it has ended (taken: asked again, None).
    pub fn take_finished(&self) -> Option<Finished> {
        self.finished.lock().ok().and_then(|mut s| s.take())
    }
}

impl KaopingApp {
    /// Shows the progress dialog of work started now on its own thread.
    pub(in crate::ui) fn start_work(
        &mut self,
        title: &str,
        work: impl FnOnce(&Progress) -> Finished + Send + 'static,
    ) {
        self.dialog = Some(Dialog::Working(Job::start(
            title,
            self.repaint.clone(),
            work,
        )));
    }

    /// Whether work runs beside the window (its dialog shows).
    pub fn working(&self) -> bool {
        matches!(self.dialog, Some(Dialog::Working(_)))
    }

    /// Waits for the work running beside the window to end and applies what it produced —
    /// as the window does when it sees it end (for callers without frames: benches, tests of
    /// the flows behind the dialogs).
    pub fn wait_for_work(&mut self) {
        while let Some(Dialog::Working(job)) = &self.dialog {
            if let Some(done) = job.take_finished() {
                let cancelled = job.progress.cancelled();
                self.dialog = None;
                self.work_finished(done, cancelled);
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// Applies what finished work produced; `cancelled`: the person pressed 取消 meanwhile (a
    /// failure then is that cancel, not an error to explain).
    pub(in crate::ui) fn work_finished(&mut self, done: Finished, cancelled: bool) {
        match done {
            Finished::Planned(Err(_)) if cancelled => {
                self.status = "已取消：没有生成提交包".into();
            }
            Finished::Planned(planned) => self.package_planned(planned),
            Finished::Packaged(Err(_)) if cancelled => {
                self.status = "已取消：没有生成提交包，已有的文件没有改动".into();
            }
            Finished::Packaged(written) => self.package_written(written),
            Finished::Compared {
                comparison: None, ..
            } => {
                self.comparison_view.status = "已取消读取：汇总保持原样".into();
            }
            Finished::Compared {
                comparison: Some(c),
                said,
            } => self.comparison_loaded(*c, said),
            Finished::Attached {
                item_id,
                copied,
                failed,
            } => self.files_attached(&item_id, copied, failed, cancelled),
            Finished::Bulletin {
                written: Err(_), ..
            } if cancelled => {
                self.comparison_view.status = "已取消：没有导出考核通报".into();
            }
            Finished::Bulletin {
                path,
                draft,
                written,
            } => self.bulletin_written(&path, draft, written),
        }
    }
}

//! Long work beside the window, as data: a `Job` (its progress, and what it produced once
//! it ends) and `Finished` (what each kind of work produces). The thread is started here; the
//! app shows the job's dialog and applies what it produced (`ui/app/jobs.rs`).

use crate::compared::Comparison;
use crate::package::{Plan, Written};
use crate::progress::Progress;
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
    /// The work could not run or stopped on a bug: said under the job's own title, whatever
    /// kind of work it was (it once came back as a failed 提交包 for any job).
    Failed(String),
    /// The 提交包's contents checked (its attachments hashed): the dialog that says what it
    /// will hold comes next.
    Planned(Result<Plan, crate::package::PackageError>),
    /// The 提交包 written, or why not.
    Packaged(Result<Written, crate::package::PackageError>),
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
        failed: Option<crate::evidence::EvidenceError>,
    },
    /// 部门评分 ready: the category's 评分表 of the inbox to score here, or why not.
    DepartmentReady(Result<Box<crate::scoring_sheet::Draft>, String>),
    /// A department's 评分表 written: what to say, or why not.
    ScoringSheetWritten(Result<String, String>),
    /// A filled 评分表 read and judged against the inbox (the dialog to choose rows comes
    /// next), or why it could not be read.
    ScoringSheetRead {
        path: PathBuf,
        read: Result<Box<(crate::scoring_sheet::Checked, crate::scoring_sheet::Inbox)>, String>,
    },
    /// The chosen rows of a 评分表 merged into the units' reviews, and the comparison read
    /// again after it.
    ScoringMerged {
        merged: Box<crate::scoring_sheet::Merged>,
        comparison: Box<Comparison>,
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
        let what = job.title.clone();
        let run = move || {
            // A bug in the work ends it with a message, never with a window waiting for ever.
            let done = crate::guard::catch(|| work(&progress)).unwrap_or_else(|message| {
                Finished::Failed(format!("“{what}”没有完成，程序内部错误：{message}"))
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
                *s = Some(Finished::Failed(format!("“{title}”无法开始：{e}")));
            }
        }
        job
    }

    /// What the work produced, once it has ended (taken: asked again, None).
    pub fn take_finished(&self) -> Option<Finished> {
        self.finished.lock().ok().and_then(|mut s| s.take())
    }
}

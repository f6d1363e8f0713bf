//! Long work beside the window: checking and writing a 提交包, reading a folder to compare,
//! writing the 通报 run on a thread of their own (`ui::jobs`) while the window keeps drawing a
//! progress dialog (`Dialog::Working`: what, how far, 取消). The dialog is modal, so nothing
//! else acts on the document meanwhile; what the work produced is applied when it ends, on
//! the window's thread, by the same code whatever started it (`work_finished`).

use crate::package::PackageError;
use crate::progress::Progress;
use crate::ui::app::KaopingApp;
use crate::ui::dialog_kinds::Dialog;
pub use crate::ui::jobs::{Finished, Job};

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
            Finished::Failed(why) => {
                self.dialog = Some(Dialog::Message {
                    title: "没有完成".into(),
                    body: why,
                });
            }
            Finished::Planned(Err(PackageError::Cancelled)) => {
                self.status = "已取消：没有生成提交包".into();
            }
            Finished::Planned(planned) => self.package_planned(planned),
            Finished::Packaged(Err(PackageError::Cancelled)) => {
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
            } => self.files_attached(&item_id, copied, failed),
            Finished::ScoringSheetWritten(said) => self.scoring_sheet_written(said),
            Finished::DepartmentReady(draft) => self.department_ready(draft),
            Finished::ScoringSheetRead { path, read } => self.scoring_sheet_read(&path, read),
            Finished::ScoringMerged { merged, comparison } => {
                self.scoring_merged(*merged, *comparison);
            }
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

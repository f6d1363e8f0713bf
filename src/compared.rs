//! What the municipal office is comparing: the files and folders it added, the ones it took
//! out, the summary read from them and how the table is ordered. No window code: the window
//! (`ui/comparison.rs`) draws it.

use crate::catalog::Catalog;
use crate::summary::{COL_FIRST_CATEGORY, COL_SELF, SortKey, Summary, same_file};
use std::path::{Path, PathBuf};

/// The files being compared and how the table is ordered.
pub struct Comparison {
    /// Files and folders as the user added them (folders are read again on 刷新).
    pub inputs: Vec<PathBuf>,
    /// Files the user took out (移出), even when a folder holds them.
    pub excluded: Vec<PathBuf>,
    pub summary: Summary,
    pub sort: SortKey,
    /// The years set side by side by item id, when asked for (汇总 → 按项目对照各年度).
    pub years: Option<crate::table::Table>,
}

impl Comparison {
    pub fn load(inputs: Vec<PathBuf>, excluded: Vec<PathBuf>, catalog: &Catalog) -> Comparison {
        Self::load_with(inputs, excluded, catalog, &crate::progress::Progress::new())
    }

    /// `load`, its files counted in `progress` (see `Summary::from_paths_with`).
    pub fn load_with(
        inputs: Vec<PathBuf>,
        excluded: Vec<PathBuf>,
        catalog: &Catalog,
        progress: &crate::progress::Progress,
    ) -> Comparison {
        let summary = Summary::from_paths_with(&inputs, &excluded, catalog, progress);
        Comparison {
            inputs,
            excluded,
            summary,
            sort: SortKey::default(),
            years: None,
        }
    }

    /// Reads every file again (after a save, or 刷新).
    pub fn reload(&mut self, catalog: &Catalog) {
        self.summary = Summary::from_paths_excluding(&self.inputs, &self.excluded, catalog);
        if self.years.is_some() {
            self.years = self.years_table(catalog).ok();
        }
    }

    /// The schemes among the files set side by side by item id.
    pub fn years_table(&self, catalog: &Catalog) -> Result<crate::table::Table, String> {
        let (mut files, _) = crate::summary::collect_files(&self.inputs);
        files.retain(|f| !self.excluded.iter().any(|e| same_file(e, f)));
        crate::summary::across_years(crate::summary::open_all(&files, catalog))
    }

    /// The comparison shows (or lists as failed) this file.
    pub fn covers(&self, path: &Path) -> bool {
        self.summary
            .rows
            .iter()
            .filter_map(|r| r.sheet.as_ref())
            .map(|s| s.path.as_path())
            .chain(self.summary.failures.iter().map(|f| f.path.as_path()))
            .any(|p| same_file(p, path))
            || self
                .inputs
                .iter()
                .any(|i| i.is_dir() && path.starts_with(i))
            // A review copy's sheet: its package's row.
            || crate::package::workspace::package_of(path).is_some_and(|p| self.covers(&p))
    }

    /// Clicking a column: the first click orders scores highest first and names in the
    /// official order; the next click reverses.
    pub fn sort_by(&mut self, column: usize) {
        if self.sort.column == column {
            self.sort.descending = !self.sort.descending;
        } else {
            let categories = self.summary.ruleset.ruleset.categories.len();
            let score_column = (COL_SELF..COL_FIRST_CATEGORY + categories).contains(&column);
            self.sort = SortKey {
                column,
                descending: score_column,
            };
        }
    }
}

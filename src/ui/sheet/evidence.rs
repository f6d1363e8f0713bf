//! 佐证材料 in the window: the selected item's list (title, open, up, down, remove, add), the
//! 盖章扫描件, and the 提交包 (its size against the mail limit and what is missing, said
//! before it is written). The work itself is the core's (`crate::evidence`,
//! `crate::package`, `Session::attach_*`).

use crate::document::Edit;
use crate::evidence::{self, human_size};
use crate::package::DEFAULT_MAIL_LIMIT;
use crate::ruleset::Item;
use crate::ui::sheet::SheetCtx;
use crate::ui::widgets::{field_id, focus_and_reveal};
use crate::ui::{ERROR_RED, REVIEW_BLUE, WARNING_ORANGE};
use egui::RichText;
use std::path::{Path, PathBuf};

/// What to do with one entry, decided while drawing its row.
enum RowAction {
    Open(PathBuf),
    Up,
    Down,
    Remove,
    Shrink,
    Rename(String),
}

/// A button that scrolls into view when Tab reaches it.
fn button(ui: &mut egui::Ui, enabled: bool, text: &str) -> egui::Response {
    let r = ui.add_enabled(enabled, egui::Button::new(text));
    focus_and_reveal(&r, false);
    r
}

/// The 盖章扫描件 added so far, under the item's 佐证材料: each with whether it was printed
/// from the sheet as it is now, 打开, and 删除 (a wrong scan; its file goes to the trash when
/// the sheet is saved). Nothing is drawn before the first scan is added.
pub fn scans_section(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    let scans = cx.session.sheet().sealed_scans.clone();
    if scans.is_empty() {
        return;
    }
    ui.separator();
    ui.label(RichText::new(format!("盖章扫描件（{}个）", scans.len())).strong());
    let fingerprint = cx.session.content_fingerprint().to_string();
    let editable = cx.session.mode() == crate::ui::Mode::Fill;
    let mut remove: Option<usize> = None;
    let mut open: Option<PathBuf> = None;
    for (i, scan) in scans.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            // The file's own name, so the clerk sees which file was taken.
            ui.label(format!("第{}个 {}（{}）", i + 1, scan.title, scan.stored));
            if scan.printed_with == fingerprint {
                ui.label(RichText::new("与现在的内容一致").weak());
            } else {
                ui.colored_label(WARNING_ORANGE, "打印后内容又改过");
            }
            if let Some(sheet_path) = cx.session.path() {
                let file = evidence::scan_file(sheet_path, &scan.stored);
                if button(ui, true, "打开")
                    .on_hover_text(format!("用系统的程序打开 {}", file.display()))
                    .clicked()
                {
                    open = Some(file);
                }
            }
            if editable
                && button(ui, true, "删除扫描件")
                    .on_hover_text("加错了扫描件时用：保存后它的文件移到回收站")
                    .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(file) = open {
        cx.open_with_system(&file);
    }
    if let Some(i) = remove {
        cx.edit(crate::document::Edit::RemoveScan(i));
    }
}

/// The selected item's 佐证材料, under its inputs.
pub fn item_section(cx: &mut SheetCtx, ui: &mut egui::Ui, item: &Item) {
    ui.separator();
    let list = cx
        .session
        .sheet()
        .evidence
        .get(&item.id)
        .cloned()
        .unwrap_or_default();
    ui.label(RichText::new(format!("佐证材料（{}个）", list.len())).strong());
    let hints = evidence::hints(item);
    if !hints.is_empty() {
        let names: Vec<String> = hints
            .iter()
            .map(|h| {
                if h.required {
                    format!("{}（必附）", h.title)
                } else {
                    h.title.clone()
                }
            })
            .collect();
        let from = if hints.iter().all(|h| h.reading) {
            "（本程序从考核内容中读出）"
        } else {
            ""
        };
        ui.label(RichText::new(format!("建议附：{}{from}", names.join("、"))).weak());
    }
    let editable = cx.session.mode() == crate::ui::Mode::Fill;
    let mut action: Option<(usize, RowAction)> = None;
    for (i, e) in list.iter().enumerate() {
        // Wrapped, never wider than the calculator: a row wider than its panel once pushed
        // the panel's edge and let the grid's rows cover 添加文件….
        ui.horizontal_wrapped(|ui| {
            // The row's number names its title field for screen readers (and tests).
            let number = ui.label(format!("第{}个", i + 1)).id;
            let key = format!("evidence-title/{}/{}", item.id, e.stored);
            let buffer = cx
                .view
                .buffers
                .entry(key)
                .or_insert_with(|| e.title.clone());
            let title_edit = ui
                .add_enabled(
                    editable,
                    crate::ui::widgets::one_line(buffer)
                        .id(field_id(("evidence-title", &item.id, &e.stored)))
                        .char_limit(evidence::MAX_TITLE_CHARS)
                        .desired_width((ui.available_width() - 60.0).clamp(100.0, 180.0)),
                )
                .labelled_by(number);
            focus_and_reveal(&title_edit, false);
            let title_edit = title_edit.on_hover_text(format!(
                "{}（{}）：名称可以直接修改",
                e.stored,
                human_size(e.size)
            ));
            if title_edit.changed() && *buffer != e.title {
                action = Some((i, RowAction::Rename(buffer.clone())));
            }
            if let Some(file) = cx.session.evidence_file(&item.id, &e.stored)
                && button(ui, true, "打开")
                    .on_hover_text(format!("用系统的程序打开 {}", file.display()))
                    .clicked()
            {
                action = Some((i, RowAction::Open(file)));
            }
            if editable {
                if button(ui, i > 0, "上移").clicked() {
                    action = Some((i, RowAction::Up));
                }
                if button(ui, i + 1 < list.len(), "下移").clicked() {
                    action = Some((i, RowAction::Down));
                }
                if evidence::is_image(&e.stored)
                    && button(ui, true, "缩小")
                        .on_hover_text(format!(
                            "存成长边不超过{}像素的 JPEG（现在 {}）",
                            evidence::SHRINK_LONG_SIDE,
                            human_size(e.size)
                        ))
                        .clicked()
                {
                    action = Some((i, RowAction::Shrink));
                }
                if button(ui, true, "删除")
                    .on_hover_text("从此项中去掉（保存后文件夹中的副本移到回收站）")
                    .clicked()
                {
                    action = Some((i, RowAction::Remove));
                }
            }
        });
        if evidence::is_image(&e.stored)
            && let Some(file) = cx.session.evidence_file(&item.id, &e.stored)
        {
            preview(cx, ui, &file, &e.title);
        }
        let key = format!("evidence-title/{}/{}", item.id, e.stored);
        if let Some(typed) = cx.view.buffers.get(&key)
            && let Err(why) = evidence::clean_title(typed)
        {
            ui.colored_label(ERROR_RED, why.to_string());
        }
    }
    if let Some((i, a)) = action {
        act_on_row(cx, &item.id, i, a);
    }
    if editable {
        ui.horizontal(|ui| {
            if button(ui, true, "添加文件…")
                .on_hover_text("复制到考评表旁边的“…_佐证材料”文件夹；也可以把文件拖到窗口上")
                .clicked()
            {
                cx.queue(crate::ui::commands::Command::AttachEvidence(
                    item.id.clone(),
                ));
            }
            if cx.session.path().is_none() {
                ui.label(RichText::new("（先保存考评表）").weak());
            }
        });
    }
}

/// A photo's thumbnail under its row, decoded once and kept as a texture.
fn preview(cx: &mut SheetCtx, ui: &mut egui::Ui, file: &Path, title: &str) {
    let texture = cx
        .previews
        .entry(file.to_path_buf())
        .or_insert_with(|| {
            let picture = thumbnail(file)?;
            let size = [picture.width() as usize, picture.height() as usize];
            let pixels = egui::ColorImage::from_rgba_unmultiplied(size, picture.as_raw());
            Some(ui.ctx().load_texture(
                format!("evidence-preview:{}", file.display()),
                pixels,
                egui::TextureOptions::LINEAR,
            ))
        })
        .clone();
    match texture {
        Some(t) => {
            let [w, h] = t.size();
            ui.add(
                egui::Image::new((t.id(), egui::vec2(w as f32, h as f32)))
                    .alt_text(format!("{title}（预览）")),
            );
        }
        None => {
            ui.label(RichText::new("（无法预览这张图片）").weak());
        }
    }
}

/// At most 240×150 pixels of a photo (small enough for a 700-pixel-high screen), or None when it cannot be read (bounded like any file).
fn thumbnail(file: &Path) -> Option<image::RgbaImage> {
    let bytes = crate::fsio::read_limited(file, evidence::MAX_EVIDENCE_BYTES).ok()?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    Some(reader.decode().ok()?.thumbnail(240, 150).to_rgba8())
}

fn act_on_row(cx: &mut SheetCtx, item_id: &str, index: usize, action: RowAction) {
    match action {
        RowAction::Open(path) => cx.open_with_system(&path),
        RowAction::Up | RowAction::Down => cx.edit(Edit::MoveEvidence {
            item: item_id.to_string(),
            index,
            up: matches!(action, RowAction::Up),
        }),
        RowAction::Remove => cx.edit(Edit::RemoveEvidence {
            item: item_id.to_string(),
            index,
        }),
        RowAction::Shrink => cx.edit(Edit::ShrinkImage {
            item: item_id.to_string(),
            index,
        }),
        // An empty or too long title stays in the field (said in red), the file keeps its
        // last good one.
        RowAction::Rename(title) => cx.edit(Edit::RenameEvidence {
            item: item_id.to_string(),
            index,
            title,
        }),
    }
}

/// The package dialog's body: what goes in, the size against the mail limit, what is
/// missing. Returns what was pressed, None while open.
pub fn package_dialog(
    ui: &mut egui::Ui,
    files: usize,
    contents: &str,
    bytes: u64,
    missing: &[String],
) -> Option<PackageAnswer> {
    crate::ui::widgets::dialog_text(
        ui,
        format!(
            "将打包{files}个文件（{contents}），共 {}。",
            human_size(bytes)
        ),
    );
    if bytes > DEFAULT_MAIL_LIMIT {
        ui.colored_label(
            WARNING_ORANGE,
            format!(
                "超过了邮件附件常见的上限 {}：请删去或换小一些的图片，或分开发送。",
                human_size(DEFAULT_MAIL_LIMIT)
            ),
        );
    } else {
        ui.label(
            RichText::new(format!(
                "在邮件附件常见的上限 {} 以内。",
                human_size(DEFAULT_MAIL_LIMIT)
            ))
            .color(REVIEW_BLUE),
        );
    }
    if missing.is_empty() {
        crate::ui::widgets::dialog_text(ui, "内容齐全。");
    } else {
        crate::ui::widgets::dialog_text(ui, "还缺少：");
        for m in missing {
            ui.colored_label(WARNING_ORANGE, format!("· {m}"));
            crate::ui::widgets::dialog_says(ui, format!("· {m}"));
        }
        ui.label(RichText::new("仍可生成提交包，补齐后再生成一次即可。").weak());
    }
    ui.label(
        RichText::new(format!(
            "“缩小所有大图片”把超过 {} 的照片存成长边不超过{}像素的 JPEG。",
            human_size(evidence::LARGE_IMAGE_BYTES),
            evidence::SHRINK_LONG_SIDE
        ))
        .weak(),
    );
    match crate::ui::widgets::dialog_buttons(ui, &["生成提交包…", "缩小所有大图片", "取消"])
    {
        Some(0) => Some(PackageAnswer::Write),
        Some(1) => Some(PackageAnswer::Shrink),
        Some(_) => Some(PackageAnswer::Cancel),
        None => None,
    }
}

/// The package dialog's buttons.
pub enum PackageAnswer {
    Write,
    Shrink,
    Cancel,
}

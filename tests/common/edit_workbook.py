"""Edits a scheme workbook the way the municipal office would in WPS or Excel: with openpyxl,
cell by cell, finding rows by 项目编号 and columns by their header. Used by tests/core/workbook.rs.

    python3 edit_workbook.py IN.xlsx OUT.xlsx MODE

MODE:
  2016        next year's scheme: id, year, title, deadline; a target (80 → 90, its words too),
              a text, a new item (office.other halved to make room), and a 加分项 category
  typo        目标·县市 of office.info written as 八十
  unknown     规则类型 of office.statistics written as 扣分制
  words       office.info's 考核说明 says 每少一条扣1分 (the rule stays 0.5), and a target
              changed to 90 while the words still say 80
  percent     阈值(%) of development.screening typed as 90% (stored 0.9, percent format)
  formula     目标·县市 of office.info a formula, saved without its result (as openpyxl saves)
  hidden      a row of 单位 moved to the end and hidden (平江县 again, in 功能区), and a hidden
              column beside 考核项目 holding a note
  tiny        扣分/计分 of office.statistics typed as 1e-30
  ledgers     台账: a field type written as 整数 (row of lectures' 参加妇女人数), a feed naming a
              ledger that does not exist, and a feed whose derivation names no field of its
              ledger (loans' people: 条数(性别=女性))
  many        a typo (0。5 in 扣分/计分 of office.statistics), a formula without a result
              (标准分 of office.plans), and a category's points that no longer add up
"""

import sys

import openpyxl


def columns(sheet):
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def row_of(sheet, cols, item_id):
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, cols["项目编号"]).value == item_id:
            return row
    raise SystemExit(f"no row for {item_id}")


def basics(book, label, value):
    sheet = book["基本信息"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == label:
            sheet.cell(row, 2).value = value
            return
    raise SystemExit(f"no 基本信息 row {label}")


def main():
    source, target, mode = sys.argv[1:4]
    book = openpyxl.load_workbook(source)
    items = book["考核项目"]
    cols = columns(items)
    info = row_of(items, cols, "office.info")
    if mode == "2016":
        basics(book, "规则编号", "yueyang-2016")
        basics(book, "年度", 2016)
        basics(book, "标题", "2016年县市区妇联工作绩效考核自评表")
        basics(book, "截止日期", "2017-01-12")
        items.cell(info, cols["目标·县市"]).value = 90
        content = items.cell(info, cols["考核内容"])
        content.value = content.value.replace("市妇联采用80条", "市妇联采用90条", 1)
        statistics = row_of(items, cols, "office.statistics")
        items.cell(statistics, cols["考核说明"]).value = "未按时完成扣2分"
        other = row_of(items, cols, "office.other")
        items.cell(other, cols["标准分"]).value = 0.5
        items.insert_rows(other + 1)
        new = other + 1
        items.cell(new, cols["序号"]).value = 9
        items.cell(new, cols["项目编号"]).value = "office.digital"
        items.cell(new, cols["考核内容"]).value = "做好妇联网上工作平台的信息维护"
        items.cell(new, cols["考核说明"]).value = "未按时维护扣0.5分"
        items.cell(new, cols["标准分"]).value = 0.5
        items.cell(new, cols["规则名称"]).value = "按时维护网上工作平台"
        items.cell(new, cols["规则类型"]).value = "未做到扣分"
        items.cell(new, cols["扣分/计分"]).value = 0.5
        last = items.max_row + 1
        rows = [
            ("工作获省级以上表彰", "每获一项省级以上表彰加1分，最多加3分", 3, "获省级以上表彰", 1),
            ("创新工作被省妇联推介", "每被推介一项加1分，最多加2分", 2, "被省妇联推介的创新工作", 1),
        ]
        for n, (content_text, rule_text, points, label, per) in enumerate(rows):
            row = last + n
            if n == 0:
                items.cell(row, cols["类别"]).value = "加分项目"
                items.cell(row, cols["类别分值"]).value = 5
                items.cell(row, cols["类别编号"]).value = "bonus"
            items.cell(row, cols["序号"]).value = n + 1
            items.cell(row, cols["项目编号"]).value = f"bonus.{n + 1}"
            items.cell(row, cols["考核内容"]).value = content_text
            items.cell(row, cols["考核说明"]).value = rule_text
            items.cell(row, cols["标准分"]).value = points
            items.cell(row, cols["规则名称"]).value = label
            items.cell(row, cols["规则类型"]).value = "加分项"
            items.cell(row, cols["扣分/计分"]).value = per
            items.cell(row, cols["计量单位"]).value = "项"
    elif mode == "typo":
        items.cell(info, cols["目标·县市"]).value = "八十"
    elif mode == "unknown":
        statistics = row_of(items, cols, "office.statistics")
        items.cell(statistics, cols["规则类型"]).value = "扣分制"
    elif mode == "words":
        items.cell(info, cols["考核说明"]).value = "每少一条扣1分"
        items.cell(info, cols["目标·县市"]).value = 90
    elif mode == "percent":
        screening = row_of(items, cols, "development.screening")
        cell = items.cell(screening, cols["阈值(%)"])
        cell.value = 0.9
        cell.number_format = "0%"
    elif mode == "formula":
        items.cell(info, cols["目标·县市"]).value = "=40*2"
    elif mode == "hidden":
        units = book["单位"]
        last = units.max_row + 1
        for col in range(1, units.max_column + 1):
            units.cell(last, col).value = units.cell(2, col).value
        ucols = columns(units)
        units.cell(last, ucols["类别"]).value = "功能区"
        units.row_dimensions[last].hidden = True
        spare = items.max_column + 2
        items.cell(2, spare).value = "备注"
        letter = openpyxl.utils.get_column_letter(spare)
        items.column_dimensions[letter].hidden = True
    elif mode == "tiny":
        statistics = row_of(items, cols, "office.statistics")
        items.cell(statistics, cols["扣分/计分"]).value = 1e-30
    elif mode == "ledgers":
        ledgers = book["台账"]
        lc = columns(ledgers)
        for r in range(2, ledgers.max_row + 1):
            if ledgers.cell(r, lc["字段名称"]).value == "参加妇女人数":
                ledgers.cell(r, lc["字段类型"]).value = "整数"
        feeds = book["台账计算"]
        fc = columns(feeds)
        last = feeds.max_row + 1
        feeds.cell(last, fc["台账编号"]).value = "讲座台账"
        feeds.cell(last, fc["规则编号"]).value = "held"
        feeds.cell(last, fc["计算方式"]).value = "条数"
        for r in range(2, feeds.max_row + 1):
            if feeds.cell(r, fc["台账编号"]).value == "loans" and feeds.cell(r, fc["规则编号"]).value == "people":
                feeds.cell(r, fc["计算方式"]).value = "占比(条数(性别=女性), 条数)"
    elif mode == "many":
        statistics = row_of(items, cols, "office.statistics")
        items.cell(statistics, cols["扣分/计分"]).value = "0。5"
        plans = row_of(items, cols, "office.plans")
        items.cell(plans, cols["标准分"]).value = "=1+0"
        items.cell(info, cols["标准分"]).value = 8
    else:
        raise SystemExit(f"unknown mode {mode}")
    book.save(target)


if __name__ == "__main__":
    main()

"""Fills a 评分表 the way a department would in WPS or Excel: with openpyxl, cell by cell.

    python3 fill_scoring_sheet.py IN.xlsx OUT.xlsx SPEC.json

SPEC: {"sheet": "维权工作",
       "reviewer": "张三",            every scorable row gets this 审核人 ...
       "self": true,                  ... and its 自查得分 as 考核得分 (rows whose 状态 is 可评分)
       "rows": {"平江县 第1项": {"score": "5", "opinion": "…", "reviewer": "…"}},
       "copy_from": ["OTHER.xlsx", "儿童工作", "平江县 第1项"]}   a row of another sheet pasted below
"""
import json
import sys

import openpyxl

source, target, spec_path = sys.argv[1:4]
spec = json.load(open(spec_path, encoding="utf-8"))
book = openpyxl.load_workbook(source)
ws = book[spec["sheet"]]
header = [c.value for c in ws[1]]
col = {h: i + 1 for i, h in enumerate(header)}
for r in range(2, ws.max_row + 1):
    unit = ws.cell(r, col["单位"]).value
    item = ws.cell(r, col["项目"]).value
    state = ws.cell(r, col["状态"]).value
    if spec.get("self") and state == "可评分":
        ws.cell(r, col["考核得分"]).value = ws.cell(r, col["自查得分"]).value
        ws.cell(r, col["审核人"]).value = spec.get("reviewer", "")
    for key, values in spec.get("rows", {}).items():
        if key == f"{unit} {item}":
            for field, header_name in (("score", "考核得分"), ("opinion", "考核意见"), ("reviewer", "审核人")):
                if field in values:
                    v = values[field]
                    try:
                        v = float(v)
                    except (TypeError, ValueError):
                        pass
                    ws.cell(r, col[header_name]).value = v
if "copy_from" in spec:
    other_path, other_sheet, which = spec["copy_from"]
    other = openpyxl.load_workbook(other_path)[other_sheet]
    for row in other.iter_rows(min_row=2):
        if f"{row[0].value} {row[1].value}" == which:
            target_row = ws.max_row + 1
            for i, c in enumerate(row):
                ws.cell(target_row, i + 1).value = c.value
            ws.cell(target_row, col["考核得分"]).value = 1
            ws.cell(target_row, col["审核人"]).value = spec.get("reviewer", "")
            break
book.save(target)

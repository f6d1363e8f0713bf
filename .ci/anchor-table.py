"""The anchor of the speed comparisons: the same filled sheet as a table LibreOffice opens.
Reads `kaoping score --json SHEET` on stdin, writes an HTML table of the 44 rows (category,
content, rule text, points, self score, review score) with the totals and the signature line.
Usage: kaoping score --json s.kaoping | python3 .ci/anchor-table.py OUT.html
Then `soffice --headless --convert-to odt:writer8 OUT.html` gives the .odt Writer opens
(LibreOffice 7.4 hung converting HTML straight to PDF)."""
import html
import json
import sys

sheet = json.load(sys.stdin)
names = {c["id"]: f'{c["name"]}（{c["points"]}分）' for c in sheet["categories"]}
cell = lambda v: f"<td>{html.escape(v or '')}</td>"
rows = []
for item in sheet["items"]:
    rows.append(
        "<tr>"
        + cell(names.get(item["category"], ""))
        + cell(item["content"])
        + cell(item["rule_text"])
        + cell(item["points"])
        + cell(item["self_score"])
        + cell(item["reviewed"])
        + "</tr>"
    )
title = f'{sheet["year"]}年县市区妇联工作绩效考核自评表'
page = (
    '<html><head><meta charset="utf-8"></head><body>'
    f"<h2>{html.escape(title)}</h2><p>填报单位：{html.escape(sheet['unit_name'] or '')}</p>"
    '<table border="1"><tr><th>考核项目</th><th>考核内容</th><th>考核说明</th>'
    "<th>标准分</th><th>自查得分</th><th>考核得分</th></tr>"
    + "\n".join(rows)
    + f'<tr><td colspan="3">合计</td><td>100</td><td>{html.escape(sheet["total"] or "")}</td><td></td></tr>'
    "</table><p>主要负责人（签字）：　　　　　填报单位（盖章）　　年　月　日</p></body></html>"
)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(page)

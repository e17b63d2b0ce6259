"""Makes tests/data/official.doc: a python-docx file converted by LibreOffice (soffice) to Word 97-2003.

No Python library writes .doc, so the fixture is committed; run this to remake it:
    .venv/bin/python tests/data/make_doc_fixture.py
"""

import subprocess
import tempfile
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent


def main() -> None:
    document = docx.Document()
    document.add_heading("关于进一步加强基层组织建设的意见", level=1)
    document.add_heading("一、总体要求", level=2)
    document.add_paragraph("坚持以新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。")
    document.add_paragraph("（一）基本原則。堅持黨的領導，落實從嚴治黨責任。")
    table = document.add_table(rows=2, cols=3)
    for i, row in enumerate([["单位", "人数", "备注"], ["海北州委组织部", "42", "含借调"]]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.add_heading("二、主要任务", level=2)
    document.add_paragraph("2024年完成率达到98.5%，做到“五个更加注重”。")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "official.docx"
        document.save(str(source))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "doc", "--outdir", str(HERE), str(source)], check=True)  # fmt: skip


if __name__ == "__main__":
    main()

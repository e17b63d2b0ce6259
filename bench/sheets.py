"""How long a large spreadsheet takes to read, and to clean and chunk.

    .venv/bin/python bench/sheets.py                # 10,000 rows of 8 columns, .xlsx and .xls
    .venv/bin/python bench/sheets.py --rows 2000

A roster-like sheet (text, whole numbers, amounts with a number format, dates) is written
with openpyxl (.xlsx) and xlwt (.xls, from the dev extra), then read the way ingest reads
it (`ingest.load.load_file`), then loaded, cleaned and chunked (`ingest.pipeline._prepare`,
everything before the embedder). Best of `--repeat` runs. Not a test: it prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.load import load_file  # noqa: E402
from ingest.pipeline import _prepare  # noqa: E402
from rag.config import Settings  # noqa: E402

HEADER = ["序号", "部门", "姓名", "职务", "月薪", "入职日期", "联系电话", "备注"]
DEPARTMENTS = ["组织部", "宣传部", "统战部", "政法委", "办公室"]


def row(n: int) -> list:
    return [n, DEPARTMENTS[n % 5], f"干部{n:05d}", "科员" if n % 3 else "副科长", 5000 + n * 1.25,
            dt.date(2010, 1, 1) + dt.timedelta(days=n % 5000), 13800000000 + n, "借调" if n % 7 == 0 else None]  # fmt: skip


def write_xlsx(path: Path, rows: int) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(HEADER)
    for n in range(1, rows + 1):
        sheet.append(row(n))
    book.save(path)


def write_xls(path: Path, rows: int) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    money, date = xlwt.easyxf(num_format_str="#,##0.00"), xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for col, label in enumerate(HEADER):
        sheet.write(0, col, label)
    for n in range(1, rows + 1):
        for col, value in enumerate(row(n)):
            if value is not None:
                sheet.write(n, col, value, money if col == 4 else date if col == 5 else xlwt.Style.default_style)
    book.save(str(path))


def best(seconds: list[float]) -> float:
    return min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    print("| file | rows | MB | read (s) | read, clean, chunk (s) | chunks |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix, write in ((".xlsx", write_xlsx), (".xls", write_xls)):
            path = Path(tmp) / f"花名册{suffix}"
            write(path, args.rows)
            reads, prepares = [], []
            for _ in range(args.repeat):
                t = time.perf_counter()
                load_file(path)
                reads.append(time.perf_counter() - t)
                t = time.perf_counter()
                prepared = _prepare(settings, path, path.name, {})
                prepares.append(time.perf_counter() - t)
            assert prepared.outcome is None, prepared.outcome
            size = path.stat().st_size / 2**20
            print(f"| {suffix} | {args.rows:,} | {size:.1f} | {best(reads):.2f} | {best(prepares):.2f} | {len(prepared.chunks):,} |")


if __name__ == "__main__":
    main()

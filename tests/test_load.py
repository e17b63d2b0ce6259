"""ingest.load: discovery, encoding detection, formats, and plain-worded failures."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from ingest.load import SUPPORTED_SUFFIXES, discover, load_file
from rag.errors import LoadError
from rag.types import sha256_hex

DOCS = Path(__file__).resolve().parent.parent / "data" / "docs"
TRADITIONAL = (DOCS / "003_c58b9f99bec04376.txt").read_text(encoding="utf-8").replace("\xa0", " ")
SIMPLIFIED = (DOCS / "000_7e69c61a6ac34345.txt").read_text(encoding="utf-8")


def read_text_file(path: Path) -> tuple[str, str]:
    """A text file's content and detected encoding, as `load_file` reads it."""
    loaded = load_file(path)
    return loaded.text, loaded.encoding


@pytest.mark.parametrize(
    ("text", "encoding", "detected"),
    [
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (TRADITIONAL, "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "utf-16", "utf-16"),
        (TRADITIONAL, "utf-16-le", "utf-16"),
        (TRADITIONAL, "utf-16-be", "utf-16"),
        (TRADITIONAL, "utf-8-sig", "utf-8-sig"),
        (TRADITIONAL, "utf-8", "utf-8"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, text: str, encoding: str, detected: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text_file(path) == (text, detected)


def test_load_corpus_file() -> None:
    path = DOCS / "004_80bae33e4e5280a8.txt"
    loaded = load_file(path)
    assert loaded.text == path.read_text(encoding="utf-8")
    assert loaded.encoding == "utf-8"
    assert loaded.content_hash == sha256_hex(path.read_bytes())


def expect_load_error(path: Path, *words: str) -> str:
    """Load `path`, expecting a LoadError naming the path and containing `words`."""
    with pytest.raises(LoadError) as info:
        load_file(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message
    return message


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    for name, data in (("empty.txt", b""), ("blank.md", b" \n\t\n"), ("bom.txt", b"\xef\xbb\xbf\n")):
        (tmp_path / name).write_bytes(data)
        expect_load_error(tmp_path / name, "the file is empty")


def test_binary_as_txt(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    expect_load_error(path, "looks like a binary file, not text")


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是一个 Word 文件", encoding="utf-8")
    expect_load_error(path, "not a valid .docx")


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(minimal_pdf("Hello")[:60])
    expect_load_error(path, "not a readable PDF")


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "drawing.dwg"
    path.write_bytes(b"AC1032")
    message = expect_load_error(path, "unsupported file type", ".dwg")
    assert ".docx" in message


def test_office_files_we_do_not_read_say_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "表格.et"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    expect_load_error(path, "save it as .xlsx")
    (tmp_path / "通知.wps").write_bytes(b"\xd0\xcf\x11\xe0")
    expect_load_error(tmp_path / "通知.wps", "save it as .docx")


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("机密", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read a chmod 000 file (root)")
        expect_load_error(path, "permission denied")
    finally:
        path.chmod(0o644)


def test_missing_file(tmp_path: Path) -> None:
    expect_load_error(tmp_path / "nope.txt", "no such file")


def test_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("以实干实绩实效推动组织工作高质量发展", level=1)
    document.add_paragraph("全省组织部长会议以改革精神和严的标准划重点、明方向。")
    document.add_paragraph("第二段。")
    path = tmp_path / "essay.docx"
    document.save(str(path))
    loaded = load_file(path)
    lines = [line for line in loaded.text.split("\n") if line.strip()]
    assert lines == ["以实干实绩实效推动组织工作高质量发展", "全省组织部长会议以改革精神和严的标准划重点、明方向。", "第二段。"]
    assert loaded.encoding == "docx"


def test_html(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><meta charset='gb18030'><title>标题</title><style>p{}</style>"
        "<script>var x = '脚本';</script></head><body><nav>首页 &gt;&gt; 党建</nav>"
        "<h1>开创组织工作新局面</h1><p>第一段，<b>加粗</b>\n  继续。</p><!-- 注释 -->"
        "<div>第二段<br>第二行</div><footer>版权所有</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gb18030"))
    loaded = load_file(path)
    assert loaded.text == "标题\n开创组织工作新局面\n第一段，加粗继续。\n第二段\n第二行"
    assert loaded.encoding == "gb18030"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII) in Helvetica, with a correct xref table."""
    stream = zlib.compress(f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode("ascii"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(minimal_pdf("Party building in Xining"))
    loaded = load_file(path)
    assert loaded.text.strip() == "Party building in Xining"
    assert loaded.encoding == "pdf"


def test_discover_files_folders_globs_and_failures(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("二", encoding="utf-8")
    (tmp_path / "b" / "skip.et").write_bytes(b"x")
    (tmp_path / "b" / ".hidden.txt").write_text("隐藏", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")

    files, failures = discover([str(tmp_path)])
    assert files == [tmp_path / "a.txt", tmp_path / "b" / "two.md"]
    reasons = {Path(f.path).name: f.reason for f in failures}
    assert "symlink loop" in reasons["loop"]
    assert "symlink loop" in reasons["self.txt"]
    assert "broken symlink" in reasons["dangling.txt"]

    files, failures = discover([str(tmp_path / "**" / "*.md"), str(tmp_path / "a.txt"), str(tmp_path / "a.txt")])
    assert files == [tmp_path / "b" / "two.md", tmp_path / "a.txt"]
    assert failures == []

    files, failures = discover([str(tmp_path / "missing"), str(tmp_path / "*.pdf"), str(tmp_path / "b" / "skip.et")])
    assert files == []
    assert [f.reason for f in failures][0] == "no such file or folder"
    assert "no files match" in failures[1].reason
    assert "save it as .xlsx" in failures[2].reason


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".doc", ".pptx", ".pdf",
            ".xlsx", ".xlsm", ".xls", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"} == set(SUPPORTED_SUFFIXES)  # fmt: skip


def test_discover_corpus_folder() -> None:
    files, failures = discover([str(DOCS)])
    assert [p.name for p in files] == sorted(p.name for p in DOCS.glob("*.txt"))
    assert failures == []

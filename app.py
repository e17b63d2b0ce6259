"""知问 in the browser: the shell. Page setup, the sidebar, routing, and the chat page.

A thin view over `rag/` and `ingest/`: no retrieval or ingestion logic lives here. The
library and eval pages are `ui/library.py` and `ui/eval_page.py`; every piece of document
text goes through `ui/html.py`. Started by `rag ui` (and `make run`); `streamlit run app.py`
works too.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from rag.config import Settings
from rag.errors import RagError
from rag.text import CHUNKER_VERSION
from rag.types import Answer, Citation, DocumentInfo, ShortAnswer, Turn
from ui.eval_page import eval_page
from ui.html import CSS, SCROLL_JS, answer_html, esc, excerpt, highlight, page_span, passage, place, short_in_quote
from ui.library import library_page, open_store, show_report, start_screen

PAGES = ("对话", "文档库", "评测")
PAGE_ICONS = {"对话": ":material/chat:", "文档库": ":material/library_books:", "评测": ":material/monitoring:"}
ANSWERER_LABELS = {"extractive": "离线抽取 · offline", "llm": "大模型 · LLM"}
RETRIEVER_LABELS = {"hybrid": "混合 · hybrid (向量 + BM25)", "dense": "向量 · dense", "bm25": "关键词 · BM25"}


# -- state, settings and cached resources ------------------------------------------------------------


def base_settings() -> Settings:
    """The environment's settings, read once per browser session."""
    if "settings" not in st.session_state:
        st.session_state.settings = Settings.from_env()
    return st.session_state.settings


def _as_shown(path: str) -> str:
    """A local path as the sidebar shows it: relative to where the app was started when inside it
    (var/chroma for `make run`), else whole."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


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



# -- chat --------------------------------------------------------------------------------------------


@st.dialog("原文", width="large")
def document_dialog(settings: Settings, citation: Citation, short: ShortAnswer | None = None) -> None:
    """The document, the cited span highlighted and scrolled into view: on its page(s), for a paged
    one; the answer's `short` answer, where it lies in the span, marked inside it."""
    store = open_store(settings)
    text = store.document_text(citation.doc_id)
    if text is None:
        st.warning("这篇文档已从索引中移除。")
        return
    info = store.document(citation.doc_id)
    pages = store.document_pages(citation.doc_id)
    meta = [citation.source]
    if info and info.author:
        meta.append(info.author)
    if info and info.date:
        meta.append(info.date)
    if info and info.publisher:
        meta.append(info.publisher)
    st.markdown(f"#### {esc(citation.title)}", unsafe_allow_html=True)
    if citation.section:
        meta.append(" › ".join(citation.section))
    if not pages or citation.first_page is None or citation.last_page is None:
        meta.append(f"第 {citation.start}–{citation.end} 字")
        st.caption(" · ".join(esc(m) for m in meta), unsafe_allow_html=True)
        lo, hi = 0, len(text)
    else:
        st.caption(" · ".join(esc(m) for m in meta), unsafe_allow_html=True)
        first, last = citation.first_page, citation.last_page
        page = st.selectbox(
            "页",
            range(1, len(pages) + 1),
            index=first - 1,
            format_func=lambda n: f"第{first}-{last}页（引文）" if n == first and last > first else f"第{n}页",
            key=f"page-{citation.chunk_id}-{citation.start}",
            label_visibility="collapsed",
        )
        lo, hi = page_span(pages, page, last if page == first else page, len(text))
    inner = (short.start - lo, short.end - lo) if short is not None else None
    body = highlight(text[lo:hi], citation.start - lo, citation.end - lo, mark_id="zw-hl", short=inner)
    st.markdown(f'<div class="zw-doc">{body}</div>', unsafe_allow_html=True)
    st.html(SCROLL_JS, unsafe_allow_javascript=True)


def render_sources(settings: Settings, answer: Answer, turn: int) -> None:
    """The numbered sources under an answer: title, file, the passage with the quote highlighted
    (and in the short answer's source, the short answer within it)."""
    for citation in answer.citations:
        text, start, end = passage(citation, answer.hits)
        short = short_in_quote(answer, citation, start)
        st.markdown(
            f'<div class="zw-source" id="zw-src-{turn}-{citation.n}">'
            f'<div class="zw-source-head"><span class="zw-n">{citation.n}</span>'
            f"<b>{esc(citation.title)}</b><span class=\"zw-file\">{esc(citation.source)}</span>"
            f'<span class="zw-place">{esc(place(citation))}</span></div>'
            f'<div class="zw-passage">{excerpt(text, start, end, short=short)}</div></div>',
            unsafe_allow_html=True,
        )
        if st.button(
            "在原文中查看", key=f"open-{turn}-{citation.n}", icon=":material/open_in_new:", type="tertiary"
        ):
            document_dialog(settings, citation, answer.short_answer if short is not None else None)


def render_answer(settings: Settings, answer: Answer, turn: int) -> None:
    if answer.rewritten_question:
        st.markdown(
            f'<div class="zw-understood">↪ 理解为：{esc(answer.rewritten_question)}</div>', unsafe_allow_html=True
        )
    if answer.refused:
        st.markdown(f'<div class="zw-refusal">{esc(answer.text)}</div>', unsafe_allow_html=True)
        if answer.refusal_reason:
            st.markdown(f'<div class="zw-refusal-reason">{esc(answer.refusal_reason)}</div>', unsafe_allow_html=True)
        return
    numbers = {c.n for c in answer.citations}
    anchor = f"zw-src-{turn}"
    head, _, rest = answer.text.partition("\n\n")
    if answer.short_answer is not None and rest:
        # The short answer leads, set apart from the sentences that hold it.
        body = f'<div class="zw-short-answer">{answer_html(head, numbers, anchor)}</div>{answer_html(rest, numbers, anchor)}'
    else:
        body = answer_html(answer.text, numbers, anchor)
    st.markdown(f'<div class="zw-answer">{body}</div>', unsafe_allow_html=True)
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
        if store.stale_notice(CHUNKER_VERSION):
            st.warning(
                "索引由旧版本的知问建立：仍可回答，但可能不如重建后的索引。请在「文档库」页重建索引，"
                "或在终端运行 `rag ingest --rebuild`。",
                icon=":material/warning:",
            )
        c1, c2 = st.columns(2)
        c1.metric("文档", len(documents))
        c2.metric("分块", sum(d.chunks for d in documents))
        built = store.manifest.embedder if store.manifest.embedder != "unknown" else None
        st.caption(f"嵌入模型：{settings.embed}" + (f"（{built}）" if built else ""))
        where = (f"Chroma 服务器：{settings.chroma_url}" if settings.chroma_url
                 else f"嵌入式 Chroma：{_as_shown(store.location)}")
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

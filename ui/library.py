"""The library page: the start screen of an empty index, uploads, the document table, removal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from ingest.load import SUPPORTED_SUFFIXES
from rag.config import DEFAULT_DOCS_DIR, PROJECT_DIR, Settings
from rag.errors import RagError
from rag.types import DocumentInfo

MAX_UPLOAD_MB = 50
UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)

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
    added = report.changed
    (st.success if added and not report.failures else st.info)(f"导入完成：{report.summary()}")


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

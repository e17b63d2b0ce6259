"""The library page: the start screen of an empty index, uploads, the document table, removal,
and rebuilding an index an older zhiwen made."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from ingest.load import SUPPORTED_SUFFIXES
from rag.config import DEFAULT_DOCS_DIR, PROJECT_DIR, Settings
from rag.errors import RagError
from rag.text import CHUNKER_VERSION
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


def ingest(settings: Settings, paths: Sequence[Path | str], rebuild: bool = False):
    """Ingest files with a progress bar (`rebuild`: into a new, empty index); returns the IngestReport."""
    from ingest.pipeline import ingest_paths

    bar = st.progress(0.0, text="准备导入…")

    def progress(done: int, total: int, source: str) -> None:
        share = done / total if total else 1.0
        bar.progress(share, text=f"导入中 {done}/{total} {source}" if source else "完成")

    report = ingest_paths(settings, [str(p) for p in paths], rebuild=rebuild, progress=progress, lock_timeout=30)
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


def rebuild_files(settings: Settings, documents: Sequence[DocumentInfo]) -> tuple[list[Path], list[str]]:
    """The files a rebuild in the app reads again, and the sources it cannot find.

    The app knows two folders: its uploads and the default corpus, both flat (a file's source
    is its name). A document ingested by `rag ingest` from elsewhere is known only by its path
    under the folder it was given, so the app cannot find it, and rebuilding without it would
    lose it: that rebuild is left to the command line.
    """
    folders = (settings.data_dir / "uploads", DEFAULT_DOCS_DIR)
    found: list[Path] = []
    missing: list[str] = []
    for info in documents:
        path = next((folder / info.source for folder in folders if "/" not in info.source
                     and (folder / info.source).is_file()), None)  # fmt: skip
        if path is None:
            missing.append(info.source)
        else:
            found.append(path)
    return found, missing


def rebuild_panel(settings: Settings, documents: Sequence[DocumentInfo], notice: str) -> None:
    """An index an older zhiwen made: what that means, and a button that rebuilds it when the app has every file."""
    with st.container(border=True):
        st.warning(f"索引需要重建 · {notice}", icon=":material/warning:")
        files, missing = rebuild_files(settings, documents)
        if missing:
            st.caption(
                "应用找不到这些文档的文件（不在上传目录或默认语料中）："
                + "、".join(missing[:5]) + ("……" if len(missing) > 5 else "")
                + "。请在终端运行 `rag ingest --rebuild` 加上当初导入的文件或文件夹。"
            )
        clicked = st.button(
            "重建索引", type="primary", icon=":material/refresh:", disabled=bool(missing), key="rebuild",
            help="用当前版本重新导入全部文档：期间提问会失败，完成后回答恢复。",
        )  # fmt: skip
        if clicked:
            try:
                report = ingest(settings, files, rebuild=True)
            except RagError as exc:
                st.error(str(exc))
                return
            # The cached pipeline holds the collections the rebuild dropped: load it afresh.
            st.cache_resource.clear()
            st.session_state.ingest_result = report
            st.rerun()


def library_page(settings: Settings, documents: list[DocumentInfo]) -> None:
    st.markdown("## 文档库")
    if documents and (notice := open_store(settings).stale_notice(CHUNKER_VERSION)):
        rebuild_panel(settings, documents, notice)
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
                "来源": d.publisher or "",
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

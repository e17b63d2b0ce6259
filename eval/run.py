"""The one eval path: build the index a run scores, score a pipeline on it, write the reports.

`rag eval` (eval/cli.py) and the app's eval button both call `prepare_index` and then
`run_eval`, with the settings, the dataset and the index to score as explicit inputs.
`run_eval` refuses to score an index some files failed to go into: its figures would be
those of another library.

The library a run scores is a folder (data/docs by default, `rag eval --docs DIR`, or a
SQuAD suite's documents written out by `suite_docs`) indexed into a dedicated data
directory keyed by its contents (`eval_settings`), so it neither depends on nor changes the
user's library; or the user's library itself, read only (`library_index`, `--library`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.dataset import DEFAULT_DATASET, Dataset, display_path
from eval.harness import EvalRun, Progress, evaluate
from eval.report import DEFAULT_REPORTS, write_reports
from eval.queries import PrecomputedQueries
from eval.squad import Suite
from rag.config import DEFAULT_DOCS_DIR, Settings
from rag.errors import RagError
from rag.llm import ChatModel


@dataclass(frozen=True)
class EvalIndex:
    """The index a run scores: where it lives, what it holds (`docs`, for the report), the files
    that failed to go into it (`source: reason`) and what building it did (`built`)."""

    data_dir: Path
    docs: str
    failures: tuple[str, ...] = ()
    chroma_url: str | None = None
    chroma_token: str | None = None
    built: str = ""

    def settings(self, settings: Settings) -> Settings:
        """`settings` (the pipeline to score) pointed at this index."""
        return settings.with_(data_dir=self.data_dir, chroma_url=self.chroma_url, chroma_token=self.chroma_token)


def embedder_id(settings: Settings) -> str:
    """The embedder as a file-name-safe word: its name, and its model for an OpenAI-compatible one."""
    if settings.embed != "openai":
        return settings.embed
    return "openai-" + re.sub(r"[^A-Za-z0-9_.-]", "_", settings.embed_model)


def index_key(settings: Settings, docs: Path) -> str:
    """A hash of what an eval index of `docs` holds: the folder, each file's content, the embedder, the chunking."""
    from ingest.load import discover
    from rag.text import CHUNKER_VERSION

    files, _ = discover([str(docs)])
    root = Path(os.path.realpath(docs))
    contents = sorted(
        (Path(os.path.realpath(f)).relative_to(root).as_posix() if root.is_dir() else f.name,
         hashlib.sha256(f.read_bytes()).hexdigest())
        for f in files
    )
    what = [str(root), contents, embedder_id(settings), settings.chunk_tokens, settings.chunk_overlap, CHUNKER_VERSION]
    return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def eval_settings(settings: Settings, docs: Path = DEFAULT_DOCS_DIR) -> Settings:
    """`settings` pointed at the eval index of `docs`: `<data_dir>/eval/index/<folder>-<index_key>`.

    Always embedded Chroma, never RAG_CHROMA_URL: the eval must not write into the user's
    library. The same files, embedder and chunking find the same index, so a rerun embeds
    nothing; an edited file or another chunk size gets an index of its own.
    """
    name = re.sub(r"[^\w.-]", "_", Path(os.path.realpath(docs)).name)[:40]
    where = settings.data_dir / "eval" / "index" / f"{name}-{index_key(settings, docs)}"
    return settings.with_(data_dir=where, chroma_url=None, chroma_token=None)


def prepare_index(settings: Settings, docs: Path = DEFAULT_DOCS_DIR) -> EvalIndex:
    """Ingest `docs` into its eval index (`eval_settings`; incremental: cheap when unchanged)."""
    from ingest.pipeline import ingest_paths  # the write side: only needed to build the index

    if not Path(docs).is_dir():
        raise RagError(f"{docs}: no such folder. Name a folder of documents (.txt, .md, .docx, .pdf, .html).")
    local = eval_settings(settings, docs)
    report = ingest_paths(local, [str(docs)], prune=True)
    if not report.outcomes:
        raise RagError(f"{docs}: no documents found. Put .txt, .md, .docx, .pdf or .html files in it.")
    failures = tuple(f"{o.source}: {o.reason}" for o in report.failures)
    return EvalIndex(local.data_dir, display_path(Path(docs)), failures, built=report.summary())


def library_index(settings: Settings) -> EvalIndex:
    """The live library (RAG_DATA_DIR or RAG_CHROMA_URL) as it is: nothing is built, created or written."""
    from rag.store import Store

    where = settings.chroma_url or str(settings.data_dir)
    if not settings.chroma_url and not (settings.data_dir / "chroma").is_dir():
        raise RagError(
            f"There is no library at {where} to score. Set RAG_DATA_DIR (or RAG_CHROMA_URL) to the library, "
            "or ingest documents first with `rag ingest DIR`."
        )
    if not Store.open_existing(settings).documents():
        raise RagError(f"The library at {where} is empty: ingest documents first with `rag ingest DIR`.")
    return EvalIndex(settings.data_dir, f"library at {where}", (), settings.chroma_url, settings.chroma_token)


def suite_docs(settings: Settings, suite: Suite) -> Path:
    """A suite's documents as a folder under `<data_dir>/eval/suites/`, written once.

    Named by the documents' contents, so a sample of a suite and its questions asked in
    Simplified share the folder, and so the eval index, of the whole suite.
    """
    digest = hashlib.sha256()
    for article in suite.articles:
        digest.update(f"{article.file_name}\0{article.document()}\0".encode("utf-8"))
    dataset = suite.articles[0].dataset if suite.articles else "empty"
    folder = settings.data_dir / "eval" / "suites" / f"{dataset}-{digest.hexdigest()[:16]}"
    if not (folder / ".complete").is_file():  # a half-written folder is written again
        folder.mkdir(parents=True, exist_ok=True)
        for article in suite.articles:
            (folder / article.file_name).write_text(article.document(), encoding="utf-8")
        (folder / ".complete").write_text("", encoding="utf-8")
    return folder


def config_of(settings: Settings, dataset: Dataset, index: EvalIndex, batched: bool = False) -> dict[str, Any]:
    """The configuration a report records: what was run, on what."""
    return {
        "retriever": settings.retriever,
        "answerer": settings.answerer,
        "k": settings.top_k,
        "embedder": settings.embed if settings.embed != "openai" else f"openai:{settings.embed_model}",
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "rrf_k": settings.rrf_k,
        "dense_weight": settings.dense_weight,
        "min_relevance": settings.min_relevance,
        "llm_model": settings.llm_model if settings.answerer == "llm" else None,
        "dataset": dataset.name,
        "library": index.docs,
        "query_embedding": "batched before the run (latency leaves it out)" if batched else "per question",
    }


def report_name(dataset: Dataset, run: EvalRun) -> str:
    """A run's own report name: `retriever-answerer` on the default dataset, else prefixed by the dataset's."""
    if dataset.name == display_path(DEFAULT_DATASET):
        return run.name
    return f"{Path(dataset.name).stem}-{run.name}"


def run_eval(
    settings: Settings,
    dataset: Dataset,
    index: EvalIndex,
    out_dir: Path | str = DEFAULT_REPORTS,
    *,
    names: Sequence[str] = ("latest",),
    judge: ChatModel | None = None,
    progress: Progress | None = None,
    batch_queries: bool = False,
) -> EvalRun:
    """Score the pipeline `settings` describe on `index` over `dataset`, and write the reports.

    Writes `<name>.json` and `<name>.md` into `out_dir` for each of `names` and for the
    run's own name (`report_name`), replacing earlier ones (no timestamped pile-up). With
    `batch_queries`, the questions are embedded in batches first (eval/queries.py).
    """
    from rag.embed import make_embedder
    from rag.pipeline import Pipeline

    if index.failures:
        raise RagError(
            f"The eval index could not be built from {index.docs} ({'; '.join(index.failures)}). "
            "Fix or remove those files and run the eval again."
        )
    local = index.settings(settings)
    embedder = None
    if batch_queries and local.retriever != "bm25":
        embedder = PrecomputedQueries(make_embedder(local), [p.question for p in dataset.pairs])
    pipeline = Pipeline.from_settings(local, embedder)
    config = config_of(settings, dataset, index, embedder is not None)
    run = evaluate(pipeline, dataset.pairs, config=config, judge=judge, progress=progress)
    write_reports(run, Path(out_dir), [*names, report_name(dataset, run)])
    return run

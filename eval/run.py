"""The one eval path: build the index a run scores, score a pipeline on it, write the reports.

`rag eval` (eval/cli.py) and the app's eval button both call `prepare_index` and then
`run_eval`, with the settings, the dataset and the index to score as explicit inputs.
`run_eval` refuses to score an index some files failed to go into: its figures would be
those of another library.

The eval works in a dedicated data directory (`eval_settings`), built from data/docs, so
it neither depends on nor changes the user's library.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.dataset import Dataset, display_path
from eval.harness import EvalRun, Progress, evaluate
from eval.report import DEFAULT_REPORTS, write_reports
from rag.config import DEFAULT_DOCS_DIR, Settings
from rag.errors import RagError
from rag.llm import ChatModel


@dataclass(frozen=True)
class EvalIndex:
    """The index a run scores: where it lives, what it was built from, and the files that
    failed to go into it (`source: reason`)."""

    data_dir: Path
    docs: str
    failures: tuple[str, ...] = ()
    chroma_url: str | None = None
    chroma_token: str | None = None

    def settings(self, settings: Settings) -> Settings:
        """`settings` (the pipeline to score) pointed at this index."""
        return settings.with_(data_dir=self.data_dir, chroma_url=self.chroma_url, chroma_token=self.chroma_token)


def eval_settings(settings: Settings) -> Settings:
    """`settings` pointed at the eval's dedicated index, one per embedder and chunking.

    Always embedded Chroma under `<data_dir>/eval/`, never RAG_CHROMA_URL: the eval must not
    write into the user's library.
    """
    embedder = settings.embed
    if settings.embed == "openai":
        embedder += "-" + re.sub(r"[^A-Za-z0-9_.-]", "_", settings.embed_model)
    name = f"{embedder}-{settings.chunk_tokens}-{settings.chunk_overlap}"
    return settings.with_(data_dir=settings.data_dir / "eval" / name, chroma_url=None, chroma_token=None)


def prepare_index(settings: Settings, docs: Path = DEFAULT_DOCS_DIR) -> EvalIndex:
    """Ingest `docs` into the eval index of `settings` (incremental: cheap when unchanged)."""
    from ingest.pipeline import ingest_paths  # the write side: only needed to build the index

    local = eval_settings(settings)
    report = ingest_paths(local, [str(docs)], prune=True)
    failures = tuple(f"{o.source}: {o.reason}" for o in report.failures)
    return EvalIndex(local.data_dir, display_path(Path(docs)), failures)


def config_of(settings: Settings, dataset: Dataset) -> dict[str, Any]:
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
    }


def run_eval(
    settings: Settings,
    dataset: Dataset,
    index: EvalIndex,
    out_dir: Path | str = DEFAULT_REPORTS,
    *,
    names: Sequence[str] = ("latest",),
    judge: ChatModel | None = None,
    progress: Progress | None = None,
) -> EvalRun:
    """Score the pipeline `settings` describe on `index` over `dataset`, and write the reports.

    Writes `<name>.json` and `<name>.md` into `out_dir` for each of `names` and for the
    run's own `retriever-answerer` name, replacing earlier ones (no timestamped pile-up).
    """
    from rag.pipeline import Pipeline

    if index.failures:
        raise RagError(
            f"The eval index could not be built from {index.docs} ({'; '.join(index.failures)}). "
            "Fix or remove those files and run the eval again."
        )
    pipeline = Pipeline.from_settings(index.settings(settings))
    run = evaluate(pipeline, dataset.pairs, config=config_of(settings, dataset), judge=judge, progress=progress)
    write_reports(run, Path(out_dir), [*names, run.name])
    return run

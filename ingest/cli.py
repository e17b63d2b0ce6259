"""`rag ingest`: registered into the `rag` command through the `zhiwen.commands` entry point."""

from __future__ import annotations

import argparse

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ingest.pipeline import IngestReport, ingest_paths
from rag.cli import console, settings_from_args
from rag.config import Settings
from rag.keyword import KeywordSearch
from rag.store import Store


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("ingest", help="add files, folders or globs to the index (incremental)")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--prune", action="store_true", help="remove documents not among PATHs")
    parser.add_argument("--rebuild", action="store_true", help="drop the index and ingest from scratch")
    parser.add_argument("--if-empty", action="store_true", help="do nothing when the index has documents")
    parser.set_defaults(run=run)


def print_report(report: IngestReport) -> None:
    for outcome in report.failures:
        console.print(f"failed: {outcome.source}: {outcome.reason}", style="red", markup=False)
    for source in report.pruned:
        console.print(f"pruned: {source}", markup=False)
    console.print(report.summary())


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    if args.if_empty and Store.open_existing(settings).documents():
        console.print("The index already has documents; nothing to do.")
        return 0
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(done: int, total: int, source: str) -> None:
            bar.update(task, completed=done, total=total, description=source or "done")

        report = ingest_paths(settings, args.paths, prune=args.prune, rebuild=args.rebuild, progress=progress)
        if report.changed or report.pruned:
            bar.update(task, description="building the keyword index")
            build_keyword_index(settings)
    print_report(report)
    return 1 if report.failures else 0


def build_keyword_index(settings: Settings) -> None:
    """Build the keyword index of the store as the ingest left it, into its cache.

    Otherwise the first question after an ingest builds it (74 s at 100k chunks, bench/scale.py);
    this way the app (its warm-up, or its next question) loads it from the cache instead.
    """
    store = Store.open_existing(settings)
    try:
        KeywordSearch(store, settings.data_dir / "keyword").index()
    finally:
        store.close()

"""The `rag` command: the one place settings are read and errors become messages.

`rag docs`, `rag ask` and `rag ui` live here. `rag ingest` and `rag eval` are added by the
`ingest` and `eval` packages through the `zhiwen.commands` entry point group, so that the
query-side package never imports the write side (docs/design.md) and each command sits beside
the code it drives.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from rag.config import ANSWERERS, PROJECT_DIR, RETRIEVERS, Settings
from rag.errors import RagError
from rag.types import Answer, Citation

console = Console(highlight=False)
# Warnings go to stderr, so that `rag ask --json` and a piped `rag docs` stay parseable.
warnings = Console(stderr=True, highlight=False)


def warn(message: str | None) -> None:
    """A warning the user should act on, when there is one."""
    if message:
        warnings.print(f"warning: {message}", style="yellow", markup=False)


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The environment's settings with the pipeline flags a command was given."""
    settings = Settings.from_env()
    flags = {"retriever": "retriever", "answerer": "answerer", "k": "top_k"}
    changes = {field: getattr(args, name) for name, field in flags.items() if getattr(args, name, None)}
    return settings.with_(**changes) if changes else settings


def add_pipeline_flags(parser: argparse.ArgumentParser) -> None:
    """--retriever, --answerer and -k, shared by `ask` and `eval`."""
    parser.add_argument("--retriever", choices=RETRIEVERS, help="default: RAG_RETRIEVER or hybrid")
    parser.add_argument("--answerer", choices=ANSWERERS, help="default: RAG_ANSWERER or extractive")
    parser.add_argument("-k", type=int, help="number of passages to retrieve (default: RAG_TOP_K or 5)")


# -- rag docs ------------------------------------------------------------------------------------


def cmd_docs(args: argparse.Namespace) -> int:
    from rag.store import Store
    from rag.text import CHUNKER_VERSION

    store = Store.open_existing(settings_from_args(args))
    warn(store.stale_notice(CHUNKER_VERSION))
    if args.action == "rm":
        if not args.ids:
            raise RagError("Name the document to remove: `rag docs rm ID` (ids are listed by `rag docs`).")
        missing = [doc_id for doc_id in args.ids if not store.remove_document(doc_id)]
        for doc_id in args.ids:
            if doc_id not in missing:
                console.print(f"removed {doc_id}")
        if missing:
            console.print(f"[red]no such document:[/] {', '.join(missing)} (see `rag docs`)")
            return 1
        return 0
    infos = store.documents()
    if not infos:
        console.print("The index is empty. Add documents with `rag ingest data/docs`.")
        return 0
    headers = ("id", "title", "author", "date", "publisher", "file", "chunks", "ingested")
    rows = [
        (i.doc_id, i.title, i.author or "", i.date or "", i.publisher or "", i.source, str(i.chunks), i.ingested_at)
        for i in infos
    ]
    if console.is_terminal:
        table = Table(*headers)
        for row in rows:
            table.add_row(*row)
        console.print(table)
    else:  # piped: one tab-separated line a document, easy to grep and cut
        for row in (headers, *rows):
            print("\t".join(row))
    console.print(f"{len(infos)} documents, {sum(i.chunks for i in infos)} chunks in {store.location}")
    return 0


# -- rag ask -------------------------------------------------------------------------------------


def print_answer(answer: Answer, text: bool = True) -> None:
    """An answer (unless it was streamed already) and its numbered sources, for the terminal."""
    if answer.rewritten_question and answer.rewritten_question != answer.question:
        console.print(f"[dim]understood as: {answer.rewritten_question}[/]")
    if text:
        console.print(answer.text, markup=False)
    if answer.refusal_reason:
        console.print(f"[dim]{escape(answer.refusal_reason)}[/]")
    if answer.citations:
        console.print()
    for citation in answer.citations:
        console.print(f"[bold][{citation.n}][/] ", end="")
        console.print(f"{citation.title} ({where(citation)})", markup=False)
        console.print(quoted(answer, citation))


# How the terminal marks the short answer inside its quote (plain text when output is piped).
SHORT_STYLE = "bold underline"


def quoted(answer: Answer, citation: Citation) -> Text:
    """A source's quote, indented, with the answer's short answer styled where it lies in it."""
    indent = "    "
    text = Text(indent + citation.quote)
    if answer.short_answer is not None and (where := answer.short_answer.in_quote(citation)) is not None:
        text.stylize(SHORT_STYLE, len(indent) + where[0], len(indent) + where[1])
    return text


def where(citation: Citation) -> str:
    """Where a quote is: its file, then its page (or characters, for a file without pages) and its heading path."""
    parts = [citation.source, citation.page_label or f"chars {citation.start}-{citation.end}"]
    if citation.section:
        parts.append(" > ".join(citation.section))
    return ", ".join(parts)


def cmd_ask(args: argparse.Namespace) -> int:
    from rag.pipeline import Pipeline

    question = " ".join(args.question).strip()
    pipeline = Pipeline.from_settings(settings_from_args(args))
    warn(pipeline.notice)
    if not pipeline.store.documents():
        warn(f"The index at {pipeline.store.location} is empty, so every question is refused: add documents "
             "with `rag ingest` and your files or folders (e.g. `rag ingest data/docs`).")
    if args.json:
        print(json.dumps(pipeline.ask(question).to_dict(), ensure_ascii=False, indent=2))
        return 0
    answer: Answer | None = None
    streamed = ""
    for part in pipeline.ask_stream(question):
        if isinstance(part, Answer):
            answer = part
        elif not args.no_stream:
            console.print(part, end="", markup=False)
            streamed += part
    if streamed:
        console.print()
    if answer is None:
        return 0
    # The text is printed again only when citation validation changed what was streamed.
    changed = streamed.strip() != answer.text.strip()
    if streamed and changed:
        console.rule("with the citations checked")
    print_answer(answer, text=not streamed or changed)
    return 0


# -- rag ui --------------------------------------------------------------------------------------


def cmd_ui(args: argparse.Namespace) -> int:
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_DIR / "app.py"),
               "--server.address", args.host, "--server.port", str(args.port),
               "--browser.gatherUsageStats", "false", "--server.headless", "true",
               "--server.maxUploadSize", "50", "--client.toolbarMode", "viewer"]
    console.print(f"zhiwen on http://{args.host}:{args.port}  (Ctrl+C to stop)")
    return subprocess.call(command)


# -- the command line ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="知问: ask questions of Chinese documents.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    docs = commands.add_parser("docs", help="list documents, or `rag docs rm ID` to remove one")
    docs.add_argument("action", nargs="?", choices=["list", "rm"], default="list")
    docs.add_argument("ids", nargs="*", metavar="ID")
    docs.set_defaults(run=cmd_docs)

    ask = commands.add_parser("ask", help="answer one question with its sources")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument("--no-stream", action="store_true", help="print only the final answer")
    add_pipeline_flags(ask)
    ask.set_defaults(run=cmd_ask)

    ui = commands.add_parser("ui", help="start the Streamlit app")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=8501)
    ui.set_defaults(run=cmd_ui)

    for entry in sorted(entry_points(group="zhiwen.commands"), key=lambda e: e.name):
        entry.load()(commands)
    return parser


# Libraries whose warnings only repeat, in their own words, a failure the command reports itself:
# pypdf's "invalid pdf header" and "EOF marker not found" before `failed: x.pdf: not a readable PDF`.
_QUIET_LOGGERS = ("pypdf",)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not os.environ.get("RAG_DEBUG"):
        for name in _QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.ERROR)
    try:
        return args.run(args)
    except RagError as exc:
        if os.environ.get("RAG_DEBUG"):
            raise
        console.print(f"error: {exc}", style="red", markup=False)
        return 2
    except KeyboardInterrupt:
        console.print("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())

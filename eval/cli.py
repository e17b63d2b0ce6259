"""`rag eval`: registered into the `rag` command through the `zhiwen.commands` entry point."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eval.dataset import DEFAULT_DATASET, Dataset
from eval.harness import THRESHOLDS, EvalRun, check_thresholds
from eval.report import DEFAULT_REPORTS, comparison_table, summary_table, write_comparison
from eval.run import EvalIndex, eval_settings, prepare_index, run_eval
from rag.cli import add_pipeline_flags, console, settings_from_args
from rag.config import ANSWERERS, RETRIEVERS, Settings
from rag.errors import ConfigError

# `make test` runs `rag eval --gate`: the shipped configuration (hybrid, extractive, the
# defaults in rag/config.py) on eval/datasets/qa.jsonl must stay at the level it reached,
# less 0.03 to 0.05, so a regression fails CI. The figures reached are the README's
# ("Evaluation", hybrid column): re-level these when the defaults change.
# The near-miss unanswerable pairs score as high as answerable ones on the relevance
# signal, so the threshold only refuses off-topic questions: the refusal rate stays low
# and is gated so that it does not fall further and stays defined.
GATE: dict[str, float] = {
    "min_hit1": 0.74,
    "min_hit5": 0.93,
    "min_mrr": 0.82,
    "min_ctx": 0.95,
    "min_keyword_recall": 0.68,
    "min_char_f1": 0.41,
    "min_citation_precision": 0.74,
    "min_citation_recall": 0.87,
    "min_refusal": 0.2,
    "max_false_refusal": 0.03,
}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("eval", help="run an eval dataset, print the table, write the reports")
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET, help="JSONL dataset (default: %(default)s)")
    add_pipeline_flags(parser)
    parser.add_argument(
        "--compare",
        metavar="A,B,...",
        help="several pipelines side by side: retrievers (hybrid,dense,bm25), answerers "
        "(extractive,llm) or retriever/answerer pairs",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_REPORTS, help="report folder (default: eval/reports)")
    parser.add_argument("--judge", action="store_true", help="add LLM-judged faithfulness (needs an LLM endpoint)")
    tuning = parser.add_argument_group("tuning (the eval index is built per embedder and chunking)")
    tuning.add_argument("--chunk-tokens", type=int, help="chunk size in tokens (default: RAG_CHUNK_TOKENS)")
    tuning.add_argument("--chunk-overlap", type=int, help="overlap in sentences (default: RAG_CHUNK_OVERLAP)")
    tuning.add_argument("--rrf-k", type=int, help="reciprocal rank fusion constant (default: RAG_RRF_K)")
    tuning.add_argument("--dense-weight", type=float, help="weight of the dense ranking in RRF, BM25's is 1 "
                        "(default: RAG_DENSE_WEIGHT)")
    tuning.add_argument("--min-relevance", type=float, help="refusal threshold (default: RAG_MIN_RELEVANCE)")
    gates = parser.add_argument_group("thresholds (exit status 1 when any is missed)")
    gates.add_argument("--gate", action="store_true", help="apply the thresholds CI holds the default pipeline to")
    for flag, (metric, kind) in THRESHOLDS.items():
        gates.add_argument(f"--{flag.replace('_', '-')}", type=float, metavar="X", help=f"{kind} {metric}")
    parser.set_defaults(run=run)


def settings_for(args: argparse.Namespace) -> Settings:
    """The environment's settings with the pipeline and tuning flags applied."""
    settings = settings_from_args(args)
    tuning = {"chunk_tokens": args.chunk_tokens, "chunk_overlap": args.chunk_overlap, "rrf_k": args.rrf_k,
              "dense_weight": args.dense_weight, "min_relevance": args.min_relevance}
    changes = {name: value for name, value in tuning.items() if value is not None}
    return settings.with_(**changes) if changes else settings


def compare_settings(spec: str, settings: Settings) -> list[Settings]:
    """One Settings per item of `--compare`: a retriever, an answerer, or `retriever/answerer`."""
    configs = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        if "/" in item:
            retriever, answerer = (p.strip() for p in item.split("/", 1))
        elif item in RETRIEVERS:
            retriever, answerer = item, settings.answerer
        elif item in ANSWERERS:
            retriever, answerer = settings.retriever, item
        else:
            retriever, answerer = item, ""
        if retriever not in RETRIEVERS or answerer not in ANSWERERS:
            raise ConfigError(
                f"--compare: {item!r} is not a retriever ({', '.join(RETRIEVERS)}), an answerer "
                f"({', '.join(ANSWERERS)}) or a retriever/answerer pair such as hybrid/llm."
            )
        configs.append(settings.with_(retriever=retriever, answerer=answerer))
    if not configs:
        raise ConfigError("--compare needs a comma-separated list, e.g. --compare hybrid,dense,bm25.")
    return configs


def thresholds_for(args: argparse.Namespace) -> dict[str, float]:
    """The gate's thresholds (with --gate) overridden by any given explicitly."""
    limits = dict(GATE) if args.gate else {}
    limits.update({flag: getattr(args, flag) for flag in THRESHOLDS if getattr(args, flag) is not None})
    return limits


def _judge(settings: Settings):
    from rag.llm import OpenAIChat

    if not settings.llm_configured:
        raise ConfigError(
            "--judge needs an OpenAI-compatible endpoint: set OPENAI_API_KEY (and OPENAI_BASE_URL for a "
            "server other than OpenAI), or leave --judge off."
        )
    return OpenAIChat.from_settings(settings)


def _evaluate(settings: Settings, dataset: Dataset, index: EvalIndex, args: argparse.Namespace, judge) -> EvalRun:
    """`run_eval` with a progress bar; a comparison's reports go by the pipeline's name only."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    name = f"{settings.retriever}-{settings.answerer}"
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(name, total=len(dataset.pairs))

        def progress(done: int, total: int, pair_id: str) -> None:
            bar.update(task, completed=done, description=f"{name} {pair_id}")

        names = () if args.compare else ("latest",)
        return run_eval(settings, dataset, index, args.out, names=names, judge=judge, progress=progress)


def run(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    limits = thresholds_for(args)
    configs = compare_settings(args.compare, settings) if args.compare else [settings]
    judge = _judge(settings) if args.judge else None
    dataset = Dataset.load(args.dataset)

    with console.status(f"eval index: {eval_settings(settings).data_dir}"):
        index = prepare_index(settings)

    runs = [_evaluate(config, dataset, index, args, judge) for config in configs]
    written = ([] if args.compare else ["latest"]) + [r.name for r in runs]
    if args.compare:
        written += [p.stem for p in write_comparison(runs, args.out) if p.suffix == ".md"]
        console.print(comparison_table(runs))
    else:
        console.print(summary_table(runs[0]))
    seconds = sum(r.seconds for r in runs)
    failing = sum(len(r.failures) for r in runs)
    console.print(f"{len(dataset.pairs)} questions x {len(runs)} pipeline(s) in {seconds:.1f}s; {failing} failing")
    names = ", ".join(dict.fromkeys(written))
    console.print(f"reports in {args.out}: {names} (.md and .json)", markup=False)

    missed = [f"{r.name}: {m}" if args.compare else m for r in runs for m in check_thresholds(r.overall, limits)]
    for message in missed:
        console.print(f"threshold missed: {message}", style="red", markup=False)
    return 1 if missed else 0

"""The eval's outputs: terminal tables, the JSON and Markdown reports, the comparison table.

Tables put metrics in rows, so a run's question types (or a comparison's pipelines) are
the columns and the table stays narrow enough for a terminal.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from eval.metrics import METRICS, auroc, decision_scores, refusal_at, within_false_refusal
from rag.config import PROJECT_DIR

if TYPE_CHECKING:
    from eval.harness import EvalRun, QuestionRecord

# The tables' rows: the metrics of docs/eval.md, then the judge's score when there is one,
# then the end-to-end latency. The JSON report and the Markdown headline hold every stage.
TABLE_LATENCY = ("latency.total.p50", "latency.total.p95")
DEFAULT_REPORTS = PROJECT_DIR / "eval" / "reports"


def table_metrics(summaries: Sequence[Mapping[str, float | None]]) -> list[str]:
    """The metrics the tables show for these summaries, in display order."""
    metrics = list(METRICS)
    if any("faithfulness" in s for s in summaries):
        metrics.append("faithfulness")
    return metrics + [m for m in TABLE_LATENCY if any(m in s for s in summaries)]


def label(metric: str) -> str:
    """A row label: latency keys read as `p50 total (ms)`."""
    if metric.startswith("latency."):
        _, stage, p = metric.split(".")
        return f"{p} {stage} (ms)"
    return metric


def fmt(metric: str, value: float | None) -> str:
    """A metric value for a table: counts as integers, latency (seconds) in ms, rates to 3 places."""
    if value is None:
        return "–"
    if metric == "n":
        return str(int(value))
    if metric.startswith("latency."):
        return f"{value * 1000:.0f}"
    return f"{value:.3f}"


# -- terminal --------------------------------------------------------------------------------


def summary_table(run: EvalRun) -> Table:
    """Metrics down, `all` and each question type across."""
    columns = {"all": run.overall, **run.by_type}
    table = Table(title=f"{run.name}  ({run.config.get('dataset', '')})", title_justify="left")
    table.add_column("metric", no_wrap=True)
    for name in columns:
        table.add_column(name, justify="right")
    for metric in table_metrics(list(columns.values())):
        table.add_row(label(metric), *(fmt(metric, s.get(metric)) for s in columns.values()))
    return table


def comparison_table(runs: Sequence[EvalRun]) -> Table:
    """Metrics down, one column per pipeline (overall figures)."""
    table = Table(title="comparison (overall)", title_justify="left")
    table.add_column("metric", no_wrap=True)
    for run in runs:
        table.add_column(run.name, justify="right")
    for metric in table_metrics([r.overall for r in runs]):
        table.add_row(label(metric), *(fmt(metric, r.overall.get(metric)) for r in runs))
    return table


# -- Markdown --------------------------------------------------------------------------------


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"

    align = ["---"] + ["---:"] * (len(header) - 1)
    return "\n".join([line(header), "| " + " | ".join(align) + " |", *(line(r) for r in rows)])


def comparison_markdown(runs: Sequence[EvalRun]) -> str:
    """The comparison as a Markdown table (for the README): metrics down, pipelines across."""
    rows = [[label(m), *(fmt(m, r.overall.get(m)) for r in runs)] for m in table_metrics([r.overall for r in runs])]
    return _md_table(["metric", *(r.name for r in runs)], rows)


def _config_line(config: Mapping[str, object]) -> str:
    return ", ".join(f"{k}={v}" for k, v in config.items() if v is not None)


def _short(text: str, chars: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[:chars] + "…"


def _why(record: QuestionRecord) -> str:
    s = record.score
    if not record.pair.answerable:
        return "answered an unanswerable question"
    reasons = []
    if not s.hit5:
        reasons.append("no evidence in the top 5")
    if s.refused:
        reasons.append("refused")
    elif s.keyword_recall is not None and s.keyword_recall < 0.5:
        reasons.append(f"keyword recall {s.keyword_recall:.2f}")
    if not s.refused and s.contains_gold is False:
        reasons.append(f"no gold answer in the answer (F1 {s.f1:.2f})")
    if not s.refused and not s.citation_hit:
        reasons.append("no citation contains evidence")
    return "; ".join(reasons)


def _failure(record: QuestionRecord) -> str:
    pair, answer = record.pair, record.answer
    lines = [
        f"### {pair.id} ({pair.type}): {_why(record)}",
        "",
        f"- **question**: {pair.question}",
        f"- **reference**: {pair.answer}",
        *([f"- **gold answers**: {' | '.join(pair.answers)}"] if pair.answers else []),
        f"- **expected from**: {', '.join(pair.docs) or '(no document: should refuse)'}",
        f"- **answer**{' (refused)' if answer.refused else ''}: {' '.join(answer.text.split())}",
    ]
    if answer.short_answer:
        lines.append(f"- **short answer**: {answer.short_answer.text}")
    if answer.refusal_reason:
        lines.append(f"- **why refused**: {answer.refusal_reason}")
    if record.relevance is not None:
        by = " (refused by the answerer, whatever the signal)" if answer.refused_by_answerer else ""
        lines.append(f"- **refusal signal**: {record.relevance:.3f}{by}")
    lines.append("- **retrieved** (top 3):")
    lines += [f"  {h.rank}. `{h.chunk.source}` {h.chunk.start}-{h.chunk.end}: {_short(h.chunk.text)}" for h in
              record.hits[:3]] or ["  (nothing)"]
    if answer.citations:
        lines.append("- **citations**:")
        lines += [f"  [{c.n}] `{c.source}` {c.start}-{c.end}: {_short(c.quote)}" for c in answer.citations]
    return "\n".join(lines)


# False-refusal levels the Markdown report reads the refusal curve at.
CURVE_LEVELS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)


def refusal_markdown(run: EvalRun) -> str:
    """The refusal trade-off: the decision score's AUROC, its operating point, the curve at a few levels."""
    answerable, unanswerable = decision_scores(run.scores)
    if not answerable or not unanswerable:
        return "## Refusal curve\n\nNeeds answerable and unanswerable questions with a decision score."
    threshold = run.config.get("min_relevance")
    by_answerer = sum(r.answer.refused_by_answerer for r in run.records)
    alone = auroc(*(
        [r.relevance for r in run.records if r.relevance is not None and r.score.answerable is kind]
        for kind in (True, False)
    ))
    lines = [
        "## Refusal curve",
        "",
        f"AUROC of the answer-or-refuse decision: {fmt('auroc', run.overall.get('auroc'))} (of its score, "
        f"the relevance signal, alone: {fmt('auroc', alone)}). Below, the rates had the pipeline refused "
        f"every question scoring under a threshold, and the {by_answerer} its answerer refused on its own "
        "(what the documents say does not answer) at every threshold.",
        "",
        "",
    ]
    rows = []
    if isinstance(threshold, (int, float)):
        now = refusal_at(answerable, unanswerable, threshold)
        rows.append(["the threshold in use", f"{threshold:.3f}", fmt("r", now.refusal), fmt("r", now.false_refusal)])
    curve = run.refusal_curve
    for level in CURVE_LEVELS:
        point = within_false_refusal(curve, level)
        if point is not None:
            rows.append([f"false refusal ≤ {level:g}", f"{point.threshold:.3f}", fmt("r", point.refusal),
                         fmt("r", point.false_refusal)])
    return "\n".join(lines) + _md_table(["point", "threshold", "refusal", "false refusal"], rows)


def markdown_report(run: EvalRun) -> str:
    """Headline figures, the per-type table, and every failing question with what it got."""
    overall_rows = [[label(m), fmt(m, v)] for m, v in run.overall.items()]
    type_metrics = table_metrics([run.overall])
    type_rows = [[t, *(fmt(m, s.get(m)) for m in type_metrics)] for t, s in {"all": run.overall, **run.by_type}.items()]
    failures = run.failures
    parts = [
        f"# Eval report: {run.name}",
        "",
        f"{run.created}, {len(run.records)} questions in {run.seconds:.1f}s. Config: {_config_line(run.config)}.",
        "",
        "## Overall",
        "",
        _md_table(["metric", "value"], overall_rows),
        "",
        "## By question type",
        "",
        _md_table(["type", *(label(m) for m in type_metrics)], type_rows),
        "",
        refusal_markdown(run),
        "",
        f"## Failing questions ({len(failures)} of {len(run.records)})",
        "",
        "A question fails when it is answerable and its evidence is not in the top 5, it was "
        "refused, under half its keywords are in the answer, no gold answer is in it, or no "
        "citation contains evidence; or when it is unanswerable and was answered.",
        "",
    ]
    parts += [_failure(r) + "\n" for r in failures] or ["None.\n"]
    return "\n".join(parts)


# -- files -----------------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary file of this process's own: `make test` runs gates side by side, each writing latest.*.
    tmp = path.with_suffix(f"{path.suffix}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # the app may be reading the previous report
    return path


def write_reports(run: EvalRun, out_dir: Path, names: Sequence[str]) -> list[Path]:
    """`<name>.json` and `<name>.md` in `out_dir` for each name (duplicates written once)."""
    data = json.dumps(run.to_dict(), ensure_ascii=False, indent=2)
    markdown = markdown_report(run)
    written = []
    for name in dict.fromkeys(names):
        written.append(_write(out_dir / f"{name}.json", data + "\n"))
        written.append(_write(out_dir / f"{name}.md", markdown))
    return written


def write_comparison(runs: Sequence[EvalRun], out_dir: Path) -> list[Path]:
    """`compare.md` (the table, as for the README) and `compare.json` (each run's config and overall)."""
    data = [{"name": r.name, "config": r.config, "overall": r.overall, "by_type": r.by_type} for r in runs]
    configs = "\n".join(f"- {r.name}: {_config_line(r.config)}" for r in runs)
    markdown = f"# Eval comparison\n\n{comparison_markdown(runs)}\n\n{configs}\n"
    return [
        _write(out_dir / "compare.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n"),
        _write(out_dir / "compare.md", markdown),
    ]


def load_report(path: Path) -> dict:
    """A JSON report as written by `write_reports` (what the app's eval page shows)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))

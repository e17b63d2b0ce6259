"""The eval page: the latest report's headline figures, per-type table and failing questions,
and a button that runs the eval (the same `eval.run.run_eval` as `rag eval`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from rag.config import PROJECT_DIR, Settings
from rag.errors import RagError
from ui.html import esc

EVAL_REPORT = PROJECT_DIR / "eval" / "reports" / "latest.json"

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

"""The eval harness end to end on a tiny dataset and a fake pipeline with known answers."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from eval.cli import GATES, compare_settings, register, thresholds_for
from eval.dataset import Dataset, load_dataset
from eval.harness import EvalRun, _cited_texts, check_thresholds, evaluate, judge_faithfulness
from eval.report import comparison_markdown, markdown_report, write_reports
from eval.run import EvalIndex, eval_settings, run_eval
from rag.config import Settings
from rag.errors import ConfigError, RagError
from rag.types import REFUSAL, Answer, Chunk, Citation, Hit, Turn

RELEVANT = Chunk("a-1", "a", "docs/a.txt", "甲文", 0, 10, 19, "这里写着甲乙丙丁。")
OTHER = Chunk("b-1", "b", "b.txt", "乙文", 0, 0, 6, "无关的内容。")

PAIRS = [
    {"id": "q1", "question": "甲乙之后是什么？", "answer": "甲乙丙丁。", "doc": "a.txt",
     "evidence": ["甲乙丙丁"], "keywords": ["甲乙", "戊己"], "type": "factoid"},
    {"id": "q2", "question": "戊己之后是什么？", "answer": "戊己庚辛。", "doc": "a.txt",
     "evidence": ["戊己庚辛"], "keywords": ["庚辛"], "type": "list"},
    {"id": "q3", "question": "甲乙丙丁出自哪里？", "answer": "甲文。", "doc": "a.txt",
     "evidence": ["甲乙丙丁"], "keywords": ["甲文"], "type": "factoid"},
    {"id": "q4", "question": "今天天气如何？", "answer": "文档没有说。", "doc": None,
     "evidence": [], "keywords": [], "type": "unanswerable"},
    {"id": "q5", "question": "明天股价如何？", "answer": "文档没有说。", "doc": None,
     "evidence": [], "keywords": [], "type": "unanswerable"},
]


def hit(chunk: Chunk, rank: int) -> Hit:
    return Hit(chunk, rank, 1.0 / rank, scores={"bm25": 2.0 / rank}, ranks={"bm25": rank})


def cite(n: int, chunk: Chunk, quote: str) -> Citation:
    at = chunk.text.index(quote)
    return Citation(n, chunk.id, chunk.doc_id, chunk.source, chunk.title, quote, chunk.start + at,
                    chunk.start + at + len(quote))


def answered(question: str, text: str, hits: Sequence[Hit], citations: Sequence[Citation], ms: float) -> Answer:
    return Answer(question, text, tuple(citations), hits=tuple(hits), timings={"answer": ms / 2, "total": ms})


def refused(question: str, ms: float) -> Answer:
    return Answer(question, REFUSAL, refused=True, timings={"answer": 0.0, "total": ms})


class FakePipeline:
    """Hand-made rankings and answers per question; records the depth each search asked for."""

    def __init__(self) -> None:
        q = {p["id"]: p["question"] for p in PAIRS}
        self.ranked = {
            q["q1"]: [hit(OTHER, 1), hit(RELEVANT, 2)],
            q["q2"]: [hit(OTHER, 1)],
            q["q3"]: [hit(RELEVANT, 1)],
            q["q4"]: [hit(OTHER, 1)],
            q["q5"]: [hit(OTHER, 1)],
        }
        self.answers = {
            q["q1"]: answered(q["q1"], "甲乙丙丁[1]。", [hit(RELEVANT, 1)], [cite(1, RELEVANT, "甲乙丙丁")], 100),
            q["q2"]: answered(q["q2"], "无关的内容[1]。", [hit(OTHER, 1)], [cite(1, OTHER, "无关的内容")], 200),
            q["q3"]: refused(q["q3"], 300),
            q["q4"]: refused(q["q4"], 400),
            q["q5"]: answered(q["q5"], "无关的内容[1]。", [hit(OTHER, 1)], [cite(1, OTHER, "无关的内容")], 500),
        }
        self.ks: list[int | None] = []

    def ask_ranked(
        self, question: str, depth: int, history: Sequence[Turn] = ()
    ) -> tuple[Answer, list[Hit]]:
        self.ks.append(depth)
        return self.answers[question], self.ranked[question]


class SignalPipeline(FakePipeline):
    """A fake whose answers carry the refusal signal, as `rag.pipeline.Pipeline`'s do."""

    SIGNAL = {"q1": 0.9, "q2": 0.5, "q3": 0.7, "q4": 0.3, "q5": 0.6}

    def ask_ranked(
        self, question: str, depth: int, history: Sequence[Turn] = ()
    ) -> tuple[Answer, list[Hit]]:
        answer, ranked = super().ask_ranked(question, depth)
        pair_id = next(p["id"] for p in PAIRS if p["question"] == question)
        return replace(answer, relevance=self.SIGNAL[pair_id]), ranked


def test_a_pair_asked_in_a_chat_is_scored_after_its_history_each_answered_in_turn(tmp_path: Path) -> None:
    class ChatPipeline(FakePipeline):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[tuple[str, list[str]]] = []

        def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
            self.asked.append((question, [turn.question for turn in history]))
            return self.answers[question]

        def ask_ranked(
        self, question: str, depth: int, history: Sequence[Turn] = ()
    ) -> tuple[Answer, list[Hit]]:
            self.asked.append((question, [turn.question for turn in history]))
            return super().ask_ranked(question, depth)

    q = {p["id"]: p["question"] for p in PAIRS}
    path = tmp_path / "chat.jsonl"
    record = PAIRS[2] | {"history": [q["q1"], q["q2"]]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    pairs = load_dataset(path)
    assert pairs[0].history == (q["q1"], q["q2"]) and pairs[0].to_record()["history"] == [q["q1"], q["q2"]]
    fake = ChatPipeline()
    run = evaluate(fake, pairs)
    assert fake.asked == [(q["q1"], []), (q["q2"], [q["q1"]]), (q["q3"], [q["q1"], q["q2"]])]
    assert len(run.records) == 1 and run.records[0].pair.id == "q3"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in PAIRS), encoding="utf-8")
    return path


@pytest.fixture
def run(dataset: Path) -> EvalRun:
    return evaluate(FakePipeline(), load_dataset(dataset), config={"retriever": "fake", "answerer": "canned"})


def test_retrieval_uses_the_top_10(dataset: Path) -> None:
    fake = FakePipeline()
    evaluate(fake, load_dataset(dataset))
    assert fake.ks == [10] * len(PAIRS)


def test_overall_metrics(run: EvalRun) -> None:
    o = run.overall
    assert o["n"] == 5
    assert o["hit@1"] == pytest.approx(1 / 3)  # only q3 has the evidence first
    assert o["hit@5"] == pytest.approx(2 / 3)
    assert o["mrr@10"] == pytest.approx((0.5 + 0 + 1) / 3)
    assert o["doc_hit@5"] == pytest.approx(2 / 3)  # docs/a.txt matches "a.txt" by file name
    assert o["ctx@1000"] == pytest.approx(2 / 3)
    assert o["keyword_recall"] == pytest.approx((0.5 + 0 + 0) / 3)
    assert o["char_f1"] == pytest.approx(1 / 3)
    assert o["citation_precision"] == pytest.approx(0.5)  # q1 cites evidence, q2 does not, q3 cites nothing
    assert o["citation_recall"] == pytest.approx(1 / 3)
    assert o["refusal_rate"] == pytest.approx(0.5)
    assert o["false_refusal_rate"] == pytest.approx(1 / 3)
    # Answer.timings are ms; the summaries hold seconds.
    assert o["latency.total.p50"] == pytest.approx(0.3)
    assert o["latency.total.p95"] == pytest.approx(0.48)
    assert o["latency.answer.p50"] == pytest.approx(0.05)  # 0, 0, 50, 100, 250 ms


def test_by_type_and_pass_fail(run: EvalRun) -> None:
    assert list(run.by_type) == ["factoid", "list", "unanswerable"]
    assert run.by_type["factoid"]["hit@5"] == 1.0
    assert run.by_type["factoid"]["false_refusal_rate"] == 0.5
    assert run.by_type["list"]["hit@5"] == 0.0
    assert run.by_type["unanswerable"]["refusal_rate"] == 0.5
    assert [r.pair.id for r in run.failures] == ["q2", "q3", "q5"]
    assert run.name == "fake-canned"


def test_json_report(run: EvalRun, tmp_path: Path) -> None:
    written = write_reports(run, tmp_path / "reports", ["latest", run.name, "latest"])
    assert sorted(p.name for p in written) == ["fake-canned.json", "fake-canned.md", "latest.json", "latest.md"]
    raw = (tmp_path / "reports" / "latest.json").read_text(encoding="utf-8")
    assert "甲乙丙丁" in raw  # ensure_ascii=False
    report = json.loads(raw)
    assert report["config"] == {"retriever": "fake", "answerer": "canned"}
    assert report["overall"]["hit@5"] == pytest.approx(2 / 3)
    assert set(report["by_type"]) == {"factoid", "list", "unanswerable"}
    q1 = report["questions"][0]
    assert (q1["id"], q1["type"], q1["passed"], q1["refused"]) == ("q1", "factoid", True, False)
    assert q1["answer"] == "甲乙丙丁[1]。"
    assert q1["reference"] == "甲乙丙丁。"
    assert [r["chunk_id"] for r in q1["retrieved"]] == ["b-1", "a-1"]
    second = q1["retrieved"][1]
    assert (second["rank"], second["source"], second["start"], second["end"]) == (2, "docs/a.txt", 10, 19)
    assert second["text"] == "这里写着甲乙丙丁。"
    assert second["scores"] == {"bm25": 1.0} and second["ranks"] == {"bm25": 2}
    assert q1["citations"] == [
        {"n": 1, "chunk_id": "a-1", "doc_id": "a", "source": "docs/a.txt", "title": "甲文", "quote": "甲乙丙丁",
         "start": 14, "end": 18, "first_page": None, "last_page": None, "section": []}
    ]
    assert q1["timings"] == {"answer": 50.0, "total": 100.0}
    assert q1["metrics"]["hit@1"] is False and q1["metrics"]["rr@10"] == 0.5
    assert q1["metrics"]["keyword_recall"] == 0.5
    assert report["questions"][2]["refused"] is True and report["questions"][2]["citations"] == []


def test_markdown_lists_the_failing_questions(run: EvalRun) -> None:
    md = markdown_report(run)
    assert "# Eval report: fake-canned" in md
    assert "## Failing questions (3 of 5)" in md
    assert "### q1" not in md and "### q4" not in md
    assert "### q2 (list): no evidence in the top 5; keyword recall 0.00; no citation contains evidence" in md
    assert "### q3 (factoid): refused" in md
    assert "### q5 (unanswerable): answered an unanswerable question" in md
    assert "- **question**: 戊己之后是什么？" in md
    assert "- **reference**: 戊己庚辛。" in md
    assert "  1. `b.txt` 0-6: 无关的内容。" in md  # what was retrieved
    assert "  [1] `b.txt` 0-5: 无关的内容" in md  # what was cited
    assert "| hit@5 | 0.667 |" in md
    assert "| p50 total (ms) | 300 |" in md


def test_comparison_markdown(run: EvalRun) -> None:
    table = comparison_markdown([run, run])
    lines = table.splitlines()
    assert lines[0] == "| metric | fake-canned | fake-canned |"
    assert "| hit@1 | 0.333 | 0.333 |" in lines
    assert "| false_refusal_rate | 0.333 | 0.333 |" in lines


def test_refusal_signal_curve_and_auroc(dataset: Path) -> None:
    run = evaluate(SignalPipeline(), load_dataset(dataset), config={"min_relevance": 0.55})
    assert [r.relevance for r in run.records] == [0.9, 0.5, 0.7, 0.3, 0.6]
    # Answerable signals 0.9, 0.5, 0.7; unanswerable 0.3, 0.6: 5 of 6 pairs ordered right.
    assert run.overall["auroc"] == pytest.approx(5 / 6)
    assert [(p.threshold, p.refusal, p.false_refusal) for p in run.refusal_curve] == [
        (0.3, 0.0, 0.0), (0.5, 0.5, 0.0), (0.6, 0.5, pytest.approx(1 / 3)), (0.7, 1.0, pytest.approx(1 / 3)),
        (0.9, 1.0, pytest.approx(2 / 3)), (pytest.approx(0.9), 1.0, 1.0),
    ]
    assert run.to_dict()["refusal_curve"][1] == {"threshold": 0.5, "refusal": 0.5, "false_refusal": 0.0}
    md = markdown_report(run)
    assert "| the threshold in use | 0.550 | 0.500 | 0.333 |" in md
    assert "| false refusal ≤ 0 | 0.500 | 0.500 | 0.000 |" in md


class AnswererRefusingPipeline(SignalPipeline):
    """q5's signal passes, but the answerer refuses it on its own (what the documents say does not answer)."""

    def ask_ranked(
        self, question: str, depth: int, history: Sequence[Turn] = ()
    ) -> tuple[Answer, list[Hit]]:
        answer, ranked = super().ask_ranked(question, depth)
        if answer.relevance == self.SIGNAL["q5"]:
            answer = replace(answer, text=REFUSAL, citations=(), refused=True, refused_by_answerer=True)
        return answer, ranked


def test_what_the_answerer_refuses_on_its_own_is_refused_at_every_threshold(dataset: Path) -> None:
    run = evaluate(AnswererRefusingPipeline(), load_dataset(dataset))
    assert [r.relevance for r in run.records] == [0.9, 0.5, 0.7, 0.3, 0.6]  # the signal as it was
    # Answerable 0.9, 0.5, 0.7 against 0.3 and q5, refused at any threshold: all 6 pairs ordered right.
    assert run.overall["auroc"] == 1.0
    assert [(p.threshold, p.refusal, p.false_refusal) for p in run.refusal_curve][:2] == [
        (0.3, 0.5, 0.0), (0.5, 1.0, 0.0),
    ]
    md = markdown_report(run)
    assert "AUROC of the answer-or-refuse decision: 1.000 (of its score, the relevance signal, alone: 0.833)" in md
    assert "the 1 its answerer refused on its own" in md


def test_a_failing_refusal_shows_the_answerers_reason(dataset: Path) -> None:
    class Explaining(SignalPipeline):
        def ask_ranked(
        self, question: str, depth: int, history: Sequence[Turn] = ()
    ) -> tuple[Answer, list[Hit]]:
            answer, ranked = super().ask_ranked(question, depth)
            if answer.relevance == self.SIGNAL["q1"]:
                answer = replace(answer, text=REFUSAL, citations=(), refused=True, refused_by_answerer=True,
                                 refusal_reason="文档提到了“甲乙”，但没有说明它是什么。")
            return answer, ranked

    md = markdown_report(evaluate(Explaining(), load_dataset(dataset)))
    assert "- **why refused**: 文档提到了“甲乙”，但没有说明它是什么。" in md
    assert "- **refusal signal**: 0.900 (refused by the answerer, whatever the signal)" in md


def test_thresholds() -> None:
    overall = {"hit@5": 0.8, "false_refusal_rate": 0.1, "refusal_rate": None}
    assert check_thresholds(overall, {"min_hit5": 0.8, "max_false_refusal": 0.1}) == []
    assert check_thresholds(overall, {"min_hit5": 0.81}) == ["hit@5 = 0.800 is below --min-hit5 0.81"]
    assert check_thresholds(overall, {"max_false_refusal": 0.05}) == [
        "false_refusal_rate = 0.100 is above --max-false-refusal 0.05"
    ]
    assert check_thresholds(overall, {"min_refusal": 0.5}) == [
        "refusal_rate is undefined on this dataset (--min-refusal 0.5)"
    ]


def eval_args(*argv: str) -> argparse.Namespace:
    """`rag eval` flags parsed alone (the full `rag` parser loads every command's imports)."""
    parser = argparse.ArgumentParser(prog="rag")
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["eval", *argv])


def test_gate_thresholds_yield_to_explicit_flags() -> None:
    own = Dataset("eval/datasets/qa.jsonl", ())
    limits = thresholds_for(eval_args("--gate", "--min-hit5", "0.99"), own)
    assert limits["min_hit5"] == 0.99
    assert {k: v for k, v in limits.items() if k != "min_hit5"} == {k: v for k, v in GATES[own.name].items() if k != "min_hit5"}
    assert thresholds_for(eval_args(), own) == {}
    assert thresholds_for(eval_args("--max-false-refusal", "0.2"), own) == {"max_false_refusal": 0.2}
    with pytest.raises(ConfigError, match="no thresholds are set for mine.jsonl"):
        thresholds_for(eval_args("--gate"), Dataset("mine.jsonl", ()))


def test_compare_names() -> None:
    base = Settings(retriever="hybrid", answerer="extractive")
    pick = lambda spec: [(s.retriever, s.answerer) for s in compare_settings(spec, base)]  # noqa: E731
    assert pick("hybrid,dense,bm25") == [("hybrid", "extractive"), ("dense", "extractive"), ("bm25", "extractive")]
    assert pick("extractive,llm") == [("hybrid", "extractive"), ("hybrid", "llm")]
    assert pick("bm25/llm, dense") == [("bm25", "llm"), ("dense", "extractive")]
    with pytest.raises(ConfigError, match="not a retriever"):
        compare_settings("hybrid,vector", base)


def test_an_index_with_failed_files_is_not_scored(dataset: Path, tmp_path: Path) -> None:
    """`rag eval` and the app's button share `run_eval`, so both refuse, before any pipeline loads."""
    index = EvalIndex(tmp_path / "eval", "data/docs", failures=("data/docs/bad.pdf: not a PDF",))
    with pytest.raises(RagError, match="could not be built from data/docs .data/docs/bad.pdf: not a PDF"):
        run_eval(Settings(data_dir=tmp_path), Dataset.load(dataset), index, tmp_path / "reports")
    assert not (tmp_path / "reports").exists()


def test_eval_index_is_separate_from_the_library(tmp_path: Path) -> None:
    user = Settings(data_dir=tmp_path, chroma_url="http://127.0.0.1:8000", chunk_tokens=192, chunk_overlap=0)
    local = eval_settings(user)
    assert local.data_dir.parent == tmp_path / "eval" / "index" and local.data_dir.name.startswith("docs-")
    assert local.chroma_url is None


class FakeJudge:
    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.messages: list = []

    def complete(self, messages):
        self.messages.append(messages)
        return self.reply

    def stream(self, messages):
        yield self.complete(messages)


def test_judge_faithfulness() -> None:
    answer = answered("q", "甲乙丙丁[1]。无关的内容[1]。", [hit(RELEVANT, 1)], [cite(1, RELEVANT, "甲乙丙丁")], 10)
    judge = FakeJudge("判断：[1, 0]")
    assert judge_faithfulness(judge, answer) == 0.5
    prompt = judge.messages[0][1]["content"]
    assert "[1] 这里写着甲乙丙丁。" in prompt and "1. 甲乙丙丁。" in prompt and "2. 无关的内容。" in prompt
    assert judge_faithfulness(FakeJudge("[1]"), answer) is None  # wrong length: unjudged, not scored
    assert judge_faithfulness(FakeJudge("都支持"), answer) is None


def test_judged_run_reports_faithfulness(dataset: Path) -> None:
    run = evaluate(FakePipeline(), load_dataset(dataset), judge=FakeJudge("[1]"))
    assert run.overall["faithfulness"] == 1.0  # q1, q2, q5 answered with one sentence each
    assert run.by_type["factoid"]["faithfulness"] == 1.0
    assert run.by_type["unanswerable"]["faithfulness"] == 1.0
    assert [r.faithfulness for r in run.records] == [1.0, 1.0, None, None, 1.0]


@pytest.mark.slow
def test_cli_on_real_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`rag eval` end to end (real index and pipeline) on three pairs of the default dataset."""
    from eval.dataset import DEFAULT_DATASET
    from eval.run import prepare_index
    from rag.cli import main

    lines = DEFAULT_DATASET.read_text(encoding="utf-8").splitlines()
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join([lines[0], lines[2], next(x for x in lines if '"doc": null' in x)]) + "\n",
                     encoding="utf-8")
    out = tmp_path / "reports"

    assert main(["eval", "--dataset", str(small), "--out", str(out), "--min-hit5", "1.01"]) == 1
    printed = capsys.readouterr().out
    assert "threshold missed: hit@5 = " in printed and "below --min-hit5 1.01" in printed
    report = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in report["questions"]] == ["q01", "q03", json.loads(small.read_text().splitlines()[2])["id"]]
    assert report["config"]["retriever"] == "hybrid" and report["config"]["dataset"] == str(small)
    assert all(q["retrieved"] and q["timings"]["total"] > 0 for q in report["questions"])
    assert (out / "small-hybrid-extractive.md").is_file()  # named by its dataset: not the default one

    assert main(["eval", "--dataset", str(small), "--out", str(out), "--compare", "dense,bm25"]) == 0
    assert "dense-extractive" in capsys.readouterr().out
    assert sorted(p.name for p in out.glob("compare.*")) == ["compare.json", "compare.md"]

    # The app's entry point, on the same eval index (the user's own index is never built).
    settings = Settings.from_env()
    run = run_eval(settings, Dataset.load(small), prepare_index(settings), out)
    assert len(run.records) == 3 and (out / "latest.md").is_file()
    assert not (settings.data_dir / "chroma").exists()


def test_a_sentence_cited_on_across_a_chunk_edge_is_one_cited_text() -> None:
    first = Chunk("c0", "d1", "a.txt", "甲", 0, 0, 8, "引导广大党员、")
    second = Chunk("c1", "d1", "a.txt", "甲", 1, 8, 20, "干部始终沿着方向前进。另一句。")
    other = Chunk("c7", "d2", "b.txt", "乙", 3, 0, 5, "别的段落。")

    def cites(chunk: Chunk, n: int, start: int, end: int) -> Citation:
        text = chunk.text[start - chunk.start : end - chunk.start]
        return Citation(n, chunk.id, chunk.doc_id, chunk.source, chunk.title, text, start, end)

    citations = (cites(first, 1, 0, 8), cites(second, 2, 8, 19), cites(other, 3, 0, 5))
    answer = Answer("问", "…", citations=citations,
                    hits=tuple(Hit(c, i, 1.0) for i, c in enumerate((first, second, other), start=1)))
    assert _cited_texts(answer) == ["引导广大党员、干部始终沿着方向前进。另一句。", "别的段落。"]
    # Quoting the second chunk from another sentence than its first is a citation of its own, and so
    # is a whole sentence ending the first chunk (a heading, a point the next chunk says).
    point = Chunk("c0", "d1", "a.txt", "甲", 0, 0, 7, "引导广大党员。")
    said = replace(answer, citations=(cites(point, 1, 0, 7), cites(second, 2, 8, 19)),
                   hits=(Hit(point, 1, 1.0), Hit(second, 2, 1.0)))
    assert _cited_texts(said) == ["引导广大党员。", "干部始终沿着方向前进。另一句。"]
    later = replace(answer, citations=(cites(first, 1, 0, 8), cites(second, 2, 12, 19)))
    assert _cited_texts(later) == ["引导广大党员、", "干部始终沿着方向前进。另一句。"]

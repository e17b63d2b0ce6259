"""Train the choice of which quoted sentence's span is the short answer (`rag.choice`).

Data: every answerable train question that wants a short answer (`rag.question`), asked of its
part's library as `rag train` asks it (the cached hits of `eval.candidates`), ranked by the
ranker being shipped, and answered by the extractive answerer with the span model being
shipped, up to the point where it reads a short answer: the options it would choose among are
recorded there, so the rows are what the query side computes. Label: the option's answer is
exact (CMRC 2018's EM against a gold answer). Model: a small LightGBM classifier, seeded and
single-threaded (the same data gives the same file byte for byte), exported to `rag.trees`.

The ranker's and the span model's scores of the train questions are in-sample (both were fitted
on them), so they look surer there than on new text; the dev parts, never fitted, say how the
choice carries (docs/model-card.md).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from eval.candidates import Question
from eval.metrics import exact_match
from rag.choice import FEATURES, MODEL_PATH, Option, answers_whole, rows
from rag.extractive import ExtractiveAnswerer
from rag.question import analyse
from rag.rank import POOL, AnswerModel
from rag.span import ShortAnswer, SpanModel
from rag.trees import Trees

CHOICE_FILE = MODEL_PATH.name
PARAMS = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 7, "min_data_in_leaf": 40,
    "verbose": -1, "deterministic": True, "force_row_wise": True, "num_threads": 1, "seed": 0,
}
ROUNDS = 100


class OptionRecorder:
    """The extractive answerer with a chooser that keeps the options it is shown and answers
    nothing: what the query side would choose a short answer among, question by question."""

    def __init__(self, model: AnswerModel, span_model: SpanModel) -> None:
        self._model = model
        self._answerer = ExtractiveAnswerer(model=model, span_model=span_model, choice=self)
        self._seen: list[Option] = []

    def choose(self, found: Sequence[Option]) -> ShortAnswer | None:
        self._seen = list(found)
        return None

    def options_of(self, question: Question, k: int) -> list[Option]:
        """The options for `question` (none when it wants no short answer or the draft is made
        otherwise: a list, a byline, a refusal)."""
        self._seen = []
        ranking = self._model.rank(question.question, list(question.hits[:POOL]))
        self._answerer.draft(question.question, ranking.hits[:k], ranking)
        return self._seen


def training_rows(
    model: AnswerModel, span_model: SpanModel, questions: Sequence[Question], k: int
) -> tuple[np.ndarray, np.ndarray]:
    """`rag.choice.rows` of every option of the answerable short-answer `questions`, and their labels."""
    recorder = OptionRecorder(model, span_model)
    xs, ys = [], []
    for q in questions:
        if not q.answerable or not analyse(q.question).wants_short:
            continue
        found = recorder.options_of(q, k)
        if found and answers_whole(found) is None:  # else the sentence answers: nothing is chosen
            xs.append(rows(found))
            ys.extend(o.answer is not None and exact_match(o.answer.text, q.answers) for o in found)
    return np.concatenate(xs) if xs else np.zeros((0, len(FEATURES))), np.array(ys, dtype=np.float64)


def train_choice(
    model: AnswerModel, span_model: SpanModel, questions: Sequence[Question], out: Path, k: int, log=print
) -> dict:
    """Fit the choice on `questions` (the train parts) and save it to `out`; what it was fitted on."""
    import lightgbm

    started = time.perf_counter()
    x, y = training_rows(model, span_model, questions, k)
    booster = lightgbm.train(PARAMS, lightgbm.Dataset(x, label=y, feature_name=list(FEATURES)), num_boost_round=ROUNDS)
    trees = Trees.from_lightgbm(booster.dump_model(), FEATURES, {"rounds": ROUNDS})
    if not np.allclose(trees.predict(x), booster.predict(x, raw_score=True, num_threads=1), rtol=1e-9, atol=1e-9):
        raise AssertionError("the exported choice trees score otherwise than LightGBM")
    out.parent.mkdir(parents=True, exist_ok=True)
    trees.save(out)
    report = {"options": len(y), "exact": int(y.sum()), "seconds": round(time.perf_counter() - started, 1)}
    log(f"short-answer choice: {report}")
    return report

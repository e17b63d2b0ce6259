"""Which quoted sentence the short answer is read from: a learned choice among their best spans.

The ranker's best sentence often repeats the question while a sentence quoted beside it names
the answer (北京政府發布了一份聲明，譴責外蒙古… ranks first for …主要是因為外蒙古和俄國簽訂哪一
條約 and gives 一份聲明; the treaty, 《蘇蒙修好條約》, is named in the sentence after it). Reading
the best sentence first and the others only when it holds nothing of the kind asked (session
10's rule) misses those; adding the span's score to the sentence's did not help either
(docs/model-card.md, "Which sentence the short answer comes from"). So each quoted sentence's
best span (`rag.span`) is described by where its sentence stands in the ranking and in the quote,
how the span model scores it against the others, and whether it is the whole sentence, and a small
LightGBM model trained on the public train part (`rag train --only choice`, eval/train_choice.py)
scores how likely it is the exact answer. The best is read; when that is a sentence answering as it
stands or a span under the span model's threshold, there is no short answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy as np

from rag.cells import named_extent
from rag.errors import ModelError
from rag.question import QuestionInfo
from rag.span import ShortAnswer, SpanModel, beside_members, is_whole, screened, sentence_best
from rag.text import fold_t2s
from rag.thresholds import holds_asked
from rag.trees import Trees

MODEL_PATH = Path(__file__).parent / "models" / "choice.npz"
# How far from the ranker's best a sentence stands in its quoted run, for one quoted in another run.
ELSEWHERE = 9

FEATURES = (
    # where the sentence stands: in the ranking, and in the quote
    "rank", "ranker_score", "ranker_gap", "in_best_run", "distance", "first", "chars",
    # its best span: the span model's score against the others', the whole sentence, under the threshold
    "span_score", "span_gap", "whole", "under_threshold",
)


class Quoted(NamedTuple):
    """A sentence the answer quotes, as the choice sees it."""

    text: str
    rank: int  # its place in the ranker's order (0: the best)
    score: float  # the ranker's score
    in_best_run: bool  # quoted in the same run of neighbours as the ranker's best sentence
    distance: int  # sentences between it and the best in that run (`ELSEWHERE` in another run)


class Option(NamedTuple):
    """A quoted sentence and its best span, unscreened (`span`) and as it would be answered (`answer`:
    None when it is the whole sentence or under the model's threshold)."""

    quoted: Quoted
    span: ShortAnswer
    answer: ShortAnswer | None


def options(model: SpanModel, info: QuestionInfo, quoted: Sequence[Quoted]) -> list[Option]:
    """The quoted sentences that hold a span of the kind asked for, each with its best; `span.sentence`
    indexes `quoted`."""
    out = []
    for i, q in enumerate(quoted):
        if (best := sentence_best(model, info, q.text, 0)) is not None:
            answer = screened(model, info, [q.text], best)
            out.append(Option(q, dataclasses.replace(best, sentence=i),
                              dataclasses.replace(answer, sentence=i) if answer is not None else None))
    # A line that is a span alone and says none of the question's words (a notice's closing date,
    # 2027年3月8日, for 报名截止时间是什么时候) tells nothing of what it is the answer to: no option
    # while a sentence that says one of them is quoted.
    said = [o for o in out if not _bare(info, o)]
    out = said or out
    # A question for the member of a set it does not name (除了平安时代、奈良时代，还有哪一个): the
    # sentences that name the others together with something hold it.
    together = [o for o in out if info.others and beside_members(info.others, fold_t2s(o.quoted.text))]
    # A question that names values of a table's rows (宣传部有谁): the rows naming most of them answer,
    # not another row quoted beside them (李四's, of 组织部, gave 李四).
    found = together or out
    extents = [named_extent(info.question, o.quoted.text) for o in found]
    most = max(extents, default=0)
    found = [o for o, extent in zip(found, extents) if extent == most] if most else found
    # A quantity the question gives (请假两天谁批准): the clauses of a rule whose range does not hold it
    # do not answer, when one that does is quoted (the first clause's 科室负责人 answered it).
    holds = [holds_asked(info.question, o.quoted.text) for o in found]
    return [o for o, held in zip(found, holds) if held is not False] if any(holds) else found


def _bare(info: QuestionInfo, option: Option) -> bool:
    """Whether the option's answer is all of its sentence, which holds none of the question's terms."""
    folded = fold_t2s(option.quoted.text).lower()
    span = option.answer or option.span  # as it would be answered: 2027年 of the line reads 2027年3月8日
    return is_whole(option.quoted.text, span.start, span.end) \
        and not any(term in folded for term in info.terms)


def rows(found: Sequence[Option]) -> np.ndarray:
    """One row of `FEATURES` per option."""
    if not found:
        return np.zeros((0, len(FEATURES)))
    best_score = max(o.quoted.score for o in found)
    best_span = max(o.span.score for o in found)
    first = _first(found)
    return np.array([
        [o.quoted.rank, o.quoted.score, best_score - o.quoted.score, o.quoted.in_best_run, o.quoted.distance,
         i == first, len(o.quoted.text),
         o.span.score, best_span - o.span.score, is_whole(o.quoted.text, o.span.start, o.span.end), o.answer is None]
        for i, o in enumerate(found)
    ], dtype=np.float64)


def _first(found: Sequence[Option]) -> int | None:
    """The option nearest the ranker's best sentence in its run: the one read first."""
    nearest = min((o.quoted.distance for o in found if o.quoted.in_best_run), default=None)
    in_run = (i for i, o in enumerate(found) if o.quoted.in_best_run and o.quoted.distance == nearest)
    return next(in_run, None)


def answers_whole(found: Sequence[Option]) -> ShortAnswer | None:
    """The nearest option's span, `whole`, when it is all of its sentence: no shorter span
    answers (乙酰胺是什么？ 乙酰胺是由乙酸衍生出的酰胺…), and the sentence is the answer, whatever
    a span of another would say (纯品 of 纯品为白色晶状固体 is no answer to it). None otherwise,
    and when the sentence introduces the name asked for (`rag.span.screened`: 原名…)."""
    first = _first(found)
    if first is None or not _answers_whole(found[first]):
        return None
    return dataclasses.replace(found[first].span, whole=True)


def _answers_whole(option: Option) -> bool:
    """Whether the option's best span is its whole sentence and nothing narrower within it answers."""
    return is_whole(option.quoted.text, option.span.start, option.span.end) and option.answer is None


class Chooser(Protocol):
    """What reads the short answer from the options (`SpanChoice`; training records them instead)."""

    def choose(self, found: Sequence[Option]) -> ShortAnswer | None: ...


class SpanChoice:
    """The learned choice: `choose` reads the option the trees score highest."""

    def __init__(self, trees: Trees) -> None:
        if tuple(trees.names) != FEATURES:
            raise ModelError(
                "the short-answer choice model was trained on other features than rag/choice.py computes; "
                "retrain it with `rag train --only choice`."
            )
        self.trees = trees

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> SpanChoice:
        return cls(Trees.load(Path(path)))

    def choose(self, found: Sequence[Option]) -> ShortAnswer | None:
        """The short answer of the best option: None when there is none or its span is under the
        threshold, `whole` when its best span is its whole sentence (it answers as it stands)."""
        if not found:
            return None
        if (whole := answers_whole(found)) is not None:
            return whole
        chosen = found[int(np.argmax(self.trees.predict(rows(found))))]
        if _answers_whole(chosen):
            return dataclasses.replace(chosen.span, whole=True)
        return chosen.answer

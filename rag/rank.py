"""The learned answer step at query time: rank candidate sentences and passages, and say whether to answer.

Two models, trained by `eval/train.py` (`rag train`) on public Chinese QA data and shipped in
`rag/models/`:
- the ranker scores every candidate sentence of the retrieved passages (features from
  `rag.features`); a passage ranks by its best sentence, which already weighs the
  passage's retrieval scores;
- the answerability model reads the best candidates and gives the calibrated probability
  that the best one answers the question; below the threshold chosen on the training data
  (false refusals at most 3%) the pipeline refuses a question that wants a short answer;
- a question that wants sentences (how, why, lists) is judged by `SentenceRule`, a
  logistic combination of that probability with the retrieval's relevance signal, fitted
  with the models and stored in the answerability model's meta.

Both are gradient-boosted trees, scored with numpy by `rag.trees` (LightGBM is needed only
to train).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np

from rag.errors import ModelError
from rag.features import FEATURES, Candidate, candidates, features
from rag.question import Expect, QuestionInfo, analyse
from rag.trees import Trees
from rag.types import Hit

MODELS_DIR = Path(__file__).resolve().parent / "models"
RANKER_FILE = "ranker.npz"
ANSWERABLE_FILE = "answerable.npz"

# The relevance signal's cut-off (`rag.retrieve.relevance`) for sentence questions when
# `SentenceRule` does not apply: the one every question had before the answerability model
# (docs/tuning.md).
SENTENCE_MIN_RELEVANCE = 0.30

# The passages the ranker reads: the retrieval's top POOL, whatever k the caller wants,
# so the top 5 an answer is built from are the first 5 of the top 10 the eval ranks.
POOL = 10


# -- answerability features ----------------------------------------------------------------

_COLUMN = {name: i for i, name in enumerate(FEATURES)}
# Columns of the best candidate that the answerability model reads.
# No raw BM25 score and no question length: both depend on the corpus and the style of
# question (chunk length, vocabulary; wiki factoids against long essay questions), and the
# probability has to hold on a library it was not trained on.
_BEST = ("cov", "cov_ctx", "rare", "rare_ctx", "matched", "bigram", "new_chars", "type_agrees",
         "title_cov", "title_rare", "passage_cov", "doc_cov", "fused_rank", "dense", "bm25_share")
ANSWERABLE_FEATURES: tuple[str, ...] = (
    "score1", "score2", "gap", "score_mean5",
    *(f"best_{name}" for name in _BEST),
    "pool_rare_ctx", "pool_doc_cov", "pool_title_cov", "pool_title_rare", "pool_dense",
    *(f"expect_{e.value}" for e in Expect),
)


def answerable_features(x: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One row for a question: its best candidates' scores and features, and the pool's best signals."""
    if len(scores) == 0:
        return np.zeros(len(ANSWERABLE_FEATURES), dtype=np.float32)
    order = np.argsort(-scores, kind="stable")
    top = scores[order]
    best = x[order[0]]
    pool = lambda name: float(x[:, _COLUMN[name]].max())  # noqa: E731
    row = [
        top[0], top[1] if len(top) > 1 else top[0] - 5.0, top[0] - (top[1] if len(top) > 1 else top[0] - 5.0),
        float(top[:5].mean()),
        *(float(best[_COLUMN[name]]) for name in _BEST),
        pool("rare_ctx"), pool("doc_cov"), pool("title_cov"), pool("title_rare"), pool("dense"),
        *(float(best[_COLUMN[f"expect_{e.value}"]]) for e in Expect),
    ]
    return np.asarray(row, dtype=np.float32)


# -- the query side ----------------------------------------------------------------------------


class SentenceRule(NamedTuple):
    """Whether to answer a question that wants sentences:
    sigmoid(a_p * logit(p) + a_rel * relevance + a_dense * dense + b) against `threshold`.

    The answerability model learned "the best sentence holds the gold span", and sentence
    answers of the public sets are single encyclopaedia sentences: alone it refuses
    answerable questions whose answer is spread or paraphrased (lists across paragraphs).
    The retrieval's relevance signal (`rag.retrieve.relevance`: keyword share and dense
    cosine of the top three passages) says whether the library holds the subject at all,
    and the best dense cosine of the top k (`rag.retrieve.dense_similarity`) whether some
    passage says the same thing in other words. Each alone is weak for these questions;
    `eval/train.py` fits their combination on the sentence questions of the train part
    (label: the question is answerable), out of fold, and sets the threshold under the
    lowest out-of-fold answerable (numbers in docs/model-card.md).
    """

    a_p: float
    a_rel: float
    a_dense: float
    b: float
    threshold: float

    def score(self, p: float, relevance: float, dense: float) -> float:
        z = self.a_p * logit(p) + self.a_rel * relevance + self.a_dense * dense + self.b
        return float(1.0 / (1.0 + np.exp(-z)))


def on_scale(score: float, own: float, threshold: float) -> float:
    """`score`, a value in [0, 1] judged against its own cut-off `own`, mapped onto [0, 1] with
    `own` landing on `threshold`: linear below the cut-off and above it. The map keeps order, so
    it decides at `threshold` what the score decided at `own`, and a sentence question's score
    reads on the probability's scale. (It was shifted, score - own + threshold, which put
    sentence questions at up to 1.14, above every short-answer question whatever their
    answerability: the own set's AUROC of the score alone read 0.655 then, 0.664 mapped.)
    """
    score = min(max(score, 0.0), 1.0)
    if score < own:
        return score * threshold / own
    return threshold + (score - own) * (1.0 - threshold) / (1.0 - own) if own < 1.0 else threshold


def logit(p: float | np.ndarray) -> float | np.ndarray:
    """log(p / (1 - p)), with p kept off 0 and 1 (a probability the model gives as 0 still orders)."""
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(q / (1 - q))


class Ranked(NamedTuple):
    """A question's hits reordered, its candidate sentences best first, and whether to answer."""

    info: QuestionInfo
    hits: list[Hit]  # reordered by their best sentence; rank renumbered from 1
    sentences: list[Candidate]  # best first; `hit` indexes `hits` as reordered
    scores: list[float]  # the ranker's score of each of `sentences`
    answerable: float  # calibrated probability that the best sentence answers
    refuse: bool


class AnswerModel:
    """The ranker and the answerability model, loaded once."""

    def __init__(self, ranker: Trees, answerable: Trees) -> None:
        for model, names in ((ranker, FEATURES), (answerable, ANSWERABLE_FEATURES)):
            if model.names != tuple(names):
                raise ModelError("The shipped model was trained on other features; rebuild it with `rag train`.")
        self.ranker = ranker
        self.answerable_model = answerable
        self.threshold = float(answerable.meta["threshold"])
        self._platt = (float(answerable.meta["platt_a"]), float(answerable.meta["platt_b"]))
        # A model file from before the rule has none: the relevance cut-off judges sentence questions.
        rule = answerable.meta.get("sentence")
        if rule is not None and len(rule) != len(SentenceRule._fields):
            raise ModelError("The answerability model's rule for sentence questions has other terms; "
                             "rebuild it with `rag train`.")
        self.sentence = SentenceRule(*(float(v) for v in rule)) if rule is not None else None
        # The embedder whose cosines the rule was fitted on (their scale is the embedder's own).
        self.sentence_embedder = str(answerable.meta.get("sentence_embedder", ""))

    @classmethod
    def load(cls, directory: Path = MODELS_DIR) -> AnswerModel:
        return cls(Trees.load(directory / RANKER_FILE), Trees.load(directory / ANSWERABLE_FILE))

    def probability(self, margin: float) -> float:
        """The Platt-calibrated probability for the answerability model's raw score."""
        a, b = self._platt
        return float(1.0 / (1.0 + np.exp(-(a * margin + b))))

    def decision(
        self,
        info: QuestionInfo,
        p: float,
        relevance: float,
        dense: float | None,
        threshold: float | None = None,
    ) -> float:
        """The score a refusal compares with `threshold` (the model's by default): `p` for a
        question that wants a short answer, the `SentenceRule` score mapped onto the same scale
        for one that wants sentences (`on_scale`), so one number and one curve serve both.

        Without the dense similarity the rule was fitted on (`dense` None: RAG_RETRIEVER=bm25,
        or another embedder than `sentence_embedder`, whose cosines have another scale) or
        without a rule (a model file from before it), the relevance cut-off it replaced decides.
        """
        threshold = self.threshold if threshold is None else threshold
        if info.wants_short:
            return p
        if dense is None or self.sentence is None:
            return on_scale(relevance, SENTENCE_MIN_RELEVANCE, threshold)
        return on_scale(self.sentence.score(p, relevance, dense), self.sentence.threshold, threshold)

    def rank(
        self, question: str, hits: Sequence[Hit], info: QuestionInfo | None = None, reorder: int | None = None
    ) -> Ranked:
        """Score every candidate sentence, reorder the first `reorder` hits (all by default) by
        their best sentences (`passage_score`), and decide whether to answer.

        The pipeline reorders only the k passages an answer is made from: the ranker then
        never pulls a passage in from beyond them, which on the public dev parts costs nothing
        (hit@1 0.894/0.904 against 0.894/0.905 reordering all 10) and keeps the retrieval's
        hit@k on a library unlike the training data.
        """
        info = info or analyse(question)
        sentences = candidates(hits)
        if not sentences:
            return Ranked(info, list(hits), [], [], 0.0, True)
        x = features(info, hits, sentences)
        scores = self.ranker.predict(x)
        margin = float(self.answerable_model.predict(answerable_features(x, scores)[None, :])[0])
        p = self.probability(margin)

        best = passage_scores(scores, [s.hit for s in sentences], len(hits))
        # Passages by their best sentences; a passage without sentences goes last among them.
        cut = len(hits) if reorder is None else min(reorder, len(hits))
        order = sorted(range(cut), key=lambda i: (-best[i], i)) + list(range(cut, len(hits)))
        new_index = {old: new for new, old in enumerate(order)}
        reordered = [replace(hits[i], rank=n) for n, i in enumerate(order, start=1)]
        by_score = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
        ranked = [sentences[i]._replace(hit=new_index[sentences[i].hit]) for i in by_score]
        return Ranked(info, reordered, ranked, [float(scores[i]) for i in by_score], p, p < self.threshold)


# What a passage's second-best sentence adds to its best: of two passages whose best sentences
# score alike, the one that says more of what is asked is the likelier. Chosen on the train parts
# (hit@1 of DRCD's 0.961 with the best alone; 0.963 at 0.4 and 0.6, 0.962 at 0.8, 0.961 at 1.0;
# CMRC's 0.974 at each); the dev parts agree (CMRC 0.932 -> 0.942, DRCD 0.905 -> 0.907).
_SECOND = 0.4


def passage_score(scores: Sequence[float]) -> float:
    """A passage's score from its sentences' (the ranker's): the best, and `_SECOND` of the next
    best. A passage of one sentence counts a second 2 under its best (1 or 4 under, or 0, read
    the same on the train parts)."""
    ordered = sorted(scores, reverse=True)
    return ordered[0] + _SECOND * (ordered[1] if len(ordered) > 1 else ordered[0] - 2.0)


def passage_scores(scores: Sequence[float], hit_of: Sequence[int], n: int) -> list[float]:
    """The `passage_score` of each of the first `n` passages, from its sentences' scores (`hit_of`:
    the passage of each sentence); -inf for a passage without sentences."""
    by_passage: dict[int, list[float]] = {}
    for hit, score in zip(hit_of, scores):
        by_passage.setdefault(int(hit), []).append(float(score))
    return [passage_score(by_passage[i]) if i in by_passage else -np.inf for i in range(n)]


@functools.cache
def shipped() -> AnswerModel:
    """The models in `rag/models/`, loaded once per process."""
    return AnswerModel.load()

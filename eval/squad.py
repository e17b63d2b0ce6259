"""Public QA data in SQuAD format (CMRC 2018, DRCD, DuReader-robust, SQuAD) as eval suites.

A suite is a library and the questions asked of it. Each article becomes one document (its
title as a Markdown heading, then its paragraphs), each question a `QAPair` whose gold
answers are the answer spans and whose evidence is the sentence that holds the first span.

Articles are split by a seeded hash of `dataset:article id`, so the split never depends on
the order of the file or on which other articles exist:
- `dev` (40% of the articles) and `train` (the rest): measure on one, learn on the other;
- within each part, a quarter of the articles are left out of the library. Their questions
  become unanswerable pairs: on the library's topics (same source, same style of question),
  and their answers are not in it. This is the only way to get unanswerable questions from
  answer-span data without writing them by hand.

`sample` takes a fixed, seeded subset of a suite's questions (CI gates on one) and
`in_simplified` asks a Traditional suite's questions in Simplified (OpenCC t2s) against
the same documents.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from eval.dataset import DatasetError, QAPair
from rag.question import Expect, analyse
from rag.text import sentence_spans, to_simplified

Part = Literal["train", "dev", "all"]
PARTS: tuple[Part, ...] = ("train", "dev", "all")
DEV_SHARE = 0.4
ABSENT_SHARE = 0.25


@dataclass(frozen=True)
class SquadQuestion:
    """One question of an article: its gold answer texts, where the first one starts, and every
    place it may be (`starts`: more than `answer_start` when the file's positions say nothing)."""

    id: str
    question: str
    answers: tuple[str, ...]
    paragraph: int
    answer_start: int
    starts: tuple[int, ...] = ()

    @property
    def places(self) -> tuple[int, ...]:
        return self.starts or (self.answer_start,)


@dataclass(frozen=True)
class Article:
    """One article: the unit of splitting, and one document of a suite."""

    dataset: str
    id: str
    title: str
    paragraphs: tuple[str, ...]
    questions: tuple[SquadQuestion, ...]

    @property
    def key(self) -> str:
        return f"{self.dataset}:{self.id}"

    @property
    def file_name(self) -> str:
        """The document's file name in an exported suite (what the pairs' `doc` names)."""
        return f"{self.dataset}-{self.id}.md"

    def document(self) -> str:
        """The document text: the title as a heading, then the paragraphs, a blank line apart."""
        return "\n\n".join([f"# {self.title}", *self.paragraphs]) + "\n"


def read_squad(path: str | Path) -> list[Article]:
    """The articles of a SQuAD-format JSON file; the dataset is named by the file's stem."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DatasetError(
            f"{path}: not a SQuAD-format JSON file ({type(exc).__name__}: {exc}); expected "
            '{"data": [{"title", "paragraphs": [{"context", "qas": [...]}]}]}'
        ) from None
    articles = []
    for number, raw in enumerate(data):
        article_id = str(raw.get("id") or number)
        paragraphs: list[str] = []
        questions: list[SquadQuestion] = []
        for paragraph in raw.get("paragraphs", []):
            context = paragraph["context"].strip()
            paragraphs.append(context)
            for qa in paragraph.get("qas", []):
                answers = [a for a in qa.get("answers", []) if a.get("text", "").strip()]
                # SQuAD 2.0-style impossible questions have no span to score against; CMRC's
                # trial set has one empty question.
                if not answers or not qa.get("question", "").strip():
                    continue
                texts = tuple(dict.fromkeys(a["text"].strip() for a in answers))
                start = _locate(context, paragraph["context"], answers[0])
                questions.append(SquadQuestion(str(qa["id"]), qa["question"].strip(), texts, len(paragraphs) - 1, start))
        title = str(raw.get("title") or "").strip() or paragraphs[0][:20]
        articles.append(Article(path.stem, article_id, title, tuple(paragraphs), tuple(questions)))
    return articles if _positions_meant(articles) else [_every_place(a) for a in articles]


# Repeated answers needed before a file's positions are judged (CMRC 2018 trial has 77).
_POSITIONS_SAMPLE = 10


def _occurrences(context: str, text: str) -> list[int]:
    return [i for i in range(len(context)) if context.startswith(text, i)]


def _positions_meant(articles: Sequence[Article]) -> bool:
    """Whether the file's `answer_start`s say which occurrence of an answer answers.

    Some files computed them as the text's first occurrence: in CMRC 2018 trial every one of
    the 77 answers that occur twice or more in their paragraph starts at the first, while in
    DRCD 493 of 962 do. Where every repeated answer starts at its first occurrence the
    positions carry nothing, and any sentence holding the answer is evidence.
    """
    firsts: list[bool] = []
    for a in articles:
        for q in a.questions:
            where = _occurrences(a.paragraphs[q.paragraph], q.answers[0]) if q.answer_start >= 0 else []
            if len(where) > 1:
                firsts.append(where[0] == q.answer_start)
    return len(firsts) < _POSITIONS_SAMPLE or not all(firsts)


def _every_place(article: Article) -> Article:
    questions = tuple(
        replace(q, starts=tuple(_occurrences(article.paragraphs[q.paragraph], q.answers[0])) or (q.answer_start,))
        for q in article.questions
    )
    return replace(article, questions=questions)


def _locate(context: str, raw_context: str, answer: dict) -> int:
    """The answer's offset in the stripped context: `answer_start` when it points at the text, else its first occurrence."""
    text = answer["text"].strip()
    start = int(answer.get("answer_start", -1)) - (len(raw_context) - len(raw_context.lstrip()))
    start += len(answer["text"]) - len(answer["text"].lstrip())
    if context[start : start + len(text)] == text:
        return start
    return context.find(text)


def _share(salt: str, key: str, seed: int) -> float:
    digest = hashlib.sha256(f"zhiwen-{salt}:{seed}:{key}".encode()).hexdigest()
    return int(digest, 16) % 10000 / 10000


def part_of(article: Article, seed: int = 0) -> Literal["train", "dev"]:
    """The part an article belongs to, from a seeded hash of its key."""
    return "dev" if _share("split", article.key, seed) < DEV_SHARE else "train"


def is_absent(article: Article, seed: int = 0) -> bool:
    """Whether the article is left out of its part's library (its questions are unanswerable)."""
    return _share("absent", article.key, seed) < ABSENT_SHARE


def evidence_sentence(context: str, start: int, length: int) -> str:
    """The sentence of `context` where the answer `context[start:start+length]` begins.

    A passage holding it holds the answer or its opening. An answer of several sentences
    (CMRC's why and how answers run to 465 characters) may be longer than any passage the
    library is cut into: as the whole run, 7 of the 200 CMRC 2018 dev sample's evidence
    strings were in no chunk at all, so no ranking could find them.
    """
    for a, b in sentence_spans(context):
        if a <= start < b:
            return context[a:b]
    return context[start : start + max(1, length)]


@dataclass(frozen=True)
class Suite:
    """A library (its articles) and the pairs asked of it, answerable and not."""

    name: str
    articles: tuple[Article, ...]
    pairs: tuple[QAPair, ...]


def question_type(question: str) -> str:
    """The eval type of an answerable question, by what it asks for (`rag.question.analyse`):
    `factoid` when a short span answers it, `list` for which-ones, `explain` for how and why.

    Gold answers of SQuAD-format data are always spans, so the per-type table shows where
    the short answer is scored against a span of its kind (factoid) and where a sentence
    answer is scored against one (explain, list).
    """
    info = analyse(question)
    if info.wants_short:
        return "factoid"
    return "list" if info.expect is Expect.LIST else "explain"


def suite(articles: Sequence[Article], part: Part = "dev", seed: int = 0, name: str | None = None) -> Suite:
    """The suite of one part: the library of its present articles and the questions of all of them."""
    chosen = [a for a in articles if part == "all" or part_of(a, seed) == part]
    library: list[Article] = []
    pairs: list[QAPair] = []
    for article in chosen:
        absent = is_absent(article, seed)
        if not absent:
            library.append(article)
        for q in article.questions:
            if absent:
                pairs.append(QAPair(q.id, q.question, q.answers[0], (), (), (), "unanswerable", answers=q.answers))
                continue
            context = article.paragraphs[q.paragraph]
            evidence = tuple(dict.fromkeys(
                evidence_sentence(context, start, len(q.answers[0])) if start >= 0 else context for start in q.places
            ))
            pairs.append(
                QAPair(q.id, q.question, q.answers[0], (article.file_name,), evidence, (), question_type(q.question),
                       answers=q.answers)
            )
    dataset = articles[0].dataset if articles else "squad"
    return Suite(name or f"{dataset}-{part}", tuple(library), tuple(pairs))


def write_suite(s: Suite, out_dir: str | Path) -> tuple[Path, Path]:
    """Write the suite as a documents folder and a JSONL dataset (to inspect or edit); their paths."""
    out = Path(out_dir)
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for article in s.articles:
        (docs / article.file_name).write_text(article.document(), encoding="utf-8")
    dataset = out / "qa.jsonl"
    with dataset.open("w", encoding="utf-8") as f:
        for pair in s.pairs:
            f.write(json.dumps(pair.to_record(), ensure_ascii=False) + "\n")
    return docs, dataset


def sample(s: Suite, per_kind: int, seed: int = 0) -> Suite:
    """At most `per_kind` answerable and `per_kind` unanswerable pairs, in their order; the library stays whole.

    Each pair is picked by a seeded hash of its id, so the sample does not move when the
    file's order changes, and a larger sample holds a smaller one.
    """

    def picked(answerable: bool) -> set[str]:
        ids = [p.id for p in s.pairs if p.answerable == answerable]
        return set(sorted(ids, key=lambda i: (_share("sample", i, seed), i))[:per_kind])

    chosen = picked(True) | picked(False)
    return Suite(f"{s.name}-sample{per_kind}", s.articles, tuple(p for p in s.pairs if p.id in chosen))


def in_simplified(s: Suite) -> Suite:
    """The suite with its questions converted to Simplified (OpenCC t2s), its documents as they are."""
    pairs = tuple(replace(p, question=to_simplified(p.question)) for p in s.pairs)
    return Suite(f"{s.name}-simplified", s.articles, pairs)

"""Load and validate the hand-written eval datasets (eval/datasets/*.jsonl).

The format is in docs/eval.md ("Dataset format"): one JSON object a line with
id, question, answer, doc (a file name, a list of them, or null), evidence, keywords, type.
Every line is checked, and a bad one is reported with its line number and field, so a
typo in a hand-written file fails loudly instead of skewing the scores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.config import PROJECT_DIR
from rag.errors import RagError

DEFAULT_DATASET = PROJECT_DIR / "eval" / "datasets" / "qa.jsonl"

QUESTION_TYPES: tuple[str, ...] = (
    "factoid",
    "list",
    "explain",
    "paraphrase",
    "traditional",
    "multi_doc",
    "unanswerable",
)

_FIELDS = ("id", "question", "answer", "doc", "evidence", "keywords", "type")
# Optional: the gold short answers (answer spans of public QA data), scored by EM and F1; and the
# questions asked before it in one chat, which make the question a follow-up (地点呢？).
_OPTIONAL = ("answers", "history")


class DatasetError(RagError):
    """An eval dataset line is malformed; the message names the file, line and field."""


@dataclass(frozen=True)
class QAPair:
    """One question with its reference answer, source files, evidence spans and keywords.

    `docs` is empty when the documents do not answer the question (the right answer is a
    refusal). Evidence strings are verbatim spans of the raw source files, noise included.
    `answers` are gold short answers where the data has them (any one of them is right).
    `history` holds the questions asked before it in one chat, in order: each is answered in
    turn, and the pair's question is scored as the follow-up it then is (地点呢？ after
    消防培训什么时候？ asks where the training is); empty for a question asked alone.
    """

    id: str
    question: str
    answer: str
    docs: tuple[str, ...]
    evidence: tuple[str, ...]
    keywords: tuple[str, ...]
    type: str
    answers: tuple[str, ...] = ()
    history: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return bool(self.docs)

    def to_record(self) -> dict[str, Any]:
        """The pair as one JSONL record (the inverse of `load_dataset`'s parsing)."""
        record: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "doc": None if not self.docs else self.docs[0] if len(self.docs) == 1 else list(self.docs),
            "evidence": list(self.evidence),
            "keywords": list(self.keywords),
            "type": self.type,
        }
        if self.answers:
            record["answers"] = list(self.answers)
        if self.history:
            record["history"] = list(self.history)
        return record


def load_dataset(path: str | Path) -> list[QAPair]:
    """Read a JSONL dataset, validating every line; raise `DatasetError` on the first bad one."""
    path = Path(path)
    pairs: list[QAPair] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise DatasetError(
                    f"{where}: not valid JSON ({e.msg}); each line must be one JSON object"
                ) from e
            pair = _parse(record, where)
            if pair.id in seen:
                raise DatasetError(f"{where}: field 'id': {pair.id!r} already used on line {seen[pair.id]}")
            seen[pair.id] = lineno
            pairs.append(pair)
    if not pairs:
        raise DatasetError(f"{path}: no questions found; add one JSON object per line")
    return pairs


def _parse(record: Any, where: str) -> QAPair:
    if not isinstance(record, dict):
        raise DatasetError(f"{where}: expected a JSON object, got {type(record).__name__}")
    for name in _FIELDS:
        if name not in record:
            raise DatasetError(f"{where}: missing field '{name}' (needed: {', '.join(_FIELDS)})")
    unknown = sorted(set(record) - set(_FIELDS) - set(_OPTIONAL))
    if unknown:
        raise DatasetError(f"{where}: unknown field(s) {unknown} (allowed: {', '.join(_FIELDS + _OPTIONAL)})")

    for name in ("id", "question", "answer", "type"):
        if not isinstance(record[name], str) or not record[name].strip():
            raise DatasetError(f"{where}: field '{name}' must be a non-empty string")
    qtype = record["type"]
    if qtype not in QUESTION_TYPES:
        allowed = ", ".join(QUESTION_TYPES)
        raise DatasetError(f"{where}: field 'type': unknown type {qtype!r} (one of: {allowed})")

    docs = _docs(record["doc"], where)
    evidence = _strings(record["evidence"], "evidence", where)
    keywords = _strings(record["keywords"], "keywords", where)
    answers = _strings(record.get("answers", []), "answers", where)
    history = _strings(record.get("history", []), "history", where)

    if qtype == "unanswerable":
        if docs:
            raise DatasetError(f"{where}: field 'doc': an unanswerable question must have doc null")
        if evidence:
            raise DatasetError(f"{where}: field 'evidence': an unanswerable question must have no evidence")
        if keywords:
            raise DatasetError(f"{where}: field 'keywords': an unanswerable question must have no keywords")
    else:
        if not docs:
            raise DatasetError(f"{where}: field 'doc': null is only allowed for type 'unanswerable'")
        if not evidence:
            raise DatasetError(f"{where}: field 'evidence': an answerable question needs at least one span")
        if qtype == "multi_doc" and len(docs) < 2:
            raise DatasetError(f"{where}: field 'doc': a multi_doc question must list at least two files")

    return QAPair(
        id=record["id"],
        question=record["question"],
        answer=record["answer"],
        docs=docs,
        evidence=evidence,
        keywords=keywords,
        type=qtype,
        answers=answers,
        history=history,
    )


def _docs(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) and value.strip():
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    raise DatasetError(f"{where}: field 'doc' must be a file name, a non-empty list of file names, or null")


def _strings(value: Any, name: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DatasetError(f"{where}: field '{name}' must be a list of non-empty strings")
    return tuple(value)


@dataclass(frozen=True)
class Dataset:
    """The pairs an eval scores, and the name its reports give them (a path, relative to the
    project when it is inside it)."""

    name: str
    pairs: tuple[QAPair, ...]

    @classmethod
    def load(cls, path: str | Path = DEFAULT_DATASET) -> Dataset:
        """A JSONL dataset (`load_dataset`), named by its path."""
        return cls(display_path(Path(path)), tuple(load_dataset(path)))


def display_path(path: Path) -> str:
    """`path` relative to the project when it is inside it, else as given."""
    try:
        return path.resolve().relative_to(PROJECT_DIR).as_posix()
    except ValueError:
        return str(path)

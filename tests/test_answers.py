"""eval.answers: the answer step's output per question, and which questions two runs answer differently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.answers import answer_of, differences, main
from eval.candidates import Question
from rag.extractive import ExtractiveAnswerer
from rag.rank import shipped
from tests.fakes import MUSIC, PENN


def test_an_answer_records_the_refusal_the_quoted_places_and_the_short_answer() -> None:
    question = Question("q1", "宾夕法尼亚大学是哪一年创建的？", True, ("1740年",), (), "penn.md", (MUSIC, PENN))
    model = shipped()
    entry = answer_of(model, ExtractiveAnswerer(model=model), question, k=5)
    assert entry["question"] == "宾夕法尼亚大学是哪一年创建的？"
    assert entry["refused"] is False
    assert entry["short"] == "1740年"
    # Each quote as (document, start, end) in the document: here one, PENN's three sentences, and
    # PENN's chunk starts at 100 in its document.
    assert entry["quotes"] == [["penn", 100, 161]]
    assert entry["text"] == "1740年[1]\n\n" + PENN.chunk.text + "[1]"


def test_the_same_answers_differ_nowhere_and_a_changed_or_missing_one_is_named() -> None:
    before = {"a|1": {"text": "甲", "refused": False}, "a|2": {"text": "乙", "refused": False}}
    assert differences(before, dict(before)) == []
    after = {**before, "a|2": {"text": "乙", "refused": True}, "a|3": {"text": "丙", "refused": False}}
    assert differences(before, after) == ["a|2", "a|3"]


def test_diff_exits_1_and_shows_the_question_whose_answer_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = {"question": "宾夕法尼亚大学是哪一年创建的？", "refused": False, "text": "1740年[1]", "short": "1740年",
             "quotes": []}
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    before.write_text(json.dumps({"cmrc|1": entry}, ensure_ascii=False), encoding="utf-8")
    after.write_text(json.dumps({"cmrc|1": {**entry, "short": "1740"}}, ensure_ascii=False), encoding="utf-8")
    assert main(["--diff", str(before), str(before)]) == 0
    assert "0 of 1 answers differ" in capsys.readouterr().out
    assert main(["--diff", str(before), str(after)]) == 1
    out = capsys.readouterr().out
    assert "1 of 1 answers differ" in out and "cmrc|1: 宾夕法尼亚大学是哪一年创建的？" in out
    assert "- short '1740年'" in out and "+ short '1740'" in out


def test_a_file_that_is_no_answers_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit, match="cannot read it as answers"):
        main(["--diff", str(broken), str(broken)])

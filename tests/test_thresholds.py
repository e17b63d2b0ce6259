"""Whether a rule's threshold holds the quantity a question gives (`rag.thresholds`)."""

from __future__ import annotations

import math

import pytest

from rag.thresholds import Range, asked_quantity, clause_range, holds_asked

RULES = ["请假1天以内的，由科室负责人批准；", "请假1天以上3天以内的，由分管副部长批准；", "请假3天以上的，由部长批准。"]


@pytest.mark.parametrize(
    ("question", "quantity"),
    [("请假两天谁批准？", (2.0, "天")), ("请假5天需要谁批准？", (5.0, "天")), ("报销3万元由谁审批？", (3.0, "万元")),
     ("请假需要谁批准？", None), ("请假2天或5天各由谁批准？", None)],
)  # fmt: skip
def test_the_one_quantity_a_question_gives(question: str, quantity: tuple[float, str] | None) -> None:
    assert asked_quantity(question) == quantity


def test_the_range_a_clause_sets() -> None:
    # 以上, 以下 and 以内 include the number; 超过 and 不满 do not.
    assert clause_range(RULES[1], "天") == Range("天", 1.0, 3.0)
    assert clause_range(RULES[2], "天") == Range("天", 3.0, math.inf)
    assert clause_range("金额超过5万元不满10万元的，由处长审批", "万元") == Range("万元", 5.0, 10.0, False, False)
    assert clause_range("本办法适用于全体干部职工", "天") is None
    assert clause_range("全年累计15天", "天") is None  # a quantity that bounds nothing
    assert clause_range("請假1天以上3天以內的", "天") == Range("天", 1.0, 3.0)  # Traditional


@pytest.mark.parametrize(
    ("question", "held"),
    [
        ("请假两天谁批准？", [False, True, False]),
        ("请假5天需要谁批准？", [False, False, True]),
        ("请假1天谁批准？", [True, True, False]),  # both ranges include 1
        ("报销3万元由谁审批？", [None, None, None]),  # another unit
        ("请假3天以上由谁批准？", [False, False, True]),  # the range the question sets itself
        ("請假兩天誰批准？", [False, True, False]),  # in Traditional script
    ],
)
def test_which_rules_hold_the_quantity_asked(question: str, held: list[bool | None]) -> None:
    assert [holds_asked(question, rule) for rule in RULES] == held

"""Whether a rule's threshold holds the quantity a question gives.

Rules set what happens by how much: 请假1天以内的，由科室负责人批准；请假1天以上3天以内的，由分管副部长
批准；请假3天以上的，由部长批准. A question that gives a quantity (请假两天谁批准？, 请假5天需要谁批准？)
is answered by the clause whose range holds it (the sentence splitter cuts such rules at ；), where
the span model, which reads words and not ranges, took the first clause's 科室负责人 for both. As
Chinese law reads them (民法典 第一千二百五十九条), 以上, 以下 and 以内 include the number itself;
超过, 不满, 不足 and 低于 do not.

Written by hand: reading a range out of such a clause is this convention, which no library reads.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from rag.question import chinese_count
from rag.text import fold_t2s

_NUMBER = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})"
# A unit of the rules' kind: days, months, years, money, people, times (天, 个月, 万元, 人, 次).
_UNIT = r"(个?(?:工作日|天|日|周|星期|月|年|小时|万元|元|人|名|次|件|项))"
_QUANTITY = re.compile(_NUMBER + _UNIT)
_BOUND = re.compile(_NUMBER + _UNIT + r"(以上|以下|以内|及以上|及以下|之内|内)?")
_OPEN_BELOW = re.compile(r"(?:超过|多于|高于|大于)$")
_OPEN_ABOVE = re.compile(r"(?:不满|不足|少于|低于|小于|未满)$")


class Range(NamedTuple):
    """A quantity's range: from `low` to `high`, each end included or not, in one unit."""

    unit: str
    low: float
    high: float
    low_in: bool = True
    high_in: bool = True

    def holds(self, value: float) -> bool:
        above = value > self.low or (self.low_in and value == self.low)
        below = value < self.high or (self.high_in and value == self.high)
        return above and below


def _value(numeral: str) -> float:
    return float(numeral) if numeral[0].isdigit() else float(chinese_count(numeral) or "nan")


def _unit(unit: str) -> str:
    return unit.removeprefix("个")


def quantities_in(text: str) -> list[tuple[int, int, str]]:
    """Where `text` gives a quantity of a rule's kind (两天, 5天, 3万元), and its unit."""
    return [(m.start(), m.end(), _unit(m.group(2))) for m in _QUANTITY.finditer(fold_t2s(text))]


def asked_quantity(question: str) -> tuple[float, str] | None:
    """The one quantity a question gives (请假两天谁批准: 2, 天); None for none or several."""
    found = [(_value(m.group(1)), _unit(m.group(2))) for m in _QUANTITY.finditer(fold_t2s(question))]
    return found[0] if len(found) == 1 and not math.isnan(found[0][0]) else None


def clause_range(clause: str, unit: str) -> Range | None:
    """The range a rule's clause sets on quantities of `unit` (请假1天以上3天以内的: 1 to 3 days,
    both in); None when it sets none, or gives a quantity of the unit that bounds nothing."""
    clause = fold_t2s(clause)
    bounds = [m for m in _BOUND.finditer(clause) if _unit(m.group(2)) == unit]
    if not bounds:
        return None
    low, high, low_in, high_in = 0.0, math.inf, True, True
    for m in bounds:
        value, said = _value(m.group(1)), m.group(3) or ""
        if math.isnan(value):
            return None
        before = clause[: m.start()]
        if said in ("以上", "及以上") or _OPEN_BELOW.search(before):
            low, low_in = value, not _OPEN_BELOW.search(before)
        elif said in ("以下", "以内", "及以下", "之内", "内") or _OPEN_ABOVE.search(before):
            high, high_in = value, not _OPEN_ABOVE.search(before)
        else:
            return None  # a quantity the clause gives, not a bound it sets
    return Range(unit, low, high, low_in, high_in)


def holds_asked(question: str, sentence: str) -> bool | None:
    """Whether the range a rule's sentence sets holds the one quantity `question` gives (请假1天以上3天
    以内的，由分管副部长批准 holds 请假两天谁批准's 2天), or is the range the question sets itself
    (请假3天以上由谁批准: 请假3天以上的，由部长批准, not the clause ending at 3天); None when the
    question gives none, or the sentence sets no range on its unit."""
    asked = asked_quantity(question)
    if asked is None:
        return None
    value, unit = asked
    ranged = clause_range(sentence, unit)
    if ranged is None:
        return None
    if (own := clause_range(question, unit)) is not None:
        return ranged == own
    return ranged.holds(value)

"""The article, section or chapter of a document a question names by its number.

Regulations, measures and rules (办法, 规定, 条例) are numbered 第一章, 第一节, 第一条, and staff ask
for one by its number: 第四条是什么内容, 考勤管理办法第七条规定了什么, 第二章讲了什么. What is asked
is the whole of it, from the sentence that opens with its number to where the next one of its level
or above begins; the ranker, which scores sentences, quoted 第四条's first sentence alone, or the end
of 第六条 beside 第七条.

Written by hand: the numbering is the documents' own convention, which ingest/sections.py reads
for headings; no library reads it back out of a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.question import chinese_count
from rag.text import PART_NUMERAL, fold_t2s, normalize_for_match

# An article, section or chapter named by its number (第四条, 第二章, 第3条), in folded text.
_NUMBERED = re.compile(rf"{PART_NUMERAL}[条节章]")
_LEVELS = "条节章"  # innermost first
# How many characters a question may hold besides the number (and its document's title) and still
# ask for the whole of it: 是什么内容, 规定了什么, 的内容是什么, 怎么说, or nothing (第九条？).
_ASKING = 6
# How far into a sentence the number of the part it opens may reach (第一百二十三条).
_OPENING_REACH = 10
# The shortest run of a question's characters taken for a part of the document's title
# (考勤管理办法 of 海北州委组织部机关考勤管理办法).
_TITLE_RUN = 3


def article_asked(question: str, title: str) -> str | None:
    """The number (folded: 第四条) of the article, section or chapter `question` asks for the whole
    of, in a document titled `title`; None when it names none, or asks a thing of it (第四条规定请假3天
    以上由谁批准)."""
    asked = normalize_for_match(question)
    named = _NUMBERED.search(asked)
    if named is None:
        return None
    rest = _without_shared(asked.replace(named.group(), ""), normalize_for_match(title))
    return named.group() if len(rest) <= _ASKING else None


# Which article, section or chapter says something, asked (请假审批在第几条, 病假的规定是哪一条): its
# number is the answer.
_WHICH_ASKED = re.compile(r"第几([条节章])|哪一?([条节章])")


def is_part_number(text: str) -> bool:
    """Whether `text` is nothing but an article's, section's or chapter's number (第九条)."""
    return _NUMBERED.fullmatch(normalize_for_match(text)) is not None


def level_asked(question: str) -> str | None:
    """The level (条, 节 or 章) of the numbered part a question asks which of; None for any other."""
    asked = _WHICH_ASKED.search(fold_t2s(question))
    return (asked.group(1) or asked.group(2)) if asked is not None else None


def opening_number(text: str, level: str) -> tuple[int, int] | None:
    """Where the number of a part of `level` stands that `text`, a sentence, opens with (第四条 of
    第四条 干部职工请假…); None when it opens no such part."""
    found = numbers_in(text[:_OPENING_REACH])
    lead = len(text) - len(text.lstrip())
    return found[0][:2] if found and found[0][0] == lead and found[0][2] == level else None


def numbers_in(text: str) -> list[tuple[int, int, str]]:
    """Where `text` names an article, section or chapter by its number, and which of them (条, 节, 章)."""
    return [(m.start(), m.end(), m.group()[-1]) for m in _NUMBERED.finditer(fold_t2s(text))]


def opens(number: str, folded: str) -> bool:
    """Whether a folded sentence opens the article `number` names (第四条 干部职工请假…, and 第4条…
    for 第四条; not 第四十条)."""
    found = _NUMBERED.match(folded)
    return found is not None and _same(found.group(), number)


def _same(a: str, b: str) -> bool:
    """Whether two numbers (第四条, 第4条) name the same article, section or chapter."""
    if a[-1] != b[-1]:
        return False
    return a == b or 0 < numeral_value(a[1:-1]) == numeral_value(b[1:-1])


def numeral_value(numeral: str) -> int:
    """4 of 4 or 四, 14 of 十四 (up to 99 in Chinese numerals); 0 for any other."""
    return int(numeral) if numeral.isdigit() else chinese_count(numeral)


def ends(number: str, folded: str, heading: bool) -> bool:
    """Whether a folded sentence after the opening of `number` begins what follows it: the next one
    of its level or above (an article ends at the next article, section or chapter, a chapter at the
    next chapter), or a `heading` that is none of its parts (附件, a closing signature line)."""
    if (found := _NUMBERED.match(folded)) is not None:
        return _LEVELS.index(found.group()[-1]) >= _LEVELS.index(number[-1])
    return heading


def _without_shared(text: str, other: str) -> str:
    """`text` without its runs of `_TITLE_RUN` characters or more that `other` holds."""
    kept, i = [], 0
    while i < len(text):
        j = i + _TITLE_RUN
        if j <= len(text) and text[i:j] in other:
            while j < len(text) and text[i : j + 1] in other:
                j += 1
            i = j
        else:
            kept.append(text[i])
            i += 1
    return "".join(kept)


def an_article_answers(question: str, passages: Iterable[tuple[str, str]]) -> bool:
    """Whether one of `passages` (a document's title, a passage's text) has a line opening the
    article, section or chapter `question` asks for the whole of: then it answers, though the gate,
    a model of questions asking a thing, doubts it (第三章规定了什么 was refused)."""
    for title, text in passages:
        number = article_asked(question, title)
        if number is not None and any(opens(number, normalize_for_match(line)) for line in text.split("\n")):
            return True
    return False

"""Parallel items inside one sentence: 坚持目标导向、问题导向、结果导向相统一.

Office prose gives what a list question asks for as a run of items separated by 、 that
share an ending (目标导向、问题导向、结果导向; 《…考核督查办法》、《…考核问责办法》), or that the
clause sums up with their count (A、B、C三件大事). A question that asks which ones and names
that ending or sum (哪三个导向, 三个导向是什么, 哪两个考核办法, 哪三件大事) is answered with the
run, from its first item to its last, as a short answer inside the sentence.

Written by hand: no library installed here parses Chinese enumerations. jieba's tokens say
where the first item starts (the clause before it runs into it: 坚持目标导向) and what the
question names; the items between two 、 are whole, and the last one ends at the shared ending.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from rag.question import LIST_REQUEST, chinese_count
from rag.tags import TAGS, fold_sentence, tag_tokens

# Which ones, and how many: 哪三个, 哪两, 哪些, 哪几个.
_WHICH = re.compile(r"哪(?:([两二三四五六七八九十])[个种样项条点类件大位门座]?|些|几[个种样项条点类件大位门座]?)")
# Or how many, with what is asked after the items' name (三个导向是什么, 两个办法分别是什么): the
# name must be followed by nothing but the asking (三个导向的关系是什么 asks something else).
_COUNTED = re.compile(r"([两二三四五六七八九十])[个种样项条点类件大位门座]")
_ASKS_WHAT = re.compile(r"(?:分别|各|都)?(?:是|指|为|有|包括|包含)(?:的是)?(?:什么|哪些|哪几[个种样项条点类件]?|啥)[？?]?$")
_CLAUSE = re.compile(r"[^，,。；;：:！!？?]+")
# A bracket an item may be written in (《…办法》): the first item then starts at its opening.
_OPENING = {"》": "《", "」": "「", "”": "“", "）": "（", ")": "("}
# Tokens that end the text before a first item rather than belong to it: verbs, prepositions,
# conjunctions, adverbs, particles (jieba's tag letters; a verbal noun, vn, is a noun here:
# 领导班子思想政治建设).
_BEFORE_ITEM = frozenset(i for i, t in enumerate(TAGS) if t == "v" or t[:1] in {"p", "c", "d", "u"})
_LONGEST_ENDING = 8
# What joins the last item to the ones before it (城市间交通费、住宿费、伙食补助费和市内交通费).
_AND = re.compile(r"以及|或者|和|及|与|或")
_OPENED = frozenset(_OPENING.values())


class Asked(NamedTuple):
    """What a which-ones question names after its question word (哪三个导向: 导向, folded) and
    how many it asks for (3; None for 哪些)."""

    ending: str
    count: int | None


def asked_items(question: str) -> Asked | None:
    """The items a which-ones question asks for; None for other questions."""
    folded = fold_sentence(question).strip()
    if (which := _WHICH.search(folded)) is not None:
        after = [word for _, _, word, _ in tag_tokens(folded[which.end() :]) if word.strip()]
        if after and after[0][0].isalnum():
            return Asked(after[0], chinese_count(which.group(1)) if which.group(1) else None)
        return None
    for counted in _COUNTED.finditer(folded):
        after = [(end, word) for _, end, word, _ in tag_tokens(folded[counted.end() :]) if word.strip()]
        if after and after[0][1][0].isalnum() and (
            _ASKS_WHAT.match(folded, counted.end() + after[0][0])
            # or a request to list them that ends with their name (列出乌审旗的三个导向)
            or (LIST_REQUEST.match(folded) and not folded[counted.end() + after[0][0] :].strip("？?。. "))
        ):
            return Asked(after[0][1], chinese_count(counted.group(1)))
    return None


def counted_name(name: str) -> Asked | None:
    """A quoted name that is a count and the noun its items share (“三个导向”: 导向, 3), which a
    run of such items unpacks (坚持目标导向、问题导向、结果导向); None for a coined name
    (“三区两地”, “五个更加注重” are named, not counted, by their words)."""
    counted = _COUNTED.match(name)
    if counted is None:
        return None
    after = [word for _, _, word, _ in tag_tokens(name[counted.end() :]) if word.strip()]
    return Asked(after[0], chinese_count(counted.group(1))) if len(after) == 1 and after[0][0].isalnum() else None


def item_run(asked: Asked, sentence: str) -> tuple[int, int] | None:
    """Where in `sentence` the run of items `asked` stands: (start, end), or None when no
    、-run there shares the ending the question names (with as many items as it asks)."""
    found = None
    for clause in _CLAUSE.finditer(fold_sentence(sentence)):
        run = _run(clause.group(), *asked)
        if run is not None and clause.group()[run[1] - 1] in _OPENED:
            continue  # 坚持“两个确立”、坚决做到“两个维护”: a run cut inside a quote is no items
        if run is not None and (found is None or run[1] - run[0] > found[1] - found[0]):
            found = (clause.start() + run[0], clause.start() + run[1])
    return found


def _run(clause: str, named: str, count: int | None) -> tuple[int, int] | None:
    """The run of items in one (folded) clause whose shared ending `named` ends or is ended by,
    or that the clause sums up with their count and `named` (A、B、C三件大事); its last item
    may be joined by 和, 及, 与 or 或 (目标导向、问题导向和结果导向)."""
    parts = clause.split("、")
    if len(parts) < 2:
        return None
    first, middle, last = parts[0], parts[1:-1], parts[-1]
    if (summed := _summed(last, named, len(parts))) is not None:
        return _spanned(parts, summed) if count in (None, len(parts)) else None
    if (summed := _summed(last, named, len(parts) + 1)) is not None and _AND.search(last, 1, summed):
        return _spanned(parts, summed) if count in (None, len(parts) + 1) else None
    ending = _shared_ending(first, middle, last)
    bare = ending.rstrip("".join(_OPENING))  # 办法 of 《…办法》
    if not bare or not (bare.endswith(named) or named.endswith(bare)):
        return None
    cut = last.find(ending, 1)
    if cut < 0:
        return None
    end = cut + len(ending)
    if (joined := re.match(rf"(?:{_AND.pattern})[^、]*?{re.escape(ending)}", last[end:])) is not None:
        end += joined.end()  # and the item the conjunction joins, to the same ending
    if count is not None and len(parts) + (joined is not None) != count:
        return None
    run = _spanned(parts, end)
    return run if run is not None and first[run[0] :].endswith(ending) else None


def _summed(last: str, named: str, count: int) -> int | None:
    """Where the last item ends when the clause sums the `count` items up after it with their count
    and the name the question gives them (机关干部联系群众服务基层三件大事: 三件大事), else None."""
    for match in re.finditer(rf"([两二三四五六七八九十]+)[个种样项条点类件位门座家]?{re.escape(named)}", last):
        if match.start() > 0 and chinese_count(match.group(1)) == count:
            return match.start()
    return None


def _spanned(parts: list[str], last_end: int) -> tuple[int, int] | None:
    """The run from where the first item starts in the first part to `last_end` in the last one."""
    first, middle = parts[0], parts[1:-1]
    # The item after the first: the middle one, or the last part up to the item 和 joins to it.
    joined = _AND.search(parts[-1], 1, last_end)
    second = middle[0] if middle else parts[-1][: joined.start() if joined else last_end]
    start = _first_item_start(first, len(second), parallel=second)
    if start >= len(first):
        return None
    offsets = [0]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + len(part) + 1)
    return start, offsets[-1] + last_end


def _shared_ending(first: str, middle: list[str], last: str) -> str:
    """The ending the whole items share: of the first part and the middle ones; with two items,
    the longest ending of the first that the second holds past its start."""
    if middle:
        return os.path.commonprefix([part[::-1] for part in (first, *middle)])[::-1]
    for n in range(min(len(first), _LONGEST_ENDING), 0, -1):
        if last.find(first[-n:], 1) > 0:
            return first[-n:]
    return ""


def _first_item_start(first: str, size: int, parallel: str = "") -> int:
    """Where the first item starts in the part before the first 、: at its bracket's opening,
    else as many of the part's last tokens as make an item as long as the next one, stopping
    before a verb, preposition or particle (坚持目标导向 -> 目标导向); a 的 the next item (`parallel`)
    holds too is the first one's own (干部群众反映强烈的问题、组织工作面临的难点问题: not 问题)."""
    if first and (opening := _OPENING.get(first[-1])) and (at := first.rfind(opening)) >= 0:
        return at
    start = len(first)
    tokens = tag_tokens(first)
    for k in range(len(tokens) - 1, -1, -1):
        token_start, _, word, tag = tokens[k]
        own_de = word == "的" and "的" in parallel and k > 0 and tokens[k - 1][3] not in _BEFORE_ITEM
        if len(first) - start >= size or (tag in _BEFORE_ITEM and not own_de):
            break
        start = token_start
    return start

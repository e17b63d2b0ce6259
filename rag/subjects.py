"""Questions that ask one thing of two or more subjects: 海北州和西宁市的组织部长分别是谁？

Each subject is often in a document of its own, and one search for both finds one of them
(the question above was answered with Xining's note alone). Such a question is split into
one question per subject (海北州的组织部长是谁, 西宁市的组织部长是谁), each searched and
answered as if asked alone, and the answers are given one after the other.

A question is split only when it says the thing is asked of each (分别, 各自, 各有) and names
its subjects side by side before that (A和B, A与B, A、B和C) as nouns, names or words jieba
does not know; 海北和乌审旗的文章都要求… (都: one answer for both) and 开始和结束的时间分别是
(verbs) are not.
"""

from __future__ import annotations

import re

from rag.articles import numbers_in
from rag.tags import OOV_TAG, OTHER_TAG, TAGS, fold_sentence, tag_tokens

# "To each": left out of each part's question (各有 -> 有, 各是 -> 是); not the noun 分别
# (difference: 印度野驴与非洲野驴的分别是什么).
_EACH = re.compile(r"(?<![的些])分[别別]|各自|各(?=[有是为為在])")
# What joins two subjects of one question (海北和乌审旗), and a place to another in `rag.extractive`.
JOINS = frozenset({"和", "与", "與", "及", "以及", "、", "跟", "同"})
# What a subject is made of: nouns and proper nouns (n, nr, ns, nt, nz), abbreviations (j),
# words of jieba's dictionary under other tags (海北) and words it does not know (张学天).
_SUBJECT_TAGS = frozenset(i for i, t in enumerate(TAGS) if t.startswith("n") or t == "j") | {OTHER_TAG, OOV_TAG}


def split_subjects(question: str) -> list[str]:
    """One question per subject `question` asks the same thing of, in its order and script
    (海北州和西宁市的组织部长分别是谁 -> 海北州的组织部长是谁, 西宁市的组织部长是谁);
    [question] when it asks of one."""
    each = _EACH.search(question)
    if each is None:
        return [question]
    subjects = _side_by_side(_phrases(question), question, before=each.start())
    if subjects is None:
        return [question]
    head = question[: subjects[0][0]]
    tail = question[subjects[-1][1] : each.start()] + question[each.end() :]
    return [head + question[start:end] + tail for start, end in subjects]


def _phrases(question: str) -> list[tuple[int, int, bool]]:
    """The question's tokens with adjacent subject words merged (海北 州 -> 海北州): (start, end,
    whether a subject). A regulation's article, section or chapter named by its number (第三条, 第3条,
    which jieba cuts as a numeral or in three) is one subject."""
    numbered = numbers_in(question)
    merged: list[tuple[int, int, bool]] = []
    for start, end, word, tag in tag_tokens(fold_sentence(question)):
        if not word.strip():
            continue
        if (span := next(((a, b) for a, b, _ in numbered if a <= start < b), None)) is not None:
            if not (merged and merged[-1][:2] == span):
                merged.append((*span, True))
            continue
        # Not a number (“321引才工程”中的3、2、1分别指什么 asks for the parts of a name).
        subject = tag in _SUBJECT_TAGS and word not in JOINS and any(ch.isalpha() for ch in word)
        if subject and merged and merged[-1][2] and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end, True)
        else:
            merged.append((start, end, subject))
    return merged


def _side_by_side(phrases: list[tuple[int, int, bool]], question: str, before: int) -> list[tuple[int, int]] | None:
    """The spans of the last run of two or more subjects joined by 和, 与, 、… that ends before
    offset `before`; None when there is none."""
    def joins(j: int) -> bool:
        return j < len(phrases) and question[phrases[j][0] : phrases[j][1]] in JOINS

    found = None
    i = 0
    while i < len(phrases):
        run = [phrases[i]] if phrases[i][2] else []
        j = i + 1
        while run and joins(j) and j + 1 < len(phrases) and phrases[j + 1][2]:
            run.append(phrases[j + 1])
            j += 2
        # Not when the list goes on past the subjects (A、B以及几个C).
        if len(run) >= 2 and run[-1][1] <= before and not joins(j):
            found = [(start, end) for start, end, _ in run]
        i = j if len(run) >= 2 else i + 1
    return found

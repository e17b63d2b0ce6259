"""What a document says about its author, and questions that ask about them.

Office documents say who wrote them, and what post the author holds, in two conventional
places: the byline (中共海北州委常委、组织部部长 司吉昇) and the press's note about the author
((作者系西宁市委常委、组织部长)). The name is read from the byline at ingest (`DocumentInfo.author`);
a question that names the author and asks who they are or what post they hold (张学天担任什么
职务？), or which document they wrote (苏新发写了哪篇文章？), is answered by what those lines and
the library's record say, even when it shares no word with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rag.question import INTERROGATIVE, QuestionInfo, asks_gist, asks_which_text, fold_question
from rag.tags import OOV_TAG, OTHER_TAG, TAG_INDEX, fold_sentence, tag, tag_tokens
from rag.text import ADMIN_UNITS, normalize_for_match, sentence_spans
from rag.types import DocumentInfo, Hit

# The press's note about an author: (作者系…), 作者现任…, 作者单位：….
AUTHOR_NOTE = re.compile(r"^[(（【\[]?\s*作者(?:系|为|為|是|现任|現任|现为|現為|单位|單位)[:：]?")
# How much a byline holds beside the name: 中共海北州委常委、组织部部长 (15 characters) and
# spacing; and no clause in it (a sentence that says something about its author has one).
# Names read from bylines at ingest are 2 to 12 characters.
_BYLINE_EXTRA = 24
_LONGEST_NAME = 12
_CLAUSE = re.compile(r"[，,。；;！？!?]")
# The marks a byline's name may follow (■文/张学天 holds no post), and the shortest post.
_BYLINE_MARKS = re.compile(r"^[\s■●◆▲□★☆|｜]*(?:文|作者|撰文|撰稿|记者|記者)?\s*[/／:：|｜]?\s*")
_SHORTEST_POST = 4
# A question's clauses (one asks something when it holds an interrogative).
_CLAUSES = re.compile(r"[，,；;。.！!？?]")
# How Chinese asks for someone's post or who they are (the lexicon, not any one corpus's words),
# matched on the folded (Simplified) question.
# Where someone works is asked of the same line (是哪里的, 是哪个州的, 在哪里工作, 哪个单位; not
# 是哪里人, the hometown, which a post does not give).
_ASKS_POST = re.compile(
    r"职务|职位|官职|职衔|头衔|身份|任职|担任(?:什么|何|哪)|是做什么|做什么工作|是谁|是何人|何许人"
    rf"|是哪(?:里|儿|个?(?:[{ADMIN_UNITS}]|地方))的"
    r"|在哪(?:里|儿|个单位|个部门)?(?:工作|任职|上班)|(?:哪个|什么|哪一)(?:单位|部门|机关)"
)


class Description(NamedTuple):
    """The author's post as a line of a chunk says it: `text[start:end]`, in the sentence `line_start:line_end`."""

    start: int
    end: int
    line_start: int
    line_end: int


def asks_about(question: str, author: str | None) -> bool:
    """Whether a clause of `question` names `author` and asks who they are or what post they
    hold: 张学天担任什么职务？, not 司吉昇担任组织部部长职务，他是哪里的？ (a follow-up carried over)."""
    name = normalize_for_match(author or "")
    if len(name) < 2:
        return False
    return any(name in normalize_for_match(clause) for clause in _asking_clauses(question))


def undescribed(question: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None]) -> str | None:
    """Why no answer says the post of an author `question` asks about, where the library records
    them as the author of a document of `hits` (苏新发担任什么职务: 文档只记录了蘇新發是《為貫徹落實好
    今年組織部長會議精神》的作者，没有写明其职务。); None when it asks of no recorded author. Read when
    no line of `hits` gives the post (`described_in` found none)."""
    if not _asking_clauses(question):
        return None  # most questions the gate refuses: no record is read
    for doc_id in dict.fromkeys(hit.chunk.doc_id for hit in hits):
        record = document(doc_id)
        if record is not None and record.author and asks_about(question, record.author):
            return f"文档只记录了{record.author}是《{record.title}》的作者，没有写明其职务。"
    return None


def _asking_clauses(question: str) -> list[str]:
    """The clauses of the folded `question` that ask who someone is or what post they hold."""
    return [c for c in _CLAUSES.split(fold_question(question)) if _ASKS_POST.search(c) and INTERROGATIVE.search(c)]


def written_by(
    question: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None]
) -> int | None:
    """The first of `hits` whose document's author `question` names while asking which document
    they wrote (苏新发写了哪篇文章, 哪篇文章是司吉昇写的) or what it says as a whole (张学天的文章的主要
    内容是什么): its index; None for any other question. The answer is that document's title, though
    its byline shares no other word with the question, then what it says."""
    if not (asks_which_text(question) or asks_gist(question)):
        return None  # most questions: no record is read
    folded = normalize_for_match(question)
    for i, hit in enumerate(hits):
        record = document(hit.chunk.doc_id)
        name = normalize_for_match(record.author or "") if record else ""
        if len(name) >= 2 and name in folded:
            return i
    return None


def gives_post_asked(info: QuestionInfo, line: str) -> bool:
    """Whether `line` holds every character of the question's terms: a byline that gives the post a
    who-question asks about (海北州, 组织部长 in 中共海北州委常委、组织部部长 司吉昇)."""
    asked = set(normalize_for_match("".join(info.terms))) - set(info.cue)  # not 名字 of 叫什么名字
    return bool(asked) and asked <= set(normalize_for_match(line))


_PLACE = TAG_INDEX["ns"]
_UNITS = frozenset(ADMIN_UNITS)


def names_another_place(info: QuestionInfo, line: str) -> bool:
    """Whether the question names a place that `line` does not hold: 北京的组织部长是谁 asked of a
    note about an author who is 西寧市委常委、組織部長 asks about someone the library does not name.
    A place is a word jieba's dictionary tags ns (北京), one the question gives with its unit (海北 of
    海北州), or one that ends in a unit itself (乌审旗, which jieba tags a person)."""
    held = normalize_for_match(line)
    return any(term not in held for term in places_named(info))


# What a post is called by, as jieba's dictionary tags it: a noun (市委书记, 组织部长) or a word its
# tag table lumps or it lacks (副 of 组织部副部长); not a verb (担任) or a place.
_POST_KINDS = frozenset({TAG_INDEX["n"], OTHER_TAG, OOV_TAG})


def _post_terms(info: QuestionInfo) -> list[str]:
    """The question's terms that name the post it asks about: each, not a place nor its cue (名字 of
    叫什么名字), that the dictionary tags a noun or does not know (副)."""
    places = set(places_named(info))
    return [term for term in info.terms if term not in places and term not in info.cue and tag(term) in _POST_KINDS]


def asks_of_post_at(info: QuestionInfo, line: str) -> bool:
    """Whether `line` names every place the question names (one at least) and a word of the post it asks
    about, whether or not it gives that post: 中共海北州委常委、组织部部长 司吉昇 for 海北州组织部副部长是谁
    (海北, 组织部) is the byline the question asks of, and it names no 副部长."""
    held = normalize_for_match(line)
    places = places_named(info)
    return bool(places) and all(place in held for place in places) and any(
        set(term) <= set(held) for term in _post_terms(info) if term not in _UNITS)  # not 州 of 海北州


def names_another_post(info: QuestionInfo, line: str) -> bool:
    """Whether the question asks who holds a post that `line` does not give: 西宁市委书记是谁 asked
    of a note about an author who is 西寧市委常委、組織部長, or 海北州组织部副部长是谁 of a byline
    that gives 组织部部长. The post is each term, not a place nor the question's cue (名字 of
    叫什么名字), that the dictionary tags a noun or does not know (副); the line gives it when it
    holds its characters (组织部长 in 组织部部长), as `gives_post_asked` reads a byline."""
    held = set(normalize_for_match(line))
    return any(not set(term) <= held for term in _post_terms(info))


def places_named(info: QuestionInfo) -> list[str]:
    """The question's terms that name a place (see `names_another_place`)."""
    out = []
    for term in info.terms:
        at = info.folded.find(term)
        unit_after = at >= 0 and info.folded[at + len(term) : at + len(term) + 1] in _UNITS
        if is_place_word(term, tag(term), unit_after):
            out.append(term)
    return out


def is_place_word(word: str, kind: int, unit_after: bool) -> bool:
    """Whether a word of tag index `kind` names a place: jieba's dictionary tags it ns (北京), a unit
    follows it (海北 of 海北州), or it ends in a unit itself (乌审旗, which jieba tags a person)."""
    return kind == _PLACE or (len(word) >= 2 and unit_after) or (len(word) >= 3 and word[-1] in _UNITS)


# What a place's name is tagged, by jieba's dictionary: a place (西宁), a locality word (海北), a
# person (乌审旗, whose 旗 the dictionary reads as a name), or a word it does not know.
_PLACE_KINDS = frozenset({_PLACE, TAG_INDEX["nr"], OTHER_TAG, OOV_TAG})


def places_with_unit(text: str, unit: str) -> set[str]:
    """The places of administrative unit `unit` (市, 旗; t2s-folded) that `text` names, as it writes
    them: 西寧市, 乌审旗, 海北州 (海北, then 州 or 州委); not 全市 or 本县, which say where the text stands."""
    folded = fold_sentence(text)
    tokens = tag_tokens(folded)
    out: set[str] = set()
    for (start, end, word, kind), after in zip(tokens, [*tokens[1:], None]):
        if kind not in _PLACE_KINDS or word[0] in _DEICTIC:
            continue
        if len(word) >= 3 and word.endswith(unit):
            out.add(text[start:end])
        elif len(word) >= 2 and after is not None and after[2] in (unit, unit + "委", unit + "长"):
            out.add(text[start : after[0] + 1])  # 海北州 of 海北|州委 (the place's party committee)
    return out


def is_place_name(word: str) -> bool:
    """Whether a place word of a question (`places_named`) is tagged as a name can be: not 称呼 or 机构,
    which a unit after them (称呼州的…, 机构旗下) makes place words."""
    return tag(word) in _PLACE_KINDS


# What says a place is where the text stands (全市, 本县, 我旗, 该省), not which.
_DEICTIC = frozenset("全本我该各")


def could_be_byline(line: str) -> bool:
    """Whether a stripped line is short enough, and clause-free, to be some author's byline."""
    return len(line) <= _LONGEST_NAME + _BYLINE_EXTRA and _CLAUSE.search(line) is None


def is_byline(line: str, author: str | None) -> bool:
    """Whether a stripped line is `author`'s byline: their name and at most a post beside it."""
    return bool(author) and could_be_byline(line) and author in line and len(line) <= len(author) + _BYLINE_EXTRA


def describe(text: str, author: str, opening: bool) -> Description | None:
    """Where `text` (a chunk's) gives its document's author's post: a note about the author,
    or, in the document's `opening` chunk, a byline that holds a post beside the name."""
    for start, end in sentence_spans(text):
        line = text[start:end]
        stripped = line.strip()
        lead = start + (len(line) - len(line.lstrip()))
        if (note := AUTHOR_NOTE.match(stripped)) is not None:
            post = stripped[note.end() :].rstrip("）)】]。. ")
            if len(post) >= _SHORTEST_POST:
                return Description(lead + note.end(), lead + note.end() + len(post), start, end)
        elif opening and is_byline(stripped, author):
            before, _, after = stripped.partition(author)
            post = before[_BYLINE_MARKS.match(before).end() :].strip() if before.strip() else after.strip()
            if len(post) >= _SHORTEST_POST:
                at = lead + stripped.index(post)
                return Description(at, at + len(post), start, end)
    return None


def described_in(
    question: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None]
) -> tuple[int, Description] | None:
    """The first of `hits` whose document's author `question` asks about and that gives their
    post (`document` reads the library's record of a document): its index and where it says it.
    Of two authors named, the one named last is asked about (a follow-up carries the previous
    question before its own: 司吉昇担任…职务，张学天是谁？)."""
    if not _asking_clauses(question):
        return None  # most questions: no record is read
    found: list[tuple[int, int, Description]] = []
    folded = normalize_for_match(question)
    for i, hit in enumerate(hits):
        record = document(hit.chunk.doc_id)
        author = record.author if record else None
        if author and asks_about(question, author):
            if (where := describe(hit.chunk.text, author, opening=hit.chunk.index == 0)) is not None:
                found.append((folded.rfind(normalize_for_match(author)), -i, where))
    if not found:
        return None
    _, i, where = max(found, key=lambda f: f[:2])
    return -i, where

"""Follow-up questions resolved against the chat history before retrieval.

"他是哪里的？" or "那第二条具体怎么做？" retrieve nothing useful alone. With an LLM the
question is condensed into a standalone one; without one, a follow-up (a pronoun, an
ordinal reference, or a very short question) carries over what the previous turn was
about: an ordinal is replaced by the item it points at, 他 after a name that answered the
previous question by that name (張學天写了哪篇文章？, standing alone), anything else is prefixed
with the previous question (answered, when the follow-up asks its own: 海北依托真金白银吸引人才，
具体怎么做？; a when, where or how much without its question and value: 消防培训，在哪里？), and, where
the previous answer was sentences, not a span, the retrieval query also gets the passage it quoted
first, so that retrieval lands where the conversation was. A
follow-up that only names another subject (那海北呢？) is the previous question asked of it (its
topic, where the previous question names none: 西宁呢？ after 组织工作要坚持什么导向; or of another
thing of the kind it asks about: 总师制度呢？ after 什么是政府雇员制度; one that names a field of another
kind, that field's question of the topic: 地点呢？ after 消防培训什么时候 -> 消防培训，地点在哪里？; 下一条呢？
the previous question of the next article), one
that asks for more (还有呢？) the previous question again, for what its answers have not quoted
(`beyond`), and 他 after a turn about something else
the person an earlier turn named (司吉昇在文章里提到了哪些导向？).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from rag.articles import numbers_in, numeral_value
from rag.authors import is_place_word
from rag.cells import WHICH_BEFORE, Cell, cells, label_named_at, label_of_kind, names_whole
from rag.features import Candidate
from rag.lists import numbered_alike
from rag.llm import ChatModel
from rag.published import A_TEXT
from rag.question import (
    DIAL_NAMED, DIAL_WORD, DIALED, EACH_PERIOD, HOW_LONG, INTERROGATIVE, WHAT_IS, Expect, analyse,
    asks_which_text, ends_on_role, fold_question, names_a_period, which_text_asked, yes_no_asked,
)
from rag.rank import Ranked
from rag.sentences import as_sentence
from rag.span import COUNT_BOUNDS
from rag.tags import (
    OOV_TAG, OTHER_TAG, PUNCT_TAG, TAGS, absorbs, fold_sentence, in_dictionary, is_locality, is_verb_object,
    tag_tokens, words_of,
)
from rag.text import (
    ADMIN_UNITS, TRADITIONAL, fold_cleaned, in_script, normalize_for_match, script_of, sentence_spans,
    strip_markers,
)
from rag.thresholds import quantities_in
from rag.types import Answer, Citation, Hit, Turn


class Resolved(NamedTuple):
    """A question made standalone: `question` is shown and answered, `query` is what is retrieved;
    `quoted`, what the previous answer quoted when the follow-up asks for more of it (还有呢？),
    which the answer then does not quote again; `carried`, the follow-up itself when it was asked
    behind the previous question's topic, whose own words the passages must say (`unsaid`)."""

    question: str
    query: str
    quoted: tuple[Citation, ...] = ()
    carried: str = ""  # the follow-up as typed, when it was asked behind the previous question's topic


class Rewriter(Protocol):
    def rewrite(self, question: str, history: Sequence[Turn]) -> Resolved: ...


_ORDINAL = re.compile(r"第([一二三四五六七八九十]|\d{1,2})(?:条|点|个|项|方面|句|篇|份)")
# Third-person pronouns and demonstratives that lean on an earlier turn; 其他/其中/尤其 and
# 这样/这里 are ordinary words, not references.
_REFERENCE = re.compile(
    r"(?<!其)[他她它](?!人)|[这那](?:个|些|位|篇|条|点|项|种|一|里说|样做)|上述|前者|后者|前面|刚才|"
    r"^(?:那|那么|那它|此|该|其)(?![他中次实余])|(?<![其极尤与])其(?![他中次实余])|该(?:文|人|作者|方面|措施)"
)
# A question that opens with its copula says nothing of what it asks about: the previous turn's
# subject is its subject (是哪个地方实行的？ after 什么是政府雇员制度？ was asked alone, and refused).
# Not 是否 (是否要坚持目标导向？ asks of the library), nor 是 alone (是吗？: short, a follow-up anyway). Nor
# does one that opens by asking by whom (由哪个科室负责？ after 第二阶段培训什么内容, refused alone).
_NO_SUBJECT = re.compile(r"^(?:那么?|而)?\s*(?:是(?!否|[\W\d_]{0,2}$)|由(?=谁|哪))")
_SHORT = 6  # a question with at most this many characters (punctuation aside) is a follow-up
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_LEAD = re.compile(r"^(?:那么|那(?![一二三四五六七八九十两个些位篇条种样年天时里边])|而|还有|再)\s*")  # not 那一年
# A pronoun for one person (not 他们, 他人, 其他), which a name answered before stands for.
_PERSONAL = re.compile(r"(?<!其)[他她](?![们們人])")


def is_follow_up(question: str) -> bool:
    """Whether `question` refers to an earlier turn: a pronoun, an ordinal, or too short to stand
    alone, unless it asks its own question of a name (张学天是谁？ stands alone; 西宁呢？ does not)."""
    if _ORDINAL.search(question) or _REFERENCE.search(question) or _NO_SUBJECT.match(question):
        return True
    if _AUTHOR_ASKED.match(question):
        return True  # 文章的作者是谁？: of the text quoted last
    if _ANOTHER.match(question) and not analyse(question).cue:
        return True  # 社区办公经费呢？: what it names, asked as before, however long its name
    if _names_nothing(question):
        return True  # 什么时候前完成？: a question word and acts, of the thing just asked about
    return len(normalize_for_match(question)) <= _SHORT and not _asks_of_a_name(question)


def _names_nothing(question: str) -> bool:
    """Whether `question` asks with a question word of one act or two alone, naming no thing, person or
    place outside its question word (什么时候前完成, 什么时候开始报名, 为什么要这样做: not 需要交什么材料)."""
    info = analyse(question)
    if not info.cue or len(fold_question(question)) != len(question):
        return False
    rest = [kind for _, _, word, kind in tag_tokens(fold_sentence(
        question[: info.cue_start] + "，" + question[info.cue_start + len(info.cue) :])) if word.strip()]
    # One act, or two (开始报名): jieba tags some nouns as verbs (收入 of 处置收入怎么处理, which names a thing).
    return not any(kind in _NOUNISH or kind == _FOREIGN for kind in rest) and rest.count(_VERB) <= 2


# 文章 or 文中 said of no text in particular (not 哪篇文章, 这篇文章, 《…》一文).
_THE_TEXT = re.compile(r"(?<![篇份《》])(?:文章|文中)")


# A question about a work named by its title first (《…》的作者是谁), and what stands for that work
# in a follow-up: 它 (not 它们), or the text the follow-up is asked of.
_WORK_ASKED = re.compile(r"^《[^《》]{1,60}》")
_THE_WORK = re.compile(r"这篇文章|这篇文档|这份文件|该文|它(?![们們])")


# Who wrote it, asked of no text (作者是谁？, 是谁写的？): of the one the previous answer quoted.
_AUTHOR_ASKED = re.compile(r"^(?:那么?|而)?\s*(?P<text>(?:文章|文档|文件)的?)?(?:(?P<of>作者)|(?:是)?谁写的)")


def _of_the_text(question: str) -> str:
    """A follow-up that asks who wrote it without saying what (作者是谁？) asked of 这篇文章, the text
    the previous answer quoted (这篇文章的作者是谁？): asked bare, the carried question's words decided
    which document, and no span named the author. Any other question as it is."""
    asked = _AUTHOR_ASKED.match(question)
    if asked is None or "《" in question:
        return question
    lead = _LEAD.sub("", question)
    if asked.group("text"):
        return f"这篇{lead}"  # 文章的作者是谁, of no text in particular: the one quoted
    if A_TEXT.search(fold_question(question)):
        return question
    return f"这篇文章的{lead}" if asked.group("of") else f"这篇文章{lead}"


def _of_the_text_named(question: str, previous: Turn) -> bool:
    """Whether `question` says 文章 of the document the previous turn named as its answer (司吉昇写了
    什么 -> 以实干实绩实效推动组织工作高质量发展; 文章提出了什么要求 asks of that one)."""
    return (_THE_TEXT.search(question) is not None and not asks_which_text(question)
            and asks_which_text(previous.rewritten_question) and previous.answer.short_answer is not None)


# Proper nouns by jieba's dictionary tags, and words it does not know (new names, mostly).
_NAMES = frozenset(TAGS.index(t) for t in ("nr", "ns", "nt", "nz")) | {OOV_TAG}


def _asks_of_a_name(question: str) -> bool:
    """Whether `question` has a question word of its own and names a person, place or thing."""
    if not analyse(question).cue:
        return False
    # A word the HMM made of a verb and the preposition after it (报给谁: 报给) names nothing.
    return any(token[3] in _NAMES and len(token[2]) >= 2 and not absorbs(token, -1)
               for token in tag_tokens(fold_sentence(question)))


def _ordinal(token: str) -> int:
    return int(token) if token.isdigit() else _NUMERALS[token]


def _plain(text: str) -> str:
    """An answer's text without citation markers or list numbering."""
    return re.sub(r"^\d+\.\s*", "", strip_markers(text), flags=re.M).strip()


def _person_named(turn: Turn) -> str | None:
    """The name a who-question `turn` was answered with (西宁市的组织部长是谁 -> 張學天); None for any other turn."""
    short = turn.answer.short_answer
    if short is None or turn.answer.refused or analyse(turn.rewritten_question).expect is not Expect.PERSON:
        return None
    return short.text if _is_name(short.text) else None


def _is_name(text: str) -> bool:
    """Whether `text` is one proper noun or unknown word (張學天), as a who-question's answer is."""
    tokens = tag_tokens(fold_sentence(text))
    return len(tokens) == 1 and tokens[0][3] in _NAMES and len(tokens[0][2]) >= 2


# A follow-up that names another subject and nothing else: 那海北呢？, 乌审旗的呢?
_ANOTHER = re.compile(r"^(?:那么|那|而|还有)?\s*(?P<name>[^\s，,。？?！!]{2,12}?)\s*(?:的)?呢\s*[？?。]?\s*$")


def _named_alone(question: str) -> str | None:
    """What a follow-up that names only something names (海北 of 那海北呢？), or only a number to dial that
    it asks for (电话 of 电话多少？); None for any other question."""
    match = _ANOTHER.match(question) or _DIAL_ALONE.match(question)
    return match.group("name") if match is not None else None


# A number to dial asked alone (电话多少？, 手机号是多少？): as 电话呢？ asks it.
_DIAL_ALONE = re.compile(
    rf"^(?:那么|那|而)?\s*(?P<name>{DIAL_WORD})(?:是|为)?(?:多少|几号)\s*[？?。]?\s*$"
)


# A subject a follow-up may name: a proper noun, a word jieba does not know, or a word its
# dictionary tags otherwise than TAGS does (海北 is a locality word, s), with the one-character
# unit after it that makes a place of it (海北州, 西宁市).
_SUBJECTS = _NAMES | {OTHER_TAG}
_UNIT = frozenset(ADMIN_UNITS)


def _subjects(text: str) -> list[tuple[int, int]]:
    """Where `text` names a subject (a place, a person, an organisation), as offsets into it."""
    spans: list[tuple[int, int]] = []
    tokens = tag_tokens(fold_sentence(text))
    for i, (start, end, word, tag) in enumerate(tokens):
        if spans and start == spans[-1][1] and word in _UNIT:
            spans[-1] = (spans[-1][0], end)
        elif tag in _SUBJECTS and len(word) >= 2 and not is_verb_object(word, tag) \
                and not any(ch.isdigit() for ch in word):  # not 引进人才, nor 2026 of 2026年
            if tag == OOV_TAG and len(word) > 2 and word[-1] in _COPULAS and i + 1 < len(tokens) \
                    and tokens[i + 1][3] == _PRONOUN:
                end -= 1  # a name jieba read on into the copula before the question word (郑华是|什么)
            spans.append((start, end))
    return spans


_PRONOUN = TAGS.index("r")
_TIME_WORD = TAGS.index("t")
_CLASSIFIER = TAGS.index("q")
_ACTS = frozenset({TAGS.index("v"), TAGS.index("vn")})  # a verb, or a verbal noun (培训)


def _asked_of(question: str, previous: str) -> str | None:
    """The previous question asked of the subject the follow-up names instead of its own (西宁市的
    组织部长是谁 + 那海北呢？ -> 海北的组织部长是谁), or as its topic where it names none (组织工作要坚持
    什么导向 + 西宁呢？ -> 西宁组织工作要坚持什么导向, which was searched as 组织工作要坚持什么导向，西宁呢？
    and answered of 乌审旗); None unless the follow-up is only a subject and the previous question names
    one at most (which of two it replaces would be a guess)."""
    name = _named_alone(question)
    if name is None:
        return None
    if (numbered := _the_numbered(name, previous)) is not None:
        return numbered
    named = _subjects(previous)
    if _subjects(name) != [(0, len(name))]:
        return _of_the_same_kind(name, previous)
    if _a_field(fold_question(name)):
        return None  # a field (联系电话, 地点), which no subject is (was 联系电话消防培训什么时候？)
    if len(named) > 1:
        return None
    (start, end), = named or [(0, 0)]
    return previous[:start] + name + previous[end:]


# A follow-up for the article, section or chapter after or before the one asked of (下一条呢, 上一章呢).
_NEXT = re.compile(r"^(?:那么?|而)?\s*(?P<way>[下上前后])一(?P<level>[条节章])(?:呢|是什么|讲了什么|说了什么|规定了什么)?"
                   r"\s*[？?。]?\s*$")
_DIGIT_NAMES = "一二三四五六七八九"


def _the_next(question: str, previous: str) -> str | None:
    """The previous question asked of the article after or before the one it names, its number written
    as it writes it (第十条是什么内容 + 那下一条呢？ -> 第十一条是什么内容, which was searched as 第十条是什么内容，
    下一条呢？ and answered with 第十条 again). None unless the follow-up asks so and the previous question
    names one number of that level."""
    match = _NEXT.match(fold_question(question))
    if match is None or len(fold_question(previous)) != len(previous):
        return None
    level, step = match.group("level"), 1 if match.group("way") in "下后" else -1
    same = [(start, end) for start, end, of in numbers_in(fold_question(previous)) if of == level]
    if len(same) != 1:
        return None
    (start, end), = same
    numeral = previous[start + 1 : end - 1]
    value = numeral_value(numeral) + step
    if not 0 < value < 100:
        return None
    written = str(value) if numeral.isdigit() else _in_chinese(value)
    return f"{previous[: start + 1]}{written}{previous[end - 1 :]}"


def _in_chinese(value: int) -> str:
    """1 to 99 in Chinese numerals, as an article's number is written (十一, 二十, 三十五)."""
    tens, ones = divmod(value, 10)
    written = ("" if tens <= 1 else _DIGIT_NAMES[tens - 1]) + ("十" if tens else "")
    return written + (_DIGIT_NAMES[ones - 1] if ones else "")


def _the_numbered(name: str, previous: str) -> str | None:
    """The previous question asked of another numbered article, quantity or day, as the follow-up names
    one (第四条是什么内容 + 第五条呢？ -> 第五条是什么内容; 请假两天谁批准 + 五天呢？ -> 请假五天谁批准, which were
    searched as 第四条是什么内容，第五条呢 and answered with 第四条; 2月8日谁带班 + 2月9日呢？ -> 2月9日谁带班, which
    listed both days' rows): the one of its kind (条, 天, 月日) the previous question names replaced. None
    unless the follow-up is one such and the previous question names one of its kind."""
    for found_in in (numbers_in, quantities_in, _dates_in):
        own = found_in(name)
        if len(own) == 1 and own[0][:2] == (0, len(name)):
            same = [(start, end) for start, end, kind in found_in(previous) if kind == own[0][2]]
            if len(same) == 1:
                return previous[: same[0][0]] + name + previous[same[0][1] :]
    return None


# A day of the calendar as a question names it (2月9日, 2027年2月9日, 2月9号), by its form.
_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]")


def _dates_in(text: str) -> list[tuple[int, int, str]]:
    """Where `text` names a day of the calendar, and the form it names it in (月日, or 年月日)."""
    return [(m.start(), m.end(), "年月日" if "年" in m.group() else "月日") for m in _DATE.finditer(text)]


# What a thing's name is made of (总师|制度, 干部|工作, 社区|经费): nouns, verbal nouns, names and
# words jieba does not know.
_NOUNISH = _NAMES | {TAGS.index("n"), TAGS.index("vn"), OTHER_TAG}
# Where, going left from its head, the name of a thing in a question ends: a particle, preposition,
# pronoun (什么), conjunction, numeral, adverb or classifier (的|组织工作, 以|什么); the copula (是|政府
# 雇员制度) is a verb and is named apart, as other verbs are part of such names (组织|工作).
_BEFORE_A_NAME = frozenset(TAGS.index(t) for t in ("u", "p", "r", "c", "m", "d", "q"))
_COPULAS = frozenset({"是", "为"})


def _of_the_same_kind(name: str, previous: str) -> str | None:
    """The previous question asked of another thing of the kind it asks about, as the follow-up
    names one: a name that ends like one the previous question gives (什么是政府雇员制度 + 总师制度呢？
    -> 什么是总师制度, which was searched as 什么是政府雇员制度，总师制度呢？ and answered of 政府雇员制度).
    None unless the follow-up is a noun phrase of two words or more whose last word the previous
    question has, after words that say which (政府雇员制度, not 制度 alone: 坚持什么导向 + 目标导向呢？
    would ask 坚持什么目标导向)."""
    words = tag_tokens(fold_sentence(name))
    if any(kind not in _NOUNISH for *_, kind in words):
        return None
    tokens = tag_tokens(fold_sentence(previous))
    head = words[-1][2]
    at = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i][2] == head), None)
    if len(words) == 1 or at is None:
        return _of_the_same_ending(name, previous, tokens)
    first = at
    while first > 0:
        _, _, word, kind = tokens[first - 1]
        if kind in _BEFORE_A_NAME or word in _COPULAS or _names_a_place(tokens, first - 1) \
                or kind == _VERB and tokens[first][3] == _NOUN:
            break  # (a verb before the noun it governs, 负责|账务管理, is no part of the name; 组织|工作 is)
        first -= 1
    if first == at:
        return None
    start, end = tokens[first][0], tokens[at][1]
    return previous[:start] + name + previous[end:]


def _of_the_same_ending(name: str, previous: str, tokens: Sequence[tuple[int, int, str, int]]) -> str | None:
    """The previous question asked of a noun of three characters or more that ends as one of its words
    does, a thing of the same kind (会议主持人是谁 + 记录人呢？ -> 会议记录人是谁, which was searched as
    会议主持人是谁，记录人呢？ and answered 陈志强 again), or of two in place of a word of two (合同甲方代表人是谁 +
    乙方呢？ -> 合同乙方代表人是谁); not of a word the name ends with (导向 of 目标导向)."""
    if len(name) < 2:
        return None
    same = [(start, end) for start, end, word, kind in tokens if kind in _NOUNISH
            and (len(word) >= 3 <= len(name) or len(word) == 2 == len(name))
            and word[-1] == name[-1] and word != name and not name.endswith(word)]
    if len(same) != 1:
        return None
    (start, end), = same
    return previous[:start] + name + previous[end:]


def _names_a_place(tokens: Sequence[tuple[int, int, str, int]], i: int) -> bool:
    """Whether token `i` is (the unit of) a place (`rag.authors.is_place_word`), which says whose the
    thing named after it is (西宁|组织工作, 海北|州|组织工作). Not 嘎|查村, two characters jieba cut from
    嘎查村, a kind of village like the 社区 a follow-up may name instead."""
    word, kind = tokens[i][2], tokens[i][3]
    if is_place_word(word, kind, unit_after=i + 1 < len(tokens) and tokens[i + 1][2] in _UNIT):
        return True
    return word in _UNIT and i > 0 and _names_a_place(tokens, i - 1)


# From the first character that is no letter on (punctuation, a digit).
_WORDS = re.compile(r"[\W\d_].*", re.S)


def _answered(question: str, answer: str) -> str:
    """`question` with its question phrase replaced by `answer`: 西宁市的组织部长是谁 -> …是張學天, and
    the words after it that the answer ends with too (西宁实行了什么人才制度 -> 西宁实行了政府雇員制度,
    not …政府雇員制度人才制度; 有多少项 -> 有28項); a which-document question's 哪篇文章 by the title
    (哪篇文章提到了数字组工 -> 习近平总书记关于党的建设的重要思想提到了数字组工)."""
    info = analyse(question)
    if not info.cue or len(fold_question(question)) != len(question):
        return question  # nothing to replace, or no offsets to replace it at
    if (which := which_text_asked(question)) is not None:
        return question[: which[0]] + answer + question[which[1] :]
    end = info.cue_start + len(info.cue)
    head = fold_sentence(_WORDS.sub("", question[end : end + 8]))
    said = fold_sentence(answer)
    # The longest stretch of the words after the cue whose last one or two characters end the answer.
    end += next((k for k in range(len(head), 0, -1) if said.endswith(head[max(0, k - 2) : k])), 0)
    return question[: info.cue_start] + answer + question[end:]


def _opens_with_a_verb(question: str) -> bool:
    """Whether a follow-up opens with a verb, its subject left to the turn before (担任什么职务,
    提出了什么观点), not with 是, which `_NO_SUBJECT` reads."""
    tokens = words_of(_LEAD.sub("", question))
    return bool(tokens) and tokens[0][3] == _VERB and tokens[0][2] not in _COPULAS


_VERB = TAGS.index("v")
_FOREIGN = TAGS.index("eng")
_NOUN = TAGS.index("n")


def _subject_of(question: str) -> str | None:
    """What a question that asks what or who something is asks about: 司吉昇 of 司吉昇是谁, 政府雇员制度
    of 什么是政府雇员制度; None for any other question."""
    info = analyse(question)
    if not info.cue or len(fold_question(question)) != len(question):
        return None
    rest = question[info.cue_start + len(info.cue) :].strip("？?。！! ")
    if not rest and question[info.cue_start - 1 : info.cue_start] in _COPULAS and info.cue_start > 1:
        return question[: info.cue_start - 1].strip()  # 司吉昇是谁
    if (what := WHAT_IS.match(question)) is not None and (subject := question[what.end() :].strip("？?。！! ")):
        return subject  # 什么是政府雇员制度
    return None



_AT = ("在", "於", "于")  # what leads to a where or a when (在哪里, 于何时)


def _unasked(question: str) -> str:
    """`question` as the topic it asks about, without its question word: a when or a where
    without its phrase (这篇文章什么时候发表的 -> 这篇文章发表的), another without the word that asks
    (需要把握哪三条原则 -> 需要把握三条原则, 在哪个网站发表的 -> 在网站发表的). A who-question stays
    as it is: the 他 of a follow-up is whoever answers it."""
    info = analyse(question)
    if not info.cue or info.expect is Expect.PERSON or len(fold_question(question)) != len(question):
        return question  # nothing to take out, or no offsets to take it at
    start, end = info.cue_start, info.cue_start + len(info.cue)
    if info.expect not in (Expect.TIME, Expect.PLACE):
        asking = INTERROGATIVE.search(info.folded, start, end)
        if asking is None:
            return question  # a cue with no question word (名是, a blank at the end)
        # with the classifier after it, which the cue may not hold (哪 of 哪个网站)
        start, end = INTERROGATIVE.match(info.folded, asking.start()).span()
    elif question[start - 1 : start] in _AT:
        start -= 1  # and the 在 that led to it (消防培训在哪里 -> 消防培训, was carried as 消防培训在，什么时候？)
    return question[:start] + question[end:]


# Words that name the others of a kind (其余人员), not a field of a thing.
_OTHERS = re.compile(r"其余|其他|其它|别的|另外|剩下|剩余|所有|全部|各")
# What a follow-up asks of a field of a kind it names alone (地点呢 -> 地点在哪里).
_FIELD_ASKED = {Expect.PERSON: "是谁", Expect.PLACE: "在哪里", Expect.TIME: "是什么时候"}
_LENGTH_ASKED = "多长"


def _field_kind(label: str) -> Expect | None:
    """The kind of field `label` names by its word formation (地点: where, 值班人员: who); None for others."""
    return next((kind for kind in _FIELD_ASKED if label_of_kind(label, kind)), None)


_DIAL_NUMBER_ASKED = "是多少"  # what a number to dial, or any figure, is asked as


def _another_field(question: str, previous: str) -> str | None:
    """A follow-up that names only a field of another kind than the previous question asked, by how
    Chinese forms such words (`rag.cells.label_of_kind`: 地点, 时间, 联系人), asked of the previous
    question's topic: 消防培训什么时候 + 地点呢？ -> 消防培训，地点在哪里？ (carried as 消防培训什么时候，地点呢？
    the date was answered again; 会议主持人是谁 + 时间呢？ answered 陈志强副局长), and a period named alone
    how long it is (固定资产多少钱以上 + 使用期限呢？ -> 固定资产，使用期限多长？, was 1000元 again). None for
    any other follow-up, for a value (2月9日呢, a date to ask the same of), and for the others of a kind (其余人员呢
    after 局级干部可以坐什么交通工具, the same question of them)."""
    name = _named_alone(question)
    if name is None or re.search(r"\d", name) or _OTHERS.match(name):
        return None
    info = analyse(previous)
    kind = _field_kind(name)
    if kind is not None:
        asked = _FIELD_ASKED[kind]
    elif names_a_period(name) and not HOW_LONG.search(info.folded):
        asked = _LENGTH_ASKED  # a period's length, after any other question (使用期限呢 after 固定资产多少钱以上)
    elif DIAL_NAMED.search(fold_question(name)) \
            and (info.expect is Expect.PERSON or not _opens_with_a_name(previous)):
        # A number to dial (电话呢 after 采购联系人是谁, 值班电话呢 after 春节放几天); of the one a question opens
        # with by name, that one's (`_of_the_same_subject`: 冯雪在哪个科室 + 手机呢 -> 冯雪的手机是多少).
        asked = _DIAL_NUMBER_ASKED
    else:
        return None
    if kind is info.expect or not info.cue or len(fold_question(previous)) != len(previous):
        return None
    if info.expect is Expect.PERSON:
        topic = previous[: info.cue_start].removesuffix("是") + previous[info.cue_start + len(info.cue) :]
    else:
        topic = _without_the_value(previous, info.expect)
    return f"{topic.rstrip(_JOINING + '是的在')}，{name}{_as_written(asked, previous + name)}？"


def _another_row(question: str, previous: str, answer: Answer) -> str | None:
    """A follow-up that names only another value of the column the previous question named the row by,
    a value of the same form (第三阶段 of 第一阶段, 处级干部 of 局级干部: what they begin and end with, two
    characters or more), asked the previous question in its place (第一阶段培训什么时候 + 第三阶段呢？ ->
    第三阶段培训什么时候？; carried as …，第三阶段呢？ it named two rows and was answered with both). None for
    any other follow-up."""
    name = _named_alone(question)
    row = _row_answered(answer)
    if name is None or row is None:
        return None
    row_cells, answered = row
    said = fold_sentence(previous)  # in either script, as the row's values are compared (第一階段, 第一阶段)
    keys = [(at, value, tail) for c in row_cells if c != answered
            and len(value := fold_sentence(c.value.strip())) >= 2 and (at := said.find(value)) >= 0
            and (tail := _of_the_same_form(value, name)) is not None]
    if len(keys) != 1:
        return None
    (at, value, tail), = keys
    named = name + _as_written(tail, previous)
    return f"{previous[:at]}{named}{previous[at + len(value) :].rstrip('？?。 ')}？"


def _shares_an_end(a: str, b: str) -> bool:
    """Whether `a` and `b` begin or end with the same character (处级 and 局级, not 时间 and 第二)."""
    return bool(a and b) and (a[0] == b[0] or a[-1] == b[-1])


def _of_the_same_form(value: str, name: str) -> str | None:
    """Whether `name` names another value of the form of a folded `value`, and what it leaves off: "" when
    it begins and ends as `value` does for two characters or more and differs between (第三阶段 of 第一阶段),
    the end of `value` it leaves off where that makes one (干部 for 处级 of 局级干部); None when it names none."""
    name = fold_sentence(name)
    for tail in ("", value[len(name) :]) if _shares_an_end(name, value[: len(name)]) else ("",):
        named = name + tail
        begin = len(os.path.commonprefix([value, named]))
        end = len(os.path.commonprefix([value[begin:][::-1], named[begin:][::-1]]))
        if begin + end >= 2 and begin + end < min(len(value), len(named)):
            return tail
    return None


def _another_column(question: str, previous: str, answer: Answer) -> str | None:
    """A follow-up that names only another column of the sheet's row the previous answer was read from,
    asked of that row: the previous question's word for the column it asked of replaced (2月8日带班领导是谁 +
    值班人员呢？ -> 2月8日值班人员是谁？; 局级干部在省会城市住宿费多少 + 其他地区呢？ -> 局级干部在其他地区住宿费多少？;
    carried as …，其他地区呢？ both were answered with the same cell again), with the question the new column's
    kind asks where the two differ (2月7日值班人员是谁 + 联系电话呢？ -> 2月7日联系电话是多少？), or after the
    previous question's topic where it named no column (第二阶段培训什么时候 + 责任科室呢？ -> 第二阶段培训，责任
    科室是什么？). None for any other follow-up, and for a name that is no one column's label of that row."""
    name = _named_alone(question)
    row = _row_answered(answer)
    if name is None or row is None or len(fold_question(previous)) != len(previous):
        return None
    row_cells, answered = row
    folded = fold_question(name)
    columns = [c for c in row_cells if names_whole(fold_cleaned(c.label), folded)]
    if len(columns) != 1 or columns[0] == answered:
        return None
    return _column_replaced(name, previous, answer, answered, columns[0])


def _another_label(question: str, previous: str, answer: Answer) -> str | None:
    """`_another_column` of a record in running text (项目名称：2027年度办公用品采购): a follow-up naming another
    label than the one the previous answer was read under, and no one's (a who's field after a who is as
    often the answer's: 代表人呢 after 合同乙方是谁), asked in place of the previous question's word for it
    (采购项目名称是什么 + 编号呢？ -> 采购项目编号是什么？, was 2027年度办公用品采购 again). None where the previous
    question names no word of that label before its question word, or names it by a word that is not its
    head (培训 of 培训时间, the topic's: `_column_replaced`)."""
    name = _named_alone(question)
    held = _short_in_quote(answer)
    if name is None or held is None or label_of_kind(name, Expect.PERSON) \
            or len(fold_question(previous)) != len(previous) or _row_answered(answer) is not None:
        return None  # (a sheet's row is `_another_column`'s)
    quote, start, end = held
    label = _LABEL_BEFORE.search(quote, 0, start)
    if label is None or names_whole(fold_cleaned(label.group(1)), fold_question(name)):
        return None
    answered = Cell(label.group(1), quote[start:end], start, end)
    return _column_replaced(name, previous, answer, answered, Cell(name, "", 0, 0), named_only=True)


# The label a record in running text gives right before its value (项目名称： of 项目名称：2027年度…; 授课人 of
# 五、授课人：…).
_LABEL_BEFORE = re.compile(r"(?:^|[\s，,；;。、])([^\s，,；;。、：:|]{2,12})[：:]\s*$")


def _column_replaced(
    name: str, previous: str, answer: Answer, answered: Cell, column: Cell, named_only: bool = False
) -> str | None:
    """The previous question asked of `column` (the follow-up's `name`) in place of the `answered` cell's:
    `_another_column`'s question, and `_another_label`'s (`named_only`: only where the previous question
    names a word of the answered label)."""
    info = analyse(previous)
    asked = _as_written(_column_asked(column), previous + name)
    start, end = label_named_at(info.terms, info.folded, answered.label)
    if named_only and not 0 <= start < info.cue_start:
        return None  # (nor named by its act after the question word: 签 of 合同什么时候签的, 签订日期)
    if start < 0:  # no column named: asked of the row the question asked of, or of the one who answered it
        short = answer.short_answer
        topic = _answered(previous, short.text) if info.expect is Expect.PERSON and short is not None \
            else _without_the_value(previous, info.expect)
        return f"{topic.rstrip(_JOINING + '是的在')}，{name}{asked}？"
    if WHICH_BEFORE.search(info.folded, 0, start):
        return None  # which value of the column it asked (何静是哪个科室的): the row's subject is named apart
    # The whole words it is in (手机 of 手机号), and the words beside them the label holds too (直辖市|及|省会).
    label, words = fold_cleaned(answered.label), words_of(previous)
    inside = [i for i, t in enumerate(words) if t[1] > start and t[0] < end]
    first, last = inside[0], inside[-1]
    while first > 0 and _in_label(words[first - 1], words[first], label):
        first -= 1
    while last + 1 < len(words) and _in_label(words[last + 1], words[last], label):
        last += 1
    while words[first][1] <= start and len(words[first][2]) < 2:
        first += 1  # not a joining character it stops at (及 of 直辖市及省会城市)
    while words[last][0] >= end and len(words[last][2]) < 2:
        last -= 1
    start, end = words[first][0], words[last][1]
    if named_only:
        # A record in running text, its other labels unseen: the label's head asked in place of the
        # question's (名称 of 采购项目名称是什么 + 编号呢？ -> 采购项目编号是什么？); not a label the question
        # names by another word of it, the topic's (培训 of 培训时间, for 消防培训什么时候 + 报名截止呢？).
        said, label = fold_question(previous[start:end]), fold_question(answered.label)
        own = next((label[k:] for k in range(1, len(label) - 1) if in_dictionary(label[k:])), label)
        if not said.endswith(own):
            return None
        if said.endswith(label):
            start = end - len(own)
        return f"{_before(previous[:start], name)}{name}{asked}？"
    if any(t[3] not in _NOUNISH and len(t[2]) >= 2 for t in words[first : last + 1]):
        # What the column's one does (带班 of 2月7日谁带班), not its name: the column asked of the row named before.
        head = _before(previous[: min(start, info.cue_start)].rstrip(_JOINING + "是的在"), name)
        return f"{head}{name}{asked}？"
    head = _before(previous[:start], name)
    if _column_asked(column) == _column_asked(answered):
        return f"{head}{name}{previous[end:].rstrip('？?。 ')}？"
    return f"{head}{name}{asked}？"


def _before(head: str, name: str) -> str:
    """`head` without the end `name` begins with, which it says again (采购 of 采购 + 采购内容)."""
    return head[: len(head) - next((k for k in range(min(len(head), len(name)), 0, -1)
                                    if name.startswith(head[len(head) - k :])), 0)]


def _in_label(word: tuple[int, int, str, int], beside: tuple[int, int, str, int], label: str) -> bool:
    """Whether `word`, right beside `beside` in a question, is a word of `label`."""
    return (word[1] == beside[0] or word[0] == beside[1]) and word[2] in label


def _row_answered(answer: Answer) -> tuple[list[Cell], Cell] | None:
    """The labelled cells of the sheet's row `answer`'s short answer was read from, and the cell holding
    it; None for a short answer from running text, or none."""
    held = _short_in_quote(answer)
    if held is None:
        return None
    quote, start, end = held
    opened = quote.rfind("\n", 0, start) + 1
    closed = quote.find("\n", end)
    row_cells = cells(quote[opened : closed if closed >= 0 else len(quote)])
    answered = next((c for c in row_cells if c.start <= start - opened and end - opened <= c.end), None)
    return (row_cells, answered) if answered is not None else None


def _short_in_quote(answer: Answer) -> tuple[str, int, int] | None:
    """The quote `answer`'s short answer stands in, and where in it; None without one."""
    citation = _cited(answer)
    if citation is None or (at := answer.short_answer.in_quote(citation)) is None:
        return None
    return citation.quote, *at


def _cited(answer: Answer) -> Citation | None:
    """The source `answer`'s short answer was read from; None without one."""
    short = answer.short_answer
    return next((c for c in answer.citations if c.n == short.n), None) if short is not None else None


def _column_asked(cell: Cell) -> str:
    """What a question asks of the column `cell` is in: who, where or when under a header of that kind
    (值班人员, 地点, 时间), how much of a figure or a number to dial or an amount by its header (电话, 金额),
    else what it is."""
    kind = _field_kind(cell.label)
    if kind is not None:
        return _FIELD_ASKED[kind]
    label = fold_question(cell.label)
    counted = re.search(r"\d", cell.value) or DIAL_NAMED.search(label) or _MEASURE.search(label)
    return _DIAL_NUMBER_ASKED if counted else "是什么"


def _number_of_the_one_named(question: str, previous: Turn) -> str | None:
    """A number to dial asked after a who answered by a name, of that one, when no passage found of the
    answer's document gives a number to dial (会议记录人是谁 -> 孙丽; 电话呢？ -> 孙丽的电话是多少？, answered from
    the phone book: asked of 会议记录人 it listed every number found); None where it does (采购联系人是谁 +
    电话呢？ asks the notice's 联系电话: `_another_field`), or the passages are not known."""
    name = _named_alone(question)
    if name is None or not DIAL_NAMED.search(fold_question(name)):
        return None
    person, answer = _person_named(previous), previous.answer
    cited = _cited(answer)
    if person is None or cited is None or not answer.hits or any(
            DIALED.search(hit.chunk.text) for hit in answer.hits if hit.chunk.doc_id == cited.doc_id):
        return None
    return f"{person}的{name}{_as_written(_DIAL_NUMBER_ASKED, person + name)}？"


def _opens_with_a_name(question: str) -> bool:
    """Whether `question` opens with the name of a person, place or body (冯雪 of 冯雪在哪个科室)."""
    return any(start == 0 for start, _ in _subjects(question))


def _without_the_value(question: str, expect: Expect) -> str:
    """A when, where or how-much `question` as its topic, its question word and the value's words out: a
    how much without its measure too (`_uncounted`), any other as `_unasked` leaves it."""
    return _uncounted(question) if expect is Expect.NUMBER else _unasked(question)


def _as_written(asked: str, said: str) -> str:
    """The question words `asked` in the script the chat writes `said` in (地點在哪裏 of 地點呢)."""
    return in_script(asked, TRADITIONAL) if script_of(said) == TRADITIONAL else asked


def _of_the_same_subject(question: str, previous: str) -> str | None:
    """A follow-up that names only another field of the thing the previous question opens with, by that
    thing's word and the field's (合同服务期限多长 + 合同金额呢？ -> 合同金额是多少？; carried as 合同服务期限多长，
    合同金额呢？ it was answered with a length, 15个工作日内), or any field of the person, place or body it
    opens with by name (何静是哪个科室的 + 职务呢？ -> 何静的职务是什么？): asked who holds it for a post, how much
    after a how much, else what it is. None for any other follow-up."""
    name = _named_alone(question)
    if name is None:
        return None
    words = words_of(name)
    opening = words_of(previous)[:1]
    subject = next(iter(_subjects(previous)), None)
    if ends_on_role(fold_question(name)) or label_of_kind(name, Expect.PERSON):
        asked = "是谁"  # a post or a person's field (海北州组织部长呢 after 海北州委书记是谁)
    else:
        counted = analyse(previous).expect is Expect.NUMBER or DIAL_NAMED.search(fold_question(name))
        asked = _DIAL_NUMBER_ASKED if counted else "是什么"  # how much after a how much, and of a number to dial
    if subject is not None and subject[0] == 0 and not re.search(r"\d", previous[: subject[1]]) \
            and opening[0][3] in _NAMES and previous[subject[1] : subject[1] + 1] != "的" \
            and words and all(t[3] in _NOUNISH for t in words) and not _subjects(name) \
            and not name.startswith(previous[: subject[1]]):
        # A field of the person, place or body the previous question opens with by its name (何静是哪个科室的
        # + 职务呢？ -> 何静的职务是什么？; carried, 办公室 was answered again), not of a thing (固定资产) nor
        # of another's whose it says (西宁市的组织部长是谁 + 效果呢？).
        return f"{previous[: subject[1]]}的{name}{_as_written(asked, previous + name)}？"
    if len(words) < 2 or not opening or words[0][2] != opening[0][2] or len(opening[0][2]) < 2 \
            or words[-1][3] not in _NOUNISH or name in fold_sentence(previous):
        return None  # (合同 of 合同金额 is an adjective to jieba: the name's head is what must be a noun)
    return f"{name}{_as_written(asked, previous + name)}？"


# What a question's last verb may not be to be replaced by another act: a copula or a word of having or
# needing (有, 要, 需要: 报销需要什么材料 + 审批呢 asks what approval needs, not 报销审批什么材料).
_NO_ACT = frozenset({"是", "为", "有", "要", "需要", "能", "可以", "应", "应当", "应该", "必须", "得"})


def _of_another_act(question: str, previous: str) -> str | None:
    """A follow-up that names only another act, one verb (报废呢？ after 固定资产由谁审批购置), asked as the
    previous question of it: the previous one's last verb after its question word replaced (固定资产由谁
    审批报废？, 合同什么时候签的 + 付款呢？ -> 合同什么时候付款的？; carried as 固定资产由谁审批购置，报废呢？ it was
    answered with the purchase again), with the object it ends on (由谁登记卡片 + 入账呢？ -> 由谁入账？). None
    for any other follow-up, and when the question does not end on one act, two in a row or one and its
    object after its question word (伙食补助每天多少钱: 补助 names the allowance)."""
    name = _named_alone(question)
    if name is None:
        return None
    words = words_of(name)
    info = analyse(previous)
    if len(words) != 1 or words[0][3] != _VERB or len(name) < 2 or not info.cue \
            or len(fold_question(previous)) != len(previous):
        return None
    after = info.cue_start + len(info.cue)
    rest = [t for t in tag_tokens(fold_sentence(previous))
            if t[0] >= after and t[2].strip() and t[2] not in "的了？?。"]
    acts = [t for t in rest if t[3] == _VERB and t[2] not in _NO_ACT]
    if not 1 <= len(rest) <= 2 or not acts or rest[0] not in acts \
            or len(rest) == 2 and rest[1] not in acts and rest[1][3] not in _NOUNISH:
        return None  # the question ends on one act, two in a row or one and its object, no more (提出购置申请)
    # The last act, with the object it ends on (登记卡片 of 固定资产由谁登记卡片 + 入账呢？ -> 固定资产由谁入账？).
    start, end = (rest[-1] if rest[-1] in acts else rest[0])[0], rest[-1][1]
    return f"{previous[:start]}{name}{previous[end:].rstrip('？?。 ')}？"


# A rate of change or a share, as a how much asks it before its question word (同比增长, 增长了, 占比, 所占比重),
# and a word of such a rate or of an amount, by how Chinese forms them (增长率, 节约率, 金额, 总额, 资金, 人数): a
# word of what is counted, not a thing counted.
_RATE = re.compile(r"(?:同比|环比)?(?:增长|增加|提高|上升|下降|减少|降低|增幅|增速|占比|比例|比重|所占比[例重]|占)")
_RATE_BEFORE = re.compile(rf"{_RATE.pattern}(?:了|是|为|有)*$")
_MEASURE = re.compile(rf"(?:{_RATE.pattern}|金额|数额|总额|额度|资金|经费|费用|数量|数目|总量|规模|人数|次数|[率额])$")
# The words a how much may stand on before its question word: the copula, or having (合同金额是多少, 项目有多少个).
_BEFORE_HOW_MUCH = frozenset({"是", "为", "有"})
# What a word before a how much is not, to be a quantity's name: a pronoun (每天), a numeral, a particle…
_NOT_A_QUANTITY = _BEFORE_A_NAME | {PUNCT_TAG}


def _another_quantity(question: str, previous: str) -> str | None:
    """A follow-up that names only another quantity after a how much, asked how much of it: the word right
    before the previous question's question word replaced, the head of the name it ends, and the measure
    after it left out (2026年一般公共预算收入多少 + 支出呢？ -> 2026年一般公共预算支出多少？, 合同金额多少 + 违约金
    呢？ -> 合同违约金多少？; carried as …收入多少，支出呢？ it was answered 增长5%以上); a name of several words
    only in place of a word that ends as it does (2026年税收收入多少 + 非税收入呢？ -> 2026年非税收入多少？). A
    rate, share or amount (占比, 节约率, 金额) is asked of the thing counted, and after a rate another thing
    in place of the thing (`_RATE_BEFORE`). None for any other follow-up, and when no quantity's word stands
    right before the question word (伙食补助每天多少钱: 每天 says how often)."""
    name = _named_alone(question)
    info = analyse(previous)
    if name is None or re.search(r"\d", name) or _OTHERS.match(name) or info.expect is not Expect.NUMBER \
            or not info.cue or analyse(name).cue and not _MEASURE.search(name) \
            or len(fold_question(previous)) != len(previous):
        return None  # (a share asks how much by its name alone: 占比 is a cue)
    tokens = words_of(previous)
    at = next((i for i, t in enumerate(tokens) if t[0] <= info.cue_start < t[1]), None)
    named = words_of(name)
    words = [t[2] for t in named]
    if any(t[3] == _TIME_WORD for t in named):
        return None  # a time (逾期, 年底), no quantity: 出差多少天内报销 + 逾期呢 was asked 逾期多少
    if at is None or tokens[at][0] != info.cue_start:
        return None
    cue_end = info.cue_start + len(info.cue)
    if at + 1 < len(tokens) and tokens[at + 1][3] == _CLASSIFIER:
        # A count of things (绩效评价了多少个项目, 政府采购项目有多少个): another quantity is asked how much of
        # what counted them, in place of the things (涉及资金呢 -> 绩效评价涉及资金多少; carried, 126个 again).
        after = at + 2 < len(tokens) and tokens[at + 2][3] in _NOUNISH
        before = at - 1 - (at >= 1 and tokens[at - 1][2] in _BEFORE_HOW_MUCH)
        if not after and (before < 0 or tokens[before][3] not in _NOUNISH):
            return None
        head = _before(previous[: info.cue_start if after else tokens[before][0]].rstrip("了有是为的"), name)
        return f"{head}{name}多少？" if head else None
    if (rate := _RATE_BEFORE.search(info.folded, 0, info.cue_start)) is not None and rate.start() > 0:
        # A rate or share of a thing asked (收入同比增长多少, 民生支出占比多少): the amount of the same thing
        # in place of the rate (金额呢 -> 民生支出金额多少), another thing in place of the thing (支出呢 ->
        # 一般公共预算支出同比增长多少; carried, or with 增长 replaced, it was answered 6.2% or 152.3亿元).
        if _MEASURE.search(name):
            return f"{previous[: rate.start()]}{name}{previous[rate.end() : cue_end]}？"
        # The word before it, past a comma a carried topic put there (2026年一般公共预算收入，同比增长多少).
        at = next((i for i in range(len(tokens) - 1, -1, -1)
                   if tokens[i][1] <= rate.start() and tokens[i][3] != PUNCT_TAG), None)
        if at is None or tokens[at][1] < rate.start() - 1 \
                or len(words) > 1 and not tokens[at][2].endswith(words[-1]):
            return None
        return f"{previous[: tokens[at][0]]}{name}{previous[tokens[at][1] : cue_end]}？"
    before = at - 1 - (at >= 1 and tokens[at - 1][2] in _BEFORE_HOW_MUCH)
    if before > 0 and tokens[before][2].startswith("每") and EACH_PERIOD.search(tokens[before][2]) \
            and not (len(named) == 1 and named[0][3] in _ACTS):  # (报销呢 names an act, no thing)
        # How much each day, each person (伙食补助每天多少): the thing is the run of words before that, the
        # follow-up's in its place (市内交通费呢？ -> 市内交通费每天多少？; carried, 100元 was answered again).
        first = before
        while first > 0 and tokens[first - 1][3] in _NOUNISH | _ACTS \
                and tokens[first - 1][1] == tokens[first][0]:
            first -= 1
        if first == before:
            return None
        return f"{previous[: tokens[first][0]]}{name}{previous[tokens[before][0] : cue_end]}？"
    if before < 0 or tokens[before][3] in _NOT_A_QUANTITY or len(tokens[before][2]) < 2:
        return None
    counted = tokens[before][2]
    if tokens[before][3] in _ACTS and len(named) > 1 and named[-1][3] in _ACTS:
        # Another act in place of the one counted (每年培训多少学时 + 网络学习呢？ -> 每年网络学习多少学时？).
        return f"{previous[: tokens[before][0]]}{name}{previous[tokens[before][1] :].rstrip('？?。 ')}？"
    if _MEASURE.search(name) and not _MEASURE.search(counted) and not names_a_period(counted):
        # A rate, share or amount of the thing asked how much of (民生支出多少 + 占比呢 -> 民生支出占比多少).
        return f"{previous[: tokens[before][1]]}{name}{previous[tokens[before][1] : cue_end]}？"
    if len(words) > 1 and not tokens[before][2].endswith(words[-1]) and not _MEASURE.search(name):
        return None  # (市内交通费 after 伙食补助标准是多少 is no word of its kind: which it replaces is a guess)
    start, end = tokens[before][0], tokens[before][1]
    asked = previous[end : info.cue_start + len(info.cue)]  # 多少, 有多少, 是多少: not the measure after it
    if HOW_LONG.search(info.folded) and not names_a_period(name):
        asked = "是多少"  # how long of a period, how much of anything else (合同服务期限多长 + 金额呢)
    return f"{_before(previous[:start], name)}{name}{asked}？"


def _said(topic: str) -> str:
    """A carried `topic` without a last clause its question word was all of (消防培训，在哪里 -> 消防培训，在
    -> 消防培训, after a second follow-up), or that says nothing the clauses before it do not (会议开的，在哪里开的
    -> 会议开的，开的 -> 会议开的: was carried as 会议开的，开的，谁主持的？)."""
    head, comma, last = topic.rpartition("，")
    said = normalize_for_match(head)
    return head if comma and all(term in said for term in analyse(last).terms) else topic


def _uncounted(question: str) -> str:
    """A how-many `question` as the topic it asks about: without its question word and the measure
    it counts in, with the postposition after it (春节放几天假 -> 春节放假, 出差后多少天内报销 -> 出差后报销,
    乙方多长时间响应 -> 乙方响应), and the quantity it names before 是 (合同金额是多少 -> 合同)."""
    info = analyse(question)
    if not info.cue or len(fold_question(question)) != len(question):
        return question
    tokens = words_of(question)
    at = next((i for i, t in enumerate(tokens) if t[0] <= info.cue_start < t[1]), None)
    if at is None:
        return question
    start, end = tokens[at][0], max(tokens[at][1], info.cue_start + len(info.cue))
    rest = [t for t in tokens[at + 1 :] if t[0] >= end]
    if rest and tokens[at][1] <= info.cue_start + len(info.cue) and len(rest[0][2]) <= 2 \
            and rest[0][3] in _MEASURE_TAGS:
        end, rest = rest[0][1], rest[1:]  # the measure: 天, 处, 学时, 钱, 一次
    if rest and rest[0][2] in COUNT_BOUNDS:
        end = rest[0][1]  # 内, 以上
    if at >= 3 and tokens[at - 1][2] in _COPULAS and tokens[at - 2][3] in _NOUNISH:
        start = tokens[at - 2][0]  # the quantity it names before 是 (金额 of 合同金额是多少), answered
    return question[:start] + question[end:]


# What a measure word is tagged as: a classifier, a noun or a numeral (天, 学时, 一次).
_MEASURE_TAGS = frozenset(TAGS.index(t) for t in ("q", "n", "m"))


# What a carried topic may end with once its question word is out (…政府雇員制度，为什么 -> …制度，):
# the follow-up is joined on with a comma of its own.
_JOINING = "，,、；; "


# A follow-up that asks for more of the same: 还有呢？, 还有别的吗？, 其他的呢？
_MORE = re.compile(r"^(?:那么?|而)?\s*(?:还有|另外|其他|其它|别的)(?:别的|其他|的|呢|吗|么|没有)*\s*[？?。]?\s*$")
# A list answer: its items numbered from 1; a list of documents, each line led by its title.
_LISTED = re.compile(r"^1\. ")
_LISTED_TITLE = re.compile(r"^\d+\. (《[^》\n]+》)", re.MULTILINE)
_NUMBERED_LINE = re.compile(r"^\d+\. ", re.MULTILINE)
# What a follow-up says beside its ordinal when it asks the previous question again: 第三条呢？
_AGAIN = re.compile(r"^(?:那么?|而|还有)?\s*(?:的)?呢?\s*[？?。]?\s*$")


def _items(turn: Turn) -> list[str]:
    """The items `turn`'s answer lists: a list of documents' titles in their 《》 (文库里有哪些文章,
    哪些文章提到了人才), a numbered list's quotes, without their closing marks, or the parts of a short
    answer that is a run of items (目標導向、問題導向、結果導向); [] for none."""
    titles = _LISTED_TITLE.findall(turn.answer.text)
    if titles and len(titles) == len(_NUMBERED_LINE.findall(turn.answer.text)):
        return titles
    if listed := _listed(turn.answer):
        # An item told whole is named by its opening sentence (第一，职官与长者并用。 of 第一，…。既设立…。).
        return [_bare(c.quote[slice(*sentence_spans(c.quote)[0])] if c.quote.strip() else c.quote)
                for c in listed]
    short = turn.answer.short_answer
    parts = short.text.split("、") if short is not None else []
    return parts if len(parts) >= 2 and all(parts) else []


def _item(turn: Turn, position: int) -> str | None:
    """The `position`th item `turn`'s answer lists (1 is the first)."""
    items = _items(turn)
    return items[position - 1] if 1 <= position <= len(items) else None


def _listed(answer: Answer) -> list[Citation]:
    """The citations of a list answer's items, in order: every line numbered 1., 2., …, or lines that
    number themselves (一是…, 第一，…) under the line that announces them (其特点主要有以下三点：); []
    for any other answer."""
    if _LISTED.match(answer.text):
        return list(answer.citations)
    lines = answer.text.splitlines()
    items = lines[1:] if lines and not numbered_alike(lines[0], lines[-1]) else lines
    if len(items) < 2 or not all(numbered_alike(line, items[0]) for line in items):
        return []
    cited = {c.n: c for c in answer.citations}
    marks = [int(m.group(1)) for line in items if (m := _CLOSING_MARKER.search(line))]
    return [cited[n] for n in marks if n in cited]


# The citation marker that closes a line of an answer.
_CLOSING_MARKER = re.compile(r"\[(\d+)\]\s*$")


def _bare(quote: str) -> str:
    """A quoted item as a follow-up names it: without its closing mark."""
    return quote.rstrip("。；;！!？?")


def _of_item(question: str, ordinal: re.Match[str], history: Sequence[Turn], previous: Turn) -> Resolved | None:
    """An ordinal follow-up (那第二条具体怎么做？) asked of the item it points at, in the latest answer
    that lists that many (a follow-up about one item is answered with its section, which lists
    nothing); 第三条呢？ right after one asks the previous follow-up's question of the third item."""
    position = _ordinal(ordinal.group(1))
    listed = next((turn for turn in reversed(history) if not turn.answer.refused
                   and _item(turn, position) is not None), previous)
    item = _item(listed, position)
    if item is None:
        return None
    rest = question[: ordinal.start()] + question[ordinal.end() :]
    asked = previous.rewritten_question
    if listed is not previous and _AGAIN.match(rest):
        named = (f"“{named}”" for named in _items(listed))
        earlier = next((quoted for quoted in named if quoted in asked), None)
        if earlier is not None:
            standalone = asked.replace(earlier, f"“{item}”", 1)
            return Resolved(standalone, f"{item} {standalone}")
    named = item if item.startswith("《") else f"“{item}”"
    standalone = _LEAD.sub("", question[: ordinal.start()] + named + question[ordinal.end() :])
    return Resolved(standalone, f"{item} {standalone}")


# Why a follow-up asking for more (还有呢？) is refused when the previous answer quoted all that answers.
NOTHING_MORE = "前面的回答已经引用了文档里与这个问题最相关的内容，没有更多了。"
# Why it is refused when no earlier turn was answered: there is nothing to say more of.
UNSAID = "文档里与前面问题相关的段落没有说到“{thing}”。"

NOTHING_BEFORE = "“还有呢”是接着上一个回答问的，但这次对话里还没有回答过的问题：请把要问的内容完整地输入。"


def asks_for_more(question: str) -> bool:
    """Whether `question` only asks for more of a previous answer (还有呢？, 其他的呢？)."""
    return _MORE.match(question) is not None


def beyond(ranking: Ranked, quoted: Sequence[Citation], margin: float) -> Ranked | None:
    """`ranking` without the sentences `quoted` already (a follow-up asking for more: 还有呢？), down
    to `margin` below its best, as the answerer quotes more than one sentence, and without headings,
    which alone say nothing more (三、以务实开拓的作风促进基层党建工作提质增效); None when none is left."""
    top = ranking.scores[0] if ranking.scores else 0.0
    kept = [(c, score) for c, score in zip(ranking.sentences, ranking.scores, strict=True)
            if score >= top - margin and not _heads(ranking.hits, c)
            and not any(_overlaps(ranking.hits[c.hit], c, q) for q in quoted)]
    if not kept:
        return None
    return ranking._replace(sentences=[c for c, _ in kept], scores=[score for _, score in kept])


def _heads(hits: Sequence[Hit], candidate: Candidate) -> bool:
    """Whether `candidate` is a heading, by its form or where its document's structure opens a section."""
    chunk = hits[candidate.hit].chunk
    return as_sentence(hits, candidate).heading or chunk.heads_section_at(candidate.start, candidate.text)


def _overlaps(hit: Hit, candidate: Candidate, quote: Citation) -> bool:
    """Whether `candidate`, a sentence of `hit`, overlaps `quote` in their document."""
    start = hit.chunk.start
    return _overlap(hit.chunk.doc_id, start + candidate.start, start + candidate.end, quote)


def quotes_nothing_new(citations: Sequence[Citation], quoted: Sequence[Citation]) -> bool:
    """Whether every one of `citations` overlaps a passage `quoted` before (an answer to 还有呢？ that
    says the same again)."""
    return all(any(_overlap(c.doc_id, c.start, c.end, q) for q in quoted) for c in citations)


def _overlap(doc_id: str, start: int, end: int, quote: Citation) -> bool:
    """Whether `[start, end)` of document `doc_id` overlaps `quote`."""
    return doc_id == quote.doc_id and start < quote.end and quote.start < end


def last_answered(history: Sequence[Turn]) -> Turn | None:
    """The latest turn of `history` that was answered, not refused: what a follow-up refers to."""
    return next((turn for turn in reversed(history) if not turn.answer.refused), None)


class CarryOver:
    """The offline rewriter: carries the previous turn's topic into a follow-up."""

    def rewrite(self, question: str, history: Sequence[Turn]) -> Resolved:
        # What the follow-up names of its own, to be said by the passages found; not of a text or its
        # author, which a document's record says (作者是谁？).
        typed = "" if A_TEXT.search(fold_question(question)) or _AUTHOR_ASKED.match(question) else question
        previous = last_answered(history)
        of_the_text = previous is not None and _of_the_text_named(question, previous)
        if previous is None or not (of_the_text or is_follow_up(question)):
            return Resolved(question, question)
        question = _of_the_text(question)
        if of_the_text:
            # 文章 is the document just named: asked as 这篇文章 (of one whose record names no author,
            # who wrote it is refused, not answered from its text).
            question = _THE_TEXT.sub(lambda m: "这篇文章" + ("中" if m.group(0) == "文中" else ""), question, count=1)
        citations = previous.answer.citations
        ordinal = _ORDINAL.search(question)
        if ordinal and (resolved := _of_item(question, ordinal, history, previous)) is not None:
            return resolved
        topic = previous.rewritten_question.rstrip("？?。 ")
        if (work := _WORK_ASKED.match(topic)) and (it := _THE_WORK.search(question)):
            # 它, or the text, after a question about a work named by its title is that work (它是什么
            # 时候发表的 after 《…》的作者是谁 -> 《…》这篇文章是什么时候发表的; carried behind the statement
            # 《…》的作者是蘇新發 it was refused with no reason, and 作者是谁 read 《…》是发表的，这篇文章的作者是谁).
            # A document the answer quoted is asked of as a text: its record says when it was published.
            text = "这篇文章" if work.group(0)[1:-1] in {c.title for c in citations} else ""
            standalone = _LEAD.sub("", question[: it.start()] + work.group(0) + text + question[it.end() :])
            return Resolved(standalone, standalone)
        if _MORE.match(question):
            # 还有呢？ asks the previous question again (it was carried over as …，呢？), for what its
            # answers so far did not quote (a list is quoted whole: asked again, it is listed again).
            quoted = () if _listed(previous.answer) else tuple(
                c for turn in history if turn.rewritten_question == previous.rewritten_question
                for c in turn.answer.citations)
            return Resolved(f"{topic}？", f"{topic}？", quoted)
        if (moved := _the_next(question, topic)) is not None:
            # The article after the one just asked of: the previous question asked of it.
            return Resolved(f"{moved}？", f"{moved}？")
        if (column := _another_row(question, topic, previous.answer)
                or _another_column(question, topic, previous.answer)) is not None:
            # Another row of the column the previous question named its row by, or another column of that row.
            return Resolved(column, column)
        if (instead := _asked_of(question, topic)) is not None:
            # The same question of another subject: what the previous answer quoted is about the
            # other one, so it is no part of the query.
            return Resolved(f"{instead}？", f"{instead}？", carried=typed)
        if (field := _number_of_the_one_named(question, previous) or _another_field(question, topic)
                or _another_label(question, topic, previous.answer)
                or _of_the_same_subject(question, topic) or _of_another_act(question, topic)
                or _another_quantity(question, topic)) is not None:
            # Another field of the same thing (地点呢？ after 消防培训什么时候): asked as that field's question,
            # not with the previous cue, which answered the date again.
            return Resolved(field, field, carried=typed)
        if _opens_with_a_verb(question) and (person := _person_named(previous)) is not None:
            # 担任什么职务 after …的作者是谁 (answered 司吉昇): asked of the person just named, as 他 is
            # (carried behind the statement 作者是司吉昇, it was answered as who wrote it again).
            standalone = person + _LEAD.sub("", question)
            return Resolved(standalone, standalone)
        if _NO_SUBJECT.match(question) and (subject := _subject_of(topic)) is not None:
            # 是哪里的组织部长 after 司吉昇是谁: asked of the subject the previous question asked about,
            # not of the statement its answer makes (…司吉昇是中共海北州委常委、组织部部长，是哪里的…
            # was answered 全省).
            standalone = subject + _LEAD.sub("", question)
            return Resolved(standalone, standalone)
        asks = bool(analyse(question).cue) or yes_no_asked(question) is not None
        if asks and _PERSONAL.search(question) \
                and (person := next(filter(None, map(_person_named, reversed(history))), None)) is not None:
            # 他 is the person the latest turn that named one named (西宁市的组织部长是谁 -> 張學天;
            # 他是哪里的 -> 張學天是哪里的), asked of as a question that names him is, and standing alone:
            # carried, the turn between or the statement before it decided what was asked (他提出了什么
            # 观点 after 五个更加注重 was answered with its sentence; 他担任什么职务 after 这篇文章的作者是蘇新發
            # was answered 蘇新發, as who wrote it), and the passage quoted found 打基礎 for his post.
            standalone = _PERSONAL.sub(person, question, count=1)
            return Resolved(standalone, standalone)
        short = previous.answer.short_answer
        if asks:
            # The follow-up asks its own question (这篇文章是谁写的): the previous one is settled, and
            # is carried as the statement its short answer makes, or without one as its topic, not
            # as a second question whose cue would decide what is asked (谁; 这篇文章什么时候发表的 +
            # 在哪里发表的？ was answered with the date again). A when, where or how much answered is
            # carried as its topic too: a value is nothing a follow-up asks about, and its words
            # drew the answer back to the sentence that gave it (消防培训什么时候 + 在哪里 was carried
            # as 消防培训2027年3月18日（星期四）下午2:30-5:00，在哪里？ and answered with the notice's
            # addressees; as 消防培训，在哪里？ it is 局机关八楼多功能厅).
            expect = analyse(topic).expect
            if short is None:
                topic = _unasked(topic)
            elif expect in (Expect.TIME, Expect.PLACE, Expect.NUMBER):
                topic = _without_the_value(topic, expect)
            else:
                topic = _answered(topic, short.text)
        standalone = f"{_said(topic).rstrip(_JOINING + '是')}，{_LEAD.sub('', question)}"
        if short is not None:
            # The previous answer is a span, which the topic carries or the follow-up leaves behind:
            # the passage that gave it would draw the search back to it (伙食补助每天多少钱 + 市内交通费呢？
            # was answered 100元 again, 合同什么时候签的 + 乙方是谁 with the date's line).
            return Resolved(standalone, standalone, carried=typed)
        context = citations[0].quote if citations else ""
        return Resolved(standalone, f"{standalone} {context}".strip(), carried=typed)


# What a follow-up names of its own: a noun of jieba's dictionary, a name or an abbreviation in it (质保), a
# locality word (国外: `is_locality`), or one in Latin letters (GDP); not a word of Chinese it does not know,
# often a verb and what follows it (要交, 报给), nor another it tags otherwise (总共, a distinguishing word).
_OWN = (_NAMES - {OOV_TAG}) | {_NOUN, TAGS.index("j")}


def _a_field(word: str) -> bool:
    """Whether a folded `word` names a field of whatever is asked about, not a thing (手机号, 地点, 联系人, 时间):
    what a record's label says of it may be worded otherwise (手机 for 手机号)."""
    return DIAL_NAMED.search(word) is not None or _field_kind(word) is not None


def unsaid(follow_up: str, hits: Sequence[Hit]) -> str | None:
    """The thing a follow-up carried behind the previous question's topic names of its own (培训费 of 要交
    培训费吗, 加班费 of 加班费怎么算) when none it names is said by any passage found; None when one is, or it
    names none (几点开始). The topic it was carried behind finds the passages it was about, and they
    answered it (要交培训费吗 after 消防培训在哪里 quoted the notice's 授课人 and 报名方式 lines)."""
    asked = _LEAD.sub("", follow_up)
    info = analyse(asked)
    cue = range(info.cue_start, info.cue_start + len(info.cue)) if info.cue else range(0)
    own = [(word, start, end) for start, end, word, kind in words_of(asked)
           if (kind in _OWN or kind == OTHER_TAG and is_locality(word)
               or kind == OOV_TAG and word.isascii() and word.isalpha())
           and len(word) >= 2 and start not in cue and end - 1 not in cue  # not 时候 of 什么时候
           and not _a_field(word)]
    said = [normalize_for_match(hit.chunk.text) for hit in hits]
    if not own or any(word in text for word, *_ in own for text in said):
        return None
    _, start, end = max(own, key=lambda named: len(named[0]))
    return asked[start:end]  # as typed (GDP, not its folded gdp)


CONDENSE_PROMPT = (
    "根据对话历史，把用户最后的追问改写成一个不依赖上下文、意思完整的问题：补全代词和省略的对象。"
    "用简体中文，只输出改写后的问题本身。如果追问本来就完整，原样输出。"
)


class Condenser:
    """The LLM rewriter: asks the chat model for a standalone question."""

    def __init__(self, chat: ChatModel, turns: int = 3, answer_chars: int = 400) -> None:
        self._chat = chat
        self._turns = turns
        self._answer_chars = answer_chars

    def rewrite(self, question: str, history: Sequence[Turn]) -> Resolved:
        if not history:
            return Resolved(question, question)
        lines = []
        for turn in history[-self._turns :]:
            lines.append(f"用户：{turn.rewritten_question}")
            lines.append(f"助手：{_plain(turn.answer.text)[: self._answer_chars]}")
        messages = [
            {"role": "system", "content": CONDENSE_PROMPT},
            {"role": "user", "content": "对话历史：\n" + "\n".join(lines) + f"\n\n追问：{question}"},
        ]
        condensed = self._chat.complete(messages).strip().strip("“”\"'")
        condensed = condensed.splitlines()[0].strip() if condensed else ""
        return Resolved(condensed or question, condensed or question)

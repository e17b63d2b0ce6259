"""The offline answerer: quotes the retrieved sentences that answer the question, no generative model.

A list question gets the items of the best-matching list in the passages, in order
(`rag.lists`); any other question the sentences the learned ranker (`rag.rank`) puts first,
and, when the question wants a short answer (谁, 哪里, 何时, 多少…), the span of the best one
that answers (`rag.span`) before them. Every quoted span becomes a `Quote`, so each [n] of the answer
points at the exact sentences it repeats.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable, Iterator, Sequence

from rag.answer import MARKER, Draft, Quote
from rag.articles import article_asked, ends, is_part_number, level_asked, numbers_in, opening_number, opens
from rag.authors import (
    AUTHOR_NOTE, Description, asks_of_post_at, could_be_byline, described_in, gives_post_asked, is_byline,
    is_place_name, names_another_place, names_another_post, places_named, places_with_unit, written_by,
)
from rag.choice import ELSEWHERE, Chooser, Quoted, SpanChoice, options
from rag.features import Candidate
from rag.items import Asked, asked_items, counted_name, item_run
from rag.library import LISTED
from rag.lists import (
    DOCUMENT_READ, ListReader, Neighbours, announcement, announces_asked, counts_off, enumerates,
    numbered, numbered_alike, only_listed, own_line, read_next, unnumbered, unpacks,
)
from rag.published import (
    UNRECORDED, as_chinese_date, issuer_asked, number_asked, published_asked, publisher_asked,
    unrecorded_asked,
)
from rag.question import (
    EACH_PERIOD, HOW_OFTEN, SAYING, Expect, QuestionInfo, after_cue, answers_kind, asking_clause, asks_gist,
    asks_hour, asks_which_text, bare_name_asked, ends_on_role, fold_question, gives_hour, name_asked,
    numbered_term, texts_asked_about, yes_no_asked,
)
from rag.rank import AnswerModel, Ranked, shipped
from rag.cells import (
    Cell, Extreme, agent_named, asked_cell, cells, column_cell, counts_people, extreme_asked, extreme_cell,
    label_of_kind, label_strength, named_extent, named_values, names_a_thing, names_whole, of_another_kind,
    prose_cell, record_named, sort_value, unasked_of_figures, with_unit,
)
from rag.sentences import (
    Sentence, as_sentence, line_ends_at, line_opens_at, quoted_line, runs_of, sentences_of,
    similar, under_heading,
)
from rag.span import ShortAnswer, SpanModel, year_before
from rag.subjects import JOINS
from rag.tags import PUNCT_TAG, TAG_INDEX, fold_sentence, is_idiom, is_verb_object, tag_tokens, words_of
from rag.text import (
    ADMIN_UNITS, CLAUSE_ENDS, DOCUMENT_NUMBER, SENTENCE_END, as_quoted, fold_cleaned, fold_t2s,
    keyword_tokens, names_a_point, normalize_for_match, sentence_spans,
)
from rag.types import REFUSAL, Chunk, DocumentInfo, Hit


@functools.cache
def _shipped_span() -> SpanModel:
    """The short-answer model in rag/models/, loaded once per process."""
    return SpanModel.load()


@functools.cache
def _shipped_choice() -> SpanChoice:
    """The model in rag/models/ that chooses which quoted sentence's span answers, loaded once per process."""
    return SpanChoice.load()


_LIST_QUESTION = re.compile(r"哪些|哪几|哪[“\"「]?[两二三四五六七八九十]|几个|几点|几项|几条|几方面|有什么|包括|列举|分别|举措|措施有")
_QUESTION_END = re.compile(r"[？?]")

# A question about who wrote a text; it is asked of the library's document (文章, 这篇, 《its title》,
# or what was written: 写乌审旗抓落实的是谁), not of a work the text mentions.
_WROTE_WHAT = re.compile(r"[写寫][^，,。？?]{2,24}的人?是(?:谁|誰|哪位)")
_WHO_WROTE = re.compile(rf"作者|谁写|誰寫|撰写|撰寫|执笔|執筆|撰稿|{_WROTE_WHAT.pattern}")
_NOT_A_NAME = frozenset({Expect.PLACE, Expect.TIME, Expect.NUMBER})
# Words that point at one of the library's documents (作风建设那篇文章), unlike a work the question
# names in 《》 (《朱啟鈐：「被抹掉的奠基人」》這篇文章的作者是誰, answered by the text).
_THIS_TEXT = re.compile(r"这篇|這篇|那篇|此文|本文|该文|該文")
_A_TEXT = re.compile(rf"文章|一文|{_THIS_TEXT.pattern}")
# The answer to which of the library's documents says something (`asks_which_text`) is the title
# of the document the best sentence is from, unless that sentence names a work of its own
# (这段话出自哪一篇文章 -> 《一种美味》: the 6 public questions with 哪一份/哪一篇 ask for a journal,
# treaty, report or article the text names); of one an author the question names wrote, theirs.
_NAMED_WORK = re.compile(r"《[^》]+》")


def _hit_of(hits: Sequence[Hit], passage: Chunk) -> Hit:
    """`passage`'s hit among `hits`, or one ranked after them (a passage read from its document)."""
    return next((h for h in hits if h.chunk.id == passage.id), None) or Hit(passage, len(hits) + 1, 0.0)


def _together(terms: Sequence[str], question: str) -> list[str]:
    """`terms` of `question` (its folded words) joined where they stand together in it: 积分制 for
    积分, 制; 干部考核 for 干部, 考核."""
    folded = normalize_for_match(question)
    joined = [terms[0]]
    for term in terms[1:]:
        if joined[-1] + term in folded:
            joined[-1] += term
        else:
            joined.append(term)
    return joined


def _as_typed(word: str, question: str) -> str:
    """`word`, a folded word of `question`, as the question types it (GDP, not gdp; 積分制 as typed)."""
    at = fold_t2s(question).lower().find(word)  # folding keeps every character's place
    return question[at : at + len(word)] if at >= 0 else word


def _runs_on(sentence: str) -> bool:
    """Whether `sentence` stops at a clause mark (…吉里巴斯、, …構成，): a sentence too long for one chunk,
    cut there by the chunker, whose rest opens the next."""
    return sentence.rstrip()[-1:] in CLAUSE_ENDS


def _refused(reason: str) -> Draft:
    """A refusal whose reason the reader is shown under the fixed message: what the documents
    hold of the question, and what they lack."""
    return Draft(REFUSAL, (), refused=True, reason=reason)


# How far down the ranking a sentence that gives the kind asked is read, where those quoted give none.
_KIND_WITHIN = 5


def _giving_the_kind(
    info: QuestionInfo, ranked: Sequence[tuple[Candidate, float]], runs: Sequence[Sequence[Sentence]]
) -> int | None:
    """The index in `ranked` of the sentence that answers a when or how-many question whose quoted
    sentences (`runs`) give no date or number of the kind asked: the first within `_KIND_WITHIN` in
    the best's passage that says every word of the question and gives one (合同金额是多少 quoted
    第三条 合同金额及支付方式 and two clauses on parts of it, ranked above 合同总金额为人民币陆万捌仟元整（¥68,000.00））.
    None when the quoted sentences give one, or no such sentence is ranked there."""
    if answers_kind(info, "".join(s.text for run in runs for s in run)):
        return None
    terms = info.matched_terms
    best = ranked[0][0]
    for i, (c, _) in enumerate(ranked[:_KIND_WITHIN]):
        if c.hit == best.hit and terms and all(t in c.folded for t in terms) and answers_kind(info, c.text):
            return i
    return None


def _without_the_kind(info: QuestionInfo) -> Draft:
    """The refusal of a when or how-many question whose best sentences give no date or number."""
    return _refused(f"最相关的段落里没有给出问题所问的{'时间' if info.expect is Expect.TIME else '数字'}。")


def _as_asked(question: str, folded: str) -> str:
    """The quoted name `folded` (t2s-folded) as `question` writes it, in its quotes (“五个更加注重”,
    「三區兩地」); the folded name in “” when the question quotes none that folds to it."""
    for quoted in _QUOTED_TERM.finditer(question):
        if normalize_for_match(quoted.group(1)) == normalize_for_match(folded):
            return quoted.group(0)
    return f"“{folded}”"


def _quoted_beyond(hits: Sequence[Hit], quotes: Sequence[Quote], read: Sequence[Hit]) -> tuple[Hit, ...]:
    """Of the passages `read` beyond `hits` (quotes index `[*hits, *read]`), those up to the last one
    `quotes` quote: the answer's passages beyond the retrieved ones (`Draft.extra`)."""
    return tuple(read[: max(0, max((q.hit for q in quotes), default=-1) + 1 - len(hits))])


def _above(short: str, n: int, rest: str, note: str = "") -> str:
    """An answer's text: the short answer (a span of source n, quoted as source text is) cited
    [n], and what the library's record adds to it (`note`), above the rest of the answer."""
    return f"{as_quoted(short)}[{n}]{note}\n\n{rest}"


# Years a text tells by the day it was written (今年, 去年): its record's date says which. Not 次年 or
# 当年, which the narrative's own dates tell.
_RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


def _year_by_record(text: str, record: DocumentInfo | None) -> str:
    """What a when-answer that opens with a year told relative to its document's date (去年, 去年7月初)
    is by the record's date, as a note after it: （去年即2012年：文档记录的日期为2013年03月12日）; ""
    without one."""
    said = next((word for word in _RELATIVE_YEARS if fold_t2s(text).strip().startswith(word)), None)
    if said is None or record is None or not record.date or not record.date[:4].isdigit():
        return ""
    year = int(record.date[:4]) + _RELATIVE_YEARS[said]
    return f"（{text.strip()[: len(said)]}即{year}年：文档记录的日期为{as_chinese_date(record.date)}）"


# A place told by where the text stands (全市, 本县, 我旗, 该省): its unit.
_DEICTIC_PLACE = re.compile(rf"[全本我该]([{ADMIN_UNITS}])")


def _places_asked(info: QuestionInfo) -> list[str]:
    """The places the question asks about (t2s-folded), none when it names one with another (海北和乌审旗
    的文章都要求…: asked of both, so of no one place); not the kind of place it asks for (哪一个城市)."""
    kind = after_cue(info)
    places = [place for place in places_named(info) if not kind.startswith(place)]
    for place in places:
        at = info.folded.find(place)
        after = info.folded[at + len(place) :].lstrip(ADMIN_UNITS)[:1]
        if info.folded[max(0, at - 1) : at] in JOINS or after in JOINS:
            return []
    return places


def _bare_place(place: str) -> str:
    """A place's name without its administrative unit (西宁市 -> 西宁, 乌审旗 -> 乌审), when two
    characters or more are left."""
    bare = place.rstrip(ADMIN_UNITS)
    return bare if len(bare) >= 2 else place


def _as_written(question: str, folded: str) -> str:
    """`folded` (a t2s-folded term of `question`) as the question writes it (西寧市 for 西宁市)."""
    at = fold_sentence(question).find(folded)
    return question[at : at + len(folded)] if at >= 0 else folded


def _section_under(
    hits: Sequence[Hit], ranked: Sequence[tuple[Candidate, float]], candidate: Candidate, score: float,
    point: bool = False,
) -> list[tuple[Candidate, float]] | None:
    """Heading `candidate` and the sentences after it in its passage to the next heading (for a
    `point`, the next point or paragraph), or for a numbered heading to the next numbered like it (三、…
    after 二、…; its （一）… are its own), in order, all ranked `score`; None when none follows."""
    text = hits[candidate.hit].chunk.text
    after = sorted((c for c, _ in ranked if c.hit == candidate.hit and c.start > candidate.start),
                   key=lambda c: c.start)
    section, end = [], candidate.end
    for c in after:
        next_point = point and (names_a_point(c.text) or "\n" in text[end : c.start])
        if _ends_section(candidate.text, c.text, as_sentence(hits, c).heading) or next_point:
            break
        section.append(c)
        end = c.end
    return [(c, score) for c in (candidate, *section)] if section else None


# The most points quoted under a heading: more (a long table's rows) are read as any other section.
_MOST_POINTS = 12


# What a how-many question counts, at its end (技术人员 of 乙方要派几个技术人员).
_HOW_MANY_OF = re.compile(r"(?:几|多少)[个位名项条种件台]?([^\W\d_]{2,6}?)[？?]?$")


def _counts_what_one_names(question: str, items: Sequence[Sentence]) -> bool:
    """Whether a how-many question counts a thing one item of a list names and another does not (乙方要派
    几个技术人员 of 第四条's three points, the third of which sends 1名技术人员): the list is none of them."""
    counted = _HOW_MANY_OF.search(normalize_for_match(question))
    return counted is not None and 0 < sum(counted.group(1) in s.folded for s in items) < len(items)


def _told_by_the_line_before(
    hits: Sequence[Hit], terms: Sequence[str], rows: list[tuple[Sentence, Cell]]
) -> tuple[list[tuple[Sentence, Cell]], Sentence | None]:
    """Of records under one label (代表人：王建国, 代表人：周海涛), the one whose line before names a word of
    the question the others' do not (甲方 of 甲方（盖章）：XX市财政局, for 甲方代表人是谁: 王建国, was both),
    and that line, which the quote then opens with; all of them and None when no one line does so."""
    words = [t for t in terms if len(t) >= 2 and not any(t in fold_cleaned(cell.label) for _, cell in rows)]
    lines = sentences_of(hits)

    def before(row: Sentence) -> Sentence | None:
        return max((s for s in lines if s.doc_id == row.doc_id and s.pos < row.pos), key=lambda s: s.pos,
                   default=None)

    told = [(row, cell, line) for row, cell in rows
            if (line := before(row)) is not None and any(word in line.folded for word in words)]
    if len(told) != 1 or len(rows) == 1:
        return rows, None
    row, cell, line = told[0]
    return [(row, cell)], line


# A year as a question or a passage names it (2025年, 2026年度).
_YEAR = re.compile(r"(?<![0-9０-９])([12][0-9]{3})\s*年")


def _of_the_year_asked(question: str, hits: Sequence[Hit], draft: Draft) -> Draft:
    """`draft`, or a refusal when the question names a year that the documents it quotes are not titled
    with, being titled with others, and their quoted passages do not name (2025年财政收入多少 was answered
    86.5亿元 of the 2026年度工作总结; 2028年工作打算是什么, 2027): a document titled with its year tells of that
    year. Not by the years a passage names alone (one about 1972年's finals may name only the season,
    1971-72: six public answers were lost so)."""
    asked = set(_YEAR.findall(fold_t2s(question)))
    if not asked or draft.refused or not draft.quotes:
        return draft
    chunks = [hits[at].chunk for at in sorted({q.hit for q in draft.quotes}) if at < len(hits)]
    titled = set(_YEAR.findall(fold_t2s(" ".join(c.title for c in chunks))))
    if not titled or asked & (titled | set(_YEAR.findall(fold_t2s(" ".join(c.text for c in chunks))))):
        return draft  # (2027年工作打算是什么: the 2026年度工作总结's 三、2027年工作打算)
    return _refused(f"所引的文档说的是{_as_years(titled)}，没有说到{_as_years(asked)}。")


def _as_years(years: set[str]) -> str:
    """Years as a sentence lists them: 2025年、2026年."""
    return "、".join(f"{year}年" for year in sorted(years))


def _of_another_topic(terms: Sequence[str], cell: Cell, chunk: Chunk, top: Chunk) -> bool:
    """Whether a record of another passage than the best sentence's leaves out what the question asks it of,
    which the best one's passage says: of the question's words beside the label, those the best passage
    (or its title) holds, and `chunk` holds none (消防培训的联系人是谁 was answered 联系人：赵磊 of the purchase
    notice, where the training notice names 孙丽 in a sentence)."""
    label = fold_cleaned(cell.label)
    topic = [t for t in terms if t not in label and t in normalize_for_match(f"{top.title} {top.text}")]
    said = normalize_for_match(f"{chunk.title} {chunk.text}")
    return bool(topic) and not any(t in said for t in topic)


def _said_above(
    info: QuestionInfo, hits: Sequence[Hit], ranked: Sequence[tuple[Candidate, float]], at: int
) -> bool:
    """Whether a word of the question that neither the row or record ranked `at` nor its document's
    title holds is said by a sentence ranked above it: the question asks about what that sentence says."""
    c = ranked[at][0]
    title = fold_cleaned(hits[c.hit].chunk.title)
    unsaid = [t for t in info.terms if len(t) >= 2 and t not in c.folded and t not in title]
    return any(t in above.folded for above, _ in ranked[:at] for t in unsaid)


def _points_under_first(
    hits: Sequence[Hit], ranked: Sequence[tuple[Candidate, float]]
) -> list[Sentence] | None:
    """The numbered heading ranked first and the points under it (二、供应商资格要求 / 1. 具有… / 2. … / 3. …
    for 供应商要具备什么条件, which quoted the heading and one point): a heading says what its points are
    about, they say it. None when the best is no such heading, or a paragraph follows it."""
    top = as_sentence(hits, ranked[0][0])
    # A heading ends on no stop (3. 参加采购活动…没有重大违法记录。 is a point of its own line).
    if not (top.heading or own_line(hits, top)) or not numbered_alike(top.text, top.text) \
            or top.text.rstrip()[-1:] in SENTENCE_END:
        return None
    section = _section_under(hits, ranked, ranked[0][0], ranked[0][1])
    under = [as_sentence(hits, c) for c, _ in section[1:]] if section else []
    return [top, *under] if _are_points(hits, top, under) else None


def _are_points(hits: Sequence[Hit], heading: Sentence, under: Sequence[Sentence]) -> bool:
    """Whether what a heading heads is its points: numbered alike, not as the heading is (1. … under
    二、…), or lines of their own (报价截止时间：… / 报价文件递交地点：… under 三、报价要求)."""
    if not under or len(under) > _MOST_POINTS or numbered_alike(heading.text, under[0].text):
        return False
    return all(numbered_alike(under[0].text, s.text) for s in under) or all(own_line(hits, s) for s in under)


def _ends_section(heading: str, text: str, is_heading: bool) -> bool:
    """Whether a sentence (`text`, a heading or not) ends the section `heading` opens: the next
    numbered like it (三、… after 二、…), or a heading not numbered at all (a closing signature); a
    numbered heading's own sub-points (（一）…) do not. Any heading ends an unnumbered one's."""
    if not numbered_alike(heading, heading):
        return is_heading
    return numbered_alike(heading, text) or (is_heading and not numbered_alike(text, text))


def _at_the_extreme(
    question: str, info: QuestionInfo, rows: Sequence[Sentence], extreme: Extreme
) -> list[tuple[Sentence, Cell]]:
    """Of table `rows`, those with the highest or lowest value (`extreme`) in its column that gives a
    number or a date, each with the cell the question asks of it (`rag.cells.extreme_cell`)."""
    valued = [(value, s) for s in rows
              if (cell := next((x for x in cells(s.text) if x.label == extreme.label), None)) is not None
              and (value := sort_value(cell.value)) is not None]
    if not valued:
        return []
    top = (max if extreme.most else min)(value for value, _ in valued)
    return [(s, cell) for value, s in valued
            if value == top and (cell := extreme_cell(info.terms, question, s.text, extreme, info.expect))]


def _heading_asked(
    info: QuestionInfo, passages: Sequence[Hit], items: Sequence[Sentence], asked: Asked | None
) -> Sentence | None:
    """Of a list of headings, the one a question is about (存在哪些问题 of 一、主要工作及成效 / 二、存在的问题 /
    三、下半年工作打算): the one that names every word of the question (two or more), or half of them
    where no other names any, or two of them or more where each other names half as many at most. None
    for a list of other items, or a question for what the headings are (`asked`: 组工干部要有哪些作风 of
    headings each naming a 作风; 坚持哪三个导向)."""
    # Not the words naming the document or saying it says (工作总结, 提到 of 工作总结提到了哪些问题), which
    # none of its headings names.
    title = normalize_for_match(passages[items[0].hit].chunk.title) if items else ""
    terms = [t for t in info.terms if len(t) >= 2 and t not in title and not SAYING.fullmatch(t)]
    if not terms or not all(s.heading or own_line(passages, s) for s in items):
        return None
    if asked is not None and sum(asked.ending in s.folded for s in items) >= 2:
        return None
    named = sorted(((sum(t in s.folded for t in terms), i) for i, s in enumerate(items)), reverse=True)
    (most, best), rest = named[0], [n for n, _ in named[1:]]
    if most and all(n < most for n in rest) and (
            most == len(terms) >= 2 or (2 * most >= len(terms) and not any(rest))
            # or two words or more, the others' half at most (工作, 打算 of 三、2027年工作打算 for 明年有什么工作
            # 打算, beside 一、主要工作及成效)
            or (most >= 2 and 2 * most >= len(terms) and all(2 * n <= most for n in rest))):
        return items[best]
    return None


def _of_the_place_asked(
    ranking: Ranked, hits: Sequence[Hit], ranked: list[tuple[Candidate, float]]
) -> list[tuple[Candidate, float]]:
    """`ranked` (sentences of `hits`) without the sentences of documents that never name the place
    the question asks about, when the best sentence's document does: 2012年西寧市組織工作取得了哪些成績
    quoted 西宁's document, then a sentence of 海北's about its own work. A document names the place
    in its title or in any sentence of it the ranker read (`ranking.sentences`). Unchanged when the
    question names none, or names it with another (海北和乌审旗的…: both are asked about), or the best
    sentence's document does not name it either (the library calls the place otherwise, or the text
    implies it: a public article about a German state never says 德国, one about a war 美国). Of the
    public answers 36 of 5,763 change, 3 of them answered; no measure moves (their dropped sentences
    were another document's: 1927年發生經濟大恐慌 after 1929年開始的經濟大恐慌 for 美國的經濟大恐慌於何年爆發)."""
    places = _places_asked(ranking.info)
    if not places or not ranked:
        return ranked
    said: dict[str, list[str]] = {}
    for s in ranking.sentences:
        chunk = ranking.hits[s.hit].chunk
        if chunk.doc_id not in said:
            said[chunk.doc_id] = [normalize_for_match(chunk.title)]
        said[chunk.doc_id].append(s.folded)

    def names_them(c: Candidate) -> bool:
        texts = said.get(hits[c.hit].chunk.doc_id, ())
        return all(any(place in text for text in texts) for place in places)

    return [pair for pair in ranked if names_them(pair[0])] if names_them(ranked[0][0]) else ranked


# What a thing is made of, asked (差旅费包括哪些费用, 工作方案主要有什么内容): its subject before the verb.
_PARTS_OF = re.compile(r"^(?P<subject>[^，,。？?]{2,16}?)(?:主要|都|一般|具体)?(?:包括|包含|分为)(?:哪些|什么|哪几|几)")
# A sentence saying what its subject is or is made of, after it (folded: 差旅费是指, 培训方式主要包括).
_DEFINES = r".{0,2}?(?:是指|指的是|包括|包含|分为|是由)"
# How far down the ranking a sentence that says what the subject asked is made of is read.
_SUBJECT_WITHIN = 20


def _of_the_subject_asked(
    question: str, ranked: list[tuple[Candidate, float]]
) -> list[tuple[Candidate, float]]:
    """The sentences of `ranked` that say what a question asks the parts of is made of (差旅费包括哪些费用:
    第二条 本办法所称差旅费是指…城市间交通费、住宿费、伙食补助费和市内交通费, ranked 13th under 第七条 住宿费是指…（包括饭店、
    招待所）…费用, which shares the question's 包括 and 费用 but is of another thing), the best first, when one
    within `_SUBJECT_WITHIN` does; `ranked` unchanged otherwise."""
    asked = _PARTS_OF.match(fold_question(question))
    words = keyword_tokens(asked.group("subject")) if asked is not None else []
    if not words or len(subject := normalize_for_match(words[-1])) < 2:
        return ranked
    defines = re.compile(re.escape(subject) + _DEFINES)
    # They alone, each scored as the best was (`_as_the_best`): the others ranked above them are of
    # other things (第六条, 第八条 beside 第七条 住宿费是指…).
    best = ranked[0][1]
    return [(c, best) for c, _ in ranked[:_SUBJECT_WITHIN] if defines.search(c.folded)] or ranked


def _as_the_best(
    ranked: list[tuple[Candidate, float]], chosen: Sequence[int]
) -> list[tuple[Candidate, float]]:
    """`ranked` with the sentences at `chosen` first, each scored as the best was: what the quote
    holds of the ranker's confidence (`ExtractiveAnswerer._ranked_runs`) is theirs."""
    best = ranked[0][1]
    return [(ranked[i][0], best) for i in chosen] + [pair for i, pair in enumerate(ranked) if i not in chosen]


def _placed(hits: Sequence[Hit], hit: Hit) -> tuple[int, tuple[Hit, ...]]:
    """Where `hit` stands among `hits` for a quote, and the passage to carry when it is none of them
    (read from the document's opening): its index in `[*hits, *extra]`, and `extra`."""
    index = next((i for i, h in enumerate(hits) if h is hit), None)
    return (len(hits), (hit,)) if index is None else (index, ())


_CLAUSES = re.compile(r"[，,；;]")


def _unnamed_row(info: QuestionInfo, question: str, folded: str, text: str) -> bool:
    """Whether `text` is a table's row the question (`folded`: its `normalize_for_match`) names none
    of the values or labels of."""
    row = cells(text)
    if not row or named_extent(question, text):
        return False
    return not any(label_strength(info.terms, folded, cell.label) for cell in row)


def _names_the_asked(info: QuestionInfo, question: str, answer: str) -> bool:
    """Whether `answer` to a who-question is a name the question itself gives (张学天是谁？ is not
    answered 张学天). Only its last clause asks: before it, a follow-up carries what was answered
    (西宁市的组织部长是張學天，这篇文章的作者是谁 is answered 張學天 again; it was his post), and a
    question sets its scene (USC和UCLA簽訂協議後，第一年的比賽由誰獲勝: UCLA, the one gold answer of the
    public data's 554 who-questions that the question names, got no short answer). Nor is a how-many
    or when-answer the question states (一次 of 固定资产清查盘点多久一次), whole: not a digit of another
    number (0 of 儒略日0 for 西元前4713年1月1日12:00是儒略日的第幾天)."""
    asked = normalize_for_match(_CLAUSES.split(question)[-1])
    said = normalize_for_match(answer)
    if info.expect is Expect.PERSON:
        return said in asked
    return info.expect in (Expect.NUMBER, Expect.TIME) and said != "" \
        and re.search(rf"(?<!\d){re.escape(said)}(?!\d)", asked) is not None


# Words that point at what the text says next or said before (通知如下, 上述单位): no answer names a thing
# with them alone (放假通知是哪个单位发的 was answered 如下, jieba's time word).
_POINTERS = frozenset({"如下", "以下", "下列", "下述", "如上", "以上", "上述", "前述", "此", "其", "该", "这", "那",
                       "这些", "那些"})


def _names_nobody(info: QuestionInfo, answer: str) -> bool:
    """Whether a short `answer` to a who-question opens with a verb (飛赴重慶 for …以及誰, 解决问题 for
    谁提出了“海北方案”) or an idiom (貫徹落實 for 乌审旗的组织部长是谁): it names nobody, and its
    sentences answer. Of the 5,763 public train and dev
    answers 6 such spans were given, none of them exact (243 of the other 426 who-spans were)."""
    if info.expect is not Expect.PERSON:
        return False
    tokens = [(word, word_tag) for *_, word, word_tag in tag_tokens(fold_sentence(answer)) if word.strip()]
    if len(tokens) <= 2 and tokens and ends_on_role(fold_t2s(tokens[-1][0])):
        return False  # a post names who holds it (带班领导 for 遇有重大突发事件要向谁报告, 带班 a verb)
    return bool(tokens) and (tokens[0][1] == TAG_INDEX["v"] or is_idiom(tokens[0][0]) or is_verb_object(*tokens[0]))


# Who is what a question names (谁是安全生产第一责任人, 第一责任人是谁), and where a sentence says someone
# is it (各单位主要负责人是本单位安全生产第一责任人): 是, up to a few words of its own, then what is asked
# (8 characters: 本单位安全生产 of 第一责任人是谁; at 6 it was answered 层层压实).
_WHO_IS = re.compile(r"^(?:请问)?谁是(?P<a>[^，,？?]{2,})[？?]?$|^(?P<b>[^，,？?]{2,}?)是谁[？?]?$")
_BETWEEN = 8
_CLAUSE_OPEN = re.compile(r"[，,。；;：:！!？?、\s]")
_ADVERB_BEFORE_IS = "就也都才即便正乃则还"
_PRONOUNS = frozenset("他她它其此该")


def _who_is(question: str, quoted: Sequence[Quoted], span: ShortAnswer | None) -> ShortAnswer | None:
    """`span`, or the doer a quoted sentence says is what a who-is question asks about, where it says
    so (`_the_one_who_is`) and `span` is not inside it."""
    asked = _WHO_IS.match(fold_t2s(question).strip())
    if asked is None:
        return span  # most who-questions
    what = asked.group("a") or asked.group("b")
    for i, q in enumerate(quoted):
        if (at := _the_one_who_is(what, q.text)) is None:
            continue
        if span is not None and span.sentence == i and at[0] <= span.start and span.end <= at[1]:
            return span
        return ShortAnswer(q.text[at[0] : at[1]], i, at[0], at[1], span.score if span is not None else 0.0)
    return span


def _the_one_who_is(what: str, sentence: str) -> tuple[int, int] | None:
    """Where `sentence` names who is `what`, what a who-is question asks about (各单位主要负责人 of
    各单位主要负责人是本单位安全生产第一责任人, for 谁是安全生产第一责任人): the doer of the clause that
    says so, before its 是; None when no clause of it says so, or its doer is a pronoun. The span model
    took the clause after (层层压实责任)."""
    folded = fold_t2s(sentence)
    for is_at in (m.start() for m in re.finditer("是", folded)):
        if what not in folded[is_at + 1 : is_at + 1 + _BETWEEN + len(what)]:
            continue
        start = max((m.end() for m in _CLAUSE_OPEN.finditer(folded, 0, is_at)), default=0)
        end = is_at
        while end > start and folded[end - 1] in _ADVERB_BEFORE_IS:
            end -= 1
        if 2 <= end - start <= 20 and folded[start] not in _PRONOUNS:
            return start, end
    return None


# The tags of the nouns an office's name is made of (后勤 of 后勤服务中心, 财政 of 财政局).
_NAME_PARTS = frozenset(TAG_INDEX[t] for t in ("n", "nt", "ns", "nz", "j"))
_VERB = TAG_INDEX["v"]


def _with_nouns_before(span: ShortAnswer, sentence: str) -> ShortAnswer:
    """A who-span that names nobody as cut (服务中心 of 由后勤服务中心登记资产卡片, a verb and its object
    to jieba) with the nouns right before it taken in (后勤服务中心): the span model cut an office's
    name after its first word. Only a span of nouns that, so taken, is the doer of its clause: after
    a preposition (由, 向) or a clause break, before a verb (登记). `span` as it was otherwise (起始 of
    東羅馬帝國起始; 解决问题, a thing done, after 组织部)."""
    tokens = words_of(sentence)
    inside = [t for t in tokens if span.start <= t[0] and t[1] <= span.end]
    after = [t for t in tokens if t[0] >= span.end][:1]
    if not inside or any(t[3] not in _NAME_PARTS for t in inside) or [t[3] for t in after] != [_VERB]:
        return span
    start = span.start
    for at, end, _, word_tag in reversed([t for t in tokens if t[1] <= span.start]):
        if end != start or word_tag not in _NAME_PARTS:
            opens = word_tag == TAG_INDEX["p"] or word_tag == PUNCT_TAG
            break
        start = at
    else:
        opens = True
    if start == span.start or not opens:
        return span
    return dataclasses.replace(span, start=start, text=sentence[start : span.end])


# A question answered yes or no (海北州的组织部长是司吉昇吗？): a byline that says all it names confirms it.
_YES_NO = re.compile(r"[吗嗎][？?]?\s*$|是否")


# What a question asks the author of, named before 的作者 (乌审旗的作者是谁), not a work in 《》.
_AUTHOR_OF = re.compile(r"^([^《》“”「」，,。？?]{2,12}?)的作者")


def _author_of(question: str) -> str | None:
    """What `question` asks the author of (乌审旗 of 乌审旗的作者是谁), folded: where a document's
    opening names it (烏審旗將堅持… in the essay's first lines), the document is the text asked
    about, as when the question says 文章."""
    asked = _AUTHOR_OF.match(question.strip())
    return (normalize_for_match(asked.group(1)) or None) if asked is not None else None


# What a question asks of a document it names by its bare title (以作风建设推动组织工作提质增效的作者是谁,
# …这篇文章是谁写的), t2s-folded and without punctuation.
_ASKED_OF_TITLE = re.compile(r"的作者|是谁|由谁|这篇|那篇|一文|文章")


# What a sentence says of who wrote a work (写成, 所寫, 著有, 作者是).
_SAYS_WHO_WROTE = re.compile(r"[写寫撰]|著有|著作|所著|[编編]著|作者|执笔|執筆")


def _names_the_title(question: str, title: str) -> bool:
    """Whether `question` names a document by its whole `title`: as the work in its 《》
    (《以作风建设推动组织工作提质增效》的作者是谁), or bare at its start before what it asks of it;
    not a work whose name only begins with the title (《朱啟鈐：「被抹掉的奠基人」》這篇文章的作者是誰,
    of the library's 朱啟鈐)."""
    folded = normalize_for_match(title)
    if not folded:
        return False
    works = [normalize_for_match(work[1:-1]) for work in _NAMED_WORK.findall(question)]
    if works:
        return folded in works
    asked = normalize_for_match(question)
    return asked.startswith(folded) and _ASKED_OF_TITLE.match(asked, len(folded)) is not None


# A short line all in brackets: an aside of the page, its issue ((2013年02期)) or part ((之一)).
_ASIDE = re.compile(r"^[(（【\[][^()（）【】\[\]]{0,20}[)）】\]]$")


def _beside_the_text(info: QuestionInfo, of_the_author: bool, sentence: str) -> bool:
    """Whether `sentence` is a line about the text, not of it, that does not answer the question:
    a note about the author ((作者系西寧市委常委、組織部長)) answers questions about them and who
    holds a post; an issue line ((2013年02期)) when the text appeared. 2013年西宁组织工作的重点是什么
    was answered with the two, a reprinted essay's last lines."""
    line = sentence.strip()
    if AUTHOR_NOTE.match(line):
        return not of_the_author and info.expect is not Expect.PERSON
    return _ASIDE.match(line) is not None and info.expect is not Expect.TIME


# A term the question quotes (什么是“绣花功夫”, 「MZ」两字来源于哪里): what it asks about.
_QUOTED_TERM = re.compile(r"[“「『\"]([^”」』\"]{2,})[”」』\"]")


def _holds_the_quoted(question: str, answer: str) -> bool:
    """Whether a short `answer` holds a term `question` quotes (什么是“绣花功夫” is not answered
    要学会“绣花功夫”), or the name it asks what it is unquoted (组织路线是什么 is not answered
    组工干部贯彻新时代党的组织路线): its sentence answers. Of the public data's 213 questions that
    quote a term, 11 gold answers hold it, 10 of them whole sentences (CMRC's 什么是“乡里制” -> 乡里制，
    是…); of the public answers, the unquoted name moves 4 short answers of the train parts to their
    sentences, all definitions (赤痢变形虫是什么: 溶组织内阿米巴，赤痢变形虫…是一种厌氧的原生动物), no EM."""
    folded = normalize_for_match(answer)
    bare = bare_name_asked(question)
    return any(normalize_for_match(term) in folded for term in _QUOTED_TERM.findall(question)) or (
        bare is not None and normalize_for_match(bare) in folded)


# What joins a quoted name to what it is said to be: its closing quote and the words after it
# (制度), then 是, 为, 指, 即 or a colon (“总师”制度是…, “乡里制”，即…).
_SAID_TO_BE = re.compile(r"[”」』\"]?[^\W\d_]{0,3}\s*[，,]?\s*(?:也|即|就|则)?(?:是|为|指|即|系|：|:)")


# A what-is question about a quoted name and at most the kind of thing it is (“总师”制度是什么), not about a
# part of it (“十三个坚持”的第一条是什么).
_ASKS_WHAT_IT_IS = re.compile(r"[”」』\"](?!第)[^\W\d_的]{0,2}(?:是|指|是指|指的是)什么(?:意思)?\s*[？?]?\s*$")
# What joins the thing a sentence says a quoted name is, said before it, to the name (支持臺灣獨立的「獨派」,
# 定義了「一個小時說一個字」為一個「狄拉克」單位).
_SAID_BEFORE = re.compile(r"[”」』\"]?\s*(?:的|为|是|称为|叫做|即)[^，,。；;]{0,3}?[“「『\"]?")


def _not_what_it_is(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether a short answer at `start:end` of `sentence` is not what a what-is question's quoted name
    is said to be there: “总师”制度是什么 was answered 破解人才引进难题, what 探索实行“总师”制度，破解人才
    引进难题 does with it; the sentence, which names it, answers."""
    quoted = _QUOTED_TERM.findall(question)
    name = name_asked(question)
    if name is None and len(quoted) == 1 and _ASKS_WHAT_IT_IS.search(fold_question(question)):
        name = fold_t2s(quoted[0])  # “总师”制度是什么: the name and the kind of thing it is
    if name is None:
        return False
    folded = fold_t2s(sentence)
    at = folded.rfind(name, 0, start)
    if at >= 0 and _SAID_TO_BE.fullmatch(folded, at + len(name), start) is not None:
        return False
    after = folded.find(name, end)
    return after < 0 or _SAID_BEFORE.fullmatch(folded, end, after) is None


# The fewest characters of a heading a question names for its section to answer it (坚持问题导向抓落实):
# fewer (一、概述) name no section a question would ask about.
_NAMED_HEADING = 4
# What a question about a heading adds to it: 如何, 为什么要, 具体怎么做, 是什么意思 (5 characters).
_ASKING = 6


def _asks(question: str) -> int:
    """How many questions `question` asks: 是否主张一罚了之？应该怎么对待？ asks two."""
    return max(1, sum(1 for part in _QUESTION_END.split(question) if part.strip()))


class ExtractiveAnswerer:
    """Quotes the retrieved sentences that answer the question, each with its [n]; no model.

    A list question ("有哪些…") gets the items of the best-matching list in the passages
    (一是/二是…, 首先/其次…, or parallel paragraph headings such as 切实增强…), in document
    order. Any other question gets its best few sentences, near-duplicates dropped,
    grouped by document and in reading order, within `max_chars`; one that asks one thing and
    wants no short answer, only as many as the ranker needs to be sure of it (`COVER`).
    """

    def __init__(
        self,
        max_sentences: int = 3,
        max_chars: int = 240,
        max_items: int = 8,
        model: AnswerModel | None = None,
        span_model: SpanModel | None = None,
        neighbours: Neighbours | None = None,
        choice: Chooser | None = None,
        documents: Callable[[str], DocumentInfo | None] | None = None,
        containing: Callable[[Sequence[str]], Sequence[Chunk] | None] | None = None,
    ) -> None:
        self._max_sentences = max_sentences
        self._max_chars = max_chars
        self._model = model
        self._span_model = span_model
        self._choice = choice
        self._neighbours = neighbours
        self._lists = ListReader(neighbours, max_items)
        # The library's record of a document (`Store.document`): its author, read from its byline at ingest.
        self._documents = documents
        # The library's chunks that hold some words (`Retriever.containing`; None where it cannot
        # read them all): which documents say them.
        self._containing = containing

    def stream(self, question: str, hits: Sequence[Hit], ranking: Ranked | None = None) -> Iterator[str | Draft]:
        draft = self.draft(question, hits, ranking)
        yield draft.text
        yield draft

    def draft(self, question: str, hits: Sequence[Hit], ranking: Ranked | None = None) -> Draft:
        """The answer as a draft: the short answer when there is one, then quoted sentences with their [n].

        Without a `ranking` of `hits` (the pipeline makes one), the answerer ranks them itself
        and keeps their order.
        """
        if ranking is None:
            ranking = (self._model or shipped()).rank(question, hits)
            hits = ranking.hits
        records: dict[str, DocumentInfo | None] = {}  # the library's record of each document, read once
        # What a point or heading ending its passage names opens the next chunk: read it, so that
        # the sentence that says it can be quoted (`_said_after`); appended after `hits`, so that
        # every index into them still holds.
        read = self._after_points(hits, ranking)
        # The ranking may cover more passages than the answer reads (the pipeline ranks 10, quotes k):
        # past the k, its sentences' indices would name the passages read after them.
        kept = [(s, score) for s, score in zip(ranking.sentences, ranking.scores) if s.hit < len(hits)]
        ranking = ranking._replace(sentences=[s for s, _ in kept], scores=[score for _, score in kept])
        found = self._found(question, [*hits, *read], ranking, records)
        if read:
            found = found._replace(extra=(*read, *found.extra))
        # When and where a document was published are its record's date and source: ingest drops
        # the date/source line as chrome.
        record = functools.partial(self._record, records=records)
        for asked, said in (
            (published_asked, lambda info: f"{as_chinese_date(info.date)}（文档记录的日期）"),
            (publisher_asked, lambda info: f"{info.publisher}（文档记录的来源）"),
            (issuer_asked, lambda info: f"{info.author}（文档记录的署名）"),
        ):
            if (at := asked(question, hits, record)) is not None:
                info = record(hits[at].chunk.doc_id)
                assert info is not None, "each of these returns a recorded document only"
                return self._of_the_record(hits, hits[at], records, found, said(info))
        if unrecorded_asked(question, hits, record):
            return _refused(UNRECORDED)
        return _of_the_year_asked(question, hits, self._with_place_unnamed(
            question, ranking.info, [*hits, *found.extra], found))

    def _found(
        self, question: str, hits: Sequence[Hit], ranking: Ranked, records: dict[str, DocumentInfo | None]
    ) -> Draft:
        """What the passages say: `draft` but for what only the library's record says."""
        ranked = list(zip(ranking.sentences, ranking.scores))
        if not ranked:
            return Draft(REFUSAL, (), refused=True)
        if (number := number_asked(question, hits)) is not None:  # 文号是多少: 海组发〔2024〕12号
            at, start, end = number
            return self._with_named(hits, [], Draft("", ()), hits[at].chunk.text[start:end], hits[at], start)
        if (cell := self._cell_asked(question, ranking.info, hits, ranked)) is not None:
            return cell
        record = functools.partial(self._record, records=records)
        # Who an author is, or what post they hold, is what their byline or the note about them says.
        if (described := described_in(question, hits, record)) is not None:
            return self._describing(hits, *described)
        # Who wrote it, unless the question asks for a place, time or number of the author (这篇文章的
        # 作者在哪里工作; 作者是張學天，張學天是哪里的, a follow-up with its previous question carried answered).
        of_the_author = _WHO_WROTE.search(question) is not None
        who_wrote = of_the_author and ranking.info.expect not in _NOT_A_NAME
        if not who_wrote:
            # A byline names a person and what they are (中共海北州委常委、组织部部长 司吉昇): it
            # answers questions about the author, and who holds the post it gives (海北州组织部长是谁),
            # not who said what its document says (“五个更加注重”是谁提出的 was answered 中共海北). Kept
            # where it names the post's place and words but not the post (海北州组织部副部长是谁), it
            # is what tells that the library does not say (`names_another_post`); not where the
            # question asks more than who (海北州组织部长是谁？他提出了什么？).
            # Also a query of words alone, no question in it (海北州组织部长), that the byline gives
            # every character of: who holds the post is what it looks for (was answered with
            # 海北组织系统必须抓好贯彻落实…).
            asks_post = ranking.info.expect is Expect.PERSON or _YES_NO.search(question) is not None \
                or not ranking.info.cue
            post_at = _asks(question) == 1

            def keeps_byline(c: Candidate) -> bool:
                return of_the_author or (asks_post and (
                    gives_post_asked(ranking.info, c.text) or post_at and asks_of_post_at(ranking.info, c.text)))

            ranked = self._without_headings(hits, ranked, records, keeps_byline)
            ranked = [pair for pair in ranked
                      if not _beside_the_text(ranking.info, of_the_author, pair[0].text)] or ranked
            if ranking.info.expect is Expect.PERSON and any(
                self._heading(hits, c, records) == "byline" and gives_post_asked(ranking.info, c.text) for c, _ in ranked
            ):
                # A byline gives the post asked (中共海北州委常委、组织部部长 for 海北的组织部长是谁): a
                # note about another author, who holds it elsewhere (作者系西寧市委常委、組織部長), does
                # not answer; ranked above the byline, it was answered 張學天.
                ranked = [pair for pair in ranked if not AUTHOR_NOTE.match(pair[0].text.strip())
                          or gives_post_asked(ranking.info, pair[0].text)]
        elif (document := self._document_asked(question, hits, ranked, record)) is not None \
                and not document.author:
            # Who wrote a document of the library that records no author: no span of its text
            # says (作风建设那篇文章的作者是谁 was answered 强有力, 《以作风建设推动组织工作提质增效》是谁写的
            # 区委组织部).
            return _refused("这篇文档没有记录作者。")
        if (named := texts_asked_about(question)) is not None \
                and (documents := self._documents_saying(named, question, hits, ranked)) is not None:
            return documents
        ranked = _of_the_subject_asked(question, ranked)
        term = numbered_term(question)
        # What the items share: the question's (哪三个导向, 三个导向是什么), or a quoted name's that only
        # counts them (“三个导向”是什么).
        asked = asked_items(question) or (counted_name(term.term) if term is not None else None)
        listed_draft, listed_items = None, 0
        # How many people (每个直属单位派几个人) is a number or who they are, no list of points.
        # (几点 of 培训几点开始 asks an hour, not how many points: was the work plan's headings)
        listing = ranking.info.expect is Expect.LIST \
            or _LIST_QUESTION.search(question) and not asks_hour(ranking.info) \
            or announces_asked(question, ranked[0][0].text)
        if listing and not counts_people(ranking.info.expect, question):
            listed = self._lists.read(question, hits, ranked[0][0])
            if listed is not None and (term is None or unpacks(term, *listed, hits)) \
                    and not _counts_what_one_names(question, listed[0]):
                items, extra = listed
                # A document's headings, one of which the question asks about: what its section says
                # (存在哪些问题 was answered with the summary's three headings, 二、存在的问题 among them).
                heading = _heading_asked(ranking.info, [*hits, *extra], items, asked)
                if heading is not None and heading.hit < len(hits) and (
                        section := self._section(hits, heading)) is not None:
                    return section
                listed_draft = self._listed([*hits, *extra], items)._replace(extra=tuple(extra))
                listed_items = len(items)
                if asked is None or any(asked.ending in s.folded for s in items):
                    return listed_draft
                # A list of other things (一是深化…, 二是坚持… for 海北州坚持哪三个导向): the items the
                # question names may stand in one sentence (坚持目标导向、标准导向、效果导向).
        if term is not None:
            # The sentences that list the parts answer, wherever the ranker put them; when the
            # library names the thing but never lists its parts (“五个更加注重” 具体是哪五个方面？),
            # quoting the sentence that names it would not answer.
            lists = [enumerates(term, candidate.text) for candidate, _ in ranked]
            if not any(lists):
                if not any(term.term in candidate.folded for candidate, _ in ranked):
                    # Nor said that the documents name it, where no passage does (组工干部要做到哪“三个
                    # 过硬”: the library says 过硬的工作作风, never 三个过硬).
                    return _refused(f"最相关的段落里没有提到{_as_asked(question, term.term)}。")
                return _refused(f"文档提到了{_as_asked(question, term.term)}，但没有列出它包括哪些。")
            ranked = [pair for pair, holds in zip(ranked, lists) if holds] + [
                pair for pair, holds in zip(ranked, lists) if not holds
            ]
        if (name := name_asked(question) or bare_name_asked(question)) is not None:
            # Nor does a sentence that names the thing beside others (实施好“321引才工程”和“年輕干部
            # 培育計劃”) say what it is: “321引才工程”是什么 was answered 年輕干部培育計劃, and 三型目标是什么,
            # asked without the quotes the library puts round “三型目標”, 八項任務 (listed beside it).
            mentions = [c.text for c, _ in ranked if name in fold_t2s(c.text)]
            if mentions and all(only_listed(name, text) for text in mentions):
                return _refused(f"文档提到了{_as_asked(question, name)}，但没有说明它是什么。")
        if (article := self._article(question, hits, ranked)) is not None:
            return article
        if (which := self._which_part(question, hits, ranked)) is not None:
            return which
        if not ranking.info.wants_short and (points := _points_under_first(hits, ranked)) is not None:
            return self._render(hits, [points], as_list=False)
        section = self._section_asked(question, hits, ranked)
        if section and (not ranking.info.wants_short or section[0][0] is ranked[0][0]):
            # A short answer's too when the heading the question names is the best (培训对象是谁: 二、培训对象's
            # section, was the work plan's table of stages, a cell of which the span model took).
            heading, *under = [as_sentence(hits, c) for c, _ in section]
            if _are_points(hits, heading, under):  # all of them, as many as there are
                return self._render(hits, [[heading, *under]], as_list=False)
            return self._render(hits, self._ranked_runs(hits, section)[0], as_list=False)
        ranked = _of_the_place_asked(ranking, hits, ranked)
        # A sentence answer to one question is the sentence that answers it; the short answer
        # of another, or the parts of a question that asks two things, may need more.
        one_sentence = not ranking.info.wants_short and _asks(question) == 1
        if not ranking.info.wants_short:
            # A table's row the question names nothing of, value or label, says nothing of how or why
            # (放假前要做什么 quoted two rows of the duty table before the point that answers it).
            folded = normalize_for_match(question)
            ranked = [pair for pair in ranked
                      if not _unnamed_row(ranking.info, question, folded, pair[0].text)] or ranked
        runs, top = self._ranked_runs(hits, ranked, cover=self.COVER if one_sentence else None)
        if ranking.info.dated and (giving := _giving_the_kind(ranking.info, ranked, runs)) is not None:
            ranked = _as_the_best(ranked, [giving])
            runs, top = self._ranked_runs(hits, ranked)
        draft = self._render(hits, runs, as_list=False)
        if (asked_of := yes_no_asked(question)) is not None and _asks(question) == 1:
            # A yes or no is what the passages say of what is asked: sentences that share not one
            # character with it (领现金 of 出差补助可以领现金吗, quoted …每人每天80元包干使用) say nothing of it.
            said = normalize_for_match("".join(s.text for run in runs for s in run))
            if not any(ch in said for word in keyword_tokens(asked_of) for ch in word):
                return _refused(f"最相关的段落里没有说到{asked_of}。")
        if not ranking.info.wants_short:
            if (by := written_by(question, hits, record)) is not None and (
                titled := self._title_line(hits, hits[by].chunk, records)
            ):
                return self._with_named(hits, runs, draft, *titled)  # 苏新发写了什么: the title, then what it says
            if asks_gist(question) and (gist := self._gist_of_titled(question, hits, runs, records)):
                return gist
            items = self._with_items(asked, ranking.info, hits, ranked, runs, top, draft)
            if items is None and listed_draft is not None and asked is not None \
                    and asked.count != listed_items \
                    and any(asked.ending in s.folded for run in runs for s in run):
                # A list of other things (一是聚焦高质量选贤任能, 二是聚焦高水平引才育才… for 要聚焦自治区的
                # 哪些产业), not as many as asked, while a quoted sentence names them (聚焦自治区“六新
                # 六特六优”产业): the sentence answers.
                return draft
            return items or listed_draft or draft
        quoted = "".join(s.text for run in runs for s in run)
        if ranking.info.dated and not answers_kind(ranking.info, quoted):
            # A when or how-many question whose best sentences hold no date or number: they
            # share its words, not its answer (a year the documents never give).
            return _without_the_kind(ranking.info)
        # Several things asked for (三个导向是什么) are their run of items, not one span of it; where
        # no quoted sentence lists them (乌审旗的五件大事是什么), the sentences answer, no span does.
        if asked is not None and (asked.count or 0) >= 2:
            items = self._with_items(asked, ranking.info, hits, ranked, runs, top, draft)
            return items or listed_draft or draft
        best = ranked[0][0]
        if asks_which_text(question):
            by = written_by(question, hits, record)
            source = hits[by if by is not None else best.hit].chunk
            if (by is not None or not _NAMED_WORK.search(best.text)) and (
                titled := self._title_line(hits, source, records)
            ):
                return self._with_named(hits, runs, draft, *titled)
        # Who is the 组织部长 a byline or a note about the author names? The author, as the byline names them.
        about = self._about_author(ranking.info, hits, ranked, records)
        if about is not None and names_another_place(ranking.info, about.text):
            # Who holds the post in a place the note or byline does not name (北京的组织部长是谁,
            # best matched by (作者系西寧市委常委、組織部長)): the library does not say.
            return _refused("文档只写了另一个地方的这一职务由谁担任。")
        if about is not None and not who_wrote and ranking.info.expect is Expect.PERSON \
                and names_another_post(ranking.info, about.text):
            # Nor who holds another post there (西宁市委书记是谁, best matched by the same note, was
            # answered 張學天, its author).
            return _refused("文档只写了作者担任的职务，没有写明问题所问的职务由谁担任。")
        if (who_wrote or about is not None) and (
            byline := self._byline(
                question, hits, hits[(about or best).hit].chunk, records, asked_of_the_text=about is None
            )
        ):
            if _names_the_asked(ranking.info, question, byline[0]):
                return draft
            if about is not None and not who_wrote:
                # Who holds a post the byline or a note gives: those lines say it, not the sentences
                # the ranker put beside them (海北州的组织部长是谁 quoted 全国、全省组织部长会议都提出…).
                said = [run for run in runs if any(self._says_who(hits, s, records) for s in run)]
                if said != runs:  # none: the line that names the author is quoted alone
                    runs, draft = said, (self._render(hits, said, as_list=False) if said else draft)
            return self._with_named(hits, runs, draft, *byline)
        if _asks(question) > 1:
            # Two questions at once (海北州组织部长是谁？他提出了什么？): a span of the words of one,
            # read by the other's class, answers neither (was 部长会议); the sentences answer.
            return draft
        quoted = self._as_quoted(runs, top, ranked)
        found = options(self._span_model or _shipped_span(), ranking.info, [q for _, q in quoted])
        span = (self._choice or _shipped_choice()).choose(found)
        if span is None and HOW_OFTEN.search(ranking.info.folded):
            # How often is a period said (每季度, 每年年底), which the span model scores under its threshold:
            # public questions seldom ask it (固定资产清查盘点多久一次 was refused).
            span = next((o.span for o in found if o.quoted.in_best_run
                         and EACH_PERIOD.fullmatch(fold_t2s(o.span.text))), None)
        if span is None and ranking.info.dated:
            if asks_hour(ranking.info) and any(gives_hour(ranking.info, q.text) for _, q in quoted):
                return draft  # the hours a quoted sentence gives, which no span scored well (驻场技术人员几点上班)
            # A when or how-many question whose quoted sentences give no span of a date or number
            # is refused as one whose sentences hold none: the numerals they hold count nothing
            # asked (一项项, “三三制” for 海北州有多少个乡镇).
            return _without_the_kind(ranking.info)
        if span is not None and span.whole:
            # No shorter span answers (乙酰胺是什么？): the sentence does, quoted as for a question
            # that wants sentences, the ranker's best until they hold COVER of its softmax.
            return self._render(hits, self._ranked_runs(hits, ranked, cover=self.COVER)[0], as_list=False)
        if span is not None and _names_nobody(ranking.info, span.text):
            span = _with_nouns_before(span, quoted[span.sentence][1].text)
        if ranking.info.expect is Expect.PERSON:
            span = _who_is(question, [q for _, q in quoted], span)
        # A span that is what the question asks about (张学天是谁？ 张学天; 什么是“绣花功夫” …“绣花功夫”)
        # does not answer it: the sentences do.
        # Nor does the number of the article that says it (第九条 for 住宿费超标了谁出), unless asked which.
        if span is None or _names_the_asked(ranking.info, question, span.text) \
                or (is_part_number(span.text) and level_asked(question) is None) \
                or _holds_the_quoted(question, span.text) or _names_nobody(ranking.info, span.text) \
                or counts_off(span.text) or unnumbered(span.text) != span.text \
                or fold_t2s(span.text.strip()) in _POINTERS or _not_what_it_is(
                    question, quoted[span.sentence][1].text, span.start, span.end):
            # The sentences answer (a span that opens with a point's number, 二、供应商资格 for 供应商需要什么资格,
            # is the point's words); a numbered heading ranked first, with all its points.
            points = _points_under_first(hits, ranked)
            return self._render(hits, [points], as_list=False) if points is not None else draft
        s, start, end, text = quoted[span.sentence][0], span.start, span.end, span.text
        if cells(s.text) and not named_extent(question, s.text):
            # One cell of a table whose rows the question names none of (住宿费标准是多少 of a table of
            # standards by grade of staff, was 260 of its last row): the table answers, quoted whole.
            return self._table(hits, s) or draft
        run = next(run for run in runs if s in run)
        if runs[0] is not run:
            # The passage that holds the short answer is quoted first, the others after it in their
            # order (事假最多几天 quoted two sentences on 请假 before the one giving its 15天).
            runs = [run, *(other for other in runs if other is not run)]
            draft = self._render(hits, runs, as_list=False)
        if unasked_of_figures(ranking.info.terms, question, s.text, start, end):
            # One of the figures of the row it names, and the question does not say which (600 or
            # 450 for 局级干部住宿费标准是多少): the row answers.
            return draft
        ahead = [s, *reversed(run[: run.index(s)])]  # the sentence, then those before it in its passage
        if (dated := year_before(ranking.info, text, [s.text[:start], *(t.text for t in ahead[1:])])) is not None:
            # A month without its year (於8月率舉國之師南征 for 苻堅於何年…): the year the passage
            # dated it by before (383年5月桓沖率10萬兵攻襄陽…) answers 何年.
            s, start, end = ahead[dated[0]], dated[1], dated[2]
            text = s.text[start:end]
        # 去年 answers 哪一年 as the document says it; its record's date tells which year that was.
        note = _year_by_record(text, record(hits[s.hit].chunk.doc_id)) if ranking.info.expect is Expect.TIME else ""
        # 全市 answers 在哪里 as the document says it; the one 市 the document names tells which it is.
        note = note or self._place_by_document(text, hits, hits[s.hit].chunk)
        return self._led_by(runs, draft, s, start, end, text, note)

    def _with_place_unnamed(
        self, question: str, info: QuestionInfo, passages: Sequence[Hit], draft: Draft
    ) -> Draft:
        """`draft` with a note after it when the documents it quotes never name the place the question
        asks about while a retrieved one is about it: 西宁组织工作要坚持什么导向 is answered from 乌审旗's
        essay, the one that names a 导向 it keeps, and the reader is told （注：所引的《為貫徹落實好今年
        組織部長會議精神》通篇没有提到西宁；讲西宁的是《以黨的十八大精神為指導開創西寧組織工作新局面》。）.
        Quoting it is not wrong (public encyclopaedia articles imply their place, and refusing there
        cost answers: `_of_the_place_asked`), but another place's words are not to be taken for the
        one asked about. A quoted document is read whole (title and up to `DOCUMENT_READ` chunks
        either side); a document is about the place when its title or opening sentence names it
        (`_opening`), which keeps words jieba's dictionary tags a place but are none (城市, 东西)
        out of the note. Only a question naming one place; nothing without a store to read from."""
        places = _places_asked(info)
        if draft.refused or len(places) != 1 or not is_place_name(places[0]) or self._neighbours is None:
            return draft
        place = _bare_place(places[0])
        quoted = {passages[q.hit].chunk.doc_id: passages[q.hit].chunk for q in draft.quotes}
        # The cheap reads first: most quoted passages name the place themselves, and most questions
        # have no other retrieved document about it; only then is a quoted document read whole.
        silent = {
            doc_id: chunk for doc_id, chunk in quoted.items()
            if place not in normalize_for_match(chunk.title) and place not in normalize_for_match(chunk.text)
        }
        if not silent:
            return draft
        retrieved = {h.chunk.doc_id: h.chunk for h in passages}
        about = {
            doc_id: chunk.title for doc_id, chunk in retrieved.items()
            if place in normalize_for_match(self._opening(passages, chunk))
        }
        if not about.keys() - silent.keys():
            return draft
        silent = {
            doc_id: chunk for doc_id, chunk in silent.items()
            if not any(place in normalize_for_match(c.text) for c in self._whole_document(chunk))
        }
        about = {doc_id: title for doc_id, title in about.items() if doc_id not in silent}
        if not silent or not about:
            return draft
        asked = _as_written(question, places[0])
        note = "、".join(f"《{c.title}》" for c in silent.values()) + f"通篇没有提到{asked}；讲{asked}的是" \
            + "、".join(f"《{t}》" for t in about.values())
        return draft._replace(text=f"{draft.text}\n\n（注：所引的{note}。）")

    def _whole_document(self, chunk: Chunk) -> Sequence[Chunk]:
        """The other chunks of `chunk`'s document, up to `DOCUMENT_READ` either side."""
        return self._neighbours(chunk, DOCUMENT_READ, DOCUMENT_READ) if self._neighbours else ()

    def _opening(self, hits: Sequence[Hit], chunk: Chunk) -> str:
        """What says what `chunk`'s document is about: its title and its text up to the end of its first
        sentence (the byline and lead of an essay, an encyclopaedia article's defining sentence)."""
        first = self._first_chunk(hits, chunk)
        text = first.text if first is not None else ""
        end = min((at for mark in "。！？!?" if (at := text.find(mark)) >= 0), default=len(text))
        return f"{chunk.title}\n{text[: end + 1]}"

    def _place_by_document(self, text: str, hits: Sequence[Hit], chunk: Chunk) -> str:
        """What a short answer that is a place told relative to its document (全市, 本市, 我旗) is, as a
        note after it: （全市即西寧市：文档中只出现这一个市）, when the document names one place of that
        unit and no other; "" otherwise. The document is read up to `DOCUMENT_READ` chunks either side."""
        deictic = _DEICTIC_PLACE.fullmatch(fold_t2s(text).strip())
        if deictic is None:
            return ""
        unit = deictic.group(1)
        around = self._whole_document(chunk)
        texts = {c.id: c.text for c in (*(h.chunk for h in hits if h.chunk.doc_id == chunk.doc_id), *around)}
        named = {name for t in texts.values() for name in places_with_unit(t, unit)}
        if len(named) != 1:
            return ""
        (name,) = named
        return f"（{text.strip()}即{name}：文档中只出现这一个{unit}）"

    def _documents_saying(
        self, named: Sequence[str], question: str, hits: Sequence[Hit],
        ranked: Sequence[tuple[Candidate, float]],
    ) -> Draft | None:
        """Which documents say what the question names (`texts_asked_about`): each by its title and
        a sentence that holds every term, cited (哪些文章提到了人才 was answered with three sentences and
        no title); None when no sentence holds them all. The retrieved ones first, with the best such
        sentence in the ranker's order, then the rest of the library's (`containing`), best match
        first, the first sentence of their best chunk that holds them, to `LISTED` documents and the
        rest counted. Without a library to scan, where every retrieved document says it, the answer
        says that others may too."""
        said: dict[str, Sentence] = {}
        for c, _ in ranked:
            doc_id = hits[c.hit].chunk.doc_id
            if doc_id not in said and all(term in c.folded for term in named):
                said[doc_id] = as_sentence(hits, c)
        scanned = self._containing(named) if self._containing is not None else None
        if not said and scanned is not None and not scanned:
            # The whole library read, no passage says it (有没有提到积分制的文章 was answered with a
            # sentence that says 有没有): the answer is that none does.
            words = [f"“{_as_typed(words, question)}”" for words in _together(named, question)]
            if len(words) == 1:
                return _refused(f"文库里没有文档提到{words[0]}。")
            return _refused(f"文库里没有哪一段文字同时提到{'和'.join(words)}。")
        if not said:
            return None
        extra: list[Hit] = []
        for chunk in scanned or ():
            if chunk.doc_id in said:
                continue
            hit = Hit(chunk, len(hits) + len(extra) + 1, 0.0)
            holding = [s for s in sentences_of([hit]) if all(term in s.folded for term in named)]
            if holding:
                said[chunk.doc_id] = holding[0]._replace(hit=len(hits) + len(extra))
                extra.append(hit)
        listed = list(enumerate(said.values(), start=1))[:LISTED]
        passages = [*hits, *extra]
        parts = [f"{n}. 《{passages[s.hit].chunk.title}》：{as_quoted(s.text)}[{n}]" for n, s in listed]
        if len(said) > len(listed):
            parts.append(f"……另有{len(said) - len(listed)}篇文档也提到。")
        elif scanned is None and len(said) == len({h.chunk.doc_id for h in hits}):
            parts.append(f"\n（以上是最相关的{len(hits)}个段落所在的文档，别的文档也可能提到。）")
        quotes = tuple(Quote(n, s.hit, s.start, s.end) for n, s in listed)
        return Draft("\n".join(parts), quotes, extra=_quoted_beyond(hits, quotes, extra))

    # How many passages the whole of an article, section or chapter asked for is read through.
    ARTICLE_READ = 4

    def _article(
        self, question: str, hits: Sequence[Hit], ranked: Sequence[tuple[Candidate, float]]
    ) -> Draft | None:
        """The whole of the article, section or chapter a question names by its number and asks no
        more of (`rag.articles`: 第四条是什么内容, 第二章讲了什么): from the best-ranked sentence that
        opens it to where what follows it begins, read on into the passages after (to `ARTICLE_READ`
        of them) when it runs past its own. None when the question names none, asks a thing of it,
        or no passage has a sentence that opens it."""
        if not numbers_in(question):
            return None  # most questions: no number named, and no title to read for each sentence
        opening = next(
            ((c, number) for c, _ in ranked
             if (number := article_asked(question, hits[c.hit].chunk.title)) and opens(number, c.folded)),
            None,
        )  # fmt: skip
        if opening is None:
            return None
        candidate, number = opening
        runs, read = self._read_on(hits, candidate.hit, candidate.start,
                                   lambda s: ends(number, s.folded, s.heading))
        return self._article_draft(hits, read, runs)

    def _read_on(
        self, hits: Sequence[Hit], index: int, start: int, ends: Callable[[Sentence], bool]
    ) -> tuple[list[list[Sentence]], list[Hit]]:
        """The sentences from offset `start` of passage `index` on, one run a passage, read on into the
        passages after it (to `ARTICLE_READ` of them) until the first sentence after the opening one
        that `ends` what was opened; and the passages beyond `hits` they were read from."""
        read: list[Hit] = []
        runs: list[list[Sentence]] = []
        at: int | None = index
        while at is not None and len(runs) < self.ARTICLE_READ:
            passage = [*hits, *read][at]
            run: list[Sentence] = []
            for s in sentences_of([passage]):
                if at == index and s.start < start:
                    continue
                if (run or runs) and ends(s):
                    return [*runs, run], read
                run.append(s._replace(hit=at))
            runs.append(run)
            at = read_next(self._neighbours, hits, read, passage.chunk) if self._neighbours else None
        return runs, read

    def _which_part(
        self, question: str, hits: Sequence[Hit], ranked: Sequence[tuple[Candidate, float]]
    ) -> Draft | None:
        """The number of the article, section or chapter the best sentence belongs to, asked which
        (请假审批在第几条 -> 第四条, was 1天以内; 旷工的处理规定在第几章 -> 第三章): the last part of the level
        asked that opens at or before it, in its passage or the `ARTICLE_READ` before it, cited where it
        opens, the best sentence quoted. None when the question asks no such thing or no part opens
        before the sentence."""
        if (level := level_asked(question)) is None:
            return None  # most questions
        best = ranked[0][0]
        here = hits[best.hit]
        before = self._neighbours(here.chunk, self.ARTICLE_READ, 0) if self._neighbours else []
        passages = [here, *(Hit(c, 0, 0.0) for c in reversed(before) if c.index < here.chunk.index)]
        for passage in passages:
            opening = None
            for s in sentences_of([passage]):
                if passage is here and s.start > best.start:
                    break
                if (number := opening_number(s.text, level)) is not None:
                    opening = (s.start + number[0], s.start + number[1])
            if opening is not None:
                runs = [[as_sentence(hits, best)]]
                draft = self._render(hits, runs, as_list=False)
                said = passage.chunk.text[opening[0] : opening[1]]
                return self._with_named(hits, runs, draft, said, passage, opening[0])
        return None

    def _section(self, hits: Sequence[Hit], heading: Sentence) -> Draft | None:
        """What a document says under `heading`: the sentences after it to the end of its section
        (`_ends_section`), read on into the chunks after its passage (to `ARTICLE_READ` passages)
        where the section runs past it (取得了哪些成效 of a summary whose 一、主要工作及成效 closes a
        passage). None when nothing follows it."""
        runs, read = self._read_on(hits, heading.hit, heading.start,
                                   lambda s: _ends_section(heading.text, s.text, s.heading))
        return self._article_draft(hits, read, runs) if sum(len(run) for run in runs) > 1 else None

    def _article_draft(self, hits: Sequence[Hit], read: list[Hit], runs: list[list[Sentence]]) -> Draft:
        """`runs` quoted as one passage each; `read`, the passages beyond `hits` they were read from."""
        runs = [run for run in runs if run]
        draft = self._render([*hits, *read], runs, as_list=False)
        return draft._replace(extra=_quoted_beyond(hits, draft.quotes, read))

    @staticmethod
    def _section_asked(
        question: str, hits: Sequence[Hit], ranked: Sequence[tuple[Candidate, float]]
    ) -> list[tuple[Candidate, float]] | None:
        """The heading a question asks about and nothing else (如何坚持问题导向抓落实, “堅持問題導向抓落實”
        具体怎么做, “問題導向”具体怎么做) and the sentences after it in its passage, in order, all ranked
        alike: what is asked of a heading is what its section says, though the ranker may put a sentence that lists
        the headings first (…堅持目標導向、問題導向、結果導向相統一, which repeats more of the
        question). None when the question is about no heading of the passages, or asks more of one
        (《以作風建設抓組織工作落實落地》一文要求…把解决什么问题作为重点 names a title to ask a thing it says)."""
        asked = normalize_for_match(question)
        # A quoted part of one heading names it too (“目標導向”具体怎么做, after 乌审旗要坚持哪三个导向
        # was answered 目標導向、問題導向、結果導向): the one heading of the passages that holds it.
        quoted = [normalize_for_match(term) for term in _QUOTED_TERM.findall(question)]
        part = quoted[0] if len(quoted) == 1 and len(asked) - len(quoted[0]) <= _ASKING else None
        holding = [c for c, _ in ranked if part and part in c.folded and as_sentence(hits, c).heading]
        named = holding[0] if len(holding) == 1 else None
        for candidate, score in ranked:
            # Named with or without its number (报价要求是什么 of 三、报价要求).
            whole = any(len(said) >= _NAMED_HEADING and said in asked and len(asked) - len(said) <= _ASKING
                        for said in (candidate.folded, normalize_for_match(unnumbered(candidate.text))))
            # A numbered line of its own heads its section in a plain text too (三、报价要求 of a .txt).
            sentence = as_sentence(hits, candidate)
            numbered = numbered_alike(candidate.text, candidate.text)
            heading = sentence.heading or (numbered and own_line(hits, sentence))
            # A point named in a sentence of its own inside a paragraph (三是要坚持以清正廉洁为标准。,
            # what 第三条呢？ asks after a list of them) heads what follows it to the next point or
            # the paragraph's end (was answered with 要开短会…, the end of the point before).
            point = whole and names_a_point(candidate.text)
            if (candidate is named or whole) and (heading or point):
                return _section_under(hits, ranked, candidate, score, point)
        return None

    @staticmethod
    def _as_quoted(
        runs: list[list[Sentence]], top: Sentence, ranked: Sequence[tuple[Candidate, float]]
    ) -> list[tuple[Sentence, Quoted]]:
        """The quoted sentences a short answer may come from, as `rag.choice` reads them: the best
        and its neighbours in its run, nearest first, then the other runs' in the ranker's order."""
        place = {(c.hit, c.start): (i, score) for i, (c, score) in enumerate(ranked)}
        unranked = (len(ranked), ranked[-1][1])  # a sentence quoted for another's sake (a point's)

        run = next(run for run in runs if top in run)
        at = run.index(top)
        if names_a_point(top.text) and at + 1 < len(run):
            # What a point named in a sentence of its own says is the sentence after it (（一）财政收入稳步
            # 增长。 then 全年完成…同比增长6.2%…, for 财政收入增长了多少: refused, its figures ranked low).
            place[(run[at + 1].hit, run[at + 1].start)] = place.get((top.hit, top.start), unranked)

        def ranked_as(s: Sentence) -> tuple[int, float]:
            return place.get((s.hit, s.start), unranked)

        own = [(run[i], True, abs(i - at)) for i in sorted(range(len(run)), key=lambda i: (abs(i - at), i > at))]
        others = sorted((s for r in runs if r is not run for s in r), key=ranked_as)
        return [(s, Quoted(s.text, *ranked_as(s), in_run, distance))
                for s, in_run, distance in [*own, *((s, False, ELSEWHERE) for s in others)]]

    def _with_items(
        self, asked: Asked | None, info: QuestionInfo, hits: Sequence[Hit],
        ranked: Sequence[tuple[Candidate, float]], runs: list[list[Sentence]], top: Sentence, draft: Draft,
    ) -> Draft | None:
        """`draft` led by the run of parallel items a which-ones question names (`asked`), where a
        sentence of the passages holds one (乌审旗要坚持哪三个导向 -> 目標導向、問題導向、結果導向);
        else None (`rag.items`).

        A quoted sentence that holds such a run answers, the best first; but where an unquoted one
        holds a run in a document that says more of what else the question names (海北州坚持哪些导向:
        海北, 州), that one answers, quoted alone: office documents share their phrasing, and the
        ranker, which reads one sentence, put 乌审旗's 堅持目標導向、問題導向、結果導向 above 海北's own
        坚持目标导向、标准导向、效果导向. Only to replace a quoted run: where none holds one, the
        quoted sentences answer the question in words (路口区路口镇和麻林乡 for 哪两个乡镇合并), and
        a run the ranker left out would not (青山铺镇、福临镇, the neighbours)."""
        if asked is None:
            return None
        quoted = sorted((s for run in runs for s in run), key=lambda s: s is not top)
        held = {(s.hit, s.start) for s in quoted}
        found = [(s, at) for s in quoted if (at := item_run(asked, s.text)) is not None]
        if not found:
            return None
        others = [as_sentence(hits, c) for c, _ in ranked if (c.hit, c.start) not in held]
        found += [(s, at) for s in others if (at := item_run(asked, s.text)) is not None]
        subject = [t for t in info.terms if t not in asked.ending]
        said: dict[str, str] = {}  # what each document's passages say, folded
        for h in hits:
            said[h.chunk.doc_id] = said.get(h.chunk.doc_id, "") + normalize_for_match(h.chunk.text)

        def names(s: Sentence) -> int:
            return sum(len(t) for t in subject if t in said[s.doc_id])

        s, at = max(found, key=lambda pair: names(pair[0]))  # the first of equals
        if (s.hit, s.start) not in held:
            runs = [[s]]
            draft = self._render(hits, runs, as_list=False)
        return self._led_by(runs, draft, s, *at, s.text[at[0] : at[1]])

    @staticmethod
    def _led_by(
        runs: list[list[Sentence]], draft: Draft, s: Sentence, start: int, end: int, text: str, note: str = ""
    ) -> Draft:
        """`draft` led by a short answer, `text` at `start:end` of quoted sentence `s`, cited with
        the run that quotes `s`, and `note` after it."""
        n = next(i for i, run in enumerate(runs, start=1) if s in run)
        return Draft(_above(text, n, draft.text, note), draft.quotes,
                     short=Quote(n, s.hit, s.start + start, s.start + end))

    def _about_author(
        self, info: QuestionInfo, hits: Sequence[Hit], ranked: list[tuple[Candidate, float]],
        records: dict[str, DocumentInfo | None],
    ) -> Candidate | None:
        """The sentence whose document's author a who-question asks for, or None: the best one when
        it is a note about the author ((作者系…)) or a byline; else a byline within the margin that
        gives every character of what the question asks (中共海北州委常委、组织部部长 司吉昇 for
        海北州组织部长是谁, though 全省组织部长会议…, which only shares the post's words, ranks above it),
        or names its place and a word of its post without giving it (the same for 海北州组织部副部长是谁,
        which the library does not answer: it was answered 海北组织系统)."""
        if info.expect not in (Expect.PERSON, Expect.NAME):
            return None
        best, top = ranked[0]
        if AUTHOR_NOTE.match(best.text.strip()) is not None or self._heading(hits, best, records) == "byline":
            return best
        if info.expect is not Expect.PERSON:
            return None
        return next((c for c, score in ranked if score >= top - self.MARGIN
                     and self._heading(hits, c, records) == "byline"
                     and (gives_post_asked(info, c.text) or asks_of_post_at(info, c.text))), None)

    def _without_headings(
        self,
        hits: Sequence[Hit],
        ranked: list[tuple[Candidate, float]],
        records: dict[str, DocumentInfo | None],
        keeps_byline: Callable[[Candidate], bool] = lambda _: False,
    ) -> list[tuple[Candidate, float]]:
        """`ranked` less the title lines and the bylines (but those `keeps_byline` keeps) of
        documents whose opening was retrieved: they name what and who, they answer nothing else."""
        kept = [pair for pair in ranked if (heading := self._heading(hits, pair[0], records)) is None
                or (heading == "byline" and keeps_byline(pair[0]))]
        return kept or ranked

    def _record(self, doc_id: str, records: dict[str, DocumentInfo | None]) -> DocumentInfo | None:
        """The library's record of a document (`Store.document`), read once per answer (kept in `records`)."""
        if doc_id not in records:
            records[doc_id] = self._documents(doc_id) if self._documents else None
        return records[doc_id]

    @staticmethod
    def _document_asked(
        question: str, hits: Sequence[Hit], ranked: Sequence[tuple[Candidate, float]],
        record: Callable[[str], DocumentInfo | None],
    ) -> DocumentInfo | None:
        """The library's document a question about its author asks of: the best sentence's where it
        points at a text (这篇, 那篇) and names no other work, or the one whose whole title it names
        (`_names_the_title`) where none of its ranked sentences tells who wrote anything; None when
        it asks of a work the documents mention. An encyclopedia's article titled with a work's
        name is about that work, and says who wrote it (伏尔泰的朋友们是伊夫林…写作的一部作品)."""
        if _THIS_TEXT.search(question) and not _NAMED_WORK.search(question):
            return record(hits[ranked[0][0].hit].chunk.doc_id)
        for doc_id in dict.fromkeys(h.chunk.doc_id for h in hits):
            if (info := record(doc_id)) is not None and _names_the_title(question, info.title) and not any(
                _SAYS_WHO_WROTE.search(c.text) for c, _ in ranked if hits[c.hit].chunk.doc_id == doc_id
            ):
                return info
        return None

    def _heading(
        self, hits: Sequence[Hit], c: Candidate | Sentence, records: dict[str, DocumentInfo | None]
    ) -> str | None:
        """"title" for the title line of a document's opening chunk, "byline" for its byline (文/张学天,
        or an affiliation line ending in the author), else None. The library's record is read only
        for a short, clause-free line of an opening chunk."""
        chunk = hits[c.hit].chunk
        if chunk.index != 0:
            return None
        if normalize_for_match(c.text) == normalize_for_match(chunk.title):
            return "title"  # indexed with every chunk, it repeats the question
        line = c.text.strip()
        if not could_be_byline(line):
            return None
        info = self._record(chunk.doc_id, records)
        return "byline" if info is not None and is_byline(line, info.author) else None

    def _says_who(self, hits: Sequence[Hit], s: Sentence, records: dict[str, DocumentInfo | None]) -> bool:
        """Whether a quoted sentence is a document's byline or a note about its author."""
        return AUTHOR_NOTE.match(s.text.strip()) is not None or self._heading(hits, s, records) == "byline"

    def _byline(
        self, question: str, hits: Sequence[Hit], chunk: Chunk, records: dict[str, DocumentInfo | None],
        asked_of_the_text: bool = True,
    ) -> tuple[str, Hit, int] | None:
        """The author of the best passage's document, where the question asks who wrote that
        document (`asked_of_the_text`: it names the document or says 文章) or the passage is a
        note about its author: the name, the passage that holds it (its byline, read from the
        document's opening when not retrieved) and its offset there."""
        info = self._record(chunk.doc_id, records)
        if info is None or not info.author:
            return None
        title = normalize_for_match(info.title)
        in_question = bool(title) and title in normalize_for_match(question)
        named = _A_TEXT.search(question) or _WROTE_WHAT.search(question) or in_question
        # Or the question names what the document's opening names (乌审旗的作者是谁): read it only then.
        subject = _author_of(question) if asked_of_the_text and not named else None
        if asked_of_the_text and not named and subject is None:
            return None
        opening = self._neighbours(chunk, chunk.index, 0)[:2] if self._neighbours else []
        if subject is not None and not any(subject in normalize_for_match(c.text)
                                           for c in (*opening, chunk) if c.index == 0):
            return None
        passages = [*(h.chunk for h in hits if h.chunk.doc_id == chunk.doc_id), *opening]
        for passage in sorted(passages, key=lambda c: c.start):
            if (at := passage.text.find(info.author)) >= 0:
                return info.author, _hit_of(hits, passage), at
        return None

    def _title_line(
        self, hits: Sequence[Hit], chunk: Chunk, records: dict[str, DocumentInfo | None]
    ) -> tuple[str, Hit, int] | None:
        """The library's title of `chunk`'s document where its opening holds it (after a line of
        page chrome at most: 之一——, 中国共产党新闻>>党建; a title taken from the file name is no
        quote): the title, the passage that holds it (read from the document's opening when not
        retrieved) and its offset there."""
        info = self._record(chunk.doc_id, records)
        if info is None or not info.title:
            return None
        opening = self._first_chunk(hits, chunk)
        at = opening.text.find(info.title) if opening is not None else -1
        if opening is None or not 0 <= at <= self._TITLE_REACH:
            return None
        return info.title, _hit_of(hits, opening), at

    def _first_chunk(self, hits: Sequence[Hit], chunk: Chunk) -> Chunk | None:
        """The first chunk of `chunk`'s document: retrieved, or read back from the library."""
        if chunk.index == 0:
            return chunk
        retrieved = next((h.chunk for h in hits if h.chunk.doc_id == chunk.doc_id and h.chunk.index == 0),
                         None)
        if retrieved is not None or self._neighbours is None:
            return retrieved
        return next((c for c in self._neighbours(chunk, chunk.index, 0) if c.index == 0), None)

    # How far into a document its title may stand: a line of page chrome before it.
    _TITLE_REACH = 40

    def _describing(self, hits: Sequence[Hit], index: int, where: Description) -> Draft:
        """The author's post as the short answer, cited in the line that gives it (`rag.authors`)."""
        quoted = self._render(hits, [[quoted_line(index, hits[index].chunk, where.line_start, where.line_end)]], as_list=False)
        post = hits[index].chunk.text[where.start : where.end]
        return Draft(_above(post, 1, quoted.text), quoted.quotes, short=Quote(1, index, where.start, where.end))

    def _of_the_record(
        self, hits: Sequence[Hit], asked: Hit, records: dict[str, DocumentInfo | None], found: Draft, recorded: str
    ) -> Draft:
        """What the library's record says of `asked`'s document (its date or source, `recorded`),
        cited at the document's title line (or, where its opening holds none, at the passage's
        first sentence); then what the passages say (`found`, without its short answer: the
        record's is the answer)."""
        _, hit, at = self._title_line(hits, asked.chunk, records) or ("", asked, sentence_spans(asked.chunk.text)[0][0])
        index, extra = _placed([*hits, *found.extra], hit)
        start, end = next((a, b) for a, b in sentence_spans(hit.chunk.text) if a <= at < b)
        parts = [f"{recorded}[1]", f"{as_quoted(hit.chunk.text[start:end])}[1]"]
        quotes = [Quote(1, index, start, end)]
        if not found.refused:
            # The passages' own answer, its markers numbered on; its short answer was a span of them.
            said = found.text.split("\n\n", 1)[-1] if found.short is not None else found.text
            parts.append(MARKER.sub(lambda m: f"[{int(m.group(1)) + 1}]", said))
            quotes += [q._replace(n=q.n + 1) for q in found.quotes]
        return Draft("\n\n".join(parts), tuple(quotes), extra=(*found.extra, *extra))

    def _gist_of_titled(
        self, question: str, hits: Sequence[Hit], runs: list[list[Sentence]],
        records: dict[str, DocumentInfo | None],
    ) -> Draft | None:
        """What a document the question names by its whole title says as a whole (《以作风建设推动组织
        工作提质增效》的核心思想是什么): its title, cited at its title line, then the quoted runs of that
        document alone; None when no retrieved document has that title or none of its sentences is quoted."""
        for hit in hits:
            info = self._record(hit.chunk.doc_id, records)
            if info is None or not _names_the_title(question, info.title):
                continue
            own = [run for run in runs if hits[run[0].hit].chunk.doc_id == hit.chunk.doc_id]
            titled = self._title_line(hits, hit.chunk, records)
            if not own or titled is None:
                return None
            return self._with_named(hits, own, self._render(hits, own, as_list=False), *titled)
        return None

    def _cell_asked(
        self, question: str, info: QuestionInfo, hits: Sequence[Hit],
        ranked: Sequence[tuple[Candidate, float]],
    ) -> Draft | None:
        """The cell of a table's row the question asks for (`rag.cells`: 张三的职务是什么 -> 部长), or a
        label's value in a record of running text (联系人是谁 -> 马明 of 联系人：马明，电话：…), quoted in
        its sentence: of the rows naming most of what the question names, the best-ranked. When such
        rows, retrieved or elsewhere in their tables (`_rows_alike`), answer with different values,
        each is listed (组织部有谁: 张三, 李四). A which-ones question takes a record whose label it names
        whole (采购内容包括哪些 -> 复印纸、硒鼓、文件夹、签字笔等常用办公用品; was the notice's four headings).
        How many people a table's rows name (人事科有几个人) is who they are, counted: 郑华[1]、冯雪[2]（共2人）
        (was 10, the 序号 of a row). None when no sentence answers so."""
        if yes_no_asked(question) is not None:
            return None  # a yes or no is what the sentences say (其他人员能坐头等舱吗 was answered 260, a row's cell)
        folded = normalize_for_match(question)
        # A label the clause that asks names is asked before one its topic names (联系人 of 报价截止时间是，
        # 联系人是谁？, which was answered with the deadline).
        clause = asking_clause(info)
        asking = normalize_for_match(clause)
        asking_terms = [term for term in info.terms if term in asking]
        asked_as = info
        if counting := counts_people(info.expect, question):
            info = dataclasses.replace(info, expect=Expect.PERSON)  # 人事科有几个人, asked as 人事科有谁

        # Which ones a row's value names (哪些人是科长, 副局长有哪些) are asked as who (科长有谁): the people.
        row_kind = Expect.PERSON if info.expect is Expect.LIST else info.expect

        def asked(text: str, alone: bool = False) -> Cell | None:
            if (cell := asked_cell(info.terms, question, text, row_kind)) is not None:
                return cell
            if info.wants_short and not counting:  # people counted are a table's rows, not a record's words
                return prose_cell(info.terms, question, text, alone, info.expect)
            if info.expect is Expect.LIST or info.expect is Expect.DESCRIPTION and numbered(text):
                # What ones, or what a notice's numbered field says (消防培训讲什么内容: 四、培训内容：…;
                # not an article's 特征：粗壮、直立高大的亚灌木，…, whose value runs on past its comma).
                return record_named(question, text)
            return None

        def line_of_its_own(c: Candidate) -> bool:
            if "：" not in c.text and ":" not in c.text:
                return False  # most sentences: no label, and no line to look at
            text = hits[c.hit].chunk.text
            return line_opens_at(text, c.start) and line_ends_at(text, c.end)

        def fit(c: Candidate, cell: Cell) -> tuple[int, int, bool, int, bool]:
            # The rows naming most of the question; of those, the cells whose label it names best
            # (报价截止时间 over 报价有效期 and 会议时间 for 报价截止时间是什么时候), then under a label of
            # its kind (会议地点 over 会议时间 for 会议在哪里开), then holding its kind (预算金额：8.6万元
            # over 采购人：XX市财政局 for 采购预算多少钱); a cell not of its kind answers no when or how
            # many (采购人：XX市财政局 for 这份公告是什么时候发的). A label the clause that asks names
            # comes first, and one its topic names only after the kind (递交地点 of 报价截止时间是，交到哪里).
            return (named_extent(question, c.text), label_strength(asking_terms, asking, cell.label),
                    label_of_kind(cell.label, info.expect), label_strength(info.terms, folded, cell.label),
                    answers_kind(info, with_unit(cell)) and names_a_thing(cell, info.expect, folded)
                    and not of_another_kind(cell, info.expect, folded))

        def said_above(at: int, cell: Cell) -> bool:
            # A word said above the record asks about what that sentence says (`_said_above`: 研究部署 of
            # 会议研究部署了什么工作, not 会议地点：…); not of a label named whole or of the kind asked.
            named = names_whole(folded, fold_cleaned(cell.label)) or label_of_kind(cell.label, info.expect)
            return not named and _said_above(info, hits, ranked, at)

        # A record whose label only the topic before the clause that asks names is not asked (乙方：XX市信达
        # 科技有限公司 of 乙方巡检一次，要提交什么？, a follow-up's words).
        found = [(c, cell, f) for at, (c, _) in enumerate(ranked)
                 if (cell := asked(c.text, line_of_its_own(c))) is not None and (f := fit(c, cell))[-1]
                 and (f[0] or not said_above(at, cell)) and (clause == info.folded or any(f[:3]))]
        # A record of running text in another document than the best sentence's answers only a label the
        # question names whole (合同金额是多少 was answered 8.6万元, a notice's 预算金额, over the contract's
        # 合同总金额为…).
        top = hits[ranked[0][0].hit].chunk
        found = [(c, cell, f) for c, cell, f in found
                 if f[0] or hits[c.hit].chunk.doc_id == top.doc_id
                 or (names_whole(folded, fold_cleaned(cell.label))
                     or agent_named(folded, fold_cleaned(cell.label)))  # 记录 of 会议记录是谁做的: 记录人
                 and not _of_another_topic(info.terms, cell, hits[c.hit].chunk, top)]
        best = max((f for *_, f in found), default=None)
        most = best[0] if best is not None else 0
        rows = [(as_sentence(hits, c), cell) for c, cell, f in found if f == best]
        if rows and not most:  # records of running text: the label asked, as the best-ranked gives it
            label = fold_cleaned(rows[0][1].label)
            rows = [(s, cell) for s, cell in rows if fold_cleaned(cell.label) == label]
        if not rows:
            return (self._extreme_asked(question, asked_as, hits, ranked)
                    or self._column_asked(question, asked_as, hits, ranked))
        extra: list[Hit] = []
        if most:  # a table's rows: the others alike, wherever the retrieval left them
            rows += self._rows_alike(question, hits, rows, most, asked, extra)
        if (extreme := extreme_asked(info.terms, question, rows[0][0].text)) is not None:
            # Of the rows it names, the one with the highest or lowest value (组织部谁的月薪最高 -> 张三).
            rows = _at_the_extreme(question, info, [s for s, _ in rows], extreme) or rows
        lead = None
        if not most:
            rows, lead = _told_by_the_line_before(hits, info.terms, rows)
        values = {fold_cleaned(cell.value) for _, cell in rows}
        if len(values) > 1:
            # Listed in the table's order, as the document gives them (财务科有多少人 was 赵磊、李明: 李明 is
            # the row before), documents by the best-ranked row's.
            first = {s.doc_id: i for i, (s, _) in reversed(list(enumerate(rows)))}
            rows = sorted(rows, key=lambda row: (first[row[0].doc_id], row[0].pos))
            draft = self._cells_listed(hits, rows, extra)
        else:
            draft = self._the_cell(hits, *rows[0], extra, lead)
        if not counting:
            return draft
        # The count is no span of a source: a note beside the names cited, as a record's year is.
        lead, gap, rest = draft.text.partition("\n\n")
        return draft._replace(text=f"{lead}（共{len(values)}人）{gap}{rest}")

    def _table(self, hits: Sequence[Hit], row: Sentence) -> Draft | None:
        """The table a `row` belongs to, quoted: its rows beside it line by line, across the passages
        of its document retrieved where they meet, and the line that leads into it (第八条 住宿费标准如下
        表：). None when the row stands alone."""
        lines = sorted((s for s in sentences_of(hits) if s.doc_id == row.doc_id
                        and line_opens_at(hits[s.hit].chunk.text, s.start)), key=lambda s: s.pos)
        at = next((i for i, s in enumerate(lines) if s.pos == row.pos), None)
        if at is None:
            return None

        def meet(a: Sentence, b: Sentence) -> bool:  # b is the line after a, nothing left out between
            return b.pos - (a.pos + len(a.text)) <= 2

        first = last = at
        while first > 0 and cells(lines[first - 1].text) and meet(lines[first - 1], lines[first]):
            first -= 1
        while last + 1 < len(lines) and cells(lines[last + 1].text) and meet(lines[last], lines[last + 1]):
            last += 1
        if first == last:
            return None
        lead = lines[first - 1] if first > 0 else None
        if lead is not None and lead.text.rstrip().endswith(("：", ":")) and meet(lead, lines[first]):
            first -= 1
        runs = runs_of(lines[first : last + 1], lambda a, b: a.hit == b.hit)
        return self._render(hits, runs, as_list=False, joiner="\n")  # a row a line, across passages too

    def _the_cell(
        self, hits: Sequence[Hit], s: Sentence, cell: Cell, extra: Sequence[Hit] = (),
        lead: Sentence | None = None,
    ) -> Draft:
        """`cell`'s value the short answer, quoted in its row or sentence `s` (of `hits`, or of `extra`
        after them: a row found beyond the passages retrieved), after the `lead` line that says whose
        it is."""
        if s.hit >= len(hits):  # no run to find it in: its row is quoted alone
            hit = extra[s.hit - len(hits)]
            return self._with_named(hits, [], Draft("", ()), cell.value, hit, s.start + cell.start)
        runs = [[lead, s]] if lead is not None and lead.hit == s.hit else [[s]]
        return self._with_named(hits, runs, self._render(hits, runs, as_list=False), cell.value,
                                hits[s.hit], s.start + cell.start)

    def _extreme_asked(
        self, question: str, info: QuestionInfo, hits: Sequence[Hit],
        ranked: Sequence[tuple[Candidate, float]],
    ) -> Draft | None:
        """The row of a table whose value in a column is the highest or the lowest, asked of a table it
        names no row of (谁的月薪最高 -> 王五, 最早入职的是谁 -> 张三, 哪个部门的经费最少; `rag.cells.extreme_asked`),
        when a row of it is retrieved, however the ranker placed it (the column's label by the
        superlative says what is asked: 谁的月薪最高 was answered 党的领导, of an essay's 最高政治原则 ranked
        above a roster's rows): of the table's rows, those retrieved and those a scan of the keyword
        index for the column's label finds, the one with that value (each, when several tie), its cell
        asked for cited in its row. None when no retrieved row has the column or no row gives a number
        or date in it."""
        found = next(((c, e) for c, _ in ranked if (e := extreme_asked(info.terms, question, c.text))), None)
        if found is None:
            return None
        c, extreme = found
        doc_id = hits[c.hit].chunk.doc_id
        extra: list[Hit] = []
        retrieved = {hit.chunk.id for hit in hits}
        scanned = self._containing([fold_cleaned(extreme.label)]) if self._containing is not None else None
        found = [chunk for chunk in scanned or () if chunk.id not in retrieved]
        own = [chunk for chunk in found if chunk.doc_id == doc_id]
        extra += [Hit(chunk, len(hits) + i + 1, 0.0) for i, chunk in enumerate(own)]
        table = [s for s in sorted(sentences_of([*hits, *extra]), key=lambda s: s.pos) if s.doc_id == doc_id]
        rows = _at_the_extreme(question, info, table, extreme)
        if not rows:
            return None
        if len(rows) == 1:
            return self._the_cell(hits, *rows[0], extra)
        return self._cells_listed(hits, rows, extra)

    def _column_asked(
        self, question: str, info: QuestionInfo, hits: Sequence[Hit],
        ranked: Sequence[tuple[Candidate, float]],
    ) -> Draft | None:
        """A column of a table the question names no row of (会议在哪里开, 谁参加会议 of a notice's
        table of sessions; `rag.cells.column_cell`), when a row of it is quoted (within `MARGIN` of
        the best sentence) and it or its title holds a word of the question: each value of the column
        in the table's rows retrieved, in their order, cited in the first row giving it (州委党校报告厅[1]、
        州委党校第二会议室[2]; was 各县委组织部、州直 of the notice's addressee line). One value alone is
        the short answer. A which-ones question takes a column it names whole (带班领导有哪些人: each
        带班领导 of the duty table; was the notice's requirements, one of which names 带班领导). None when
        no quoted row answers so."""
        listing = info.expect is Expect.LIST
        if not info.wants_short and not listing:
            return None
        folded = normalize_for_match(question)
        best = ranked[0][1]
        for at, (c, score) in enumerate(ranked):
            if score < best - self.MARGIN:
                return None
            cell = column_cell(info.terms, question, c.text, info.expect)
            if listing and cell is not None and not names_whole(folded, fold_cleaned(cell.label)):
                cell = None
            if cell is not None and not listing and not (answers_kind(info, with_unit(cell))
                                                          and gives_hour(info, cell.value)):
                cell = None  # 培训几点开始 asks an hour, which no 时间 of 3月1日至3月31日 gives
            title = fold_cleaned(hits[c.hit].chunk.title) if cell is not None else ""
            if cell is not None and any(len(t) >= 2 and (t in c.folded or t in title) for t in info.terms):
                break
        else:
            return None
        # A word said above the row asks about what that sentence says (`_said_above`: 上班 of 春节期间哪天要
        # 上班, 2月4日…上班, not the duty table's dates). Not when the question names the column, of the kind
        # it asks (带班 of 放假期间谁带班: 带班领导; 期间 is in the requirement ranked first, 确保节日期间安全).
        named = label_strength(info.terms, folded, cell.label) and label_of_kind(cell.label, info.expect)
        if not named and _said_above(info, hits, ranked, at):
            return None
        doc_id = hits[c.hit].chunk.doc_id
        table = [s for s in sorted(sentences_of(hits), key=lambda s: s.pos)
                 if s.doc_id == doc_id and cells(s.text)]
        if any(named_extent(question, s.text) for s in table):
            return None  # a row it names lacks the cell (王五的职务是什么, 王五 holding none): not another's
        rows: dict[str, tuple[Sentence, Cell]] = {}
        for s in table:
            value = next((x for x in cells(s.text) if x.label == cell.label), None)
            if value is not None and value.value.strip():
                rows.setdefault(fold_cleaned(value.value), (s, value))
        if len(rows) > 1:
            return self._cells_listed(hits, list(rows.values()), [])
        return self._the_cell(hits, *next(iter(rows.values()))) if rows else None

    # How many rows a listing of a table's cells quotes; the rest are counted.
    LISTED_ROWS = 20

    def _rows_alike(
        self, question: str, hits: Sequence[Hit], rows: Sequence[tuple[Sentence, Cell]], most: int,
        asked: Callable[[str], Cell | None], extra: list[Hit],
    ) -> list[tuple[Sentence, Cell]]:
        """The rows of the found `rows`' documents, beyond them, that name as much of the question
        (`most` characters) and hold a cell it asks for: 李四's row for 组织部有谁, retrieved with
        张三's or not (`containing` scans the library for the values named). Chunks not retrieved
        are added to `extra`, which the sentences' `hit` indexes after `hits`."""
        if self._containing is None:
            return []
        docs = {s.doc_id for s, _ in rows}
        seen = {(s.doc_id, s.pos) for s, _ in rows}
        at = {hit.chunk.id: i for i, hit in enumerate(hits)}
        alike: list[tuple[Sentence, Cell]] = []
        for chunk in self._containing(named_values(question, rows[0][0].text)) or ():
            if chunk.doc_id not in docs:
                continue
            index = at.get(chunk.id)
            hit = hits[index] if index is not None else Hit(chunk, len(hits) + len(extra) + 1, 0.0)
            for s in sentences_of([hit]):
                if (s.doc_id, s.pos) in seen or named_extent(question, s.text) != most:
                    continue
                if (cell := asked(s.text)) is not None:
                    if index is None:
                        index = len(hits) + len(extra)
                        extra.append(hit)
                    seen.add((s.doc_id, s.pos))
                    alike.append((s._replace(hit=index), cell))
        return alike

    def _cells_listed(
        self, hits: Sequence[Hit], rows: Sequence[tuple[Sentence, Cell]], extra: list[Hit]
    ) -> Draft:
        """Each row's cell asked for, then the rows, each cited (组织部的月薪是多少: 12,500.50[1]、0.3[2]),
        to `LISTED_ROWS` and the rest counted."""
        listed = list(enumerate(rows[: self.LISTED_ROWS], start=1))
        lead = "、".join(f"{as_quoted(cell.value)}[{n}]" for n, (_, cell) in listed)
        parts = [f"{n}. {as_quoted(s.text)}[{n}]" for n, (s, _) in listed]
        if len(rows) > len(listed):
            parts.append(f"……另有{len(rows) - len(listed)}行也是。")
        quotes = tuple(Quote(n, s.hit, s.start, s.end) for n, (s, _) in listed)
        return Draft(f"{lead}\n\n" + "\n".join(parts), quotes, extra=_quoted_beyond(hits, quotes, extra))

    def _with_named(self, hits: Sequence[Hit], runs: list[list[Sentence]], draft: Draft, name: str, hit: Hit,
                    at: int) -> Draft:
        """`draft` with `name` (a document's author or title) as its short answer, cited where the
        byline or the title line names it: in a quoted run that holds it, or in that line quoted first."""
        index, extra = _placed(hits, hit)
        for n, run in enumerate(runs, start=1):
            if run[0].hit == index and run[0].start <= at and at + len(name) <= run[-1].end:
                return Draft(_above(name, n, draft.text), draft.quotes, short=Quote(n, index, at, at + len(name)))
        start, end = next((a, b) for a, b in sentence_spans(hit.chunk.text) if a <= at < b)
        quoted = self._render([*hits, *extra], [[quoted_line(index, hit.chunk, start, end)], *runs], as_list=False)
        return Draft(_above(name, 1, quoted.text), quoted.quotes, short=Quote(1, index, at, at + len(name)), extra=extra)

    # How far below the best sentence's score another may be and still be quoted (the
    # ranker's scores are lambdarank margins; 3.0 chosen on a held-out fold of the train part:
    # answers hold a gold answer 0.90 of the time against 0.86 at 1.0, 89 characters long against 66).
    MARGIN = 3.0
    # How sure the ranker must be that a sentence answer's quotes hold the answer before it stops
    # quoting: their share of the candidates' softmax over the ranker's scores (lambdarank scores
    # differ by the log-odds of one sentence ranking above the other). Chosen on the public dev
    # parts (`rag train --only rank --measure-only`): at 0.7 CMRC's sentence answers' F1 rises
    # 0.474 -> 0.573 and their answers still hold the gold as often (0.819); 0.6 loses 3 of 116
    # golds, 0.9 keeps most of the extra sentences.
    COVER = 0.7
    # A quote holds at least this many characters that are not punctuation (之一—— holds 2).
    _SHORTEST = 3

    def _ranked_runs(
        self, hits: Sequence[Hit], ranked: Sequence[tuple[Candidate, float]], cover: float | None = None
    ) -> tuple[list[list[Sentence]], Sentence]:
        """The ranker's best sentences, as runs of neighbours from one chunk, documents by their
        best; and the best. With `cover`, no more than hold that share of the ranker's softmax."""
        # Page chrome (之一——), a stray mark or an official document's number line (财办发〔2027〕3号,
        # quoted for 放假前要做什么) answers nothing: quoted only when nothing else is.
        ranked = [pair for pair in ranked if len(pair[0].folded) >= self._SHORTEST
                  and not DOCUMENT_NUMBER.fullmatch(pair[0].text.strip())] or ranked
        top_score = ranked[0][1]
        total = sum(math.exp(score - top_score) for _, score in ranked) if cover is not None else 1.0
        held = 0.0
        chosen: list[Sentence] = []
        scores: dict[tuple[int, int], float] = {}
        chars = 0
        for candidate, score in ranked:
            if chosen and (score < top_score - self.MARGIN or len(chosen) >= self._max_sentences):
                break
            if chosen and cover is not None and held >= cover:
                break
            s = as_sentence(hits, candidate)
            if chosen and hits[s.hit].chunk.heads_section_at(s.start, s.text) \
                    and not any(under_heading(hits, s, c) for c in chosen):
                # The heading of another section says what follows it, not what the best sentence
                # said (作风建设是组织工作的生命线。 was quoted on into 一、思想上要抬高站位…); an article
                # under the chapter heading quoted is in its section (第十一条 … under 第四章 伙食补助费和
                # 市内交通费, for 市内交通费标准是多少: left out, the article after the heading answered).
                continue
            if any(similar(s.folded, c.folded) > 0.6 for c in chosen):
                # A near-duplicate (a document's summary repeating its body) says what a quoted
                # sentence says: the ranker's confidence in it is held by that one.
                held += math.exp(score - top_score) / total
                continue
            if chosen and chars + len(s.text) > self._max_chars:
                continue
            chosen.append(s)
            held += math.exp(score - top_score) / total
            scores[(s.hit, s.start)] = score
            chars += len(s.text)
        # A heading alone ("切实增强改革创新的精神。") or a numbered point inside a paragraph ("三是突出
        # 把好政治关。") names the point; the sentence after it says it.
        named = [s for s in chosen if names_a_point(s.text)] or (
            chosen[:1] if len(chosen) == 1 and chosen[0].heading else []
        )
        # A sentence the chunker cut at its passage's end (…吉里巴斯、) goes on in the next chunk: to its end.
        cut = [s for s in chosen if _runs_on(s.text) and not hits[s.hit].chunk.text[s.end :].strip()]
        for point in [*named, *cut]:
            following = self._said_after(hits, point)
            if following is not None and not any((c.hit, c.start) == (following.hit, following.start) for c in chosen):
                chosen.append(following)
                scores[(following.hit, following.start)] = scores[(point.hit, point.start)]
        doc_best: dict[str, float] = {}
        for s in chosen:
            doc_best[s.doc_id] = max(doc_best.get(s.doc_id, -1e9), scores[(s.hit, s.start)])
        picked = sorted(chosen, key=lambda s: (-doc_best[s.doc_id], s.pos))
        # Neighbours of one chunk, nothing between them, are one run.
        runs = runs_of(picked, lambda a, b: a.hit == b.hit
                       and not hits[b.hit].chunk.text[a.end : b.start].strip())
        # A heading quoted alone, apart from the best sentence, heads what is not quoted (第六条 违约责任
        # before 因本合同引起的争议…, of 第七条, for 合同争议怎么解决); not a line of figures, which may say
        # when a text appeared ((2013年02期), 2027年2月10日).
        runs = [run for run in runs if not (
            len(run) == 1 and run[0] is not chosen[0] and run[0].heading
            and not any(ch in SENTENCE_END or ch.isdigit() for ch in run[0].text))] or runs
        return runs, chosen[0]

    def _after_points(self, hits: Sequence[Hit], ranking: Ranked) -> list[Hit]:
        """The chunks after the quotable points and headings (within `MARGIN` of the best sentence)
        that end their passage, where not retrieved: read from the library, as hits after `hits`."""
        # The ranking may cover more passages than the answer reads (the pipeline ranks 10, quotes k).
        ranked = [(c, score) for c, score in zip(ranking.sentences, ranking.scores) if c.hit < len(hits)]
        if self._neighbours is None or not ranked:
            return []
        top = ranked[0][1]
        read: list[Hit] = []
        for candidate, score in ranked:
            if score < top - self.MARGIN:
                break
            chunk = hits[candidate.hit].chunk
            if chunk.text[candidate.end :].strip():
                continue  # not the last sentence of its passage
            s = as_sentence(hits, candidate)
            if names_a_point(s.text) or s.heading or _runs_on(s.text):
                read_next(self._neighbours, hits, read, chunk)
        return read

    @staticmethod
    def _said_after(hits: Sequence[Hit], point: Sentence) -> Sentence | None:
        """The sentence after `point` in its document: in its passage, or, where the point ends
        it, opening the next chunk of its document (retrieved, or read by `_after_points`)."""
        chunk = hits[point.hit].chunk
        passages = [point.hit] + [i for i, h in enumerate(hits)
                                  if h.chunk.doc_id == chunk.doc_id and h.chunk.index == chunk.index + 1][:1]
        for i in passages:
            after = [s for s in sentences_of([hits[i]]) if s.pos >= point.pos + len(point.text)]
            if after:
                return after[0]._replace(hit=i)
        return None

    @classmethod
    def _listed(cls, passages: Sequence[Hit], items: Sequence[Sentence]) -> Draft:
        """A list's items, a line each, after what announces them (其特点主要有以下三点：, `announcement`):
        numbered 1., 2., … unless they number themselves (第一，…, 二是…: 1. 第一， numbers twice)."""
        lead = announcement(passages, items[0])
        if not all(numbered_alike(s.text, items[0].text) for s in items):
            return cls._render(passages, [[s] for s in items], as_list=True)
        return cls._render(passages, [[s] for s in ([lead] if lead else []) + list(items)], as_list=False,
                           joiner="\n")

    @staticmethod
    def _render(hits: Sequence[Hit], runs: list[list[Sentence]], as_list: bool, joiner: str = "") -> Draft:
        parts: list[str] = []
        quotes: list[Quote] = []
        for n, run in enumerate(runs, start=1):
            first, last = run[0], run[-1]
            quoted = as_quoted(hits[first.hit].chunk.text[first.start : last.end])
            quotes.append(Quote(n, first.hit, first.start, last.end))
            parts.append(f"{n}. {quoted}[{n}]" if as_list else f"{quoted}[{n}]")
        return Draft("\n".join(parts) if as_list else joiner.join(parts), tuple(quotes))


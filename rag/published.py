"""Questions that ask when or where one of the library's documents was published, answered from its record.

A web page's or a journal's date line (2013年03月12日08:43 來源:人民網) is page chrome: ingest
drops it from the text and keeps its date and its source in the document's record
(`DocumentInfo.date`, `DocumentInfo.publisher`, `ingest.clean`). So no passage says when or
where the document appeared, and the answerer would quote whatever date-like span its passages
hold (今后, for 《…》是哪天发表的). A question that asks when a document of the library was
published, written or issued (这篇文章是什么时候发表的, 张学天的文章发表于哪一年, 《title》是哪天印发的)
is answered with the record's date, and one that asks where (张学天的文章是在哪个网站发表的, 这篇文章的
来源是哪里, 《title》刊登在什么报纸上) with its source, cited at the document's title. Where the
record has neither the passages answer as for any question: a document named by its title may
be about a work of that name (an encyclopedia's 狭叶艾纳香是何时被发表的: 1999年, in its text),
whose date is no date of the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.question import Expect, analyse, fold_question
from rag.text import DOCUMENT_NUMBER, content_words, keyword_tokens, normalize_for_match
from rag.types import DocumentInfo, Hit

# The reason a question about when or where a document was published is refused, where its record
# does not say.
UNRECORDED = "文档的记录里没有写明它的发布时间或来源。"

# Publishing, writing or issuing a text (matched on the folded question); an office's 发 alone issues
# one when a time asks it (什么时候发的, 哪天下发的; not 爆发, 开发).
_PUBLISHED = re.compile(
    r"发表|发布|刊登|刊发|刊出|刊载|登载|印发|下发|签发|出版|发稿|写于|写成|成文|撰写|写的|所写|写作"
    r"|(?:时候|时间|哪天|哪一天|何时|几号|哪日)发(?:出|的)"
)
# The kinds of official document the Party and government's rules on official documents list, and
# those offices add: an office names its documents by them (这份总结, 本通知, 春节放假通知).
OFFICE_KINDS = r"(?:通知|通报|通告|公告|报告|请示|批复|意见|决定|决议|纪要|函|总结|方案|计划|办法|规定|制度|细则|讲话|汇报)"
# A date asked for by its noun (发表日期是什么, 发布时间是): the question's class is then ENTITY.
_DATE_ASKED = re.compile(r"(?:日期|时间)(?:是|为)?(?:什么|何|哪)?[？?]?$")
# The words that point at one of the library's texts rather than at a work one mentions (matched on
# the folded question; `rag.chat` reads them too).
A_TEXT = re.compile(rf"文章|一文|[这那此该本][篇份]|[这那此该本]文|[这那此该本]个?{OFFICE_KINDS}")
# A document named by its kind and what it is about, at the question's start (春节放假通知是什么时候发的
# of 关于2027年春节放假及值班安排的通知): its words (two at least) are all in the title.
_NAMED_BY_KIND = re.compile(rf"^(?:这份|这个|本|该)?(?P<name>.{{2,30}}?{OFFICE_KINDS})")
# A question that opens with a kind of document alone (总结是哪天写的, 通知是谁发的).
_KIND_ALONE = re.compile(rf"^({OFFICE_KINDS})(?:是|由)")
# Where a text appeared, asked (matched on the folded question): an outlet asked for beside a
# publishing verb (在哪个网站发表, 刊登在什么报纸上, 发表在哪里; not 在哪一年), or the text's own source
# or provenance (文章的来源, 这篇文章出自哪里; not 资金来源, nor 出自哪篇文章, which asks for a title).
_OUTLET = re.compile(
    r"(?:哪|什么)[个家份本种]?(?:网站|网|媒体|报纸|报刊|报|杂志|刊物|期刊|平台|栏目|频道)"
    r"|在哪[里儿]?(?=发|刊|登|上|[？?]|$)|于何处"
)
_SOURCE_ASKED = re.compile(r"(?:文章|一文|篇|本文|该文|此文|》)的?(?:来源|出处)|出自(?:哪里|哪儿|何处|哪个|哪家|哪份|什么(?:网站|媒体|报))")
# Who issued a document, asked (谁发的, 哪个单位印发的, 由谁制定, 发文单位).
_ISSUER_ASKED = re.compile(
    r"(?:谁|哪个?(?:单位|部门|机关|科室|机构)|什么(?:单位|部门|机关|机构))(?:印发|下发|发布|制定|签发|发出|发)的"
    r"|由(?:谁|哪个?(?:单位|部门|机关|科室))(?:印发|下发|发布|制定|签发|发出|发)|发文(?:单位|机关)"
)
# A title or an author's name shorter than this is no evidence the question names it.
_SHORTEST_TITLE = 4
_SHORTEST_NAME = 2


# A document's number asked for (文号是多少, 发文字号是什么, 这个文件的编号).
_NUMBER_ASKED = re.compile(r"文号|字号|(?:文件|公文|通知|文档)的?编号")


def number_asked(question: str, hits: Sequence[Hit]) -> tuple[int, int, int] | None:
    """Where the number of the document a question asks for stands in `hits` (海组发〔2024〕12号 for
    文号是多少): (hit, start, end) of the first document number of the best-ranked passage that gives
    one. None when the question asks for no number, or no passage gives one."""
    if not _NUMBER_ASKED.search(fold_question(question)):
        return None  # most questions: nothing to read
    for i, hit in enumerate(hits):
        if (match := DOCUMENT_NUMBER.search(hit.chunk.text)) is not None:
            return i, match.start(), match.end()
    return None


def published_asked(
    question: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None]
) -> int | None:
    """The index of the first of `hits` whose document `question` asks the publication date of, where
    the library records one: the one whose title the question holds, or whose author it names beside
    a word for a text (张学天的文章), or, asked of 这篇 or 文章 without naming one, the best hit. None
    when the question asks something else (most questions: no record is read) or the record has
    no date."""
    folded = fold_question(question)
    if not _asks_date(question, folded):
        return None
    return _asked_of(question, folded, hits, document, _dated)


def publisher_asked(
    question: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None]
) -> int | None:
    """The index of the first of `hits` whose document `question` asks where it was published (its
    source: 在哪个网站发表的, 来源是哪里), found as `published_asked` finds a dated one, where the
    library records the source. None otherwise."""
    folded = fold_question(question)
    if not _asks_outlet(folded):
        return None
    return _asked_of(question, folded, hits, document, _published_by)


def issuer_asked(
    question: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None]
) -> int | None:
    """The index of the first of `hits` whose document `question` asks who issued (春节放假通知是哪个单位
    发的, 这份通知是谁印发的: the office that signed it, its record's author), found as `published_asked`
    finds a dated one, where the library records an author. None otherwise (春节放假通知是谁发的 was
    answered 2027年, of its title, and 哪个单位发的 如下, of 通知如下：)."""
    folded = fold_question(question)
    if _ISSUER_ASKED.search(folded) is None:
        return None
    return _asked_of(question, folded, hits, document, _signed)


def unrecorded_asked(question: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None]) -> bool:
    """Whether `question` asks when or where one of the library's texts was published, pointing at
    it as a text (这篇文章, 乌审旗的文章, 张学天的文章), and that document's record does not say:
    then no passage says it either (the date line ingest drops is where it was), and the answer is
    a refusal, not a span that happens to be a place or a date (乌审旗的文章发表在哪里 was answered
    烏審旗). A document named by its title only may be about a work of that name, whose passages may
    say it."""
    folded = fold_question(question)
    if A_TEXT.search(folded) is None:
        return False
    unrecorded = [recorded for asks, recorded in ((_asks_date(question, folded), _dated),
                                                  (_asks_outlet(folded), _published_by)) if asks]
    if not unrecorded or (at := _named(question, folded, hits, document)) is None:
        return False
    record = document(hits[at].chunk.doc_id)
    return record is not None and not all(recorded(record) for recorded in unrecorded)


def _asks_date(question: str, folded: str) -> bool:
    """When a text was published, written or issued, asked (是哪天发表的, 发布时间是)."""
    if _PUBLISHED.search(folded) is None:
        return False
    return analyse(question).expect is Expect.TIME or _DATE_ASKED.search(folded) is not None


def _asks_outlet(folded: str) -> bool:
    """Where a text appeared, asked: an outlet beside a publishing verb, or its source."""
    outlet = _OUTLET.search(folded) is not None and _PUBLISHED.search(folded) is not None
    return outlet or _SOURCE_ASKED.search(folded) is not None


def _signed(record: DocumentInfo) -> bool:
    return bool(record.author)


def _dated(record: DocumentInfo) -> bool:
    return bool(record.date)


def _published_by(record: DocumentInfo) -> bool:
    return bool(record.publisher)


def _asked_of(
    question: str, folded: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None],
    recorded: Callable[[DocumentInfo], bool],
) -> int | None:
    """`_named`, where that document's record has what is asked (`recorded`)."""
    named = _named(question, folded, hits, document)
    record = document(hits[named].chunk.doc_id) if named is not None else None
    return named if record is not None and recorded(record) else None


def _named(
    question: str, folded: str, hits: Sequence[Hit], document: Callable[[str], DocumentInfo | None]
) -> int | None:
    """The index of the first of `hits` whose document the question names (by its title, or by its
    author beside a word for a text), or the best hit when it points at 这篇 or 文章 without naming
    one; None when it does neither. `folded` is the question's `fold_question`."""
    asked = normalize_for_match(question)
    points_at_a_text = A_TEXT.search(folded) is not None
    by_kind = _kind_words(asked)
    records = [document(hit.chunk.doc_id) for hit in hits]
    if (kind := _KIND_ALONE.match(asked)) is not None:
        # A document named by its kind alone (总结是哪天写的) is the one retrieved document of that kind.
        of_kind = [i for i, record in enumerate(records)
                   if record is not None and kind.group(1) in normalize_for_match(record.title)]
        if len({hits[i].chunk.doc_id for i in of_kind}) == 1:
            return of_kind[0]
    return next((i for i, record in enumerate(records)
                 if record is not None and _names(asked, record, points_at_a_text, by_kind)),
                0 if points_at_a_text and hits else None)


def _names(asked: str, record: DocumentInfo, points_at_a_text: bool, by_kind: Sequence[str]) -> bool:
    """Whether the folded question names the document: its title, its author beside a word for a
    text, or its kind and what it is about (`by_kind`, `_kind_words`: 春节放假通知 of
    关于2027年春节放假及值班安排的通知; 这份采购公告 of 办公用品采购询价公告), each word in its title."""
    title, name = normalize_for_match(record.title), normalize_for_match(record.author or "")
    return (len(title) >= _SHORTEST_TITLE and title in asked) or (
        points_at_a_text and len(name) >= _SHORTEST_NAME and name in asked
    ) or (bool(by_kind) and all(word in title for word in by_kind))


def _kind_words(asked: str) -> list[str]:
    """The words of the document a folded question opens by naming by its kind (春节, 放假, 通知 of
    春节放假通知是什么时候发的); [] when it names none so, or by fewer than two words."""
    if (match := _NAMED_BY_KIND.match(asked)) is None:
        return []
    words = content_words(keyword_tokens(match.group("name")))
    return words if len(words) >= 2 else []


def as_chinese_date(iso: str) -> str:
    """`2013-03-12` as 2013年03月12日, digit for digit as recorded (and as date lines write it); a year
    alone, or a year and month, as far as it goes."""
    return "".join(f"{part}{unit}" for part, unit in zip(iso.split("-"), "年月日"))

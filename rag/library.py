"""Questions about the library itself: which documents it holds, how many, who wrote them, when.

文库里有哪些文章？ or 这些文章的作者都有谁？ is asked of no passage: nothing in the documents says
what the library holds, so no search can find it and the gate refused it. The library's record
(`Store.documents`) says it; each document is listed by its title, its author and date where
the record has them, and cited where its opening holds the title (or, asked who wrote them,
the author's name), so a click reads it; asked when (这些文章都是什么时候发表的, 哪篇文章最新), by the
dates the record holds, and the documents that record none are named. No LLM is called for it
either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from enum import Enum

from rag.answer import Draft, Quote
from rag.published import OFFICE_KINDS, as_chinese_date
from rag.question import fold_question
from rag.text import DOCUMENT_NUMBER
from rag.types import Chunk, DocumentInfo, Hit

# What names the library (文库里, 知识库中, 你这里) and its texts (文章, 文档…), on the folded question.
_LIBRARY = r"(?:(?:这个|本|你的|我的|我们的)?(?:文库|文档库|资料库|知识库|库)|你这里|你这儿|这里|系统)(?:里面?|中|内)?"
_TEXTS = r"(?:文章|文档|文件|资料|材料|文稿|稿件)"
_SOME = r"(?:一共|总共|共|都|目前|现在|现有)*"
_THESE = r"(?:这些|所有|各篇|每篇)"
_PUBLISHED = r"(?:发表|发布|印发|下发|刊发|出版|写成|写|发)"
_DOCUMENTS_ASKED = re.compile(
    rf"(?:{_LIBRARY})?{_SOME}(?:有|收录了?|包括|包含|存了?|放了?)?"
    rf"(?:哪些|什么|几篇|多少篇|几份|多少份|几个|多少个|多少)(?:篇|份|个)?{_TEXTS}"
)
# Authors and dates are asked of several texts only (这些, 所有, 都, 分别; 作者是谁 alone is asked of
# the one the chat last quoted, and answered by its byline).
_AUTHORS_ASKED = re.compile(
    rf"(?:{_LIBRARY})?{_THESE}?(?:的?{_TEXTS})?的?作者{_SOME}(?:分别|各)?(?:有|是)?"
    r"(?:谁|哪些人?|哪几位|哪几个人?|什么人)"
    rf"|(?:{_LIBRARY})?{_THESE}?{_TEXTS}{_SOME}(?:分别|各)?(?:是|由)?谁写的"
    rf"|(?:{_LIBRARY})?{_SOME}有(?:哪些|哪几位|几位|多少位?)作者"
)
_DATES_ASKED = re.compile(
    rf"(?:{_LIBRARY})?{_THESE}?(?:的?{_TEXTS})?{_SOME}(?:分别|各)?(?:是)?(?:在)?"
    rf"(?:什么时候|何时|哪天|哪一天|哪年|哪一年|什么时间|什么日期){_PUBLISHED}的?"
    rf"|(?:{_LIBRARY})?{_THESE}?(?:的?{_TEXTS})?的?{_PUBLISHED}(?:时间|日期){_SOME}(?:分别)?(?:是)?(?:什么|哪天)?"
)
# Which were published in a year (哪些文章是2013年发表的, 2013年发布的文件有哪些).
_IN_YEAR_ASKED = re.compile(
    rf"(?:{_LIBRARY})?{_SOME}(?:有)?哪些{_TEXTS}?(?:是)?(?:在)?(?P<a>\d{{4}})年{_PUBLISHED}的?{_TEXTS}?"
    rf"|(?:{_LIBRARY})?(?P<b>\d{{4}})年{_PUBLISHED}的{_TEXTS}{_SOME}(?:有)?(?:哪些|哪几篇|哪几份)"
)
# Which one is the newest or the oldest (哪篇文章最新, 最早发表的文件是哪份).
_EDGE_ASKED = re.compile(
    rf"(?:{_LIBRARY})?哪一?(?:篇|份|个){_TEXTS}?(?:是)?最(?P<a>新|早|晚|近)(?:{_PUBLISHED})?的?"
    rf"|(?:{_LIBRARY})?最(?P<b>新|早|晚|近)(?:{_PUBLISHED})?的{_TEXTS}(?:是)?哪一?(?:篇|份|个)"
)
_PLURAL = re.compile(rf"{_LIBRARY}|这些|所有|各|每|都|分别|哪些|哪几|几位|多少")
# Asked of "the text" without naming one (文章的作者是谁？, 这篇文章是什么时候发表的？, 文章的标题是什么？):
# of the one the chat last quoted, and when none was, of every document (it was refused: no
# passage says who wrote "the text").
_THIS = r"(?:这篇|这份|该|本篇|本)?"
# Or by its kind, which an office names its documents by (这份总结, 本通知, 该办法).
_THIS_KIND = rf"(?:这篇|这份|这个|本|该)({OFFICE_KINDS})"
_THE_TEXT = rf"(?:{_THIS}{_TEXTS}?|{_THIS_KIND})"
_KIND_ASKED = re.compile(_THIS_KIND)
_WHEN = r"(?:什么时候|何时|哪天|哪一天|哪年|哪一年|什么时间|什么日期)"
_CLOSE = re.compile(r"(?:呢|啊|呀|吗)?[？?。.！!]*$")
# How many documents an answer lists; the rest are counted and left to the library page.
LISTED = 30
# How far into a document's first chunk its title or byline may stand (a line of page chrome before it).
_OPENING_REACH = 80


class LibraryQuestion(Enum):
    """What a question about the library itself asks for."""

    DOCUMENTS = "documents"
    AUTHORS = "authors"
    DATES = "dates"
    IN_YEAR = "in_year"
    LATEST = "latest"
    EARLIEST = "earliest"
    GIST = "gist"  # what "the text" says, asked of none (这篇文章讲了什么): which is it?
    NUMBERS = "numbers"  # an official document's number (文号是多少), asked of none


_OF_THE_TEXT = (
    (LibraryQuestion.AUTHORS, re.compile(
        rf"{_THE_TEXT}的?作者(?:是|为)?(?:谁|哪位|什么人)|{_THE_TEXT}(?:是)?(?:由)?谁(?:写|发|印发|发布|制定|起草)的")),
    (LibraryQuestion.DATES, re.compile(
        rf"{_THE_TEXT}(?:是)?(?:在)?{_WHEN}{_PUBLISHED}的?|{_THE_TEXT}{_PUBLISHED}(?:于|在){_WHEN}"
        rf"|{_THE_TEXT}的?{_PUBLISHED}(?:时间|日期)(?:是)?(?:什么|哪天)?")),
    (LibraryQuestion.DOCUMENTS, re.compile(
        rf"{_THIS}{_TEXTS}的?(?:标题|题目|名字|名称)(?:是|叫)?(?:什么|啥)|这是(?:什么|哪篇|哪份){_TEXTS}")),
    (LibraryQuestion.GIST, re.compile(
        rf"{_THIS}{_TEXTS}(?:主要)?(?:讲|说|谈|写)(?:了|的是)?(?:些)?(?:什么|啥)(?:内容)?"
        rf"|(?:请|帮我)?(?:总结|概括|归纳|概述)(?:一下)?(?:{_THIS}{_TEXTS}|全文)(?:的)?(?:主要)?(?:内容|观点|要点)?")),
    (LibraryQuestion.NUMBERS, re.compile(rf"{_THE_TEXT}的?(?:文号|发文字号|发文号)(?:是|为)?(?:多少|什么|啥)")),
)


def library_asked(question: str, none_quoted: bool = False) -> LibraryQuestion | None:
    """What a question about the library itself asks (its documents, their authors or dates, the
    newest or oldest); None for a question about what the documents say (哪些文章提到了人才 asks which
    of them say something). Asked of "the text" (文章的作者是谁？), it is of every document when
    `none_quoted` (the chat has quoted none yet), and otherwise of the one quoted last: None."""
    folded = _CLOSE.sub("", fold_question(question))
    if none_quoted and (of_the_text := _of_the_text(folded)) is not None:
        return of_the_text
    if _AUTHORS_ASKED.fullmatch(folded) and _PLURAL.search(folded):
        return LibraryQuestion.AUTHORS
    if _DATES_ASKED.fullmatch(folded) and _PLURAL.search(folded):
        return LibraryQuestion.DATES
    if _IN_YEAR_ASKED.fullmatch(folded):
        return LibraryQuestion.IN_YEAR
    if edge := _EDGE_ASKED.fullmatch(folded):
        return LibraryQuestion.EARLIEST if "早" in (edge["a"] or edge["b"]) else LibraryQuestion.LATEST
    if _DOCUMENTS_ASKED.fullmatch(folded):
        return LibraryQuestion.DOCUMENTS
    return None


def _of_the_text(folded: str) -> LibraryQuestion | None:
    """What a question of "the text" names none of asks (文章的作者是谁 -> AUTHORS), on the folded question."""
    return next((asked for asked, pattern in _OF_THE_TEXT if pattern.fullmatch(folded)), None)


class _Citations:
    """Quotes of what a listing names where the documents' openings (their first chunks) hold it,
    numbered as they are made; the openings quoted are the draft's passages."""

    def __init__(self, openings: Mapping[str, Chunk]) -> None:
        self._openings = openings
        self.quotes: list[Quote] = []
        self.passages: list[Hit] = []

    def number_of(self, info: DocumentInfo) -> str | None:
        """The official document number (海组发〔2024〕12号) `info`'s opening gives near its start."""
        chunk = self._openings.get(info.doc_id)
        found = DOCUMENT_NUMBER.search(chunk.text[:_OPENING_REACH]) if chunk is not None else None
        return found.group() if found is not None else None

    def of(self, info: DocumentInfo, text: str | None) -> str:
        """`[n]` quoting `text` in `info`'s opening; "" where the opening does not hold it."""
        chunk = self._openings.get(info.doc_id)
        at = chunk.text.find(text) if chunk is not None and text else -1
        if chunk is None or not text or not 0 <= at <= _OPENING_REACH:
            return ""
        self.passages.append(Hit(chunk, len(self.passages) + 1, 0.0))
        self.quotes.append(Quote(len(self.quotes) + 1, len(self.passages) - 1, at, at + len(text)))
        return f"[{len(self.quotes)}]"


def listing(
    asked: LibraryQuestion, documents: Sequence[DocumentInfo], openings: Mapping[str, Chunk],
    question: str = "",
) -> Draft:
    """The answer to a question about the library: its documents (first `LISTED`) by title, with
    author and date, its authors with their documents' titles, their dates, their official numbers
    (文号, as their openings give them), those of the year
    `question` names, or the newest or oldest by date; each cited at its opening when the opening
    (`openings[doc_id]`, the document's first chunk) holds what is listed."""
    if not documents:
        return Draft("文库里还没有文档：请先用 `rag ingest` 或应用的“文档库”页添加。", ())
    folded = fold_question(question)
    of_the_text = _of_the_text(_CLOSE.sub("", folded)) is not None
    kind = found.group(1) if of_the_text and (found := _KIND_ASKED.search(folded)) is not None else None
    of_kind = [d for d in documents if kind is not None and d.title.rstrip("》」 ").endswith(kind)]
    if of_kind:
        documents = of_kind  # 这个通知是谁发的, none quoted: of the library's notices
    cite = _Citations(openings)
    if len(of_kind) == 1 and asked in _OF_ONE:
        lines = [_OF_ONE[asked](of_kind[0], cite)]
    elif asked is LibraryQuestion.IN_YEAR:
        lines = _in_year(documents, cite, _year_asked(question))
    else:
        lines = _LISTINGS[asked](documents, cite)
    if len(documents) > 1 and of_the_text:
        lines.insert(0, f"问题没有指明是哪一份{kind}，下面列出文库里的每一份。" if of_kind
                     else "问题没有指明是哪篇文档，下面列出文库里的每一篇。")
    if asked in _LISTS and len(documents) > LISTED:
        lines.append(f"……另有{len(documents) - LISTED}篇未列出：全部文档见应用的“文档库”页，或运行 `rag docs`。")
    return Draft("\n".join(lines), tuple(cite.quotes), extra=tuple(cite.passages))


def _documents(documents: Sequence[DocumentInfo], cite: _Citations) -> list[str]:
    lines = [f"文库里有{len(documents)}篇文档："]
    for n, info in enumerate(documents[:LISTED], start=1):
        about = "，".join(part for part in (info.author, info.date) if part)
        lines.append(f"{n}. 《{info.title}》{cite.of(info, info.title)}" + (f"（{about}）" if about else ""))
    return lines


def _authors(documents: Sequence[DocumentInfo], cite: _Citations) -> list[str]:
    by_author: dict[str | None, list[DocumentInfo]] = {}
    for info in documents[:LISTED]:
        by_author.setdefault(info.author, []).append(info)
    named = [author for author in by_author if author]
    if not named:
        unsigned = enumerate(by_author[None], start=1)
        return [f"文库里{len(documents)}篇文档都没有署名作者：",
                *(f"{n}. 《{t.title}》{cite.of(t, t.title)}" for n, t in unsigned)]
    lines = [f"文库里{len(documents)}篇文档的作者："]
    for n, author in enumerate(named, start=1):
        texts = by_author[author]
        lines.append(f"{n}. {author}{cite.of(texts[0], author)}：" + "、".join(f"《{t.title}》" for t in texts))
    if None in by_author:
        lines.append("未署名：" + "、".join(f"《{t.title}》" for t in by_author[None]))
    return lines


def _author_of(info: DocumentInfo, cite: _Citations) -> str:
    if not info.author:
        return f"《{info.title}》{cite.of(info, info.title)}没有署名作者。"
    return f"《{info.title}》的作者：{info.author}{cite.of(info, info.author)}"


def _date_of(info: DocumentInfo, cite: _Citations) -> str:
    if not info.date:
        return f"《{info.title}》{cite.of(info, info.title)}没有记录日期。"
    return f"《{info.title}》{cite.of(info, info.title)}的日期：{as_chinese_date(info.date)}（文档记录的日期）"


def _number_of(info: DocumentInfo, cite: _Citations) -> str:
    if (number := cite.number_of(info)) is None:
        return f"《{info.title}》{cite.of(info, info.title)}的开头没有文号。"
    return f"《{info.title}》的文号：{number}{cite.of(info, number)}"


def _dates(documents: Sequence[DocumentInfo], cite: _Citations) -> list[str]:
    shown = documents[:LISTED]
    dated = sorted((info for info in shown if info.date), key=lambda info: info.date or "")
    if not dated:
        return [f"文库里{len(documents)}篇文档都没有记录日期。"]
    lines = [f"文库里{len(documents)}篇文档记录的日期："]
    for n, info in enumerate(dated, start=1):
        lines.append(f"{n}. 《{info.title}》{cite.of(info, info.title)}：{as_chinese_date(info.date or '')}")
    if undated := [info for info in shown if not info.date]:
        lines.append("未记录日期：" + "、".join(f"《{info.title}》" for info in undated))
    return lines


def _numbers(documents: Sequence[DocumentInfo], cite: _Citations) -> list[str]:
    numbers = [(info, cite.number_of(info)) for info in documents[:LISTED]]
    numbered = [(info, number) for info, number in numbers if number]
    if not numbered:
        return [f"文库里{len(documents)}篇文档的开头都没有文号。"]
    lines = [f"文库里{len(documents)}篇文档的文号："]
    for n, (info, number) in enumerate(numbered, start=1):
        lines.append(f"{n}. 《{info.title}》：{number}{cite.of(info, number)}")
    if unnumbered := [info for info, number in numbers if not number]:
        lines.append("没有文号：" + "、".join(f"《{info.title}》" for info in unnumbered))
    return lines


def _year_asked(question: str) -> str:
    """The year a question asks the documents of (2013 of 哪些文章是2013年发表的); "" for none."""
    asked = _IN_YEAR_ASKED.fullmatch(_CLOSE.sub("", fold_question(question)))
    return (asked["a"] or asked["b"]) if asked is not None else ""


def _in_year(documents: Sequence[DocumentInfo], cite: _Citations, year: str) -> list[str]:
    """The documents whose recorded date falls in `year`, and how many record no date."""
    found = [info for info in documents if (info.date or "").startswith(year)] if year else []
    undated = sum(1 for info in documents if not info.date)
    note = f"（另有{undated}篇没有记录日期，无从判断。）" if undated else ""
    if not found:
        return [f"文库里没有记录日期在{year}年的文档。{note}"]
    lines = [f"记录日期在{year}年的文档有{len(found)}篇："]
    lines += [f"{n}. 《{info.title}》{cite.of(info, info.title)}：{as_chinese_date(info.date or '')}"
              for n, info in enumerate(found[:LISTED], start=1)]
    return lines + ([note] if note else [])


def _edge(latest: bool) -> Callable[[Sequence[DocumentInfo], _Citations], list[str]]:
    """The newest (or oldest) document by its recorded date, and how many record none."""
    def answer(documents: Sequence[DocumentInfo], cite: _Citations) -> list[str]:
        dated = [info for info in documents if info.date]
        if not dated:
            return [f"文库里{len(documents)}篇文档都没有记录日期，无法比较先后。"]
        pick = (max if latest else min)(dated, key=lambda info: info.date or "")
        word = "最新" if latest else "最早"
        line = f"记录了日期的{len(dated)}篇文档中，{word}的是《{pick.title}》{cite.of(pick, pick.title)}" \
               f"（{as_chinese_date(pick.date or '')}）。"
        undated = len(documents) - len(dated)
        return [line + (f"另有{undated}篇没有记录日期，不在比较之列。" if undated else "")]
    return answer


# The answers that list every document (the others name one, or those of a year).
_LISTS = (LibraryQuestion.DOCUMENTS, LibraryQuestion.AUTHORS, LibraryQuestion.DATES, LibraryQuestion.GIST,
          LibraryQuestion.NUMBERS)
_LISTINGS: dict[LibraryQuestion, Callable[[Sequence[DocumentInfo], _Citations], list[str]]] = {
    LibraryQuestion.DOCUMENTS: _documents,
    LibraryQuestion.GIST: _documents,
    LibraryQuestion.AUTHORS: _authors,
    LibraryQuestion.DATES: _dates,
    LibraryQuestion.NUMBERS: _numbers,
    LibraryQuestion.LATEST: _edge(latest=True),
    LibraryQuestion.EARLIEST: _edge(latest=False),
}
# What is asked of the one document of the kind a question names (这个通知是谁发的, none quoted yet).
_OF_ONE: dict[LibraryQuestion, Callable[[DocumentInfo, _Citations], str]] = {
    LibraryQuestion.AUTHORS: _author_of,
    LibraryQuestion.DATES: _date_of,
    LibraryQuestion.NUMBERS: _number_of,
}

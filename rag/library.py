"""Questions about the library itself: which documents it holds, how many, and who wrote them.

文库里有哪些文章？ or 这些文章的作者都有谁？ is asked of no passage: nothing in the documents says
what the library holds, so no search can find it and the gate refused it. The library's record
(`Store.documents`) says it; each document is listed by its title, its author and date where
the record has them, and cited where its opening holds the title (or, asked who wrote them,
the author's name), so a click reads it. No LLM is called for it either way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import Enum

from rag.answer import Draft, Quote
from rag.question import fold_question
from rag.types import Chunk, DocumentInfo, Hit

# What names the library (文库里, 知识库中, 你这里) and its texts (文章, 文档…), on the folded question.
_LIBRARY = r"(?:(?:这个|本|你的|我的|我们的)?(?:文库|文档库|资料库|知识库|库)|你这里|你这儿|这里|系统)(?:里面?|中|内)?"
_TEXTS = r"(?:文章|文档|文件|资料|材料|文稿|稿件)"
_SOME = r"(?:一共|总共|共|都|目前|现在|现有)*"
_DOCUMENTS_ASKED = re.compile(
    rf"(?:{_LIBRARY})?{_SOME}(?:有|收录了?|包括|包含|存了?|放了?)?"
    rf"(?:哪些|什么|几篇|多少篇|几份|多少份|几个|多少个|多少)(?:篇|份|个)?{_TEXTS}"
)
# Authors are asked of several texts only (这些, 所有, 都, 分别; 作者是谁 alone is asked of the one
# the chat last quoted, and answered by its byline).
_AUTHORS_ASKED = re.compile(
    rf"(?:{_LIBRARY})?(?:这些|所有|各篇|每篇)?(?:的?{_TEXTS})?的?作者{_SOME}(?:分别|各)?(?:有|是)?"
    r"(?:谁|哪些人?|哪几位|哪几个人?|什么人)"
    rf"|(?:{_LIBRARY})?(?:这些|所有|各篇|每篇)?{_TEXTS}{_SOME}(?:分别|各)?(?:是|由)?谁写的"
    rf"|(?:{_LIBRARY})?{_SOME}有(?:哪些|哪几位|几位|多少位?)作者"
)
_PLURAL = re.compile(rf"{_LIBRARY}|这些|所有|各|每|都|分别|哪些|哪几|几位|多少")
_CLOSE = re.compile(r"(?:呢|啊|呀|吗)?[？?。.！!]*$")
# How many documents an answer lists; the rest are counted and left to the library page.
LISTED = 30
# How far into a document's first chunk its title or byline may stand (a line of page chrome before it).
_OPENING_REACH = 80


class LibraryQuestion(Enum):
    """What a question about the library itself asks for."""

    DOCUMENTS = "documents"
    AUTHORS = "authors"


def library_asked(question: str) -> LibraryQuestion | None:
    """What a question about the library itself asks (its documents, or their authors); None for a
    question about what the documents say (哪些文章提到了人才 asks which of them say something)."""
    folded = _CLOSE.sub("", fold_question(question))
    if _AUTHORS_ASKED.fullmatch(folded) and _PLURAL.search(folded):
        return LibraryQuestion.AUTHORS
    if _DOCUMENTS_ASKED.fullmatch(folded):
        return LibraryQuestion.DOCUMENTS
    return None


def listing(
    asked: LibraryQuestion, documents: Sequence[DocumentInfo], openings: Mapping[str, Chunk]
) -> Draft:
    """The answer to a question about the library: its documents (first `LISTED`) by title, with
    author and date, or its authors with their documents' titles; each cited at its opening when the
    opening (`openings[doc_id]`, the document's first chunk) holds what is listed."""
    if not documents:
        return Draft("文库里还没有文档：请先用 `rag ingest` 或应用的“文档库”页添加。", ())
    shown = documents[:LISTED]
    quotes: list[Quote] = []
    extra: list[Hit] = []

    def cited(info: DocumentInfo, text: str | None) -> str:
        """`[n]` quoting `text` in `info`'s opening; "" where the opening does not hold it."""
        chunk = openings.get(info.doc_id)
        at = chunk.text.find(text) if chunk is not None and text else -1
        if chunk is None or not text or not 0 <= at <= _OPENING_REACH:
            return ""
        extra.append(Hit(chunk, len(extra) + 1, 0.0))
        quotes.append(Quote(len(quotes) + 1, len(extra) - 1, at, at + len(text)))
        return f"[{len(quotes)}]"

    if asked is LibraryQuestion.AUTHORS:
        by_author: dict[str | None, list[DocumentInfo]] = {}
        for info in shown:
            by_author.setdefault(info.author, []).append(info)
        named = [author for author in by_author if author]
        lines = [f"文库里{len(documents)}篇文档的作者：" if named else f"文库里{len(documents)}篇文档都没有署名作者："]
        for n, author in enumerate(named, start=1):
            texts = by_author[author]
            lines.append(f"{n}. {author}{cited(texts[0], author)}：" + "、".join(f"《{t.title}》" for t in texts))
        if None in by_author and named:
            lines.append("未署名：" + "、".join(f"《{t.title}》" for t in by_author[None]))
        elif None in by_author:
            unsigned = enumerate(by_author[None], start=1)
            lines.extend(f"{n}. 《{t.title}》{cited(t, t.title)}" for n, t in unsigned)
    else:
        lines = [f"文库里有{len(documents)}篇文档："]
        for n, info in enumerate(shown, start=1):
            about = "，".join(part for part in (info.author, info.date) if part)
            lines.append(f"{n}. 《{info.title}》{cited(info, info.title)}" + (f"（{about}）" if about else ""))
    if len(documents) > len(shown):
        lines.append(f"……另有{len(documents) - len(shown)}篇未列出：全部文档见应用的“文档库”页，或运行 `rag docs`。")
    return Draft("\n".join(lines), tuple(quotes), extra=tuple(extra))

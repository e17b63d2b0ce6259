"""Cleaning: remove noise (Word artifacts, pinyin annotations, web page chrome), keep the author's text.

Every rule works on one line at a time (a paragraph is a line), so cleaning is
idempotent. Chrome rules are written once, in Simplified, and matched against the
t2s-folded line, so they catch both scripts. Bylines and titles stay in the text (they are
the author's); the date/source line of a web page is chrome and goes, its date and source kept as metadata.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from rag.question import chinese_count
from rag.text import DOCUMENT_NUMBER, WORD_ARTIFACT, fold_t2s, strip_pinyin

_SENTENCE_PUNCT = re.compile(r"[。！？；!?;，,：:]")
_HEAD_LINES = 4  # title and byline are looked for among the first non-blank lines
_MAX_TITLE = 40
_MAX_CHROME = 80  # chrome lines are short; a long line is article text whatever it contains

# Line-level page chrome, matched on the folded (Simplified) line.
_BREADCRUMB = re.compile(r"^[^。！？]{1,40}(?:>>|»|›)\s*[^。！？>]{1,20}$")
_CALL_TO_ACTION = re.compile(r"^(?:>>|»|【?点击(?:进入|查看|这里)|更多精彩)")
_SHARE_WORDS = ("分享", "打印", "字号", "推荐", "收藏", "纠错", "点评", "e-mail", "社区", "关闭窗口")
_SOURCE_LABEL = re.compile(r"来源[:：]")
# A page's date line gives a date and a time (2024-03-01 09:30, after a site's name or 发布时间：),
# where a document's record gives a time under its own label (报价截止时间：2026年12月15日17:00,
# 开标时间：…): that is data, the date of no page. A label naming publication is the page's.
_DATE_TIME = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}|\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}")
_LABEL_BEFORE = re.compile(r"([^\s:：|｜/／]{1,12})\s*[:：]\s*$")
_PUBLISHED_LABEL = re.compile(r"^(?:发布|发表|更新|发稿|上传|录入|修改)?(?:时间|日期)$")
# `授权` alone is an ordinary word in these essays (授权审批); only a licence notice is chrome.
_REPRINT = re.compile(r"授权.{0,30}(?:发布|转载|刊登|使用)|请勿转载|转载请|未经(?:许可|授权)|版权所有|禁止转载")
_EDITOR = re.compile(r"^[(（\[【]?\s*(?:责编|责任编辑|编辑|校对|审核)\s*[:：]")
_BULLET_LINK = re.compile(r"^[·•▪◦●]\s*\S")
_WIDGETS = frozenset(
    "相关专题 相关新闻 相关阅读 相关文章 延伸阅读 推荐阅读 精彩推荐 最新评论 热门评论 网友评论 "
    "发表评论 我要评论 查看全部留言 查看全部评论 焦点新闻 热点新闻 热门推荐 返回顶部".split()
)
_WIDGET_TRIM = "·•▪◦●■□ \t"

# Metadata.
_DATE = re.compile(r"(?<!\d)(\d{4})(?:\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|([-/.])(\d{1,2})\4(\d{1,2})(?!\d))")
_BYLINE = re.compile(r"^[■●◆▲□\s]*(?:文|作者|撰文|记者)\s*[/|｜／:：]\s*(?P<name>[^\s/|｜／:：()（）]{2,12})\s*$")
_TRAILING_NAME = re.compile(r"\S.*\s+(?P<name>[\u4e00-\u9fff·]{2,5})$")
_LEAD_IN = re.compile(r"(?:——|—|-|:|：)$")
# A numbered heading (第一章 总则, 一、总体要求, （一）工作目标): no byline, whatever name-like word ends it.
_NUMBERED_HEADING = re.compile(
    r"^(?:第[零〇一二两三四五六七八九十百\d]+[章节条编篇部卷]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])"
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<title>\S.*?)\s*#*$")
# The source a date line names (來源:人民網-中國共產黨新聞網), in the line's own script: up to a space,
# a separator or the next field (作者：…, 时间：…).
_SOURCE = re.compile(r"(?:来源|來源)\s*[:：]\s*(?P<name>[^\s|｜/／,，;；:：]{2,40})")


@dataclass(frozen=True)
class Cleaned:
    """A cleaned text and the metadata found in it (None when not found)."""

    text: str
    title: str | None = None
    author: str | None = None
    affiliation: str | None = None  # what the byline says the author is (中共海北州委常委、组织部部长)
    date: str | None = None
    publisher: str | None = None
    origins: tuple[int, ...] = ()  # the input line of every cleaned line (lines split at \n, \r\n or \r)


def _is_chrome(line: str) -> bool:
    """Whether a stripped line is page chrome: navigation, share bars, widgets, notices."""
    if len(line) > _MAX_CHROME:
        return False
    folded = fold_t2s(line).lower()
    return (
        _BREADCRUMB.match(folded) is not None
        or _CALL_TO_ACTION.match(folded) is not None
        or sum(word in folded for word in _SHARE_WORDS) >= 2
        or _SOURCE_LABEL.search(folded) is not None
        or _page_date(folded)
        or _REPRINT.search(folded) is not None
        or _EDITOR.match(folded) is not None
        or folded.strip(_WIDGET_TRIM) in _WIDGETS
        or (_BULLET_LINK.match(folded) is not None and len(folded) <= 40 and not _SENTENCE_PUNCT.search(folded))
    )


def _page_date(folded: str) -> bool:
    """Whether a folded line gives a date and time as a page's date line does, under no label or
    one of publication (发布时间：), not a record's own label (会议时间：, 报价截止时间：)."""
    if (match := _DATE_TIME.search(folded)) is None:
        return False
    label = _LABEL_BEFORE.search(folded[: match.start()])
    return label is None or _PUBLISHED_LABEL.match(label.group(1)) is not None


def _find_date(lines: list[str]) -> str | None:
    """The ISO date of the first dated short line (the page's date/source line), if any."""
    for line in lines:
        if len(line) <= _MAX_CHROME and (match := _DATE.search(line)):
            year, month, day = (int(g) for g in match.groups() if g and g.isdigit())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _find_publisher(lines: list[str]) -> str | None:
    """The source the first short line that names one gives (the page's date/source line), if any."""
    for line in lines:
        if len(line) <= _MAX_CHROME and (match := _SOURCE.search(line)):
            return match.group("name").rstrip("。.、")
    return None


# An official document's masthead (中共海北州委组织部文件), above its number (`DOCUMENT_NUMBER`) and title.
_MASTHEAD = re.compile(r"^\S{4,30}文件$")
# A letter's or an official document's signature (落款): the signer, then the date alone, as the
# last lines (中共海北州委组织部 / 2024年7月5日; older documents write 二〇一五年三月二日).
_CHINESE_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_MAX_SIGNER = 30


def _as_iso(line: str) -> str | None:
    """The ISO date a line that is a date and nothing else gives (2024年7月5日, 2024-07-05, 二〇二四年七月五日)."""
    line = line.strip()
    if match := _DATE.fullmatch(line):
        year, month, day = (int(g) for g in match.groups() if g and g.isdigit())
    elif match := _CHINESE_DATE.fullmatch(line):
        year = int("".join(str("〇一二三四五六七八九".index(c.replace("零", "〇"))) for c in match.group(1)))
        month, day = chinese_count(match.group(2)), chinese_count(match.group(3))
    else:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


# What an official document may print after its signature (版记): a note on its release, the offices
# it is copied to, who printed it and when, its attachments.
_AFTER_SIGNATURE = re.compile(r"^[(（]?(?:此件|抄送|抄报|主送|附件|印发|联系人|联系电话)|印发$")
_SIGNATURE_REACH = 6  # the last lines a signature is looked for in


def _find_signature(prose: list[str]) -> tuple[str | None, str | None]:
    """The signer and ISO date of the signature that closes a letter or an official document: a
    line that is a date alone, among the last lines with only what a document prints after its
    signature below it (抄送：…, （此件公开发布）, …印发), the line before it short, unpunctuated and no
    date (the issuing office or the writer). (None, None) without one."""
    lines = [line for line in prose if line]
    for at in range(len(lines) - 1, max(len(lines) - _SIGNATURE_REACH, 1), -1):
        if (date := _as_iso(lines[at])) is not None:
            signer = lines[at - 1]
            if len(signer) > _MAX_SIGNER or _SENTENCE_PUNCT.search(signer) or _DATE.search(signer):
                return None, date
            return signer, date
        if not _AFTER_SIGNATURE.search(lines[at]):
            return None, None
    return None, None


def _is_heading(line: str) -> bool:
    """A short line without sentence punctuation and with some substance: a title candidate."""
    letters = sum(ch.isalnum() for ch in line)
    return (
        letters >= 5
        and len(line) <= _MAX_TITLE
        and not _SENTENCE_PUNCT.search(line)
        and not _LEAD_IN.search(line)
        and _BYLINE.match(line) is None
    )


def _find_title(head: list[str]) -> str | None:
    """The first heading-like line among the head lines (stopping at the first real paragraph).

    A Markdown heading that opens the text is the title whatever its length (`# 梵文`).
    """
    if head and (match := _MARKDOWN_HEADING.match(head[0])):
        return match.group("title")
    # An official document's masthead and number head it, its title below them: the masthead is
    # 中共海北州委组织部文件, or the issuing office alone (XX市财政局办公室) above the number.
    numbered = [i for i, line in enumerate(head) if len(line) <= _MAX_TITLE and DOCUMENT_NUMBER.search(line)]
    if numbered:
        head = head[numbered[0] + 1 :]
    for line in head:
        if _MASTHEAD.match(line):
            continue
        if _is_heading(line):
            return line
        if len(line) > _MAX_TITLE:
            break
    return None


def _fallback_title(lines: list[str]) -> str | None:
    """No heading: the first clause of the first paragraph (bylines skipped), cut to the title length."""
    for line in lines:
        if _BYLINE.match(line):
            continue
        clause = re.split(r"[。！？；!?;，,：:]", line, maxsplit=1)[0].strip()
        if clause:
            return clause if len(clause) <= _MAX_TITLE else clause[: _MAX_TITLE - 1] + "…"
    return None


def _find_author(head: list[str]) -> tuple[str | None, str | None]:
    """The author and their affiliation from a byline (`文/張學天`, `文| 蘇新發`: no affiliation) or
    an affiliation line ending in a name (`中共海北州委常委、组织部部长  司吉昇`)."""
    for line in head:
        if match := _BYLINE.match(line):
            return match.group("name"), None
    for line in head:
        # `中共海北州委常委、组织部部长  司吉昇`: a short unpunctuated line, the name after the last space.
        # A Markdown heading (`# 霓虹雀鲷`) is the title, not an affiliation line.
        if _MARKDOWN_HEADING.match(line) or _NUMBERED_HEADING.match(line):
            continue
        if len(line) <= _MAX_TITLE and not re.search(r"[。！？；!?;,，]", line) and (match := _TRAILING_NAME.match(line)):
            return match.group("name"), line[: match.start("name")].strip() or None
    return None, None


def _lines(text: str) -> list[str]:
    """Normalised lines: no artifacts, no pinyin annotations, stripped (NBSP and full-width spaces too)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = strip_pinyin(WORD_ARTIFACT.sub("", text))
    return [line.strip() for line in text.split("\n")]


def _collapse_blank(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """At most one blank line in a row, none at either end (lines come with their input line numbers)."""
    out: list[tuple[int, str]] = []
    for number, line in lines:
        if line or (out and out[-1][1]):
            out.append((number, line))
    while out and not out[-1][1]:
        out.pop()
    return out


def clean(text: str, tabular: bool = False, rows: Collection[int] = ()) -> Cleaned:
    """Clean a loaded text and read its title, author, ISO date (`2013-03-12`) and source (人民網).

    The title is the first short unpunctuated line near the top (a lead-in such as
    `之一——` is skipped); without one, the first clause of the first paragraph.
    `origins` maps every line of the cleaned text to its line in `text`.

    A `tabular` text (a spreadsheet's rows) keeps every line: a row such as `来源：新华社 |
    时间：2024-03-01 09:30` is data, not a web page's date line. Title, author, date and source are
    not read from it: its first lines are a sheet's name and its header row. So are `rows`, the
    numbers of the lines that are a table's rows in prose (a Word table's): kept whatever they say
    (`日期：2024年3月1日 | 来源：办公室` is no date line), and no title or author is read from them
    (a table's header row `部门 | 姓名 | 职务` was the title of a file that opens with it, and 职务 its
    author).
    """
    lines = _lines(text)
    if tabular:
        numbered = _collapse_blank(list(enumerate(lines)))
        return Cleaned(text="\n".join(line for _, line in numbered), origins=tuple(i for i, _ in numbered))
    rows = frozenset(rows)
    chrome = [line for i, line in enumerate(lines) if line and i not in rows and _is_chrome(line)]
    date, publisher = _find_date(chrome), _find_publisher(chrome)
    numbered = _collapse_blank(
        [(i, line) for i, line in enumerate(lines) if not line or i in rows or not _is_chrome(line)]
    )
    kept = [line for _, line in numbered]
    prose = [line for i, line in numbered if i not in rows]
    head = [line for line in prose if line][:_HEAD_LINES]
    title = _find_title(head) or _fallback_title(prose)
    author, affiliation = _find_author(head)
    signer, signed = _find_signature(prose)
    return Cleaned(
        text="\n".join(kept),
        title=title,
        author=author or signer,
        affiliation=affiliation,
        date=date or signed,
        publisher=publisher,
        origins=tuple(i for i, _ in numbered),
    )

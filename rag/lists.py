"""Lists in the retrieved passages: the items of the list that best matches a list question
(一是/二是, 其一/其二, 首先/其次, numbered or parallel headings), read on into the document
where the list runs past the passages retrieved; and whether a sentence or a list unpacks a
numbered name (“五个更加注重”).

Written by hand: no library reads Chinese official-document enumerations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.articles import numbers_in
from rag.features import Candidate
from rag.items import counted_name, item_run
from rag.question import NumberedTerm
from rag.sentences import Sentence, line_ends_at, line_opens_at, quoted_line, runs_of, sentences_of, similar
from rag.tags import fold_sentence, tag_tokens
from rag.text import content_words, fold_t2s, keyword_tokens, normalize_for_match
from rag.types import Chunk, Hit

# The chunks `before` ahead of and `after` behind a chunk in its document (`Retriever.neighbours`).
Neighbours = Callable[[Chunk, int, int], Sequence[Chunk]]
# How far either side of a chunk a read of its whole document goes (its numbered headings, the places it
# names): about 60,000 characters each way at the default chunk size; in memory.
DOCUMENT_READ = 256

# How many items a question asks for: 哪三条, 这五个.
_COUNT = re.compile(r"(?:哪|从|这)[“\"「]?([两二三四五六七八九十])(?:个|条|项|种|点|方面|大)")
# A sentence that announces a list: 三条原则, 以下几个方面, 如下：.
# What a count of things is counted in: 三条原则, 五个方面, 两大任务.
_COUNTERS = r"(?:个|条|项|种|点|方面|件|类|大)"
_ANNOUNCES = re.compile(rf"[两二三四五六七八九十几\d]{_COUNTERS}|[：:]\s*$")

_ENUMERATORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("是", re.compile(r"^([一二三四五六七八九十]+)是")),
    ("第", re.compile(r"^第([一二三四五六七八九十]+)[，、,是：:]")),
    ("其", re.compile(r"^其([一二三四五六七八九十]+)[，、,是：:]")),
    ("、", re.compile(r"^([一二三四五六七八九十]+)、")),
    ("()", re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")),
    ("序", re.compile(r"^(首先|其次|再次|然后|最后)")),
    ("数", re.compile(r"^(\d{1,2})[.、．](?!\d)")),  # not 8.6%
)
# An enumerator alone, as a short answer might be one: 其二 of 其二，引進實施項目運作法。, 二是, 首先.
_COUNTS_OFF = re.compile(r"其[一二三四五六七八九十]+|[一二三四五六七八九十]+是|首先|其次|再次|最后")
_ORDER = {w: i for i, w in enumerate("一二三四五六七八九十", start=1)} | {"两": 2} | {
    w: i for i, w in enumerate(["首先", "其次", "再次", "然后", "最后"], start=1)
}


# What a question asks for, named just before 是什么/有哪些 or just after 什么/哪些 (原则 of
# 为基层减负的原则是什么 and of 要把握什么原则).
_NOUN_BEFORE = re.compile(r"([^\W\d_]{1,8})(?:主要|都|分别)?(?:是|有|包括)(?:什么|哪些|啥)[？?]?$")
_NOUN_AFTER = re.compile(r"(?:什么|哪些)([^\W\d_]{2,8})[？?]?$")
_A_COUNT = r"(?:[两二三四五六七八九十]|\d{1,2})"
_COUNTED = rf"{_A_COUNT}{_COUNTERS}?"
# The count of the parts after the name, in its clause: 特点主要有以下三点, 特点如下：.
_COUNTED_AFTER = rf"[^，。；,;]{{0,10}}?(?:{_A_COUNT}{_COUNTERS}|[：:])"


def announces_asked(question: str, lead: str) -> bool:
    """Whether `lead` announces a count of what `question` asks for (需要把握好三条原则 for
    为基层减负的原则是什么), or names it and then counts off its parts (其特点主要有以下三点：
    for 乡里制的特点是什么): the question asks for the list that follows, though it says no 哪些."""
    folded = fold_sentence(question).strip()
    if (before := _NOUN_BEFORE.search(folded)) is not None:
        words = [w for *_, w, _ in tag_tokens(before.group(1)) if w.strip()]
        noun = words[-1] if words else ""
    elif (after := _NOUN_AFTER.search(folded)) is not None:
        words = [w for *_, w, _ in tag_tokens(after.group(1)) if w.strip()]
        noun = words[0] if words else ""
    else:
        return False
    if len(noun) < 2:
        return False
    folded = fold_sentence(lead)
    return re.search(_COUNTED + re.escape(noun), folded) is not None or re.search(
        re.escape(noun) + _COUNTED_AFTER, folded) is not None


def counts_off(span: str) -> bool:
    """Whether `span` only counts off a point of a list (项目运作法是什么 was answered 其二): it names
    nothing, and the sentences answer."""
    return _COUNTS_OFF.fullmatch(fold_t2s(span).strip()) is not None


def read_next(neighbours: Neighbours, hits: Sequence[Hit], read: list[Hit], chunk: Chunk) -> int | None:
    """Where the chunk after `chunk` in its document stands in `[*hits, *read]`: read from the
    library and appended to `read` (ranked after them all) when neither holds it; None at the
    document's end."""
    following = next((c for c in neighbours(chunk, 0, 1) if c.index == chunk.index + 1), None)
    if following is None:
        return None
    passages = [*hits, *read]
    at = next((i for i, hit in enumerate(passages) if hit.chunk.id == following.id), None)
    if at is None:
        read.append(Hit(following, len(passages) + 1, 0.0))
        at = len(passages)
    return at


def _family(s: Sentence) -> str | None:
    """The list family a sentence opens (是 for 二是…), `heading:` and its first two characters
    for a heading (parallel headings open alike: 切实增强…, 坚持…导向抓落实), or None. A regulation's
    article, short as it may be, is a rule and no heading (第二条 本办法适用于部机关全体干部职工 and 第二章
    作息与请假 were listed as the two things 本办法适用于哪些人)."""
    if enum := _enumerator(s.text):
        return enum[0]
    if not s.heading or any(at == 0 and unit == "条" for at, _, unit in numbers_in(s.text[:_ARTICLE_NUMBER])):
        return None
    return "heading:" + s.folded[:2]


# How far into a heading its article's number may reach (第一百二十三条).
_ARTICLE_NUMBER = 8
# The longest line read as a numbered heading (二、以公道正派的作风促进干部队伍建设提质增效, and
# 三、作风上要务求实效,以实事求是的态度挑起组工干部新时代新担当, whose comma no heading of a paragraph has).
_HEADING_LINE = 60


def own_line(passages: Sequence[Hit], s: Sentence) -> bool:
    """Whether `s` is a short line of its own: a numbered heading, not a numbered point in a paragraph."""
    text = passages[s.hit].chunk.text
    return len(s.text.strip()) <= _HEADING_LINE and line_opens_at(text, s.start) and line_ends_at(text, s.end)


def _lead(sentences: Sequence[Sentence], first: Sentence) -> str:
    """The folded sentence just before a list's first item in the same chunk ("" when it opens the chunk)."""
    before = [t for t in sentences if t.hit == first.hit and t.end <= first.start]
    return before[-1].folded if before else ""


def unpacks(term: NumberedTerm, items: Sequence[Sentence], extra: Sequence[Hit], hits: Sequence[Hit]) -> bool:
    """Whether a list answer unpacks `term`: as many items as it has parts, in a passage that names it."""
    passage = [*hits, *extra][items[0].hit].chunk.text
    return len(items) >= term.parts and term.term in normalize_for_match(passage)


# A quoted or titled phrase after the name is one name (“正向激励、负向教育”), not parts of a list.
_QUOTED = re.compile(r"“[^“”]*”|「[^「」]*」|『[^『』]*』|《[^《》]*》|\"[^\"]*\"")


def enumerates(term: NumberedTerm, text: str) -> bool:
    """Whether a sentence names `term` and then as many parts as it has (“六片”指A、B、C、D、E、F),
    or, for a name that only counts its items (“三个导向”), holds that many items of the noun
    (坚持目标导向、问题导向、结果导向)."""
    if (counted := counted_name(term.term)) is not None and item_run(counted, text) is not None:
        return True
    at = fold_t2s(text).find(term.term)
    if at < 0:
        return False
    rest = text[at + len(term.term) :].lstrip("”」』》\"")
    if rest.startswith("、") or text[:at].rstrip("“「『《\"").endswith("、"):
        return False  # the name is an item of a list (“四自能力”、“三型目标”、…), not unpacked by it
    # The parts follow in the name's own clause (“六片”指A、B…), or in the next when it says
    # what the name is (“十有”工程，即有A、有B…): not in a later clause about something else.
    clauses = _CLAUSE_BREAK.split(_QUOTED.sub("", rest))
    parts = clauses[0] + (clauses[1] if len(clauses) > 1 and _UNPACKS.match(clauses[1]) else "")
    return len(re.findall(r"[、；;]", parts)) >= term.parts - 1


# A quoted name joined to another by 和, 与, 及 or 、: one of a run of names.
_OPENS, _CLOSES = frozenset("“「『\""), frozenset("”」』\"")
_JOINED_AFTER = re.compile(r"[和与及、][“「『\"]")
_JOINED_BEFORE = re.compile(r"[”」』\"][和与及、]$")


def only_listed(name: str, text: str) -> bool:
    """Whether `text` mentions the quoted name `name` (t2s-folded) only as one of a run of quoted
    names (实施好“321引才工程”和“年輕干部培育計劃”): naming it beside others, not saying what it is.
    False when it does not mention it, or mentions it once unquoted or alone."""
    folded = fold_t2s(text)
    mentions = [m.start() for m in re.finditer(re.escape(name), folded)]
    return bool(mentions) and all(_beside(folded, at, at + len(name)) for at in mentions)


def _beside(text: str, start: int, end: int) -> bool:
    """Whether the name at `[start, end)` is quoted, with another quoted name joined on before or after it."""
    if not (text[start - 1 : start] in _OPENS and text[end : end + 1] in _CLOSES):
        return False
    return bool(_JOINED_AFTER.match(text, end + 1) or _JOINED_BEFORE.search(text, 0, start - 1))


_CLAUSE_BREAK = re.compile(r"[，,。！？!?]")
_UNPACKS = re.compile(r"\s*(?:即|指|就是|包括|包含|分别|是|为|：|:)")


def _enumerator(text: str) -> tuple[str, int] | None:
    """('是', 2) for 二是…: the list family and position a sentence opens with, if any."""
    for family, pattern in _ENUMERATORS:
        match = pattern.match(text)
        if match:
            token = match.group(1)
            return family, int(token) if token.isdigit() else _ORDER.get(token, _ORDER.get(token[-1], 0))
    return None


def unnumbered(text: str) -> str:
    """`text` past the number it opens with (报价要求 of 三、报价要求), all of it when none."""
    match = next((m for _, pattern in _ENUMERATORS if (m := pattern.match(text)) is not None), None)
    return text[match.end() :] if match is not None else text


def numbered(text: str) -> bool:
    """Whether `text` opens with a point's number (三、参加人员：…, 2. 乙方…, 二是…)."""
    return _enumerator(text.lstrip()) is not None


def numbered_alike(a: str, b: str) -> bool:
    """Whether `a` and `b` open with numbers of one list family (一、… and 三、…; 一是… and 二是…)."""
    first, second = _enumerator(a), _enumerator(b)
    return first is not None and second is not None and first[0] == second[0]


def _opens_a_list(text: str) -> bool:
    """Whether `text` is the first item of a numbered list (一是…, 其一，…, 首先…)."""
    enum = _enumerator(text)
    return enum is not None and enum[1] == 1


def _opening_item(passages: Sequence[Hit], second: Sentence) -> Sentence | None:
    """The first item of a list whose second opens a sentence, when it follows the colon that
    announces the list in a sentence before (其职能有四个方面：一是…；二是…；): that sentence
    from the item on. Sentences split at ；, not at ：, so the item has no sentence of its own.
    The item may run on in sentences of its own before the second (以下三点：第一，职官与长者并用。
    既设立行政官吏，又…。第二，…): the colon is looked for back to the first sentence that holds
    one or opens an item."""
    enum = _enumerator(second.text)
    if enum is None or enum[1] != 2:
        return None
    before = [s for s in sentences_of([passages[second.hit]]) if s.end <= second.start]
    for prev in reversed(before[-_ITEM_SENTENCES:]):
        colons = list(re.finditer(r"[：:]", prev.text))
        for colon in colons:
            tail = prev.text[colon.end() :].lstrip()
            if _enumerator(tail) == (enum[0], 1):
                at = prev.start + len(prev.text) - len(tail)
                return quoted_line(second.hit, passages[second.hit].chunk, at, prev.end, heading=False)
        if colons or _enumerator(prev.text) is not None:
            return None
    return None


# The sentences an item may run to after its opening one, looked back over for its announcement.
_ITEM_SENTENCES = 4


# The longest item told whole, in characters: a point and a sentence or two about it. Longer, the
# items are paragraphs (一是要坚持以解决问题为根本。经过一段时间治理,… three sentences, 200 characters
# on), and a list of them would bury the points; their passages are cited and shown in full.
_TOLD = 100


def told_whole(passages: Sequence[Hit], items: Sequence[Sentence]) -> list[Sentence]:
    """Each numbered item with the sentences that go on telling it, on its line up to the next
    item (第一，职官与长者并用。既设立行政官吏，又注意发挥地方长老作用。第二，…): its opening sentence
    names the point and leaves out what it says. The last item, which no next one ends, is told on
    no further than the others are (四是通过「乡举里送」，向朝廷推荐官吏。 stops before 乡里组织在唐末…瓦解。,
    as 一是… to 三是… each end with their own sentence). A line of its own (一、…, a heading) is
    not told on: its section follows it; nor is any item of a list one of whose items is longer
    than `_TOLD` told whole."""
    at = {s.pos for s in items}
    of_passage = {i: sentences_of([passages[i]]) for i in {s.hit for s in items}}
    told: list[list[Sentence]] = []
    for s in items:
        text = passages[s.hit].chunk.text
        run: list[Sentence] = []
        if _enumerator(s.text) is not None and not own_line(passages, s):
            end = s.end
            for t in [t for t in of_passage[s.hit] if t.start >= s.end][:_ITEM_SENTENCES]:
                if t.pos in at or _family(t) is not None or "\n" in text[end : t.start]:
                    break
                run.append(t)
                end = t.end
        told.append(run)
    if told:
        told[-1] = told[-1][: max((len(run) for run in told[:-1]), default=0)]
    if any(run and run[-1].end - s.start > _TOLD for s, run in zip(items, told)):
        return list(items)  # points each a paragraph long: the list of what they are reads best
    return [quoted_line(s.hit, passages[s.hit].chunk, s.start, run[-1].end, heading=s.heading) if run else s
            for s, run in zip(items, told)]


def announcement(passages: Sequence[Hit], first: Sentence) -> Sentence | None:
    """What announces a list of numbered items, just before its first: 其特点主要有以下三点： of
    其特点主要有以下三点：第一，…, or a sentence of its own that counts them or ends in a colon
    (需要把握好三条原则。 before 一是…), in the item's passage or ending the one before it in its
    document. Quoted above the items, it says what they are and how many.
    None for items that number nothing (parallel headings), or where nothing announces them."""
    if _enumerator(first.text) is None:
        return None
    chunk = passages[first.hit].chunk
    sentences = sentences_of([passages[first.hit]])
    for s in sentences:
        if s.start < first.start < s.end:  # the item opens after a colon inside the sentence
            lead = quoted_line(first.hit, chunk, s.start, first.start, heading=False)
            return _clause_announcing(lead, chunk)
    at, before = first.hit, [s for s in sentences if s.end <= first.start]
    if not before and not chunk.text[: first.start].strip():  # the chunk before may announce it
        at = next((i for i, h in enumerate(passages)
                   if h.chunk.doc_id == chunk.doc_id and h.chunk.index == chunk.index - 1), -1)
        before = sentences_of([passages[at]]) if at >= 0 else []
        if before and passages[at].chunk.text[before[-1].end :].strip():
            return None
    elif not before or chunk.text[before[-1].end : first.start].strip():
        return None
    if not before or not _ANNOUNCES.search(before[-1].text):
        return None
    return _clause_announcing(before[-1]._replace(hit=at), passages[at].chunk)


def _clause_announcing(s: Sentence, chunk: Chunk) -> Sentence:
    """The clause of `s` that announces the list (需要把握好三条原则。 of 如何使基层党员干部崇尚实干…，
    为基层减负，…，需要把握好三条原则。): what comes before it says why, not what is listed."""
    said = _ANNOUNCES.search(s.text)
    cut = max(s.text.rfind(mark, 0, said.start()) for mark in "，,；;") + 1 if said else 0
    return quoted_line(s.hit, chunk, s.start + cut, s.end, heading=False) if cut else s


class _Scorer:
    """How much of the question a text covers: its keywords, idf-weighted over the candidate sentences."""

    def __init__(self, question: str, sentences: Sequence[Sentence]) -> None:
        words = content_words(keyword_tokens(question))
        n = len(sentences)
        self._weights = {}
        for w in words:
            df = sum(1 for s in sentences if w in s.folded)
            # Longer words carry more meaning than single characters jieba left alone.
            self._weights[w] = (1.0 + n / (1 + df)) ** 0.5 * min(len(w), 3)
        self._total = sum(self._weights.values()) or 1.0

    def coverage(self, folded: str) -> float:
        return sum(weight for w, weight in self._weights.items() if w in folded) / self._total

    def sentence(self, s: Sentence) -> float:
        score = self.coverage(s.folded) + 0.05 / (1 + s.hit)  # between equals, the better-ranked passage
        if len(s.folded) < 6 and not s.heading:
            score *= 0.5  # fragments such as "一" or "如下：" say nothing alone
        return score


# What asks for a document's parts, which its headings name: 分为哪几个部分, 包括哪些内容, 从哪三个方面,
# 有几章; the part named after the asking, not a thing the question asks about (采购内容包括哪些 asks for
# the 采购内容 record, and was answered with the notice's four headings).
_PARTS_ASKED = re.compile(
    r"(?:[哪几]|什么|多少|分为|分成)[^，,。？?]{0,3}?(?:部分|内容|方面|章节|章|节|结构|板块|要点|层面|角度)"
)


class ListReader:
    """Finds the list a question asks for in the passages, and reads it on into their documents."""

    def __init__(self, neighbours: Neighbours | None = None, max_items: int = 8) -> None:
        self._neighbours = neighbours
        self._max_items = max_items

    def read(self, question: str, hits: Sequence[Hit], lead: Candidate) -> tuple[list[Sentence], list[Hit]] | None:
        """The items of the list that best matches the question, and the passages beyond `hits`
        that some of them come from; None when no list matches it well enough.

        `lead` is the sentence the ranker put first: a list it announces (需要把握好三条原则。
        一是…) may start from its first item alone, the rest not retrieved, or from the first
        item opening the next chunk where the announcement ends its own. Only one that
        announces a list (a count of things, or a closing colon): a sentence the first item of
        a sub-list follows is no introduction. When the question counts the items (哪三项), a
        list's first item retrieved alone (其一，… ending its passage) is read on too.
        """
        read: list[Hit] = []  # passages beyond `hits` the list is read from
        sentences = sentences_of(hits)
        scorer = _Scorer(question, sentences)
        top = max((scorer.sentence(s) for s in sentences), default=0.0)
        count = _COUNT.search(question)
        wanted = _ORDER[count.group(1)] if count else None
        starts: list[tuple[float, list[Sentence]]] = []
        parts_asked = _PARTS_ASKED.search(fold_t2s(question)) is not None
        for run in self._runs(sentences, alone=wanted is not None and self._neighbours is not None):
            items = [sentences[i] for i in run]
            if not parts_asked and all(own_line(hits, s) for s in items) \
                    and not scorer.coverage("".join(s.folded for s in items)):
                # Headings that name nothing asked are a document's parts, the answer only when its
                # parts are asked for (公告分为哪几个部分): 采购的办公用品包括哪些 was answered 一、项目概况,
                # 二、供应商资格要求, …, after XX市财政局拟对2027年度办公用品进行询价采购. (Headings one of
                # which names it are read by `ExtractiveAnswerer`: that heading's section answers.)
                continue
            starts.append((self._run_score(scorer, items, _lead(sentences, items[0]), wanted), items))
        if self._neighbours is not None and _ANNOUNCES.search(lead.text):
            after = [s for s in sentences if s.hit == lead.hit and s.start >= lead.end]
            if not after and (at := read_next(self._neighbours, hits, read, hits[lead.hit].chunk)) is not None:
                said = hits[lead.hit].chunk.start + lead.end  # past an overlap with the lead's passage
                following = [*hits, *read][at]
                after = [s._replace(hit=at) for s in sentences_of([following]) if s.pos >= said][:1]
            after = [s for s in after if _family(s)]
            if after:
                starts.append((self._run_score(scorer, after[:1], normalize_for_match(lead.text), wanted), after[:1]))
        if not starts:
            return None
        score, run = max(starts, key=lambda start: start[0])
        if score < 0.5 * top:
            return None
        # A list often runs past the passages retrieved (一是… closes one chunk, 二是… opens
        # the next, 三是… two chunks on): it is read on into its document.
        items, extra = self._complete(hits, run, read, wanted)
        if (first := _opening_item([*hits, *extra], items[0])) is not None:
            items = [first, *items]
        if len(items) < 2:
            return None
        items = told_whole([*hits, *extra], self._dedupe(items)[: self._max_items])
        used = sorted({s.hit for s in items if s.hit >= len(hits)})
        moved = {old: len(hits) + new for new, old in enumerate(used)}
        return [s._replace(hit=moved.get(s.hit, s.hit)) for s in items], [extra[old - len(hits)] for old in used]

    def _runs(self, sentences: Sequence[Sentence], alone: bool = False) -> list[list[int]]:
        """Runs of sentences that read as one list: one numbering (一是/二是…) or parallel headings, per
        document; with `alone`, also a list's first item retrieved without the rest (其一，… ending
        a passage, 其二 and 其三 in the next), to be read on."""
        groups: dict[tuple[str, str], list[int]] = {}
        for i, s in enumerate(sentences):
            if family := _family(s):
                groups.setdefault((s.doc_id, family), []).append(i)
        runs: list[list[int]] = []
        for (_, family), members in groups.items():
            members.sort(key=lambda i: sentences[i].pos)
            runs.extend(self._split_restarts(sentences, members, family))
        return [run for run in runs if len(run) >= 2 or (alone and _opens_a_list(sentences[run[0]].text))]

    def _complete(
        self, hits: Sequence[Hit], items: list[Sentence], read: Sequence[Hit] = (), wanted: int | None = None
    ) -> tuple[list[Sentence], list[Hit]]:
        """The run read on into the chunks around it, `_READ_AROUND` chunks either side of its first
        and last item, then twice as far, while it changes or holds fewer items than the question
        counts (`wanted`): its items and the chunks read (as hits after `hits`, beginning with
        those already `read`). Read wider, the run is the list its first item belongs to."""
        passages = [*hits, *read]
        if self._neighbours is None:
            return items, passages[len(hits) :]
        if (numbered := self._numbered_headings(hits, items, read)) is not None:
            return numbered
        family = _family(items[0])
        held = {hit.chunk.id for hit in passages}
        for step in range(1, self._READ_ON + 1):
            reach = self._READ_AROUND * step
            first, last = passages[items[0].hit].chunk, passages[items[-1].hit].chunk
            around = (*self._neighbours(first, reach, reach), *self._neighbours(last, reach, reach))
            # And what lies between them: items far apart may be two lists' (一、 of one, 二、 and 三、
            # of the next, whose own 一、 and the first's 二、 were not retrieved).
            if 1 < last.index - first.index <= self._BETWEEN and last.doc_id == first.doc_id:
                around = (*around, *self._neighbours(first, 0, last.index - first.index))
            # Nothing new around it, the run may still grow within what is held: the passages
            # retrieved hold its first item and the announcement's (第二, 第三 after 以下三点：第一).
            new = [c for c in around if c.id not in held]
            held.update(c.id for c in new)
            passages.extend(Hit(chunk, len(passages) + n + 1, 0.0) for n, chunk in enumerate(new))
            wider = sentences_of(passages)
            members = sorted((i for i, s in enumerate(wider) if s.doc_id == items[0].doc_id and _family(s) == family),
                             key=lambda i: wider[i].pos)
            grown = next((run for run in self._split_restarts(wider, members, family or "")
                          if any(wider[i].pos == items[0].pos for i in run)), [])
            # Read wider, the first item's list may also turn out to be another than the run's
            # later items (一是 of one list, 二是 and 三是 of the next, retrieved without theirs).
            if not grown:
                break
            if [wider[i].pos for i in grown] == [s.pos for s in items] and (wanted is None or len(items) >= wanted):
                break
            items = [wider[i] for i in grown]
            if not new:
                break
        return items, passages[len(hits) :]

    def _numbered_headings(
        self, hits: Sequence[Hit], items: list[Sentence], read: Sequence[Hit]
    ) -> tuple[list[Sentence], list[Hit]] | None:
        """A run of numbered headings (一、…, 二、…, each a line of its own) as all the headings of its
        numbering in its document: a section runs to thousands of characters, and the next heading
        stands further than a list's items are read on (三、 of 001's first essay, ten chunks after
        二、). None for any other run. The document is read to `DOCUMENT_READ` chunks either side."""
        family = _family(items[0])
        passages = [*hits, *read]
        if family is None or family.startswith("heading:") or not all(own_line(passages, s) for s in items):
            return None
        first = passages[items[0].hit].chunk
        held = {hit.chunk.id for hit in passages}
        around = self._neighbours(first, DOCUMENT_READ, DOCUMENT_READ)  # type: ignore[misc]
        passages.extend(Hit(chunk, len(passages) + n + 1, 0.0)
                        for n, chunk in enumerate(c for c in around if c.id not in held))
        wider = sentences_of(passages)
        members = sorted((i for i, s in enumerate(wider)
                          if s.doc_id == items[0].doc_id and _family(s) == family and own_line(passages, s)),
                         key=lambda i: wider[i].pos)
        run = next((run for run in self._split_restarts(wider, members, family)
                    if any(wider[i].pos == items[0].pos for i in run)), None)
        return ([wider[i] for i in run], passages[len(hits):]) if run else None

    # A list is read on at most twice, four chunks either side of its ends, then eight: parallel
    # headings stand a section apart. Set by the two such lists this was built for (the seed corpus's
    # 坚持…导向抓落实, three and five chunks apart at the default chunk size, and 切实增强…, four and
    # five: its third is out of the first reach when the first two are retrieved); the public data
    # has no lists to tune it on. Reading is in memory: 2 to 64 chunks a list question.
    _READ_ON = 2
    _READ_AROUND = 4
    # At most this many chunks between a run's first and last item are read: as many as reading on
    # may read (001's first 一、 and its second list's 三、 stand 33 apart at the default chunk size).
    _BETWEEN = 64

    @staticmethod
    def _run_score(scorer: _Scorer, items: Sequence[Sentence], lead: str, wanted: int | None) -> float:
        """The list and the sentence introducing it, read together, against the question."""
        return scorer.coverage("".join(s.folded for s in items) + lead) + (0.2 if wanted == len(items) else 0.0)

    @staticmethod
    def _split_restarts(sentences: Sequence[Sentence], members: list[int], family: str) -> list[list[int]]:
        """Split a family's sentences where numbering starts again (two lists in one document)."""
        if family.startswith("heading:"):
            return [members]
        def position(i: int) -> int:
            return _enumerator(sentences[i].text)[1]  # type: ignore[index]

        return runs_of(members, lambda a, b: position(b) > position(a))

    @staticmethod
    def _dedupe(items: list[Sentence]) -> list[Sentence]:
        """Drop near-duplicates (001 repeats passages), keeping the first."""
        kept: list[Sentence] = []
        for s in items:
            if not any(similar(s.folded, k.folded) > 0.6 for k in kept):
                kept.append(s)
        return kept

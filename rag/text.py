"""Chinese text primitives shared by ingestion, retrieval, answering and eval.

Script folding (Traditional -> Simplified), pinyin-annotation removal, the normalisation
used to match evidence strings, sentence boundaries, token counts, BM25 keywords, the
content words of a question, and the `[n]` citation marker of an answer.
Every function here is pure; the heavy objects (OpenCC, tiktoken, jieba) are built once
by cached getters, so importing this module is cheap.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import operator
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import jieba
import tiktoken
from opencc import OpenCC

# --- Traditional -> Simplified -------------------------------------------------------


@functools.cache
def _t2s() -> OpenCC:
    """The OpenCC t2s converter (phrase-aware)."""
    return OpenCC("t2s")


def _opencc_table(name: str) -> list[str]:
    """The lines of one of OpenCC's dictionary files (`source<TAB>target target…`)."""
    path = Path(importlib.util.find_spec("opencc").origin).parent / "dictionary" / name  # type: ignore[arg-type]
    return path.read_text(encoding="utf-8").splitlines()


@functools.cache
def _t2s_char_table() -> dict[int, str]:
    """A str.translate table for OpenCC's character-level t2s mapping."""
    table: dict[int, str] = {}
    converter = _t2s()
    for line in _opencc_table("TSCharacters.txt"):
        source = line.split("\t", 1)[0]
        if len(source) == 1:
            # Convert through OpenCC itself so the fold agrees with its phrase-aware t2s on single characters.
            target = converter.convert(source)
            if len(target) == 1 and target != source:
                table[ord(source)] = target
    return table


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC's phrase-aware t2s (the eval asks DRCD's questions so)."""
    return _t2s().convert(text)


# --- Which script -------------------------------------------------------------------

TRADITIONAL, SIMPLIFIED = "traditional", "simplified"


@functools.cache
def _s2t() -> OpenCC:
    """The OpenCC s2t converter (phrase-aware)."""
    return OpenCC("s2t")


@functools.cache
def _script_chars() -> tuple[frozenset[str], frozenset[str]]:
    """The characters only Traditional writes and those only Simplified writes, from OpenCC's
    character tables: one that the table converts without listing it among its own forms
    (體 -> 体, 体 -> 體; not 台, which Traditional writes too: 台 -> 臺 檯 颱 台)."""

    def own(name: str) -> frozenset[str]:
        rows = (line.split("\t", 1) for line in _opencc_table(name))
        return frozenset(row[0] for row in rows if len(row) == 2 and len(row[0]) == 1 and row[0] not in row[1].split())

    return own("TSCharacters.txt"), own("STCharacters.txt")


def script_of(text: str) -> str | None:
    """`TRADITIONAL` or `SIMPLIFIED`, whichever script's own characters `text` holds more of;
    None when it holds as many (a number, a name both scripts write alike)."""
    traditional, simplified = _script_chars()
    t = sum(map(traditional.__contains__, text))
    s = sum(map(simplified.__contains__, text))
    return TRADITIONAL if t > s else SIMPLIFIED if s > t else None


def to_traditional(text: str) -> str:
    """Simplified -> Traditional with OpenCC's phrase-aware s2t."""
    return _s2t().convert(text)


def in_script(text: str, script: str) -> str:
    """`text` written in `script` (`TRADITIONAL` or `SIMPLIFIED`) by OpenCC's phrase-aware converters."""
    return to_traditional(text) if script == TRADITIONAL else to_simplified(text)


def fold_t2s(text: str) -> str:
    """Character-by-character t2s fold: fast, length-preserving and substring-stable.

    Unlike OpenCC's phrase-aware t2s, folding a substring gives a substring of the
    folded whole, which is what matching evidence strings and keyword search need.
    """
    return text.translate(_t2s_char_table())


# --- Pinyin annotations (004: `落實(shí)`, `標(biāo)準(zhǔn)`) ---------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_DETONE = str.maketrans(
    _TONED + "ü", "aaaaeeeeiiiioooouuuu" + "vvvv" + "v"
)
_PINYIN_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn"
    r"|ia|ie|iu|ua|uo|ui|ue|ve|er|ng|a|o|e|i|u|v|n|m)"
)
_LETTERS = f"a-zü{_TONED}"
# One or more parenthesised syllables (ASCII or full-width parens) after a character.
_ANNOTATION_RUN = re.compile(rf"(?:[(（][{_LETTERS}]{{1,6}}[)）])+")
# The garbled form where the opening paren was lost with the character: `?jiān)`.
_LOST_ANNOTATION = re.compile(rf"(?<=\?)[{_LETTERS}]{{1,6}}[)）]")
_SYLLABLE_IN_PARENS = re.compile(rf"[(（]([{_LETTERS}]+)[)）]")
_TONED_CHARS = frozenset(_TONED)


def _is_han(char: str) -> bool:
    """Whether `char` is a CJK ideograph."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\U00020000" <= char <= "\U0002ebef"


def _is_pinyin(syllable: str, after_han: bool) -> bool:
    """A valid pinyin syllable; toneless ones only right after a Han character (English in parens stays)."""
    toned = sum(ch in _TONED_CHARS for ch in syllable)
    if toned > 1 or (toned == 0 and not after_han):
        return False
    return _PINYIN_SYLLABLE.fullmatch(syllable.translate(_DETONE)) is not None


def _drop_annotation_run(match: re.Match[str]) -> str:
    """Replacement for `_ANNOTATION_RUN`: empty when every parenthesised part is pinyin."""
    start = match.start()
    if start == 0 or match.string[start - 1].isspace() or match.string[start - 1] in "()（）":
        return match.group(0)
    after_han = _is_han(match.string[start - 1])
    syllables = _SYLLABLE_IN_PARENS.findall(match.group(0))
    return "" if all(_is_pinyin(s, after_han) for s in syllables) else match.group(0)


def _drop_lost_annotation(match: re.Match[str]) -> str:
    """Replacement for `_LOST_ANNOTATION`: only toned syllables, to stay clear of ordinary text."""
    syllable = match.group(0)[:-1]
    toned = any(ch in _TONED_CHARS for ch in syllable)
    return "" if toned and _is_pinyin(syllable, after_han=False) else match.group(0)


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations such as `落實(shí)` -> `落實`; real parentheses stay.

    An annotation is a parenthesised pinyin syllable (ASCII or full-width parens) right
    after a character: with a tone mark after any non-space character (`?(duì)`, `O(shè)`),
    toneless only after a Han character. The garbled form `?jiān)` (opening paren lost
    with the character) keeps the `?`. `(2013年02期)`, `(黨組)`, `(see above)` are untouched.
    """
    # Dropping `ì)` from `?ì)ā)` puts `ā)` after the `?`, and dropping `ā)` from `?ā)(ì)` puts
    # `(ì)` after it: repeat both until nothing more goes, so that cleaning is idempotent (found
    # by tests/test_properties.py). Each round that changes the text shortens it.
    while True:
        stripped = _LOST_ANNOTATION.sub(_drop_lost_annotation, _ANNOTATION_RUN.sub(_drop_annotation_run, text))
        if stripped == text:
            return text
        text = stripped


# --- Matching normalisation ----------------------------------------------------------

WORD_ARTIFACT = re.compile(r"\[bookmark:[^\]\n]*\]")
_NON_WORD = re.compile(r"[\W_]+")


def normalize_for_match(text: str) -> str:
    """Fold text for matching: no pinyin, no Word artifacts, NFKC, t2s, lower-case, no spaces or punctuation.

    Idempotent, and substring-stable: if a passage is in a chunk, the normalised passage
    is in the normalised chunk, whatever noise the passage was copied with.
    """
    text = WORD_ARTIFACT.sub("", strip_pinyin(text))
    text = fold_t2s(unicodedata.normalize("NFKC", text)).lower()
    return _NON_WORD.sub("", text)


def fold_cleaned(text: str) -> str:
    """`normalize_for_match` for text ingestion already cleaned (no pinyin or Word artifacts left, as
    in every chunk): a third of its cost, the same result on such text."""
    return _NON_WORD.sub("", fold_t2s(unicodedata.normalize("NFKC", text)).lower())


# --- Sentences -----------------------------------------------------------------------

SENTENCE_END = "。！？；…!?;﹔﹖﹗"
# A quote closed right after a sentence end belongs to that sentence (他说：“好。”); a bracket does
# not end one (牛车水（；）是…: the ； is inside it, see `_held_together`).
CLOSERS = "”’」』》〉\"'"
_SENTENCE = re.compile(rf"[^\n{re.escape(SENTENCE_END)}]*(?:[{re.escape(SENTENCE_END)}]+[{re.escape(CLOSERS)}]*)?")
# A sentence end inside brackets or quotes that close further on the line does not end the
# sentence: 牛车水（；）是新加坡的唐人街。 is one sentence, not 牛车水（；） and 是新加坡…, and quoted
# speech of two sentences (谢安说：“…晋朝。如果…才行。”) is cited whole. Only pairs one can tell
# apart (not " or '), and only when the closer comes within `_HELD` characters and before the
# same opener again: a quote opened twice by mistake (“实心实政“) or a paren never closed splits
# as before. This is punctuation, the same in every corpus: no sentence splitter we can install
# (jieba, OpenCC, llama-index's SentenceSplitter) keeps brackets whole.
_PAIRS = {"（": "）", "(": ")", "「": "」", "『": "』", "“": "”", "【": "】", "《": "》", "［": "］"}
_BRACKET = re.compile("[\n" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")
_OPENER = re.compile("[" + re.escape("".join(_PAIRS)) + "]")
_OPENER_OF = {closer: opener for opener, closer in _PAIRS.items()}
_HELD = 160


# The marks a chunk cut inside a sentence ends at (ingest.chunk cuts a sentence over its budget
# after ，、：): its rest opens the next chunk.
CLAUSE_ENDS = frozenset("，,、：:")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)`: ends at 。！？；… !?; or a newline, closing quotes included,
    but not inside a bracket or quote that closes further on (`_held_together`).

    Each span is stripped of surrounding whitespace, so the text between two consecutive
    spans (and before the first and after the last) is whitespace only. A fragment of
    punctuation alone (`。。` after a space) is merged into the sentence before it on the same line.
    """
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        if spans and not _NON_WORD.sub("", stripped) and "\n" not in text[spans[-1][1] : start]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return _held_together(text, spans)


def _held_together(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` joined across the sentence ends that lie inside a bracket or quote closed further on
    the same line (`_PAIRS`, `_HELD`). A bracketed note that ends a sentence of its own and closes
    right after it (。（资料来源：人民网。）) ends there, its closer included."""
    if not _OPENER.search(text):
        return spans
    joined: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []  # the closer awaited and where its bracket opened, innermost last
    scanned, hold = 0, False
    for start, end in spans:
        if joined and start < joined[-1][1]:  # its closer was taken into the sentence before
            start = end - len(text[joined[-1][1] : end].lstrip())
            if start >= end:
                continue
        if hold and "\n" not in text[joined[-1][1] : start]:
            start = joined.pop()[0]
        for mark in _BRACKET.finditer(text, scanned, end):
            char = mark.group(0)
            closers = [c for c, _ in opened]
            if char == "\n":
                opened.clear()
            elif char in _PAIRS:
                opened.append((_PAIRS[char], mark.start()))
            elif char in closers:
                del opened[len(closers) - 1 - closers[::-1].index(char) :]
        scanned = end
        hold = bool(opened) and _closes(text, end, opened[-1][0])
        if hold and text.startswith(opened[-1][0], end) and _NON_WORD.sub("", text[opened[-1][1] + 1 : end]):
            end, hold = end + 1, False
            opened.pop()
            scanned = end
        joined.append((start, end))
    return joined


def _closes(text: str, at: int, closer: str) -> bool:
    """Whether `closer` comes within `_HELD` characters of `at` on the same line, before its opener does again."""
    window = text[at : at + _HELD].split("\n", 1)[0]
    found = window.find(closer)
    return found >= 0 and _OPENER_OF[closer] not in window[:found]


# A sentence that names what the sentences after it say: a heading (short and comma-free, opening
# a paragraph) or a numbered point inside one (三是突出把好政治关。; 其三，…。 is none: its comma goes
# on to say it, nor 第二階段…。, a stage). 一是, 第二是, 其三 are how Chinese prose counts its points,
# in any corpus. The chunker keeps such a sentence with what follows it (ingest/chunk.py), and the
# answerer quotes the sentence after it with it (rag.extractive).
_HEADING_CHARS = 30
_CLAUSE_MARKS = "，,、；;：:"
_CLAUSE_MARK = re.compile(f"[{_CLAUSE_MARKS}]")
_NUMBERED_POINT = re.compile(
    rf"^(?:第?[一二三四五六七八九十]+是|其[一二三四五六七八九十]是?|[（(][一二三四五六七八九十]+[)）])"
    rf"[^{_CLAUSE_MARKS}]{{2,24}}[。！]$"
)


def could_head(sentence: str) -> bool:
    """Whether `sentence` is short and comma-free enough to be a heading, where it opens a paragraph."""
    return len(sentence) <= _HEADING_CHARS and not _CLAUSE_MARK.search(sentence)


def names_a_point(sentence: str) -> bool:
    """Whether `sentence` is a numbered point named in a short sentence of its own (一是…。)."""
    return _NUMBERED_POINT.match(sentence) is not None


# --- Tokens --------------------------------------------------------------------------


@functools.cache
def _encoding() -> tiktoken.Encoding:
    """cl100k_base from llama-index-core's bundled cache, so no network is needed."""
    spec = importlib.util.find_spec("llama_index.core")
    if spec is not None and spec.origin is not None:
        cache = Path(spec.origin).parent / "_static" / "tiktoken_cache"
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(cache))
    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """The number of cl100k_base tokens in `text` (special-token strings count as plain text)."""
    return len(_encoding().encode_ordinary(text))


# --- Keywords ------------------------------------------------------------------------

STOPWORDS = frozenset(
    "的 了 和 是 在 要 把 对 与 等 及 并 也 都 而 就 着 之 以 为 于 其 中 上 将 从 被 让 这 那 个 "
    "或 则 又 还 但 即 一个 我们 你们 他们 它们 这个 那个 这些 那些 以及 并且 而且 如何 什么 吗 呢 吧 啊".split()
)


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    """A dedicated jieba tokenizer, initialised once and quietly."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def keyword_tokens(text: str) -> list[str]:
    """BM25 tokens: jieba words of the t2s-folded, lower-cased text, without punctuation and stopwords."""
    folded = fold_t2s(unicodedata.normalize("NFKC", WORD_ARTIFACT.sub("", strip_pinyin(text)))).lower()
    return [
        word
        for word in _tokenizer().lcut(folded)
        if word not in STOPWORDS and _NON_WORD.fullmatch(word) is None
    ]


def sub_words(word: str) -> list[str]:
    """The shorter dictionary words inside a jieba word (会议, 记录 of 会议记录), by jieba's search mode."""
    return [w for w in _tokenizer().cut_for_search(word) if w != word and len(w) >= 2]


# The number of an article, section or chapter as a regulation writes it, before its level (第九条,
# 第3章, 第一百二十三条): its 第 and numeral.
PART_NUMERAL = r"第[零〇一二两三四五六七八九十百千\d]+"


# An official document's number as GB/T 9704 prints it: its office's short name and the document's
# kind, the year in 〔〕 and the serial (海组发〔2024〕12号, 国办发〔2019〕5号); [] or () stand for 〔〕
# where a file lost them.
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,8}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\d+\s*号")

# The one-character units an administrative place is named with (海北州, 乌审旗, 下萨克森邦,
# 锡林郭勒盟), Simplified: what makes a place of the word before it.
ADMIN_UNITS = "州邦省市县区旗盟镇乡村郡岛"


# Words that say what kind of answer is wanted, not what it is about: they take no part in
# judging whether a passage is relevant or which of its sentences answers.
QUESTION_WORDS = frozenset(
    "哪些 哪几 几个 几点 几项 哪三 哪 什么 怎么 怎样 怎么样 如何 为什么 为何 是否 多少 谁 哪里 哪儿 何 吗 呢 "
    "具体 做 提出 提到 认为 文章 一文 文中 作者 方面 主要 内容 有 请问 请 介绍 说 讲 分别 要求 指".split()
)


def content_words(tokens: list[str] | tuple[str, ...]) -> list[str]:
    """What a question is about: its `keyword_tokens` less the question words, folded for
    matching (`normalize_for_match`), each once, sorted."""
    words = {normalize_for_match(w) for w in tokens if w not in QUESTION_WORDS}
    return sorted(words - {""})


def bigrams(text: str) -> set[str]:
    """The character bigrams of `text` (none when it is one character)."""
    return set(map(operator.add, text, text[1:]))


def char_bigrams(folded: str) -> set[str]:
    """The character bigrams of a folded text (the text itself when it is one character)."""
    return bigrams(folded) or {folded}


# --- Citation markers ----------------------------------------------------------------

# `[n]` in an answer's text: source n. The one marker pattern of the project (answers,
# chat history, metrics and the app all read markers with it).
MARKER = re.compile(r"\[(\d{1,3})\]")


def strip_markers(text: str) -> str:
    """`text` without its `[n]` citation markers."""
    return MARKER.sub("", text)


def as_quoted(text: str) -> str:
    """A document's own text as it goes into an answer or a prompt: its `[n]` (a footnote, a
    reference: 不要赴都[4]) in full-width brackets, ［4］, so that neither the reader nor a
    renumbering, a link or the LLM takes it for a citation marker. The citation keeps the exact
    text; this changes only how the answer shows it."""
    return MARKER.sub(lambda m: f"［{m.group(1)}］", text)


# --- What a chunk is indexed by ------------------------------------------------------

# Part of the index's identity: a store built with another version of `index_text` holds
# vectors of other text (see CHUNKER_VERSION), and the keyword cache is keyed by it.
INDEX_TEXT_VERSION = "title-byline-section-1"
# What a store's chunks and vectors were made from: the chunking of ingest/chunk.py (2: chunks
# carry their PDF pages and heading path; 3: a sentence end inside brackets or quotes closed
# further on ends no sentence, `sentence_spans`; 4: no chunk ends on a heading or numbered point
# when more follows, `could_head`, `names_a_point`) and `index_text`. The store records it; the
# ingest refuses to add to a store built by another (asking for `rag ingest --rebuild`), and the query
# side answers from one with a warning (`rag.store.Store.stale_notice`). It is defined here, not
# beside the chunker, because rag/ imports nothing from ingest/ (docs/design.md).
CHUNKER_VERSION = f"zh-sentence-4/{INDEX_TEXT_VERSION}"


def index_text(text: str, title: str = "", byline: str | None = None, section: Sequence[str] = ()) -> str:
    """What BM25 and the embedder index for a chunk: its document's title and byline (the author's
    affiliation and name, 中共海北州委常委、组织部部长 司吉昇), its heading path, then its text.

    A chunk that calls its subject 本鱼, 其 or 他 is then found by the subject's name when
    the title names it, a chunk of an office document by the place and office its byline names
    (海北的文章… finds every chunk of 司吉昇's), and a chunk under 二、切实增强改革创新的精神 by that heading. Only the
    index sees this text: the chunk shown and cited, and its offsets, stay `text`. A heading
    that repeats the title (a Markdown document's `# 标题`) is not indexed twice.
    """
    parts = [title.strip(), (byline or "").strip(), *(h.strip() for h in section if h.strip() != title.strip())]
    context = " ".join(part for part in parts if part)
    return f"{context}\n{text}" if context else text

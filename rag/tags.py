"""jieba's dictionary tags of a sentence's tokens: what the short-answer model and the chat's
follow-up test read of a word's part of speech.

jieba.posseg would tag tokens, but it costs 96 MB resident and 12 ms a sentence (/tmp
measurement: posseg import + POSTokenizer + 100 cuts of a 60-character sentence, against 0.5 ms
for the plain cut). The dictionary's own tags, looked up by a hash of the word in a 4 MB array,
give the same tags for dictionary words at no cost per token; words outside the dictionary (new
names, mostly) are their own class, "oov".
"""

from __future__ import annotations

import functools
import re
import zlib
from pathlib import Path

import numpy as np

from rag.text import _tokenizer, fold_t2s

# Coarse tags of jieba's dictionary the span model sees (index = feature value); the rest are "other".
TAGS = ("n", "nr", "ns", "nt", "nz", "m", "t", "v", "a", "d", "eng", "x", "q", "f", "r", "p", "u", "c", "vn", "j")
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
OTHER_TAG = len(TAGS)
OOV_TAG = len(TAGS) + 1
PUNCT_TAG = len(TAGS) + 2
# A token of punctuation, spaces or underscores only.
PUNCT = re.compile(r"[\W_]+")

_TAG_BITS = 22
# 的, 了, 着, 地, 得, 过 carry tags of their own (uj, ul, uz, uv, ud, ug): particles all.
_TAG_ALIASES = {"nrt": "nr", "nrfg": "nr", "uj": "u", "ul": "u", "uz": "u", "uv": "u", "ud": "u", "ug": "u"}


@functools.cache
def _tag_table() -> np.ndarray:
    """Tag index by crc32 of the word, from jieba's dictionary; on a collision the more frequent word wins."""
    return _dictionary()[0]


@functools.cache
def _dictionary() -> tuple[np.ndarray, frozenset[str], frozenset[str], frozenset[str]]:
    """One read of jieba's dictionary: the tag table, its four-character idioms (成语: tag i,
    "other" in `TAGS`; the tag also marks some shorter names, 康熙帝, 休闲类), its
    one-character distinguishing words (区别词, tag b: 副, 总, 女, 主), which never stand alone,
    and its locality words (处所词, tag s: 国外, 海北, 境内)."""
    import jieba

    words, freqs, tags = [], [], []
    idioms, bound, localities = set(), set(), set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                words.append(parts[0])
                freqs.append(int(parts[1]))
                tags.append(TAG_INDEX.get(_TAG_ALIASES.get(parts[2], parts[2]), OTHER_TAG))
                if parts[2] == "i" and len(parts[0]) == 4:
                    idioms.add(parts[0])
                if parts[2] == "b" and len(parts[0]) == 1:
                    bound.add(parts[0])
                if parts[2] == "s":
                    localities.add(parts[0])
    mask = (1 << _TAG_BITS) - 1
    slots = np.fromiter((zlib.crc32(w.encode("utf-8")) & mask for w in words), dtype=np.int64, count=len(words))
    # Written from the rarest word up (ties by the word): a slot keeps its most frequent word's tag.
    order = np.lexsort((np.asarray(words), np.asarray(freqs)))
    table = np.full(1 << _TAG_BITS, OTHER_TAG, dtype=np.uint8)
    table[slots[order]] = np.asarray(tags, dtype=np.uint8)[order]
    return table, frozenset(idioms), frozenset(bound), frozenset(localities)


_NUMERALS = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")
_NUMERAL_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]{2}")
# One numeral and the measure word after it (四份, 两台; not 唯一, 同一).
_NUMERAL_AND_MEASURE = re.compile(r"[一二两三四五六七八九十][^\W\d_零〇一二两三四五六七八九十百千万亿]")


def is_idiom(word: str) -> bool:
    """Whether a token is a four-character idiom of jieba's dictionary (贯彻落实, 千方百计)."""
    return word in _dictionary()[1]


def is_bound_modifier(word: str) -> bool:
    """Whether a token is a one-character distinguishing word of jieba's dictionary (副 of 副部长,
    总 of 总经理): it modifies the word after it and is part of it."""
    return word in _dictionary()[2]


def is_locality(word: str) -> bool:
    """Whether a token is a locality word of jieba's dictionary (国外, 境内, 海北): a place named by where
    it lies, which `TAGS` reads as "other"."""
    return word in _dictionary()[3]


_VERB_KINDS = frozenset(TAG_INDEX[t] for t in ("v", "vn"))
_NOUN_KINDS = frozenset(TAG_INDEX[t] for t in ("n", "vn"))
_NAME_KINDS = frozenset(TAG_INDEX[t] for t in ("nr", "ns", "nt", "nz"))


def is_verb_object(word: str, kind: int) -> bool:
    """Whether a four-character dictionary word (tagged `kind`) is a verb and its object (解决问题,
    加强建设), which the dictionary may tag a noun as a whole: a verb word then a noun word, and no name."""
    return (len(word) == 4 and kind not in _NAME_KINDS and kind != OOV_TAG
            and tag(word[:2]) in _VERB_KINDS and tag(word[2:]) in _NOUN_KINDS)


# A word with one numeral that counts nothing, by its dictionary tag: a verb, adverb, adjective,
# pronoun or function word (统一, 一直, 一定, 一般, 之一), or one the tag table lumps (唯一, 同一).
_COUNTING_NOTHING = frozenset(TAG_INDEX[t] for t in ("v", "vn", "d", "a", "r", "c", "p", "u")) | {OTHER_TAG}


def counts_nothing(word: str, kind: int | None = None) -> bool:
    """Whether a token's numerals count nothing: an idiom whose numerals stand apart (千方百计,
    一心一意, 百花齐放), not one that gives a figure (三十而立); with its tag `kind`, also a word of
    one numeral that is no numeral word (统一, 一直, 唯一; not 四千名, which a rare word's tag may call a verb)."""
    if _NUMERALS.search(word) is None or _NUMERAL_RUN.search(word) is not None:
        return False
    if kind == OTHER_TAG and _NUMERAL_AND_MEASURE.fullmatch(word):
        return False  # a numeral and its measure word, tagged mq, which the tag table lumps (四份 of 一式四份)
    return is_idiom(word) or kind in _COUNTING_NOTHING


def in_dictionary(word: str) -> bool:
    """Whether `word` is a word of jieba's dictionary."""
    return bool(_tokenizer().FREQ.get(word))


# What jieba's HMM takes into a new word beside it: a preposition or conjunction of one character.
# Not a particle: 地 of 龙兴之地 is one by the dictionary's tags.
_ABSORBED = frozenset({TAG_INDEX["p"], TAG_INDEX["c"]})


def absorbs(token: tuple[int, int, str, int], edge: int) -> bool:
    """Whether `token`, a word the HMM made up, has a preposition or conjunction of one character
    at `edge` (0: its start, -1: its end) by the dictionary's cut: 以 of 以田春蔚, 给 of 报给."""
    if token[3] != OOV_TAG or token[1] - token[0] < 2:
        return False
    piece = list(_tokenizer().cut(token[2], HMM=False))[edge]
    return len(piece) == 1 and tag(piece) in _ABSORBED


def tag(word: str) -> int:
    """The tag index of one token: punctuation, a word outside jieba's dictionary, or its dictionary tag."""
    if PUNCT.fullmatch(word):
        return PUNCT_TAG
    if not in_dictionary(word):
        return OOV_TAG
    return int(_tag_table()[zlib.crc32(word.encode("utf-8")) & ((1 << _TAG_BITS) - 1)])


# The answer step reads one sentence's tokens several times (its candidate spans, their features,
# the made-whole answer's edges): a jieba cut of a 60-character sentence is about 0.3 ms, and
# recalling it is free. A pure function of the text, so a bounded memo changes no result.
@functools.lru_cache(maxsize=512)
def tag_tokens(folded: str) -> tuple[tuple[int, int, str, int], ...]:
    """(start, end, word, tag index) for each jieba token of a folded sentence."""
    out = []
    pos = 0
    for word in _tokenizer().cut(folded):
        out.append((pos, pos + len(word), word, tag(word)))
        pos += len(word)
    return tuple(out)


def words_of(sentence: str) -> list[tuple[int, int, str, int]]:
    """`tag_tokens` of the folded `sentence` without its spaces: its words, offsets into it."""
    return [t for t in tag_tokens(fold_sentence(sentence)) if t[2].strip()]


def fold_sentence(sentence: str) -> str:
    """t2s-folded and lower-cased character by character, so offsets stay offsets into `sentence`."""
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in fold_t2s(sentence))

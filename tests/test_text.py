"""rag.text: pinyin stripping, matching normalisation, sentences, tokens, keywords."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from rag.text import (
    SIMPLIFIED,
    TRADITIONAL,
    count_tokens,
    fold_t2s,
    in_script,
    keyword_tokens,
    normalize_for_match,
    script_of,
    sentence_spans,
    strip_pinyin,
    to_simplified,
)

DOCS = Path(__file__).resolve().parent.parent / "data" / "docs"
ANNOTATION = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


def corpus() -> dict[str, str]:
    """The five corpus files by name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.txt"))}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("落實(shí)", "落實"),
        ("標(biāo)準(zhǔn)", "標準"),
        ("個(gè)", "個"),
        ("發(fā)", "發"),
        ("蘇新發(fā)", "蘇新發"),
        ("蘇新發（fā）", "蘇新發"),
        ("學(xué)習", "學習"),
        ("五年?duì)巸", "五年?巸"),
        ("申請?jiān)O(shè)立", "申請?O立"),
    ],
)
def test_strip_pinyin_removes_annotations(raw: str, expected: str) -> None:
    assert strip_pinyin(raw) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "(2013年02期)",
        "(作者系西寧市委常委、組織部長)",
        "(責編:楊媚、權娟)",
        "從嚴落實黨委(黨組)抓黨建",
        "see (the) notes (a)",
        "GDP (2024) 增长(5%)",
        "version (shí) with a space before",
    ],
)
def test_strip_pinyin_keeps_real_parentheses(kept: str) -> None:
    assert strip_pinyin(kept) == kept


def test_no_annotation_left_in_004_and_idempotent() -> None:
    text = corpus()["004_80bae33e4e5280a8.txt"]
    assert len(ANNOTATION.findall(text)) > 250
    stripped = strip_pinyin(text)
    assert ANNOTATION.findall(stripped) == []
    assert "(黨組)" in stripped
    assert strip_pinyin(stripped) == stripped


def test_t2s_is_length_preserving_on_the_corpus() -> None:
    for text in corpus().values():
        assert len(to_simplified(text)) == len(text)
        assert len(fold_t2s(text)) == len(text)
    assert to_simplified("開創組織工作新局面") == "开创组织工作新局面"
    assert fold_t2s("開創組織工作新局面") == "开创组织工作新局面"


def test_normalize_for_match_folds_noise_and_is_idempotent() -> None:
    assert normalize_for_match("落實(shí)好 今年，組織部長!") == "落实好今年组织部长"
    assert normalize_for_match("[bookmark: _GoBack]切实增强") == "切实增强"
    assert normalize_for_match("ＡＢＣ，abc") == "abcabc"
    for text in corpus().values():
        once = normalize_for_match(text)
        assert normalize_for_match(once) == once


def test_evidence_copied_from_raw_file_matches_cleaned_text() -> None:
    raw = corpus()["004_80bae33e4e5280a8.txt"]
    evidence = "以高標(biāo)準(zhǔn)落實(shí)推動高質(zhì)量發(fā)展"
    assert evidence in raw
    assert normalize_for_match(evidence) in normalize_for_match(strip_pinyin(raw))
    assert normalize_for_match("以高标准落实推动高质量发展") == normalize_for_match(evidence)


def test_sentence_spans_cover_text_with_whitespace_gaps() -> None:
    text = "他说：“好。”然后走了！  真的？是的；\n\n第二段……结束\n"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["他说：“好。”", "然后走了！", "真的？", "是的；", "第二段……", "结束"]
    _assert_exact_cover(text, spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A sentence end inside brackets closed further on ends no sentence (CMRC's 牛车水（；）是…).
        ("牛车水（；）是新加坡的唐人街。1330年，汪大渊到访。", ["牛车水（；）是新加坡的唐人街。", "1330年，汪大渊到访。"]),
        ("市电为220伏特（早期为200；英国为230）、50赫兹。下一句。", ["市电为220伏特（早期为200；英国为230）、50赫兹。", "下一句。"]),
        # Quoted speech of two sentences is one, its closing quote included.
        ("谢安说：“杨骏几乎颠覆晋朝。如果皇帝娶皇后，要如同王蕴才行。”后来朝廷走访。",
         ["谢安说：“杨骏几乎颠覆晋朝。如果皇帝娶皇后，要如同王蕴才行。”", "后来朝廷走访。"]),
        ("《卡拉OK.LIVE！‧台北‧我》是专辑。", ["《卡拉OK.LIVE！‧台北‧我》是专辑。"]),
        # A bracketed note that is a sentence of its own ends there.
        ("这是句子。（资料来源：人民网。）后来他走了。", ["这是句子。", "（资料来源：人民网。）", "后来他走了。"]),
        # A quote opened twice by mistake, a bracket never closed or closed on another line: as before.
        ("坚持“实心实政“的作风。三是要坚持。要拧紧“总开关”。", ["坚持“实心实政“的作风。", "三是要坚持。", "要拧紧“总开关”。"]),
        ("（未闭合。下一句。", ["（未闭合。", "下一句。"]),
        ("（跨行。\n）下一句。", ["（跨行。", "）下一句。"]),
    ],
)
def test_sentence_spans_hold_brackets_and_quotes_together(text: str, expected: list[str]) -> None:
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == expected
    _assert_exact_cover(text, spans)


def _assert_exact_cover(text: str, spans: list[tuple[int, int]]) -> None:
    position = 0
    for start, end in spans:
        assert start < end
        assert text[position:start].strip() == ""
        assert text[start:end] == text[start:end].strip()
        position = end
    assert text[position:].strip() == ""


def test_sentence_spans_on_corpus_and_random_strings() -> None:
    for text in corpus().values():
        _assert_exact_cover(text, sentence_spans(text))
    rng = random.Random(7)
    alphabet = "中文字。！？；…，、“”「」（）() \n\tab!?;"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        _assert_exact_cover(text, sentence_spans(text))


def test_count_tokens() -> None:
    assert count_tokens("") == 0
    assert count_tokens("hello world") == 2
    assert count_tokens("<|endoftext|>") > 1  # special tokens are plain text here
    assert count_tokens("组织工作高质量发展") > 0


def test_keyword_tokens() -> None:
    tokens = keyword_tokens("開創組織工作的新局面，要把“嚴”字當頭。")
    assert "组织" in tokens and "工作" in tokens and "严" in tokens
    assert not {"的", "要", "把", "，", "“", "。"} & set(tokens)
    assert keyword_tokens("组织工作") == keyword_tokens("組織工作")
    assert keyword_tokens("落實(shí)") == keyword_tokens("落实")
    assert keyword_tokens("  ，。") == []


def test_script_of_counts_each_scripts_own_characters() -> None:
    assert script_of("一年中太陽損失的質量") == TRADITIONAL
    assert script_of("一年中太阳损失的质量") == SIMPLIFIED
    assert script_of("2019年GDP") is None  # both scripts write it so
    assert script_of("") is None


def test_in_script_converts_phrases() -> None:
    assert in_script("西宁市的组织部长是谁？", TRADITIONAL) == "西寧市的組織部長是誰？"
    assert in_script("乔治亚人信奉的宗教是?", TRADITIONAL) == "喬治亞人信奉的宗教是?"
    assert in_script("一年中太陽損失的質量", SIMPLIFIED) == "一年中太阳损失的质量"
    assert in_script("2019年GDP", TRADITIONAL) == "2019年GDP"

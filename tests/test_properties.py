"""Property-based tests: cleaning, chunking and the keyword tokenizer on arbitrary Unicode.

Mixed scripts, emoji, control characters, lone surrogates, punctuation only: no exception,
chunk offsets always hold, cleaning is idempotent. Bounded examples, no deadline (the
machine is shared), so the file runs in seconds.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.chunk import chunk_spans
from ingest.clean import clean
from rag.text import count_tokens, keyword_tokens, normalize_for_match, sentence_spans

BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Everything, lone surrogates (category Cs) and control characters included.
ANY_CHAR = st.characters(blacklist_categories=())
PIECES = st.sampled_from(
    [
        "组织工作", "組織工作", "。", "，", "！？", "；", "……", "“", "”", "(shí)", "（biāo）", "?jiān)",
        "[bookmark: _GoBack]", "\n", "\n\n", " ", "\u3000", "\xa0", "\r\n", "\t", "相關專題", ">>",
        "■文/張學天", "2013年03月12日08:43", "(責編:王)", "分享 打印", "🤔", "👍🏽", "\x00", "\x1b", "\ufeff",
        "\ud800", "\udfff", "abc", "English text.", "——", "、", "》", "《", "٣", "ﷺ", "Ｆｕｌｌ",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=300),
    st.lists(st.one_of(PIECES, st.text(ANY_CHAR, max_size=5)), max_size=80).map("".join),
    st.text(st.sampled_from("。，！？；：、…—“”‘’（）《》!?.,;:()[] \n"), max_size=200),  # punctuation only
)


def check_spans(text: str, spans: list[tuple[int, int]], max_tokens: int) -> None:
    previous = (-1, -1)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous[0] and end > previous[1], "chunks go forward"
        piece = text[start:end]
        assert piece == piece.strip(), "no chunk starts or ends with whitespace"
        assert count_tokens(piece) <= max_tokens or end - start == 1, "over the budget"
        previous = (start, end)


@BOUNDED
@given(TEXT, st.integers(1, 64), st.integers(0, 3))
@example("。" * 50, 1, 1)
@example("\ud800\udfff\ud800", 4, 1)
@example("🤔" * 40, 3, 2)
def test_chunk_offsets_always_hold(text: str, max_tokens: int, overlap: int) -> None:
    check_spans(text, chunk_spans(text, max_tokens, overlap), max_tokens)


@BOUNDED
@given(TEXT)
@example("字(shí)(shí)")
@example("落實((shí))")
@example("?ì)ā)")
@example("?ā)(ì)")
@example("\r\r\n\n[bookmark: x]\ufeff")
def test_cleaning_is_idempotent_and_never_raises(text: str) -> None:
    once = clean(text)
    assert clean(once.text).text == once.text
    check_spans(once.text, chunk_spans(once.text, 32, 1), 32)


@BOUNDED
@given(TEXT)
def test_keyword_tokens_and_matching_never_raise(text: str) -> None:
    tokens = keyword_tokens(text)
    assert all(token and token.strip() for token in tokens)
    assert normalize_for_match(normalize_for_match(text)) == normalize_for_match(text)
    for start, end in sentence_spans(text):
        assert 0 <= start < end <= len(text)


def test_a_one_megabyte_line() -> None:
    """A 1 MB paragraph without a single full stop: cut by clauses and characters, quickly."""
    line = ("组织工作要坚持实事求是，把干部队伍建设好、" * 50_000)[: 2**20 // 3]  # ~1 MB of UTF-8
    started = time.perf_counter()
    cleaned = clean(line).text
    spans = chunk_spans(cleaned, 320, 1)
    assert time.perf_counter() - started < 60
    check_spans(cleaned, spans, 320)
    assert spans[0][0] == 0 and spans[-1][1] == len(cleaned)
    assert keyword_tokens(line[:100_000])

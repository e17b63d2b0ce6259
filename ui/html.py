"""HTML for the app's pages, as pure functions: escaping, highlighting, passages, answers, styles.

Every piece of document text reaches the page through `esc()` and is then wrapped in our
own tags (`<mark>`, `<a>`), so markup or script inside a document is shown as text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.text import MARKER
from rag.types import Answer, Citation, Hit

PASSAGE_CONTEXT = 160  # characters of the passage shown either side of a quoted span


# HTML specials, plus what Markdown, LaTeX ($) and Streamlit's directives (:red[...]) would read:
# numeric entities render as the characters themselves and are never parsed as syntax.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'`*_[]()$\\~:#|{}"}
_ENTITIES[ord("\r")] = ""
_ENTITIES[ord("\n")] = "<br>"


def esc(text: str) -> str:
    """Text as inert HTML: every special character an entity, newlines as <br>, on one line."""
    return text.translate(_ENTITIES)


def highlight(
    text: str, start: int, end: int, mark_id: str | None = None, short: tuple[int, int] | None = None
) -> str:
    """`text` escaped, with text[start:end] wrapped in <mark> (offsets clipped to the text); the
    short answer's offsets `short`, where they lie inside the mark, also in <strong class="zw-short">."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    if start == end:
        return esc(text)
    attr = f' id="{mark_id}"' if mark_id else ""
    inside = esc(text[start:end])
    if short is not None and start <= short[0] < short[1] <= end:
        a, b = short[0] - start, short[1] - start
        quote = text[start:end]
        inside = f'{esc(quote[:a])}<strong class="zw-short">{esc(quote[a:b])}</strong>{esc(quote[b:])}'
    return f"{esc(text[:start])}<mark{attr}>{inside}</mark>{esc(text[end:])}"


def passage(citation: Citation, hits: Sequence[Hit]) -> tuple[str, int, int]:
    """The passage a citation quotes and the quote's offsets in it (the quote alone if its chunk is gone)."""
    hit = next((h for h in hits if h.chunk.id == citation.chunk_id), None)
    if hit is None:
        return citation.quote, 0, len(citation.quote)
    text = hit.chunk.text
    start, end = citation.start - hit.chunk.start, citation.end - hit.chunk.start
    if not (0 <= start <= end <= len(text)) or text[start:end] != citation.quote:
        found = text.find(citation.quote)
        if found < 0:
            return citation.quote, 0, len(citation.quote)
        start, end = found, found + len(citation.quote)
    return text, start, end


def place(citation: Citation) -> str:
    """Where a quote is, after its file name: `第3页 · 一、总体要求 › （一）基本原则` ("" when neither is known)."""
    parts = [citation.page_label] if citation.page_label else []
    if citation.section:
        parts.append(" › ".join(citation.section))
    return " · ".join(parts)


def page_span(page_starts: Sequence[int], first: int, last: int, length: int) -> tuple[int, int]:
    """Offsets of pages `first` to `last` (1-based) in a text of `length` whose pages begin at `page_starts`."""
    start = page_starts[first - 1]
    end = page_starts[last] if last < len(page_starts) else length
    return start, end


def excerpt(
    text: str, start: int, end: int, context: int = PASSAGE_CONTEXT, short: tuple[int, int] | None = None
) -> str:
    """HTML of the span with up to `context` characters either side, the span highlighted (and
    within it the short answer at offsets `short`, as `highlight` does)."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(text) else ""
    inner = (short[0] - lo, short[1] - lo) if short is not None else None
    return head + highlight(text[lo:hi], start - lo, end - lo, short=inner) + tail


def short_in_quote(answer: Answer, citation: Citation, quote_start: int) -> tuple[int, int] | None:
    """Where `answer`'s short answer lies in the passage whose quote of `citation` begins at
    `quote_start`: offsets to highlight it inside the quote; None for another source or none."""
    where = answer.short_answer.in_quote(citation) if answer.short_answer is not None else None
    return (quote_start + where[0], quote_start + where[1]) if where is not None else None


def answer_html(text: str, numbers: set[int], anchor: str) -> str:
    """An answer's text escaped, each valid `[n]` a link to source n (`#{anchor}-{n}`)."""
    parts: list[str] = []
    last = 0
    for m in MARKER.finditer(text):
        parts.append(esc(text[last : m.start()]))
        n = int(m.group(1))
        if n in numbers:
            parts.append(f'<a class="zw-cite" href="#{anchor}-{n}">{n}</a>')
        else:
            parts.append(esc(m.group(0)))
        last = m.end()
    parts.append(esc(text[last:]))
    return "".join(parts)


CSS = """
<style>
.zw-answer { font-size: 1.02rem; line-height: 1.85; }
.zw-answer a.zw-cite, a.zw-cite {
  display: inline-block; min-width: 1.3em; padding: 0 .35em; margin: 0 .1em;
  border-radius: .6em; background: #e8f0fe; color: #1a56db !important; font-size: .78em;
  line-height: 1.45; text-align: center; vertical-align: super; text-decoration: none; font-weight: 600;
}
.zw-short-answer { font-size: 1.2rem; font-weight: 700; margin-bottom: .45rem; }
.zw-understood { color: #6b7280; font-size: .9rem; margin-bottom: .35rem; }
.zw-refusal { padding: .7rem 1rem; border-radius: .5rem; background: #fff7ed; border: 1px solid #fed7aa;
  color: #9a3412; }
.zw-refusal-reason { color: #6b7280; font-size: .9rem; margin-top: .35rem; }
.zw-source { border: 1px solid #e5e7eb; border-left: 4px solid #1a56db; border-radius: .5rem;
  padding: .6rem .9rem; margin: .35rem 0 .15rem 0; background: #fafbfc; scroll-margin-top: 5rem; }
.zw-source-head { font-size: .9rem; color: #374151; margin-bottom: .3rem; }
.zw-source-head .zw-n { display: inline-block; min-width: 1.6em; text-align: center; font-weight: 700;
  color: #fff; background: #1a56db; border-radius: .35em; margin-right: .45em; font-size: .8rem; }
.zw-source-head .zw-file { color: #6b7280; font-family: ui-monospace, monospace; font-size: .8rem;
  margin-left: .4em; }
.zw-source-head .zw-place { color: #6b7280; font-size: .8rem; margin-left: .4em; }
.zw-passage { font-size: .93rem; line-height: 1.8; color: #1f2937; }
.zw-passage mark, .zw-doc mark { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: .2em; }
.zw-passage mark .zw-short, .zw-doc mark .zw-short { background: #fbbf24; border-radius: .2em; padding: 0 .1em; font-weight: 700; }
.zw-doc { max-height: 62vh; overflow-y: auto; line-height: 1.9; font-size: .98rem; padding: .2rem .6rem;
  border: 1px solid #e5e7eb; border-radius: .5rem; background: #fff; }
.zw-doc mark { scroll-margin: 30vh; box-shadow: 0 0 0 2px #f59e0b; }
.zw-retrieved { font-size: .88rem; line-height: 1.7; color: #374151; border-left: 3px solid #d1d5db;
  padding-left: .6rem; margin: .3rem 0; }
</style>
"""

# Scrolls the document viewer to the highlighted span; it carries no document text.
SCROLL_JS = """
<script>
(function () {
  let tries = 0;
  const go = () => {
    const m = document.getElementById("zw-hl");
    if (m) { m.scrollIntoView({block: "center"}); } else if (tries++ < 40) { setTimeout(go, 100); }
  };
  setTimeout(go, 150);
})();
</script>
"""

"""The query side wired: rewrite a follow-up, retrieve, rank, refuse or answer, validate citations.

After retrieval the learned ranker (`rag.rank`) reorders the passages by their best
sentence and gives the calibrated probability that the best candidate answers; below the
threshold the pipeline refuses, and no answerer (no LLM) is called.

The CLI, the app and the eval all go through `Pipeline`; its parts are injected, so tests
build one from a tiny store and fakes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

from rag.answer import Answerer, Draft, cite, joined, short_answer
from rag.articles import an_article_answers
from rag.cells import a_cell_answers
from rag.authors import described_in, undescribed, written_by
from rag.chat import (
    NOTHING_BEFORE, NOTHING_MORE, UNSAID, CarryOver, Condenser, Resolved, Rewriter, asks_for_more, beyond,
    is_follow_up, last_answered, quotes_nothing_new, unsaid,
)
from rag.config import Settings
from rag.embed import Embedder, make_embedder
from rag.extractive import ExtractiveAnswerer
from rag.library import LibraryQuestion, library_asked, listing
from rag.llm import ChatModel, OpenAIChat
from rag.llm_answer import LLMAnswerer
from rag.published import UNRECORDED, number_asked, published_asked, publisher_asked, unrecorded_asked
from rag.question import QuestionInfo, as_asked, split_questions, texts_asked_about
from rag.rank import POOL, AnswerModel, Ranked, shipped
from rag.retrieve import Retrieval, Retriever, dense_similarity
from rag.store import Store
from rag.subjects import split_subjects
from rag.text import CHUNKER_VERSION, normalize_for_match
from rag.types import REFUSAL, Answer, Hit, Turn

# The keys of `Answer.timings`, in pipeline order (milliseconds).
STAGES = ("rewrite", "registry", "embed", "dense", "keyword", "fusion", "answer", "total")
# How many questions typed at once are answered: each is a search and an answer, and a list of hundreds
# pasted in would be a wait of seconds for a page no one reads; the rest are named to be asked again.
MAX_QUESTIONS = 10


def _in_turn(rankings: Sequence[Sequence[Hit]]) -> list[Hit]:
    """The hits of several rankings taken in turn, first of each, then second…, each chunk once."""
    seen: set[str] = set()
    merged: list[Hit] = []
    for tier in zip(*rankings, strict=False):
        for hit in tier:
            if hit.chunk.id not in seen:
                seen.add(hit.chunk.id)
                merged.append(hit)
    return merged


def _as_turns(history: Sequence[Turn]) -> list[Turn]:
    """The chat's turns as a follow-up reads them: one that asked several questions at once as the
    turns of its parts, in order (他 after 海北州组织部长是谁？西宁市的呢？ is 張學天, the last named;
    read as one turn, it was the whole input, no name)."""
    return [part for turn in history for part in ([Turn.of(a) for a in turn.answer.parts] or [turn])]


def _refusal(
    question: str, rewritten: str | None, relevance: float, timings: dict[str, float], by_answerer: bool = False,
    reason: str | None = None,
) -> Answer:
    """The refused `Answer`: the fixed message, no sources, and why where the answerer or the library's record says."""
    return Answer(question, REFUSAL, refused=True, rewritten_question=rewritten, relevance=relevance, timings=timings,
                  refused_by_answerer=by_answerer, refusal_reason=reason)


# A Han character, in either script.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _asked_amiss(question: str) -> str | None:
    """Why a question the gate refused could not be asked as typed: it holds no words (an empty line,
    punctuation only), or no Chinese (What is this document about?: the library is read in Chinese,
    an English name inside a Chinese question is found); None for any other."""
    if not normalize_for_match(question):
        return "问题里没有文字：请输入要问的内容，例如“西宁市的组织部长是谁？”。"
    if not _HAN.search(question):
        return "问题里没有中文：文库按中文检索和回答，请用中文提问（英文名称可以写在中文问题里）。"
    return None


def _none_quoted(history: Sequence[Turn]) -> bool:
    """Whether `history` quoted no text in particular: no turn was answered, or the last one answered
    listed several documents (文库里有哪些文章, 哪些文章提到了形式主义). A question of "the text" then names
    none of them (after a listing, 作者是谁 was carried as 文库里有文章，这篇文章的作者是谁 and answered with
    the first listed's author)."""
    previous = last_answered(history)
    if previous is None:
        return True
    listed = library_asked(previous.rewritten_question, none_quoted=True) is not None \
        or texts_asked_about(previous.rewritten_question) is not None
    return listed and len({citation.doc_id for citation in previous.answer.citations}) != 1


def should_refuse(hits: Sequence[Hit], answerable: float, threshold: float) -> bool:
    """Refuse when nothing was retrieved or the best candidate probably does not answer."""
    return not hits or answerable < threshold


class Pipeline:
    """Questions in, `Answer`s out, over one store."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        embedder: Embedder,
        answerer: Answerer,
        retriever: Retriever | None = None,
        rewriter: Rewriter | None = None,
        model: AnswerModel | None = None,
        notice: str | None = None,
    ) -> None:
        self.settings = settings
        # Something the user should act on that does not stop answers (an index from an older chunker).
        self.notice = notice
        self.store = store
        self.embedder = embedder
        self.answerer = answerer
        self.retriever = retriever or Retriever.from_settings(settings, store, embedder)
        self.rewriter = rewriter or CarryOver()
        self.model = model or shipped()
        # RAG_MIN_RELEVANCE overrides the threshold chosen with the model (false refusals <= 3% on its training data).
        self.threshold = self.model.threshold if settings.min_relevance is None else settings.min_relevance

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> Pipeline:
        """The pipeline `settings` describe: its embedder (unless one is given), its store, and
        the answerer it names.

        The LLM client is built (and its configuration checked) before the embedder loads, so
        a missing key fails at once. An index built by an older chunker is opened and answers;
        `notice` then says how to rebuild it.
        """
        chat: ChatModel | None = OpenAIChat.from_settings(settings) if settings.answerer == "llm" else None
        embedder = embedder or make_embedder(settings)
        store = Store.open(settings, embedder.name, embedder.dim)
        notice = store.stale_notice(CHUNKER_VERSION)
        if chat is not None:
            return cls(settings, store, embedder, LLMAnswerer(chat, documents=store.document), rewriter=Condenser(chat),
                       notice=notice)  # fmt: skip
        retriever = Retriever.from_settings(settings, store, embedder)
        answerer = ExtractiveAnswerer(neighbours=retriever.neighbours, documents=store.document,
                                      containing=retriever.containing)
        return cls(settings, store, embedder, answerer, retriever=retriever, notice=notice)

    def warm_up(self) -> None:
        """Do now what the first question would otherwise wait for (0.6-0.9 s measured by
        bench/scale.py): jieba's and OpenCC's dictionaries, the embedder's first run, the
        keyword index read from its cache (or built), Chroma's vector index paged in.
        The app calls it while it shows its loading spinner."""
        self.search("组织工作")

    def search(self, question: str, k: int | None = None) -> Retrieval:
        """The top k hits as the learned ranker orders them, the answerability of the best
        candidate (`relevance`) and the stage timings (the ranking's under "answer")."""
        k = k or self.settings.top_k
        retrieval, _ = self._ranked_search(question, question, k, k)
        return retrieval._replace(hits=retrieval.hits[:k])

    def _answerer_of(self, question: str) -> Answerer:
        """Who answers `question`: the configured answerer, but for which documents say something
        (哪些文章提到了人才), which the extractive answerer lists from the whole library's keyword
        index whatever answers the rest. A chat model is given k passages: it listed their
        documents only, and nothing needs writing."""
        if isinstance(self.answerer, ExtractiveAnswerer) or texts_asked_about(question) is None:
            return self.answerer
        return ExtractiveAnswerer(neighbours=self.retriever.neighbours, documents=self.store.document,
                                  containing=self.retriever.containing)

    def _refuses(self, question: str, hits: Sequence[Hit], retrieval: Retrieval, info: QuestionInfo) -> bool:
        """Whether to refuse before any answerer runs. Who an author is, or their post, is answered
        by the note or byline that says it, though it shares no word with the question (张学天担任
        什么职务？ and (作者系西宁市委常委、组织部长)); which document they wrote, and when a
        document was published and where, by the library's record of it. Which documents say
        something (哪些文章提到了形式主义, 列出提到人才的段落) is a search of the whole library for its
        words, which the answerer makes and, finding none, refuses saying so. A table's row that
        holds the cell asked for (张三的职务是什么: 职务：部长 in 张三's row) answers, as `rag.cells` reads it,
        and so does a passage that opens the article asked for whole (第三章规定了什么, `rag.articles`).
        `info` is the question's analysis, as the ranker made it."""
        if not should_refuse(hits, retrieval.relevance, self.threshold):
            return False
        texts = (hit.chunk.text for hit in hits)
        return (not self._of_the_record(question, hits) and texts_asked_about(question) is None
                and not a_cell_answers(info.terms, question, texts, info.expect)
                and not an_article_answers(question, ((hit.chunk.title, hit.chunk.text) for hit in hits)))

    def _each_subject(
        self, question: str, rewritten: str | None, parts: list[str], ranked: int, timings: dict[str, float],
        started: float,
    ) -> Iterator[str | Retrieval | Answer]:
        """A question that asks one thing of several subjects (`rag.subjects`): each part searched,
        refused or answered as if asked alone, the answers one after the other under their
        questions (`_in_turn`)."""
        answered = [(part, *self._part(part, part, ranked, timings)) for part in parts]
        yield from self._in_turn(question, rewritten, answered, timings, started)

    def _each_question(
        self, question: str, questions: list[str], history: Sequence[Turn], ranked: int,
        timings: dict[str, float], started: float, note: str | None = None,
    ) -> Iterator[str | Retrieval | Answer]:
        """Several questions typed at once (海北州组织部长是谁？他提出了什么？): each answered in turn as
        the chat answers it, a later one read as a follow-up of those before (他 -> 司吉昇), under the
        question it was read as (`_in_turn`), and `note` (those left unasked) after them. Asked as one,
        the sentences that matched both answered, and neither was: no name, no short answer."""
        turns = list(history)
        answered: list[tuple[str, Retrieval, Draft | None]] = []
        refused: str | None = None  # the part before, when it was refused
        for part in questions:
            if refused is not None and is_follow_up(part):
                # Leaning on a question refused, which no turn carries: asked with it, in its place
                # (文章是否主张一罚了之？应该怎么对待？ was answered about 领导班子建设 when the second part
                # was read alone; together they find 惩罚不是目的…建立容错机制).
                part = f"{refused.rstrip('？?')}，{part}"
                answered.pop()
            resolved = self._resolve(part, turns, _none_quoted(turns))
            retrieval, draft = self._part(resolved.question, resolved.query, ranked, timings)
            answered.append((resolved.question, retrieval, draft))
            refused = part if draft is None or draft.refused else None
            if refused is None and draft is not None:
                hits = [*retrieval.hits[: self.settings.top_k], *draft.extra]
                text, citations = cite(draft, hits)
                turns.append(Turn(part, resolved.question, Answer(
                    part, text, citations=citations, rewritten_question=resolved.question,
                    short_answer=short_answer(draft, citations),
                )))
        parts = tuple(turn.answer for turn in turns[len(history) :])
        yield from self._in_turn(question, None, answered, timings, started, parts, note)

    def _resolve(self, question: str, history: Sequence[Turn], none_quoted: bool) -> Resolved:
        """`question` as the rewriter reads it after `history` (which quoted no text in particular when
        `none_quoted`); one about the library stands alone (这些文章都是谁写的 asks of every document,
        not of the one the chat last quoted)."""
        if library_asked(question, none_quoted=True) is LibraryQuestion.GIST \
                and (title := self._the_text(history, none_quoted)) is not None:
            # What "the text" says (这篇文章讲了什么, 总结一下这篇文章) is asked of it by title: carried,
            # it was answered with the sentence just quoted again.
            return Resolved(f"《{title}》讲了什么？", f"《{title}》讲了什么？")
        if library_asked(question, none_quoted=none_quoted) is not None:
            return Resolved(question, question)
        return self.rewriter.rewrite(question, history)

    def _the_text(self, history: Sequence[Turn], none_quoted: bool) -> str | None:
        """The title of "the text" after `history`: the document the last answer quoted first (not a
        listing of several: `none_quoted`), or the library's only one when nothing was answered."""
        previous = last_answered(history)
        if previous is None:
            documents = self.store.documents()
            return documents[0].title if len(documents) == 1 else None
        if none_quoted:
            return None
        return previous.answer.citations[0].title if previous.answer.citations else None

    def _listing(self, asked: LibraryQuestion, question: str) -> Draft:
        """What the library holds, as its record says (`rag.library`): no passage says it."""
        return listing(asked, self.store.documents(), self.store.openings(), question)

    def _part(
        self, question: str, query: str, ranked: int, timings: dict[str, float]
    ) -> tuple[Retrieval, Draft | None]:
        """One part of what was asked searched, then refused (None) or drafted; its timings added."""
        if (asked := library_asked(question)) is not None:
            return Retrieval([], 1.0, {}), self._listing(asked, question)
        k = self.settings.top_k
        retrieval, ranking = self._ranked_search(query, question, k, ranked)
        for stage, ms in retrieval.timings.items():
            timings[stage] = timings.get(stage, 0.0) + ms
        if self._refuses(question, retrieval.hits[:k], retrieval, ranking.info):
            return retrieval, None
        t = time.perf_counter()
        *_, draft = self._answerer_of(question).stream(question, retrieval.hits[:k], ranking)
        assert isinstance(draft, Draft), "an answerer must end with a Draft"
        timings["answer"] += (time.perf_counter() - t) * 1000.0
        return retrieval, draft

    def _in_turn(
        self, question: str, rewritten: str | None, answered: Sequence[tuple[str, Retrieval, Draft | None]],
        timings: dict[str, float], started: float, parts: tuple[Answer, ...] = (), note: str | None = None,
    ) -> Iterator[str | Retrieval | Answer]:
        """The parts' answers one after the other under their questions: the search it yields takes
        the parts' rankings in turn (the eval's hit@k); refused only when every part is. `parts`, the
        answers of questions typed at once, are what a follow-up reads (`_as_turns`); `note` ends the
        answer, or is the refusal's reason."""
        k = self.settings.top_k
        drafts: list[tuple[str, Draft | None, int]] = []
        hits: list[Hit] = []
        for part, retrieval, draft in answered:
            drafts.append((part, draft, len(hits)))
            hits.extend([*retrieval.hits[:k], *(draft.extra if draft else ())])
        # A part its answerer refused is refused at any threshold: the question's signal is the best
        # of the other parts' (as the eval's refusal curve replays it).
        relevances = [retrieval.relevance for _, retrieval, _ in answered]
        kept = [r for r, (_, _, draft) in zip(relevances, answered, strict=True)
                if draft is None or not draft.refused]
        relevance = max(kept or relevances)
        yield Retrieval(_in_turn([retrieval.hits for _, retrieval, _ in answered]), relevance, timings)
        timings["total"] = (time.perf_counter() - started) * 1000.0
        if all(draft is None or draft.refused for _, draft, _ in drafts):
            yield REFUSAL
            reasons = "".join(dict.fromkeys(d.reason for _, d, _ in drafts if d is not None and d.reason))
            reasons += note or ""
            yield _refusal(question, rewritten, relevance, timings, by_answerer=not kept, reason=reasons or None)
            return
        text, citations = cite(joined(drafts, hits), hits)
        if note is not None:
            text = f"{text}\n\n{note}"
        yield text
        yield Answer(question, text, citations=citations, rewritten_question=rewritten, hits=tuple(hits),
                     relevance=relevance, timings=timings, parts=parts)

    def _record_reason(self, question: str, hits: Sequence[Hit]) -> str | None:
        """Why the gate refuses a question about a document or its author that the library's record
        cannot answer: when or where it was published (司吉昇的文章是哪天发表的), an author's post no
        line gives (苏新发担任什么职务); None for any other question. No answerer, and no LLM call,
        is needed to say it."""
        if unrecorded_asked(question, hits, self.store.document):
            return UNRECORDED
        return undescribed(question, hits, self.store.document)

    def _of_the_record(self, question: str, hits: Sequence[Hit]) -> bool:
        """Whether `question` asks who an author of `hits` is, their post, which document they wrote,
        when or where a document of `hits` was published, or its number (文号)."""
        return (described_in(question, hits, self.store.document) is not None
                or written_by(question, hits, self.store.document) is not None
                or published_asked(question, hits, self.store.document) is not None
                or publisher_asked(question, hits, self.store.document) is not None
                or number_asked(question, hits) is not None)

    def _ranked_search(self, query: str, question: str, k: int, depth: int) -> tuple[Retrieval, Ranked]:
        """Search max(k, depth, POOL) deep; the ranker reads the first POOL hits (what it was
        trained on) and reorders the first k, the passages an answer is made from.
        """
        found = self.retriever.search(query, k, max(depth, POOL))
        t = time.perf_counter()
        ranking = self.model.rank(question, found.hits[:POOL], reorder=k)
        timings = found.timings | {"answer": (time.perf_counter() - t) * 1000.0}
        return Retrieval(ranking.hits + found.hits[POOL:], self._decision_score(ranking, found), timings), ranking

    def _decision_score(self, ranking: Ranked, found: Retrieval) -> float:
        """The score the refusal compares with its threshold, on the threshold's scale.

        The answerability model judges questions that want a short answer; questions that
        want sentences (how, why, lists) are judged by its probability and the retrieval's
        relevance signal together (`rag.rank.SentenceRule`): the model alone gave 7 of the own
        set's 58 answerable questions (lists across paragraphs, paraphrases, two documents)
        probabilities under its threshold, and the relevance cut-off alone (0.30, the one
        every question had before the model) refused none of CMRC's sentence questions about
        absent articles (0 of 15 in `rag eval --dataset eval/datasets/public/cmrc2018_trial.json
        --sample 200`).
        """
        dense = None
        if self.retriever.mode != "bm25" and self.embedder.name == self.model.sentence_embedder:
            dense = dense_similarity(found.hits[: self.settings.top_k])
        return self.model.decision(ranking.info, ranking.answerable, found.relevance, dense, self.threshold)

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        return self.search(question, k).hits

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """The answer to `question`, after any earlier turns of the same chat."""
        for part in self.ask_stream(question, history):
            if isinstance(part, Answer):
                return part
        raise AssertionError("ask_stream ended without an Answer")

    def ask_stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        """Text deltas as they are made, then the final, validated `Answer`."""
        for part in self._steps(question, history, ranked=0):
            if not isinstance(part, Retrieval):
                yield part

    def ask_ranked(self, question: str, depth: int, history: Sequence[Turn] = ()) -> tuple[Answer, list[Hit]]:
        """The answer `ask` gives to a question after `history`, and the ranked top `depth` of the
        one search it was made from (the answer from its first k): what the eval scores."""
        ranking: list[Hit] = []
        for part in self._steps(question, history, ranked=depth):
            if isinstance(part, Retrieval):
                ranking = part.hits
            elif isinstance(part, Answer):
                return part, ranking
        raise AssertionError("the pipeline ended without an Answer")

    def _steps(self, question: str, history: Sequence[Turn], ranked: int) -> Iterator[str | Retrieval | Answer]:
        """The search (its `Retrieval`, max(k, `ranked`) deep), then text deltas, then the `Answer`."""
        started = time.perf_counter()
        # Every stage has a key, 0.0 when it did not run (no dense search under RAG_RETRIEVER=bm25).
        timings = dict.fromkeys(STAGES, 0.0)

        t = time.perf_counter()
        history = _as_turns(history)
        asked = as_asked(question)
        if len(questions := split_questions(asked)) > 1:
            note = None
            if len(questions) > MAX_QUESTIONS:
                note = (f"这条消息有{len(questions)}个问题，只回答了前{MAX_QUESTIONS}个；"
                        f"从“{questions[MAX_QUESTIONS]}”起，请分开再问。")
            yield from self._each_question(
                question, questions[:MAX_QUESTIONS], history, ranked, timings, started, note
            )
            return
        asked = questions[0]  # as typed, or the one question typed over and over
        none_quoted = _none_quoted(history)
        resolved = self._resolve(asked, history, none_quoted)
        timings["rewrite"] = (time.perf_counter() - t) * 1000.0
        if asks_for_more(resolved.question):
            # Still 还有呢？ once resolved: no earlier turn was answered (a search for its words
            # quoted whatever sentence matched 还有).
            yield Retrieval([], 0.0, timings)
            timings["total"] = (time.perf_counter() - started) * 1000.0
            yield REFUSAL
            yield _refusal(question, None, 0.0, timings, reason=NOTHING_BEFORE)
            return
        if (about := library_asked(resolved.question, none_quoted=none_quoted)) is not None:
            yield Retrieval([], 1.0, timings)
            draft = self._listing(about, resolved.question)
            text, citations = cite(draft, draft.extra)
            timings["total"] = (time.perf_counter() - started) * 1000.0
            yield text
            yield Answer(question, text, citations=citations, hits=draft.extra, relevance=1.0,
                         timings=timings)
            return

        rewritten = resolved.question if resolved.question != asked else None
        if len(parts := split_subjects(resolved.question)) > 1:
            yield from self._each_subject(question, rewritten, parts, ranked, timings, started)
            return

        k = self.settings.top_k
        retrieval, ranking = self._ranked_search(resolved.query, resolved.question, k, ranked)
        timings.update(retrieval.timings)
        yield retrieval
        hits = retrieval.hits[:k]

        if self._refuses(resolved.question, hits, retrieval, ranking.info):
            timings["total"] = (time.perf_counter() - started) * 1000.0
            yield REFUSAL
            reason = self._record_reason(resolved.question, hits) or _asked_amiss(resolved.question)
            yield _refusal(question, rewritten, retrieval.relevance, timings, reason=reason)
            return
        if resolved.carried and (thing := unsaid(resolved.carried, hits)) is not None:
            # A follow-up's own thing no passage found says: the topic it was carried behind found them.
            timings["total"] = (time.perf_counter() - started) * 1000.0
            yield REFUSAL
            yield _refusal(question, rewritten, retrieval.relevance, timings, by_answerer=True,
                           reason=UNSAID.format(thing=thing))
            return
        if resolved.quoted:
            # More of a previous answer (还有呢？): what it has not quoted, a name or a date included
            # (who else holds the post, not the same name again).
            more = beyond(ranking, resolved.quoted, ExtractiveAnswerer.MARGIN)
            if more is None:
                timings["total"] = (time.perf_counter() - started) * 1000.0
                yield REFUSAL
                yield _refusal(question, rewritten, retrieval.relevance, timings, by_answerer=True,
                               reason=NOTHING_MORE)
                return
            ranking = more

        t = time.perf_counter()
        draft: Draft | None = None
        # Asked for more, the answer is held back until it is known to quote something new.
        held: list[str] = []
        for part in self._answerer_of(resolved.question).stream(resolved.question, hits, ranking):
            if isinstance(part, Draft):
                draft = part
            elif resolved.quoted:
                held.append(part)
            else:
                yield part
        assert draft is not None, "an answerer must end with a Draft"
        timings["answer"] += (time.perf_counter() - t) * 1000.0
        timings["total"] = (time.perf_counter() - started) * 1000.0

        hits = [*hits, *draft.extra]
        text, citations = cite(draft, hits) if not draft.refused else (REFUSAL, [])
        if resolved.quoted and (draft.refused or quotes_nothing_new(citations, resolved.quoted)):
            # Nothing more answers, or the answerer's own reading (an author's byline, a list read
            # whole) quoted the same passages again: the previous answer said all there is.
            yield REFUSAL
            yield _refusal(question, rewritten, retrieval.relevance, timings, by_answerer=True,
                           reason=NOTHING_MORE)
            return
        yield from held
        if draft.refused:
            yield _refusal(question, rewritten, retrieval.relevance, timings, by_answerer=True, reason=draft.reason)
            return
        yield Answer(
            question,
            text,
            citations=citations,
            rewritten_question=rewritten,
            hits=tuple(hits),
            relevance=retrieval.relevance,
            timings=timings,
            short_answer=short_answer(draft, citations),
        )

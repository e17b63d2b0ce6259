"""The eval metrics on tiny hand-made cases with known values."""

from __future__ import annotations

import math

import pytest

from eval.metrics import (
    CurvePoint,
    QuestionScore,
    auroc,
    char_f1,
    citation_hit,
    citation_precision,
    contains_evidence,
    ctx_at,
    contains_gold,
    doc_hit_at_k,
    exact_match,
    false_refusal_rate,
    hit_at_k,
    keyword_recall,
    mixed_units,
    percentile,
    reciprocal_rank,
    refusal_at,
    refusal_curve,
    refusal_rate,
    score_question,
    span_f1,
    strip_citations,
    summarize,
    summarize_by_type,
    within_false_refusal,
)

SIMPLIFIED = "针对西宁人才队伍跟不上形势,率先在全市实行政府雇员制度,探索实行“总师”制度。"
TRADITIONAL = "針對西寧人才隊伍跟不上形勢,率先在全市實行政府雇員制度,探索實行“總師”制度。"
OTHER = "组织工作是一门科学,专业性很强。"


# --- evidence matching -------------------------------------------------------------------


def test_traditional_evidence_matches_simplified_chunk() -> None:
    assert contains_evidence(SIMPLIFIED, ["率先在全市實行政府雇員制度"])


def test_simplified_evidence_matches_traditional_chunk() -> None:
    assert contains_evidence(TRADITIONAL, ["率先在全市实行政府雇员制度"])


def test_pinyin_annotated_evidence_matches_cleaned_chunk() -> None:
    evidence = ["全力抓好28項(xiàng)年度重點(diǎn)工作任務(wù)落實(shí)"]
    assert contains_evidence("要以實的工作作風保證好的落實結果,全力抓好28項年度重點工作任務落實,力戒形式主義。", evidence)
    assert contains_evidence("全力抓好28项年度重点工作任务落实", evidence)


def test_bookmark_and_punctuation_do_not_matter() -> None:
    assert contains_evidence("切实增强求解优解的思维。不谋全局者", ["[bookmark: _GoBack]切实增强求解优解的思维"])
    assert contains_evidence("用准一个人，会带动一批人", ["用准一个人,会带动一批人"])


def test_no_evidence_matches_nothing() -> None:
    assert not contains_evidence(SIMPLIFIED, [])
    assert not contains_evidence(SIMPLIFIED, ["，。"])  # normalises to "": must not match everything
    assert not contains_evidence(OTHER, ["政府雇员制度"])


# --- ranking -----------------------------------------------------------------------------


def test_hit_at_k_and_mrr_of_one_third() -> None:
    ranked = [OTHER, OTHER, TRADITIONAL, OTHER]
    evidence = ["政府雇员制度"]
    assert not hit_at_k(ranked, evidence, 1)
    assert not hit_at_k(ranked, evidence, 2)
    assert hit_at_k(ranked, evidence, 5)
    assert reciprocal_rank(ranked, evidence, 10) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, evidence, 2) == 0.0
    assert reciprocal_rank([], evidence) == 0.0


def test_doc_hit_compares_file_names() -> None:
    sources = ["data/docs/001_8b50e20b047f8fe9.txt", r"C:\corpus\003_c58b9f99bec04376.txt"]
    assert doc_hit_at_k(sources, ["003_c58b9f99bec04376.txt"], 5)
    assert not doc_hit_at_k(sources, ["003_c58b9f99bec04376.txt"], 1)
    assert not doc_hit_at_k(sources, ["004_80bae33e4e5280a8.txt"], 5)
    assert doc_hit_at_k(sources, ["000_x.txt", "001_8b50e20b047f8fe9.txt"], 1)


# --- ctx@1000 ----------------------------------------------------------------------------

EVIDENCE = ["政府雇员制度"]


def test_ctx_true_at_char_900() -> None:
    assert ctx_at(["甲" * 900 + "政府雇员制度" + "乙" * 200], EVIDENCE)


def test_ctx_false_at_char_1100() -> None:
    assert not ctx_at(["甲" * 1100 + "政府雇员制度"], EVIDENCE)


def test_ctx_counts_across_passages_in_rank_order() -> None:
    assert ctx_at(["甲" * 600, "乙" * 300 + "政府雇員制度"], EVIDENCE)
    assert not ctx_at(["甲" * 600, "乙" * 500, "政府雇员制度"], EVIDENCE)


def test_ctx_evidence_must_end_within_the_budget() -> None:
    assert not ctx_at(["甲" * 997 + "政府雇员制度"], EVIDENCE)
    assert ctx_at(["甲" * 994 + "政府雇员制度"], EVIDENCE)


def test_ctx_budget_is_counted_on_raw_characters() -> None:
    # 1,100 raw characters of which only 550 survive normalisation: still beyond the budget.
    assert not ctx_at(["甲，" * 550 + "政府雇员制度"], EVIDENCE)
    assert ctx_at(["甲，" * 550 + "政府雇员制度"], EVIDENCE, chars=1200)


# --- answers -----------------------------------------------------------------------------


def test_keyword_recall() -> None:
    keywords = ["目标导向", "问题导向", "结果导向"]
    assert keyword_recall("坚持目标导向、问题导向抓落实[1]", keywords) == pytest.approx(2 / 3)
    assert keyword_recall("堅持目標導向、問題導向、結果導向", keywords) == 1.0
    assert keyword_recall("文档中没有找到相关信息", keywords) == 0.0
    assert keyword_recall("任何回答", []) is None


def test_keyword_split_by_citation_marker_still_counts() -> None:
    assert keyword_recall("落实“四风[2]”问题", ["四风"]) == 1.0


def test_char_f1_on_a_known_pair() -> None:
    # answer chars {张,学,天}; reference {作,者,是,张,学,天}: P = 1, R = 1/2, F1 = 2/3.
    assert char_f1("张学天[1]", "作者是张学天。") == pytest.approx(2 / 3)
    assert char_f1("張學天", "张学天") == 1.0
    assert char_f1("甲乙", "丙丁") == 0.0
    assert char_f1("", "") == 1.0


def test_char_f1_counts_characters_as_a_bag() -> None:
    # pred 党党建 vs gold 党建设: common = min(2,1)+1 = 2; P = 2/3, R = 2/3.
    assert char_f1("党党建", "党建设") == pytest.approx(2 / 3)


def test_strip_citations() -> None:
    # Answers carry only `[n]` (rag.text.MARKER): the LLM answerer rewrites `[2, 3]` as `[2][3]`.
    assert strip_citations("甲[1]乙[2][3]丙[45]") == "甲乙丙"


# --- citations ---------------------------------------------------------------------------


def test_citation_precision_half_with_one_wrong_citation() -> None:
    cited = [TRADITIONAL, OTHER]
    assert citation_precision(cited, EVIDENCE) == 0.5
    assert citation_hit(cited, EVIDENCE)


def test_citations_when_nothing_or_nothing_right_is_cited() -> None:
    assert citation_precision([], EVIDENCE) is None
    assert not citation_hit([], EVIDENCE)
    assert citation_precision([OTHER], EVIDENCE) == 0.0
    assert not citation_hit([OTHER], EVIDENCE)


# --- per question, refusals, aggregation -------------------------------------------------


def _score(**overrides: object) -> QuestionScore:
    base: dict[str, object] = {
        "id": "q",
        "docs": ["003_c58b9f99bec04376.txt"],
        "type": "factoid",
        "evidence": EVIDENCE,
        "keywords": ["政府雇员制度", "总师"],
        "reference": "实行政府雇员制度，探索实行“总师”制度。",
        "ranked_texts": [OTHER, TRADITIONAL],
        "ranked_sources": ["data/docs/002_fb24d1789acc4997.txt", "data/docs/003_c58b9f99bec04376.txt"],
        "answer_text": "率先实行政府雇员制度[2]",
        "cited_texts": [TRADITIONAL],
        "refused": False,
        "latencies": {"retrieve": 0.1, "total": 0.3},
    }
    base.update(overrides)
    return score_question(**base)  # type: ignore[arg-type]


def test_score_question_answerable() -> None:
    s = _score()
    assert s.answerable and not s.refused
    assert (s.hit1, s.hit5, s.rr10, s.doc_hit5, s.ctx1000) == (False, True, 0.5, True, True)
    assert s.keyword_recall == 0.5
    assert s.citation_precision == 1.0 and s.citation_hit is True
    assert 0 < s.char_f1 < 1


def test_score_question_refused_answerable_scores_zero_on_the_answer() -> None:
    s = _score(answer_text="文档中没有找到相关信息", cited_texts=[], refused=True)
    assert s.refused and s.answerable
    assert s.hit5 is True  # retrieval is judged regardless of the refusal
    assert s.keyword_recall == 0.0 and s.char_f1 == 0.0
    assert s.citation_precision is None and s.citation_hit is False


def test_score_question_unanswerable_has_only_the_refusal() -> None:
    s = _score(docs=[], evidence=[], keywords=[], type="unanswerable", refused=True, cited_texts=[])
    assert not s.answerable and s.refused
    assert s.hit5 is None and s.rr10 is None and s.keyword_recall is None and s.citation_hit is None


def test_score_question_against_gold_short_answers() -> None:
    # Without a short answer, the whole answer is scored: 6 units of 8 ("率先实行" adds 2
    # before the gold "政府雇员制度"; the marker is stripped). P 6/10, R 1.
    s = _score(golds=["政府雇员制度"], decision_score=0.7)
    assert (s.em, s.contains_gold, s.decision_score) == (False, True, 0.7)
    assert s.f1 == pytest.approx(2 * 0.6 / 1.6)
    # With one, the short answer is scored; contains-gold still reads the whole answer.
    s = _score(golds=["政府雇员制度", "雇员制度"], short_answer="政府雇员制度")
    assert (s.em, s.f1, s.contains_gold) == (True, 1.0, True)
    s = _score(golds=["政府雇员制度"], refused=True, answer_text="文档中没有找到相关信息", cited_texts=[])
    assert (s.em, s.f1, s.contains_gold) == (False, 0.0, False)
    assert _score().em is None and _score().f1 is None and _score().contains_gold is None


def _q(id: str, type: str, answerable: bool, refused: bool, **values: object) -> QuestionScore:
    return QuestionScore(
        id=id, type=type, answerable=answerable, refused=refused, **values  # type: ignore[arg-type]
    )


SCORES = [
    _q("a", "factoid", True, False, hit1=True, hit5=True, rr10=1.0, keyword_recall=1.0,
       citation_precision=1.0, citation_hit=True, latencies={"total": 1.0}),
    _q("b", "factoid", True, False, hit1=False, hit5=True, rr10=1 / 3, keyword_recall=None,
       citation_precision=0.5, citation_hit=True, latencies={"total": 2.0}),
    _q("c", "list", True, True, hit1=False, hit5=False, rr10=0.0, keyword_recall=0.0,
       citation_precision=None, citation_hit=False, latencies={"total": 3.0}),
    _q("d", "list", True, False, hit1=False, hit5=False, rr10=0.0, keyword_recall=0.5,
       citation_precision=0.0, citation_hit=False, latencies={"total": 4.0}),
    _q("u1", "unanswerable", False, True, latencies={"total": 0.5}),
    _q("u2", "unanswerable", False, False, latencies={"total": 0.5}),
]


def test_refusal_rates() -> None:
    assert refusal_rate(SCORES) == 0.5
    assert false_refusal_rate(SCORES) == 0.25
    assert refusal_rate(SCORES[:4]) is None


def test_percentile_interpolates_linearly() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_summarize_leaves_undefined_metrics_out_of_the_mean() -> None:
    s = summarize(SCORES)
    assert s["n"] == 6
    assert s["hit@1"] == 0.25  # over the 4 answerable questions, not the 6
    assert s["hit@5"] == 0.5
    assert s["mrr@10"] == pytest.approx((1 + 1 / 3) / 4)
    assert s["keyword_recall"] == 0.5  # b has no keywords: (1 + 0 + 0.5) / 3
    assert s["citation_precision"] == 0.5  # c cited nothing: (1 + 0.5 + 0) / 3
    assert s["citation_recall"] == 0.5
    assert s["refusal_rate"] == 0.5 and s["false_refusal_rate"] == 0.25
    assert s["char_f1"] is None and s["ctx@1000"] is None
    assert s["em"] is None and s["f1"] is None and s["auroc"] is None
    assert s["latency.total.p50"] == 1.5
    assert s["latency.total.p95"] == pytest.approx(3.75)


def test_summarize_scores_short_answers_and_the_decision() -> None:
    scores = [
        _q("a", "factoid", True, False, em=True, f1=1.0, contains_gold=True, decision_score=0.9),
        _q("b", "factoid", True, False, em=False, f1=0.5, contains_gold=True, decision_score=0.4),
        _q("c", "factoid", True, False),  # no gold short answer, no score
        _q("u", "unanswerable", False, True, decision_score=0.5),
    ]
    s = summarize(scores)
    assert (s["em"], s["f1"], s["contains_gold"]) == (0.5, 0.75, 1.0)
    assert s["auroc"] == 0.5  # 0.9 above 0.5, 0.4 below it


def test_summarize_by_type() -> None:
    by_type = summarize_by_type(SCORES)
    assert list(by_type) == ["all", "factoid", "list", "unanswerable"]
    assert by_type["factoid"]["hit@5"] == 1.0
    assert by_type["list"]["false_refusal_rate"] == 0.5
    assert by_type["unanswerable"]["hit@5"] is None
    assert by_type["unanswerable"]["refusal_rate"] == 0.5
    assert by_type["factoid"]["refusal_rate"] is None


# --- short answers: CMRC 2018's EM and F1 --------------------------------------------------


def test_mixed_units_count_each_chinese_character_and_each_latin_or_number_run() -> None:
    assert mixed_units("iPhone 14于2022年9月发布，售价5999元。") == [
        "iphone", "14", "于", "2022", "年", "9", "月", "发", "布", "售", "价", "5999", "元"
    ]
    assert mixed_units("體長可達23.7公分") == ["體", "長", "可", "達", "23.7", "公", "分"]
    assert mixed_units("《三体》——刘慈欣") == ["三", "体", "—", "—", "刘", "慈", "欣"]  # — is not on CMRC's list


def test_span_f1_takes_the_longest_common_run_of_units() -> None:
    # 4 units shared of 4 predicted and 6 gold: P 1, R 2/3.
    assert span_f1("2022年9月", ["2022年9月7日"]) == pytest.approx(0.8)
    # A Latin word is one unit: all or nothing. P 1/3, R 1.
    assert span_f1("Apple公司", ["apple"]) == pytest.approx(0.5)
    assert span_f1("app", ["apple"]) == 0.0
    # Contiguous, not a bag: 北大 shares one unit in a row with 北京大学. P 1/4, R 1/2.
    assert span_f1("北京大学", ["北大"]) == pytest.approx(1 / 3)
    # A number is one unit: 5999 is not 599, so only 售价 runs in common. P 2/4, R 2/4.
    assert span_f1("售价5999元", ["售价599元"]) == pytest.approx(0.5)


def test_span_f1_is_the_best_over_the_gold_answers_and_zero_without_any() -> None:
    assert span_f1("刘慈欣", ["作家刘慈欣", "刘慈欣"]) == 1.0
    assert span_f1("刘慈欣", ["作家刘慈欣"]) == pytest.approx(2 * 1 * 0.6 / 1.6)
    assert span_f1("刘慈欣", []) == 0.0
    assert span_f1("", ["刘慈欣"]) == 0.0


def test_exact_match_ignores_case_the_listed_punctuation_and_outer_space() -> None:
    assert exact_match("《三体》", ["三体"])
    assert exact_match(" Liu Cixin ", ["liu cixin"])
    assert exact_match("2022年", ["二〇二二年", "2022年"])
    assert not exact_match("2022年", ["2022年9月"])
    assert not exact_match("liu  cixin", ["liu cixin"])  # inner space is kept, as in CMRC's script
    assert not exact_match("三体", [])


def test_contains_gold_folds_script_and_strips_markers() -> None:
    assert contains_gold("體長可達23.7公分[1]。", ["体长可达23.7公分"])
    assert not contains_gold("体长可达23公分[1]", ["23.7公分"])
    assert not contains_gold("三体", [])


# --- the refusal decision ------------------------------------------------------------------


def test_auroc_counts_ties_half() -> None:
    # Of 6 (answerable, unanswerable) pairs, 4 are ordered right and one is tied.
    assert auroc([0.9, 0.5, 0.4], [0.5, 0.1]) == pytest.approx(4.5 / 6)
    assert auroc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auroc([0.1], [0.9]) == 0.0
    assert auroc([0.5], []) is None


def test_refusal_curve_refuses_below_each_threshold() -> None:
    assert refusal_curve([0.9, 0.5], [0.2]) == [
        CurvePoint(0.2, 0.0, 0.0),
        CurvePoint(0.5, 1.0, 0.0),
        CurvePoint(0.9, 1.0, 0.5),
        CurvePoint(pytest.approx(0.9), 1.0, 1.0),
    ]
    assert refusal_curve([0.4], []) == [CurvePoint(0.4, None, 0.0), CurvePoint(pytest.approx(0.4), None, 1.0)]


def test_a_score_of_minus_infinity_is_refused_at_every_cut_and_adds_none() -> None:
    assert refusal_curve([0.9], [-math.inf, 0.2]) == [
        CurvePoint(0.2, 0.5, 0.0),
        CurvePoint(0.9, 1.0, 0.0),
        CurvePoint(pytest.approx(0.9), 1.0, 1.0),
    ]
    assert auroc([0.9, -math.inf], [-math.inf, 0.2]) == pytest.approx(2.5 / 4)


def test_curve_points_within_a_false_refusal_level() -> None:
    curve = refusal_curve([0.9, 0.5], [0.2, 0.6])
    assert refusal_at([0.9, 0.5], [0.2, 0.6], 0.55) == CurvePoint(0.55, 0.5, 0.5)
    assert within_false_refusal(curve, 0.0) == CurvePoint(0.5, 0.5, 0.0)
    assert within_false_refusal(curve, 0.5) == CurvePoint(0.9, 1.0, 0.5)
    assert within_false_refusal([], 0.1) is None

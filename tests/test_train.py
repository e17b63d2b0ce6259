"""The refusal thresholds `rag train` picks (eval/train.py), on tiny exact examples."""

from __future__ import annotations

import numpy as np

from eval.train import MAX_SENTENCE_FALSE_REFUSAL, threshold_for


def _scores(answerable: int, unanswerable: int) -> tuple[np.ndarray, np.ndarray]:
    """Answerable questions scoring 0.10, 0.11, … and unanswerable ones scoring 0.001, 0.002, …"""
    p = np.concatenate([0.10 + 0.01 * np.arange(answerable), 0.001 * (1 + np.arange(unanswerable))])
    return p, np.arange(answerable + unanswerable) < answerable


def test_no_false_refusal_cuts_at_the_lowest_answerable_score() -> None:
    p, answerable = _scores(200, 50)
    assert threshold_for(p, answerable, 0.0) == 0.10  # refusing p < 0.10 refuses no answerable one


def test_the_sentence_rule_lets_one_answerable_question_in_200_fall_under_its_cut() -> None:
    # Under the lowest, one outlier question set the cut and moved it with any upstream change;
    # the second lowest of 200 (or more) holds steady.
    p, answerable = _scores(200, 50)
    assert threshold_for(p, answerable, MAX_SENTENCE_FALSE_REFUSAL) == 0.11
    # Fewer than 200: none may fall under, as before.
    p, answerable = _scores(150, 50)
    assert threshold_for(p, answerable, MAX_SENTENCE_FALSE_REFUSAL) == 0.10


def test_nothing_answerable_refuses_everything() -> None:
    assert threshold_for(np.array([0.2, 0.3]), np.array([False, False]), 0.025) == 1.0

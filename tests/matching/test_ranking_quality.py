"""Ranking quality on the hand-labelled set (bench/matching_data/labelled.py): nDCG@10."""

from __future__ import annotations

import pytest

from bench.matching_data.labelled import NEEDS, OFFERS
from bench.matching_data.quality import evaluate, ndcg

#: The target of the issue, and a floor per need so that one need cannot hide behind the mean.
TARGET, FLOOR = 0.85, 0.6


def test_our_ranking_beats_the_target_and_the_naive_baseline():
    quality = evaluate()
    assert quality.ours >= TARGET, quality.per_need
    assert quality.ours > quality.baseline
    worst = min(quality.per_need.items(), key=lambda item: item[1][0])
    assert worst[1][0] >= FLOOR, worst


def test_the_labelled_set_has_its_size_and_graded_offers_for_every_need():
    assert len(NEEDS) == 15
    assert len(OFFERS) >= 150
    for need in NEEDS:
        grades = [offer.grades[need.key] for offer in OFFERS if need.key in offer.grades]
        assert max(grades) == 3
        assert len(grades) >= 3
    keys = {need.key for need in NEEDS}
    assert all(set(offer.grades) <= keys for offer in OFFERS)


@pytest.mark.parametrize(
    ("ranked", "relevant", "expected"),
    [
        ([3, 2, 1], [3, 2, 1], 1.0),
        ([0, 0, 0], [3], 0.0),
        ([], [], 1.0),
        ([1, 3], [3, 1], (1 + 7 / 1.584962500721156) / (7 + 1 / 1.584962500721156)),
    ],
)
def test_ndcg(ranked, relevant, expected):
    assert ndcg(ranked, relevant) == pytest.approx(expected)


def test_ndcg_counts_only_the_first_k():
    assert ndcg([0, 3], [3], k=1) == 0.0

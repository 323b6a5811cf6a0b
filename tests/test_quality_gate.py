"""Extraction quality may not fall below pinned floors on the gold set (like trafilatura's
eval gate). Raise a floor when the extractor improves; never lower one to make a change pass."""
from __future__ import annotations

import pytest

from corpus.evaluate import evaluate, load_gold, load_relevance

FLOORS = {"officials": 0.95, "task_reports": 0.90, "rankings": 0.95, "directives": 0.85}


@pytest.fixture(scope="module")
def report():
    return evaluate(load_gold(), load_relevance())


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_overall_f1_stays_above_its_floor(report, field):
    assert report["scores"][(field, "all")].f1 >= FLOORS[field]


def test_meeting_province_accuracy_stays_above_its_floor(report):
    ok, n = report["province"]["all"]
    assert n >= 20 and ok / n >= 0.95


def test_meeting_report_judgement_keeps_precision_and_recall(report):
    rel = report["relevance"]
    assert rel.fp + rel.tp >= 40 and rel.precision >= 0.95 and rel.recall >= 0.95
    assert len(load_relevance()) >= 15  # the labelled non-reports are really there

"""Is this article a report of a Resolution 57 steering-committee meeting?

A logistic-regression model trained with scikit-learn (``meetings train-relevance``) on the labelled
articles under ``corpus/gold``. Its inputs are language-independent signals measured with each
language's own cue words (``lang/<xx>/meeting.yml``) and the other extractors' findings, so one
model serves all four languages. The trained weights ship as data (``data/relevance_model.yml``):
readable, diffable, and applied here without scikit-learn or pickles.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from extract.article import Article
from extract.langpack import load_data, load_pack

FEATURES = ("committee", "meeting", "topic", "resolution", "all_cues", "lead_committee", "lead_meeting",
            "chair", "officials", "directives", "task_reports", "rankings", "date")
_LEAD_CHARS = 400


def _rx(words: list[str]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})" if words else r"(?!x)x", re.I)


@lru_cache(maxsize=None)
def _cues(lang: str) -> dict[str, re.Pattern]:
    m = load_pack(lang)["meeting"]
    return {k: _rx(m.get(k, [])) for k in ("committee", "meeting", "topic", "resolution")}


def _capped(n: int, cap: int) -> float:
    return min(n, cap) / cap


def features(text: str, lang: str, title: str | None, found: dict[str, Any]) -> dict[str, float]:
    """Signals in [0, 1]. ``found`` holds the other stages' results: officials, directives,
    task_reports, rankings (lists) and date (str or None)."""
    cues = _cues(lang)
    lead = (title or "") + "\n" + text[:_LEAD_CHARS]
    counts = {k: len(rx.findall(text)) for k, rx in cues.items()}
    return {
        "committee": _capped(counts["committee"], 3),
        "meeting": _capped(counts["meeting"], 3),
        "topic": _capped(counts["topic"], 3),
        "resolution": float(counts["resolution"] > 0),
        "all_cues": float(all(counts[k] for k in ("committee", "meeting", "topic"))),
        "lead_committee": float(bool(cues["committee"].search(lead))),
        "lead_meeting": float(bool(cues["meeting"].search(lead))),
        "chair": float(any(o.get("role") == "chair" for o in found.get("officials", []))),
        "officials": _capped(len(found.get("officials", [])), 5),
        "directives": _capped(len(found.get("directives", [])), 5),
        "task_reports": _capped(len(found.get("task_reports", [])), 3),
        "rankings": _capped(len(found.get("rankings", [])), 2),
        "date": float(bool(found.get("date"))),
    }


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """The shipped weights: {"intercept": b, "weights": {feature: w}, "threshold": t, ...}."""
    m = load_data("relevance_model")
    missing = set(FEATURES) - set(m["weights"])
    if missing:
        raise ValueError(f"relevance model lacks weights for {sorted(missing)}; run meetings train-relevance")
    return m


def probability(feats: dict[str, float], weights: dict[str, Any] | None = None) -> float:
    m = weights or model()
    z = m["intercept"] + sum(m["weights"][k] * feats[k] for k in FEATURES)
    return 1.0 / (1.0 + math.exp(-z))


def judge(art: Article, found: dict[str, Any]) -> tuple[bool, float]:
    """(is a meeting report, probability rounded to 2 places)."""
    p = probability(features(art.text, art.lang, art.title, found))
    return p >= model().get("threshold", 0.5), round(p, 2)

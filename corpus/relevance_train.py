"""Train the meeting-report relevance model from the labelled articles kept in the repo.

Reports: every gold file (``corpus/gold/*.json``). Non-reports: ``corpus/gold/relevance/*.yml``.
A fixed quarter of them, chosen by a hash of the id (so adding an article never reshuffles the
rest), is held out: the shipped model never sees it, and ``meetings eval`` scores on it.
The weights are written as YAML into ``extract/data/relevance_model.yml``, where the extractor
applies them without scikit-learn.
"""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import yaml

from extract import extract
from extract.relevance import FEATURES, features

MODEL_PATH = Path(__file__).resolve().parents[1] / "extract" / "data" / "relevance_model.yml"
HELD_OUT_BUCKETS = 4   # one bucket in four is held out
C = 1.0                # inverse regularisation strength of the logistic regression


def held_out(item_id: str) -> bool:
    return zlib.crc32(item_id.encode("utf-8")) % HELD_OUT_BUCKETS == 0


def labelled(gold: list[dict[str, Any]], negatives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One list of {id, lang, text, url, is_report}: gold files are reports."""
    items = [{"id": g["id"], "lang": g.get("lang", "auto"), "text": g["text"], "url": g.get("url"),
              "is_report": True} for g in gold]
    return items + [{"id": n["id"], "lang": n.get("lang", "auto"), "text": n["text"], "url": n.get("url"),
                     "is_report": bool(n.get("is_report", False))} for n in negatives]


def feature_vector(item: dict[str, Any]) -> list[float]:
    """The model's inputs for one article, as the extractor computes them."""
    result = extract(item["text"], item["lang"], url=item.get("url"))
    found = {k: result[k] for k in ("officials", "directives", "task_reports", "rankings")}
    found["date"] = result["meeting"]["date"]
    feats = features(result["text"], result["language"], None, found)
    return [feats[k] for k in FEATURES]


def train(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Fit on the items not held out; return the model as plain data."""
    from sklearn.linear_model import LogisticRegression

    train_items = [i for i in items if not held_out(i["id"])]
    X = [feature_vector(i) for i in train_items]
    y = [int(i["is_report"]) for i in train_items]
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit(X, y)
    return {
        "trained_on": {"reports": sum(y), "non_reports": len(y) - sum(y),
                       "held_out": len(items) - len(train_items)},
        "threshold": 0.5,
        "intercept": round(float(clf.intercept_[0]), 4),
        "weights": {k: round(float(w), 4) for k, w in zip(FEATURES, clf.coef_[0])},
    }


def write_model(model: dict[str, Any], path: Path = MODEL_PATH) -> None:
    head = ("# Meeting-report relevance model: logistic regression trained by `meetings train-relevance`\n"
            "# (corpus/relevance_train.py) on the labelled articles in corpus/gold. Do not edit by hand.\n")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(head + yaml.safe_dump(model, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tmp.replace(path)

"""Score the extractor against the hand-annotated gold set, as GOLD.md prescribes.

Officials match one to one on folded names (inflection allowed); task reports as (metric, value)
facts; rankings as (rank, out_of) pairs; directives by word bigrams (60% either way), so how
sentences were cut does not matter; meeting province as accuracy.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.errors import CorpusError
from extract import extract
from extract.person_key import person_key
from corpus.relevance_train import held_out

GOLD_DIR = Path(__file__).resolve().parent / "gold"
TASK_METRICS = ("total", "completed", "completed_on_time", "completed_late", "in_progress", "not_started",
                "overdue", "completed_percent")
FIELDS = ("officials", "task_reports", "rankings", "directives")


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", (s or "").lower().replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(folder: Path = GOLD_DIR) -> list[dict[str, Any]]:
    files = sorted(folder.glob("*.json"))
    if not files:
        raise CorpusError(f"no gold files (*.json) in {folder}")
    items = []
    for path in files:
        try:
            item = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path.name}: not valid JSON ({exc})") from None
        ref = item.get("text_file")
        if "text" not in item and ref:
            raw = (folder / ref).read_text(encoding="utf-8")
            item["text"] = json.loads(raw)["text"] if ref.endswith(".json") else raw
        if "text" not in item or "gold" not in item:
            raise CorpusError(f"{path.name}: a gold file needs 'text' (or 'text_file') and 'gold'")
        items.append(item)
    return items


def _same_person(g: str, p: str) -> bool:
    if fold(g) == fold(p) or person_key(g) == person_key(p):
        return True
    gw, pw = fold(g).split(), fold(p).split()
    if len(gw) != len(pw) or gw[:-1] != pw[:-1]:
        return False
    a, b = sorted((gw[-1], pw[-1]), key=len)
    return b.startswith(a[:-1]) and len(b) - len(a) <= 2  # "леня" ~ "лень"


def score_officials(gold: list[dict], pred: list[dict]) -> Score:
    s, left = Score(), [p["name"] for p in pred]
    for g in gold:
        hit = next((p for p in left if _same_person(g["name"], p)), None)
        if hit is None:
            s.fn += 1
            s.misses.append(f"missed official {g['name']}")
        else:
            s.tp += 1
            left.remove(hit)
    s.fp += len(left)
    s.misses += [f"extra official {p}" for p in left]
    return s


def _facts(items: list[dict], keys) -> Counter:
    return Counter(keys(it) for it in items)


def score_multiset(gold: Counter, pred: Counter, what: str) -> Score:
    s = Score(tp=sum((gold & pred).values()), fn=sum((gold - pred).values()), fp=sum((pred - gold).values()))
    s.misses += [f"missed {what} {k}" for k in (gold - pred).elements()]
    s.misses += [f"extra {what} {k}" for k in (pred - gold).elements()]
    return s


def _task_facts(reports: list[dict]) -> Counter:
    return Counter((m, float(r[m])) for r in reports for m in TASK_METRICS if r.get(m) is not None)


def _bigrams(text: str) -> set[tuple[str, str]]:
    w = fold(text).split()
    return set(zip(w, w[1:]))


def score_directives(gold: list[dict], pred: list[dict], threshold: float = 0.6) -> Score:
    s = Score()
    gb = [_bigrams(g["text"]) for g in gold]
    pb = [_bigrams(p["text"]) for p in pred]
    all_gold = set().union(*gb) if gb else set()
    for g, bg in zip(gold, gb):
        if bg and any(len(bg & b) / len(bg) >= threshold for b in pb):
            s.tp += 1
        else:
            s.fn += 1
            s.misses.append(f"missed directive: {g['text'][:100]}")
    for p, b in zip(pred, pb):
        if b and len(b & all_gold) / len(b) < threshold:
            s.fp += 1
            s.misses.append(f"extra directive: {p['text'][:100]}")
    return s


def load_relevance(folder: Path = GOLD_DIR) -> list[dict[str, Any]]:
    """Labelled non-reports (``relevance/*.yml``); every gold file is a labelled report."""
    import yaml

    out = []
    for path in sorted((folder / "relevance").glob("*.yml")):
        out += [{**item, "is_report": item.get("is_report", False)} for item in yaml.safe_load(path.read_text("utf-8"))]
    return out


def evaluate(items: list[dict[str, Any]], negatives: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Scores per (field, language) and overall, province accuracy, and the meeting-report
    judgement's precision and recall (gold files are reports; ``negatives`` are not)."""
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    province: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    relevance, held = Score(), Score()   # all labelled articles; the quarter the model never saw

    def judged(item_id: str, truth: bool, said: bool) -> None:
        for sc in (relevance, held) if held_out(item_id) else (relevance,):
            sc.tp += truth and said
            sc.fp += said and not truth
            sc.fn += truth and not said
        if truth != said:
            relevance.misses.append(f"[{item_id}] " + ("not taken for" if truth else "taken for") + " a meeting report")

    for neg in negatives or []:
        said = extract(neg["text"], neg.get("lang", "auto"))["meeting"]["is_report"]
        judged(neg["id"], bool(neg.get("is_report", False)), said)
    for item in items:
        lang = item.get("lang", "auto")
        result = extract(item["text"], lang, url=item.get("url"))
        judged(item["id"], True, result["meeting"]["is_report"])
        lang = result["language"]
        gold = item["gold"]
        fields = item.get("fields") or list(FIELDS) + ["province"]
        per = {
            "officials": lambda: score_officials(gold.get("officials", []), result["officials"]),
            "task_reports": lambda: score_multiset(_task_facts(gold.get("task_reports", [])),
                                                   _task_facts(result["task_reports"]), "task fact"),
            "rankings": lambda: score_multiset(_facts(gold.get("rankings", []), lambda r: (r["rank"], r.get("out_of"))),
                                               _facts(result["rankings"], lambda r: (r["rank"], r.get("out_of"))),
                                               "ranking"),
            "directives": lambda: score_directives(gold.get("directives", []), result["directives"]),
        }
        for name in FIELDS:
            if name in fields:
                sc = per[name]()
                sc.misses = [f"[{item['id']}] {m}" for m in sc.misses]
                scores[(name, lang)].add(sc)
                scores[(name, "all")].add(sc)
        if "province" in fields and gold.get("province"):
            got = ((result["meeting"] or {}).get("province") or {}).get("name")
            ok = fold(got or "") == fold(gold["province"])
            for key in (lang, "all"):
                province[key][0] += ok
                province[key][1] += 1
            if not ok:
                scores[("officials", lang)].misses.append(f"[{item['id']}] province {got!r} != {gold['province']!r}")
    return {"scores": dict(scores), "province": dict(province), "relevance": relevance,
            "relevance_held_out": held}


def format_report(report: dict[str, Any], show_misses: bool = False) -> str:
    def pct(x):
        return "   -  " if x is None else f"{x:6.3f}"
    lines = [f"{'field':<14}{'lang':<6}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for (name, lang), s in sorted(report["scores"].items(), key=lambda kv: (FIELDS.index(kv[0][0]), kv[0][1] == "all", kv[0][1])):
        lines.append(f"{name:<14}{lang:<6}{pct(s.precision)} {pct(s.recall)} {pct(s.f1)}{s.tp + s.fn:>6}{s.tp + s.fp:>6}")
    for lang, (ok, n) in sorted(report["province"].items(), key=lambda kv: (kv[0] == "all", kv[0])):
        lines.append(f"{'province':<14}{lang:<6}{'accuracy':>14} {ok / n:6.3f}{n:>6}")
    rel = report.get("relevance")
    if rel is not None and rel.tp + rel.fp + rel.fn:
        lines.append(f"{'relevance':<14}{'all':<6}{pct(rel.precision)} {pct(rel.recall)} {pct(rel.f1)}"
                     f"{rel.tp + rel.fn:>6}{rel.tp + rel.fp:>6}")
    ho = report.get("relevance_held_out")
    if ho is not None and ho.tp + ho.fp + ho.fn:
        lines.append(f"{'relevance':<14}{'held':<6}{pct(ho.precision)} {pct(ho.recall)} {pct(ho.f1)}"
                     f"{ho.tp + ho.fn:>6}{ho.tp + ho.fp:>6}")
    if show_misses:
        lines.append("")
        for (name, lang), s in sorted(report["scores"].items()):
            if lang != "all":
                lines += s.misses
        if rel is not None:
            lines += rel.misses
    return "\n".join(lines)

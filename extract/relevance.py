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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extract.article import Article, Sentence
from extract.langpack import load_data, load_pack
from extract.regex_gates import DIGIT, Gated, case_traps, gate_pattern, trapped

FEATURES = ("committee", "meeting", "topic", "resolution", "all_cues", "lead_committee", "lead_meeting",
            "chair", "officials", "directives", "task_reports", "rankings", "date")
_LEAD_CHARS = 400
# the cue lists of meeting.yml looked for over a whole text (here and in extract/meeting.py)
CUE_KINDS = ("committee", "meeting", "topic", "resolution", "central", "government", "provincial",
             "commune", "bridge", "province_cues")


def _rx(words: list[str]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})" if words else r"(?!x)x", re.I)


@dataclass(frozen=True)
class Cues:
    """One language's cue patterns, each with the words one of which opens every match
    (extract/regex_gates.py), and the characters that make those words untrustworthy."""

    gated: dict[str, Gated]
    traps: str
    prefixes: dict[str, tuple[str, ...]]  # opening word -> the other opening words it starts with, longest first


def _gated(rx: re.Pattern) -> Gated:
    """``rx`` with its gates. The rankings leave out opening words shorter than three letters
    ("57", "ПК") as too common in sentences; a cue is looked for once per text, where such words
    stand a few times only, so they are kept here."""
    return gate_pattern(rx, shortest_opening=1)


@lru_cache(maxsize=None)
def cues(lang: str) -> Cues:
    m = load_pack(lang)["meeting"]
    gated = {k: _gated(_rx(m.get(k, []))) for k in CUE_KINDS}
    words = {w for g in gated.values() for w in g.starts or () if w is not DIGIT}
    prefixes = {w: tuple(sorted((v for v in words if v != w and w.startswith(v)), key=len, reverse=True)) for w in words}
    return Cues(gated, case_traps("".join(sorted({c for g in gated.values() for w in g.words() for c in w}))), prefixes)


class CueText:
    """A text's cue matches, found only where a cue's opening words stand: the text is lowered
    once and each cue tried at those places, not at every character of the text."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.cues = cues(lang)
        low = None if trapped(text, self.cues.traps) else text.lower()
        self.low = low if low is not None and len(low) == len(text) else None
        self._places: dict[str, list[int] | None] = {}
        self._words: dict[str, list[int]] = {}

    def rx(self, kind: str) -> re.Pattern:
        return self.cues.gated[kind].rx

    def places(self, kind: str) -> list[int] | None:
        """Sorted offsets where a match of the cue may open (None: anywhere)."""
        if kind not in self._places:
            g = self.cues.gated[kind]
            if g.starts is None or self.low is None:
                self._places[kind] = None
            elif len(g.starts) == 1 and g.starts[0] is not DIGIT:
                self._places[kind] = self._at(g.starts[0])
            else:
                at: set[int] = set()
                for w in g.starts:
                    if w is DIGIT:
                        at.update(m.start() for m in DIGIT.rx.finditer(self.text))
                    else:
                        at.update(self._at(w))
                self._places[kind] = sorted(at)
        return self._places[kind]

    def _at(self, word: str) -> list[int]:
        """Offsets of ``word`` in the lowered text, overlapping ones too. Where a shorter opening
        word it starts with was looked up already ("ban chỉ đạo" for "ban chỉ đạo tỉnh"), only
        its offsets are checked."""
        at = self._words.get(word)
        if at is None:
            low = self.low
            for v in self.cues.prefixes[word]:
                seen = self._words.get(v)
                if seen is not None:
                    at = [q for q in seen if low.startswith(word, q)]
                    break
            else:
                at = []
                q = low.find(word)
                while q >= 0:
                    at.append(q)
                    q = low.find(word, q + 1)
            self._words[word] = at
        return at

    def count(self, kind: str, cap: int | None = None) -> int:
        """``len(rx.findall(text))``, or ``min(that, cap)``: matches never overlap, the next is
        looked for where one ends, so the first ``cap`` of them are found from the left."""
        places, rx = self.places(kind), self.rx(kind)
        if places is None:
            n = len(rx.findall(self.text))
            return n if cap is None else min(n, cap)
        text = self.text
        n = end = 0
        for q in places:
            if q >= end:
                m = rx.match(text, q)
                if m:
                    n += 1
                    if n == cap:
                        break
                    end = m.end()
        return n

    def found(self, kind: str) -> bool:
        """``bool(rx.search(text))``."""
        if kind not in self._places:   # a yes or no: no need to merge and sort the places first
            return _search(self.cues.gated[kind], self.text, self.low)
        places, rx = self.places(kind), self.rx(kind)
        if places is None:
            return rx.search(self.text) is not None
        text = self.text
        return any(rx.match(text, q) for q in places)

    def found_in(self, kind: str, start: int, end: int, part: str | None = None) -> bool:
        """``bool(rx.search(part))`` for ``part = text[start:end]`` searched on its own (a
        sentence): a match can open only at a place of the cue inside it."""
        places, rx = self.places(kind), self.rx(kind)
        part = self.text[start:end] if part is None else part
        if places is None:
            return rx.search(part) is not None
        i = bisect_left(places, start)
        while i < len(places) and places[i] < end:
            if rx.match(part, places[i] - start):
                return True
            i += 1
        return False

    def finditer_in(self, kind: str, sentences: list[Sentence]) -> list[tuple[Sentence, re.Match]]:
        """``[(s, m) for s in sentences for m in rx.finditer(s.text)]``, for sentences in text
        order and apart (as extract/nlp.py makes them): tried only at the cue's places."""
        places, rx = self.places(kind), self.rx(kind)
        if places is None:
            return [(s, m) for s in sentences for m in rx.finditer(s.text)]
        starts = [s.start for s in sentences]
        out: list[tuple[Sentence, re.Match]] = []
        current, end = -1, 0
        for q in places:
            i = bisect_right(starts, q) - 1
            if i < 0 or q >= sentences[i].end:
                continue
            if i != current:
                current, end = i, 0  # finditer in a new sentence
            sent = sentences[i]
            if q - sent.start >= end:
                m = rx.match(sent.text, q - sent.start)
                if m:
                    out.append((sent, m))
                    end = m.end()
        return out

    def lead_low(self, title: str | None) -> str | None:
        """The lead (title, a line break, the text's first _LEAD_CHARS) lowered, when the
        lowercase gates hold for it; None otherwise."""
        title = title or ""
        if self.low is None or trapped(title, self.cues.traps):
            return None
        return title.lower() + "\n" + self.low[:_LEAD_CHARS]   # Gated.finditer checks the length


@lru_cache(maxsize=8)
def cue_text(text: str, lang: str) -> CueText:
    """One CueText per text: the relevance features and the meeting facts ask about the same one."""
    return CueText(text, lang)


def _search(g: Gated, text: str, low: str | None) -> bool:
    """``bool(g.rx.search(text))`` (``low``: ``text`` lowered, None if the gates do not hold):
    a yes or no, so each opening word's offsets are tried in turn, not merged and sorted first."""
    rx = g.rx
    if g.starts is None or low is None or len(low) != len(text):
        return rx.search(text) is not None
    for w in g.starts:
        if w is DIGIT:
            if any(rx.match(text, m.start()) for m in DIGIT.rx.finditer(text)):
                return True
            continue
        q = low.find(w)
        while q >= 0:
            if rx.match(text, q):
                return True
            q = low.find(w, q + 1)
    return False


def _capped(n: int, cap: int) -> float:
    return min(n, cap) / cap


def features(text: str, lang: str, title: str | None, found: dict[str, Any]) -> dict[str, float]:
    """Signals in [0, 1]. ``found`` holds the other stages' results: officials, directives,
    task_reports, rankings (lists) and date (str or None)."""
    scan = cue_text(text, lang)
    lead = (title or "") + "\n" + text[:_LEAD_CHARS]
    lead_low = scan.lead_low(title)
    # the signals read the counts only up to their caps
    counts = {k: scan.count(k, cap) for k, cap in (("committee", 3), ("meeting", 3), ("topic", 3), ("resolution", 1))}
    return {
        "committee": _capped(counts["committee"], 3),
        "meeting": _capped(counts["meeting"], 3),
        "topic": _capped(counts["topic"], 3),
        "resolution": float(counts["resolution"] > 0),
        "all_cues": float(all(counts[k] for k in ("committee", "meeting", "topic"))),
        "lead_committee": float(_search(scan.cues.gated["committee"], lead, lead_low)),
        "lead_meeting": float(_search(scan.cues.gated["meeting"], lead, lead_low)),
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

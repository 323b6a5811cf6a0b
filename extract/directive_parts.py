"""Who gave an instruction, to whom, and by when: the parts of one directive sentence.

Kept apart from ``directives.py`` (which decides which sentences are instructions) because
resolving the issuer depends on the officials stage's output, and addressees and deadlines are
plain phrase matching; each can change without touching the other.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from extract.written_dates import parse_date

_SPLIT_ADDR = re.compile(r"\s*(?:,|;)\s*|\s+(?:и|и\s+с|та|і|và|and)\s+(?=[A-ZА-ЯЁІЇЄҐĐ])")


def addressee_splitter(heads: str | None) -> re.Pattern:
    """Commas always separate addressees; "and"/"và"/"и" only when an organisation's head word
    follows, so "Sở Khoa học và Công nghệ" or "Department of Science and Technology" stay whole."""
    if not heads:
        return _SPLIT_ADDR
    return re.compile(rf"\s*(?:,|;)\s*|\s+(?:и|и\s+с|та|і|và|and)\s+(?=(?:{heads})\b)")


def name_patterns(officials: list[dict[str, Any]]) -> list[tuple[dict[str, Any], re.Pattern]]:
    """One pattern per official that also finds inflected forms ("Хау А Леня" for "Хау А Лень")."""
    out = []
    for o in officials:
        tokens = (o.get("name") or "").split()
        if not tokens:
            continue
        last = tokens[-1]
        stem = re.escape(last[:-1] if len(last) > 3 else last)
        head = "".join(re.escape(t) + r"\s+" for t in tokens[:-1])
        out.append((o, _compiled(rf"(?<!\w){head}{stem}\w*")))
    return out


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern:
    """The same officials recur across a province's reports; compiling is most of this stage's cost."""
    return re.compile(pattern, re.IGNORECASE)


def _mention_spans(o: dict[str, Any]) -> list[tuple[int, int]]:
    """Mentions as (start, end), whatever shape the officials stage gives them in."""
    spans = [(o["start"], o["end"])] if isinstance(o.get("start"), int) and isinstance(o.get("end"), int) else []
    for m in o.get("mentions") or []:
        if isinstance(m, dict) and isinstance(m.get("start"), int):
            spans.append((m["start"], m.get("end", m["start"])))
        elif isinstance(m, (list, tuple)) and len(m) >= 2 and all(isinstance(x, int) for x in m[:2]):
            spans.append((m[0], m[1]))
    return spans


def named_issuer(text: str, offset: int, upto: int, names: list[tuple[dict[str, Any], re.Pattern]]) -> str | None:
    """The official named last before position ``upto`` of the sentence ``text`` (at ``offset``)."""
    best: tuple[int, str] | None = None
    for o, rx in names:
        for m in rx.finditer(text, 0, upto):
            if best is None or m.start() > best[0]:
                best = (m.start(), o["name"])
        for s, _ in _mention_spans(o):
            if offset <= s < offset + upto and (best is None or s - offset > best[0]):
                best = (s - offset, o["name"])
    return best[1] if best else None


def titled_issuer(subject: str, officials: list[dict[str, Any]], title_keys: tuple[tuple[str, re.Pattern], ...],
                  deputy: re.Pattern | None = None) -> str | None:
    """The official meant by a title-only subject ("Генеральный секретарь поручил ..."); a deputy
    ("заместитель секретаря ...") does not hold the office his title names."""
    found: tuple[int, re.Pattern] | None = None
    for _, rx in title_keys:
        for m in rx.finditer(subject):
            if found is None or m.start() > found[0]:
                found = (m.start(), rx)
    if not found:
        return None
    rx = found[1]
    def holds(title: str) -> bool:
        m = rx.search(title)
        return bool(m) and not (deputy and deputy.search(title[: m.start()]))

    holders = [o for o in officials if any(holds(t) for t in (o.get("titles") or []))]
    if not holders:
        return None
    chairs = [o for o in holders if o.get("role") == "chair"]
    return (chairs or holders)[0]["name"]


def addressees(text: str, pos: int, lead: re.Pattern, stop: re.Pattern,
               split: re.Pattern = _SPLIT_ADDR) -> list[str]:
    """The verb's object as written, cut where the instructed action begins."""
    m = lead.match(text, pos)
    start = m.end() if m else pos
    # from the space before, so that a stop word right after the verb leaves no addressee
    end_m = stop.search(text, max(pos, start - 1), min(len(text), start + 220))
    if not end_m or end_m.start() < start:
        return []
    span = text[start:end_m.start()].strip(" ,")
    if len(span) < 2:
        return []
    parts = [p.strip(" ,") for p in split.split(span)]
    return [p for p in parts if 1 < len(p) <= 150]


def deadline(text: str, lang: str, rx: re.Pattern | None) -> str | None:
    """ISO date of a stated deadline, or the deadline as written when it is not a full date."""
    if rx is None:
        return None
    m = rx.search(text)
    if not m:
        return None
    return parse_date(m.group(0), lang) or m.group(0).strip()

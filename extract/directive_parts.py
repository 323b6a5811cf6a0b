"""Who gave an instruction, to whom, and by when: the parts of one directive sentence.

Kept apart from ``directives.py`` (which decides which sentences are instructions) because
resolving the issuer depends on the officials stage's output, and addressees and deadlines are
plain phrase matching; each can change without touching the other.

Both files search folded text (every character replaced by the first member of its
case-insensitive class, see ``case_folding.py``): officials' names are found in it with str.find rather than
a pattern compiled per official, and ``folded_gate`` derives from a phrase pattern a plain
lowercase one that tells cheaply which sentences cannot hold a match.
"""
from __future__ import annotations

import _sre
import re
from typing import Any

from extract.article import Sentence
from extract.case_folding import fold, without_cased
from extract.written_dates import parse_date

_SPLIT_ADDR = re.compile(r"\s*(?:,|;)\s*|\s+(?:и|и\s+с|та|і|và|and)\s+(?=[A-ZА-ЯЁІЇЄҐĐ])")


def addressee_splitter(heads: str | None) -> re.Pattern:
    """Commas always separate addressees; "and"/"và"/"и" only when an organisation's head word
    follows, so "Sở Khoa học và Công nghệ" or "Department of Science and Technology" stay whole."""
    if not heads:
        return _SPLIT_ADDR
    return re.compile(rf"\s*(?:,|;)\s*|\s+(?:и|и\s+с|та|і|và|and)\s+(?=(?:{heads})\b)")


# --- officials' names -------------------------------------------------------------------------------

def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"   # re's \w


class OfficialName:
    r"""An official's name as the pattern ``(?<!\w)Tok\s+Tok\s+Ste\w*`` (IGNORECASE) would find it,
    the last word cut by one letter so inflected forms count ("Хау А Леня" for "Хау А Лень"),
    matched by string comparison on folded text: no pattern is compiled per official."""

    __slots__ = ("official", "name", "words", "exact")

    def __init__(self, official: dict[str, Any], tokens: list[str]) -> None:
        self.official = official
        self.name = official["name"]
        last = tokens[-1]
        words = tokens[:-1] + [last[:-1] if len(last) > 3 else last]
        joined = " ".join(words)
        self.words = tuple(fold(joined).split(" "))   # folding keeps length and spaces
        # characters without case must match as written (folding may map another letter onto them)
        if without_cased(joined).isspace():
            self.exact: tuple[tuple[tuple[int, str], ...], ...] = ((),) * len(words)
        else:
            self.exact = tuple(tuple((i, c) for i, c in enumerate(w) if not _sre.unicode_iscased(ord(c)))
                               for w in words)

    def _end_at(self, text: str, folded: str, at: int, endpos: int) -> int:
        """Where the name matched at ``at`` ends (its last word runs on through word characters),
        or -1 when it does not match there; nothing at or after ``endpos`` is looked at."""
        if at and _is_word(text[at - 1]):
            return -1
        i = at
        last = len(self.words) - 1
        for k, word in enumerate(self.words):
            if not folded.startswith(word, i, endpos):
                return -1
            for j, c in self.exact[k]:
                if text[i + j] != c:
                    return -1
            i += len(word)
            if k < last:
                j = i
                while j < endpos and text[j].isspace():
                    j += 1
                if j == i:
                    return -1
                i = j
        while i < endpos and _is_word(text[i]):
            i += 1
        return i

    def first(self, text: str, folded: str, before: int) -> int | None:
        """Start of the first match in ``text`` (``folded`` is fold(text)), as re.search gives it,
        when that is before offset ``before``."""
        first = self.words[0]
        at = folded.find(first)
        while 0 <= at < before:
            if self._end_at(text, folded, at, len(text)) >= 0:
                return at
            at = folded.find(first, at + 1)
        return None

    def last(self, text: str, folded: str, endpos: int) -> int | None:
        """Start of the last of the non-overlapping matches re.finditer(text, 0, endpos) gives."""
        first = self.words[0]
        found = None
        at = folded.find(first, 0, endpos)
        while at >= 0:
            end = self._end_at(text, folded, at, endpos)
            if end >= 0:
                found, at = at, folded.find(first, end, endpos)
            else:
                at = folded.find(first, at + 1, endpos)
        return found


def _mention_spans(o: dict[str, Any]) -> list[tuple[int, int]]:
    """Mentions as (start, end), whatever shape the officials stage gives them in."""
    spans = [(o["start"], o["end"])] if isinstance(o.get("start"), int) and isinstance(o.get("end"), int) else []
    for m in o.get("mentions") or []:
        if isinstance(m, dict) and isinstance(m.get("start"), int):
            spans.append((m["start"], m.get("end", m["start"])))
        elif isinstance(m, (list, tuple)) and len(m) >= 2 and all(isinstance(x, int) for x in m[:2]):
            spans.append((m[0], m[1]))
    return spans


class ArticleNames:
    """The officials' names, looked for in one article's sentences by their folded words."""

    def __init__(self, officials: list[dict[str, Any]], folded: str) -> None:
        """``folded`` is fold() of the article's text."""
        self.folded = folded
        self._officials = officials
        self._names: list[OfficialName] | None = None
        self._mentions: list[tuple[int, ...]] | None = None

    @property
    def names(self) -> list[OfficialName]:
        """The officials that have a name, in the officials stage's order (built when first asked for)."""
        if self._names is None:
            self._names = []
            for o in self._officials:
                tokens = (o.get("name") or "").split()
                if tokens:
                    self._names.append(OfficialName(o, tokens))
        return self._names

    def first(self, sent: Sentence, before: int) -> int | None:
        """Where the sentence's first official's name starts (an offset into its text), if that is
        before offset ``before``."""
        start, end = sent.start, sent.end
        named = [n for n in self.names if 0 <= self.folded.find(n.words[0], start, end) < start + before]
        if not named:
            return None
        folded = self.folded[start:end]
        starts = (n.first(sent.text, folded, before) for n in named)
        return min((s for s in starts if s is not None), default=None)

    def issuer(self, sent: Sentence, upto: int) -> str | None:
        """The official named (or mentioned) last before offset ``upto`` of the sentence."""
        text, offset = sent.text, sent.start
        folded = self.folded[offset:offset + upto]
        if self._mentions is None:
            self._mentions = [tuple(s for s, _ in _mention_spans(n.official)) for n in self.names]
        best: tuple[int, str] | None = None
        for n, mentions in zip(self.names, self._mentions):
            at = n.last(text, folded, upto)
            if at is not None and (best is None or at > best[0]):
                best = (at, n.name)
            for s in mentions:
                if offset <= s < offset + upto and (best is None or s - offset > best[0]):
                    best = (s - offset, n.name)
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


def deadline(text: str, lang: str, rx: re.Pattern | None, pos: int = 0) -> str | None:
    """ISO date of a stated deadline, or the deadline as written when it is not a full date
    (none of which starts before ``pos``)."""
    if rx is None:
        return None
    m = rx.search(text, pos)
    if not m:
        return None
    return parse_date(m.group(0), lang) or m.group(0).strip()

"""Task reports: statements that give counts of tasks and how far they got.

A sentence is cut into clauses (at ``;``, ``:``, ", " and conjunctions). Each clause may carry a
status phrase ("выполнены", "đang triển khai", "in progress"); the numbers in it take that status.
"из 20 задач", "of the 18 tasks", "1.227/1.298 nhiệm vụ", "113 из 139 задач" give totals. A clause
opening with "из которых / trong đó / of which" refines the previous figure (completed on time).
Only numbers tied to tasks count: the number stands before the task noun, or the statement has a
task total. Nothing is computed: a field stays absent unless the text gives its number.
All phrasings are data in ``lang/<xx>/tasks.yml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extract.article import Article
from extract.langpack import LangPack, load_pack
from extract.numbers import find_numbers, number_regex, parse_number
from extract.written_dates import parse_date

_RATIO = r"(?<![\d/.,])(?P<x>\d{1,3}(?:[.,\u202f ]\d{3})+|\d+)\s*/\s*(?P<y>\d{1,3}(?:[.,\u202f ]\d{3})+|\d+)(?![\d/])"
# numbers that name documents or are codes: "57-NQ/TW", "766/QĐ-TTg", "№ 57", "No. 02", "số 10"
_CODE_AFTER = re.compile(r"^(?:-?[^\W\d_]{0,3}[/-]|/)", re.UNICODE)
_NO_BEFORE = re.compile(r"(?:№|\bNo\.?|\bsố|\bNr\.?|#)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19[89]\d|20[0-4]\d)$")


@dataclass(frozen=True)
class _Rules:
    noun: re.Pattern
    anchored: re.Pattern      # text after a number: up to two words, then the task noun
    not_these: re.Pattern | None
    not_after: re.Pattern | None
    ratio: re.Pattern
    x_of_y: re.Pattern
    of_total: re.Pattern
    total_words: re.Pattern
    sub: re.Pattern
    status: re.Pattern
    status_names: tuple[str, ...]
    on_time: re.Pattern
    late: re.Pattern
    modal: re.Pattern
    after_ok: re.Pattern
    splitter: re.Pattern
    doc_before: re.Pattern | None
    total_before: re.Pattern | None
    scope: tuple[re.Pattern, ...]
    as_of: tuple[re.Pattern, ...]


@lru_cache(maxsize=None)
def _rules(lang: str) -> _Rules:
    d = load_pack(lang)["tasks"]
    flags = re.IGNORECASE
    num = number_regex(lang)
    noun = d["noun"]
    statuses = d["status"]
    status = "|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(statuses))
    anchored = rf"\s*(?P<between>(?:[^\s\d]+\s+){{0,2}}?)(?:{noun})"
    return _Rules(
        noun=re.compile(noun, flags),
        anchored=re.compile(anchored, flags),
        not_these=re.compile(d["not_these_tasks"], flags) if d.get("not_these_tasks") else None,
        not_after=re.compile(d["not_these_after"], flags) if d.get("not_these_after") else None,
        ratio=re.compile(_RATIO),
        x_of_y=re.compile(rf"(?P<x>{num})\s+(?:{d['of_words']})\s*(?P<y>{num})", flags),
        of_total=re.compile(rf"(?:^|(?<=[\s(«\"]))(?:{d['of_words']})\s*(?P<y>{num})", flags),
        total_words=re.compile(rf"\b(?:{d['total_words']})\b", flags),
        sub=re.compile(rf"^\W*(?:{d['sub_markers']})\b", flags),
        status=re.compile(status, flags),
        status_names=tuple(name for name, _ in statuses),
        on_time=re.compile(d["on_time"], flags),
        late=re.compile(d["late"], flags),
        modal=re.compile(d["modal"], flags),
        after_ok=re.compile(rf"\s*(?:[%)\].,;:!?]|$|(?:[–—-]\s+)?(?:{d['after_number']}|{status})(?!\w))", flags),
        # a dash between a number and its status is a copula ("решта 15 — у процесі виконання")
        splitter=re.compile(rf"\s*(?:;|:\s|,\s|\s[–—-]\s(?!\s*(?:{status}))|{d.get('conjunctions') or '(?!x)x'})\s*", flags),
        doc_before=re.compile(rf"(?:{d['doc_words']})\s*$", flags) if d.get("doc_words") else None,
        total_before=re.compile(rf"(?:{d['total_before']})\s*$", flags) if d.get("total_before") else None,
        scope=tuple(re.compile(p) for p in d.get("scope", [])),  # case matters: scopes are names
        as_of=tuple(re.compile(p, flags) for p in d.get("as_of", [])),
    )


@dataclass
class _Entry:
    fields: dict[str, float | int] = field(default_factory=dict)
    start: int = -1
    end: int = -1
    anchored: bool = False
    last: str | None = None
    weak: bool = False

    def extend(self, start: int, end: int) -> None:
        self.start = start if self.start < 0 else min(self.start, start)
        self.end = max(self.end, end)


def find_task_reports(art: Article, pack: LangPack) -> list[dict[str, Any]]:
    """One dict per statement of task counts, in text order (schema: task_reports)."""
    r = _rules(pack.lang)
    out: list[dict[str, Any]] = []
    for sent in art.sentences:
        if not r.noun.search(sent.text) or not find_numbers(sent.text, art.lang):
            continue   # every figure of a statement is a number the sentence states
        entries = _statements(sent.text, art.lang, r)
        as_of = _as_of(sent.text, art.lang, r) if entries else None
        for e in entries:
            start, end = sent.start + e.start, sent.start + e.end
            rec: dict[str, Any] = dict(e.fields)
            rec["scope"] = _scope(art.text[start:end], r)
            rec["as_of"] = as_of
            rec.update(start=start, end=end, sentence=sent.text)
            out.append(rec)
    return out


def _clauses(text: str, r: _Rules) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in r.splitter.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _value(s: str, lang: str) -> float | int | None:
    return parse_number(s, lang)


def _tied(text: str, end: int, r: _Rules) -> bool:
    """Does the task noun follow the number ending at ``end`` (and mean implementation tasks)?"""
    m = r.anchored.match(text, end)
    if not m:
        return False
    if r.not_these and m.group("between") and r.not_these.search(m.group("between")):
        return False
    return not (r.not_after and r.not_after.match(text, m.end()))


def _masked(text: str, start: int, end: int, raw: str, tied: bool, r: _Rules) -> bool:
    """Years, document numbers and codes are not counts."""
    if _YEAR.match(raw) and not tied:
        return True
    if _CODE_AFTER.match(text[end:end + 5]) and not text[end:end + 1].isspace():
        return True
    before = text[max(0, start - 40):start]
    if _NO_BEFORE.search(before):
        return True
    return bool(r.doc_before and r.doc_before.search(before))


def _field(status: str | None, seg: str, sub: bool, parent: str | None, r: _Rules) -> str | None:
    on_time, late = bool(r.on_time.search(seg)), bool(r.late.search(seg))
    if sub and parent == "completed" and (on_time or late):
        return "completed_on_time" if on_time else "completed_late"
    if status == "completed":
        return "completed_on_time" if on_time else "completed_late" if late else "completed"
    if status == "in_progress":
        return "overdue" if late and not on_time else "in_progress"
    if status in ("completed_on_time", "completed_late", "overdue", "not_started"):
        return status
    return None


def _statements(text: str, lang: str, r: _Rules) -> list[_Entry]:
    entries: list[_Entry] = []
    cur: _Entry | None = None
    pending: str | None = None          # a status whose clause had no number ("completed and exceeded")
    prev_used = False
    first_noun = r.noun.search(text)
    noun_at = first_noun.start() if first_noun else len(text)
    total_seen_at = min((m.start() for m in r.total_words.finditer(text)), default=len(text))

    def put(name: str, value: float | int, start: int, end: int, anchored: bool, new: bool = False,
            tied: bool = True) -> None:
        nonlocal cur
        repeat = cur is not None and not new and name in cur.fields
        if cur is None or new or repeat:
            cur = _Entry(weak=repeat)
            entries.append(cur)
        cur.fields[name] = value
        cur.extend(start, end)
        # a statement opened only by a repeated field ("...; and 4 are ongoing") must name tasks itself
        cur.anchored |= tied if cur.weak else anchored
        if name != "completed_percent":
            cur.last = name

    for a, b in _clauses(text, r):
        seg = text[a:b]
        sm = r.status.search(seg)
        status = next((r.status_names[i] for i in range(len(r.status_names)) if sm and sm.group(f"s{i}")), None)
        if r.modal.search(seg):
            status = None
        elif status is None:
            status = pending
        sub = bool(r.sub.match(seg))
        fld = _field(status, seg, sub, cur.last if cur else None, r)
        noun_here = noun_at < b   # the tasks were named by the end of this clause
        used = False
        taken: list[tuple[int, int]] = []
        # totals: "X/Y tasks", "X of Y tasks", "of Y tasks"
        for rx in (r.ratio, r.x_of_y, r.of_total):
            for m in rx.finditer(seg):
                if any(s < m.end() and m.start() < e for s, e in taken) or not _tied(seg, m.end(), r):
                    continue
                y = _value(m.group("y"), lang)
                x = _value(m.group("x"), lang) if "x" in m.groupdict() else None
                if y is None:
                    continue
                taken.append((m.start(), m.end()))
                fresh = cur is None or cur.fields.get("total", y) != y or (x is not None and fld in cur.fields)
                if x is not None and fld is None:
                    continue
                if fresh or "total" not in cur.fields:
                    put("total", y, a + m.start(), a + m.end(), True, new=fresh)
                if x is not None and fld:
                    put(fld, x, a + m.start(), a + m.end(), True)
                used = True
        for n in find_numbers(seg, lang):
            if any(s < n.end and n.start < e for s, e in taken):
                continue
            raw = seg[n.start:n.end]
            tied = _tied(seg, n.end, r)
            if _masked(seg, n.start, n.end, raw.strip(), tied, r):
                continue
            if n.percent:
                if not (tied or r.after_ok.match(seg, n.end)):
                    continue
                if fld == "completed" or (sm is None and prev_used and cur and cur.last == "completed"):
                    put("completed_percent", n.value, a + n.start, a + n.end, noun_here, tied=tied)
                    used = True
                continue
            if not (tied or r.after_ok.match(seg, n.end)):
                continue
            if fld:
                put(fld, n.value, a + n.start, a + n.end, tied or noun_here, tied=tied)
                used = True
            elif _is_total(seg, n.start, tied, a + n.start > total_seen_at, r):
                put("total", n.value, a + n.start, a + n.end, True, new=cur is not None and "total" in cur.fields)
                used = True
        if used and cur:
            cur.extend(a, b)
        pending = status if (status and not used) else None
        prev_used = used
    return [e for e in entries if e.anchored and e.fields]


def _is_total(seg: str, at: int, tied: bool, after_total_word: bool, r: _Rules) -> bool:
    """A number with no status is the total when a total word came first ("a total of ... 102
    tasks"), when the clause names tasks and a total word before it ("tổng số nhiệm vụ ... là 136"),
    or when it is what was assigned ("được giao 25 nhiệm vụ")."""
    if tied and (after_total_word or (r.total_before and r.total_before.search(seg, 0, at))):
        return True
    before = seg[:at]
    return bool(r.total_words.search(before) and r.noun.search(before) and not r.modal.search(seg))


def _scope(statement: str, r: _Rules) -> str | None:
    for rx in r.scope:
        m = rx.search(statement)
        if m:
            return m.group("scope").strip(" .…") or None
    return None


def _as_of(sentence: str, lang: str, r: _Rules) -> str | None:
    for rx in r.as_of:
        m = rx.search(sentence)
        if m:
            written = m.group("when").strip()
            return parse_date(written, lang) or written
    return None

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
from extract.fast_regex import fast_alternation, leading_class, start_finder
from extract.numbers import grammar, has_number, match_value, number_regex, parse_number, word_spans
from extract.written_dates import parse_date

# "(?<![\d/.,])(?P<x>\d{1,3}(?:[.,\u202f ]\d{3})+|\d+)\s*/\s*(?P<y>...)": its first digit taken before
# the look-behind, so that the engine skips to digits
_RATIO = (r"(?P<x>\d(?<![\d/.,]\d)(?:\d{0,2}(?:[.,\u202f ]\d{3})+|\d*))"
          r"\s*/\s*(?P<y>\d{1,3}(?:[.,\u202f ]\d{3})+|\d+)(?![\d/])")
# numbers that name documents or are codes: "57-NQ/TW", "766/QĐ-TTg", "№ 57", "No. 02", "số 10"
_CODE_AFTER = re.compile(r"^(?:-?[^\W\d_]{0,3}[/-]|/)", re.UNICODE)
_NO_BEFORE = re.compile(r"(?:№|\bNo\.?|\bsố|\bNr\.?|#)\s*$", re.IGNORECASE)   # marks: 3 characters at most
_YEAR = re.compile(r"^(?:19[89]\d|20[0-4]\d)$")


@dataclass(frozen=True)
class _Rules:
    # "*_at" patterns only tell whether and where a match starts (their match is one character)
    noun_at: re.Pattern
    anchored: re.Pattern      # text after a number: up to two words, then the task noun
    not_these: re.Pattern | None
    not_after: re.Pattern | None
    ratio: re.Pattern
    x_of_y: re.Pattern
    of_total: re.Pattern
    x_of_y_digits: re.Pattern     # x_of_y and of_total where no number word can be: digits only
    of_total_digits: re.Pattern
    total_at: re.Pattern
    sub: re.Pattern
    status: re.Pattern        # match it where status_at found one
    status_at: re.Pattern | None
    status_names: tuple[str, ...]
    status_groups: dict[int, str]   # group index of ``s<i>`` in ``status`` -> its status name
    on_time_at: re.Pattern
    late_at: re.Pattern
    modal_at: re.Pattern
    after_ok: re.Pattern
    splitter: re.Pattern      # match it where split_at found one
    split_at: re.Pattern
    doc_before: re.Pattern | None
    total_before: re.Pattern | None
    scope: tuple[re.Pattern, ...]
    scope_at: tuple[re.Pattern, ...]
    as_of: tuple[re.Pattern, ...]
    as_of_at: tuple[re.Pattern, ...]


@lru_cache(maxsize=None)
def _rules(lang: str) -> _Rules:
    """The phrasings of ``lang/<xx>/tasks.yml`` compiled. Alternations are rewritten to match
    exactly the same, faster (see fast_regex.fast_alternation and fast_regex.start_finder)."""
    d = load_pack(lang)["tasks"]
    flags = re.IGNORECASE
    num = number_regex(lang)
    digits = grammar(lang).lead_digits
    num_at = f"(?={grammar(lang).number_lead})" if grammar(lang).number_lead else ""
    noun = fast_alternation([d["noun"]])
    statuses = d["status"]
    status = "|".join(f"(?P<s{i}>{fast_alternation([p])})" for i, (_, p) in enumerate(statuses))
    status_rx = re.compile(status, flags)
    status_at = start_finder("|".join(p for _, p in statuses))
    anchored = rf"\s*(?P<between>(?:[^\s\d]+\s+){{0,2}}?)(?:{noun})"
    of_words = fast_alternation([d["of_words"]])
    of_guard = leading_class([d["of_words"]])
    of_at = f"(?={of_guard})" if of_guard else ""
    conj = d.get("conjunctions")
    splitter = rf"\s*(?:;|:\s|,\s|\s[–—-]\s(?!\s*(?:{status}))|{conj or '(?!x)x'})\s*"
    # a split opens with a space, its punctuation or its conjunction: look only there
    split_lead = leading_class([r"\s", ";", ":", ",", *([conj] if conj else [])])

    def at(pattern: str, case: int = re.IGNORECASE) -> re.Pattern:
        return re.compile(start_finder(pattern) or fast_alternation([pattern]), case)

    return _Rules(
        noun_at=at(d["noun"]),
        anchored=re.compile(anchored, flags),
        not_these=re.compile(d["not_these_tasks"], flags) if d.get("not_these_tasks") else None,
        not_after=re.compile(d["not_these_after"], flags) if d.get("not_these_after") else None,
        ratio=re.compile(_RATIO),
        x_of_y=re.compile(rf"{num_at}(?P<x>{num})\s+(?:{of_words})\s*(?P<y>{num})", flags),
        of_total=re.compile(rf"{of_at}(?:^|(?<=[\s(«\"]))(?:{of_words})\s*(?P<y>{num})", flags),
        x_of_y_digits=re.compile(rf"(?P<x>{digits})\s+(?:{of_words})\s*(?P<y>{digits})", flags),
        of_total_digits=re.compile(rf"{of_at}(?:^|(?<=[\s(«\"]))(?:{of_words})\s*(?P<y>{digits})", flags),
        total_at=at(rf"\b(?:{d['total_words']})\b"),
        sub=re.compile(rf"^\W*(?:{d['sub_markers']})\b", flags),
        status=status_rx,
        status_at=re.compile(status_at, flags) if status_at else None,
        status_names=tuple(name for name, _ in statuses),
        status_groups={status_rx.groupindex[f"s{i}"]: name for i, (name, _) in enumerate(statuses)},
        on_time_at=at(d["on_time"]),
        late_at=at(d["late"]),
        modal_at=at(d["modal"]),
        after_ok=re.compile(rf"\s*(?:[%)\].,;:!?]|$|(?:[–—-]\s+)?(?:{d['after_number']}|{status})(?!\w))", flags),
        # a dash between a number and its status is a copula ("решта 15 — у процесі виконання")
        splitter=re.compile(splitter, flags),
        split_at=re.compile(rf"{split_lead}(?<=(?=(?:{splitter}))[\s\S])" if split_lead else splitter, flags),
        doc_before=at(rf"(?:{d['doc_words']})\s*$") if d.get("doc_words") else None,
        total_before=at(rf"(?:{d['total_before']})\s*$") if d.get("total_before") else None,
        scope=tuple(re.compile(p) for p in d.get("scope", [])),  # case matters: scopes are names
        scope_at=tuple(at(p, 0) for p in d.get("scope", [])),
        as_of=tuple(re.compile(p, flags) for p in d.get("as_of", [])),
        as_of_at=tuple(at(p) for p in d.get("as_of", [])),
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
        noun = r.noun_at.search(sent.text)
        if not noun:
            continue
        words = word_spans(sent.text, art.lang)
        if not has_number(sent.text, art.lang, words):
            continue   # every figure of a statement is a number the sentence states
        entries = _statements(sent.text, art.lang, r, noun.start(), words)
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
    """The spans between the splitter's matches (``finditer``, found with ``split_at``)."""
    spans, pos, at = [], 0, 0
    while True:
        found = r.split_at.search(text, at)
        if found is None:
            break
        m = r.splitter.match(text, found.start())
        if m.end() == m.start():   # an empty split: leave it to finditer's own rules
            return _clauses_plain(text, r)
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = at = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _clauses_plain(text: str, r: _Rules) -> list[tuple[int, int]]:
    """``_clauses`` by ``finditer`` itself (for splits that may be empty)."""
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


def _masked(text: str, start: int, end: int, tied: bool, r: _Rules) -> bool:
    """Years, document numbers and codes are not counts."""
    if not tied and end - start >= 4 and _YEAR.match(text[start:end].strip()):
        return True
    if not text[end:end + 1].isspace() and _CODE_AFTER.match(text[end:end + 5]):
        return True
    before = text[max(0, start - 40):start]
    # a _NO_BEFORE mark (at most 3 characters, none of them a space) ends where the spaces do
    stop = len(before.rstrip())
    if _NO_BEFORE.search(before, max(0, stop - 3), stop):
        return True
    return bool(r.doc_before and r.doc_before.search(before))


def _field(status: str | None, seg: str, sub: bool, parent: str | None, r: _Rules) -> str | None:
    """The field a number of this clause fills; "on time" / "late" are looked for only where they
    refine the status."""
    if sub and parent == "completed":
        if r.on_time_at.search(seg):
            return "completed_on_time"
        if r.late_at.search(seg):
            return "completed_late"
    if status == "completed":
        if r.on_time_at.search(seg):
            return "completed_on_time"
        return "completed_late" if r.late_at.search(seg) else "completed"
    if status == "in_progress":
        return "overdue" if r.late_at.search(seg) and not r.on_time_at.search(seg) else "in_progress"
    if status in ("completed_on_time", "completed_late", "overdue", "not_started"):
        return status
    return None


def _status_of(sm: re.Match | None, r: _Rules) -> str | None:
    """The name of the status phrase ``sm`` matched (the first non-empty ``s<i>`` group)."""
    if sm is None:
        return None
    name = r.status_groups.get(sm.lastindex)
    if name is not None and sm.group(sm.lastindex):
        return name
    return next((r.status_names[i] for i in range(len(r.status_names)) if sm.group(f"s{i}")), None)


def _status_match(seg: str, r: _Rules) -> re.Match | None:
    """``r.status.search(seg)``."""
    if r.status_at is None:
        return r.status.search(seg)
    at = r.status_at.search(seg)
    return r.status.match(seg, at.start()) if at else None


def _clause_status(seg: str, r: _Rules) -> tuple[str | None, bool]:
    """(status phrase of the clause, whether a modal makes it a plan)."""
    return _status_of(_status_match(seg, r), r), bool(r.modal_at.search(seg))


def _no_number_word(text: str, a: int, b: int, words: list[tuple[int, int]] | None) -> bool:
    """Can no number word start in ``text[a:b]``? (see numbers.word_spans)"""
    if words is None:
        return False
    for s, e in words:
        if s < b and a < max(e, s + 1):
            return False
    before, after = text[a - 1:a] if a else "", text[b:b + 1]
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")


def _statements(text: str, lang: str, r: _Rules, noun_at: int, words: list[tuple[int, int]] | None
                ) -> list[_Entry]:
    """``noun_at``: where the task noun first appears in ``text``; ``words``: its word_spans().

    Only clauses holding a number can add figures, and a clause's status matters only to a
    number that passed every other test, or to a later clause it passes its status on to
    ("completed and exceeded, ..."). So statuses are read only when needed."""
    g = grammar(lang)
    entries: list[_Entry] = []
    cur: _Entry | None = None
    pending: str | None = None          # a status whose clause had no number ("completed and exceeded")
    unread: list[str] = []              # clauses since ``pending`` that used no number, status not read
    prev_used = False
    total_seen: list[int] = []          # where a total word first appears (looked up once, if needed)

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

    def carried() -> str | None:
        """The status the unread clauses pass on (the last one that decides)."""
        for prev in reversed(unread):
            st, modal = _clause_status(prev, r)
            if modal:
                return None
            if st:
                return st
        return pending

    def read(seg: str, parent: str | None) -> tuple[bool, str | None, bool, str | None]:
        """(no status phrase, status, modal, field) of a clause with numbers."""
        sm = _status_match(seg, r)
        status = _status_of(sm, r)
        modal = bool(r.modal_at.search(seg))
        if modal:
            status = None
        elif status is None:
            status = carried()
        return sm is None, status, modal, _field(status, seg, bool(r.sub.match(seg)), parent, r)

    for a, b in _clauses(text, r):
        seg = text[a:b]
        # no number word can start in this clause: the digit-only patterns match the same, faster
        digits_only = _no_number_word(text, a, b, words)
        # totals and counts are all numbers of the clause: without one, nothing below can fire
        matches = list((g.found_digits if digits_only else g.found).finditer(seg))
        if not matches:
            unread.append(seg)
            prev_used = False
            continue
        parent = cur.last if cur else None
        state = None                    # read(seg, parent), once needed
        noun_here = noun_at < b   # the tasks were named by the end of this clause
        used = False
        taken: list[tuple[int, int]] = []
        # totals: "X/Y tasks", "X of Y tasks", "of Y tasks"; X starts where a number does
        x_of_y, of_total = (r.x_of_y_digits, r.of_total_digits) if digits_only else (r.x_of_y, r.of_total)
        totals = (x_of_y.finditer(seg, matches[0].start()), of_total.finditer(seg))
        for found in ((r.ratio.finditer(seg),) + totals) if "/" in seg else totals:
            for m in found:
                if (taken and any(s < m.end() and m.start() < e for s, e in taken)) or not _tied(seg, m.end(), r):
                    continue
                y = _value(m.group("y"), lang)
                x = _value(m.group("x"), lang) if "x" in m.groupdict() else None
                if y is None:
                    continue
                taken.append((m.start(), m.end()))
                state = state or read(seg, parent)
                fld = state[3]
                fresh = cur is None or cur.fields.get("total", y) != y or (x is not None and fld in cur.fields)
                if x is not None and fld is None:
                    continue
                if fresh or "total" not in cur.fields:
                    put("total", y, a + m.start(), a + m.end(), True, new=fresh)
                if x is not None and fld:
                    put(fld, x, a + m.start(), a + m.end(), True)
                used = True
        for m in matches:
            start, end = m.span()
            if taken and any(s < end and start < e for s, e in taken):
                continue
            tied = _tied(seg, end, r)
            if not (tied or r.after_ok.match(seg, end)) or _masked(seg, start, end, tied, r):
                continue
            value = match_value(m, lang)
            if value is None:
                continue        # not a number after all
            state = state or read(seg, parent)
            no_status, _, modal, fld = state
            if m.group("pct"):
                if fld == "completed" or (no_status and prev_used and cur and cur.last == "completed"):
                    put("completed_percent", value, a + start, a + end, noun_here, tied=tied)
                    used = True
            elif fld:
                put(fld, value, a + start, a + end, tied or noun_here, tied=tied)
                used = True
            else:
                if tied and not total_seen:
                    first = r.total_at.search(text)
                    total_seen.append(first.start() if first else len(text))
                if _is_total(seg, start, tied, tied and a + start > total_seen[0], r, modal):
                    put("total", value, a + start, a + end, True, new=cur is not None and "total" in cur.fields)
                    used = True
        if used and cur:
            cur.extend(a, b)
        if state is None and not used:
            unread.append(seg)          # its status is read only if a later clause needs it
        else:
            status = state[1] if state else None
            pending = status if (status and not used) else None
            unread = []
        prev_used = used
    return [e for e in entries if e.anchored and e.fields]


def _is_total(seg: str, at: int, tied: bool, after_total_word: bool, r: _Rules, modal: bool) -> bool:
    """A number with no status is the total when a total word came first ("a total of ... 102
    tasks"), when the clause names tasks and a total word before it ("tổng số nhiệm vụ ... là 136"),
    or when it is what was assigned ("được giao 25 nhiệm vụ"). ``modal``: the clause has a modal."""
    if tied and (after_total_word or (r.total_before and r.total_before.search(seg, 0, at))):
        return True
    before = seg[:at]
    return bool(r.total_at.search(before) and r.noun_at.search(before) and not modal)


def _scope(statement: str, r: _Rules) -> str | None:
    for rx, rx_at in zip(r.scope, r.scope_at):
        at = rx_at.search(statement)
        m = rx.match(statement, at.start()) if at else None     # rx.search(statement)
        if m:
            return m.group("scope").strip(" .…") or None
    return None


def _as_of(sentence: str, lang: str, r: _Rules) -> str | None:
    for rx, rx_at in zip(r.as_of, r.as_of_at):
        at = rx_at.search(sentence)
        m = rx.match(sentence, at.start()) if at else None     # rx.search(sentence)
        if m:
            written = m.group("when").strip()
            return parse_date(written, lang) or written
    return None

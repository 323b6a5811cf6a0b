"""Meeting facts: is this a meeting report (extract/relevance.py decides), when, where (province), at what level, chaired by whom.

Cues are data (lang/<xx>/meeting.yml). The province is the one the text names most, weighted
towards names after 'province'/'city'/'bridge'; the outlet's host is a weak hint.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from extract.article import Article
from extract.langpack import LangPack, load_data, load_pack
from extract.regex_gates import DIGIT, Gated, case_traps, gate_pattern, trapped
from extract.relevance import CueText, cue_text, judge
from extract.provinces import find_province_mentions, province_by_code

_LEAD_SENTENCES = 6
_NAME_STOP = re.compile(r"[.;:(«\"“]|,\s+|\s+(?:and|và|и|і|та)\s+|\s[–—-]\s", re.I)
_AND_WORDS = {"and", "và", "и", "і", "та"}
_AND_AFTER_COMMA = re.compile(r"(?:(?:and|và|и|і|та)\s+)?", re.I)
_NAME_MAX = 200
_DATELINE_CHARS = 120
_DATELINE = re.compile(r"^\W*(?:\d{1,2}:\d{2},?\s*)?(?:\w+,?\s+)?\d{1,2}(?:[./-]\d{1,2}[./-]|\s+\w+\s+)(?P<y>20\d\d)\b")
_URL_MONTH = re.compile(r"/(?P<y>20\d\d)(?P<m>\d\d)(?:\d\d)?/")
_NAME_GAP = 6   # words allowed between two subject words of one name
_ANY_DIGIT = re.compile(r"\d")
_NAME_MORE = re.compile(r"[\w-]*(?:\s+\d+\b)?")   # the rest of the last subject word: "... and Project 06"


def _gated(rx: re.Pattern) -> Gated:
    """``rx`` tried only where its opening words stand (month names, "ngày"), when it has
    such words; a pattern opening with a digit is left to the regex engine, as fast at that."""
    g = gate_pattern(rx)
    return g if g.starts and DIGIT not in g.starts else Gated(rx, (), None)


@lru_cache(maxsize=None)
def _patterns(lang: str) -> dict[str, Any]:
    m = load_pack(lang)["meeting"]
    out: dict[str, Any] = {}   # the cue lists themselves are extract/relevance.py's CUE_KINDS
    months = m.get("months") or {}
    out["not_meeting_date"] = re.compile(
        rf"(?:{'|'.join(m.get('not_meeting_date', ['(?!x)x']))})\s*$", re.I)
    out["committee_topic"] = re.compile(rf"\s*(?:{'|'.join(m.get('committee_topic_words', ['(?!x)x']))})", re.I)
    out["committee_name"] = re.compile(rf"\s*(?:{'|'.join(m.get('committee_name', ['(?!x)x']))})(?!\w)", re.I)
    out["months"] = [(re.compile(stem, re.I), n) for stem, n in months.items()]
    stems = "|".join(months) or "(?!x)x"
    if lang == "en":
        out["date"] = re.compile(rf"\b({stems})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
    else:
        # (?<!\d)(\d{1,2}), written to open with the digit: the regex engine then skips ahead to digits
        out["date"] = re.compile(rf"(\d(?<!\d\d)\d?)\s+({stems})\w*(?:\s+(\d{{4}}))?", re.I)
    out["numeric"] = re.compile(
        r"(?i)(?:ngày|sáng|chiều|tối|trưa|đêm)\s+(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{4}))?"
        if lang == "vi" else r"(\d(?<![\d/]\d)\d?)[/.](\d{1,2})[/.](\d{4})(?![\d/])")   # (?<![\d/])(\d{1,2}) ...
    out["date"], out["numeric"] = _gated(out["date"]), _gated(out["numeric"])
    letters = "".join(sorted({c for g in (out["date"], out["numeric"]) for w in g.words() for c in w}))
    out["date_traps"] = case_traps(letters) if letters else None   # None: no gates to trust
    return out


def find_meeting(art: Article, pack: LangPack, officials: list[dict[str, Any]],
                 found: dict[str, Any] | None = None) -> dict[str, Any]:
    """Meeting facts. ``found`` holds the other stages' results (directives, task_reports,
    rankings) that the relevance model weighs with the cue words."""
    pats = _patterns(art.lang)
    scan = cue_text(art.text, art.lang)
    when = _meeting_date(art, pats, scan)
    is_report, relevance = judge(art, {**(found or {}), "officials": officials, "date": when})
    province = _province(art, scan)
    return {
        "is_report": is_report,
        "relevance": relevance,
        "date": when,
        "province": province,
        "level": _level(scan, province) if is_report else None,
        "committee": _committee(art, pats, scan) if is_report else None,
        "chair": _chair(officials),
    }


def _chair(officials: list[dict[str, Any]]) -> str | None:
    chairs = [o for o in officials if o["role"] == "chair"]
    main = [o for o in chairs if not o.get("at_bridge")]
    pick = (main or chairs)
    return pick[0]["name"] if pick else None


def _meeting_date(art: Article, pats, scan: CueText) -> str | None:
    """The first date in the lead sentences that share a sentence with a meeting cue."""
    lead = art.sentences[:_LEAD_SENTENCES]
    hint = _year_hint(art)
    for sent in lead:
        if not _ANY_DIGIT.search(sent.text):
            continue   # every date pattern holds a day written in digits
        if not (scan.found_in("meeting", sent.start, sent.end, sent.text)
                or scan.found_in("committee", sent.start, sent.end, sent.text)):
            continue
        traps = pats["date_traps"]
        low = None if traps is None or trapped(sent.text, traps) else sent.text.lower()
        for kind in ("date", "numeric"):
            m = next((m for m in pats[kind].finditer(sent.text, low)
                      if not pats["not_meeting_date"].search(sent.text[max(0, m.start() - 25):m.start()])), None)
            if not m:
                continue
            if kind == "date" and art.lang == "en":
                month, day, year = _month(m.group(1), pats), int(m.group(2)), m.group(3)
            elif kind == "date":
                day, month, year = int(m.group(1)), _month(m.group(2), pats), m.group(3)
            else:
                day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
            if year:
                year = int(year)
            elif hint:
                # "25 декабря" in a report published in January was last year's meeting
                year = hint[0] - 1 if hint[1] and month and month > hint[1] + 1 else hint[0]
            if month and year:
                try:
                    return date(year, month, day).isoformat()
                except ValueError:
                    continue
    return None


def _month(word: str, pats) -> int | None:
    for rx, n in pats["months"]:
        if rx.match(word):
            return n
    return None


def _year_hint(art: Article) -> tuple[int, int | None] | None:
    """(year, month) the article was published, for dates written without a year: from the
    page's metadata, a dateline opening the text ("18:20, 25 апреля 2025 г."), or a
    /YYYYMM/ segment of its URL. Never from other dates in the text: those may be years apart."""
    if art.published and art.published[:4].isdigit():
        month = art.published[5:7]
        return int(art.published[:4]), int(month) if month.isdigit() else None
    head = art.text[:_DATELINE_CHARS]
    m = _DATELINE.search(head.split("\n", 1)[0]) if head else None
    if m:
        return int(m.group("y")), None
    for url in (art.url, art.original_url):
        u = _URL_MONTH.search(url or "")
        if u and 1 <= int(u.group("m")) <= 12:
            return int(u.group("y")), int(u.group("m"))
    return None


def _province(art: Article, scan: CueText) -> dict[str, Any] | None:
    score: Counter = Counter()
    entries: dict[str, dict[str, Any]] = {}
    cue = scan.rx("province_cues")   # searched as is: 30 characters are too few to gate
    for start, _end, p in find_province_mentions(art.text):
        before = art.text[max(0, start - 30):start]
        score[p["code"]] += 1 + (2 if cue.search(before) else 0)
        entries[p["code"]] = p
    if score:
        return entries[score.most_common(1)[0][0]]
    for url in (art.original_url, art.url):
        host = (urlsplit(url).hostname or "") if url else ""
        for suffix, code in load_data("hosts").items():
            if host == suffix or host.endswith("." + suffix):
                return province_by_code(code)
    return None


def _level(scan: CueText, province: dict[str, Any] | None) -> str | None:
    """A meeting followed from a bridge (điểm cầu) is the central or government committee's;
    otherwise the committee is the province's (or a commune's). ``province``: _province()'s."""
    if scan.found("bridge") or not province:
        central, government = scan.count("central"), scan.count("government")
        if central or government:
            return "central" if central >= government else "government"
    if scan.found("commune"):
        return "commune"
    return "provincial" if scan.found("provincial") else None


def _committee(art: Article, pats, scan: CueText) -> str | None:
    """The committee's name as written: the first mention followed by its subject ("... on
    science, technology, innovation and digital transformation"), else the first named one."""
    found = scan.finditer_in("committee", art.sentences)
    named = [(s, m) for s, m in found if pats["committee_name"].match(s.text[m.end():m.end() + 12])]
    def topical(pairs):
        return [(s, m) for s, m in pairs if pats["committee_topic"].search(s.text, m.end(), m.end() + 60)]
    for sent, m in (topical(named) or topical(found))[:1]:
        return _committee_name(sent.text[m.start():], len(m.group()), pats)
    return found[0][1].group().strip() if found else None


def _committee_name(tail: str, head: int, pats) -> str:
    """From the cue up to a stop; ", " and "and" keep the name going while its subject list does."""
    pos = head
    while True:
        stop = _NAME_STOP.search(tail, pos)
        if not stop:
            end = len(tail)
            break
        word = stop.group().strip()
        if word in (",", "") or word.lower() in _AND_WORDS:
            if pats["committee_topic"].match(tail, _AND_AFTER_COMMA.match(tail, stop.end()).end()):
                pos = stop.end()
                continue
        end = stop.start()
        break
    name = tail[:end]
    # the name ends with its subject list: "... and Project 06", not "... held its 4th meeting"
    last = None
    for hit in pats["committee_topic"].finditer(name, head):
        if last is not None and len(name[last.end():hit.start()].split()) > _NAME_GAP:
            break   # a predicate came between: "... Transformation held its meeting to assess science"
        last = hit
    if last:
        name = name[:_NAME_MORE.match(name, last.end()).end()]
    if len(name) > _NAME_MAX:
        name = name[:_NAME_MAX].rsplit(" ", 1)[0]
    return name.strip()



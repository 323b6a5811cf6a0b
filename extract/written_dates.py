"""Dates as written in a sentence, for deadlines and "as of" dates of task reports.

Small on purpose: the meeting date belongs to the meeting stage. Month names come from
``lang/<xx>/months.yml`` when that file gives a name -> number mapping, else from the
``month_stems`` of ``numbers.yml``; Vietnamese and numeric forms ("15/11/2025") need none.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from extract.langpack import load_pack


def _month_table(lang: str) -> dict[str, int]:
    """name regex -> month number, from months.yml if it is usable, else our stems."""
    pack = load_pack(lang)
    months = pack.get("months") or {}
    if isinstance(months, dict) and isinstance(months.get("months"), (dict, list)):
        months = months["months"]
    table: dict[str, int] = {}
    if isinstance(months, dict):
        for k, v in months.items():
            if isinstance(v, int) and isinstance(k, str):
                table[re.escape(k.lower())] = v
            elif isinstance(k, int) and isinstance(v, (list, str)):
                for name in [v] if isinstance(v, str) else v:
                    table[re.escape(str(name).lower())] = k
    elif isinstance(months, list) and len(months) == 12:
        for i, names in enumerate(months, 1):
            for name in [names] if isinstance(names, str) else names:
                table[re.escape(str(name).lower())] = i
    if not table:
        table = dict((pack["numbers"].get("month_stems") or {}).items())
    return table


@lru_cache(maxsize=None)
def _compiled(lang: str) -> tuple[re.Pattern, tuple[tuple[re.Pattern, int], ...]]:
    table = _month_table(lang)
    month = "|".join(f"(?:{k})" for k in sorted(table, key=len, reverse=True)) or r"(?!x)x"
    word = rf"\b(?P<mon>(?:{month})\w*)\.?"
    word2 = word.replace("?P<mon>", "?P<mon2>")
    pattern = (
        rf"(?P<d1>\d{{1,2}})(?:-?(?:го|е|st|nd|rd|th))?\s+(?:of\s+)?{word}(?:,?\s+(?P<y1>\d{{4}}))?"
        rf"|{word2}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?"
        r"|(?<![\d/.-])(?P<d3>\d{1,2})[/.-](?P<m3>\d{1,2})(?:[/.-](?P<y3>\d{4}))?(?![\d/])"
        r"|(?P<d4>\d{1,2})\s+tháng\s+(?P<m4>\d{1,2})(?:\s+năm\s+(?P<y4>\d{4}))?"
    )
    stems = tuple((re.compile(rf"^(?:{k})", re.IGNORECASE), v) for k, v in table.items())
    return re.compile(pattern, re.IGNORECASE), stems


def _iso(y: str | None, m: int | None, d: str | None) -> str | None:
    if not (y and m and d):
        return None
    try:
        return date(int(y), m, int(d)).isoformat()
    except ValueError:
        return None


def find_dates(text: str, lang: str) -> list[tuple[int, int, str | None]]:
    """(start, end, ISO date or None when the year is missing) for every date in ``text``."""
    rx, stems = _compiled(lang)
    out = []
    for m in rx.finditer(text):
        name = m.group("mon") or m.group("mon2")
        if name:
            mon = next((v for p, v in stems if p.match(name)), None)
            d = m.group("d1") or m.group("d2")
            y = m.group("y1") or m.group("y2")
        elif m.group("d3"):
            mon, d, y = int(m.group("m3")), m.group("d3"), m.group("y3")
        else:
            mon, d, y = int(m.group("m4")), m.group("d4"), m.group("y4")
        if mon is None or not 1 <= mon <= 12:
            continue
        out.append((m.start(), m.end(), _iso(y, mon, d)))
    return out


def parse_date(text: str, lang: str) -> str | None:
    """ISO date of the first full date in ``text`` ("до 15 ноября 2025 года" -> "2025-11-15")."""
    for _, _, iso in find_dates(text, lang):
        if iso:
            return iso
    return None

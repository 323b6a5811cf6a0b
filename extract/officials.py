"""Officials: Vietnamese personal names in any script, their titles as written, and the role
they played (chair > speaker > attendee > mentioned).

A name is a known surname followed by one to three capitalised syllables (lang/<xx>/names.yml);
place names are excluded by the province finder. Russian and Ukrainian inflect the last
syllable ("Хау А Леня"), so each mention is reduced to a base form before keying.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

from extract.article import Article
from extract.langpack import LangPack, load_pack
from extract.letters import UPPER_LETTERS
from extract.person_key import person_key
from extract.provinces import find_province_mentions

ROLES = ("chair", "speaker", "attendee")
_PRECEDENCE = {"chair": 0, "speaker": 1, "attendee": 2, "mentioned": 3}
# Case endings of a Vietnamese syllable declined in Russian/Ukrainian: (ending, replacement).
_ENDINGS = (("ом", ""), ("ем", "ь"), ("ові", ""), ("еві", "ь"), ("а", ""), ("у", ""), ("е", ""),
            ("я", "ь"), ("ю", "ь"))
_FINALS = ("н", "м", "к", "т", "п", "нг", "й", "нь", "ть")
_VOWELS = set("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")


@lru_cache(maxsize=None)
def _patterns(lang: str) -> dict[str, Any]:
    pack = load_pack(lang)
    names = pack["names"]
    syll = names["syllable"]
    surnames = "|".join(sorted((re.escape(s) for s in names["surnames"]), key=len, reverse=True))
    most = int(names.get("max_syllables", 3))
    name_re = re.compile(rf"(?<![\w-])(?:{surnames})(?:[ \u00a0]+{syll}(?!\w)){{1,{most}}}")
    roles = pack["roles"]
    cues = [(role, re.compile(rf"(?<!\w)(?:{'|'.join(roles.get(role, []))})", re.I)) for role in ROLES]
    bridge = re.compile(rf"(?<!\w)(?:{'|'.join(roles.get('bridge', ['$^']))})", re.I)
    heads = re.compile(rf"(?<!\w)(?:{'|'.join(pack['titles']['heads'])})", re.I if lang in ("ru", "uk") else 0)
    stop = set(names.get("not_name_words", []))
    bylines = tuple(names.get("byline_prefixes", []))
    return {"name": name_re, "cues": cues, "bridge": bridge, "heads": heads, "stop": stop, "bylines": bylines}


def find_officials(art: Article, pack: LangPack) -> list[dict[str, Any]]:
    """One entry per distinct person, in order of first mention."""
    pats = _patterns(art.lang)
    text = art.text
    places = [(a, b) for a, b, _ in find_province_mentions(text)]
    mentions = []
    for sent in art.sentences:
        found = list(pats["name"].finditer(sent.text))
        if not found or sent.text.startswith(pats["bylines"]) or _is_caps_line(sent.text):
            continue
        cues = _cues(sent.text, pats)
        for m in found:
            start, end = sent.start + m.start(), sent.start + m.end()
            if any(a <= start < b for a, b in places):
                continue  # a place ("Лай Чау", "Dong Nai"), not a person; "Nguyen Hoa Binh" stays
            words = list(re.finditer(r"\S+", m.group()))
            while words and not words[-1].group()[0].isupper():  # the syllable class admits lower case
                words.pop()
            if len(words) < 2 or any(w.group() in pats["stop"] for w in words):
                continue
            end = start + words[-1].end()
            if len(words) == 2:
                start = _left_syllable(text, start, pats)
            if _alone_on_its_line(text, sent, start, end):
                continue   # an author's byline or a forum poster's name, not a person of the report
            mentions.append({"start": start, "end": end, "surface": text[start:end], "sent": sent,
                             "role": _role(cues, m.start(), end - sent.start),
                             "titles": _titles(sent.text, m.start(), end - sent.start, pats)})
    if not mentions:
        return []
    _assign_base_forms(mentions, art.lang)
    people: dict[str, dict[str, Any]] = {}
    for mt in mentions:
        key = person_key(mt["base"])
        p = people.setdefault(key, {"key": key, "mentions": [], "bases": Counter(), "titles": [],
                                    "role": "mentioned", "first": mt})
        p["mentions"].append(mt)
        p["bases"][mt["base"]] += 1
        for t in mt["titles"]:
            if t.lower() not in (x.lower() for x in p["titles"]):
                p["titles"].append(t)
        if _PRECEDENCE[mt["role"]] < _PRECEDENCE[p["role"]]:
            p["role"] = mt["role"]
    out = []
    for p in people.values():
        first = p["first"]
        out.append({
            "name": p["bases"].most_common(1)[0][0], "person_key": p["key"], "titles": p["titles"],
            "role": p["role"], "start": first["start"], "end": first["end"],
            "mentions": [[m["start"], m["end"]] for m in p["mentions"]],
            "surface_forms": sorted({m["surface"] for m in p["mentions"]}),
            "at_bridge": any(m["role"] == "chair" and pats["bridge"].search(m["sent"].text)
                             for m in p["mentions"]),
        })
    return out


_VI_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?")


def _fold(word: str) -> str:
    d = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))


_LIST_SLOT = re.compile(r"(?:^|[:;,]\s*|\n\s*)(?P<w>[^\W\d_]{2,7})\s$")


def _left_syllable(text: str, start: int, pats) -> int:
    """A two-word name opening a list slot ("...: Ngoc Kim Nam - Head of ...") takes the capitalised
    syllable before its known surname: Vietnamese names have three syllables more often than two."""
    m = _LIST_SLOT.search(text, max(0, start - 12), start)
    if not m or not m.group("w")[0].isupper() or m.group("w") in pats["stop"]:
        return start
    if not _VI_SYLLABLE.fullmatch(_fold(m.group("w"))):
        return start   # "Comrade", "Mr", a Cyrillic word: not a Vietnamese syllable written in Latin
    if pats["heads"].match(m.group("w")) or any(rx.match(m.group("w")) for _, rx in pats["cues"]):
        return start
    if find_province_mentions(m.group("w")):
        return start
    return m.start("w")


def _alone_on_its_line(text: str, sent, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip(" \t|*_-–—•") and not text[end:line_end].strip(" \t|*_.-–—")


def _is_caps_line(s: str) -> bool:
    letters = _NOT_LETTER.sub("", s)
    return len(letters) > 3 and len(_NOT_UPPER.sub("", letters)) / len(letters) > 0.8


_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_UPPER = re.compile(rf"[^{UPPER_LETTERS}]+")


def _role(cues: list[tuple[str, int, int]], a: int, b: int) -> str:
    """The role of the cue nearest the name in its sentence; 'mentioned' without one."""
    best, best_d = "mentioned", None
    for role, start, end in cues:
        d = a - end if end <= a else (start - b if start >= b else 0)
        if best_d is None or d < best_d or (d == best_d and _PRECEDENCE[role] < _PRECEDENCE[best]):
            best, best_d = role, d
    return best


def _cues(sentence: str, pats) -> list[tuple[str, int, int]]:
    """Every role cue of a sentence, found once for all the names in it."""
    return [(role, m.start(), m.end()) for role, rx in pats["cues"] for m in rx.finditer(sentence)]


# titles stand within a few hundred characters of the name; looking further made a long
# paragraph of names quadratic
_TITLE_REACH = 600
_AFTER_STOP = re.compile(r"[;.:!?\n(«\"“]|\s(?:и|та|і|và|and)\s")


def _titles(sentence: str, a: int, b: int, pats) -> list[str]:
    """Titles written just before the name ('секретарь ... Хау А Лень') or after it, set off by a
    comma or dash ('Ле Тхи Ким Зунг, постоянный заместитель ...')."""
    out: list[str] = []
    heads = pats["heads"]
    # before: from the first title word after the last boundary or role cue, up to the name
    left = sentence[max(0, a - _TITLE_REACH):a]
    cut = max(left.rfind(ch) for ch in ";:.!?(«\"\n")
    for _, rx in pats["cues"]:
        for m in rx.finditer(left):
            cut = max(cut, m.end() - 1)
    clause = left[cut + 1:]
    h = heads.search(clause)
    if h:
        out += _split_titles(clause[h.start():], heads)
    # after: ", title, title;" or " - title, title"
    right = sentence[b:b + _TITLE_REACH]
    m = re.match(r"\s*(?:,|-|–|—)\s*", right)
    if m:
        seg = right[m.end():]
        stop = _AFTER_STOP.search(seg)
        seg = seg[: stop.start()] if stop else seg
        for _, rx in pats["cues"]:
            c = rx.search(seg)
            if c:
                seg = seg[: c.start()]
        if heads.match(seg.strip()):
            out += _split_titles(seg, heads)
    return out


def _split_titles(seg: str, heads) -> list[str]:
    parts = [p.strip(" ,-–—\u00a0") for p in re.split(r",\s+|\s[-–—]\s", seg)]
    titles = []
    for p in parts:
        if not p:
            continue
        if not heads.match(p) and titles:
            break
        if heads.match(p) and len(p) < 160:
            titles.append(p)
    return titles


def _assign_base_forms(mentions: list[dict[str, Any]], lang: str) -> None:
    """Base (nominative) form of each mention: a form seen as such elsewhere in the article wins;
    otherwise a case ending is removed when what remains ends like a Vietnamese syllable."""
    inflecting = lang in ("ru", "uk")
    seen = {person_key(m["surface"]): m["surface"] for m in mentions}
    for m in mentions:
        m["base"] = m["surface"]
        if not inflecting:
            continue
        words = m["surface"].split()
        last = words[-1]
        candidates = []
        for ending, repl in _ENDINGS:
            stem = last[: -len(ending)] if last.endswith(ending) else None
            if stem and len(stem) >= 2 and any(c in _VOWELS for c in stem):
                candidates.append(" ".join(words[:-1] + [stem + repl]))
        for cand in candidates:
            if person_key(cand) in seen and seen[person_key(cand)] != m["surface"]:
                m["base"] = seen[person_key(cand)]
                break
        else:
            if person_key(m["surface"]) in seen and not _looks_declined(last):
                continue
            for ending, repl in _ENDINGS:
                stem = last[: -len(ending)] if last.endswith(ending) else None
                if stem and len(stem) >= 3 and stem.endswith(_FINALS) and any(c in _VOWELS for c in stem):
                    m["base"] = " ".join(words[:-1] + [stem + repl])
                    break


def _looks_declined(word: str) -> bool:
    return word.endswith(("ом", "ем", "я", "ю")) or (word.endswith(("а", "у")) and len(word) > 3)

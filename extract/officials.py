"""Officials: Vietnamese personal names in any script, their titles as written, and the role
they played (chair > speaker > attendee > mentioned).

A name is a known surname followed by one to three capitalised syllables (lang/<xx>/names.yml);
place names are excluded by the province finder. Russian and Ukrainian inflect the last
syllable ("Хау А Леня"), so each mention is reduced to a base form before keying.
"""
from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import itemgetter
from typing import Any

from extract.article import Article, Sentence
from extract.langpack import LangPack, load_pack
from extract.letters import UPPER_LETTERS
from extract.person_key import person_key
from extract.provinces import find_province_mentions, province_spans
from extract.regex_gates import case_traps, gate_pattern, trapped

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
    most = int(names.get("max_syllables", 3))
    name_re = re.compile(rf"{_surname_start(names['surnames'])}(?:[ \u00a0]+{syll}(?!\w)){{1,{most}}}")
    roles = pack["roles"]
    cues = [(role, re.compile(rf"(?<!\w)(?:{'|'.join(roles.get(role, []))})", re.I)) for role in ROLES]
    bridge = re.compile(rf"(?<!\w)(?:{'|'.join(roles.get('bridge', ['$^']))})", re.I)
    heads = re.compile(rf"(?<!\w)(?:{'|'.join(pack['titles']['heads'])})", re.I if lang in ("ru", "uk") else 0)
    stop = set(names.get("not_name_words", []))
    bylines = tuple(names.get("byline_prefixes", []))
    # the words one of which opens every match of a cue (None: unknown), looked for in lowered text
    # where str.lower() agrees with the patterns' case folding (regex_gates)
    opens = [gate_pattern(rx).starts for _, rx in cues]
    every = {w for words in opens for w in words or ()}
    traps = case_traps("".join(sorted({c for w in every for c in w})))
    return {"name": name_re, "cues": cues, "bridge": bridge, "heads": heads, "stop": stop, "bylines": bylines,
            "opens": opens, "any_open": _any_word(every), "traps": traps}


def _surname_start(surnames: list[str]) -> str:
    r"""``(?<![\w-])(?:surname|...)``, longest first, rewritten to open with a letter: the
    surnames are grouped by their first letter, and the check for a word start looks back from
    behind it, so that the regex engine skips from one possible first letter to the next instead
    of trying every surname at every character. The order of the surnames within a group (all
    one can match at a place) is kept, so the matches are the same."""
    if not all(surnames):  # an empty surname opens with no letter: the pattern as written
        return rf"(?<![\w-])(?:{'|'.join(sorted(map(re.escape, surnames), key=len, reverse=True))})"
    groups: dict[str, list[str]] = {}
    for s in sorted(surnames, key=lambda s: len(re.escape(s)), reverse=True):
        groups.setdefault(s[0], []).append(re.escape(s[1:]))
    return "(?:" + "|".join(rf"{re.escape(c)}(?<![\w-]{re.escape(c)})(?:{'|'.join(rest)})"
                            for c, rest in groups.items()) + ")"


def find_officials(art: Article, pack: LangPack) -> list[dict[str, Any]]:
    """One entry per distinct person, in order of first mention."""
    pats = _patterns(art.lang)
    text = art.text
    places: list[tuple[int, int]] | None = None   # found when a sentence first holds a name
    mentions = []
    for sent in art.sentences:
        found = list(pats["name"].finditer(sent.text))
        if not found or sent.text.startswith(pats["bylines"]) or _is_caps_line(sent.text):
            continue
        if places is None:
            places = province_spans(text)
            place_starts = [a for a, _ in places]
        opens = _cue_opens(sent.text, sent.start, pats)
        cues = _cues(sent, pats, opens)
        # the cue patterns that may match in the sentence, with where: the titles of each name look for them
        live = [(rx, at) for (_, rx), at in zip(pats["cues"], opens) if at is None or at]
        for m in found:
            start, end = sent.start + m.start(), sent.start + m.end()
            i = bisect_right(place_starts, start) - 1   # places are in order and do not overlap
            if i >= 0 and start < places[i][1]:
                continue  # a place ("Лай Чау", "Dong Nai"), not a person; "Nguyen Hoa Binh" stays
            words = list(_NON_SPACE.finditer(m.group()))
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
                             "titles": _titles(sent, m.start(), end - sent.start, pats, live)})
    if not mentions:
        return []
    _assign_base_forms(mentions, art.lang)
    people: dict[str, dict[str, Any]] = {}
    for mt in mentions:
        key = person_key(mt["base"])
        p = people.setdefault(key, {"key": key, "mentions": [], "bases": {}, "titles": [],
                                    "role": "mentioned", "first": mt})
        p["mentions"].append(mt)
        p["bases"][mt["base"]] = p["bases"].get(mt["base"], 0) + 1
        for t in mt["titles"]:
            if t.lower() not in (x.lower() for x in p["titles"]):
                p["titles"].append(t)
        if _PRECEDENCE[mt["role"]] < _PRECEDENCE[p["role"]]:
            p["role"] = mt["role"]
    out = []
    for p in people.values():
        first = p["first"]
        out.append({
            # the commonest base form, the first seen among equals (as Counter.most_common(1))
            "name": max(p["bases"].items(), key=itemgetter(1))[0], "person_key": p["key"], "titles": p["titles"],
            "role": p["role"], "start": first["start"], "end": first["end"],
            "mentions": [[m["start"], m["end"]] for m in p["mentions"]],
            "surface_forms": sorted({m["surface"] for m in p["mentions"]}),
            # a chair's mention makes the person's role "chair": no need to look otherwise
            "at_bridge": p["role"] == "chair" and any(m["role"] == "chair" and pats["bridge"].search(m["sent"].text)
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
    """Whether more than 80% of the letters are capitals. Plain ASCII is counted by bytes; else
    small letters (letters but not capitals) making a fifth of the characters that are not
    spaces already rule it out: counted a run at a time, they settle most lines in a few words."""
    if s.isascii():
        letters = s.encode("ascii").translate(None, _ASCII_NOT_LETTERS)
        return len(letters) > 3 and len(letters.translate(None, _ASCII_SMALL)) / len(letters) > 0.8
    small, most = 0, len(s) - s.count(" ")
    for m in _SMALL_LETTERS.finditer(s):
        small += m.end() - m.start()
        if 5 * small >= most:
            return False
    letters = _NOT_LETTER.sub("", s)
    return len(letters) > 3 and len(_NOT_UPPER.sub("", letters)) / len(letters) > 0.8


_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_UPPER = re.compile(rf"[^{UPPER_LETTERS}]+")
_SMALL_LETTERS = re.compile(rf"[^\W\d_{UPPER_LETTERS}]+")
_ASCII_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII_SMALL = string.ascii_lowercase.encode("ascii")


def _role(cues: list[tuple[str, int, int]], a: int, b: int) -> str:
    """The role of the cue nearest the name in its sentence; 'mentioned' without one."""
    best, best_d = "mentioned", None
    for role, start, end in cues:
        d = a - end if end <= a else (start - b if start >= b else 0)
        if best_d is None or d < best_d or (d == best_d and _PRECEDENCE[role] < _PRECEDENCE[best]):
            best, best_d = role, d
    return best


_NON_SPACE = re.compile(r"\S+")


def _cue_opens(text: str, offset: int, pats) -> list[list[int] | None]:
    """For each role, the places where one of its cues may start in ``text`` (a part of the
    article starting at ``offset``; the places are offsets into the article): where one of the
    words that open its matches stands in the lowered text. None where that is unknown or the
    lowered text is not to be trusted (regex_gates). One scan for every role's words; a place
    found, the scan goes on from the next character, so words overlapping it are found too."""
    low = text.lower()
    if pats["any_open"] is None or len(low) != len(text) or trapped(text, pats["traps"]):
        return [None] * len(pats["opens"])
    out: list[list[int] | None] = [None if words is None else [] for words in pats["opens"]]
    m = pats["any_open"].search(low)
    while m:
        q = m.start()
        for words, at in zip(pats["opens"], out):
            if words is not None and low.startswith(words, q):
                at.append(offset + q)
        m = pats["any_open"].search(low, q + 1)
    return out


def _any_word(words: set[str]) -> re.Pattern | None:
    """A pattern that matches where one of ``words`` (literal) begins: a trie of them, each
    branch ending at the shortest word (what a longer word would add is not needed to know
    that one begins), so the engine tells words apart a letter at a time."""
    if not words or "" in words:
        return None
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def alternation(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        alts = [re.escape(c) + alternation(child) for c, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(alternation(trie))


def _matches(rx: re.Pattern, text: str, offset: int, opens: list[int] | None, first: bool = False) -> list[re.Match]:
    """``list(rx.finditer(text))`` (only its first match if ``first``) for ``text``, a part of the
    article starting at ``offset``, trying only the places where a match may start (``opens``,
    offsets into the article; None: everywhere). A match within ``text`` opens with one of the
    words, inside ``text``, so at one of these places; and as its matches are never empty,
    finditer goes on where the last one ended."""
    if not opens:
        if opens is not None:
            return []
        if first:
            m = rx.search(text)
            return [m] if m else []
        return list(rx.finditer(text))
    out = []
    end = 0
    for q in opens[bisect_left(opens, offset):bisect_left(opens, offset + len(text))]:
        q -= offset
        if q >= end:
            m = rx.match(text, q)
            if m:
                out.append(m)
                if first:
                    break
                end = m.end()
    return out


def _cues(sent: Sentence, pats, opens: list[list[int] | None]) -> list[tuple[str, int, int]]:
    """Every role cue of a sentence, found once for all the names in it."""
    return [(role, m.start(), m.end()) for (role, rx), at in zip(pats["cues"], opens)
            for m in _matches(rx, sent.text, sent.start, at)]


# titles stand within a few hundred characters of the name; looking further made a long
# paragraph of names quadratic
_TITLE_REACH = 600
_AFTER_STOP = re.compile(r"[;.:!?\n(«\"“]|\s(?:и|та|і|và|and)\s")
# the last of these marks in a string: one scan instead of one rfind per mark
_LAST_BOUNDARY = re.compile(r'.*[;:.!?(«"\n]', re.DOTALL)
_AFTER_OPEN = re.compile(r"\s*(?:,|-|–|—)\s*")


def _titles(sent: Sentence, a: int, b: int, pats, live: list[tuple[re.Pattern, list[int] | None]]) -> list[str]:
    """Titles written just before the name ('секретарь ... Хау А Лень') or after it, set off by a
    comma or dash ('Ле Тхи Ким Зунг, постоянный заместитель ...'). ``live``: the role cues, in
    order, that may match in the sentence, with the places where they may start (_cue_opens)."""
    out: list[str] = []
    sentence = sent.text
    heads = pats["heads"]
    # before: from the first title word after the last boundary or role cue, up to the name
    lo = max(0, a - _TITLE_REACH)
    left = sentence[lo:a]
    cut = _LAST_BOUNDARY.match(left)
    cut = cut.end() - 1 if cut else -1
    for rx, at in live:
        found = _matches(rx, left, sent.start + lo, at)
        if found:  # the matches are in order and do not overlap: the last ends last
            cut = max(cut, found[-1].end() - 1)
    clause = left[cut + 1:]
    h = heads.search(clause)
    if h:
        out += _split_titles(clause[h.start():], heads)
    # after: ", title, title;" or " - title, title"
    right = sentence[b:b + _TITLE_REACH]
    m = _AFTER_OPEN.match(right)
    if m:
        seg = right[m.end():]
        stop = _AFTER_STOP.search(seg)
        seg = seg[: stop.start()] if stop else seg
        for rx, at in live:
            c = _matches(rx, seg, sent.start + b + m.end(), at, first=True)
            if c:
                seg = seg[: c[0].start()]
        if heads.match(seg.strip()):
            out += _split_titles(seg, heads)
    return out


_TITLE_SEP = re.compile(r",\s+|\s[-–—]\s")


def _split_titles(seg: str, heads) -> list[str]:
    titles = []
    for p in _TITLE_SEP.split(seg):
        p = p.strip(" ,-–—\u00a0")
        if not p:
            continue
        if not heads.match(p):
            if titles:
                break
        elif len(p) < 160:
            titles.append(p)
    return titles


def _assign_base_forms(mentions: list[dict[str, Any]], lang: str) -> None:
    """Base (nominative) form of each mention: a form seen as such elsewhere in the article wins;
    otherwise a case ending is removed when what remains ends like a Vietnamese syllable."""
    if lang not in ("ru", "uk"):   # no case endings: every mention is in its base form
        for m in mentions:
            m["base"] = m["surface"]
        return
    seen = {person_key(m["surface"]): m["surface"] for m in mentions}
    for m in mentions:
        m["base"] = m["surface"]
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

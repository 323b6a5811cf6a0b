"""Directives: sentences in which a leader instructs, requests, assigns or urges.

A sentence opens an instruction passage when a verb of instructing ("потребовал", "yêu cầu",
"requested") follows a leader (a title, a name, a pronoun). The sentences after it carry on the
list while they read as instructions: they open with an infinitive or "Необходимо"/"cần", or hold
a modal or an urgency word. Photo captions interleave with such lists in these reports, so captions
are skipped: they neither add to a list nor end it. One unrelated sentence is tolerated inside a
list opened by a verb of instructing; a second one, or a source/credit line, ends it.

A leader's remark ("отметил", "nhấn mạnh", "stressed") opens a softer passage: only sentences that
carry a modal outside quotations count ("Министерства ... должны безотлагательно создавать").
Phrasings are data in ``lang/<xx>/directives.yml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extract.article import Article, Sentence
from extract.directive_parts import (addressee_splitter, addressees, deadline, name_patterns, named_issuer,
                                     titled_issuer)
from extract.langpack import LangPack, load_pack

_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*\|?\s*$|^\S+\.(?:jpe?g|png|gif|webp)\)?\s*$|^\.(?:jpe?g|png)\)$", re.I)
# credit and source lines end a passage: "Новости и фото: Ван Нги", "Source: https://..."
_END = re.compile(r"https?://|^[^\s:]+(?:\s+[^\s:]+){0,3}\s*:\s*\S.{0,40}$|^[^\w]*\w+\s*\(\d+\)\s*$")
_QUOTED = re.compile(r"«[^»«]{0,2000}»|“[^”“]{0,2000}”|\"[^\"]{0,2000}\"")
_CAPTION_MAX = 260
# a list item's marker: "- ", "• ", "1. ", "a) ", "+ "
_BULLET = re.compile(r"^\s*(?:[-–—•●▪+*·]|\d{1,2}[.)]|[a-zа-я][.)])\s+")
_STOPS = (".", "!", "?", "…", ":", ";", "»", "”", '"', ")")


@dataclass(frozen=True)
class _Rules:
    verbs: re.Pattern
    not_after: re.Pattern | None
    not_before: re.Pattern | None
    leader: re.Pattern
    speech: re.Pattern | None
    cont_start: re.Pattern | None
    cont_any: re.Pattern | None
    remark_modal: re.Pattern | None
    speech_after: re.Pattern | None
    list_head: re.Pattern | None
    caption: re.Pattern | None
    addr_lead: re.Pattern
    addr_stop: re.Pattern
    deadline: re.Pattern | None
    title_keys: tuple[tuple[str, re.Pattern], ...]
    deputy: re.Pattern | None
    splitter: re.Pattern


def _opt(d: dict[str, Any], key: str, flags: int = re.IGNORECASE) -> re.Pattern | None:
    return re.compile(d[key], flags) if d.get(key) else None


@lru_cache(maxsize=None)
def _rules(lang: str) -> _Rules:
    d = load_pack(lang)["directives"]
    i = re.IGNORECASE
    return _Rules(
        verbs=re.compile(d["verbs"], i),
        not_after=_opt(d, "verb_not_after", 0),
        not_before=_opt(d, "verb_not_before"),
        leader=re.compile(d["leader"]),  # case-sensitive: "Ban" (board) is not "ban", "He" not "he"
        speech=_opt(d, "speech_verbs"),
        cont_start=_opt(d, "continuation_start", 0),
        cont_any=_opt(d, "continuation_any"),
        remark_modal=_opt(d, "remark_modal") or _opt(d, "continuation_any"),
        speech_after=_opt(d, "speech_after", 0),
        list_head=(re.compile(rf"(?:\S+\s+)?(?:{d['addressee_heads']})(?!\w)", i)
                   if d.get("addressee_heads") else None),
        caption=_opt(d, "caption"),
        addr_lead=re.compile(d.get("addressee_lead") or r"\s*", i),
        addr_stop=re.compile(d.get("addressee_stop") or r"[.;:]", i),
        deadline=_opt(d, "deadline"),
        title_keys=tuple((k, re.compile(v, i)) for k, v in (d.get("title_keys") or {}).items()),
        deputy=_opt(d, "deputy"),
        splitter=addressee_splitter(d.get("addressee_heads")),
    )


def find_directives(art: Article, pack: LangPack, officials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One dict per instruction sentence, in text order (schema: directives)."""
    r = _rules(pack.lang)
    names = name_patterns(officials)
    out: list[dict[str, Any]] = []
    mode: str | None = None       # None, "strong" (after a verb of instructing) or "soft" (after a remark)
    issuer: str | None = None
    gap = 0
    prev_image = False
    for sent in art.sentences:
        t = sent.text
        if _IMAGE.match(t):
            prev_image = True
            continue
        caption = _is_caption(art.text, sent, prev_image, r)
        prev_image = False
        if caption:
            continue
        verb = _verb(t, r, names)
        if verb:
            issuer = _issuer(t, sent.start, verb.start(), officials, names, r) or issuer
            out.append(_record(art, sent, issuer, verb, r))
            # "... requested:" opens a list: its items carry the instruction on, line by line
            mode, gap = ("list" if t.rstrip().endswith(":") else "strong"), 0
            continue
        if mode == "list" and _list_item(art.text, sent, r):
            out.append(_record(art, sent, issuer, None, r))
            continue
        after = r.speech_after.search(t) if r.speech_after else None
        if after and r.remark_modal and r.remark_modal.search(_QUOTED.sub(" ", t[:after.start()])):
            # "Ministries must cut ..., he stressed.": the leader speaks after the instruction
            issuer = _issuer(t, sent.start, len(t), officials, names, r) or issuer
            out.append(_record(art, sent, issuer, None, r))
            mode, gap = "soft", 0
            continue
        remark = _remark(t, r, names)
        if remark:
            issuer = _issuer(t, sent.start, remark.start(), officials, names, r) or issuer
            rest = _QUOTED.sub(" ", t[remark.end():])
            if r.remark_modal and r.remark_modal.search(rest):
                out.append(_record(art, sent, issuer, None, r))
            mode, gap = "soft", 0
            continue
        if mode and _continues(t, r, soft=mode == "soft"):
            out.append(_record(art, sent, issuer, None, r))
            gap = 0
            continue
        if mode in ("strong", "list") and gap == 0 and not _END.search(t):
            gap = 1
            continue
        mode, gap = None, 0
    return out


def _is_caption(text: str, sent: Sentence, prev_image: bool, r: _Rules) -> bool:
    t = sent.text
    if t.startswith("|") or t.endswith("|"):
        return True
    whole_line = (sent.start == 0 or text[sent.start - 1] == "\n") and (sent.end >= len(text) or text[sent.end] == "\n")
    if prev_image and whole_line and len(t) < _CAPTION_MAX:
        return True
    # a headline or an unpunctuated caption: a short line of its own that ends without a stop,
    # in the middle of the text (an excerpt's cut-off last sentence ends without one too)
    if whole_line and len(t) < _CAPTION_MAX and not t.rstrip().endswith(_STOPS) and text[sent.end:].strip():
        return True
    return bool(r.caption and len(t) < _CAPTION_MAX and r.caption.search(t))


def _first_leader(t: str, r: _Rules, names) -> int:
    """Where the first leader word or official's name starts (len(t) if none): searched once."""
    starts = [m.start() for m in [r.leader.search(t), *(rx.search(t) for _, rx in names)] if m]
    return min(starts, default=len(t))


def _verb(t: str, r: _Rules, names) -> re.Match | None:
    """The first verb of instructing that has a leader before it and is not a noun or a report."""
    leader_at = None
    for m in r.verbs.finditer(t):
        if r.not_after and r.not_after.search(t[max(0, m.start() - 40):m.start()]):
            continue
        if r.not_before and r.not_before.match(t[m.end():m.end() + 40]):
            continue
        if leader_at is None:
            leader_at = _first_leader(t, r, names)
        if leader_at < m.start():
            return m
    return None


def _remark(t: str, r: _Rules, names) -> re.Match | None:
    if not r.speech:
        return None
    leader_at = None
    for m in r.speech.finditer(t):
        if leader_at is None:
            leader_at = _first_leader(t, r, names)
        if leader_at < m.start():
            return m
    return None


def _list_item(text: str, sent: Sentence, r: _Rules) -> bool:
    """A line of a list of instructions: marked as an item, or opening with an addressee
    ("Sở Tài chính tham mưu ...") or an instruction; the list ends at the first line that is not."""
    t = sent.text
    if _BULLET.match(t):
        return True
    if sent.start and text[sent.start - 1] != "\n":
        return False   # a second sentence inside an item's line
    return bool((r.list_head and r.list_head.match(t)) or _continues(t, r, soft=False))


def _continues(t: str, r: _Rules, soft: bool) -> bool:
    t = _BULLET.sub("", t, count=1)
    if t.lstrip().startswith(("«", "“", '"')):
        return False
    plain = _QUOTED.sub(" ", t)
    if r.cont_any and r.cont_any.search(plain):
        return True
    return bool(not soft and r.cont_start and r.cont_start.match(t))


def _issuer(t: str, offset: int, upto: int, officials, names, r: _Rules) -> str | None:
    return named_issuer(t, offset, upto, names) or titled_issuer(t[:upto], officials, r.title_keys, r.deputy)


def _record(art: Article, sent: Sentence, issuer: str | None, verb: re.Match | None, r: _Rules) -> dict[str, Any]:
    addr = addressees(sent.text, verb.end(), r.addr_lead, r.addr_stop, r.splitter) if verb else []
    return {
        "text": sent.text,
        "start": sent.start,
        "end": sent.end,
        "issuer": issuer,
        "addressees": addr,
        "deadline": deadline(sent.text, art.lang, r.deadline),
    }

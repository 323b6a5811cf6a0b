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
from typing import Any, Iterator

from extract.article import Article, Sentence
from extract.case_folding import fold, folded_gate
from extract.directive_parts import ArticleNames, addressee_splitter, addressees, deadline, titled_issuer
from extract.langpack import LangPack, load_pack

_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*\|?\s*$|^\S+\.(?:jpe?g|png|gif|webp)\)?\s*$|^\.(?:jpe?g|png)\)$", re.I)
# credit and source lines end a passage: "Новости и фото: Ван Нги", "Source: https://..."
_END = re.compile(r"https?://|^[^\s:]+(?:\s+[^\s:]+){0,3}\s*:\s*\S.{0,40}$|^[^\w]*\w+\s*\(\d+\)\s*$")
_QUOTED = re.compile(r"«[^»«]{0,2000}»|“[^”“]{0,2000}”|\"[^\"]{0,2000}\"")
_CAPTION_MAX = 260
# a list item's marker: "- ", "• ", "1. ", "a) ", "+ "
_BULLET = re.compile(r"^\s*(?:[-–—•●▪+*·]|\d{1,2}[.)]|[a-zа-я][.)])\s+")
_VISIBLE = re.compile(r"\S")
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
    # cheap tests on the folded text, passing every sentence the pattern can match (see folded_gate)
    verbs_gate: re.Pattern | None
    speech_gate: re.Pattern | None
    verbs_or_speech_gate: re.Pattern | None   # one pass where most sentences hold neither
    caption_gate: re.Pattern | None
    deadline_gate: re.Pattern | None


def _gate(*patterns: re.Pattern | None, loose_start: bool = False) -> re.Pattern | None:
    present = [rx for rx in patterns if rx]
    return folded_gate(*present, loose_start=loose_start) if present else None


def _opt(d: dict[str, Any], key: str, flags: int = re.IGNORECASE) -> re.Pattern | None:
    return re.compile(d[key], flags) if d.get(key) else None


@lru_cache(maxsize=None)
def _rules(lang: str) -> _Rules:
    d = load_pack(lang)["directives"]
    i = re.IGNORECASE
    verbs, speech, caption = re.compile(d["verbs"], i), _opt(d, "speech_verbs"), _opt(d, "caption")
    deadline_rx, speech_after = _opt(d, "deadline"), _opt(d, "speech_after", 0)
    return _Rules(
        verbs=verbs,
        not_after=_opt(d, "verb_not_after", 0),
        not_before=_opt(d, "verb_not_before"),
        leader=re.compile(d["leader"]),  # case-sensitive: "Ban" (board) is not "ban", "He" not "he"
        speech=speech,
        cont_start=_opt(d, "continuation_start", 0),
        cont_any=_opt(d, "continuation_any"),
        remark_modal=_opt(d, "remark_modal") or _opt(d, "continuation_any"),
        speech_after=speech_after,
        list_head=(re.compile(rf"(?:\S+\s+)?(?:{d['addressee_heads']})(?!\w)", i)
                   if d.get("addressee_heads") else None),
        caption=caption,
        addr_lead=re.compile(d.get("addressee_lead") or r"\s*", i),
        addr_stop=re.compile(d.get("addressee_stop") or r"[.;:]", i),
        deadline=deadline_rx,
        title_keys=tuple((k, re.compile(v, i)) for k, v in (d.get("title_keys") or {}).items()),
        deputy=_opt(d, "deputy"),
        splitter=addressee_splitter(d.get("addressee_heads")),
        verbs_gate=_gate(verbs),
        speech_gate=_gate(speech),
        verbs_or_speech_gate=_gate(verbs, speech),
        caption_gate=_gate(caption, loose_start=True),   # only whether a sentence holds one
        deadline_gate=_gate(deadline_rx),
    )


def find_directives(art: Article, pack: LangPack, officials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One dict per instruction sentence, in text order (schema: directives)."""
    r = _rules(pack.lang)
    folded = fold(art.text)
    names = ArticleNames(officials, folded)
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
        after_image, prev_image = prev_image, False
        if _is_caption_line(art.text, sent, after_image):
            continue
        # a verb or a remark counts only after a leader: where neither can be, or no leader is, they are
        # not searched for; outside a passage, such a sentence (unless "..., he stressed.") changes
        # nothing, so it need not be told from a caption either
        verb_from = remark_from = None
        either = _possible_from(r.verbs_or_speech_gate, folded, sent)
        if either is not None:
            verb_from = _possible_from(r.verbs_gate, folded, sent, either)
            remark_from = _possible_from(r.speech_gate, folded, sent, either) if r.speech else None
        may_verb, may_remark = verb_from is not None, remark_from is not None
        leader_at = _first_leader(sent, r, names) if may_verb or may_remark else len(t)
        if mode is None and leader_at >= len(t) and not _spoken_after(t, r):
            continue
        if _is_caption_text(t, folded, sent, r):
            continue
        verb = _verb(t, folded, sent, r, leader_at, verb_from) if may_verb else None
        if verb:
            issuer = _issuer(sent, verb.start(), officials, names, r) or issuer
            out.append(_record(art, folded, sent, issuer, verb, r))
            # "... requested:" opens a list: its items carry the instruction on, line by line
            mode, gap = ("list" if t.rstrip().endswith(":") else "strong"), 0
            continue
        if mode == "list" and _list_item(art.text, sent, r):
            out.append(_record(art, folded, sent, issuer, None, r))
            continue
        if _spoken_after(t, r):
            issuer = _issuer(sent, len(t), officials, names, r) or issuer
            out.append(_record(art, folded, sent, issuer, None, r))
            mode, gap = "soft", 0
            continue
        remark = _remark(t, folded, sent, r, leader_at, remark_from) if may_remark else None
        if remark:
            issuer = _issuer(sent, remark.start(), officials, names, r) or issuer
            rest = _QUOTED.sub(" ", t[remark.end():])
            if r.remark_modal and r.remark_modal.search(rest):
                out.append(_record(art, folded, sent, issuer, None, r))
            mode, gap = "soft", 0
            continue
        if mode and _continues(t, r, soft=mode == "soft"):
            out.append(_record(art, folded, sent, issuer, None, r))
            gap = 0
            continue
        if mode in ("strong", "list") and gap == 0 and not _END.search(t):
            gap = 1
            continue
        mode, gap = None, 0
    return out


def _is_caption_line(text: str, sent: Sentence, prev_image: bool) -> bool:
    """A caption told by its layout: a table cell, a line under an image, a headline."""
    t = sent.text
    if t.startswith("|") or t.endswith("|"):
        return True
    whole_line = (sent.start == 0 or text[sent.start - 1] == "\n") and (sent.end >= len(text) or text[sent.end] == "\n")
    if not whole_line or len(t) >= _CAPTION_MAX:
        return False
    # a short line of its own under an image; or a headline or an unpunctuated caption: one that ends
    # without a stop, in the middle of the text (an excerpt's cut-off last sentence ends without one too)
    return prev_image or (not t.rstrip().endswith(_STOPS) and _VISIBLE.search(text, sent.end) is not None)


def _is_caption_text(t: str, folded: str, sent: Sentence, r: _Rules) -> bool:
    """A caption told by its wording ("Photo: ...", "... speaks at the meeting")."""
    if not r.caption or len(t) >= _CAPTION_MAX:
        return False
    return _possible_from(r.caption_gate, folded, sent) is not None and r.caption.search(t) is not None


def _possible_from(gate: re.Pattern | None, folded: str, sent: Sentence, pos: int = 0) -> int | None:
    """Where in the sentence the first match of the gate's pattern can start (None: nowhere), given
    that none starts before ``pos``.

    No match starts before the gate's first one, so searching from there (lookbehinds still see
    the text before) finds what searching from the start would."""
    if gate is None:
        return pos
    m = gate.search(folded, sent.start + pos, sent.end)
    return None if m is None else m.start() - sent.start


def _spoken_after(t: str, r: _Rules) -> bool:
    """"Ministries must cut ..., he stressed.": the leader speaks after the instruction."""
    after = r.speech_after.search(t) if r.speech_after else None
    return bool(after and r.remark_modal and r.remark_modal.search(_QUOTED.sub(" ", t[:after.start()])))


def _first_leader(sent: Sentence, r: _Rules, names: ArticleNames) -> int:
    """Where the first leader word or official's name starts (len(text) if none)."""
    t = sent.text
    m = r.leader.search(t)
    lead = m.start() if m else len(t)
    at = names.first(sent, lead) if lead else None   # a name counts only before the first leader word
    return lead if at is None else at


def _matches(rx: re.Pattern, gate: re.Pattern | None, folded: str, sent: Sentence, pos: int) -> Iterator[re.Match]:
    """rx.finditer(sent.text, pos), each search begun where the gate lets the next match start
    (a gated pattern cannot match the empty string, so each search resumes at the last match's end,
    as finditer's would)."""
    if gate is None:
        yield from rx.finditer(sent.text, pos)
        return
    at: int | None = pos
    while at is not None:
        m = rx.search(sent.text, at)
        if m is None:
            return
        yield m
        at = _possible_from(gate, folded, sent, m.end())


def _verb(t: str, folded: str, sent: Sentence, r: _Rules, leader_at: int, pos: int) -> re.Match | None:
    """The first verb of instructing that has a leader before it and is not a noun or a report."""
    if leader_at >= len(t):
        return None   # no match starts after the end
    for m in _matches(r.verbs, r.verbs_gate, folded, sent, pos):
        if r.not_after and r.not_after.search(t[max(0, m.start() - 40):m.start()]):
            continue
        if r.not_before and r.not_before.match(t[m.end():m.end() + 40]):
            continue
        if leader_at < m.start():
            return m
    return None


def _remark(t: str, folded: str, sent: Sentence, r: _Rules, leader_at: int, pos: int) -> re.Match | None:
    if not r.speech or leader_at >= len(t):
        return None
    for m in _matches(r.speech, r.speech_gate, folded, sent, pos):
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


def _issuer(sent: Sentence, upto: int, officials, names: ArticleNames, r: _Rules) -> str | None:
    return names.issuer(sent, upto) or titled_issuer(sent.text[:upto], officials, r.title_keys, r.deputy)


def _record(art: Article, folded: str, sent: Sentence, issuer: str | None, verb: re.Match | None,
            r: _Rules) -> dict[str, Any]:
    addr = addressees(sent.text, verb.end(), r.addr_lead, r.addr_stop, r.splitter) if verb else []
    due = _possible_from(r.deadline_gate, folded, sent)
    return {
        "text": sent.text,
        "start": sent.start,
        "end": sent.end,
        "issuer": issuer,
        "addressees": addr,
        "deadline": deadline(sent.text, art.lang, r.deadline, due) if due is not None else None,
    }

"""The flow of one article through the extractor, stage by stage.

1. normalise the text (NFC, newlines) -- offsets refer to the normalised text we return
2. pick the language pack (given or detected)
3. tokenise and split sentences with spaCy (``nlp.pipe`` when many articles)
4. officials: names, titles, roles, person keys
5. directives (issuer resolved against the officials), 6. task reports outside directives,
7. rankings, 8. meeting: relevance (a trained model weighing cues and stages 4-7), province,
   date, level, committee, chair
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import Any

from extract.article import Article
from extract.directives import find_directives
from extract.errors import ExtractError
from extract.html import html_to_text
from extract.langpack import load_pack, supported_languages
from extract.letters import without_surrogates
from extract.language import detect_language
from extract.meeting import find_meeting
from extract.nlp import get_nlp, sentences_of
from extract.officials import find_officials
from extract.rankings import find_rankings
from extract.source_line import cited_url
from extract.tasks import find_task_reports

EXTRACTOR_VERSION = "0.1.0"
MAX_CHARS = 1_000_000  # spaCy's own limit; a crawled page is capped at 1 MB before it gets here


def normalise(text: str) -> str:
    """NFC (Vietnamese diacritics come in both forms) and Unix newlines."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")


def _prepare(text: str, lang: str | None) -> tuple[str, str]:
    if not isinstance(text, str):
        raise ExtractError("input is not text")
    text = without_surrogates(normalise(text))
    if not text.strip():
        raise ExtractError("input is empty")
    if "\x00" in text:
        raise ExtractError("input looks binary (NUL bytes), not text")
    if len(text) > MAX_CHARS:
        raise ExtractError(f"input is {len(text):,} characters; an article has at most {MAX_CHARS:,}")
    if lang in (None, "", "auto"):
        lang = detect_language(text)
    elif lang not in supported_languages():
        load_pack(lang)  # raises UnknownLanguage with the list of supported ones
    return text, lang


def extract(
    text: str,
    lang: str | None = "auto",
    *,
    url: str | None = None,
    path: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> dict[str, Any]:
    """Extract one article. Returns a dict valid against extraction.schema.json."""
    text, lang = _prepare(text, lang)
    doc = get_nlp(lang)(text)
    return _run_stages(text, lang, doc, url=url, path=path, title=title, published=published)


def extract_many(items: Iterable[dict[str, Any]], batch_size: int = 32) -> Iterator[dict[str, Any]]:
    """Extract many articles, one spaCy ``nlp.pipe`` per language batch.

    Each item: {"text": ..., "lang": "auto"|code, "url", "path", "title", "published"}.
    Results come back in input order.
    """
    prepared = []
    for item in items:
        text, lang = _prepare(item["text"], item.get("lang"))
        prepared.append((text, lang, item))
    by_lang: dict[str, list[int]] = {}
    for i, (_, lang, _) in enumerate(prepared):
        by_lang.setdefault(lang, []).append(i)
    docs: dict[int, Any] = {}
    for lang, idxs in by_lang.items():
        nlp = get_nlp(lang)
        for i, doc in zip(idxs, nlp.pipe((prepared[i][0] for i in idxs), batch_size=batch_size)):
            docs[i] = doc
    for i, (text, lang, item) in enumerate(prepared):
        yield _run_stages(
            text, lang, docs[i], url=item.get("url"), path=item.get("path"),
            title=item.get("title"), published=item.get("published"),
        )


def extract_html(html: str, lang: str | None = "auto", **kw: Any) -> dict[str, Any]:
    """Extract from an HTML page: main text first, then :func:`extract`."""
    text, title = html_to_text(html)
    kw.setdefault("title", title)
    return extract(text, lang, **kw)


def _run_stages(text, lang, doc, *, url, path, title, published) -> dict[str, Any]:
    pack = load_pack(lang)
    cited = cited_url(text)
    art = Article(
        text=text, lang=lang, doc=doc, sentences=sentences_of(doc, text), url=url or cited,
        original_url=cited, title=title, published=published,
    )
    officials = find_officials(art, pack)
    directives = find_directives(art, pack, officials)
    # an instruction to finish "the 4 overdue tasks" is not a report of how many are overdue
    inside = _span_cover([(d["start"], d["end"]) for d in directives])
    task_reports = [t for t in find_task_reports(art, pack) if not inside(t["start"], t["end"])]
    rankings = find_rankings(art, pack)
    meeting = find_meeting(art, pack, officials,
                           {"directives": directives, "task_reports": task_reports, "rankings": rankings})
    return {
        "source": {"path": path, "url": art.url, "original_url": art.original_url},
        "language": lang,
        "text": text,
        "meeting": meeting,
        "officials": officials,
        "task_reports": task_reports,
        "rankings": rankings,
        "directives": directives,
        "extractor_version": EXTRACTOR_VERSION,
    }


def _span_cover(spans: list[tuple[int, int]]):
    """A test "does one of these spans contain [start, end)?" in log time (a text of thousands of
    directives and task figures made the plain double loop quadratic)."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach, furthest = [], -1
    for _, b in spans:
        furthest = max(furthest, b)
        reach.append(furthest)   # the furthest end among spans starting at or before this one

    def inside(start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end
    return inside

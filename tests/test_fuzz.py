"""Fuzzing the extractor and the HTML parsers with Hypothesis, and their worst known inputs.

The extractor (``extract``, ``extract_many``, ``extract_html``) gets text built from what reaches
its deep paths: strings matching the language packs' own patterns (titles, role verbs, task and
ranking phrasings, numbers, months), fragments of the real seeds and dev articles spliced
together, numbers in every notation, guillemets, long tokens and arbitrary Unicode. Whatever it
gets, it answers with ExtractError or a result valid against the schema whose offsets slice its
own text, within a time bound. The crawler's page parser and ``html_to_text`` get malformed
HTML: unbalanced and deeply nested tags, broken entities, huge attributes, JSON-LD of any shape.

Reproducible in CI: examples are derandomised (same inputs every run, no example database) and
not shrunk, so a slow failing input costs one run, not hundreds; the falsifying input is printed.
``FUZZ_SCALE=10 pytest tests/test_fuzz.py`` runs ten times as many examples.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
from datetime import date

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEEDS_DIR
from crawler.article import ParsedPage, parse_page
from extract.errors import ExtractError
from extract.html import html_to_text
from extract.langpack import LANG_DIR, supported_languages
from extract.nlp import get_nlp
from extract.pipeline import extract, extract_html, extract_many, normalise

SCHEMA = json.loads((ROOT / "extract" / "schema" / "extraction.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=False,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.large_base_example])
MAX_TEXT = 20_000        # characters per generated text
SECONDS_PER_TEXT = 2.0   # wall time allowed per input of up to MAX_TEXT (2 shared cores in CI)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SLOWEST: dict[str, tuple[float, int, int]] = {}   # test -> (seconds, size of that input, examples)
pytestmark = pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")   # pages that open with <?xml


@pytest.fixture(scope="module", autouse=True)
def warm_pipelines():
    """Build every language's pipeline once, so no example pays for loading; report the slowest
    example of each test at the end (``pytest -s``)."""
    for lang in supported_languages():
        get_nlp(lang)
    yield
    for name, (seconds, size, runs) in SLOWEST.items():
        print(f"{name}: {runs} examples, slowest {seconds:.2f} s ({size} characters)")


def note(test: str, seconds: float, size: int) -> None:
    worst, worst_size, runs = SLOWEST.get(test, (0.0, 0, 0))
    SLOWEST[test] = (seconds, size, runs + 1) if seconds > worst else (worst, worst_size, runs + 1)


# --- what the texts are made of -----------------------------------------------------------------

def _pack_patterns(lang: str) -> list[str]:
    found: list[str] = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    for path in sorted((LANG_DIR / lang).glob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [p for p in found if _compiles(p)]


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _real_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    for path in sorted((ROOT / "corpus" / "gold" / "dev-articles").glob("*.json"))[::3]:
        texts.append(json.loads(path.read_text(encoding="utf-8"))["text"])
    return texts


REAL = _real_texts()
SENTENCES = sorted({s.strip() for t in REAL for s in re.split(r"(?<=[.!?])\s+|\n+", t) if len(s.strip()) > 3})
LANGS = supported_languages()
# strings the language packs match: the cue words every stage looks for
CUES = st.one_of(*[st.from_regex(p, fullmatch=True) for lang in LANGS for p in _pack_patterns(lang)])
LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
           "ĐĂÂÊÔƠƯ" "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" "ґєіїҐЄІЇ" "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
PUNCT = "«»“”„\"'()[]{}.,;:!?…-–—/%&*+=<>#@|\\_~`"
WORDS = st.text(alphabet=LETTERS, min_size=1, max_size=12)
NUMBERS = st.one_of(
    st.integers(0, 10 ** 13).map(str),
    st.tuples(st.integers(0, 999), st.integers(0, 999)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.builds(lambda f, sep: f"{f:.2f}".replace(".", sep), st.floats(0, 1e6), st.sampled_from([".", ","])),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.sampled_from(["I", "II", "IV", "XII", "thứ 12/34", "№ 5", "57-NQ/TW", "1.234.567", "12,5", "2025",
                     "30/11/2025", "28-10", "15.11.2025", "tháng 10/2025", "10 tháng 11", "ngày 5"]),
)
FRAGMENTS = st.builds(lambda t, a, n: t[a % len(t):a % len(t) + n], st.sampled_from(REAL),
                      st.integers(0, 10 ** 6), st.integers(1, 5000))
LONG_TOKENS = st.builds(lambda c, n: c * n, st.sampled_from(list(PUNCT[:12]) + ["a", "1", "ả", "Ж", "ab1."]),
                        st.integers(50, MAX_TEXT))
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\n\n", ", ", ". ", " - ", "\t", "\r\n", "\u00a0", "", "|"])
PIECE = st.one_of(CUES, WORDS, NUMBERS, FRAGMENTS, st.sampled_from(list(PUNCT)), LONG_TOKENS,
                  st.text(max_size=40))
# a few draws make a long text: fragments run to thousands of characters and pieces repeat
MIXED = st.lists(st.tuples(PIECE, SEPARATORS, st.integers(1, 40)), min_size=1, max_size=40).map(
    lambda parts: "".join((p + s) * k for p, s, k in parts))
# real sentences, each perhaps cut, with something put in or taken out: reports that reach every stage
MUTATED = st.builds(lambda s, at, cut, put: s[:at % (len(s) + 1)] + put + s[at % (len(s) + 1) + cut:],
                    st.sampled_from(SENTENCES), st.integers(0, 500), st.integers(0, 20),
                    st.one_of(st.just(""), PIECE))
ARTICLES = st.lists(st.tuples(st.one_of(st.sampled_from(SENTENCES), MUTATED), SEPARATORS), min_size=1,
                    max_size=60).map(lambda parts: "".join(p + s for p, s in parts) * (1 + len(parts) // 20))
# a run of a real article's lines, with pieces put in between: the whole context a stage needs
WINDOWS = st.builds(lambda lines, at, n, put: "\n".join(lines[at % len(lines):at % len(lines) + n] + put)
                    + "\n" + "\n".join(lines[at % len(lines) + n:]),
                    st.sampled_from([t.splitlines() or [t] for t in REAL]), st.integers(0, 200),
                    st.integers(0, 60), st.lists(PIECE, max_size=3))
TEXTS = st.one_of(MIXED, ARTICLES, WINDOWS).map(lambda t: t[:MAX_TEXT])
LANG_ARG = st.sampled_from(["auto"] * 4 + LANGS)   # mostly detected, as the crawler does


# --- what a result must be ----------------------------------------------------------------------

def check_result(result: dict, given_text: str) -> None:
    VALIDATOR.validate(result)
    json.dumps(result, allow_nan=False)          # the CLI prints it as JSON: no NaN or infinity
    text = result["text"]
    assert text == normalise(given_text)
    n = len(text)
    for o in result["officials"]:
        assert 0 <= o["start"] < o["end"] <= n and text[o["start"]:o["end"]].strip(), o
    for rec in result["task_reports"] + result["rankings"]:
        assert 0 <= rec["start"] < rec["end"] <= n, rec
        assert text[rec["start"]:rec["end"]] in rec["sentence"] and rec["sentence"] in text, rec
    for d in result["directives"]:
        assert 0 <= d["start"] < d["end"] <= n and text[d["start"]:d["end"]] == d["text"], d
    # the dashboard writes the meeting date into the page as HTML: it must be a date, nothing else
    when = result["meeting"].get("date")
    assert when is None or (ISO_DATE.fullmatch(when) and date.fromisoformat(when)), when


def storable(value: str) -> bool:
    """SQLite (and any UTF-8 output) takes it: no lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def timed(fn, *args, **kw):
    started = time.perf_counter()
    try:
        return fn(*args, **kw), time.perf_counter() - started
    except ExtractError:
        return None, time.perf_counter() - started


# --- the extractor --------------------------------------------------------------------------------

@settings(FUZZ, max_examples=1000 * SCALE)
@given(text=TEXTS, lang=LANG_ARG)
def test_extract_answers_any_text_with_a_valid_result_in_bounded_time(text, lang):
    result, seconds = timed(extract, text, lang, url="http://127.0.0.1/a")
    note("extract", seconds, len(text))
    assert seconds < SECONDS_PER_TEXT, f"{seconds:.1f} s for {len(text)} characters"
    event(f"text of {10 ** len(str(len(text))) // 10}+ characters")
    if result is None:
        event("ExtractError")
        return
    check_result(result, text)
    for stage in ("officials", "task_reports", "rankings", "directives"):   # deep paths reached
        if result[stage]:
            event(f"found {stage}")
    if result["meeting"].get("date"):
        event("found a meeting date")


@settings(FUZZ, max_examples=40 * SCALE)
@given(char=st.sampled_from(list(PUNCT) + ["a", "1", "ả", "Ж"]), n=st.integers(1000, MAX_TEXT), lang=LANG_ARG,
       around=st.tuples(st.sampled_from(SENTENCES), st.sampled_from(SENTENCES)))
def test_long_runs_of_one_character_end_in_bounded_time(char, n, lang, around):
    """Long runs are rare among the texts above but cheap to make: a page of dashes, dots,
    quotes or one repeated letter. Each runs in a child killed at the bound."""
    text = f"{around[0]} {char * n} {around[1]}"
    outcome, seconds, detail = bounded(extract, text, lang, seconds=SECONDS_PER_TEXT * 3)
    note("extract, long runs", seconds, len(text))
    assert outcome in ("ok", "ExtractError"), f"{outcome}: {detail}"
    assert seconds < SECONDS_PER_TEXT, f"{seconds:.1f} s for a run of {n} {char!r}"


@settings(FUZZ, max_examples=100 * SCALE)
@given(items=st.lists(st.tuples(TEXTS, LANG_ARG), min_size=1, max_size=4))
def test_extract_many_gives_what_extract_gives_one_by_one(items):
    one_by_one = [timed(extract, t, lang)[0] for t, lang in items]
    if any(r is None for r in one_by_one):
        with pytest.raises(ExtractError):
            list(extract_many([{"text": t, "lang": lang} for t, lang in items]))
        return
    many, seconds = timed(lambda: list(extract_many([{"text": t, "lang": lang} for t, lang in items])))
    note("extract_many", seconds, sum(len(t) for t, _ in items))
    assert seconds < SECONDS_PER_TEXT * len(items)
    assert many == one_by_one


# --- HTML ----------------------------------------------------------------------------------------

TAGS = ["p", "div", "span", "a", "b", "i", "script", "style", "title", "meta", "link", "article", "section", "h1",
        "h2", "li", "ul", "table", "tr", "td", "iframe", "svg", "math", "template", "noscript", "textarea", "img",
        "br", "time", "figure", "figcaption", "html", "head", "body", "form", "select", "option", "xmp", "plaintext"]
ATTR_NAMES = ["class", "id", "href", "src", "onerror", "onload", "style", "lang", "property", "name", "content",
              "rel", "itemprop", "datetime", "type", "data-x", "x", "", "\"", "=", "a b"]
ATTR_VALUES = st.one_of(st.text(max_size=30), st.sampled_from([
    "article-body", "canonical", "og:title", "og:type", "article", "article:published_time", "application/ld+json",
    "javascript:alert(1)", "vi", "ru-RU", "articleBody", "detail-content", "2025-10-28", "x\" onerror=\"alert(1)"]),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "\"", "&", "<", " "]), st.integers(100, 20_000)))
ENTITIES = st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&amp", "&#x;", "&#;", "&#0;",
                            "&#xD800;", "&#99999999;", "&#x110000;", "&unknown;", "&", "&#", "&#x41", "&lt",
                            "&NotANamedEntityButLong;", "&#1114111;", "&#65279;"])


def _tag(name: str, attrs: list[tuple[str, str]], quote: str) -> str:
    return "<" + name + "".join(f" {k}={quote}{v}{quote}" if quote is not None else f" {k}={v}"
                                for k, v in attrs) + ">"


ATTRS = st.lists(st.tuples(st.sampled_from(ATTR_NAMES), ATTR_VALUES), max_size=3)
OPEN = st.builds(_tag, st.sampled_from(TAGS), ATTRS, st.sampled_from(['"', "'", "", None]))
CLOSE = st.sampled_from(TAGS).map(lambda t: f"</{t}>")
HTML_TEXT = st.one_of(WORDS, FRAGMENTS, NUMBERS, ENTITIES, st.text(max_size=30))
JUNK = st.sampled_from(["<!--", "-->", "<!-- c -->", "<![CDATA[x]]>", "<!DOCTYPE html>", "<?xml version='1.0'?>",
                        "</>", "<>", "<", ">", "<!", "<a", "<p <p", "\x00", "\ufeff", "\ud800", "\udfff",
                        "<script>", "</script>",
                        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": [1]}</script>"])
DEEP = st.builds(lambda tag, n, close: f"<{tag}>" * n + "x" + (f"</{tag}>" * n if close else ""),
                 st.sampled_from(["div", "b", "span", "li", "table", "a", "p"]), st.integers(10, 3000), st.booleans())
HTML_DOCS = st.lists(st.one_of(OPEN, CLOSE, HTML_TEXT, JUNK, DEEP), max_size=120).map("".join)


@settings(FUZZ, max_examples=300 * SCALE)
@given(page=HTML_DOCS, wrap=st.booleans())
def test_the_crawlers_page_parser_reads_any_html(page, wrap):
    if wrap:
        page = f"<html lang=vi><head><meta property='og:type' content='article'></head><body>{page}</body></html>"
    started = time.perf_counter()
    parsed = parse_page(page, "http://127.0.0.1/a")
    seconds = time.perf_counter() - started
    note("parse_page", seconds, len(page))
    assert seconds < SECONDS_PER_TEXT * 2, f"{seconds:.1f} s for {len(page)} characters"
    assert isinstance(parsed, ParsedPage) and isinstance(parsed.text, str)
    for value in (parsed.text, parsed.title, parsed.published, parsed.canonical_url, parsed.author, parsed.language):
        assert value is None or isinstance(value, str) and storable(value)


@settings(FUZZ, max_examples=150 * SCALE)
@given(page=HTML_DOCS)
def test_html_to_text_and_extract_html_read_any_html(page):
    started = time.perf_counter()
    try:
        text, title = html_to_text(page)
    except ExtractError:
        return
    seconds = time.perf_counter() - started
    note("html_to_text", seconds, len(page))
    assert seconds < SECONDS_PER_TEXT * 2, f"{seconds:.1f} s for {len(page)} characters"
    assert isinstance(text, str) and storable(text) and (title is None or isinstance(title, str) and storable(title))
    result, seconds = timed(extract_html, page)
    note("extract_html", seconds, len(page))
    assert seconds < SECONDS_PER_TEXT * 3
    if result is not None:
        VALIDATOR.validate(result)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
                           | st.sampled_from(["\ud800", "a\udfffb", "</script><script>alert(1)</script>", "\x00"]),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                               st.sampled_from(["@type", "@graph", "headline", "datePublished", "author", "name", "x"]),
                               inner, max_size=4), max_leaves=20)
LD_TYPES = st.sampled_from(["NewsArticle", "Article", "BlogPosting", ["NewsArticle"], ["Thing", "Article"], 5, None])


@settings(FUZZ, max_examples=150 * SCALE)
@given(data=JSON_VALUES, kind=LD_TYPES, headline=JSON_VALUES)
def test_json_ld_of_any_shape_never_breaks_the_parser(data, kind, headline):
    obj = {"@type": kind, "headline": headline, "datePublished": data, "author": data}
    for payload in (data, obj, {"@graph": [data, obj]}, [obj, data]):
        script = json.dumps(payload).replace("</", "<\\/")
        started = time.perf_counter()
        page = parse_page(f"<html><head><script type='application/ld+json'>{script}</script></head>"
                          "<body><p>x</p></body></html>", "http://127.0.0.1/a")
        note("parse_page, JSON-LD", time.perf_counter() - started, len(script))
        for value in (page.title, page.published, page.author):
            assert value is None or isinstance(value, str) and storable(value)


# --- the worst known inputs, each in a child process killed at its bound -------------------------

def bounded(fn, *args, seconds: float) -> tuple[str, float, str]:
    """Run ``fn(*args)`` in a forked child (pipelines already loaded); (outcome, seconds, detail).
    A child still running at ``seconds`` is killed and the test fails, so a regression costs
    the bound, not the minutes the input would take."""
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()

    def child():
        started = time.perf_counter()
        try:
            fn(*args)
            results.put(("ok", time.perf_counter() - started, ""))
        except BaseException as exc:   # reported to the parent, which decides
            results.put((type(exc).__name__, time.perf_counter() - started, str(exc)[:300]))

    proc = ctx.Process(target=child)
    proc.start()
    proc.join(seconds)
    if proc.is_alive():
        proc.kill()
        proc.join()
        pytest.fail(f"still running after {seconds:.0f} s")
    return results.get(timeout=10)


def _seed_without_spaces(size: int) -> str:
    one = re.sub(r"\s+", "", "".join(REAL))
    return (one * (size // len(one) + 1))[:size]


PATHOLOGICAL_TEXTS = {
    # spaCy's tokenizer strips prefixes one at a time, copying the rest: quadratic in a run of them
    "30,000 guillemets": ("«" * 30_000, 10),
    "30,000 quotes and brackets": ("\"(«" * 10_000, 10),
    "a 5 MB text": ((REAL[0] + "\n") * (5_000_000 // (len(REAL[0]) + 1) + 1), 60),
    "a single 2 MB line without spaces": (_seed_without_spaces(2_000_000), 30),
    "200,000 characters of one letter": ("ả" * 200_000, 10),
    # many directives and many task statements in one text
    "one directive sentence 19,000 times": ("Đồng chí yêu cầu các sở hoàn thành 45/120 nhiệm vụ. " * 19_000, 20),
}


@pytest.mark.parametrize("name", PATHOLOGICAL_TEXTS)
def test_worst_known_texts_end_in_bounded_time_with_a_result_or_extract_error(name):
    text, seconds = PATHOLOGICAL_TEXTS[name]
    outcome, took, detail = bounded(extract, text, "auto", seconds=seconds)
    print(f"{name}: {outcome} in {took:.2f} s")
    assert outcome in ("ok", "ExtractError", "UnknownLanguage"), f"{outcome}: {detail}"


@pytest.mark.parametrize("text", ["Đồng chí Hồ Văn Niên yêu cầu \ud800 các sở hoàn thành trước ngày 30/11/2025.",
                                  "\udfff", "Товарищ Хау А Лень поручил \udbff\udc00 департаменту."],
                         ids=["in a Vietnamese sentence", "alone", "a reversed pair in a Russian sentence"])
def test_lone_surrogates_in_text_give_a_result_or_extract_error(text):
    """Python strings can hold lone UTF-16 surrogates (from JSON "\\ud800" escapes, or
    ``surrogateescape`` decoding); spaCy and SQLite cannot."""
    try:
        result = extract(text, "auto")
    except ExtractError:
        return
    assert storable(json.dumps(result, ensure_ascii=False))


PATHOLOGICAL_PAGES = {
    "100,000-deep nested divs": "<html><body>" + "<div>" * 100_000 + "Nội dung" + "</div>" * 100_000 + "</body></html>",
    "20,000-deep nested divs": "<html><body>" + "<div>" * 20_000 + "Nội dung" + "</div>" * 20_000 + "</body></html>",
    "40,000 unclosed tags": "<html><body><article>" + "<b>" * 40_000 + "x" * 600,
    "200,000 empty spans": "<html><body>" + "<span>a</span>" * 200_000 + "</body></html>",
    "45,000 unclosed paragraphs": "<html><body><div class='article-body'>" + "<p>x" * 45_000 + "</div>",
    "a 5 MB attribute": "<html><body><div class='article-body' data-x='" + "a" * 5_000_000 + "'><p>Nội dung</p></div>",
    "100,000 broken entities": "<html><title>" + "&#x" * 100_000 + "</title><body><p>" + "&amp" * 100_000
                               + "&#99999999;&#0;&#xD800;</p></body></html>",
    "a 2 MB line of text": "<html><body><p>" + _seed_without_spaces(2_000_000) + "</p></body></html>",
}


@pytest.mark.parametrize("parser", ["parse_page", "html_to_text"])
@pytest.mark.parametrize("name", PATHOLOGICAL_PAGES)
def test_worst_known_pages_are_parsed_in_bounded_time(name, parser):
    page = PATHOLOGICAL_PAGES[name]
    fn = (lambda h: parse_page(h, "http://127.0.0.1/a")) if parser == "parse_page" else html_to_text
    outcome, took, detail = bounded(fn, page, seconds=15)
    print(f"{parser} on {name}: {outcome} in {took:.2f} s")
    assert outcome in ("ok", "ExtractError"), f"{outcome}: {detail}"

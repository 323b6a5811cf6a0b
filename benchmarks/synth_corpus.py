"""A synthetic corpus of meeting reports, made by varying the real samples, for benchmarks.

Every report of the gold set (the seeds, the development excerpts and the written examples, in
corpus/gold/) is a template. A synthetic report takes one template and
  - replaces the officials the gold file names with made-up people (benchmarks/synth_names.yml,
    written the usual way in the report's language; Russian and Ukrainian case forms included);
  - replaces every province named in the report's language (extract/data/provinces.yml) by
    another unit still in force, the same one for every mention;
  - scales the counts and ranks by one factor per report, keeping their order (completed <= total)
    and the bands ranks live in (34 and 63 provinces stay as they are, a rank below 34 stays
    below it), "41/62" fractions included; dates, years, percentages, resolution numbers and digits inside words are kept;
  - shuffles the paragraphs after the lead (a list item stays with the line that introduces
    it), keeping the trailing source line(s) last.
The result reads like a report of another meeting, so the extractor does the same work it does
on real ones. Languages come in the proportions of the templates; the first four reports are one
of each language, so every language is present from n = 4. Deterministic for a given seed.

Library: ``generate(n, seed=0) -> list[dict]`` (keys text, lang, url, title, published).
Command: ``python benchmarks/synth_corpus.py N OUTDIR [--seed S]`` writes N text files (the
first line of each is the title) and an index.json with the other fields.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold"
NAMES = Path(__file__).resolve().parent / "synth_names.yml"
PROVINCES = ROOT / "extract" / "data" / "provinces.yml"
LANGS = ("vi", "en", "ru", "uk")
BASE_URL = "https://example.vn/bench"

# numbers next to these words are days of a date or lengths of a period, not counts
_MONTHS = {
    "vi": r"tháng",
    "en": r"january|february|march|april|may|june|july|august|september|october|november|december|months?",
    "ru": r"январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|месяц",
    "uk": r"січн|лют|березн|квітн|травн|червн|липн|серпн|вересн|жовтн|листопад|грудн|місяц",
}
# a count: digits not glued to letters, dashes, slashes, decimals or a percent sign
_NUMBER = re.compile(r"(?<![\w./:,№#-])(\d+)(?![\w/%‰-]|[.,]\d|\s?%)")
# "41/62 nhiệm vụ": done of total (a date's month is at most 12, and a date goes on "/2025")
_FRACTION = re.compile(r"(?<![\w./:,-])(\d+)/(\d+)(?![\w/%-]|[.,]\d)")
# "30th", "14-е", "5-те": ranks
_ORDINAL = re.compile(r"(?<![\w./:,-])(\d+)(st|nd|rd|th|-[а-яєії]{1,3})(?!\w)")
_KEEP = {34, 63, 57, 52, 68, 66}  # provinces before/after 2025; resolution numbers cited by number
_TAIL = re.compile(r"https?://|^(source|nguồn|источник|джерело)\s*:", re.I)
_LIST_ITEM = re.compile(r"^\s*([-–•+*]|\d+[.)]|[a-zа-я][.)])\s")


# -- templates ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def templates() -> tuple[dict[str, Any], ...]:
    """Every gold report: its text, language, official names and title."""
    out = []
    for path in sorted(GOLD.glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        title = None
        if "text" not in item and item.get("text_file"):
            raw = (GOLD / item["text_file"]).read_text(encoding="utf-8")
            if item["text_file"].endswith(".json"):
                data = json.loads(raw)
                raw, title = data["text"], data.get("title")
            item["text"] = raw
        if item.get("lang") not in LANGS or not item.get("text"):
            continue
        names = sorted({o["name"] for o in item.get("gold", {}).get("officials", []) if o.get("name")},
                       key=lambda s: (-len(s), s))  # longest first; ties by text, not set order
        out.append({"id": item.get("id", path.stem), "lang": item["lang"], "text": item["text"],
                    "names": names, "title": title})
    return tuple(out)


@lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load(NAMES.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _provinces() -> list[dict[str, Any]]:
    return yaml.safe_load(PROVINCES.read_text(encoding="utf-8"))


def _province_name(p: dict[str, Any], lang: str) -> str:
    return p["name"] if lang == "vi" else p.get(lang) or p["en"]


@lru_cache(maxsize=None)
def _province_pattern(lang: str) -> re.Pattern[str]:
    names = sorted({_province_name(p, lang) for p in _provinces()}, key=lambda s: (-len(s), s))
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")


# -- variations -----------------------------------------------------------------------------------

def _person(rng: random.Random, lang: str) -> str:
    parts = _names()[lang]
    f, m, g = (rng.randrange(len(parts[k])) for k in ("family", "middle", "given"))
    return f"{parts['family'][f]} {parts['middle'][m]} {parts['given'][g]}"


def _name_pattern(name: str, lang: str) -> str:
    words = name.split()
    if lang in ("ru", "uk") and len(words) > 1 and len(words[-1]) > 2:
        # Хау А Лень / Хау А Леня / Хау А Леню: the last word takes case endings
        stem = words[-1][:-1] if words[-1][-1] in "ьйаяоеєиіїуюы" else words[-1]
        last = re.escape(stem) + r"[а-яёєіїґ']{0,3}"
        return r"(?<!\w)" + r"\s+".join(map(re.escape, words[:-1])) + r"\s+" + last + r"(?!\w)"
    return r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"


def _replace_names(text: str, names: list[str], lang: str, rng: random.Random) -> tuple[str, dict]:
    mapping = {}
    for name in names:
        new = _person(rng, lang)
        mapping[name] = new
        text = re.sub(_name_pattern(name, lang), new.replace("\\", ""), text)
    return text, mapping


def _replace_provinces(text: str, lang: str, rng: random.Random, mapping: dict[str, str]) -> str:
    in_force = [p for p in _provinces() if not p.get("merged_into")]

    def swap(m: re.Match[str]) -> str:
        old = m.group(1)
        if old not in mapping:
            mapping[old] = _province_name(rng.choice(in_force), lang)
        return mapping[old]

    return _province_pattern(lang).sub(swap, text)


def _scaler(factor: float):
    """A non-decreasing map of counts that keeps 34 and 63 and the bands between them."""
    def scale(n: int) -> int:
        if n <= 2 or n in _KEEP:
            return n
        v = round(n * factor)
        if n < 34:
            return min(33, max(1, v))
        if n < 63:
            return min(62, max(35, v))
        return max(64, v)
    return scale


def _replace_numbers(text: str, lang: str, factor: float) -> str:
    scale = _scaler(factor)
    month_after = re.compile(r"\s*(" + _MONTHS[lang] + r")", re.I)
    month_before = re.compile(r"(" + _MONTHS[lang] + r")\w*\.?\s*$", re.I)

    def swap(m: re.Match[str]) -> str:
        digits = m.group(1)
        n = int(digits)
        if digits.startswith("0") or 1900 <= n <= 2100:
            return digits
        if month_after.match(text, m.end()) or month_before.search(text, max(0, m.start() - 14), m.start()):
            return digits
        return str(scale(n))

    def swap_fraction(m: re.Match[str]) -> str:
        a, b = int(m.group(1)), int(m.group(2))
        if b <= 12 or a > b or m.group(1).startswith("0"):
            return m.group(0)
        return f"{scale(a)}/{scale(b)}"

    def swap_ordinal(m: re.Match[str]) -> str:
        n, suffix = scale(int(m.group(1))), m.group(2)
        if not suffix.startswith("-"):
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    text = _ORDINAL.sub(swap_ordinal, _FRACTION.sub(swap_fraction, text))
    return _NUMBER.sub(swap, text)


def _split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """Body lines and the trailing source line(s) (and whatever follows them, e.g. "Comments (0)")."""
    filled = [k for k, line in enumerate(lines) if line.strip()][-3:]  # the last three lines with text
    for k in reversed(filled):
        if _TAIL.search(lines[k].strip()):
            return lines[:k], lines[k:]
    return lines, []


def _shuffle_body(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    body, tail = _split_tail(lines)
    blocks: list[list[str]] = []
    for line in body:
        if blocks and (_LIST_ITEM.match(line) or not line.strip()
                       or blocks[-1][-1].rstrip().endswith(":")):
            blocks[-1].append(line)  # a list stays with the line that introduces it
        else:
            blocks.append([line])
    if len(blocks) > 2:
        lead, rest = blocks[:1], blocks[1:]
        rng.shuffle(rest)
        blocks = lead + rest
    elif len(blocks) <= 1 and body:
        # one paragraph: shuffle its sentences after the first
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ỸА-ЯЁЄІЇҐ\"“«])", " ".join(body))
        if len(sentences) > 2:
            rest = sentences[1:]
            rng.shuffle(rest)
            sentences = sentences[:1] + rest
        blocks = [[" ".join(sentences)]]
    return "\n".join([line for block in blocks for line in block] + tail)


def _title(text: str, given: str | None) -> str:
    if given:
        return given
    for line in text.split("\n"):
        letters = sum(c.isalpha() for c in line)
        if letters >= 30:
            first = re.split(r"(?<=[.!?])\s", line.strip(), maxsplit=1)[0]
            return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."
    return text.strip()[:80]


def _vary(tpl: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    lang = tpl["lang"]
    factor = rng.uniform(0.6, 1.4)
    text, names = _replace_names(tpl["text"], tpl["names"], lang, rng)
    provinces: dict[str, str] = {}
    text = _replace_provinces(_replace_numbers(text, lang, factor), lang, rng, provinces)
    text = _shuffle_body(text, rng)
    title = _title(tpl["text"], tpl["title"])
    for old, new in names.items():
        title = re.sub(_name_pattern(old, lang), new, title)
    title = _replace_provinces(_replace_numbers(title, lang, factor), lang, rng, provinces)
    return text, title


# -- public API -----------------------------------------------------------------------------------

def generate(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """n synthetic reports: dicts with text, lang, url (unique), title and published (ISO date)."""
    rng = random.Random(seed)
    pool = list(templates())
    by_lang = {lang: [t for t in pool if t["lang"] == lang] for lang in LANGS}
    order: list[dict[str, Any]] = []
    out = []
    start = date(2024, 1, 1)
    for i in range(n):
        if i < len(LANGS):
            tpl = rng.choice(by_lang[LANGS[i]])
        else:
            if not order:
                order = pool[:]
                rng.shuffle(order)
            tpl = order.pop()
        text, title = _vary(tpl, rng)
        out.append({
            "text": unicodedata.normalize("NFC", text),
            "lang": tpl["lang"],
            "url": f"{BASE_URL}/{i}.html",
            "title": title,
            "published": (start + timedelta(days=rng.randrange(900))).isoformat(),
            "template": tpl["id"],
        })
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of reports")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    index = []
    for i, art in enumerate(generate(args.n, args.seed)):
        name = f"{i:06d}_{art['lang']}.txt"
        (args.outdir / name).write_text(art["title"] + "\n\n" + art["text"] + "\n", encoding="utf-8")
        index.append({"file": name, **{k: v for k, v in art.items() if k != "text"}})
    (args.outdir / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{args.n} reports written to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

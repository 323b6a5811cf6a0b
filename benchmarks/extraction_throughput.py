"""Extraction throughput per language, beside spaCy's bare tokenizer on the same text.

Generates a synthetic corpus (benchmarks/synth_corpus.py: the gold reports with other names,
numbers, provinces and paragraph order), then per language:
  - spaCy's bare tokenizer: ``spacy.blank(lang)`` over the texts with ``nlp.pipe``. Vietnamese
    is measured as our pipeline tokenizes it (``use_pyvi: False``) -- the stricter yardstick --
    and, for reference, with spaCy's default pyvi word segmentation;
  - our extractor, single process: ``extract.pipeline.extract_many`` (spaCy ``nlp.pipe``,
    sentencizer and every stage), the same texts;
then the whole corpus with every core (a process pool, chunks of 64 articles), and last a
breakdown of the single-process time by stage (a separate pass with a clock around each stage,
so the figures above are not disturbed by it).

Words are whitespace-separated tokens of the text. Each timing follows a warm-up pass over the
first 20 texts (language packs loaded, patterns compiled) and is the best of ``--repeat`` passes.
Within a pass the tokenizer and the extractor take turns on each chunk of 64 reports, so both
meet the machine in the same state (one pass on a shared 2-core VM wandered by a factor of 1.5
to 2 between runs); the ratio shown is the median of the passes' ratios, each the tokenizer's
time over the extractor's on the same chunks. Each pass reads its own ``--articles`` reports, so no
pass is helped by what an earlier one cached (spaCy's tokenizer and our stages both cache per
string). Peak memory is the largest
resident set of this process and of the pool's workers (``ru_maxrss``).

    python benchmarks/extraction_throughput.py [--articles 2000] [--seed 0] [--jobs N]
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import spacy  # noqa: E402

from extract import pipeline  # noqa: E402
from extract.pipeline import extract_many  # noqa: E402
from synth_corpus import LANGS, generate  # noqa: E402

CHUNK = 64
# the stages as extract/pipeline.py calls them, with the name shown in the breakdown
STAGES = {"get_nlp": "tokens and sentences", "find_officials": "officials", "find_directives": "directives",
          "find_task_reports": "task reports", "find_rankings": "rankings", "find_meeting": "meeting"}


def _blank(lang: str, pyvi: bool = False):
    if lang == "vi" and not pyvi:
        return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    return spacy.blank(lang)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _tokenize(nlp, texts: list[str]) -> None:
    for _ in nlp.pipe(texts, batch_size=CHUNK):
        pass


def _extract(items: list[dict]) -> int:
    return sum(1 for _ in extract_many(items, batch_size=CHUNK))


def _stage_breakdown(items: list[dict], langs: list[str]) -> None:
    """CPU seconds per stage and language: each stage function wrapped in a clock for one pass."""
    spent: dict[str, float] = {}
    originals = {name: getattr(pipeline, name) for name in STAGES}

    def clocked(name, fn):
        def run(*args, **kw):
            start = time.process_time()
            out = fn(*args, **kw)
            if name == "get_nlp":   # the pipeline object: clock what it does to each text
                return _ClockedNlp(out, spent)
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
            return out
        return run

    print("\nwhere the time goes, single process (CPU seconds; a separate pass with a clock around each stage):\n")
    print("| language | " + " | ".join(STAGES.values()) + " | rest | total |")
    print("|---|" + "---:|" * (len(STAGES) + 2))
    try:
        for name, fn in originals.items():
            setattr(pipeline, name, clocked(name, fn))
        for lang in langs:
            mine = [i for i in items if i["lang"] == lang]
            spent.clear()
            total = time.process_time()
            _extract(mine)
            total = time.process_time() - total
            cells = [spent.get(name, 0.0) for name in STAGES]
            print(f"| {lang} | " + " | ".join(f"{c:.3f}" for c in cells) + f" | {total - sum(cells):.3f} | {total:.3f} |")
    finally:
        for name, fn in originals.items():
            setattr(pipeline, name, fn)


class _ClockedNlp:
    """A spaCy pipeline whose ``pipe`` adds its CPU time to ``spent["get_nlp"]``."""

    def __init__(self, nlp, spent: dict[str, float]):
        self.nlp, self.spent = nlp, spent

    def pipe(self, texts, **kw):
        docs = self.nlp.pipe(texts, **kw)
        while True:
            start = time.process_time()
            doc = next(docs, None)
            self.spent["get_nlp"] = self.spent.get("get_nlp", 0.0) + time.process_time() - start
            if doc is None:
                return
            yield doc


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per measure; the best is shown")
    args = ap.parse_args(argv)

    corpus = generate(args.articles * args.repeat, seed=args.seed)
    every = [{"text": a["text"], "lang": a["lang"], "url": a["url"], "title": a["title"],
              "published": a["published"]} for a in corpus]
    passes = [every[k::args.repeat] for k in range(args.repeat)]   # the reports of each timed pass
    items = passes[0]
    print(f"Extraction throughput, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python "
          f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, spaCy {spacy.__version__}")
    print(f"command: python benchmarks/extraction_throughput.py --articles {args.articles} "
          f"--seed {args.seed} --jobs {args.jobs} --repeat {args.repeat}")
    print(f"corpus: {len(items)} synthetic reports per pass, {sum(len(i['text']) for i in items) / 1e6:.1f} M "
          f"characters; best of {args.repeat} passes over different reports (counts: the first pass)\n")
    print("| language | articles | words | bare tokenizer words/s | extractor words/s | extractor articles/s "
          "| ratio extractor/tokenizer |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    all_words = all_secs = 0.0
    reference = []
    ratio_range: dict[str, tuple[float, float]] = {}
    for lang in LANGS:
        mine = [i for i in items if i["lang"] == lang]
        if not mine:
            continue
        texts = [i["text"] for i in mine]
        words = sum(len(t.split()) for t in texts)
        nlp = _blank(lang)
        _tokenize(nlp, texts[:20])
        _extract(mine[:20])
        # each pass: tokenizer and extractor in turn on each chunk of the pass's reports, so that
        # both meet the machine in the same state; best rates over the passes, and each pass's ratio
        tok_rate = ext_rate = art_rate = 0.0
        ratios = []
        for one in passes:
            one = [i for i in one if i["lang"] == lang]
            n_words = sum(len(i["text"].split()) for i in one)
            tok_secs = ext_secs = 0.0
            for k in range(0, len(one), CHUNK):
                chunk = one[k:k + CHUNK]
                tok_secs += _timed(lambda: _tokenize(nlp, [i["text"] for i in chunk]))
                ext_secs += _timed(lambda: _extract(chunk))
            tok_rate = max(tok_rate, n_words / tok_secs)
            ext_rate, art_rate = max(ext_rate, n_words / ext_secs), max(art_rate, len(one) / ext_secs)
            ratios.append(tok_secs / ext_secs)
        all_words += words
        all_secs += words / ext_rate
        ratio_range[lang] = (min(ratios), max(ratios))
        print(f"| {lang} | {len(mine)} | {words} | {tok_rate:,.0f} | {ext_rate:,.0f} | "
              f"{art_rate:,.1f} | {sorted(ratios)[len(ratios) // 2]:.3f} |")
        if lang == "vi":
            pyvi = _blank("vi", pyvi=True)
            _tokenize(pyvi, texts[:20])
            pyvi_rate = max(sum(len(i["text"].split()) for i in one if i["lang"] == "vi")
                            / _timed(lambda: _tokenize(pyvi, [i["text"] for i in one if i["lang"] == "vi"]))
                            for one in passes)
            reference.append(f"vi with spaCy's default pyvi segmentation (what `spacy.blank(\"vi\")` gives): "
                             f"{pyvi_rate:,.0f} words/s; extractor/tokenizer {ext_rate / pyvi_rate:.2f}")
    print(f"| all, one process | {len(items)} | {all_words:.0f} | | {all_words / all_secs:,.0f} | "
          f"{len(items) / all_secs:,.1f} | |")
    print("\nratio extractor/tokenizer: the median of the passes' ratios; over the passes: "
          + ", ".join(f"{lang} {lo:.3f}-{hi:.3f}" for lang, (lo, hi) in ratio_range.items()))
    for line in reference:
        print(f"\n{line}")

    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        done = sum(pool.map(_extract, chunks))
    wall = time.perf_counter() - start
    print(f"\nall cores ({args.jobs} processes, chunks of {CHUNK}): {done} articles in {wall:.1f} s = "
          f"{done / wall:,.1f} articles/s, {all_words / wall:,.0f} words/s (process start-up included)")
    print(f"peak RSS: this process {_rss_mb(resource.RUSAGE_SELF):.0f} MB, largest worker "
          f"{_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    _stage_breakdown(items, [lang for lang in LANGS if any(i["lang"] == lang for i in items)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The `meetings` command line: parses options, calls the library, turns typed errors into one line.

Library code never prints or exits; everything a person sees is formatted here.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from corpus.errors import CorpusError
from extract.errors import ExtractError

DEFAULT_DB = "data/meetings.db"


class _Friendly(click.Group):
    """Expected failures become `Error: <one line>` and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (CorpusError, ExtractError, OSError) as exc:
            raise click.ClickException(_one_line(exc)) from None
        except Exception as exc:  # typed errors of the crawler, raised through corpus
            if type(exc).__module__.startswith("crawler"):
                raise click.ClickException(_one_line(exc)) from None
            raise


def _one_line(exc: BaseException) -> str:
    msg = str(exc) or type(exc).__name__
    return " ".join(msg.split())


@click.group(cls=_Friendly, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="meeting-reports")
def cli() -> None:
    """Crawl, extract and publish reports of Resolution 57 steering-committee meetings."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", default="auto", show_default=True,
              help="Language of the files: auto, vi, en, ru or uk.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: one object per file per line (extraction.schema.json); table: for reading.")
def extract(files: tuple[Path, ...], lang: str, fmt: str) -> None:
    """Extract meeting facts from plain-text or HTML FILES."""
    from corpus.files import read_article_file
    from extract import extract as run_extract
    from extract import extract_html
    from extract.langpack import supported_languages

    if lang != "auto" and lang not in supported_languages():
        raise click.BadParameter(f"unknown language {lang!r}; choose auto, {', '.join(supported_languages())}",
                                 param_hint="--lang")
    for path in files:
        text, is_html = read_article_file(path)
        fn = extract_html if is_html else run_extract
        result = fn(text, lang, path=str(path))
        if fmt == "json":
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            from corpus.report import format_table

            click.echo(format_table(str(path), result))


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; keep 127.0.0.1 unless you mean to publish.")
@click.option("--immutable", is_flag=True, help="Serve a published snapshot that nothing writes to.")
def serve(db_path: str, port: int, host: str, immutable: bool) -> None:
    """Serve the database with Datasette and metadata.yml."""
    from corpus.serve import serve as run_serve

    click.echo(f"Datasette on http://{host}:{port}/ (Ctrl-C to stop)")
    run_serve(db_path, host=host, port=port, immutable=immutable)


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
def snapshot(out: Path, db_path: str) -> None:
    """Copy a consistent snapshot of the database to OUT (safe while an update writes), for publishing
    with `meetings serve --immutable`."""
    from corpus.snapshot import make_snapshot

    size = make_snapshot(db_path, out)
    click.echo(f"Snapshot written: {out} ({size / 1e6:.1f} MB)")


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--all", "everything", is_flag=True, help="Re-extract every article, not only new or changed ones.")
@click.option("--reparse", is_flag=True, help="First rebuild each article's text from its stored raw HTML.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes extracting at once (default: the number of CPUs; 1: no worker processes).")
def reextract(db_path: str, everything: bool, reparse: bool, jobs: int | None) -> None:
    """Re-run extraction over stored articles, offline (no request is made)."""
    import os

    from corpus.db import open_db
    from corpus.reextract import extract_articles, pending_article_ids

    db = open_db(db_path, create=False)
    if reparse:
        from corpus.reparse import reparse_articles

        counts = reparse_articles(db)
        click.echo(f"re-parsed {counts['reparsed']} pages: {counts['changed']} changed, "
                   f"{counts['unchanged']} unchanged, {counts['skipped']} without text")
    ids = pending_article_ids(db, everything=everything)
    totals = extract_articles(db, ids, jobs=jobs or os.cpu_count() or 1)
    click.echo(_summary_line(totals))


_LOG_FORMAT = click.option(
    "--log-format", type=click.Choice(["auto", "text", "json"]), default="auto", show_default=True,
    help="How the run reports: text lines, or one JSON line (auto: text on a terminal, JSON under cron).")


@cli.command()
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="YAML list of sources (default: the shipped crawler/sources.yml).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--no-extract", is_flag=True, help="Only fetch; leave extraction to `update` or `reextract`.")
@_LOG_FORMAT
def crawl(sources_path: Path | None, db_path: str, no_extract: bool, log_format: str) -> None:
    """Fetch new and changed articles of the configured sources, then extract them.

    Articles land in `articles`; the meetings they report in `meetings` and the record tables.
    Exits 1 when the run failed (errors and nothing fetched)."""
    _report(_locked_run(db_path, sources_path, extract=not no_extract), log_format)


@cli.command()
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="YAML list of sources (default: the shipped crawler/sources.yml).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@_LOG_FORMAT
def update(sources_path: Path | None, db_path: str, log_format: str) -> None:
    """The scheduled job: crawl, extract what is new or changed, load.

    Exits 1 when the run failed, 75 (temporary failure) when another update still holds the lock."""
    _report(_locked_run(db_path, sources_path, extract=True), log_format)


def _report(summary, log_format: str) -> None:
    from corpus.progress import run_record

    if log_format == "json" or (log_format == "auto" and not sys.stdout.isatty()):
        click.echo(run_record(summary))
    else:
        for line in summary.lines():
            click.echo(line)
    if getattr(summary.crawl, "failed", False):
        raise SystemExit(1)


@cli.command()
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--sample-port", default=8765, show_default=True, type=int,
              help="Port of the local sample site (fixed, so reruns are incremental).")
def demo(port: int, db_path: str, sample_port: int) -> None:
    """Crawl the bundled sample site, extract, load, and serve Datasette until Ctrl-C."""
    from corpus.demo import crawl_sample
    from corpus.serve import serve as run_serve

    click.echo(f"Crawling the bundled sample site on http://127.0.0.1:{sample_port}/ ...")
    summary, _ = crawl_sample(db_path, port=sample_port)
    for line in summary.lines():
        click.echo("  " + line)
    click.echo(f"Database: {db_path}")
    click.echo(f"Datasette: http://127.0.0.1:{port}/  (Ctrl-C to stop)")
    try:
        run_serve(db_path, host="127.0.0.1", port=port)
    except KeyboardInterrupt:
        pass
    click.echo("Stopped.")


@cli.command(name="eval")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of gold files (default: corpus/gold).")
@click.option("--show-misses", is_flag=True, help="List every missed and extra item.")
def eval_command(gold_dir: Path | None, show_misses: bool) -> None:
    """Score the extractor against the hand-annotated gold set (precision, recall, F1)."""
    from corpus.evaluate import GOLD_DIR, evaluate, format_report, load_gold, load_relevance

    folder = gold_dir or GOLD_DIR
    report = evaluate(load_gold(folder), load_relevance(folder))
    click.echo(format_report(report, show_misses=show_misses))


@cli.command(name="train-relevance")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of gold files and relevance/ labels (default: corpus/gold).")
def train_relevance_command(gold_dir: Path | None) -> None:
    """Retrain the meeting-report relevance model on the labelled articles (held-out quarter left out)."""
    from corpus.evaluate import GOLD_DIR, load_gold, load_relevance
    from corpus.relevance_train import MODEL_PATH, labelled, train, write_model

    folder = gold_dir or GOLD_DIR
    model = train(labelled(load_gold(folder), load_relevance(folder)))
    write_model(model)
    t = model["trained_on"]
    click.echo(f"Trained on {t['reports']} reports and {t['non_reports']} non-reports "
               f"({t['held_out']} held out); wrote {MODEL_PATH}")


def _locked_run(db_path: str, sources_path: Path | None, *, extract: bool):
    """Crawl (and extract) under the lock; status 75 (EX_TEMPFAIL) when another run holds it."""
    from corpus.errors import LockHeld
    from corpus.progress import progress_bar
    from corpus.update import run_update

    progress, close = progress_bar()
    try:
        return run_update(db_path, _load_sources(sources_path), _options(), extract=extract, progress=progress)
    except LockHeld as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(75) from None
    finally:
        close()


def _load_sources(path: Path | None):
    from crawler.sources import load_sources

    return load_sources(path) if path else load_sources()


def _options():
    """crawler/settings.yml, with any setting overridden by an environment variable
    MEETINGS_CRAWL_<NAME> (e.g. MEETINGS_CRAWL_DELAY=5 in a systemd unit), read as YAML."""
    import os
    from dataclasses import fields

    import yaml

    from crawler.settings import CrawlOptions, load_options

    overrides = {}
    for f in fields(CrawlOptions):
        raw = os.environ.get(f"MEETINGS_CRAWL_{f.name.upper()}")
        if raw is not None:
            overrides[f.name] = yaml.safe_load(raw)
    return load_options(**overrides)


def _summary_line(totals: dict[str, int]) -> str:
    keys = ("articles", "meetings", "officials", "task_reports", "rankings", "directives")
    return ", ".join(f"{totals.get(k, 0)} {k.replace('_', ' ')}" for k in keys)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(cli())

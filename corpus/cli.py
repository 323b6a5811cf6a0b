"""The `meetings` command line: parses options, calls the library, turns typed errors into one line.

Library code never prints or exits; everything a person sees is formatted here.
"""
from __future__ import annotations

import errno
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from corpus.errors import CorpusError

DEFAULT_DB = "data/meetings.db"


class _Command(click.Command):
    """Remembers the command's --db, so a database error anywhere below can name the file."""

    def invoke(self, ctx: click.Context):
        ctx.meta["meetings.db"] = ctx.params.get("db_path")
        return super().invoke(ctx)


class _Friendly(click.Group):
    """Expected failures become `Error: <one line>` and exit 1, never a traceback: our typed
    errors, the operating system's (OSError) and SQLite's (sqlite3.Error: a full disk, a file
    that is not a database, a lock held too long), whichever command met them."""

    command_class = _Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CorpusError as exc:
            raise click.ClickException(_one_line(exc)) from None
        except OSError as exc:
            raise click.ClickException(_os_message(exc)) from None
        except sqlite3.Error as exc:
            raise click.ClickException(_sqlite_message(exc, ctx.meta.get("meetings.db"))) from None
        except Exception as exc:
            # typed errors of the crawler (raised through corpus) and of the extractor, told by
            # their module so that a command which never extracts need not import the extractor
            if type(exc).__module__.startswith("crawler") or any(
                    c.__module__ == "extract.errors" for c in type(exc).__mro__):
                raise click.ClickException(_one_line(exc)) from None
            raise


def _one_line(exc: BaseException | str) -> str:
    msg = str(exc) or type(exc).__name__
    return " ".join(msg.split())


def _os_message(exc: OSError) -> str:
    """What went wrong and where ("the disk is full: data/meetings.db"), not "[Errno 28] ..."."""
    what = {errno.ENOSPC: "the disk is full", errno.EFBIG: "file too large (size limit reached)",
            errno.EDQUOT: "disk quota exceeded"}.get(exc.errno, exc.strerror or "")
    where = " -> ".join(str(f) for f in (exc.filename, exc.filename2) if f)
    return _one_line(f"{what}: {where}" if what and where else what or str(exc))


def _sqlite_message(exc: sqlite3.Error, db_path: str | None) -> str:
    from corpus.errors import describe_sqlite_error

    return _one_line(f"database {db_path}: {describe_sqlite_error(exc)}" if db_path
                     else f"database: {describe_sqlite_error(exc)}")


@click.group(cls=_Friendly, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="meeting-reports")
def cli() -> None:
    """Crawl, extract and publish reports of Resolution 57 steering-committee meetings."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", default="auto", show_default=True,
              help="Language of the files: auto, vi, en, ru or uk.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: one object per file per line (extraction.schema.json); table: for reading.")
def extract(files: tuple[Path, ...], lang: str, fmt: str) -> None:
    """Extract meeting facts from plain-text or HTML FILES."""
    from corpus.files import read_article_file
    from extract import extract as run_extract
    from extract import extract_html
    from extract.errors import UnknownLanguage
    from extract.langpack import supported_languages

    if lang != "auto" and lang not in supported_languages():
        raise UnknownLanguage(f"unknown language {lang!r} for --lang; choose auto, {', '.join(supported_languages())}")
    articles = [(path, *read_article_file(path)) for path in files]  # every file readable before any output
    for path, text, is_html in articles:
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
    from corpus.db import open_db
    from corpus.serve import serve as run_serve

    open_db(db_path, create=False, read_only=True).conn.close()  # a SQLite database, before the banner
    click.echo(f"Datasette on http://{host}:{port}/ (Ctrl-C to stop)")
    run_serve(db_path, host=host, port=port, immutable=immutable)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
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
    """Re-run extraction over stored articles, offline (no request is made).

    Exits 75 (temporary failure) while an update, crawl or another reextract holds the lock."""
    import os

    from corpus.db import open_db
    from corpus.reextract import extract_articles, pending_article_ids

    db = open_db(db_path, create=False)
    # under the update's lock: a scheduled update meanwhile would extract the same articles twice
    with _held(db_path, "reextract"):
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
    _report(_locked_run(db_path, sources_path, extract=not no_extract, command="crawl"), log_format)


@cli.command()
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="YAML list of sources (default: the shipped crawler/sources.yml).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@_LOG_FORMAT
def update(sources_path: Path | None, db_path: str, log_format: str) -> None:
    """The scheduled job: crawl, extract what is new or changed, load.

    Exits 1 when the run failed, 75 (temporary failure) when another update still holds the lock."""
    _report(_locked_run(db_path, sources_path, extract=True, command="update"), log_format)


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


def _locked_run(db_path: str, sources_path: Path | None, *, extract: bool, command: str):
    """Crawl (and extract) under the lock; status 75 (EX_TEMPFAIL) when another run holds it.
    The sources and settings are checked first, before the database is touched."""
    sources, options = _load_sources(sources_path), _options()
    from corpus.progress import progress_bar
    from corpus.update import run_update

    progress, close = progress_bar()
    try:
        with _exit_75_if_held():
            return run_update(db_path, sources, options, extract=extract, progress=progress, command=command)
    finally:
        close()


@contextmanager
def _held(db_path: str, command: str) -> Iterator[None]:
    """The database's lock for ``command``; status 75 (EX_TEMPFAIL) when another run holds it."""
    from corpus.lock import update_lock

    with _exit_75_if_held(), update_lock(db_path, command):
        yield


@contextmanager
def _exit_75_if_held() -> Iterator[None]:
    """Another run holds the database's lock: its one-line message and status 75 (EX_TEMPFAIL)."""
    from corpus.errors import LockHeld

    try:
        yield
    except LockHeld as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(75) from None


def _load_sources(path: Path | None):
    from crawler.sources import load_sources

    return load_sources(path) if path else load_sources()


def _options():
    """crawler/settings.yml, with any setting overridden by an environment variable
    MEETINGS_CRAWL_<NAME> (e.g. MEETINGS_CRAWL_DELAY=5 in a systemd unit), read as YAML."""
    import os
    from dataclasses import fields

    import yaml

    from crawler.errors import SourceConfigError
    from crawler.settings import CrawlOptions, load_options

    overrides = {}
    for f in fields(CrawlOptions):
        var = f"MEETINGS_CRAWL_{f.name.upper()}"
        raw = os.environ.get(var)
        if raw is None:
            continue
        try:
            value = raw if str(f.type) == "str" else yaml.safe_load(raw)  # text is taken as written
        except yaml.YAMLError:
            value = raw
        if not _fits(value, str(f.type)):
            raise SourceConfigError(f"{var}={raw!r}: expected {_WANTED[str(f.type)]}")
        overrides[f.name] = value
    return load_options(**overrides)


_WANTED = {"float": "a number, 0 or more", "int": "a whole number, 0 or more", "bool": "true or false",
           "str": "text", "tuple[str, ...]": "a YAML list of words, e.g. [a, b]"}


def _fits(value, kind: str) -> bool:
    """A value from the environment has the type of the setting it overrides."""
    if kind == "bool":
        return isinstance(value, bool)
    if kind in ("float", "int"):
        number = (int, float) if kind == "float" else int
        return isinstance(value, number) and not isinstance(value, bool) and value >= 0
    if kind == "str":
        return isinstance(value, str)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _summary_line(totals: dict[str, int]) -> str:
    keys = ("articles", "meetings", "officials", "task_reports", "rankings", "directives")
    return ", ".join(f"{totals.get(k, 0)} {k.replace('_', ' ')}" for k in keys)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(cli())

"""What a crawl shows while it runs: a progress bar on a terminal (tqdm), nothing under cron,
where the run ends with one JSON line instead (``run_record``)."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TextIO


def progress_bar(stream: TextIO = sys.stderr) -> tuple[Callable[[str, Any], None] | None, Callable[[], None]]:
    """(callback for the crawler, closer). Both do nothing when ``stream`` is not a terminal."""
    if not stream.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(desc="crawling", unit=" page", file=stream, dynamic_ncols=True, leave=False)

    def show(event: str, item: Any) -> None:
        bar.set_postfix_str(f"{item.source}: {item.url[-60:]}", refresh=False)
        bar.update(1)

    return show, bar.close


def run_record(summary: Any) -> str:
    """The run as one JSON line, for logs under cron (`crawl_runs` holds the same in the database)."""
    c = summary.crawl
    record = {
        "event": "crawl_run", "status": "failed" if c.failed else ("interrupted" if c.interrupted else "ok"),
        "requests": c.requests, "pages_fetched": c.pages_fetched, "not_modified": c.not_modified,
        "new": c.new, "changed": c.changed, "unchanged": c.unchanged, "errors": c.errors,
        "errors_by_kind": dict(c.errors_by_kind), "message": c.interrupted,
        "extracted": summary.extracted.get("articles", 0), "totals": summary.totals,
        "per_source": {k: dict(v) for k, v in c.per_source.items() if any(v.values())},
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True)

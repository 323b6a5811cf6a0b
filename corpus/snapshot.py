"""A consistent copy of the corpus for publishing, made with SQLite's online backup: a scheduled
`meetings update` may keep writing meanwhile. The copy is written beside OUT and renamed into
place, so a reader never sees half a file."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from corpus.errors import CorpusError


def make_snapshot(db_path: str | Path, out: str | Path) -> int:
    """Write the snapshot; returns its size in bytes."""
    src_path, out = Path(db_path), Path(out)
    if not src_path.exists():
        raise CorpusError(f"database not found: {src_path}")
    if out.resolve() == src_path.resolve():
        raise CorpusError("the snapshot must not overwrite the database itself")
    tmp = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        with dst:
            src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")   # one self-contained file
        dst.execute("VACUUM")
        dst.close()
        src.close()
        tmp.replace(out)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise CorpusError(f"cannot write snapshot {out}: {exc}") from None
    return out.stat().st_size

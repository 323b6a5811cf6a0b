"""A consistent copy of the corpus for publishing, made with SQLite's online backup: a scheduled
`meetings update` may keep writing meanwhile. The copy is written beside OUT and renamed into
place, so a reader never sees half a file, and a copy that fails (a full disk, a size limit) is
removed, leaving any earlier OUT as it was."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from corpus.db import open_db
from corpus.errors import CorpusError
from corpus.files import make_parent


def make_snapshot(db_path: str | Path, out: str | Path) -> int:
    """Write the snapshot; returns its size in bytes."""
    src_path, out = Path(db_path), Path(out)
    src = open_db(src_path, create=False, read_only=True)  # exists and is a SQLite database
    try:
        if out.resolve() == src_path.resolve():
            raise CorpusError("the snapshot must not overwrite the database itself")
        if out.is_dir():
            raise CorpusError(f"cannot write snapshot {out}: it is a folder; name the file to write")
        make_parent(out, "snapshot", CorpusError)
        return _copy(src.conn, out)
    finally:
        src.conn.close()


def _copy(src: sqlite3.Connection, out: Path) -> int:
    tmp = out.with_name(out.name + ".partial")
    dst = None
    try:
        tmp.unlink(missing_ok=True)
        dst = sqlite3.connect(tmp)
        with dst:
            src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")   # one self-contained file
        dst.execute("VACUUM")
        dst.close()
        dst = None
        tmp.replace(out)
    except (sqlite3.Error, OSError) as exc:
        if dst is not None:
            dst.close()
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise CorpusError(f"cannot write snapshot {out}: {_reason(exc)}") from None
    return out.stat().st_size


def _reason(exc: sqlite3.Error | OSError) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL" or getattr(exc, "errno", None) == 28:
        return f"the disk is full ({exc})"
    if name.startswith("SQLITE_IOERR"):
        return f"the file cannot be written, a full disk or a size limit? ({exc})"
    if isinstance(exc, OSError):
        return f"{exc.strerror} ({exc.filename})" if exc.strerror else str(exc)
    return str(exc)

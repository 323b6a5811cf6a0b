"""Typed errors of the corpus layer; the CLI turns them into one-line messages."""
from __future__ import annotations

import sqlite3


class CorpusError(Exception):
    """Base class for expected failures of the corpus layer."""


class DatabaseError(CorpusError):
    """The database file cannot be opened or written."""


class LockHeld(CorpusError):
    """Another `meetings update` is still running."""


# SQLite's primary result codes people meet, as what they mean and what to do
_SQLITE_ADVICE = {
    "SQLITE_FULL": "the disk is full; free some space and run again; everything committed before is kept",
    "SQLITE_IOERR": "cannot read or write the database file (a full disk or a size limit?); "
                    "everything committed before is kept",
    "SQLITE_NOTADB": "not a SQLite database (or a damaged one)",
    "SQLITE_CORRUPT": "the database file is damaged",
    "SQLITE_BUSY": "the database is locked by another process; try again when it is done",
    "SQLITE_LOCKED": "the database is locked by another process; try again when it is done",
    "SQLITE_READONLY": "the database is read-only here",
    "SQLITE_CANTOPEN": "cannot open the database file",
    "SQLITE_PERM": "no permission to use the database file",
}


def describe_sqlite_error(exc: sqlite3.Error) -> str:
    """What a SQLite error means for the person running the command, SQLite's words in brackets.
    A failed write is rolled back whole (each article is its own transaction), so a full disk
    loses nothing that was committed."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    advice = _SQLITE_ADVICE.get("_".join(name.split("_")[:2]))
    return f"{advice} ({exc})" if advice else str(exc)

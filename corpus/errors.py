"""Typed errors of the corpus layer; the CLI turns them into one-line messages."""


class CorpusError(Exception):
    """Base class for expected failures of the corpus layer."""


class DatabaseError(CorpusError):
    """The database file cannot be opened or written."""


class LockHeld(CorpusError):
    """Another `meetings update` is still running."""

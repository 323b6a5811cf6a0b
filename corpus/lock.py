"""An exclusive, non-blocking lock so that the commands writing a database (a cron run of
`meetings update` or `crawl`, a `meetings reextract` started by hand) never run over each other."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corpus.errors import DatabaseError, LockHeld
from corpus.files import make_parent


@contextmanager
def update_lock(db_path: str | Path, command: str = "update") -> Iterator[None]:
    """Hold ``<db>.lock`` for the duration; raise LockHeld at once if another run has it, naming
    that run's command and pid (written into the lock file by its holder).

    flock is released by the kernel when the process dies, so a killed run never leaves a
    stale lock behind.
    """
    lock_path = Path(str(db_path) + ".lock")
    make_parent(lock_path, "database lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatabaseError(f"cannot create database lock {lock_path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid, _, held_by = os.read(fd, 64).decode(errors="replace").strip().partition(" ")
            raise LockHeld(f"another `meetings {held_by or 'update'}` is running on this database "
                           f"(pid {pid or 'unknown'}); exiting") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {command}".encode())
        yield
    finally:
        os.close(fd)

"""An exclusive, non-blocking lock so overlapping cron runs of `meetings update` do not collide."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corpus.errors import DatabaseError, LockHeld
from corpus.files import make_parent


@contextmanager
def update_lock(db_path: str | Path) -> Iterator[None]:
    """Hold ``<db>.lock`` for the duration; raise LockHeld at once if another run has it.

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
            holder = os.read(fd, 64).decode(errors="replace").strip() or "another process"
            raise LockHeld(f"another `meetings update` is running (pid {holder}); exiting") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)

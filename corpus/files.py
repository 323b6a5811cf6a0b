"""Files the commands read and write: an article file for `meetings extract` (text or HTML, in
whatever encoding it came), and the folder a database, its lock or a snapshot goes in."""
from __future__ import annotations

from pathlib import Path

from corpus.errors import CorpusError, DatabaseError

MAX_FILE_BYTES = 20 * 1024 * 1024


def read_article_file(path: Path) -> tuple[str, bool]:
    """Return (decoded text, is_html); ExtractError for missing, unreadable, empty, binary or huge
    files, and for anything that is not a regular file (a folder, a device)."""
    from bs4 import UnicodeDammit

    from extract.errors import ExtractError
    from extract.html import looks_like_html

    try:
        st = path.stat()
    except FileNotFoundError:
        raise ExtractError(f"{path}: no such file") from None
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read ({exc.strerror})") from None
    if path.is_dir():
        raise ExtractError(f"{path}: is a directory, expected a text or HTML file")
    if not path.is_file():
        raise ExtractError(f"{path}: not a regular file, expected a text or HTML file")
    if st.st_size == 0:
        raise ExtractError(f"{path}: file is empty")
    if st.st_size > MAX_FILE_BYTES:
        raise ExtractError(f"{path}: file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in data[:8192]:
        raise ExtractError(f"{path}: binary file, expected text or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        dammit = UnicodeDammit(data, ["utf-8", "windows-1258", "windows-1251", "cp1252"])
        if dammit.unicode_markup is None:
            raise ExtractError(f"{path}: cannot decode text") from None
        text = dammit.unicode_markup
    if not text.strip():
        raise ExtractError(f"{path}: file is empty")
    return text, looks_like_html(text)


def make_parent(path: Path, what: str = "file", error: type[CorpusError] = DatabaseError) -> None:
    """Create the folder ``path`` goes in, or say in one line why it cannot be: a file where a
    folder should be, no permission, a read-only or full file system."""
    for folder in (path.parent, *path.parent.parents):
        if folder.exists():
            if not folder.is_dir():
                raise error(f"cannot create {what} {path}: {folder} is a file, not a folder")
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise error(f"cannot create {what} {path}: {exc.strerror} ({exc.filename})") from None

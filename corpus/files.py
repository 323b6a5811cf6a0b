"""Read an article file for `meetings extract`: text or HTML, in whatever encoding it came."""
from __future__ import annotations

from pathlib import Path

from bs4 import UnicodeDammit

from extract.errors import ExtractError
from extract.html import looks_like_html

MAX_FILE_BYTES = 20 * 1024 * 1024


def read_article_file(path: Path) -> tuple[str, bool]:
    """Return (decoded text, is_html); ExtractError for missing, empty, binary or huge files."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ExtractError(f"{path}: no such file") from None
    if size == 0:
        raise ExtractError(f"{path}: file is empty")
    if size > MAX_FILE_BYTES:
        raise ExtractError(f"{path}: file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    data = path.read_bytes()
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

"""Stub: replaced by the real stage."""
from __future__ import annotations

from typing import Any

from extract.article import Article
from extract.langpack import LangPack


def find_officials(art: Article, pack: LangPack) -> list[dict[str, Any]]:
    return []

"""Stub: replaced by the real stage."""
from __future__ import annotations

from typing import Any

from extract.article import Article
from extract.langpack import LangPack


def find_directives(art: Article, pack: LangPack, officials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return []

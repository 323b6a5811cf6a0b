"""Stub: replaced by the real stage."""
from __future__ import annotations

from typing import Any

from extract.article import Article
from extract.langpack import LangPack


def find_meeting(art: Article, pack: LangPack, officials: list[dict[str, Any]]) -> dict[str, Any]:
    return {"is_report": False, "date": None, "province": None, "level": None, "committee": None, "chair": None}

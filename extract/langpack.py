"""Per-language data packs, loaded from ``extract/lang/<xx>/*.yml``.

Each file is named for its role (titles.yml, roles.yml, tasks.yml ...). A language is added by
adding a folder; the code below never names a language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANG_DIR = Path(__file__).parent / "lang"
DATA_DIR = Path(__file__).parent / "data"


def supported_languages() -> list[str]:
    return list(_language_dirs())


@lru_cache(maxsize=1)
def _language_dirs() -> tuple[str, ...]:
    """Read once: every extraction asks, and the packs ship with the code."""
    return tuple(sorted(p.name for p in LANG_DIR.iterdir() if p.is_dir() and not p.name.startswith("_")))


@dataclass(frozen=True)
class LangPack:
    """All data files of one language, by file stem: ``pack["titles"]`` is titles.yml."""

    lang: str
    files: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.files.get(name) or {}

    def get(self, name: str, default: Any = None) -> Any:
        return self.files.get(name, default)


@lru_cache(maxsize=None)
def load_pack(lang: str) -> LangPack:
    folder = LANG_DIR / lang
    if not folder.is_dir():
        from extract.errors import UnknownLanguage

        raise UnknownLanguage(f"unknown language {lang!r}; supported: {', '.join(supported_languages())}")
    files = {}
    for path in sorted(folder.glob("*.yml")):
        with path.open(encoding="utf-8") as fh:
            files[path.stem] = yaml.safe_load(fh) or {}
    return LangPack(lang, files)


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """Language-independent data files in ``extract/data/`` (provinces, index registry ...)."""
    with (DATA_DIR / f"{name}.yml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)

"""The shape of the tree: corpus uses crawler and extract; they never use corpus or each other."""
from __future__ import annotations

import ast

import pytest

from conftest import ROOT


def _imports(package: str) -> set[str]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package, forbidden", [("crawler", {"corpus", "extract"}), ("extract", {"corpus", "crawler"})])
def test_dependency_direction(package, forbidden):
    assert not (_imports(package) & forbidden)


def test_extract_is_pure_no_network_or_database():
    assert not (_imports("extract") & {"httpx", "sqlite3", "sqlite_utils", "socket", "urllib3", "requests"})


@pytest.mark.parametrize("lang", ["vi", "en", "ru", "uk"])
def test_every_language_pack_has_the_same_roles(lang):
    expected = {p.name for p in (ROOT / "extract" / "lang" / "ru").glob("*.yml")}
    assert {p.name for p in (ROOT / "extract" / "lang" / lang).glob("*.yml")} == expected

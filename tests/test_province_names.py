"""extract/data/provinces.yml: the 63 former units, 34 in force, each with a Russian and a Ukrainian name."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "extract" / "data" / "provinces.yml"
CYRILLIC_NAME = re.compile(r"^[\u0400-\u04FF]+(?:['’ʼ\- ][\u0400-\u04FF]+)*$")
RUSSIAN_ONLY = set("ыэъёЫЭЪЁ")
UKRAINIAN_ONLY = set("іїєґІЇЄҐ")


def _provinces() -> list[dict]:
    with DATA.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


PROVINCES = _provinces()


def test_there_are_63_units_with_unique_codes():
    assert len(PROVINCES) == 63
    assert len({p["code"] for p in PROVINCES}) == 63


def test_exactly_34_units_are_in_force():
    assert sum(1 for p in PROVINCES if p.get("merged_into") is None) == 34


def test_every_merged_into_points_at_a_unit_in_force():
    in_force = {p["code"] for p in PROVINCES if p.get("merged_into") is None}
    bad = {p["code"]: p["merged_into"] for p in PROVINCES
           if p.get("merged_into") is not None and p["merged_into"] not in in_force}
    assert not bad


@pytest.mark.parametrize("lang", ["ru", "uk"])
@pytest.mark.parametrize("p", PROVINCES, ids=[p["code"] for p in PROVINCES])
def test_every_unit_has_a_cyrillic_name(p, lang):
    name = p.get(lang)
    assert isinstance(name, str) and name.strip(), f"{p['code']}: no {lang}"
    assert CYRILLIC_NAME.match(name), f"{p['code']}: {lang} {name!r} is not Cyrillic"


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_no_two_units_share_a_spelling(lang):
    seen: dict[str, str] = {}
    clashes = []
    for p in PROVINCES:
        key = str(p.get(lang, "")).lower()
        if key in seen:
            clashes.append((seen[key], p["code"], p.get(lang)))
        seen.setdefault(key, p["code"])
    assert not clashes


def test_ukrainian_names_use_no_russian_only_letters():
    bad = {p["code"]: p["uk"] for p in PROVINCES if RUSSIAN_ONLY & set(str(p.get("uk", "")))}
    assert not bad


def test_russian_names_use_no_ukrainian_only_letters():
    bad = {p["code"]: p["ru"] for p in PROVINCES if UKRAINIAN_ONLY & set(str(p.get("ru", "")))}
    assert not bad


def test_the_existing_spellings_are_kept():
    for p in PROVINCES:
        assert p["name"] and p["en"] and p.get("variants"), p["code"]

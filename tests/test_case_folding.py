"""Folded text and loosened gates stand in for IGNORECASE searches: they must never miss a match."""
from __future__ import annotations

import re

import pytest
from articles import altered_gold_lines

from extract.case_folding import fold
from extract.directives import _rules
from extract.langpack import supported_languages

LETTERS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" "đĐăĂâÂêÊôÔơƠưƯệỆữỮ"
           "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіІїЇєЄґҐ"
           "İıſKẞßΣσςᲀᲂᲃ")


def test_folded_letters_are_equal_exactly_when_ignorecase_matches_one_with_the_other():
    for a in LETTERS:
        for b in LETTERS:
            assert (fold(a) == fold(b)) == bool(re.fullmatch(re.escape(a), b, re.IGNORECASE)), (a, b)
    text = "Thủ tướng İstanbul ſ ᲀ Σ 😀"
    assert len(fold(text)) == len(text)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return altered_gold_lines(extra=None)


@pytest.mark.parametrize("lang", supported_languages())
def test_a_gate_finds_a_place_at_or_before_every_first_match(lang, texts):
    r = _rules(lang)
    pairs = [(r.verbs, r.verbs_gate), (r.speech, r.speech_gate), (r.deadline, r.deadline_gate)]
    hits = 0
    for rx, gate in pairs:
        if rx is None or gate is None:
            continue
        for text in texts:
            m = rx.search(text)
            g = gate.search(fold(text))
            if m:
                hits += 1
                assert g is not None and g.start() <= m.start(), (rx.pattern[:60], text[:160])
    for text in texts:   # the caption gate only tells whether there is a match
        if r.caption and r.caption_gate and r.caption.search(text):
            assert r.caption_gate.search(fold(text)), text[:160]
    assert hits

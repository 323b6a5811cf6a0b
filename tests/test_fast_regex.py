"""The rewritten phrase patterns must match exactly what the patterns as written match."""
from __future__ import annotations

import re

import pytest
from articles import altered_gold_lines

from extract.fast_regex import fast_alternation, leading_class, plain_alternation, start_finder
from extract.langpack import load_pack, supported_languages



def _phrases(lang: str) -> list[list[str]]:
    """Pattern lists as the tasks stage and the number grammar combine them."""
    tasks = load_pack(lang)["tasks"]
    numbers = load_pack(lang)["numbers"]
    lists = [[tasks["noun"]], [p for _, p in tasks["status"]], [tasks["of_words"]], [tasks["modal"]],
             [tasks["on_time"]], [tasks["late"]], list(numbers.get("cardinals") or {})]
    return [ps for ps in lists if ps]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return altered_gold_lines(extra=None)


@pytest.mark.parametrize("lang", supported_languages())
def test_fast_alternation_finds_the_same_matches_as_the_plain_one(lang, texts):
    found = 0
    for patterns in _phrases(lang):
        plain = re.compile(plain_alternation(patterns), re.IGNORECASE)
        fast = re.compile(fast_alternation(patterns), re.IGNORECASE)
        finder = start_finder(plain_alternation(patterns))
        first = re.compile(finder, re.IGNORECASE) if finder else None
        for text in texts:
            want = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in fast.finditer(text)] == want, (patterns, text[:120])
            if first is not None:
                m = first.search(text)
                assert (m.start() if m else None) == (want[0][0] if want else None), (patterns, text[:120])
            found += len(want)
    assert found   # the patterns did match: the comparison was not over empty results


def test_leading_class_holds_every_case_partner_of_the_first_letters():
    cls = re.compile(leading_class(["nhiệm vụ", "task"]))
    for c in "nNtTṄ"[:4]:
        assert cls.fullmatch(c)
    assert not cls.fullmatch("x") and leading_class(["(?<=a)b"]) is None

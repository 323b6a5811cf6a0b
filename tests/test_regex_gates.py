"""Gates must never change what a pattern finds: they only skip places where it cannot match."""
from __future__ import annotations

import pytest
from articles import altered_gold_lines

from extract.langpack import supported_languages
from extract.rankings import _rules
from extract.regex_gates import case_traps, gate_pattern, holds, trapped

# ranking phrasings in every language and case, including forms the patterns do not know
EXTRA = [" THE PROVINCE RANKED 22ND OUT OF 34 IN THE DTI", " took the Third Place among 63",
         " Placed 18th of 63 localities, and 22nd in the PAPI index", " Заняла ТРЕТЬЕ место среди 34",
         " на 14-м месте из 34", " рейтинг: 5/63", " посіла п’яте місце серед 34", " Xếp Thứ Hai trên 63",
         " vị trí thứ 3 trên 34", " aims to rank 5th by 2030", " и 5-е по PAPI", " і 7-ме за PAPI",
         " ranked No. 3 of 63", ", заняв 2-е місце з 34", " xếp thứ 5/63"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return altered_gold_lines(extra=EXTRA)


@pytest.mark.parametrize("lang", supported_languages())
def test_gated_search_finds_exactly_what_the_pattern_finds(lang, texts):
    r = _rules(lang)
    gated = [*r.patterns, *(a for _, a in r.aliases), *([r.aim] if r.aim else [])]
    checked = skipped = 0
    for text in texts:
        trusted = not trapped(text, r.traps)
        low = text.lower() if trusted else None
        for g in gated:
            want = [m.span() for m in g.rx.finditer(text)]
            if trusted and not holds(low, text, g.gate):
                assert want == [], (g.rx.pattern[:80], text[:200])
                skipped += 1
                continue
            assert [m.span() for m in g.finditer(text, low)] == want, (g.rx.pattern[:80], text[:200])
            checked += 1
    assert checked and skipped > checked   # the gates do skip most sentences, and never wrongly


def test_case_traps_are_the_characters_lower_and_the_regex_engine_fold_differently():
    traps = case_traps("ikos")
    assert {"İ", "ı", "ſ"} <= set(traps) and "I" not in traps and "o" not in traps
    assert trapped("ранг 😀", "") and not trapped("xếp thứ 5", traps)


def test_a_pattern_without_ignorecase_gets_no_gate():
    g = gate_pattern(__import__("re").compile(r"ranked (\d+)"))
    assert g.gate == () and g.starts is None
    assert [m.group(1) for m in g.finditer("ranked 5, ranked 7", "ranked 5, ranked 7")] == ["5", "7"]

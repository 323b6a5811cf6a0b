"""Numbers as written: local separators, number words, ordinals, percentages."""
from __future__ import annotations

import re

import pytest

from extract.numbers import find_numbers, ordinal_regex, parse_number, parse_ordinal


@pytest.mark.parametrize(
    "lang, written, value",
    [
        ("vi", "1.133", 1133), ("ru", "1.133", 1133), ("ru", "1 133", 1133), ("ru", "1133", 1133),
        ("vi", "1.227", 1227), ("vi", "2.093", 2093), ("ru", "81,2", 81.2), ("vi", "81,2", 81.2),
        ("en", "53.66", 53.66), ("en", "1,200", 1200), ("uk", "7,5 мільйона", 7_500_000),
        ("ru", "95 триллионов", 95_000_000_000_000), ("ru", "11,7 млн", 11_700_000),
        ("ru", "двадцать", 20), ("ru", "двадцать три", 23), ("en", "twelve", 12),
        ("en", "two hundred", 200), ("uk", "три", 3), ("vi", "mười", 10),
    ],
)
def test_parse_number_reads_local_separators_and_words(lang, written, value):
    assert parse_number(written, lang) == value


@pytest.mark.parametrize("lang, written", [("ru", "задач"), ("en", "tasks"), ("vi", "nhiệm vụ"), ("ru", "")])
def test_parse_number_gives_none_for_non_numbers(lang, written):
    assert parse_number(written, lang) is None


@pytest.mark.parametrize(
    "lang, written, value",
    [
        ("ru", "14-е", 14), ("ru", "третьем", 3), ("ru", "пятнадцатое", 15), ("ru", "двадцать второе", 22),
        ("uk", "5-те", 5), ("uk", "третє", 3), ("en", "22nd", 22), ("en", "third", 3),
        ("en", "twenty-second", 22), ("vi", "thứ hai", 2), ("vi", "thứ nhất", 1), ("vi", "thứ 14", 14),
    ],
)
def test_ordinals_are_recognised_and_valued(lang, written, value):
    assert re.fullmatch(ordinal_regex(lang), written, re.IGNORECASE)
    assert parse_ordinal(written, lang) == value


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("ru", "выполнено 53%, а ещё 113 из 139", [(53, True), (113, False), (139, False)]),
        ("ru", "113 из 139 задач (81,2%)", [(113, False), (139, False), (81.2, True)]),
        ("vi", "hoàn thành 1.227 nhiệm vụ (đạt 95%)", [(1227, False), (95, True)]),
        ("ru", "выполнены 12, 8 реализуются", [(12, False), (8, False)]),
    ],
)
def test_find_numbers_gives_values_offsets_and_percent_flag(lang, text, expected):
    found = find_numbers(text, lang)
    assert [(n.value, n.percent) for n in found] == expected
    for n in found:
        assert parse_number(text[n.start:n.end], lang) == n.value


@pytest.mark.parametrize(
    "text, value",
    [("hai mươi", 20), ("hai mươi mốt", 21), ("mười lăm", 15), ("ba trăm linh năm", 305),
     ("ba trăm hai mươi tư", 324), ("mười", 10)],
)
def test_vietnamese_compound_number_words(text, value):
    from extract.numbers import parse_number
    assert parse_number(text, "vi") == value


def test_vietnamese_nam_is_five_only_before_a_counted_noun_never_the_year():
    from extract.numbers import find_numbers
    text = "năm nhiệm vụ; năm 2025; trong năm qua"
    assert [(text[n.start:n.end], n.value) for n in find_numbers(text, "vi")] == [("năm", 5), ("2025", 2025)]


def test_a_number_closing_a_vietnamese_sentence_ends_it():
    from articles import make_article
    art = make_article("Tỉnh triển khai Nghị quyết 57. Tiếp theo, đồng chí yêu cầu.", "vi")
    assert [s.text for s in art.sentences] == ["Tỉnh triển khai Nghị quyết 57.", "Tiếp theo, đồng chí yêu cầu."]

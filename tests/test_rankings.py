"""Rankings: one entry per unit and place, with the index named as written and its registry key."""
from __future__ import annotations

import pytest

from articles import make_article, pack, seed
from extract.langpack import load_data
from extract.rankings import find_rankings


def places(art) -> list[dict]:
    found = find_rankings(art, pack(art))
    for rec in found:
        assert art.text[rec["start"]:rec["end"]] in rec["sentence"]
        assert rec["sentence"] in art.text
    return found


def test_seed_000_sentence_with_three_rankings_gives_three_entries_each_with_its_index():
    found = places(seed("000"))
    assert [(r["rank"], r["out_of"], r["index_key"], r["year"]) for r in found] == [
        (14, 34, "public_service_portal", None),
        (15, 34, "nq57_monitoring", None),
        (22, 34, "dti", 2024),
    ]
    assert found[0]["index"] == "Национальном портале государственных услуг"
    assert found[2]["index"] == "провинциальный индекс цифровой трансформации"
    text = seed("000").text
    assert [text[r["start"]:r["end"]].count("заняла") for r in found] == [1, 1, 1]


@pytest.mark.parametrize("source", ["001", "002", "003", "004"])
def test_seeds_without_places_give_none(source):
    # seed 004: "входит в пятерку" (among the top five) is not a place held
    assert places(seed(source)) == []


@pytest.mark.parametrize(
    "lang, text, rank, out_of, key, year",
    [
        ("vi", "Chỉ số chuyển đổi số (DTI) năm 2024 của tỉnh xếp thứ 14/34 tỉnh, thành phố.", 14, 34, "dti", 2024),
        ("vi", "Tỉnh đứng thứ hai cả nước về Chỉ số cải cách hành chính.", 2, None, "par_index", None),
        ("vi", "Trên Cổng Dịch vụ công quốc gia, tỉnh xếp hạng 5/63.", 5, 63, "public_service_portal", None),
        ("vi", "Về kết quả xanh hóa các chỉ tiêu, tỉnh xếp thứ nhất.", 1, None, "nq57_monitoring", None),
        ("en", "The province ranked 22nd out of 34 provinces in the 2024 Provincial Digital Transformation Index.",
         22, 34, "dti", 2024),
        ("en", "In the PAR Index, the city ranked third.", 3, None, "par_index", None),
        ("en", "On the National Public Service Portal, the province took 7th place among 34 localities.",
         7, 34, "public_service_portal", None),
        ("ru", "По индексу PCI город занимает третье место.", 3, None, "pci", None),
        ("ru", "Провинция заняла 14-е место из 34 провинций и городов по индексу SIPAS.", 14, 34, "sipas", None),
        ("uk", "Провінція посіла 5-те місце з 34 за індексом цифрової трансформації.", 5, 34, "dti", None),
    ],
)
def test_phrasings(lang, text, rank, out_of, key, year):
    (rec,) = places(make_article(text, lang))
    assert (rec["rank"], rec["out_of"], rec["index_key"], rec["year"]) == (rank, out_of, key, year)
    assert rec["index"]


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "Dak Lak strives to be in the top 10 provinces by 2030."),
        ("en", "The province aims to rank 5th in the DTI by 2030."),
        ("en", "The city leads the country in online public services."),
        ("vi", "Tỉnh phấn đấu xếp thứ 10 về chỉ số chuyển đổi số."),
        ("vi", "Tỉnh đứng đầu cả nước về dịch vụ công trực tuyến."),
        ("ru", "Хюэ входит в пятерку лидеров по уровню онлайн-записей."),
        ("ru", "Провинция стремится занять 10-е место."),
    ],
)
def test_aims_and_unnumbered_leads_are_not_rankings(lang, text):
    assert places(make_article(text, lang)) == []


def test_index_without_registry_entry_is_kept_as_written_with_null_key():
    (rec,) = places(make_article("In the Green Growth Index, the province ranked 4th.", "en"))
    assert rec["index_key"] is None and "Index" in rec["index"]


def test_every_registry_index_has_aliases_for_every_language():
    for key, entry in load_data("indices").items():
        assert set(entry["aliases"]) == {"vi", "en", "ru", "uk"}, key


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("ru", "По индексу DTI провинция заняла третье место в регионе и 18-е место в стране.", [3, 18]),
        ("ru", "Провинция заняла 5-е место по индексу PCI и 7-е по PAPI.", [5, 7]),
        ("uk", "За індексом DTI провінція посіла третє місце в регіоні та 18-те місце в країні.", [3, 18]),
    ],
)
def test_a_second_place_in_the_same_sentence_is_a_second_entry(lang, text, expected):
    assert [r["rank"] for r in places(make_article(text, lang))] == expected


def test_english_second_place_nationwide_after_a_regional_place():
    art = make_article("In the PAR Index, the province ranked 3rd in the Mekong Delta region and 12th nationwide.", "en")
    assert [r["rank"] for r in places(art)] == [3, 12]


@pytest.mark.parametrize(
    "lang, text, n",
    [
        ("en", "In the DTI, both the digital government and digital economy pillars ranked 8th.", 2),
        ("vi", "Trong chỉ số DTI, cả hai trụ cột chính quyền số và kinh tế số đều xếp thứ 8.", 2),
        ("ru", "По индексу DTI оба направления заняли 8-е место.", 2),
        ("en", "In the DTI, the province ranked 8th.", 1),
    ],
)
def test_two_units_holding_one_place_give_two_entries(lang, text, n):
    found = places(make_article(text, lang))
    assert len(found) == n and {r["rank"] for r in found} == {8}

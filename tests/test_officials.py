"""Officials and meeting facts on the seeds: names in base form, roles, keys, provinces."""
from __future__ import annotations

import pytest

from articles import seed
from extract.langpack import load_pack
from extract.meeting import find_meeting
from extract.officials import find_officials
from extract.person_key import person_key


def officials(prefix: str) -> dict[str, dict]:
    art = seed(prefix)
    return {o["name"]: o for o in find_officials(art, load_pack(art.lang))}


@pytest.mark.parametrize("spellings", [
    ["Hầu A Lềnh", "Hau A Lenh", "Хау А Лень", "Хау А Лен", "Хау А Ленх"],
    ["Phan Huy Ngọc", "Фан Хюи Нгок", "Фан Хюй Нгок"],
    ["Phạm Minh Chính", "Pham Minh Chinh", "Фам Минь Чинь"],
    ["Trần Mạnh Lợi", "Тран Мань Лой", "Чан Мань Лой"],
    ["Lê Thị Kim Dung", "Ле Тхи Ким Зунг"],
    ["Đặng Hồng Sỹ", "Dang Hong Sy"],
    ["Nguyễn Văn Phương", "Нгуен Ван Фыонг", "Нгуєн Ван Фионг"],
])
def test_person_key_is_equal_across_spellings_and_scripts(spellings):
    assert len({person_key(s) for s in spellings}) == 1


@pytest.mark.parametrize("a, b", [("Фан Хюи Нгок", "Фан Данг Донг"), ("Nguyễn Văn Phương", "Nguyễn Văn Được"),
                                  ("Võ Tấn Đức", "Vũ Tấn Đức")])
def test_person_key_differs_for_different_people(a, b):
    assert person_key(a) != person_key(b)


def test_inflected_name_is_reduced_to_its_base_form_and_mentions_merge():
    found = officials("000")
    assert "Хау А Лень" in found and "Хау А Леня" not in found
    assert found["Хау А Лень"]["role"] == "chair"
    assert found["До Ань Туан"]["role"] == "speaker"  # "вопрос директора ... До Ань Туана"
    assert found["Ле Тхи Ким Зунг"]["role"] == "attendee"
    assert "постоянный заместитель секретаря провинциального комитета партии" in found["Ле Тхи Ким Зунг"]["titles"]


def test_photo_credit_is_not_an_official():
    assert not any(name.startswith("Ван Нги") for name in officials("000"))


@pytest.mark.parametrize("prefix, code, merged_into, chair", [
    ("000", "tuyen-quang", None, "Хау А Лень"),
    ("001", "ha-giang", "tuyen-quang", "Хау А Лен"),
    ("002", "son-la", None, None),
    ("003", "lai-chau", None, None),
    ("004", "hue", None, "То Лам"),
])
def test_meeting_province_and_chair_of_each_seed(prefix, code, merged_into, chair):
    art = seed(prefix)
    pack = load_pack(art.lang)
    meeting = find_meeting(art, pack, find_officials(art, pack))
    assert meeting["is_report"]
    assert meeting["province"]["code"] == code and meeting["province"]["merged_into"] == merged_into
    assert meeting["chair"] == chair


def test_bridge_chair_is_an_official_with_role_chair():
    assert officials("004")["Нгуен Ван Фыонг"]["role"] == "chair"


@pytest.mark.parametrize(
    "text, code",
    [
        ("Руководящий комитет Ханоя провёл заседание.", "ha-noi"),
        ("На заседании в Хошимине обсудили данные.", "ho-chi-minh"),
        ("На пункті зв'язку провінції Дьєнб'єн засідання очолив секретар.", "dien-bien"),
        ("Провинция Кханьхоа провела заседание.", "khanh-hoa"),
    ],
)
def test_cyrillic_province_names_are_found_in_case_forms_and_with_apostrophes(text, code):
    from extract.provinces import find_province_mentions
    assert [p["code"] for _, _, p in find_province_mentions(text)] == [code]


@pytest.mark.parametrize(
    "lang, text, name",
    [
        ("en", "The Provincial Steering Committee on Science, Technology, Innovation, Digital Transformation and "
               "Project 06 held its 4th meeting on May 5.",
         "Steering Committee on Science, Technology, Innovation, Digital Transformation and Project 06"),
        ("vi", "Chiều 5/5, Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh "
               "họp phiên thứ hai.",
         "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"),
        ("ru", "Согласно отчёту, руководящий комитет провинции провёл заседание. Руководящий комитет по науке, "
               "технологиям, инновациям и цифровой трансформации издал регламент своей деятельности.",
         "Руководящий комитет по науке, технологиям, инновациям и цифровой трансформации"),
    ],
)
def test_committee_name_runs_through_its_subject_list_and_stops_before_the_predicate(lang, text, name):
    from extract import extract
    assert extract(text, lang)["meeting"]["committee"] == name


@pytest.mark.parametrize(
    "lang, text, names",
    [
        ("en", "Also attending were: Ngoc Kim Nam - Head of the Propaganda Department.", ["Ngoc Kim Nam"]),
        ("en", "At the meeting, Comrade Kim Nam spoke.", ["Kim Nam"]),
        ("vi", "Tin tức\nLê Nhã Linh\nPhản hồi: 0\nĐồng chí Bùi Thị Quỳnh Vân chủ trì hội nghị.", ["Bùi Thị Quỳnh Vân"]),
        ("vi", "Đồng chí Bùi Thị Quỳnh Vân chủ trì hội nghị.\nMinh Anh", ["Bùi Thị Quỳnh Vân"]),
    ],
)
def test_list_slot_names_keep_their_first_syllable_and_bylines_alone_on_a_line_are_not_officials(lang, text, names):
    from extract import extract
    assert [o["name"] for o in extract(text, lang)["officials"]] == names

"""Directives: a leader's instruction sentences, lists carried on past captions, issuer resolution."""
from __future__ import annotations

import pytest

from articles import make_article, pack, seed
from extract.directives import find_directives

SEED_000_OFFICIALS = [
    {"name": "Хау А Лень", "person_key": "hau-a-lenh", "titles": ["секретарь провинциального комитета партии"],
     "role": "chair", "start": 0, "end": 0, "mentions": []},
    {"name": "Фан Хюи Нгок", "person_key": "phan-huy-ngoc",
     "titles": ["заместитель секретаря провинциального комитета партии",
                "председатель провинциального народного комитета"], "role": "attendee", "start": 0, "end": 0},
]
SEED_004_OFFICIALS = [
    {"name": "Нгуен Ван Фыонг", "person_key": "nguyen-van-phuong",
     "titles": ["секретарь городского комитета партии", "председатель городского народного комитета"],
     "role": "chair", "start": 0, "end": 0},
    {"name": "То Лам", "person_key": "to-lam", "titles": ["Генеральный секретарь", "глава Центрального руководящего комитета"],
     "role": "chair", "start": 0, "end": 0},
]


def directives(art, officials=()) -> list[dict]:
    found = find_directives(art, pack(art), list(officials))
    for d in found:
        assert art.text[d["start"]:d["end"]] == d["text"]
    return found


def test_seed_000_list_after_a_demand_runs_past_captions_until_the_credit_line():
    found = directives(seed("000"), SEED_000_OFFICIALS)
    expected = [
        "Для достижения этого рез", "Необходимо повысить роль", "Провести проверку всей к",
        "Функциональный сектор в ", "Необходимо завершить соз", "Одновременно с этим необ",
        "Помимо цифровой трансфор", "Секретарь провинциальног", "Все уровни, отрасли, вед",
    ]
    assert len(found) == len(expected)
    assert all(d["text"].startswith(e) for d, e in zip(found, expected))
    assert all(d["issuer"] == "Хау А Лень" for d in found)
    assert found[-2]["addressees"] == ["Министерству внутренних дел", "Министерству финансов"]


def test_captions_are_never_directives():
    texts = " ".join(d["text"] for d in directives(seed("000")))
    assert "На встрече выступил" not in texts and "Новости и фото" not in texts


@pytest.mark.parametrize("source, n", [("001", 6), ("002", 6), ("003", 0)])
def test_seed_directive_counts(source, n):
    assert len(directives(seed(source))) == n


def test_seed_002_addressees_taken_from_the_verb_object():
    found = directives(seed("002"))
    assert found[0]["addressees"] == ["партийных комитетов", "органов власти", "агентств и подразделений"]
    assert ["секретарям партии и председателям народных комитетов коммун и районов"] in [d["addressees"] for d in found]


def test_seed_004_title_only_subject_resolves_to_the_official_holding_the_title():
    found = directives(seed("004"), SEED_004_OFFICIALS)
    assert [d["issuer"] for d in found] == ["То Лам"] * 4
    justice = next(d for d in found if "Министерству юстиции" in d["text"])
    assert justice["deadline"] == "2025-11-15"
    assert justice["addressees"] == ["Министерству юстиции"]


def test_seed_004_report_and_caption_proposal_are_not_directives():
    texts = [d["text"] for d in directives(seed("004"))]
    assert not any(t.startswith("Невыполнение задач") for t in texts)
    assert not any("город Хюэ предложил" in t for t in texts)
    assert not any(t.startswith("Для достижения целей") for t in texts)


def test_issuer_is_null_without_officials_and_inherited_by_continued_sentences():
    found = directives(seed("000"))
    assert {d["issuer"] for d in found} == {None}


def test_inflected_name_in_the_sentence_resolves_the_issuer():
    officials = [{"name": "Хау А Лень", "person_key": "k", "titles": [], "role": "chair", "start": 0, "end": 0}]
    art = make_article("Секретарь Хау А Леня потребовал от департаментов ускорить работу.", "ru")
    (d,) = directives(art, officials)
    assert d["issuer"] == "Хау А Лень" and d["addressees"] == ["департаментов"]


@pytest.mark.parametrize(
    "lang, text, addressees, deadline",
    [
        ("vi", "Bí thư Tỉnh ủy yêu cầu Sở KH-CN và Văn phòng UBND tỉnh khẩn trương hoàn thành trước ngày 15/11/2025.",
         ["Sở KH-CN", "Văn phòng UBND tỉnh"], "2025-11-15"),
        ("vi", "Phó Chủ tịch UBND tỉnh đề nghị các sở, ngành tập trung triển khai.", ["các sở", "ngành"], None),
        ("en", "The Prime Minister asked ministries and localities to complete the review by November 15, 2025.",
         ["ministries and localities"], "2025-11-15"),
        ("en", "Secretary Nguyen Ho Hai directed relevant units to coordinate in reviewing tasks.",
         ["relevant units"], None),
        ("uk", "Голова провінційного народного комітету доручив Департаменту фінансів терміново виділити кошти.",
         ["Департаменту фінансів"], None),
    ],
)
def test_made_up_directives(lang, text, addressees, deadline):
    (d,) = directives(make_article(text, lang))
    assert d["addressees"] == addressees and d["deadline"] == deadline


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "The Government and the Prime Minister have directed promptly and issued 12 directives."),
        ("en", "Prime Minister Pham Minh Chinh chaired and directed the first meeting of the Steering Committee."),
        ("en", "Of the 18 tasks assigned in collaboration with central ministries, 5 have been completed."),
        ("vi", "Thủ tướng Phạm Minh Chính, Trưởng Ban Chỉ đạo, chủ trì phiên họp."),
        ("vi", "Thủ tướng Phạm Minh Chính phát biểu chỉ đạo hội nghị."),
        ("ru", "Провинциальный народный комитет опубликовал план по конкретизации Постановления."),
    ],
)
def test_reports_and_noun_uses_are_not_directives(lang, text):
    assert directives(make_article(text, lang)) == []


def test_english_list_continues_with_imperative_and_modal_sentences():
    art = make_article(
        "The Prime Minister requested delegates to focus on discussing shortcomings.\n"
        "At the same time, clearly identify key tasks and solutions.\n"
        "Data must be correct and shared.\n"
        "The meeting ended at noon.\n"
        "The province has 5 new parks.\n"
        "Data must be clean.", "en")
    assert [d["text"][:12] for d in directives(art)] == ["The Prime Mi", "At the same ", "Data must be"]


@pytest.mark.parametrize(
    "lang, text, n",
    [
        ("en", "The Prime Minister stated that people at all levels must act.", 1),
        ("en", "PM Chinh pointed out shortcomings that must be urgently addressed.", 0),
        ("en", "The Prime Minister stated that these tasks need to be upgraded.", 0),
        ("vi", "Bí thư Tỉnh ủy nhấn mạnh, các cấp ủy cần huy động nguồn lực xã hội.", 1),
        ("vi", "Thủ tướng nhấn mạnh vẫn còn nhiều việc phải làm.", 0),
        ("ru", "Секретарь отметил, что создание базы данных является неотложной задачей.", 0),
    ],
)
def test_a_remark_is_a_directive_only_with_an_active_modal_outside_quotes(lang, text, n):
    assert len(directives(make_article(text, lang))) == n


def test_after_a_remark_a_modal_sentence_carries_the_instruction():
    art = make_article("Генеральный секретарь То Лам отметил, что база данных важна.\n"
                       "Министерства должны безотлагательно создавать систему данных.\n"
                       "Это общий ресурс страны.", "ru")
    assert [d["text"][:12] for d in directives(art, SEED_004_OFFICIALS)] == ["Министерства"]


@pytest.mark.parametrize(
    "lang, text, items",
    [
        ("vi", "Kết luận, đồng chí Bí thư yêu cầu:\nCác sở, ngành hoàn thành dữ liệu trong tháng 11.\n"
               "UBND các xã bố trí đủ cán bộ.\nSở Tài chính bố trí kinh phí.\nHội nghị kết thúc lúc 17 giờ.", 3),
        ("uk", "Секретар доручив департаментам:\n- Завершити оцифрування записів;\n- Посилити навчання.\n"
               "Засідання тривало дві години.", 2),
        ("en", "The Chairman requested the following:\n1. Departments finish the land database.\n"
               "2. Communes train their staff.\nThe meeting ended at noon.", 2),
    ],
)
def test_lines_of_a_list_after_an_instruction_ending_with_a_colon_are_directives_until_the_list_ends(lang, text, items):
    found = directives(make_article(text, lang))
    assert len(found) == 1 + items
    assert all(d["issuer"] == found[0]["issuer"] for d in found)


@pytest.mark.parametrize(
    "lang, text, n",
    [
        ("en", "Ministries must cut at least 30 percent of procedures, he stressed.", 1),
        ("en", "Ministries must cut at least 30 percent of procedures, Prime Minister Pham Minh Chinh said.", 1),
        ("en", "The ministries have cut 30 percent of procedures, he said.", 0),
        ("ru", "Министерства должны сократить процедуры, — подчеркнул он.", 1),
        ("uk", "Міністерства повинні скоротити процедури, — наголосив він.", 1),
        ("vi", "Các sở phải hoàn thành dữ liệu trong năm nay, đồng chí Bí thư nhấn mạnh.", 1),
    ],
)
def test_an_instruction_whose_speaker_is_named_after_it_is_a_directive(lang, text, n):
    assert len(directives(make_article(text, lang))) == n

"""Addressees as written: organisation names joined by 'và'/'and' stay whole, deadlines are cut off."""
from __future__ import annotations

import pytest

from extract import extract


@pytest.mark.parametrize("lang, text, expected", [
    ("vi", "Chủ tịch UBND tỉnh Lê Văn A đề nghị Sở Khoa học và Công nghệ hoàn thành báo cáo trước ngày 31/12/2025.",
     ["Sở Khoa học và Công nghệ"]),
    ("vi", "Bí thư Tỉnh ủy Trần Văn B yêu cầu Sở Nội vụ và Sở Tài chính phối hợp xây dựng kế hoạch.",
     ["Sở Nội vụ", "Sở Tài chính"]),
    ("en", "Chairman Nguyen Van C asked the Department of Science and Technology to submit the plan.",
     ["the Department of Science and Technology"]),
    ("ru", "Секретарь провинциального комитета партии Ле Ван Д поручил Департаменту финансов до 10 декабря 2025 года "
           "выделить средства.", ["Департаменту финансов"]),
    ("uk", "Секретар провінційного партійного комітету Ле Ван Д доручив Департаменту науки і технологій до 30 листопада "
           "2025 року подати план.", ["Департаменту науки і технологій"]),
])
def test_addressees_as_written(lang, text, expected):
    directives = extract(text, lang)["directives"]
    assert directives and directives[0]["addressees"] == expected


def test_a_headline_is_not_a_directive_but_a_cut_off_last_sentence_is():
    text = ("PM calls for breakthrough in digital economy\n"
            "On February 25, Prime Minister Pham Minh Chinh chaired the meeting of the Steering Committee.\n"
            "He called on ministries to connect their databases before June")
    found = [d["text"] for d in extract(text, "en")["directives"]]
    assert found == ["He called on ministries to connect their databases before June"]

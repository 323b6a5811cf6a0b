"""Meeting date: from the text, with the year from the publication when the text omits it."""
from __future__ import annotations

import pytest

from extract import extract

VI = "Sáng 26/4, Ban Chỉ đạo về chuyển đổi số tỉnh họp phiên thứ nhất."
RU = "Утром 25 апреля состоялось заседание руководящего комитета провинции по цифровой трансформации."


@pytest.mark.parametrize(
    "text, lang, kw, expected",
    [
        (VI, "vi", {"published": "2025-04-27T08:00:00+07:00"}, "2025-04-26"),
        (VI, "vi", {"url": "https://baohagiang.vn/thoi-su/202504/hop-ban-chi-dao-f604aa9/"}, "2025-04-26"),
        ("18:20, 25 апреля 2025 г.\n" + RU, "ru", {}, "2025-04-25"),
        (VI.replace("26/4", "26/12"), "vi", {"published": "2026-01-03"}, "2025-12-26"),
        (VI, "vi", {}, None),   # no year anywhere: not guessed
        (RU + " По состоянию на 23 сентября 2024 года выполнено 5 задач.", "ru", {}, None),
    ],
)
def test_meeting_date_takes_its_year_from_the_publication_never_from_other_dates(text, lang, kw, expected):
    assert extract(text, lang, **kw)["meeting"]["date"] == expected

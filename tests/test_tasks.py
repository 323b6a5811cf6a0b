"""Task reports: counts of tasks as each sentence states them, never computed."""
from __future__ import annotations

import pytest

from articles import dev, make_article, pack, seed
from extract.tasks import find_task_reports

FIELDS = ("total", "completed", "completed_on_time", "completed_late", "in_progress", "not_started",
          "overdue", "completed_percent")


def counts(rec: dict) -> dict:
    return {k: rec[k] for k in FIELDS if rec.get(k) is not None}


def reports(art) -> list[dict]:
    found = find_task_reports(art, pack(art))
    for rec in found:
        assert art.text[rec["start"]:rec["end"]] in rec["sentence"]
        assert rec["sentence"] in art.text
    return found


@pytest.mark.parametrize(
    "source, expected",
    [
        ("000", [{"total": 20, "completed": 12, "in_progress": 8},
                 {"total": 102, "completed": 41, "in_progress": 61}]),
        ("003", [{"completed": 270, "in_progress": 382}]),
        ("004", [{"total": 1133, "completed_percent": 53},
                 {"total": 139, "completed": 113, "completed_percent": 81.2, "completed_on_time": 102}]),
        ("001", []),
        ("002", []),
    ],
)
def test_seed_task_reports(source, expected):
    assert [counts(r) for r in reports(seed(source))] == expected


def test_seed_statement_offsets_slice_the_statement():
    first, second = reports(seed("000"))
    art = seed("000")
    assert art.text[first["start"]:first["end"]].startswith("из 20 задач")
    assert art.text[second["start"]:second["end"]].startswith("Из 102 задач")


@pytest.mark.parametrize(
    "source, field, value",
    [
        ("000", "scope", "Заключительным уведомлением Центрального руководящего комитета"),
        ("004", "scope", "Резолюцией 57"),
        ("003", "as_of", "2025-09-23"),
    ],
)
def test_scope_and_as_of_are_taken_as_written(source, field, value):
    assert value in [r[field] for r in reports(seed(source))]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("vi_014", [{"total": 1298, "completed": 1227, "completed_percent": 95}]),
        ("en_038", [{"total": 123, "completed": 66, "completed_percent": 53.66},
                    {"total": 65, "completed": 38, "completed_percent": 58.46}]),
        # "; and 4 are ongoing": a second in-progress figure that does not name tasks is left out
        ("en_041", [{"total": 18, "completed": 5, "in_progress": 9}]),
        ("en_002", []),   # 32 science and technology tasks: research projects, not progress counts
        ("en_025", []),   # 26 out of 43 targets: targets are not tasks
        ("ru_004", []),
    ],
)
def test_dev_article_task_reports(name, expected):
    assert [counts(r) for r in reports(dev(name))] == expected


def test_subset_with_its_own_total_is_a_second_statement():
    found = [counts(r) for r in reports(dev("en_013"))]
    assert found == [{"total": 102}, {"total": 82}, {"total": 102, "completed": 38}, {"total": 82, "completed": 35}]


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("vi", "Năm 2025, đã hoàn thành 1.227/1.298 nhiệm vụ (đạt 95%), còn 71 nhiệm vụ chưa hoàn thành.",
         [{"total": 1298, "completed": 1227, "completed_percent": 95}]),
        ("vi", "Trong số 81 nhiệm vụ, 3/81 nhiệm vụ đã hoàn thành, 70 nhiệm vụ đang triển khai, "
               "8 nhiệm vụ chưa triển khai.",
         [{"total": 81, "completed": 3, "in_progress": 70, "not_started": 8}]),
        ("vi", "Tỉnh đã hoàn thành 20 nhiệm vụ đúng hạn, 4 nhiệm vụ hoàn thành quá hạn.",
         [{"completed_on_time": 20, "completed_late": 4}]),
        ("vi", "Hiện còn 12 nhiệm vụ quá hạn.", [{"overdue": 12}]),
        ("vi", "Tỷ lệ hoàn thành nhiệm vụ đạt 53%.", [{"completed_percent": 53}]),
        ("vi", "Tỉnh đã hoàn thành 12/16 dịch vụ dữ liệu và 39/65 chỉ tiêu.", []),
        ("vi", "Năm 2025 tỉnh phấn đấu hoàn thành 50 nhiệm vụ.", []),
        ("en", "So far, 41 of 102 tasks have been completed, 61 are in progress.",
         [{"total": 102, "completed": 41, "in_progress": 61}]),
        ("en", "Out of 50 tasks, 30 were completed, 15 are on schedule and 5 tasks are overdue.",
         [{"total": 50, "completed": 30, "in_progress": 15, "overdue": 5}]),
        ("en", "Of the completed tasks, 20 were completed on time and 3 were completed late.",
         [{"completed_on_time": 20, "completed_late": 3}]),
        ("en", "The province is implementing 32 science and technology tasks, including 3 ministerial-level "
               "tasks and 29 provincial-level tasks.", []),
        ("ru", "Из 45 задач выполнено 30, 10 задач просрочено, 5 не начаты.",
         [{"total": 45, "completed": 30, "overdue": 10, "not_started": 5}]),
        ("ru", "Необходимо выполнить 20 задач до конца года.", []),
        ("uk", "Із 40 завдань виконано 25, 15 виконується.", [{"total": 40, "completed": 25, "in_progress": 15}]),
        ("uk", "21/84 цифрові платформи опублікували плани впровадження.", []),
    ],
)
def test_phrasings(lang, text, expected):
    assert [counts(r) for r in reports(make_article(text, lang))] == expected


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("vi", "Theo báo cáo, tổng số nhiệm vụ của tỉnh là 136; đã hoàn thành 97 nhiệm vụ.", {"total": 136, "completed": 97}),
        ("vi", "Năm 2025, xã được giao 25 nhiệm vụ; đến nay đã hoàn thành 18 nhiệm vụ.", {"total": 25, "completed": 18}),
        ("ru", "Из 210 задач город выполнил 148, а 7 задач не выполнены в срок.", {"total": 210, "completed": 148, "overdue": 7}),
        ("uk", "З 90 завдань виконано 80, а 10 завдань не виконано вчасно.", {"total": 90, "completed": 80, "overdue": 10}),
    ],
)
def test_totals_stated_after_the_noun_or_as_assigned_and_unfinished_in_time_as_overdue(lang, text, expected):
    assert [counts(r) for r in reports(make_article(text, lang))] == [expected]


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("vi", "Năm 2025, phường triển khai hai mươi nhiệm vụ, đến nay đã hoàn thành mười lăm nhiệm vụ, "
               "năm nhiệm vụ còn lại đang thực hiện.", {"total": 20, "completed": 15, "in_progress": 5}),
        ("vi", "Trong 62 nhiệm vụ được giao, có 40 nhiệm vụ đã hoàn thành.", {"total": 62, "completed": 40}),
        ("uk", "За звітом, з 45 завдань завершено 30, решта 15 — у процесі виконання.",
         {"total": 45, "completed": 30, "in_progress": 15}),
    ],
)
def test_vietnamese_number_words_remaining_tasks_and_a_dash_before_the_status(lang, text, expected):
    assert [counts(r) for r in reports(make_article(text, lang))] == [expected]

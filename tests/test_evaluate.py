"""The gold-set scorer follows GOLD.md: inflection-tolerant names, facts, bigram directives."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from conftest import ROOT
from corpus.evaluate import _task_facts, score_directives, score_multiset, score_officials


def test_official_names_match_across_inflection_and_spelling():
    s = score_officials([{"name": "Хау А Лень"}, {"name": "Phạm Minh Chính"}, {"name": "До Ань Туан"}],
                        [{"name": "Хау А Леня"}, {"name": "Pham Minh Chinh"}, {"name": "Ван Нги"}])
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)


def test_task_reports_are_scored_as_metric_value_facts():
    gold = _task_facts([{"total": 20, "completed": 12, "in_progress": 8}])
    pred = _task_facts([{"total": 20, "completed": 12, "in_progress": 9, "overdue": None}])
    s = score_multiset(gold, pred, "task fact")
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)


def test_rankings_are_scored_as_rank_out_of_pairs():
    s = score_multiset(Counter([(14, 34), (15, 34)]), Counter([(14, 34), (22, 34)]), "ranking")
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)


def test_directives_match_by_bigrams_whatever_the_sentence_cut():
    gold = [{"text": "Секретарь поручил департаменту подготовить план обучения кадров до конца года"}]
    longer = [{"text": "Секретарь поручил департаменту подготовить план обучения кадров до конца года и "
                       "доложить"}]
    other = [{"text": "Погода была хорошей весь день в провинции"}]
    assert (score_directives(gold, longer).tp, score_directives(gold, longer).fp) == (1, 0)
    s = score_directives(gold, other)
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_eval_command_prints_scores_per_field_and_language(tmp_path):
    text = "Заседание провёл секретарь провинциального комитета партии Хау А Лень."
    (tmp_path / "one.json").write_text(json.dumps({
        "id": "t", "lang": "ru", "text": text,
        "gold": {"officials": [{"name": "Хау А Лень", "role": "chair"}], "task_reports": [], "rankings": [],
                 "directives": []}}, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "corpus.cli", "eval", "--gold", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if line.startswith("officials") and " ru " in line)
    assert row.split()[2:5] == ["1.000", "1.000", "1.000"]


def test_eval_on_an_empty_folder_is_a_clear_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "corpus.cli", "eval", "--gold", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "no gold files" in proc.stderr and "Traceback" not in proc.stderr

"""`meetings extract` on the seeds: valid against the contract, offsets slice the text."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SEEDS_DIR

SCHEMA = json.loads((ROOT / "extract" / "schema" / "extraction.schema.json").read_text(encoding="utf-8"))
SEEDS = sorted(SEEDS_DIR.glob("*.txt"))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corpus.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def seed_results() -> dict[str, dict]:
    proc = run_cli("extract", "--format", "json", *map(str, SEEDS))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == len(SEEDS), "one JSON object per file per line"
    return {Path(json.loads(line)["source"]["path"]).name: json.loads(line) for line in lines}


def test_vendored_schema_matches_shared_contract():
    shared = ROOT.parent / "shared" / "extraction.schema.json"
    if not shared.exists():
        pytest.skip("../shared not beside the repository")
    assert json.loads(shared.read_text(encoding="utf-8")) == SCHEMA


@pytest.mark.parametrize("seed", [p.name for p in SEEDS])
def test_seed_output_is_valid_against_schema(seed_results, seed):
    jsonschema.validate(seed_results[seed], SCHEMA)


@pytest.mark.parametrize("seed", [p.name for p in SEEDS])
def test_offsets_slice_the_text_to_names_and_sentences(seed_results, seed):
    r = seed_results[seed]
    text = r["text"]
    assert text == SEEDS_DIR.joinpath(seed).read_text(encoding="utf-8").replace("\u00a0", " ")
    for o in r["officials"]:
        surface = text[o["start"]:o["end"]]
        # the first mention may be inflected; it shares the name's first syllable
        assert surface.split()[0] == o["name"].split()[0], (surface, o["name"])
    for rec in r["task_reports"] + r["rankings"]:
        assert text[rec["start"]:rec["end"]] in rec["sentence"]
        assert rec["sentence"] in text
    for d in r["directives"]:
        assert text[d["start"]:d["end"]] == d["text"]


def test_seeds_yield_the_figures_the_demo_promises(seed_results):
    results = list(seed_results.values())
    assert sum(r["meeting"].get("is_report", False) for r in results) == 5
    assert sum(len(r["officials"]) for r in results) >= 20
    # the seeds state five task-count statements; the demo's other sample reports add more
    assert sum(len(r["task_reports"]) for r in results) >= 5
    assert sum(len(r["rankings"]) for r in results) >= 3
    assert sum(len(r["directives"]) for r in results) >= 10


@pytest.mark.parametrize(
    "make_input, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b"  \n \n"), "empty"),
        (lambda d: _write(d / "image.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"),
        (lambda d: d, "is a directory"),
        (lambda d: Path("/dev/null"), "not a regular file"),
    ],
)
def test_bad_input_gives_one_line_error_and_nonzero_exit(tmp_path, make_input, message):
    path = make_input(tmp_path)
    proc = run_cli("extract", str(path))
    _assert_one_error_line(proc, message)


def test_unknown_language_is_refused(tmp_path):
    proc = run_cli("extract", "--lang", "xx", str(SEEDS[0]))
    _assert_one_error_line(proc, "unknown language 'xx'")


def test_a_bad_file_among_good_ones_stops_before_any_output(tmp_path):
    proc = run_cli("extract", str(SEEDS[0]), str(_write(tmp_path / "empty.txt", b"")), str(SEEDS[1]))
    _assert_one_error_line(proc, "empty.txt: file is empty")


def _assert_one_error_line(proc: subprocess.CompletedProcess, message: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Error: ") and message in err[0], proc.stderr
    assert proc.stdout == ""


def test_html_file_is_reduced_to_main_text(tmp_path):
    body = SEEDS[0].read_text(encoding="utf-8").split("\n")
    paras = "".join(f"<p>{line}</p>" for line in body if line.strip() and "![]" not in line)
    page = tmp_path / "page.html"
    page.write_text(
        f"<!doctype html><html lang=ru><head><title>Заседание</title></head><body>"
        f"<nav><a href='/'>Главная</a> <a href='/x'>Спорт</a></nav><article>{paras}</article>"
        f"<footer>© Газета</footer></body></html>",
        encoding="utf-8",
    )
    proc = run_cli("extract", str(page))
    assert proc.returncode == 0, proc.stderr
    r = json.loads(proc.stdout)
    assert r["language"] == "ru"
    assert "Хау А Лен" in r["text"] and "© Газета" not in r["text"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path

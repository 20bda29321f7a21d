"""Each folder of fixtures/invalid holds data files that replace the small fixture's, and the exact report."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SMALL
from generator.loading import DataError, load_dataset

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def _data_with(case: Path, base: Path) -> Path:
    data = base / "data"
    shutil.copytree(SMALL, data)
    for replacement in case.glob("*.yaml"):
        shutil.copy(replacement, data / replacement.name)
    return data


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_problem_is_reported_with_file_line_and_column(case, tmp_path, monkeypatch):
    _data_with(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError) as info:
        load_dataset(Path("data"))
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert info.value.lines == expected


def test_the_cases_cover_the_issue_list():
    names = {c.name for c in CASES}
    assert {
        "yaml-syntax", "not-utf8", "empty-file", "wrong-type", "impossible-date", "date-outside-timeline",
        "unknown-key", "missing-english", "duplicate-id", "unknown-reference", "unknown-source",
        "negative-area", "escaping-slug",
    } <= names


def test_cli_prints_every_problem_sorted_with_a_count_and_no_traceback(tmp_path):
    _data_with(FIXTURES / "invalid" / "several-files", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", "data"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'data/events.yaml:3:11: events[0].date: impossible date "2023-02-30": February 2023 has no day 30',
        'data/zones.yaml:31:14: zones[1].area.value: expected a number, got "752 ha"',
        "2 problems found; nothing was built.",
    ]
    assert "Traceback" not in result.stderr


def test_missing_translation_line_is_greppable(tmp_path):
    _data_with(FIXTURES / "invalid" / "missing-english", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", "data"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert [l for l in result.stderr.splitlines() if "MISSING_TRANSLATION|en|" in l] == [
        "data/events.yaml:17:7: events[1].title.en: missing English text (MISSING_TRANSLATION|en|events[1].title)"
    ]

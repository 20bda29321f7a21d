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


def _cli_check(case: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """`python -m generator check` on the small fixture with the case's files, as a user runs it."""
    _data_with(FIXTURES / "invalid" / case, tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", "data"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_cli_prints_every_problem_sorted_with_a_count_and_no_traceback(tmp_path):
    result = _cli_check("several-files", tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'data/events.yaml:3:11: events[0].date: impossible date "2023-02-30": February 2023 has no day 30',
        'data/zones.yaml:35:14: zones[1].area.value: expected a number, got "752 ha"',
        "2 problems found; nothing was built.",
    ]
    assert "Traceback" not in result.stderr


def test_missing_translation_line_is_greppable(tmp_path):
    result = _cli_check("missing-english", tmp_path)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "MISSING_TRANSLATION|en|" in line] == [
        "data/events.yaml:19:7: events[1].title.en: missing English text (MISSING_TRANSLATION|en|events[1].title)"
    ]


def test_a_missing_korean_text_is_reported_like_any_other_language(tmp_path):
    data = _data_with(FIXTURES / "invalid" / "missing-english", tmp_path)
    events = data / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("      ko: HEZA 당위원회 제1차 대회\n", ""), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--data", "data"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "MISSING_TRANSLATION|ko|" in line] == [
        "data/events.yaml:6:7: events[0].title.ko: missing Korean text (MISSING_TRANSLATION|ko|events[0].title)"
    ]


def test_the_event_reader_and_the_node_tree_give_the_same_values():
    """A valid file is read from the parser's events (no node tree, for memory); a problem is located in
    the node tree. Both must read every kind of scalar the same way."""
    from decimal import Decimal

    import yaml

    from generator.loading import _Located, _Unusual

    text = (
        "a: 3.50\nb: 12\nc: -0.5e3\nd: true\ne: ~\nf: 2025-06-15\ng: '4.20'\nh: \"12\"\ni: no\nj: 0x1F\n"
        "k: [1, 2.0, {x: y}]\nl: |\n  two\n  lines\nm: 1_000\nn: .inf\no: !!str 5\np:\n"
    )
    streamed = _Located("t.yaml", text).stream()
    tree = _Located("t.yaml").convert(yaml.compose(text, Loader=yaml.CSafeLoader))
    assert streamed == tree
    assert streamed == {
        "a": Decimal("3.50"), "b": 12, "c": "-0.5e3", "d": True, "e": None, "f": "2025-06-15", "g": "4.20", "h": "12",
        "i": False, "j": 31, "k": [1, Decimal("2.0"), {"x": "y"}], "l": "two\nlines\n", "m": 1000, "n": ".inf",
        "o": "5", "p": None,
    }
    assert str(streamed["a"]) == "3.50"
    for unusual in ("a: &x 1\nb: *x\n", "a: 1\na: 2\n", "? [a]\n: 1\n", "a: 1\n---\nb: 2\n", "a: [1\n"):
        with pytest.raises(_Unusual):
            _Located("t.yaml", unusual).stream()

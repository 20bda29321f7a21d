"""Golden output: the Markdown generated from the small fixture, compared byte for byte.

After an intended change, regenerate with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and review the diff of tests/golden/ before committing it.
"""

import os
from pathlib import Path

import pytest
from conftest import SMALL

from generator.building import check, generate, load_catalogs

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_generated_markdown_matches_golden():
    pages = generate(check(SMALL), load_catalogs())
    if os.environ.get("UPDATE_GOLDEN"):
        # The one deliberate write into the repository, on request. Comparing the files just written with
        # themselves would prove nothing: the test is skipped, and the diff of tests/golden/ is the review.
        for stale in set(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()) - set(pages):
            (GOLDEN / stale).unlink()
        for rel, text in pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
        pytest.skip(f"UPDATE_GOLDEN: {len(pages)} golden files rewritten; review `git diff tests/golden/`")
    assert pages, "the small fixture generates pages"
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected)
    for rel in sorted(pages):
        assert pages[rel] == expected[rel], f"{rel} differs from tests/golden/{rel}"

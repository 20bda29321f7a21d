"""Golden output: the Markdown generated from the small fixture, compared byte for byte.

After an intended change, regenerate with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and review the diff of tests/golden/ before committing it.
"""

import os
from pathlib import Path

from conftest import SMALL
from generator.building import check, generate

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_generated_markdown_matches_golden():
    pages = generate(check(SMALL))
    if os.environ.get("UPDATE_GOLDEN"):
        for rel, text in pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected)
    for rel in sorted(pages):
        assert pages[rel] == expected[rel], f"{rel} differs from tests/golden/{rel}"

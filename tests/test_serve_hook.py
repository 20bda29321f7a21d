"""The live preview's hook: regenerate before each rebuild, write only what changed, keep the last good pages."""

import logging
import shutil
from types import SimpleNamespace

from conftest import FIXTURES
from generator import serve_hook


def test_regenerates_changed_pages_only_and_keeps_last_good_pages(small_data, tmp_path, monkeypatch, caplog):
    docs = tmp_path / "docs"
    docs.mkdir()
    config = SimpleNamespace(docs_dir=str(docs))
    monkeypatch.setenv("HEZA_SERVE_DATA", str(small_data))
    caplog.set_level(logging.INFO, logger="mkdocs.hooks.heza")

    serve_hook.on_pre_build(config)
    zone_page = docs / "en" / "zones" / "xuan-cau.md"
    assert zone_page.exists() and (docs / "vi" / "index.md").exists()
    first = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}

    caplog.clear()
    serve_hook.on_pre_build(config)  # nothing changed: nothing rewritten, so the watcher settles
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == first
    assert not [r for r in caplog.records if "regenerated" in r.getMessage()]

    text = (small_data / "zones.yaml").read_text(encoding="utf-8")
    (small_data / "zones.yaml").write_text(text.replace("Xuan Cau Industrial Park", "Xuan Cau Industrial Estate"), encoding="utf-8")
    serve_hook.on_pre_build(config)
    assert "Xuan Cau Industrial Estate" in zone_page.read_text(encoding="utf-8")

    before = zone_page.read_bytes()
    shutil.copy(FIXTURES / "invalid" / "wrong-type" / "zones.yaml", small_data / "zones.yaml")
    caplog.clear()
    serve_hook.on_pre_build(config)
    assert zone_page.read_bytes() == before
    messages = [r.getMessage() for r in caplog.records]
    assert any('zones[0].area.value: expected a number, got "nhiều"' in m for m in messages)
    assert any("the preview shows the last good pages" in m for m in messages)


def test_does_nothing_outside_serve(tmp_path, monkeypatch):
    monkeypatch.delenv("HEZA_SERVE_DATA", raising=False)
    serve_hook.on_pre_build(SimpleNamespace(docs_dir=str(tmp_path)))
    assert list(tmp_path.iterdir()) == []

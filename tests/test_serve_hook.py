"""The live preview's hook: regenerate the served language before each rebuild, write only what changed, keep
the last good pages."""

import logging
import shutil
import threading
from types import SimpleNamespace

import pytest
from conftest import FIXTURES

from generator import serve_hook, site

pytestmark = pytest.mark.build


def wait_for_pdfs():
    """The hook renders the PDFs in a background thread after the pages: let it finish."""
    for thread in threading.enumerate():
        if thread.name == serve_hook.PDF_THREAD:
            thread.join(60)


@pytest.mark.parametrize("lang", site.LANGUAGES)
def test_regenerates_changed_pages_only_and_keeps_last_good_pages(small_data, tmp_path, monkeypatch, caplog, lang):
    docs = tmp_path / "docs" / lang  # what mkdocs serve uses as docs_dir for this language
    docs.mkdir(parents=True)
    (docs / "stale.md").write_text("# An old page\n", encoding="utf-8")
    config = SimpleNamespace(docs_dir=str(docs))
    monkeypatch.setenv("HEZA_SERVE_DATA", str(small_data))
    monkeypatch.setenv("HEZA_SERVE_LANGUAGE", lang)
    caplog.set_level(logging.INFO, logger="mkdocs.hooks.heza")

    serve_hook.on_config(config)  # as mkdocs serve does before each rebuild: compiles the catalogs
    serve_hook.on_pre_build(config)
    zone_page = docs / "zones" / "xuan-cau.md"
    assert zone_page.exists() and (docs / "index.md").exists() and (docs / "feed.xml").exists()
    wait_for_pdfs()
    assert (docs / site.download_path("factsheet", lang, "xuan-cau")).read_bytes().startswith(b"%PDF-")
    assert (docs / "stylesheets" / "extra.css").read_bytes() == (site.DOCS_DIR / "stylesheets" / "extra.css").read_bytes()
    assert not (docs / "stale.md").exists()
    assert not (docs / lang).exists() and not any((docs / other).exists() for other in site.LANGUAGES)
    first = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}

    caplog.clear()
    serve_hook.on_pre_build(config)  # nothing changed: nothing rewritten, so the watcher settles
    wait_for_pdfs()
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == first
    assert not [r for r in caplog.records if "regenerated" in r.getMessage()]

    text = (small_data / "zones.yaml").read_text(encoding="utf-8")
    renamed = {"vi": ("khu phi thuế quan Xuân Cầu", "khu phi thuế quan Xuân Cầu mới"), "en": ("Xuan Cau Industrial Park", "Xuan Cau Industrial Estate")}
    for old, new in renamed.values():
        text = text.replace(old, new)
    (small_data / "zones.yaml").write_text(text, encoding="utf-8")
    serve_hook.on_pre_build(config)
    wait_for_pdfs()
    if lang in renamed:
        assert renamed[lang][1] in zone_page.read_text(encoding="utf-8")

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


def test_an_unexpected_failure_is_one_line_and_the_last_good_pages_stay(small_data, tmp_path, monkeypatch, caplog):
    """A template error (or any bug) raised from the hook would leave MkDocs' server hanging every request."""
    from jinja2 import TemplateSyntaxError

    from generator import rendering

    docs = tmp_path / "docs" / "vi"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Last good\n", encoding="utf-8")
    monkeypatch.setenv("HEZA_SERVE_DATA", str(small_data))
    monkeypatch.setenv("HEZA_SERVE_LANGUAGE", "vi")

    def broken(*args, **kwargs):
        raise TemplateSyntaxError("unexpected '}'", 12, "zone.md.j2", "generator/templates/zone.md.j2")

    monkeypatch.setattr(rendering, "render_language", broken)
    caplog.set_level(logging.INFO, logger="mkdocs.hooks.heza")
    serve_hook.on_pre_build(SimpleNamespace(docs_dir=str(docs)))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        "generator/templates/zone.md.j2:12: TemplateSyntaxError: unexpected '}'",
        "1 problem(s); the preview shows the last good pages",
    ]
    assert (docs / "index.md").read_text(encoding="utf-8") == "# Last good\n"

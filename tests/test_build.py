"""The build as a whole: atomic, reproducible, incremental, and safe with hostile text."""

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, copy_docs_assets
from sitecheck import parse

from generator.building import BuildError, build, check, generate, load_catalogs, sync_tree
from generator.loading import DataError
from generator.site import LANGUAGES

pytestmark = pytest.mark.build


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_same_data_from_another_folder_builds_byte_identical(built_small, small_data, tmp_path):
    """The session's build of the fixture against a build of a copy of it elsewhere: nothing in the output
    depends on where the data, the docs folder or the site are (PDFs rendered anew: test_exports)."""
    other = tmp_path / "elsewhere" / "site"
    build(small_data, other, docs_dir=copy_docs_assets(tmp_path / "docs"), report=None)
    assert tree_digest(other) == tree_digest(built_small)


def test_a_second_generation_with_no_change_rewrites_nothing(small_data, tmp_path):
    docs = copy_docs_assets(tmp_path / "docs")
    first = build(small_data, tmp_path / "site", docs_dir=docs, report=None)
    # every page, and each language's footer contact (.contact.json)
    assert first.steps["pages_written"] == len(list((docs).rglob("*.md"))) + len(list(docs.rglob(".contact.json")))
    # The generation again, as the next build does it (the whole no-op build: the benchmark's smoke test).
    pages = generate(check(small_data), load_catalogs(compiled=tmp_path / "catalogs"))
    assert sync_tree(pages, docs) == 0


def test_a_failed_check_leaves_site_and_docs_untouched(small_data, tmp_path):
    docs = copy_docs_assets(tmp_path / "docs")
    site = tmp_path / "site"
    build(small_data, site, docs_dir=docs, report=None)
    before_site, before_docs = tree_digest(site), tree_digest(docs)
    shutil.copy(FIXTURES / "invalid" / "wrong-type" / "zones.yaml", small_data / "zones.yaml")
    with pytest.raises(DataError):
        build(small_data, site, docs_dir=docs, report=None)
    assert tree_digest(site) == before_site
    assert tree_digest(docs) == before_docs
    assert not list(tmp_path.glob(".build-*"))


def test_a_failed_mkdocs_run_leaves_site_untouched(small_data, tmp_path):
    docs = copy_docs_assets(tmp_path / "docs")
    site = tmp_path / "site"
    build(small_data, site, docs_dir=docs, report=None)
    before = tree_digest(site)
    # A hand-written page with a broken link (staged into every language) makes MkDocs fail in strict mode,
    # after generation succeeded.
    (docs / "stylesheets" / "broken.md").write_text("# Broken\n\n[missing](missing-page.md)\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(small_data, site, docs_dir=docs, report=None)
    assert "vi:" in str(info.value) and "en:" in str(info.value)
    assert tree_digest(site) == before
    assert not list(tmp_path.glob(".build-*"))


HOSTILE_NAME = "</title><script>alert('x')</script> | Khu {{ secret }} **đậm** & co"
HOSTILE_SUMMARY = "[Bấm vào đây](javascript:alert(1)) <img src=x onerror=alert(1)> {% raw %} _nghiêng_"


def test_hostile_text_is_shown_as_text(small_data, tmp_path):
    zones = yaml.safe_load((small_data / "zones.yaml").read_text(encoding="utf-8"))
    zones["zones"][1]["name"] = dict.fromkeys(LANGUAGES, HOSTILE_NAME)
    zones["zones"][1]["summary"] = dict.fromkeys(LANGUAGES, HOSTILE_SUMMARY)
    zones["zones"][1]["investors"][0]["name"] = "A | B | C"
    (small_data / "zones.yaml").write_text(yaml.safe_dump(zones, allow_unicode=True), encoding="utf-8")
    events = yaml.safe_load((small_data / "events.yaml").read_text(encoding="utf-8"))
    events["events"][0]["title"]["en"] = "1. - # Not a list | nor a heading"
    (small_data / "events.yaml").write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")

    site = tmp_path / "site"
    build(small_data, site, docs_dir=copy_docs_assets(tmp_path / "docs"), report=None)
    page = site / "en" / "zones" / "xuan-cau" / "index.html"
    html = page.read_text(encoding="utf-8")
    text = parse(page).text
    assert HOSTILE_NAME in text
    assert HOSTILE_SUMMARY in text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | Khu {{ secret }} **đậm** &amp; co - " in html
    assert 'href="javascript:' not in html
    # The investor table keeps its four columns: the pipes stayed inside the cell.
    row = html.split("<tbody>")[2].split("</tr>")[0]
    assert row.count("<td") == 4 and "A | B | C" in row
    timeline = parse(site / "en" / "timeline" / "index.html").text
    assert "1. - # Not a list | nor a heading" in timeline


def test_javascript_addresses_are_rejected(small_data, tmp_path, monkeypatch):
    sources = yaml.safe_load((small_data / "sources.yaml").read_text(encoding="utf-8"))
    sources["sources"][0]["url"] = "javascript:alert(1)"
    (small_data / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(small_data.parent)
    with pytest.raises(DataError) as info:
        build(Path("data"), tmp_path / "site", docs_dir=copy_docs_assets(tmp_path / "docs"), report=None)
    assert info.value.lines == [
        'data/sources.yaml:12:8: sources[0].url: expected a web address starting with http:// or https://, got "javascript:alert(1)"'
    ]

"""The site built from the shipped data: every page in both languages, linked to its twin, no broken link."""


import pytest
from conftest import ROOT
from sitecheck import broken_links, external_resources, html_pages, parse, resolve

from generator import site
from generator.loading import load_dataset

pytestmark = pytest.mark.build

DATA = load_dataset(ROOT / "data")
SECTION_PAGES = ["index.html", "timeline/index.html", "zones/index.html", "sources/index.html"]
ZONE_PAGES = [f"zones/{zone.id}/index.html" for zone in DATA.zones]


def _twin(page: str, lang: str) -> str:
    return site.language(lang).folder + page


@pytest.mark.parametrize("page", SECTION_PAGES + ZONE_PAGES)
def test_page_and_twins(built_real, page):
    root = built_real.resolve()
    for language in site.LANGUAGE_LIST:
        here = root / language.folder / page
        info = parse(here)
        assert info.html_lang == language.code
        for other in site.LANGUAGES:
            target, _ = resolve(root, here, info.language_links[other])
            assert target == root / _twin(page, other)
        assert set(info.alternates) == {*site.LANGUAGES, "x-default"}


def test_every_language_has_the_same_pages(built_real):
    pages = {p.relative_to(built_real).as_posix() for p in html_pages(built_real)}
    folders = tuple(language.folder for language in site.LANGUAGE_LIST if language.folder)
    default = {p for p in pages if not p.startswith(folders)}
    for folder in folders:
        assert {p.removeprefix(folder) for p in pages if p.startswith(folder)} == default
    assert set(SECTION_PAGES + ZONE_PAGES) <= default


def test_no_broken_links_and_no_external_resources(built_real):
    assert broken_links(built_real) == []
    assert external_resources(built_real) == []


def test_key_figures_in_both_languages(built_real):
    # The tables are on the key-figures page, the leaders' as-of dates on the investor page.
    vi = " ".join(parse(built_real / page / "index.html").text for page in ("key-figures", "invest"))
    en = " ".join(parse(built_real / "en" / page / "index.html").text for page in ("key-figures", "invest"))
    for text in ("18,6 tỷ USD", "481.915 tỷ đồng", "238,47%", "2.591,74 triệu đồng", "4,35 tỷ USD", "15/6/2025"):
        assert text in vi, text
    for text in ("US$18.6 billion", "VND 481,915 billion", "238.47%", "VND 2,591.74 million", "US$4.35 billion", "15 June 2025"):
        assert text in en, text


def test_every_event_is_on_the_timeline_with_its_anchor(built_real):
    for lang_dir in (built_real / language.folder for language in site.LANGUAGE_LIST):
        ids = parse(lang_dir / "timeline" / "index.html").ids
        assert {f"event-{e.id}" for e in DATA.events} <= ids


def test_every_source_has_its_entry_and_is_cited_on_some_page(built_real):
    sources_page = (built_real / "en" / "sources" / "index.html").read_text(encoding="utf-8")
    for source in DATA.sources:
        assert f'id="source-{source.id}"' in sources_page
    # Each source entry ends with a "Cited on" row that links at least one page.
    assert sources_page.count("<td>Cited on</td>") == len(DATA.sources)
    assert "<td>Cited on</td>\n<td></td>" not in sources_page

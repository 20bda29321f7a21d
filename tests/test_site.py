"""Integration tests on the HTML that MkDocs built from the small fixture."""

import json
from pathlib import Path

import pytest

from sitecheck import broken_links, external_resources, html_pages, parse, resolve

PAGES = ["index.html", "timeline/index.html", "zones/index.html", "zones/xuan-cau/index.html",
         "zones/southern-coastal-ez/index.html", "sources/index.html"]


def twin(path: str, lang: str) -> str:
    return path if lang == "vi" else f"en/{path}"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_exists_in_both_languages_with_the_right_lang(built_small, page):
    assert parse(built_small / page).html_lang == "vi"
    assert parse(built_small / "en" / page).html_lang == "en"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang, other", [("vi", "en"), ("en", "vi")])
def test_language_link_lands_on_the_twin_page(built_small, page, lang, other):
    here = built_small / twin(page, lang)
    info = parse(here)
    assert set(info.language_links) == {"vi", "en"}
    target, _ = resolve(built_small.resolve(), here.resolve(), info.language_links[other])
    assert target == (built_small / twin(page, other)).resolve()


@pytest.mark.parametrize("page", PAGES)
def test_hreflang_alternates_in_head(built_small, page):
    for lang in ("vi", "en"):
        here = built_small / twin(page, lang)
        alternates = parse(here).alternates
        assert set(alternates) == {"vi", "en"}
        for alt_lang, href in alternates.items():
            target, _ = resolve(built_small.resolve(), here.resolve(), href)
            assert target == (built_small / twin(page, alt_lang)).resolve()


def test_sitemap_carries_hreflang_alternates(built_small):
    sitemap = (built_small / "sitemap.xml").read_text(encoding="utf-8")
    assert '<loc>https://heza.gov.vn/zones/xuan-cau/</loc>' in sitemap
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://heza.gov.vn/en/zones/xuan-cau/"/>' in sitemap
    assert '<xhtml:link rel="alternate" hreflang="vi" href="https://heza.gov.vn/zones/xuan-cau/"/>' in sitemap


def test_no_broken_internal_links_or_anchors(built_small):
    assert broken_links(built_small) == []


def test_no_resource_is_loaded_from_another_host(built_small):
    assert external_resources(built_small) == []
    for page in html_pages(built_small):
        assert "fonts.googleapis.com" not in page.read_text(encoding="utf-8")


def test_figures_and_dates_in_local_style(built_small):
    vi = parse(built_small / "index.html").text
    en = parse(built_small / "en" / "index.html").text
    assert "18,6 tỷ USD" in vi and "481.915 tỷ đồng" in vi
    assert "US$18.6 billion" in en and "VND 481,915 billion" in en
    assert "15/6/2025" in vi and "15 June 2025" in en


def test_planned_events_are_marked(built_small):
    html = (built_small / "en" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="event event--planned"') == 1
    assert html.count('class="event event--occurred"') == 2
    assert '<span class="badge badge--planned">Planned</span>' in html


def test_sources_page_lists_the_pages_citing_each_source(built_small):
    info = parse(built_small / "en" / "sources" / "index.html")
    assert "source-port-city-2026" in info.ids
    hrefs = [a.get("href") for tag, a in info.links if tag == "a"]
    assert "../zones/xuan-cau/" in hrefs


def test_search_index_has_both_languages(built_small):
    index = json.loads((built_small / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("en/zones/xuan-cau/") for loc in locations)
    assert any(loc.startswith("zones/xuan-cau/") for loc in locations)

"""Integration tests on the HTML that MkDocs built from the small fixture: one build per language, each page
linked to its twins, absolute hreflang alternates, sitemaps, search per language, the theme in each language."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sitecheck import broken_links, external_resources, html_pages, parse, resolve

from generator import site, theme_text

pytestmark = pytest.mark.build

OTHERS = [language for language in site.LANGUAGE_LIST if language.folder]
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def pages_of(built: Path, language: site.Language) -> set[str]:
    """The language's pages (paths under its root), found in the built site."""
    root = built / language.folder
    others = {other.folder.rstrip("/") for other in OTHERS if other is not language}
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("index.html")
        if path.relative_to(root).parts[0] not in others
    }


def address(page: str) -> str:
    """'zones/x/index.html' -> 'zones/x/' (the page's URL path)."""
    return page.removesuffix("index.html")


def test_every_language_has_the_same_pages_with_its_own_lang(built_small):
    default = pages_of(built_small, site.LANGUAGE_LIST[0])
    assert {"index.html", "timeline/index.html", "zones/index.html", "sources/index.html"} <= default
    for language in site.LANGUAGE_LIST:
        assert pages_of(built_small, language) == default
        for page in default:
            assert parse(built_small / language.folder / page).html_lang == language.code
        assert parse(built_small / language.folder / "404.html").html_lang == language.code


def test_language_selector_links_every_page_to_its_twins(built_small):
    root = built_small.resolve()
    for language in site.LANGUAGE_LIST:
        for page in pages_of(built_small, language):
            here = root / language.folder / page
            links = parse(here).language_links
            assert set(links) == set(site.LANGUAGES), here
            for other in site.LANGUAGE_LIST:
                target, _ = resolve(root, here, links[other.code])
                assert target == root / other.folder / page, (here, other.code)


def test_head_lists_every_language_root_absolute_and_x_default(built_small):
    for language in site.LANGUAGE_LIST:
        for page in pages_of(built_small, language):
            alternates = parse(built_small / language.folder / page).alternates
            expected = {code: site.language_url(code) for code in site.LANGUAGES}
            expected["x-default"] = site.SITE_URL
            assert alternates == expected


def test_each_language_root_has_a_sitemap_with_alternates_and_the_root_one_lists_every_language(built_small):
    pages = sorted(pages_of(built_small, site.LANGUAGE_LIST[0]))
    for language in site.LANGUAGE_LIST:
        tree = ElementTree.parse(built_small / language.folder / "sitemap.xml")
        urls = tree.getroot().findall("s:url", SITEMAP)
        listed = site.LANGUAGE_LIST if not language.folder else [language]
        assert sorted(u.findtext("s:loc", namespaces=SITEMAP) for u in urls) == sorted(
            site.page_url(item.code, address(page)) for item in listed for page in pages
        )
        for url in urls:
            loc = url.findtext("s:loc", namespaces=SITEMAP)
            path = next(loc.removeprefix(site.language_url(item.code)) for item in sorted(listed, key=lambda i: -len(i.folder)) if loc.startswith(site.language_url(item.code)))
            links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)}
            assert links == {**{code: site.page_url(code, path) for code in site.LANGUAGES}, "x-default": site.page_url(site.DEFAULT_LANGUAGE, path)}


def test_site_url_option_moves_every_address(small_data, tmp_path):
    from conftest import copy_docs_assets

    from generator.building import build

    target = tmp_path / "site"
    build(small_data, target, docs_dir=copy_docs_assets(tmp_path / "docs"), site_url="http://127.0.0.1:8123/", report=None)
    alternates = parse(target / "index.html").alternates
    assert alternates["x-default"] == "http://127.0.0.1:8123/"
    assert all(href.startswith("http://127.0.0.1:8123/") for href in alternates.values())
    assert "https://heza.gov.vn" not in (target / "sitemap.xml").read_text(encoding="utf-8")


def test_no_broken_internal_links_or_anchors(built_small):
    assert broken_links(built_small) == []


def test_no_resource_is_loaded_from_another_host(built_small):
    assert external_resources(built_small) == []
    for page in html_pages(built_small):
        assert "fonts.googleapis.com" not in page.read_text(encoding="utf-8")


def _theme_strings(html: str) -> set[str]:
    """What the theme says to readers on a page: attribute texts, text nodes, and the search script's texts."""
    found = set(re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]+)"', html))
    body = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    found |= {text.strip() for text in re.findall(r">([^<]+)<", body) if text.strip()}
    for config in re.findall(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S):
        found |= set(json.loads(config)["translations"].values())
    return found


def test_no_english_interface_text_on_pages_in_other_languages(built_small):
    english = set(theme_text.THEME_MESSAGES.values()) | {
        "Made with", "Material for MkDocs", theme_text.PERMANENT_LINK, "Initializing search", theme_text.OVERVIEW,
        "logo",  # Material's logo partial (overridden: docs/overrides/partials/logo.html)
    }
    for language in site.LANGUAGE_LIST:
        if language.code == "en":
            continue
        for page in [*pages_of(built_small, language), "404.html"]:
            shown = _theme_strings((built_small / language.folder / page).read_text(encoding="utf-8"))
            assert shown & english == set(), (language.code, page)


def test_theme_text_comes_from_the_catalogs(built_small):
    vi = (built_small / "zones" / "xuan-cau" / "index.html").read_text(encoding="utf-8")
    assert 'title="Liên kết cố định"' in vi
    assert "Lên đầu trang" in vi and "Trở lại mục lục" not in vi
    assert 'aria-label="Xóa"' in vi and "Xoá" not in vi
    assert "Đang khởi tạo tìm kiếm" in vi
    assert "Made with" not in vi


def test_figures_and_dates_in_local_style(built_small):
    vi = " ".join(parse(built_small / page / "index.html").text for page in ("key-figures", "invest"))
    en = " ".join(parse(built_small / "en" / page / "index.html").text for page in ("key-figures", "invest"))
    assert "18,6 tỷ USD" in vi and "481.915 tỷ đồng" in vi
    assert "US$18.6 billion" in en and "VND 481,915 billion" in en
    assert "15/6/2025" in vi and "15 June 2025" in en


def test_planned_events_are_marked(built_small):
    from conftest import SMALL

    from generator.loading import load_dataset

    data = load_dataset(SMALL)
    html = (built_small / "en" / "timeline" / "index.html").read_text(encoding="utf-8")
    planned = sum(1 for e in data.events if e.status == "planned")
    assert planned and html.count('class="event event--planned"') == planned
    assert html.count('class="event event--occurred"') == len(data.events) - planned
    assert '<span class="badge badge--planned">Planned</span>' in html


def test_sources_page_lists_the_pages_citing_each_source(built_small):
    info = parse(built_small / "en" / "sources" / "index.html")
    assert "source-port-city-2026" in info.ids
    hrefs = [a.get("href") for tag, a in info.links if tag == "a"]
    assert "../zones/xuan-cau/" in hrefs


def test_each_language_has_its_own_search_index_that_folds_diacritics(built_small):
    for language in site.LANGUAGE_LIST:
        index = json.loads((built_small / language.folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [language.code]
        locations = [doc["location"] for doc in index["docs"]]
        assert any(loc.startswith("zones/xuan-cau/") for loc in locations)
        assert not any(loc.startswith(tuple(other.folder for other in OTHERS)) for loc in locations)
    vi = json.loads((built_small / "search" / "search_index.json").read_text(encoding="utf-8"))
    folded = " ".join(doc.get("text_folded", "") + " " + doc.get("title_folded", "") for doc in vi["docs"])
    assert "hai phong" in folded and "xuan cau" in folded

"""The portal in a real browser (Debian's chromium through Playwright), on every kind of page in both
languages: the language switch, search with and without diacritics, the charts, the downloads, the feed,
the 404 pages, printing, accessibility (axe-core), and no request leaving 127.0.0.1 (checked after every
test by the `page` fixture)."""

from __future__ import annotations

import json
import os
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

SCREENSHOTS = Path(os.environ.get("HEZA_SCREENSHOTS", "/tmp/heza-screenshots"))

KINDS = ["overview", "timeline", "zones", "zone", "sources"]
LANGS = ["vi", "en"]


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def path_of(site, kind: str, lang: str) -> str:
    """The path of one kind of page: the first zone stands for the zone pages."""
    path = {
        "overview": "",
        "timeline": "timeline/",
        "zones": "zones/",
        "zone": f"zones/{site.data.zones[0].id}/",
        "sources": "sources/",
    }[kind]
    return path if lang == "vi" else f"en/{path}"


def page_path(url: str) -> str:
    """/en/zones/x/?h=term#anchor -> en/zones/x/"""
    return urlsplit(url).path.lstrip("/")


def language_of(path: str) -> str:
    return "en" if path.startswith("en/") else "vi"


def open_page(page, site, path: str):
    response = page.goto(site.url(path))
    assert response is not None and response.ok, path
    page.wait_for_selector("input.md-search__input")
    return response


def search(page, query: str) -> list[str]:
    """Type a query into Material's search and return the result pages, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)  # the worker answers once per keystroke: let the last answer land
    hrefs = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        path = page_path(href)
        if path not in out:
            out.append(path)
    return out


# --- Language switch -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_language_switch_lands_on_the_twin_and_back(page, site, kind):
    vi, en = path_of(site, kind, "vi"), path_of(site, kind, "en")
    open_page(page, site, vi)
    assert page.get_attribute("html", "lang") == "vi"
    for target, lang in ((en, "en"), (vi, "vi")):
        page.hover(".md-header__option .md-select")
        page.click(f".md-select__list a[hreflang={lang}]")
        page.wait_for_url(site.url(target))
        page.wait_for_selector("input.md-search__input")
        assert page.get_attribute("html", "lang") == lang
        assert page_path(page.url) == target


# --- Search --------------------------------------------------------------------------------------


def _expected_vi_pages(site, query: str) -> set[str]:
    """Vietnamese pages whose title, folded, contains the query: what a reader typing it looks for."""
    wanted = fold(query)
    pages = set()
    if wanted in fold(site.data.authority.name.vi):
        pages.add("")
    for zone in site.data.zones:
        if wanted in fold(zone.name.vi):
            pages.add(f"zones/{zone.id}/")
    return pages


@pytest.mark.parametrize("query", ["Hai Phong", "Lach Huyen", "Dinh Vu", "Hải Phòng", "Lạch Huyện", "Đình Vũ"])
def test_vietnamese_search_with_and_without_diacritics(page, site, query):
    expected = _expected_vi_pages(site, query)
    if not expected:
        pytest.skip(f"no page of this dataset ({site.data_dir.name}) is named {query!r}")
    open_page(page, site, "")
    results = search(page, query)
    assert results, f"nothing found for {query!r}"
    assert language_of(results[0]) == "vi", f"on a Vietnamese page, {query!r} first finds {results[0]!r}"
    assert expected & set(results), f"{query!r} found {results[:8]}, expected one of {sorted(expected)}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_search_from_every_page_favours_its_language(page, site, kind, lang):
    """A place name typed with or without its marks finds its zone from any page. Results in the page's
    language come first wherever they match: English pages write "Lach Huyen", so typed with Vietnamese
    marks the name finds the Vietnamese pages only, on an English page too."""
    zone = next((z for z in site.data.zones if "lach huyen" in fold(z.name.vi)), site.data.zones[-1])
    words = zone.name.vi.split()
    query = " ".join(words[-2:])  # e.g. "Lạch Huyện": the place name ends the zone's name
    open_page(page, site, path_of(site, kind, lang))
    plain = search(page, fold(query))
    assert plain and language_of(plain[0]) == lang, f"{fold(query)!r} on a {lang} page first finds {plain[:3]}"
    assert (f"zones/{zone.id}/" if lang == "vi" else f"en/zones/{zone.id}/") in plain, plain[:8]
    marked = search(page, query)
    assert f"zones/{zone.id}/" in marked, marked[:8]
    if lang == "vi":
        assert language_of(marked[0]) == "vi", marked[:3]


# --- Charts, downloads, feed -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_charts_are_visible_and_labelled(page, site, lang):
    from generator import charts

    keys = [key for key in charts.CHARTS if charts.series(site.data, key)]
    if not keys:
        pytest.skip("no figure of this dataset is charted")
    open_page(page, site, path_of(site, "overview", lang))
    svgs = page.locator("figure.chart svg[role=img]")
    assert svgs.count() == len(keys)
    for i in range(svgs.count()):
        svg = svgs.nth(i)
        svg.scroll_into_view_if_needed()
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box["width"] > 400 and box["height"] > 120, box
        title_id, desc_id = svg.get_attribute("aria-labelledby").split()
        assert page.locator(f"#{title_id}").text_content().strip()
        assert page.locator(f"#{desc_id}").text_content().strip()
        # The data follows as a table.
        assert svg.locator("xpath=ancestor::figure/following-sibling::*[1]").evaluate("e => e.querySelector('table') !== null || e.tagName === 'TABLE'")
    decimal = "4,35" if lang == "vi" else "4.35"
    if any(f.value == 4.35 or str(f.value) == "4.35" for f in charts.series(site.data, "fdi-annual")):
        assert decimal in page.locator("figure.chart").first.text_content()


def _fetch(page, url: str):
    response = page.request.get(url)
    assert response.status == 200, (url, response.status)
    return response


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_links_return_pdfs(page, site, lang):
    for kind in ("zone", "overview"):
        open_page(page, site, path_of(site, kind, lang))
        links = page.eval_on_selector_all("article a[href$='.pdf']", "els => els.map(e => e.href)")
        assert links, f"no PDF link on the {kind} page"
        for url in links:
            assert url.endswith(f"-{lang}.pdf")
            response = _fetch(page, url)
            assert response.headers["content-type"] == "application/pdf"
            assert response.body()[:5] == b"%PDF-"


@pytest.mark.parametrize("lang", LANGS)
def test_open_data_links_on_overview_and_sources(page, site, lang):
    types = {".json": "application/json", ".csv": "text/csv", ".xml": "application/atom+xml"}
    for kind in ("overview", "sources"):
        open_page(page, site, path_of(site, kind, lang))
        links = page.eval_on_selector_all("article a[href$='.json'], article a[href$='.csv'], article a[href$='feed.xml']", "els => els.map(e => e.href)")
        assert len(links) == 5, links
        for url in links:
            response = _fetch(page, url)
            suffix = url[url.rindex("."):]
            assert response.headers["content-type"].startswith(types[suffix])
            body = response.body()
            if suffix == ".json":
                assert json.loads(body)["language"] == lang
            elif suffix == ".csv":
                assert body.startswith(b"\xef\xbb\xbfid,")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_links_the_feed_of_its_language(page, site, kind, lang):
    open_page(page, site, path_of(site, kind, lang))
    href = page.get_attribute('link[rel=alternate][type="application/atom+xml"]', "href")
    url = urljoin(page.url, href)
    assert page_path(url) == ("feed.xml" if lang == "vi" else "en/feed.xml")
    feed = ET.fromstring(_fetch(page, url).body())
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_speaks_the_language_of_its_folder(page, site, lang):
    prefix = "" if lang == "vi" else "en/"
    response = page.goto(site.url(f"{prefix}no-such-page/"))
    assert response.status == 404
    assert page.get_attribute("html", "lang") == lang
    heading = page.locator("article h1").text_content()
    assert heading == ("Không tìm thấy trang (404)" if lang == "vi" else "Page not found (404)")
    page.click("article a")
    page.wait_for_url(site.url(prefix))


# --- Print ---------------------------------------------------------------------------------------


def test_zone_page_prints_cleanly(page, site):
    open_page(page, site, path_of(site, "zone", "vi"))
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    assert page.locator("article table tr").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-"


# --- Accessibility -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_no_serious_accessibility_violations(page, site, kind, lang):
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, site, path_of(site, kind, lang))
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    counts = {v["id"]: (v["impact"], len(v["nodes"])) for v in results.response["violations"]}
    print(f"axe {kind}/{lang}: {counts or 'no violations'}")
    assert serious == [], results.generate_report()


# --- Screenshots to look at ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["overview", "timeline", "zone"])
def test_screenshots(page, site, kind, lang):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    open_page(page, site, path_of(site, kind, lang))
    page.wait_for_timeout(400)  # Material's header title animation
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{lang}.png"))
    if kind == "overview" and page.locator("#charts").count():
        page.evaluate("document.getElementById('charts').scrollIntoView({block: 'start'})")
        page.wait_for_timeout(400)
        page.screenshot(path=str(SCREENSHOTS / f"charts-{lang}.png"))
    assert (SCREENSHOTS / f"{kind}-{lang}.png").stat().st_size > 10000

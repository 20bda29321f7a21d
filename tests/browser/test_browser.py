"""The portal in a real browser (Debian's chromium through Playwright): every page of the built site in
both languages (HTTP errors, `lang`, the feed link, axe-core at WCAG 2.2 AA), the language switch, search
with and without diacritics, the charts, the downloads, the 404 pages, printing, and the layout at phone
and desktop widths. After every test the `network` fixture fails it if a request left 127.0.0.1 or any
response had a status of 400 or more (tests/browser/conftest.py)."""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import urljoin, urlsplit

import pytest

from generator import site as site_facts

from .conftest import language_of, site_pages

pytestmark = pytest.mark.browser

KINDS = ["overview", "figures", "invest", "timeline", "zones", "zone", "sources"]
LANGS = list(site_facts.LANGUAGES)  # the default language first
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def path_of(site, kind: str, lang: str) -> str:
    """The path of one kind of page: the first zone stands for the zone pages."""
    path = {
        "overview": "",
        "figures": "key-figures/",
        "invest": "invest/",
        "timeline": "timeline/",
        "zones": "zones/",
        "zone": f"zones/{site.data.zones[0].id}/",
        "sources": "sources/",
    }[kind]
    return site_facts.language(lang).folder + path


def twin_of(path: str, lang: str) -> str:
    """The same page under another language's root: twin_of('en/zones/x/', 'ko') -> ko/zones/x/."""
    own = site_facts.language(language_of(path)).folder
    return site_facts.language(lang).folder + path[len(own):]


def catalog_text(lang: str, message: str) -> str:
    """A message as a language's catalog translates it."""
    from babel.messages.pofile import read_po

    from generator import catalogs

    with catalogs.po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)[message].string


def page_path(url: str) -> str:
    """/en/zones/x/?h=term#anchor -> en/zones/x/"""
    return urlsplit(url).path.lstrip("/")


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
    if fold(query).isascii():
        box.press_sequentially(query, delay=20)
    else:  # Hangul typed key by key goes through an input method Playwright does not drive: paste it whole
        box.fill(query)
        box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)  # the worker answers once per keystroke: let the last answer land
    hrefs = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        path = page_path(href)
        if path not in out:
            out.append(path)
    return out


def _fetch(page, url: str):
    response = page.request.get(url)
    assert response.status == 200, (url, response.status)
    return response


# --- Every page ------------------------------------------------------------------------------------


def test_the_site_has_twin_pages_in_both_languages(site):
    pages = site_pages(site.root)
    default = sorted(p for p in pages if language_of(p) == LANGS[0])
    for lang in LANGS:
        folder = site_facts.language(lang).folder
        assert {folder, folder + "404.html"} <= set(pages), (lang, pages)
        own = sorted(p for p in pages if language_of(p) == lang)
        assert sorted(twin_of(p, lang) for p in default) == own, f"every page has its twin under the {lang} root"
        # The pages the data calls for are all there: a profile per zone in each language.
        assert {f"{folder}zones/{z.id}/" for z in site.data.zones} <= set(own)


# --- Language switch -------------------------------------------------------------------------------


def _switch_language(page, lang: str) -> None:
    page.hover(".md-header__option .md-select")
    with page.expect_navigation():
        page.click(f".md-select__list a[hreflang={lang}]")
    page.wait_for_selector("input.md-search__input")


@pytest.mark.parametrize("kind", ["zone", "timeline", "overview"])
def test_language_switch_lands_on_the_twin_both_ways(page, site, kind):
    start = path_of(site, kind, LANGS[0])
    open_page(page, site, start)
    assert page.get_attribute("html", "lang") == LANGS[0]
    here = start
    for lang in [*LANGS[1:], LANGS[0]]:  # Vietnamese -> English -> Korean -> Vietnamese: every selector link used
        _switch_language(page, lang)
        assert page_path(page.url) == twin_of(here, lang), f"the {lang} link of {here or '/'} led to {page.url}"
        assert page.get_attribute("html", "lang") == lang
        here = twin_of(here, lang)
    assert here == start


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


def test_vietnamese_search_with_and_without_diacritics(page, site):
    queries = [q for q in ("Hai Phong", "Lach Huyen", "Dinh Vu", "Hải Phòng", "Lạch Huyện", "Đình Vũ") if _expected_vi_pages(site, q)]
    if not queries:
        pytest.skip(f"no page of this dataset ({site.data_dir.name}) is named after the test's places")
    open_page(page, site, "")
    problems = []
    for query in queries:
        expected = _expected_vi_pages(site, query)
        results = search(page, query)
        if not results or language_of(results[0]) != "vi":
            problems.append(f"{query!r} on a Vietnamese page first finds {results[:3]}")
        if not expected & set(results):
            problems.append(f"{query!r} found {results[:8]}, expected one of {sorted(expected)}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
# The home page and a page two folders down: the search index and worker are found from either depth (every
# page of a language loads the same ones).
@pytest.mark.parametrize("kind", ["overview", "zone"])
def test_search_finds_the_zone_in_the_pages_language(page, site, kind, lang):
    """Each language has its own search index. A place name typed without its marks finds its zone from any
    page, in the page's language; on a Vietnamese page, typed with its marks too. (English pages write
    "Lach Huyen": typed with Vietnamese marks, the name is not in the English index.)"""
    zone = next((z for z in site.data.zones if "lach huyen" in fold(z.name.vi)), site.data.zones[-1])
    words = zone.name.vi.split()
    query = fold(" ".join(words[-2:]))  # e.g. "Lach Huyen": the place name ends the zone's name
    local = zone.name.get(lang)
    if not fold(local).isascii():  # a language in another script: the place as it writes it ("락후옌")
        query = local.split()[0]
    open_page(page, site, path_of(site, kind, lang))
    own = site_facts.language(lang).folder + f"zones/{zone.id}/"
    plain = search(page, query)
    assert plain and all(language_of(result) == lang for result in plain), plain[:8]
    assert own in plain, plain[:8]
    if lang == "vi":
        marked = search(page, " ".join(words[-2:]))
        assert own in marked and all(language_of(result) == lang for result in marked), marked[:8]


# --- Charts, downloads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_charts_are_visible_and_labelled(page, site, lang):
    from generator import charts

    keys = [key for key in charts.CHARTS if charts.series(site.data, key)]
    if not keys:
        pytest.skip("no figure of this dataset is charted")
    open_page(page, site, path_of(site, "figures", lang))
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
    from decimal import Decimal

    from generator import formatting

    decimal = formatting.format_quantity(Decimal("4.35"), "usd_billion", lang)
    if any(f.value == 4.35 or str(f.value) == "4.35" for f in charts.series(site.data, "fdi-annual")):
        assert decimal in page.locator("figure.chart").first.text_content()


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_links_return_pdfs(page, site, lang):
    from generator import site as site_paths

    for kind, expected in (("zone", site_paths.download_path("factsheet", lang, site.data.zones[0].id)), ("overview", site_paths.download_path("brief", lang))):
        open_page(page, site, path_of(site, kind, lang))
        links = page.eval_on_selector_all("article a[href$='.pdf']", "els => els.map(e => e.href)")
        assert site_facts.language(lang).folder + expected in [page_path(url) for url in links], f"no link to {expected} on the {kind} page: {links}"
        for url in links:
            assert url.endswith(f"-{lang}.pdf")
            response = _fetch(page, url)
            assert response.headers["content-type"] == "application/pdf"
            assert response.body()[:5] == b"%PDF-"


@pytest.mark.parametrize("lang", LANGS)
def test_open_data_links_on_key_figures_and_sources(page, site, lang):
    from generator import site as site_paths

    prefix = site_facts.language(lang).folder
    expected = {prefix + site_paths.download_path(kind, lang) for kind in ("json", "figures-csv", "events-csv", "zones-csv", "feed")}
    types = {".json": "application/json", ".csv": "text/csv", ".xml": "application/atom+xml"}
    for kind in ("figures", "sources"):
        open_page(page, site, path_of(site, kind, lang))
        links = page.eval_on_selector_all("article a[href$='.json'], article a[href$='.csv'], article a[href$='feed.xml']", "els => els.map(e => e.href)")
        assert {page_path(url) for url in links} == expected, links
        for url in links:
            response = _fetch(page, url)
            suffix = url[url.rindex("."):]
            assert response.headers["content-type"].startswith(types[suffix])
            body = response.body()
            if suffix == ".json":
                document = json.loads(body)
                assert document["language"] == lang
                assert [f["id"] for f in document["figures"]] == [f.id for f in site.data.figures]
            elif suffix == ".csv":
                assert body.startswith(b"\xef\xbb\xbfid,")


# --- 404 pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_speaks_the_language_of_its_folder(page, network, site, lang):
    prefix = site_facts.language(lang).folder
    missing = site.url(f"{prefix}no-such-page/")
    network.expect(404, missing)  # the one error response this test asks for
    response = page.goto(missing)
    assert response.status == 404
    assert page.get_attribute("html", "lang") == lang
    heading = page.locator("article h1").text_content()
    assert heading == catalog_text(lang, "Page not found (404)")
    with page.expect_navigation():
        page.click("article a")
    assert page_path(page.url) == prefix


# --- Print ---------------------------------------------------------------------------------------

A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


def test_zone_page_prints_cleanly(page, site):
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    open_page(page, site, path_of(site, "zone", "vi"))
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    assert page.locator("article table").count() > 0
    assert page.locator("article table tr").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    # Nothing is cut off at the right edge of an A4 page: no element of the article reaches past it.
    wider = page.evaluate(
        """() => [...document.querySelectorAll('article *')]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + (e.className ? '.' + e.className : ''))"""
    )
    assert wider == [], wider
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


# --- Landing page, comparison table, timeline filter, footer ------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_landing_cards_link_to_their_sources(page, site, lang):
    """One card per published headline figure, each with its value and a citation that lands on its source's
    entry on the sources page."""
    headline = [f for f in site.data.figures if f.headline and f.public]
    if not headline:
        pytest.skip("no headline figure in this dataset")
    open_page(page, site, path_of(site, "overview", lang))
    cards = page.locator("article .hz-card")
    assert cards.count() == len(headline)
    numbers = {source.id: i for i, source in enumerate(site.data.sources, start=1)}
    for i, figure in enumerate(headline):
        card = cards.nth(i)
        assert card.locator(".hz-card__value").text_content().strip()
        assert figure.label.get(lang) in card.text_content()
        cite = card.locator("a[href*='#source-']")
        assert cite.count() == 1
        assert cite.text_content().strip() == f"[{numbers[figure.source]}]"
        href = urljoin(page.url, cite.get_attribute("href"))
        assert page_path(href) == path_of(site, "sources", lang) and href.endswith(f"#source-{figure.source}")
    cards.first.locator("a[href*='#source-']").click()
    page.wait_for_url(f"**/#source-{headline[0].source}")
    assert page.locator(f"[id='source-{headline[0].source}']").is_visible()


def _visible_rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#zone-comparison tbody tr",
        """rows => rows.filter(r => !r.hidden).map(r => ({
            kind: r.querySelector('[data-kind]').getAttribute('data-kind'),
            area: r.cells[3].querySelector('[data-sort]') ? r.cells[3].querySelector('[data-sort]').getAttribute('data-sort') : null,
        }))""",
    )


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_table_sorts_by_area_numerically_and_filters_by_kind(page, site, lang):
    open_page(page, site, path_of(site, "zones", lang))
    assert page.locator(".hz-controls[data-table='zone-comparison']").is_visible()
    areas = sorted(float(z.area.value) for z in site.data.zones if z.area)
    area_header = page.locator("#zone-comparison thead th").nth(3)
    area_header.locator("button").click()
    assert area_header.get_attribute("aria-sort") == "ascending"
    rows = _visible_rows(page)
    shown = [float(r["area"]) for r in rows if r["area"]]
    assert shown == areas, "numbers sort as numbers (752 before 6292 before 20000), ascending"
    assert all(r["area"] for r in rows[: len(areas)]), "zones without an area come last"
    area_header.locator("button").click()
    assert area_header.get_attribute("aria-sort") == "descending"
    assert [float(r["area"]) for r in _visible_rows(page) if r["area"]] == areas[::-1]
    # Filter by kind: each kind shows exactly its zones; "all" shows every zone again.
    select = page.locator(".hz-kind-filter")
    for kind in dict.fromkeys(z.kind for z in site.data.zones):
        select.select_option(kind)
        rows = _visible_rows(page)
        assert [r["kind"] for r in rows] == [kind] * sum(z.kind == kind for z in site.data.zones)
        assert page.locator(".hz-count").text_content().strip()
    select.select_option("")
    assert len(_visible_rows(page)) == len(site.data.zones)


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_filter_hides_and_shows_events(page, site, lang):
    filters = [tag.id for tag in site.data.tags if tag.filter]
    if not filters:
        pytest.skip("no filter tag in this dataset")
    open_page(page, site, path_of(site, "timeline", lang))
    events = page.locator("article .event")
    assert events.count() == len(site.data.events)
    for tag in filters:
        page.locator(f".hz-tag-filter input[value='{tag}']").check()
        expected = {e.id for e in site.data.events if tag in e.tags}
        shown = set(page.eval_on_selector_all("article .event:not([hidden]) h3", "hs => hs.map(h => h.id.slice(6))"))
        assert shown == expected, tag
    page.locator(".hz-tag-filter input[value='']").check()
    assert page.locator("article .event:not([hidden])").count() == len(site.data.events)


def test_without_javascript_everything_shows(browser, network, site):
    """No script: the filter controls stay hidden, every zone row and every event shows."""
    context = browser.new_context(java_script_enabled=False, service_workers="block")
    context.on("request", lambda request: network.urls.append(request.url))
    try:
        page = context.new_page()
        for lang in LANGS:
            page.goto(site.url(path_of(site, "zones", lang)))
            assert page.locator("#zone-comparison tbody tr").count() == len(site.data.zones)
            assert not page.locator(".hz-controls").first.is_visible()
            page.goto(site.url(path_of(site, "timeline", lang)))
            assert page.locator("article .event:visible").count() == len(site.data.events)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_footer_shows_the_contact_fields_the_data_holds(page, site, lang):
    contact = site.data.authority.contact
    held = {
        "address": contact.address.text.get(lang) if contact.address else None,
        "phone": contact.phone.value if contact.phone else None,
        "email": contact.email.value if contact.email else None,
        "website": contact.website.value if contact.website else None,
    }
    for kind in ("overview", "zone"):
        open_page(page, site, path_of(site, kind, lang))
        footer = page.locator("footer .md-copyright")
        assert site.data.authority.name.get(lang) in footer.text_content()
        for field, value in held.items():
            shown = footer.locator(f".hz-contact__field--{field}")
            if value is None:
                assert shown.count() == 0, f"{field}: no source gives it, so it is not shown"
            else:
                assert shown.is_visible() and value in shown.text_content()
                assert shown.locator("a[href*='#source-']").count() == 1

"""Every page of every language in the browser: it loads in its language with its feed, makes no failed
request, passes axe-core at WCAG 2.2 AA at 1280 and 390 px; and the main page kinds lay out at a phone's
and a desktop's width (screenshots kept to look at). A file of its own, so that `make test`'s two workers
share the browser tests (pytest-xdist gives each worker whole files)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import pytest

from generator import site as site_facts

from .conftest import language_of, site_pages
from .test_browser import AXE_OPTIONS, LANGS, _fetch, open_page, page_path, path_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_loads_cleanly_in_its_language_and_passes_axe(page, network, site, lang):
    """Each page of one language, found in the built site's folders: no response of 400 or more, the
    `lang` of its folder, the feed of its language in its head, and no axe-core violation at WCAG 2.2 AA, at
    1280 px and again at 390 px (a phone) on the same load."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    feed = site_facts.language(lang).folder + "feed.xml"
    pages = [p for p in site_pages(site.root) if language_of(p) == lang]
    assert pages
    problems = []
    first = len(network.responses)
    for path in pages:
        response = page.goto(site.url(path))
        if response is None or response.status != 200:
            problems.append(f"{path}: status {response and response.status}")
            continue
        found = []
        if page.get_attribute("html", "lang") != lang:
            found.append(f"lang={page.get_attribute('html', 'lang')!r}")
        href = page.get_attribute('link[rel=alternate][type="application/atom+xml"]', "href")
        if href is None or page_path(urljoin(page.url, href)) != feed:
            found.append(f"feed link {href!r}")
        page.evaluate(axe.axe_script)  # once per load, for both widths
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            for violation in results["violations"]:
                targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                found.append(f"axe at {width} px: {violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes: {targets}): {violation['help']}")
        page.set_viewport_size({"width": 1280, "height": 900})
        problems += [f"{path or '/'}: {item}" for item in found]
    # The requests a page makes after it loaded (the search index, the sitemaps the language selector reads)
    # are let finish once, at the end: an error names its address, so it needs no page attributed to it.
    page.wait_for_load_state("networkidle")
    problems += [f"HTTP {error}" for error in network.errors(first)]
    document = ET.fromstring(_fetch(page, site.url(feed)).body())
    assert document.tag == "{http://www.w3.org/2005/Atom}feed"
    assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert problems == [], f"{len(problems)} problem(s) on {len(pages)} {lang} pages:\n" + "\n".join(problems)


# --- Layout at phone and desktop widths (screenshots kept to look at) -------------------------------------

_LAYOUT = """() => {
    const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const table = document.querySelector('article table');
    const frame = table && (table.closest('.md-typeset__scrollwrap') || table);
    return {
        scrollWidth: document.documentElement.scrollWidth, width: innerWidth, height: innerHeight,
        heading: box(document.querySelector('article h1')),
        table: frame && box(frame),
        tableScrolls: !!table && (table.scrollWidth <= frame.clientWidth + 1 || ['auto', 'scroll'].includes(getComputedStyle(frame).overflowX)),
    };
}"""


def _inside(box, width, height=None) -> bool:
    return box["left"] >= 0 and box["right"] <= width + 0.5 and (height is None or (box["top"] >= 0 and box["bottom"] <= height + 0.5))


# Every page kind in the default language; in the others, the kinds whose text length drives the layout (the
# cards, the comparison table, a zone's tables). axe checks every page of every language at both widths.
LAYOUT_KINDS = ["overview", "figures", "invest", "zones", "timeline", "zone"]
LAYOUT_CASES = [(kind, lang) for lang in LANGS for kind in LAYOUT_KINDS if lang == LANGS[0] or kind in ("overview", "zones", "zone")]


@pytest.mark.parametrize(("kind", "lang"), LAYOUT_CASES, ids=[f"{kind}-{lang}" for kind, lang in LAYOUT_CASES])
def test_layout_at_phone_and_desktop_widths(page, site, screenshots, kind, lang):
    """At 390 px (a phone) and 1280 px: no horizontal scrolling of the page; the main heading is visible and
    whole in the first screen; the first table (when the page has one), scrolled to, is visible and its
    frame lies inside the viewport, its columns reachable by scrolling the frame if they do not fit."""
    open_page(page, site, path_of(site, kind, lang))
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(100 if width == 390 else 250)  # the layout settles; Material's header title animation
        page.screenshot(path=str(screenshots / f"{kind}-{lang}-{width}.png"))
        layout = page.evaluate(_LAYOUT)
        where = f"{path_of(site, kind, lang) or '/'} at {width} px"
        assert layout["scrollWidth"] <= layout["width"], f"{where}: the page scrolls sideways ({layout['scrollWidth']} px)"
        assert page.locator("article h1").is_visible(), where
        assert _inside(layout["heading"], width, height), f"{where}: heading at {layout['heading']}"
        if layout["table"] is not None:
            table = page.locator("article table").first
            table.scroll_into_view_if_needed()
            assert table.is_visible(), where
            frame = page.evaluate(_LAYOUT)["table"]
            assert _inside(frame, width, None) and frame["top"] < height and frame["bottom"] > 0, f"{where}: first table at {frame}"
            assert layout["tableScrolls"], f"{where}: the first table is wider than its frame, which does not scroll"
        elif kind != "timeline":
            pytest.fail(f"{where}: no table on a {kind} page")
    if kind == "figures" and page.locator("#charts").count():
        page.evaluate("document.getElementById('charts').scrollIntoView({block: 'start'})")
        page.wait_for_timeout(400)
        page.screenshot(path=str(screenshots / f"charts-{lang}-1280.png"))

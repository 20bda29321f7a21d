"""Reading a built site: pages, links, anchors and resources, with the standard library's HTML parser."""

from __future__ import annotations

import contextlib
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.ids: set[str] = set()
        self.links: list[tuple[str, dict]] = []  # (tag, attrs) of every element with href/src
        self.alternates: dict[str, str] = {}
        self.language_links: dict[str, str] = {}
        self.scripts: list[str] = []
        self._in_script = False
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        if "href" in attrs or "src" in attrs:
            self.links.append((tag, attrs))
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]
        # Material's language selector: <a href=... hreflang=... class="md-select__link">
        if tag == "a" and attrs.get("hreflang") and "md-select__link" in (attrs.get("class") or ""):
            self.language_links[attrs["hreflang"]] = attrs["href"]
        if tag == "script":
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, href: str) -> tuple[Path | None, str]:
    """The file an internal link points to (directory links mean index.html), and its fragment."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page, unquote(parts.fragment)
    # Root-absolute links (the home pages' language links, 404.html) assume the site is served at "/".
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal href/src that points to a missing file or a missing anchor."""
    site = site.resolve()
    parsed = {p.resolve(): parse(p) for p in html_pages(site)}
    problems = []
    for page, info in parsed.items():
        for _tag, attrs in info.links:
            href = attrs.get("href") or attrs.get("src")
            if href.startswith(("mailto:", "data:", "javascript:")):
                problems.append(f"{page.relative_to(site)}: suspicious link {href}") if href.startswith("javascript:") else None
                continue
            target, fragment = resolve(site, page, href)
            if target is None:
                continue
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {href} -> missing {target}")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if fragment not in ids:
                    problems.append(f"{page.relative_to(site)}: {href} -> no anchor #{fragment}")
    return problems


def external_resources(site: Path) -> list[str]:
    """Resources a browser would load from another host at page load (scripts, styles, images, fonts)."""
    found = []
    for page in html_pages(site):
        for tag, attrs in parse(page).links:
            url = attrs.get("src") or (attrs.get("href") if tag == "link" and attrs.get("rel") not in ("canonical", "alternate") else None)
            if (url and urlsplit(url).scheme in ("http", "https")) or (url or "").startswith("//"):
                found.append(f"{page}: <{tag}> {url}")
    return found


def pdf_objects(content: bytes) -> bytes:
    """A PDF with its compressed streams (WeasyPrint packs the info dictionary in one) inflated."""
    out = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        with contextlib.suppress(zlib.error):  # a stream that is not deflated (an image) stays as it is
            out.append(zlib.decompress(match.group(1)))
    return b"\n".join(out)

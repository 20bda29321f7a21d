"""Turning the dataset into Markdown pages, one set per language, with Jinja2.

Every value a template prints goes through `finalize`, which escapes HTML and Markdown: data text such
as "<script>", "a | b" or "[x](javascript:...)" reaches the reader as those characters, never as markup.
Only Markup built here (links, citations) or taken from the translation catalogs is trusted.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from generator import charts, formatting
from generator.catalogs import StrictTranslations
from generator.models import Dataset
from generator.site import LANGUAGES, ROOT, TEMPLATES, download_path, page_path, page_url

# Only characters Python-Markdown accepts as backslash escapes ("|" comes with the tables extension). With
# "{" and "}" escaped, no attribute list ({: .class}, attr_list) can form; with "[" and "]", no link,
# footnote ([^1]) or abbreviation (*[HEZA]: ...); with "<", ">" and "&" HTML-escaped, no md_in_html block.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
_LIST_START = re.compile(r"^([-+])|^(\d+)([.)])")
# What makes a block when a text starts a line: "!!!" (admonition), "???" and "???+" (details), "=" and
# "~" (a setext underline, a fence), ":" (a definition). As numeric references they are plain characters.
_BLOCK_START = re.compile(r"^[!?=~:]")


def md_escape(text: str) -> str:
    """Make any text literal in Markdown: one line, HTML-escaped, Markdown punctuation backslashed."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _BLOCK_START.sub(lambda m: f"&#{ord(m.group())};", text)
    # A leading "-", "+" or "1." would start a list where the text sits at the start of a line.
    return _LIST_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


def md_url(url: str) -> Markup:
    """A web address as a link whose href is exactly the address and whose text shows it literally: an
    HTML link, since Markdown's own forms stop at ")" or ">" and a table cell at "|"."""
    href = str(url).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    href = href.replace("|", "&#124;")
    return Markup(f'<a href="{href}">{md_escape(url)}</a>')


def check_templates() -> list[str]:
    """Every template compiled (pages, sheets, feed) and every theme override parsed, so a syntax error
    fails the check, with its file and line, instead of the build."""
    problems = []
    env = make_environment(StrictTranslations("en", {}))
    for name in sorted(env.list_templates(extensions=["j2"])):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(f"{_shown_path(TEMPLATES / name)}:{exc.lineno}: template syntax error: {exc.message}")
    overrides = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    for path in sorted((ROOT / "docs" / "overrides").rglob("*.html")):
        try:
            overrides.parse(path.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(f"{_shown_path(path)}:{exc.lineno}: template syntax error: {exc.message}")
    return problems


def _shown_path(path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def _finalize(value):
    if value is None:
        raise ValueError("a template printed None; guard optional fields with {% if %}")
    if isinstance(value, Markup):
        return value
    return Markup(md_escape(value))


@lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    """posixpath.relpath, remembered: pages link to the same few targets (sources, timeline) thousands of times."""
    return posixpath.relpath(target, start)


def source_numbers(data: Dataset) -> dict[str, int]:
    """Each source's number on the sources page, [1] for the first; pages and PDFs cite by it."""
    return {source.id: i for i, source in enumerate(data.sources, start=1)}


def cited_ids(source_ids) -> list[str]:
    """The source ids a template cites (ids, or lists of ids), once each, in order."""
    ids: list[str] = []
    for item in source_ids:
        ids.extend([item] if isinstance(item, str) else item)
    return list(dict.fromkeys(ids))


@dataclass
class Citations:
    """Which pages cite which sources, recorded while rendering so the sources page can list them."""

    pages_by_source: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, source_id: str, page: str) -> None:
        self.pages_by_source[source_id].add(page)


class PageHelpers(formatting.LocalizedFormat):
    """What a template may call while rendering one page: links, citations, formatted values."""

    def __init__(self, data: Dataset, lang: str, path: str, citations: Citations, numbers: dict[str, int]):
        super().__init__(lang)
        self.data, self.path = data, path
        self._citations, self._numbers = citations, numbers

    def url(self, target: str, anchor: str | None = None) -> str:
        relative = _relpath(target, posixpath.dirname(self.path) or ".")
        return relative + (f"#{anchor}" if anchor else "")

    def link(self, text, target: str, anchor: str | None = None) -> Markup:
        label = text if isinstance(text, Markup) else md_escape(text)
        return Markup(f"[{label}]({self.url(target, anchor)})")

    def cite(self, *source_ids) -> Markup:
        """Numbered links to the sources page, e.g. [1] [4]; also records the citation."""
        links = []
        for source_id in cited_ids(source_ids):
            self._citations.add(source_id, self.path)
            number = self._numbers[source_id]
            links.append(f"[\\[{number}\\]]({self.url(page_path('sources'), 'source-' + source_id)})")
        return Markup(" ".join(links))

    def external(self, text: str, address: str) -> Markup:
        """A link to an address outside the portal (a website, mailto:, tel:); the data's models check it."""
        if address.startswith("tel:"):
            address = "tel:" + re.sub(r"[^0-9+]", "", address[4:])
        return Markup(f"[{md_escape(text)}]({address})")

    def json_ld(self, document: dict) -> Markup:
        """Structured data (schema.org) as a script block; <, > and & are JSON escapes, so no data text can close
        the script or read as markup."""
        text = json.dumps(document, ensure_ascii=False, sort_keys=True)
        text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        return Markup(f'<script type="application/ld+json">{text}</script>')

    def absolute(self, path: str) -> str:
        """The public address of a page of this language: 'zones/x.md' -> https://heza.gov.vn/en/zones/x/."""
        path = path.removesuffix(".md")
        path = "" if path == "index" else path.removesuffix("/index") + "/"
        return page_url(self.lang, path)

    def meta(self, text) -> Markup:
        """A text for the page's front matter (its description): one line, HTML-escaped (the theme prints
        it as it is), as a JSON string, which YAML reads as the same text."""
        plain = (
            " ".join(Markup(str(text)).unescape().split()) if isinstance(text, Markup) else " ".join(str(text).split())
        )
        return Markup(json.dumps(html.escape(plain), ensure_ascii=False))

    def zone_link(self, zone_id: str) -> Markup:
        return self.link(self.data.zone(zone_id).name.get(self.lang), page_path("zone", zone_id))

    def event_link(self, event) -> Markup:
        return self.link(event.title.get(self.lang), page_path("timeline"), "event-" + event.id)

    # Charts and downloads (generator/charts.py, generator/downloads.py; templates _charts, _downloads).
    def chart_points(self, key: str) -> list:
        return charts.points(self.data, key, self.lang)[1]

    def chart(self, key: str, title, kind_text, status_labels: dict) -> Markup:
        """The chart as inline SVG (empty when no figure carries the key); labels come from the catalogs."""
        statuses = {k: str(v) for k, v in status_labels.items()}
        return Markup(charts.render_svg(self.data, key, self.lang, str(title), str(kind_text), statuses))

    def download(self, text, kind: str, item_id: str | None = None) -> Markup:
        return self.link(text, download_path(kind, self.lang, item_id))


def make_environment(translations: StrictTranslations, markdown: bool = True) -> jinja2.Environment:
    """Jinja2 with the catalogs' text and HTML escaping; for Markdown pages, every value is Markdown-escaped too."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize if markdown else None,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension
    env.filters["md_url"] = md_url
    return env


def _events_by_zone(data: Dataset) -> dict[str, list]:
    by_zone = defaultdict(list)
    for event in data.events:
        for zone_id in event.zones:
            by_zone[zone_id].append(event)
    return by_zone


def comparison_rows(data: Dataset) -> list[dict]:
    """One row per zone for the comparison table: the zone, and the facts marked for its columns (the first
    published one of each)."""
    rows = []
    for zone in data.zones:
        facts = [f for f in zone.facts if f.column and (not f.quantity or f.quantity.public)]
        land = next((f for f in facts if f.column == "leasable_land" and f.quantity), None)
        founding = next((f for f in facts if f.column == "founding_decision" and f.date), None)
        rows.append({"zone": zone, "land": land, "founding": founding})
    return rows


def investment_news(data: Dataset) -> list:
    """Events that happened and carry an investment or zone tag (tags.yaml: investment_news), newest first."""
    tags = {tag.id for tag in data.tags if tag.investment_news}
    chosen = [e for e in data.events if e.status == "occurred" and tags.intersection(e.tags)]
    return sorted(chosen, key=lambda e: (e.date.sort_key(), e.id), reverse=True)


def render_language(data: Dataset, lang: str, translations: StrictTranslations) -> dict[str, str]:
    """All pages of one language as {relative path: Markdown}. The sources page renders last."""
    env = make_environment(translations)
    citations = Citations()
    numbers = source_numbers(data)
    pages: dict[str, str] = {}

    def render(template: str, path: str, **context) -> None:
        helpers = PageHelpers(data, lang, path, citations, numbers)
        pages[path] = env.get_template(template).render(data=data, lang=lang, h=helpers, **context)

    events_sorted = sorted(data.events, key=lambda e: (e.date.sort_key(), e.id))
    events_by_zone = _events_by_zone(data)
    children = defaultdict(list)
    for zone in data.zones:
        if zone.parent:
            children[zone.parent].append(zone)
    # Figures by zone in one pass (a scan of all figures per zone grows with zones x figures).
    figures_by_zone = defaultdict(list)
    for figure in data.figures:
        if not figure.public:  # a garbled or ambiguous figure is not published on zone pages
            continue
        for zone_id in dict.fromkeys(figure.zones):
            figures_by_zone[zone_id].append(figure)

    news = investment_news(data)
    render("overview.md.j2", page_path("overview"), news=news[:5])
    render("key-figures.md.j2", page_path("figures"))
    render("invest.md.j2", page_path("invest"))
    render("timeline.md.j2", page_path("timeline"), events=events_sorted)
    render("zones.md.j2", page_path("zones"), comparison=comparison_rows(data))
    for zone in data.zones:
        related = figures_by_zone.get(zone.id, [])
        render(
            "zone.md.j2",
            page_path("zone", zone.id),
            zone=zone,
            events=sorted(events_by_zone.get(zone.id, []), key=lambda e: (e.date.sort_key(), e.id)),
            figures=related,
            children=children.get(zone.id, []),
        )
    render("about-data.md.j2", page_path("about"))
    render("sources.md.j2", page_path("sources"), cited_on=citations.pages_by_source, page_titles=_page_titles(pages))
    pages[CONTACT_FILE] = contact_json(data, lang, numbers)
    return pages


# The authority's name and contact fields for every page's footer, read by generator/mkdocs_hooks.py. A dot
# file: MkDocs does not publish it.
CONTACT_FILE = ".contact.json"


def contact_json(data: Dataset, lang: str, numbers: dict[str, int]) -> str:
    """The contact fields a source gives, in this language, each with its source's id and number."""
    contact = data.authority.contact
    fields: list[tuple[str, str, str | None, str]] = []
    if contact.address:
        fields.append(("address", contact.address.text.get(lang), None, contact.address.source))
    if contact.phone:
        tel = "tel:" + re.sub(r"[^0-9+]", "", contact.phone.value)
        fields.append(("phone", contact.phone.value, tel, contact.phone.source))
    if contact.email:
        fields.append(("email", contact.email.value, "mailto:" + contact.email.value, contact.email.source))
    if contact.website:
        fields.append(("website", contact.website.value, contact.website.value, contact.website.source))
    entries = [
        {"kind": kind, "text": text, "href": href, "source": source, "number": numbers[source]}
        for kind, text, href, source in fields
    ]
    return json.dumps({"name": data.authority.name.get(lang), "fields": entries}, ensure_ascii=False, indent=1) + "\n"


_H1 = re.compile(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)


def _page_titles(pages: dict[str, str]) -> dict[str, Markup]:
    """The first heading of each rendered page (already escaped Markdown), for the sources page's links."""
    titles = {}
    for path, text in pages.items():
        match = _H1.search(text)
        titles[path] = Markup(match.group(1)) if match else Markup(md_escape(path))
    return titles


def render_all(data: Dataset, catalogs: dict[str, StrictTranslations]) -> dict[str, str]:
    """{'vi/index.md': ..., 'en/index.md': ...} for every language."""
    return {
        f"{lang}/{path}": text
        for lang in LANGUAGES
        for path, text in render_language(data, lang, catalogs[lang]).items()
    }


class Labels:
    """Kind and status labels, taken from the pages' own macros so each text has one catalog entry."""

    def __init__(self, env: jinja2.Environment):
        self._macros: Any = env.get_template("_macros.md.j2").make_module({"h": None, "lang": None})

    def kind(self, kind: str) -> str:
        return Markup(self._macros.kind_label(kind)).unescape().strip()

    def status(self, status: str) -> str:
        return Markup(self._macros.status_label(status)).unescape().strip()

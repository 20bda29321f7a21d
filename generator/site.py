"""The facts every module needs, in one place: the languages, the site's address, where pages and downloads
live, where build files go, and the data date.

The languages and the address are read from the base MkDocs configuration (mkdocs.yml): its `site_url`
and its `extra.languages`, the default language (served at the site root) first. Every other language
builds from its own mkdocs.<code>.yml, which INHERITs mkdocs.yml, into the folder <code>/ of the site.
This module imports nothing else of the generator, so any module may import it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from generator.models import Dataset

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"
DATA_DIR = ROOT / "data"
DOCS_DIR = ROOT / "docs"
SITE_DIR = ROOT / "site"
TRANSLATIONS = ROOT / "translations"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# Hand-written files of docs/ that every language's build needs (stylesheets, scripts); the theme overrides
# are not pages and stay where mkdocs.yml's custom_dir points.
SHARED_DOCS = ("stylesheets", "assets")
# The Hangul typeface of the PDFs and charts, installed with the project (fonts/README.md: a renamed subset of
# NanumGothic, SIL OFL 1.1). DejaVu Sans, listed first, has no Hangul; this family sets the Korean letters.
HANGUL_FAMILY = "HEZA Hangul Gothic"
HANGUL_FONTS = {
    "normal": ROOT / "fonts" / "HEZAHangulGothic-Regular.ttf",
    "bold": ROOT / "fonts" / "HEZAHangulGothic-Bold.ttf",
}


def cache_dir() -> Path:
    """Build files kept between builds (compiled catalogs, rendered PDFs): $HEZA_CACHE, else .cache/."""
    return Path(os.environ.get("HEZA_CACHE") or ROOT / ".cache")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: MkDocs' own tags (!ENV, !relative, !!python/name:...) read as their text."""


_ConfigLoader.add_multi_constructor(
    "", lambda loader, suffix, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
)


def _base_config() -> dict:
    return yaml.load(CONFIG_FILE.read_text(encoding="utf-8"), Loader=_ConfigLoader)


@dataclass(frozen=True)
class Language:
    code: str  # the catalog's and the data's language code, and Material's theme.language
    name: str  # its own name, as the language selector shows it
    folder: str  # where its pages live inside the site: "" for the default language, "en/" for English

    @property
    def config_file(self) -> Path:
        return CONFIG_FILE if not self.folder else ROOT / f"mkdocs.{self.code}.yml"


def _languages(config: dict) -> tuple[Language, ...]:
    entries = (config.get("extra") or {}).get("languages") or []
    if not entries:
        raise RuntimeError(f"{CONFIG_FILE.name}: extra.languages lists no language")
    return tuple(
        Language(str(entry["code"]), str(entry["name"]), "" if i == 0 else f"{entry['code']}/")
        for i, entry in enumerate(entries)
    )


_CONFIG = _base_config()
LANGUAGE_LIST: tuple[Language, ...] = _languages(_CONFIG)
LANGUAGES: tuple[str, ...] = tuple(language.code for language in LANGUAGE_LIST)
DEFAULT_LANGUAGE: str = LANGUAGES[0]
# The public address of the site root, with a final slash (https://heza.gov.vn/).
SITE_URL: str = str(_CONFIG["site_url"]).rstrip("/") + "/"


def _nav_files(entries) -> list[str]:
    files = []
    for entry in entries or []:
        for item in entry.values() if isinstance(entry, dict) else [entry]:
            files += _nav_files(item) if isinstance(item, list) else [str(item)]
    return files


# The section pages of every language, as mkdocs.yml's nav lists them (index.md, zones/index.md, ...).
NAV_PAGES: tuple[str, ...] = tuple(_nav_files(_CONFIG.get("nav")))
del _CONFIG


def language(code: str) -> Language:
    for item in LANGUAGE_LIST:
        if item.code == code:
            return item
    raise KeyError(code)


def language_url(code: str, site_url: str = SITE_URL) -> str:
    """The address of a language's root: language_url('en') -> https://heza.gov.vn/en/."""
    return site_url + language(code).folder


def page_url(lang: str, path: str = "", site_url: str = SITE_URL) -> str:
    """The absolute address of a page: page_url('en', 'timeline/') -> https://heza.gov.vn/en/timeline/."""
    return language_url(lang, site_url) + path


# --- Where pages and downloads live inside a language's folder (the same place in every language) ---------


def page_path(kind: str, item_id: str | None = None) -> str:
    """The Markdown file of a page: page_path('zone', 'xuan-cau') -> zones/xuan-cau.md."""
    return {
        "overview": "index.md",  # the landing page
        "figures": "key-figures.md",
        "invest": "invest.md",
        "timeline": "timeline.md",
        "zones": "zones/index.md",
        "zone": f"zones/{item_id}.md",
        "sources": "sources.md",
        "about": "about-data.md",
    }[kind]


def download_path(kind: str, lang: str, item_id: str | None = None) -> str:
    """Where a download lives: download_path('factsheet', 'en', 'xuan-cau') -> downloads/factsheet-xuan-cau-en.pdf."""
    if kind == "factsheet":
        return f"downloads/factsheet-{item_id}-{lang}.pdf"
    return {
        "brief": f"downloads/heza-investor-brief-{lang}.pdf",
        "json": f"downloads/heza-data-{lang}.json",
        "figures-csv": f"downloads/heza-key-figures-{lang}.csv",
        "events-csv": f"downloads/heza-events-{lang}.csv",
        "zones-csv": f"downloads/heza-zones-{lang}.csv",
        "comparison-csv": f"downloads/heza-zone-comparison-{lang}.csv",
        "factsheets-zip": f"downloads/heza-fact-sheets-{lang}.zip",
        "feed": "feed.xml",
        "feed-investment": "feed-investment.xml",
        "share-image": f"downloads/heza-share-{lang}.png",
        "robots": "robots.txt",
    }[kind]


# --- The data date -------------------------------------------------------------------------------------


def source_date_epoch(data: Dataset) -> int:
    """The build's timestamp (PDF dates, sitemap, feed), taken from the data, so the same data gives the same
    site: $SOURCE_DATE_EPOCH if set, else the editors' compiled date, else the latest date of a source or of an
    event that happened."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    dates = [d for s in data.sources for d in (s.published, s.viewed) if d] + [
        e.date for e in data.events if e.status == "occurred"
    ]
    latest = data.compiled or max(dates, key=lambda d: d.sort_key())
    return int(dt.datetime(latest.year, latest.month or 12, latest.day or 1, tzinfo=dt.UTC).timestamp())


def data_date(data: Dataset) -> dt.date:
    """The day of source_date_epoch."""
    return dt.datetime.fromtimestamp(source_date_epoch(data), tz=dt.UTC).date()

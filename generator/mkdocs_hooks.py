"""MkDocs hooks of the portal (listed in mkdocs.yml).

static-i18n builds the default language (Vietnamese, at /) and then, from its on_post_build, every other
language (/en/) into the same site folder. These hooks correct what that leaves behind:

* 404 pages. Each language build writes Material's 404.html to the site root, so the last one (English)
  wins and /en/ has none (static-i18n issue #284). The English 404 is moved to /en/404.html and the
  Vietnamese one put back at the root. The language switch of a 404 page offers the home pages, not the
  twin of whatever page was rendered last.
* Search without diacritics. Readers type "Hai Phong", "Lach Huyen", "Dinh Vu"; Material's search does not
  fold diacritics, so every entry of the search index gets folded copies of its title and text
  ("Hải Phòng" -> "hai phong", "Đình Vũ" -> "dinh vu") in two extra fields that the search worker indexes
  (declared under the search plugin's `fields` in mkdocs.yml). Each page's entries are folded as the
  search plugin makes them (on_page_context), so static-i18n's final index already has them.
* Search in the reader's language first. Both languages share one index; every page starts the search
  worker through assets/javascripts/workers/heza-search.js, which loads Material's worker and puts the
  results in the page's language before the others.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from copy import deepcopy
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

log = logging.getLogger("mkdocs.hooks.heza")

DEFAULT_LANGUAGE = "vi"
WORKER_WRAPPER = "heza-search.js"

_state: dict = {}


# --- Helpers -----------------------------------------------------------------------------------------


class _Unmarked(dict):
    """str.translate table: a character -> its canonical decomposition without combining marks, worked out
    once per distinct character, instead of a Python loop over every character of the index (twice as slow on
    the 29 MB index of a 4,000-page build; see BENCHMARKS.md)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        self[code] = value = "".join(c for c in decomposed if not unicodedata.combining(c))
        return value


_UNMARKED = _Unmarked()


def fold(text: str) -> str:
    """Text as a reader types it without Vietnamese diacritics: lower case, marks dropped, đ -> d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    # The same as dropping the combining marks of the whole text's NFD: decomposition only reorders marks.
    return unicodedata.normalize("NFC", text.translate(_UNMARKED)).lower()


_TAG = re.compile(r"<[^>]+>")
_ENTITY = re.compile(r"&(amp|lt|gt|quot|#39);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'"}


def plain_text(html: str) -> str:
    text = _TAG.sub(" ", html)
    text = _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)
    return " ".join(text.split())


def fold_entry(doc: dict) -> None:
    """Add title_folded and text_folded to a search entry where the folded text differs from its own."""
    for name, value in (("title_folded", plain_text(doc.get("title", ""))), ("text_folded", plain_text(doc.get("text", "")))):
        folded = fold(value)
        if folded != value.lower():
            doc[name] = folded
        else:
            doc.pop(name, None)


def _i18n(config):
    return config.plugins.get("i18n")


def _language(config) -> str:
    plugin = _i18n(config)
    return getattr(plugin, "current_language", None) or config.theme.get("language") or DEFAULT_LANGUAGE


def _other_languages(config) -> list[str]:
    plugin = _i18n(config)
    languages = [lang for lang in getattr(plugin, "build_languages", []) or [] if lang != DEFAULT_LANGUAGE]
    return sorted(languages)


# --- Search worker: the reader's language first -------------------------------------------------------

_WORKER = re.compile(r'("search": ")([^"]*/)(search\.[0-9a-f]+\.min\.js)(")')


def use_worker_wrapper(html: str, lang: str, others: list[str]) -> str:
    """Point Material's __config at the wrapper worker, telling it the page's language."""
    if WORKER_WRAPPER in html:
        return html

    def replace(match):
        query = f"?lang={lang}&others={','.join(others)}&worker={match.group(3)}"
        return f"{match.group(1)}{match.group(2)}{WORKER_WRAPPER}{query}{match.group(4)}"

    new, count = _WORKER.subn(replace, html, count=1)
    if count != 1 and '"search":' in html:
        log.warning("heza hooks: Material's search worker was not found in __config; search results are not ordered by language")
    return new


# --- Indentation of the theme's HTML ------------------------------------------------------------------------

# Material's templates indent every line and leave runs of blank lines: ~15% of a page (12 MiB of HTML at
# 4,000 pages). A line break stays where there was whitespace, so nothing renders differently; <pre> and
# <textarea> keep theirs. Only ASCII whitespace goes: a no-break space is text.
_PRESERVED = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.S | re.I)
_LINE_EDGES = re.compile(r"[ \t\r]*\n[ \t\r\n]*")


def trim_indentation(html: str) -> str:
    parts = _PRESERVED.split(html)
    # split() gives [text, preserved, tag name, text, ...]: trim the text parts only.
    for i in range(0, len(parts), 3):
        parts[i] = _LINE_EDGES.sub("\n", parts[i])
    del parts[2::3]
    return "".join(parts)


def _finish_html(html: str, config) -> str:
    """What every HTML file of the site gets: the language-aware search worker, then less indentation."""
    return trim_indentation(use_worker_wrapper(html, _language(config), _other_languages(config)))


def on_post_page(output: str, page, config) -> str:
    return _finish_html(output, config)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return _finish_html(output_content, config) if template_name.endswith(".html") else output_content


# --- Search without diacritics -----------------------------------------------------------------------------


def _search_plugin(config):
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            return plugin
    return None


@event_priority(-50)  # after the search plugin (0) has added the page's entries
def on_page_context(context, page, config, nav):
    """Fold the search entries the page just got (also in mkdocs_parallel's workers, which send them back
    folded): no second pass over the whole index, which at 4,000 pages meant reading 29 MB of JSON back."""
    plugin = _search_plugin(config)
    if plugin is None:
        return context
    entries = plugin.search_index.entries
    start = _state["folded"][1] if _state.get("folded", (None,))[0] is entries else 0
    for doc in entries[start:]:
        fold_entry(doc)
    _state["folded"] = (entries, len(entries))
    return context


# --- 404 pages and the language switch -----------------------------------------------------------------


def on_env(env, config, files):
    """Before the theme's 404.html is rendered: the language switch offers each language's home page."""
    plugin = _i18n(config)
    alternates = getattr(plugin, "extra_alternate", None)
    if alternates:
        # static-i18n sets both the item and the attribute (config.extra.alternate = ...), and Jinja reads
        # the attribute first: reset both.
        config.extra["alternate"] = deepcopy(alternates)
        setattr(config.extra, "alternate", deepcopy(alternates))
    return env


@event_priority(50)  # before static-i18n builds the other languages (-100)
def _on_post_build_first(config):
    site = Path(config.site_dir)
    lang = _language(config)
    page = site / "404.html"
    if not page.exists():
        return
    if lang == DEFAULT_LANGUAGE:
        _state["default_404"] = page.read_bytes()
    else:
        target = site / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.read_bytes())


@event_priority(-200)  # after static-i18n's on_post_build has built every language and rewritten the index
def _on_post_build_last(config):
    plugin = _i18n(config)
    if plugin is not None and getattr(plugin, "building", False):
        return  # a language build inside static-i18n's loop: the site is not complete yet
    site = Path(config.site_dir)
    saved = _state.pop("default_404", None)
    if saved is not None:
        (site / "404.html").write_bytes(saved)
    _state.pop("folded", None)


on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)

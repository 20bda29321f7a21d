"""MkDocs hooks of the portal (mkdocs.yml `hooks:`), run by every language's build. Public events only.

* Interface text from the catalogs. The build's language (theme.language) picks its catalog from
  translations/; the site name, description, copyright, the toc's permalink title and the homepage's
  name in the navigation come from it, and so does every theme string: the theme's templates get the
  i18n extension (`_()` in docs/overrides) and `theme_text(key)` (the override of partials/language.html;
  see generator/theme_text.py). A message the catalog lacks fails the build with
  MISSING_TRANSLATION|<lang>|<message>.
* Languages. `extra.alternate` (Material's language selector and the head's hreflang links) lists every
  language's root, as an absolute address from the build's site_url; each entry also carries the path from
  this language's root to that one, from which partials/alternate.html links every page to its twin.
* Search without diacritics. Readers type "Hai Phong", "Lach Huyen", "Dinh Vu"; Material's search does not
  fold diacritics, so each entry of the search index gets folded copies of its title and text
  ("Hải Phòng" -> "hai phong") in two extra fields that the search worker indexes (declared under the
  search plugin's `fields` in mkdocs.yml), added as the search plugin makes each page's entries.
* Smaller HTML. Material's templates indent every line; the indentation goes (trim_indentation).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from pathlib import Path

from mkdocs.plugins import event_priority

from generator import site, theme_text
from generator.catalogs import StrictTranslations, mo_root

log = logging.getLogger("mkdocs.hooks.heza")

# Per build: MkDocs loads this file anew for every configuration it reads, so these never mix languages.
_catalog: StrictTranslations | None = None
_folded: tuple[object, int] = (None, 0)


# --- Text helpers ------------------------------------------------------------------------------------------


class _Unmarked(dict):
    """str.translate table: a character -> its canonical decomposition without combining marks, worked out
    once per distinct character instead of a Python loop over every character of the index."""

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
    for name, value in (
        ("title_folded", plain_text(doc.get("title", ""))),
        ("text_folded", plain_text(doc.get("text", ""))),
    ):
        folded = fold(value)
        if folded != value.lower():
            doc[name] = folded
        else:
            doc.pop(name, None)


# Material's templates indent every line and leave runs of blank lines: ~15% of a page. A line break stays
# where there was whitespace, so nothing renders differently; <pre> and <textarea> keep theirs. Only ASCII
# whitespace goes: a no-break space is text.
_PRESERVED = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.S | re.I)
_LINE_EDGES = re.compile(r"[ \t\r]*\n[ \t\r\n]*")


def trim_indentation(html: str) -> str:
    parts = _PRESERVED.split(html)
    # split() gives [text, preserved, tag name, text, ...]: trim the text parts only.
    for i in range(0, len(parts), 3):
        parts[i] = _LINE_EDGES.sub("\n", parts[i])
    del parts[2::3]
    return "".join(parts)


# --- Language and catalog ------------------------------------------------------------------------------------


def _text(message: str) -> str:
    assert _catalog is not None, "on_config has not run"
    return _catalog.gettext(message)


def alternates(lang: str, site_url: str) -> list[dict]:
    """extra.alternate of one language's build: every language's root (absolute), and the relative path from
    this language's root to it (twin links: partials/alternate.html)."""
    own = site.language(lang)
    top = site_url.removesuffix(own.folder) if own.folder else site_url
    up = "../" * own.folder.count("/")
    return [
        {
            "name": other.name,
            "lang": other.code,
            "link": site.language_url(other.code, top),
            "path": "" if other is own else up + other.folder,
        }
        for other in site.LANGUAGE_LIST
    ]


def on_config(config):
    global _catalog
    lang = config.theme["language"]
    # The build's own compiled catalogs (generator/building.py), else the cache's (`mkdocs serve`).
    compiled = config.extra.get("compiled_catalogs")
    _catalog = StrictTranslations.from_mo(lang, Path(compiled) if compiled else mo_root())
    config.site_name = _text(theme_text.SITE_NAME)
    config.site_description = _text(theme_text.SITE_DESCRIPTION)
    config.copyright = _text(theme_text.COPYRIGHT)
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = _text(theme_text.PERMANENT_LINK)
    config.extra["alternate"] = alternates(lang, site.SITE_URL if not config.site_url else str(config.site_url))
    config.extra["default_language"] = site.DEFAULT_LANGUAGE
    return config


def on_env(env, config, files):
    """The theme's templates get the catalog: `_()` in the overrides, `theme_text(key)` for Material's keys."""
    assert _catalog is not None
    # Settings come from Material's table for the language, else its English one (as Material does).
    tables = [env.get_template(f"partials/languages/{name}.html").module for name in (config.theme["language"], "en")]

    def lookup(key: str) -> str:
        if key in theme_text.THEME_SETTINGS:
            return next((str(value).strip() for table in tables if (value := table.t(key)).strip()), "")
        message = theme_text.THEME_MESSAGES.get(key)
        if message is None:
            log.warning(f"heza hooks: the theme asks for text '{key}', which generator/theme_text.py does not list")
            return key
        return _text(message)

    # The footer's contact fields, generated beside the pages (generator/rendering.py, CONTACT_FILE). Read here,
    # not in on_config: the preview writes the pages (and this file) after on_config, in on_pre_build.
    contact = Path(config.docs_dir) / ".contact.json"
    config.extra["contact"] = json.loads(contact.read_text(encoding="utf-8")) if contact.is_file() else None
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(_catalog, newstyle=True)
    env.globals["theme_text"] = lookup
    return env


def on_nav(nav, config, files):
    if nav.homepage is not None:
        nav.homepage.title = _text(theme_text.OVERVIEW)
    return nav


# --- Search without diacritics -----------------------------------------------------------------------------


def _search_plugin(config):
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            return plugin
    return None


@event_priority(-50)  # after the search plugin (0) has added the page's entries
def on_page_context(context, page, config, nav):
    """Fold the search entries the page just got: no second pass over the whole index after the build."""
    global _folded
    plugin = _search_plugin(config)
    if plugin is None:
        return context
    entries = plugin.search_index.entries
    start = _folded[1] if _folded[0] is entries else 0
    for doc in entries[start:]:
        fold_entry(doc)
    _folded = (entries, len(entries))
    return context


# --- Every HTML file -----------------------------------------------------------------------------------------


def on_post_page(output, page, config):
    return trim_indentation(output)


def on_post_template(output_content, template_name, config):
    return trim_indentation(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config):
    """A theme text the catalog lacks fails the build (strict mode counts these errors)."""
    assert _catalog is not None
    for message in sorted(_catalog.missing):
        log.error(f"MISSING_TRANSLATION|{_catalog.lang}|{message}")

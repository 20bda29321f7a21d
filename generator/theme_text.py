"""The text the theme shows readers, as catalog messages.

Material keeps its interface text in per-language tables, falls back to English where a table lacks a key
(Vietnamese: "Initializing search"), and says some things in its own register ("Trở lại mục lục" for
"back to top"). The portal's override of partials/language.html asks `theme_text(key)` instead, which
looks the key's English message up in the portal's catalogs, like every other interface text: a missing
translation fails the check as MISSING_TRANSLATION|<lang>|<message>. Keys that are settings rather than
text (the language code, the writing direction, the search tokenizer) stay Material's.

`N_` marks the messages for extraction (babel.cfg, catalogs.extract) without translating them here.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


# Material's keys, as its templates (9.8) use them on the portal's pages, with the English message of each.
THEME_MESSAGES = {
    "action.edit": N_("Edit this page"),
    "action.skip": N_("Skip to content"),
    "action.view": N_("View source of this page"),
    "announce.dismiss": N_("Don't show this again"),
    "clipboard.copy": N_("Copy to clipboard"),
    "clipboard.copied": N_("Copied to clipboard"),
    "footer": N_("Footer"),
    "footer.next": N_("Next"),
    "footer.previous": N_("Previous"),
    "header": N_("Header"),
    "nav": N_("Navigation"),
    "search": N_("Search"),
    "search.placeholder": N_("Search"),
    "search.share": N_("Share"),
    "search.reset": N_("Clear"),
    "search.result.initializer": N_("Initializing search"),
    "search.result.placeholder": N_("Type to start searching"),
    "search.result.none": N_("No matching documents"),
    "search.result.one": N_("1 matching document"),
    "search.result.other": N_("# matching documents"),
    "search.result.more.one": N_("1 more on this page"),
    "search.result.more.other": N_("# more on this page"),
    "search.result.term.missing": N_("Missing"),
    "select.language": N_("Select language"),
    "select.version": N_("Select version"),
    "source": N_("Go to repository"),
    "tabs": N_("Tabs"),
    "toc": N_("Table of contents"),
    "top": N_("Back to top"),
}

# Keys whose values are settings, not text: taken from Material's own table for the language.
THEME_SETTINGS = ("language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator")

# Text the portal sets in the MkDocs configuration of each language (generator/mkdocs_hooks.py).
SITE_NAME = N_("Hai Phong Economic Zone Authority")
SITE_DESCRIPTION = N_(
    "Portal of the Hai Phong Economic Zone Authority: its zones, investment and key figures, with their sources"
)
COPYRIGHT = N_("Hai Phong Economic Zone Authority")
OVERVIEW = N_("Overview")
PERMANENT_LINK = N_("Permanent link")

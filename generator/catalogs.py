"""The interface text: extraction (messages.pot), one catalog per language, compilation, checks.

The page templates, the theme overrides (docs/overrides) and the theme's own strings
(generator/theme_text.py) are written with English message ids; every language has a catalog, English
included, so a message missing from any is reported as MISSING_TRANSLATION|<lang>|<msgid> instead of
silently showing the id. Compiled catalogs (.mo) are build files: they go to the cache folder, never into
translations/.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import PoFileError, read_po, write_po

from generator.loading import DataError
from generator.models import printable
from generator.site import LANGUAGES, ROOT, TEMPLATES, TRANSLATIONS, cache_dir

OVERRIDES = ROOT / "docs" / "overrides"
THEME_TEXT = Path(__file__).resolve().parent / "theme_text.py"
DOMAIN = "messages"
# A %-format specifier as Python's % operator reads it (Jinja's gettext formats every message with it):
# "%%", or "%" with an optional (name), flags, width, precision and a conversion. Anything else after a
# "%" is a stray "%" that breaks the message at build time.
_SPECIFIER = re.compile(r"%(?:%|(\(\w+\))?[-#0 +]*(?:\d+)?(?:\.\d+)?([diouxXeEfFgGcrsa]))")
# One line of a .po file: blank, a comment, a keyword with its quoted string, or a continued string.
_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_PO_STRING}|{_PO_STRING})?\s*$"
)


def po_path(lang: str, root: Path = TRANSLATIONS) -> Path:
    return root / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_root() -> Path:
    """Where the build compiles the project's catalogs to (and the theme hooks read them from)."""
    return cache_dir() / "mo"


def mo_path(lang: str, compiled: Path) -> Path:
    return compiled / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _location(path: Path) -> str:
    """A message's file as the .pot records it: relative to the repository, whatever the working folder."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def extract(templates: Path = TEMPLATES) -> Catalog:
    """The messages the templates, the theme overrides and theme_text.py use, as pybabel extract would find
    them (see babel.cfg)."""
    catalog = Catalog(project="HEZA portal", charset="utf-8", fuzzy=False)
    jinja = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    for folder, pattern in ((templates, "**.j2"), (OVERRIDES, "**.html")):
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map=[(pattern, "jinja2")], options_map={pattern: jinja}
        ):
            catalog.add(
                message, None, [(_location(folder / filename), lineno)], auto_comments=comments, context=context
            )
    for lineno, message, comments, context in extract_from_file("python", str(THEME_TEXT), keywords={"N_": None}):
        catalog.add(message, None, [(_location(THEME_TEXT), lineno)], auto_comments=comments, context=context)
    return catalog


def write_pot(root: Path = TRANSLATIONS) -> Path:
    target = root / f"{DOMAIN}.pot"
    buffer = io.BytesIO()
    write_po(buffer, extract(), omit_header=False, width=100, sort_output=True, no_location=False)
    # Drop the creation date so an unchanged extraction leaves the file byte-identical.
    text = re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", buffer.getvalue())
    target.write_bytes(text)
    return target


def update(root: Path = TRANSLATIONS) -> list[Path]:
    """Merge new template messages into each language's catalog, keeping existing translations."""
    template = extract()
    written = []
    for lang in LANGUAGES:
        path = po_path(lang, root)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:  # a newly configured language: its catalog starts empty, every message to be translated
            catalog = Catalog(locale=lang, project="HEZA portal", charset="utf-8", fuzzy=False)
            path.parent.mkdir(parents=True, exist_ok=True)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        # Babel's header placeholders ("FULL NAME <EMAIL@ADDRESS>") mean nothing here; keep the header plain.
        catalog.last_translator = catalog.language_team = "HEZA portal team"
        catalog.msgid_bugs_address = ""
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=100, sort_output=True, ignore_obsolete=True)
        text = re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", buffer.getvalue())
        path.write_bytes(text)
        written.append(path)
    return written


def compile_catalogs(root: Path = TRANSLATIONS, compiled: Path | None = None) -> list[Path]:
    """Compile every .po under root to .mo under compiled (default: mo_root())."""
    compiled = compiled or mo_root()
    written = []
    for lang in LANGUAGES:
        with po_path(lang, root).open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        # Write beside, then rename: a build running at the same time never reads a half-written catalog.
        target = mo_path(lang, compiled)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        os.replace(partial, target)
        written.append(target)
    return written


def specifiers(text: str) -> tuple[list[str], list[int]]:
    """The %-format specifiers of a message, sorted (without "%%"), and the positions of stray "%"s."""
    found, stray, position = [], [], 0
    while (position := text.find("%", position)) != -1:
        match = _SPECIFIER.match(text, position)
        if match is None:
            stray.append(position)
            position += 1
            continue
        if match.group() != "%%":
            found.append(match.group())
        position = match.end()
    return sorted(found), stray


def syntax_problems(path: Path, shown: str) -> list[str]:
    """Lines of a .po file that are not .po syntax (a string missing its closing quote, a stray word): Babel
    reads past them and would ship a cut text ("Địa ch")."""
    problems = []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"{shown}:1: the catalog is not UTF-8 (byte {exc.start + 1})"]
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.match(line):
            reason = "a string is not closed" if line.count('"') % 2 else "not a catalog line"
            problems.append(f"{shown}:{number}: {reason}: {printable(line.strip(), limit=80)}")
    return problems


def check(root: Path = TRANSLATIONS, templates: Path = TEMPLATES) -> list[str]:
    """Every template message translated in every language, with the same placeholders."""
    problems = []
    used = {message.id: message for message in extract(templates) if message.id}
    for lang in LANGUAGES:
        path = po_path(lang, root)
        shown = _relative(path)
        if not path.exists():
            problems.append(f"{shown}:1: the catalog is missing (run: python -m generator i18n update)")
            continue
        broken = syntax_problems(path, shown)
        if broken:
            problems.extend(broken)
            continue
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang, abort_invalid=True)
        except (PoFileError, ValueError, UnicodeDecodeError) as exc:
            problems.append(f"{shown}:1: the catalog cannot be read: {exc}")
            continue
        for msgid, used_message in used.items():
            message = catalog.get(msgid)
            where = used_message.locations[0] if used_message.locations else ("?", 0)
            if message is None:
                problems.append(
                    f"{shown}:1: MISSING_TRANSLATION|{lang}|{msgid} (used at {where[0]}:{where[1]}; "
                    "run: python -m generator i18n update)"
                )
                continue
            line = message.lineno or 1
            if not message.string or message.fuzzy:
                state = "fuzzy" if message.fuzzy and message.string else "untranslated"
                problems.append(f"{shown}:{line}: MISSING_TRANSLATION|{lang}|{msgid} ({state})")
                continue
            (expected, _), (found, stray) = specifiers(str(msgid)), specifiers(str(message.string))
            if stray:
                problems.append(
                    f"{shown}:{line}: a stray % in the {lang} text for {msgid!r} (write %% for a percent sign)"
                )
            elif expected != found:
                problems.append(
                    f"{shown}:{line}: placeholders differ in {lang} for {msgid!r}: expected {expected}, found {found}"
                )
    return problems


def fail_on_missing(strict: dict[str, StrictTranslations]) -> None:
    """Raise DataError naming every interface text a catalog lacked while rendering (pages or downloads)."""
    missing = [f"MISSING_TRANSLATION|{lang}|{message}" for lang in strict for message in sorted(strict[lang].missing)]
    if missing:
        raise DataError(missing)


class StrictTranslations:
    """gettext for Jinja2 that records, instead of hiding, any message the catalog lacks."""

    def __init__(self, lang: str, messages: dict[str, str]):
        self.lang = lang
        self.messages = messages
        self.missing: set[str] = set()

    @classmethod
    def from_mo(cls, lang: str, compiled: Path | None = None) -> StrictTranslations:
        with mo_path(lang, compiled or mo_root()).open("rb") as handle:
            catalog = read_mo(handle)
        return cls(
            lang,
            {
                m.id: m.string
                for m in catalog
                if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string
            },
        )

    def gettext(self, message: str) -> str:
        translated = self.messages.get(message)
        if not translated:
            self.missing.add(message)
            return message
        return translated

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)

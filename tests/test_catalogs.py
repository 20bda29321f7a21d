"""Interface text: every template message translated in both catalogs, with the same placeholders."""


import pytest
from conftest import ROOT

from generator import catalogs
from generator.catalogs import StrictTranslations


def _replace_msgstr(path, msgid, new_msgstr):
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(f'msgid "{msgid}"\nmsgstr "')
    assert rest, f"{msgid} not found in {path}"
    _, _, tail = rest.partition('"\n')
    path.write_text(f'{head}msgid "{msgid}"\nmsgstr "{new_msgstr}"\n{tail}', encoding="utf-8")


def test_shipped_catalogs_are_complete():
    assert catalogs.check() == []


def test_shipped_pot_matches_the_templates(tmp_path):
    written = catalogs.write_pot(tmp_path)
    assert written.read_bytes() == (ROOT / "translations" / "messages.pot").read_bytes(), (
        "translations/messages.pot is stale: run python -m generator i18n update"
    )


def test_an_untranslated_message_is_reported(translations, monkeypatch):
    monkeypatch.chdir(translations.parent)
    _replace_msgstr(translations / "en" / "LC_MESSAGES" / "messages.po", "Key figures", "")
    problems = catalogs.check(translations)
    assert len(problems) == 1
    assert problems[0].startswith("translations/en/LC_MESSAGES/messages.po:")
    assert problems[0].endswith(": MISSING_TRANSLATION|en|Key figures (untranslated)")


def test_a_message_missing_from_a_catalog_is_reported(translations, monkeypatch):
    monkeypatch.chdir(translations.parent)
    path = translations / "vi" / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid "Leadership"\nmsgstr "Lãnh đạo"\n', ""), encoding="utf-8")
    problems = catalogs.check(translations)
    assert len(problems) == 1
    assert problems[0].startswith("translations/vi/LC_MESSAGES/messages.po:1: MISSING_TRANSLATION|vi|Leadership (used at generator/templates/invest.md.j2:")


def test_placeholders_must_match(translations, monkeypatch):
    monkeypatch.chdir(translations.parent)
    _replace_msgstr(translations / "vi" / "LC_MESSAGES" / "messages.po", "as of %(date)s", "tính đến %(ngay)s")
    problems = catalogs.check(translations)
    assert len(problems) == 1
    assert "placeholders differ in vi for 'as of %(date)s': expected ['%(date)s'], found ['%(ngay)s']" in problems[0]


def test_rendering_never_falls_back_silently():
    strict = StrictTranslations("en", {"Key figures": "Key figures"})
    assert strict.gettext("Key figures") == "Key figures"
    assert strict.gettext("Unknown text") == "Unknown text"
    assert strict.missing == {"Unknown text"}


@pytest.mark.parametrize(
    "msgid, used_at",
    [("Back to top", "generator/theme_text.py:"), ("Page not found (404)", "docs/overrides/404.html:")],
)
def test_theme_text_is_checked_like_page_text(translations, monkeypatch, msgid, used_at):
    """Material's strings (theme_text.py) and the overrides' own text are catalog messages too."""
    monkeypatch.chdir(translations.parent)
    path = translations / "vi" / "LC_MESSAGES" / "messages.po"
    _replace_msgstr(path, msgid, "")
    problems = catalogs.check(translations)
    assert len(problems) == 1
    assert problems[0].endswith(f": MISSING_TRANSLATION|vi|{msgid} (untranslated)")
    path.write_text(path.read_text(encoding="utf-8").replace(f'msgid "{msgid}"\nmsgstr ""\n', ""), encoding="utf-8")
    assert f"MISSING_TRANSLATION|vi|{msgid} (used at {used_at}" in catalogs.check(translations)[0]


def test_catalogs_compile_outside_the_repository(tmp_path):
    before = sorted(ROOT.rglob("*.mo"))
    compiled = tmp_path / "compiled"
    written = catalogs.compile_catalogs(compiled=compiled)
    assert sorted(p.relative_to(compiled).as_posix() for p in written) == sorted(
        f"{lang}/LC_MESSAGES/messages.mo" for lang in catalogs.LANGUAGES
    )
    assert StrictTranslations.from_mo("vi", compiled).gettext("Back to top") == "Lên đầu trang"
    assert sorted(ROOT.rglob("*.mo")) == before

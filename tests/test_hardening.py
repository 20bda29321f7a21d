"""Issue 15: output safety, bounded input, check as the whole contract, text as text (the fast cases; the
data cases with an exact report are folders of fixtures/invalid)."""

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal
from html import unescape
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURES, ROOT, SMALL
from pydantic import ValidationError

from generator import building, catalogs, loading, rendering
from generator.cli import environment_problems
from generator.loading import DataError, load_dataset
from generator.opendata import neutralise_cell

ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HEZA_CACHE": os.environ["HEZA_CACHE"]}


def _cli(*args, cwd=ROOT, **env):
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env={**ENV, **env}
    )
    assert "Traceback" not in result.stderr
    return result


# --- Output safety ---------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["data", ".", "docs", "translations", "generator", "docs/overrides", "tests"])
def test_build_refuses_an_output_folder_of_the_project(target):
    before = sorted(p.name for p in (ROOT / "data").iterdir())
    result = _cli("build", "--site", target)
    assert result.returncode == 2
    assert result.stderr.startswith(f"build refused: {target} ")
    assert result.stderr.endswith("; nothing was written.\n")
    assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in (ROOT / "data").iterdir()) == before
    assert not list(ROOT.glob(".build-*"))


def test_build_refuses_a_docs_folder_without_the_assets(tmp_path):
    """--docs names where the build reads the stylesheets and mirrors its pages: the data folder (or any other)
    would get language folders written into it and publish an unstyled site."""
    site_dir = tmp_path / "site"
    result = _cli("build", "--docs", "data", "--site", str(site_dir))
    assert result.returncode == 2
    assert result.stderr == (
        "build refused: data is not a docs folder: it lacks stylesheets/ and assets/, the hand-written assets every"
        " page needs; nothing was written.\n"
    )
    assert not site_dir.exists()
    assert not [p for p in (ROOT / "data").iterdir() if p.is_dir()]


def test_output_problem_names_the_reason(tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert building.output_problem(tmp_path / "repo") == f"{tmp_path / 'repo'} holds a .git folder: it is a repository, not a built site"
    assert building.output_problem(ROOT / "data") == f"{ROOT / 'data'} is the project's folder {ROOT / 'data'}, which the build would replace"
    assert building.output_problem(ROOT) == f"{ROOT} is or holds the repository ({ROOT}), which the build would replace"
    assert building.output_problem(tmp_path / "new-site") is None
    (tmp_path / "old-site").mkdir()
    (tmp_path / "old-site" / "index.html").write_text("x")
    assert building.output_problem(tmp_path / "old-site") is None


def test_a_link_to_the_data_folder_is_refused_too(tmp_path):
    (tmp_path / "out").symlink_to(ROOT / "data")
    assert "is the project's folder" in building.output_problem(tmp_path / "out")


# --- Bounded input ---------------------------------------------------------------------------------


def _data(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    return data


def _problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(data)
    return info.value.lines


def test_a_link_out_of_the_data_folder_is_refused_without_echoing_its_content(tmp_path, monkeypatch):
    data = _data(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET\n")
    (data / "tags.yaml").unlink()
    (data / "tags.yaml").symlink_to(secret)
    monkeypatch.chdir(tmp_path)
    lines = _problems(Path("data"))
    assert "data/tags.yaml:1:1: the file is a link to a place outside the data folder; put the file itself there" in lines
    assert "SECRET" not in "\n".join(lines)


def test_a_link_inside_the_data_folder_is_read(tmp_path):
    data = _data(tmp_path)
    (data / "tags.yaml").rename(data / "tags-real.yaml")
    (data / "tags.yaml").symlink_to(data / "tags-real.yaml")
    assert load_dataset(data).tags


def test_a_folder_a_pipe_and_a_huge_file_are_refused(tmp_path, monkeypatch):
    data = _data(tmp_path)
    (data / "zones.yaml").unlink()
    (data / "zones.yaml").mkdir()
    (data / "tags.yaml").unlink()
    os.mkfifo(data / "tags.yaml")
    with (data / "events.yaml").open("r+b") as handle:
        handle.truncate(loading.MAX_FILE_BYTES + 1)
    monkeypatch.chdir(tmp_path)
    lines = _problems(Path("data"))
    assert "data/zones.yaml:1:1: this is a folder, not a file" in lines
    assert "data/tags.yaml:1:1: this is not a regular file (a pipe, a socket or a device)" in lines
    assert (
        f"data/events.yaml:1:1: the file has {loading.MAX_FILE_BYTES + 1} bytes; a data file may have at most "
        f"{loading.MAX_FILE_BYTES} (24 MiB)"
    ) in lines


def test_problems_stop_at_the_limit_with_a_count_of_the_rest(tmp_path):
    data = _data(tmp_path)
    tags = "tags:\n" + "".join(f"  - id: t{i}\n    name: {{vi: x, en: y, ko: z}}\n    colour: red\n" for i in range(300))
    (data / "tags.yaml").write_text(tags, encoding="utf-8")
    result = _cli("check", "--data", str(data))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == loading.MAX_PROBLEMS + 2
    # 300 unknown keys, and the three tags the events cite, which the file no longer has
    assert lines[-2] == "and 103 more problems (only the first 200 are shown)"
    assert lines[-1] == "303 problems found; nothing was built."


def test_a_large_file_with_50000_errors_reports_the_first_200_and_counts_the_rest(tmp_path):
    """Each bad zone has 5 errors; the first 40 zones' are reported, where they are written, and the rest only
    counted (validated item by item: BENCHMARKS.md, "Checking a large file with many errors")."""
    data = _data(tmp_path)
    bad = "  - id: bad-{i}\n    kind: 7\n    name: 5\n    summary: [x]\n    status: 3\n    colour: red\n"
    zones = (data / "zones.yaml").read_text(encoding="utf-8") + "".join(bad.format(i=i) for i in range(10_000))
    (data / "zones.yaml").write_text(zones, encoding="utf-8")
    first = zones.splitlines().index("  - id: bad-0") + 1  # the line of bad-0
    result = _cli("check", "--data", str(data))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == loading.MAX_PROBLEMS + 2
    assert lines[-2] == f"and {10_000 * 5 - loading.MAX_PROBLEMS} more problems (only the first 200 are shown)"
    assert lines[-1] == "50000 problems found; nothing was built."
    index = len(load_dataset(SMALL).zones)  # the list index of bad-0
    expected = []
    for k in range(loading.MAX_PROBLEMS // 5):
        row = first + 6 * k
        where = f"{data / 'zones.yaml'}:{{}}: zones[{index + k}]"
        expected += [
            where.format(f"{row + 1}:11") + ".kind: expected one of ",
            where.format(f"{row + 2}:11") + ".name: expected a mapping of fields, got 5",
            where.format(f"{row + 3}:14") + ".summary: expected a mapping of fields, got a list",
            where.format(f"{row + 4}:13") + ".status: expected a mapping of fields, got 3",
            where.format(f"{row + 5}:5") + '.colour: unknown field "colour"',
        ]
    assert [line[: len(start)] for line, start in zip(lines, expected, strict=False)] == expected


def test_validation_past_the_limit_only_counts():
    from generator.models import ZonesFile

    value = {"zones": [{"id": f"z{i}", "kind": 7} for i in range(1000)], "extra": 1}
    model, errors, more = loading.validate(ZonesFile, value, limit=10)
    assert model is None
    assert [error["loc"] for error in errors[:5]] == [("zones", 0, "kind"), ("zones", 0, "name"), ("zones", 0, "summary"), ("zones", 0, "status"), ("zones", 1, "kind")]
    assert len(errors) == 10 and more == 1000 * 4 + 1 - 10  # kind, name, summary, status per zone; the extra key
    # An unknown key written before the list: still reported after it, as validating the whole file does.
    small = {"extra": 1, "zones": value["zones"][:2]}
    with pytest.raises(ValidationError) as whole:
        ZonesFile.model_validate(small)
    assert [e["loc"] for e in loading.validate(ZonesFile, small)[1]] == [e["loc"] for e in whole.value.errors()]
    assert [e["loc"] for e in whole.value.errors()][-1] == ("extra",)


def test_nfd_text_is_read_as_nfc(tmp_path):
    data = _data(tmp_path)
    path = data / "tags.yaml"
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    names = [tag.name.vi for tag in load_dataset(data).tags]
    assert names[1] == "Khen thưởng" and all(unicodedata.is_normalized("NFC", n) for n in names)


def test_one_text_has_a_length_limit(tmp_path, monkeypatch):
    data = _data(tmp_path)
    path = data / "tags.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("en: Award", "en: " + "a" * 10_001), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _problems(Path("data")) == [
        "data/tags.yaml:6:33: tags[1].name.en: a text may be at most 10000 characters long, this one has 10001"
    ]


# --- check is the whole contract -------------------------------------------------------------------


def _edit_vi(translations, old, new):
    path = translations / "vi" / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_catalog_string_missing_its_closing_quote_fails_with_its_line(translations, monkeypatch):
    monkeypatch.chdir(translations.parent)
    line = _edit_vi(translations, 'msgstr "Địa chỉ"', 'msgstr "Địa chỉ')
    assert catalogs.check(translations) == [
        f'translations/vi/LC_MESSAGES/messages.po:{line}: a string is not closed: "msgstr \\"Địa chỉ"'
    ]


@pytest.mark.parametrize(
    ("msgstr", "problem"),
    [
        ("tính đến %(date)d", "placeholders differ in vi for 'as of %(date)s': expected ['%(date)s'], found ['%(date)d']"),
        ("tính đến 100% %(date)s", "a stray % in the vi text for 'as of %(date)s' (write %% for a percent sign)"),
    ],
)
def test_format_specifiers_must_match_the_msgid(translations, monkeypatch, msgstr, problem):
    monkeypatch.chdir(translations.parent)
    line = _edit_vi(translations, 'msgid "as of %(date)s"\nmsgstr "tính đến %(date)s"', f'msgid "as of %(date)s"\nmsgstr "{msgstr}"')
    assert catalogs.check(translations) == [f"translations/vi/LC_MESSAGES/messages.po:{line}: {problem}"]


def test_a_template_syntax_error_fails_the_check(tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(rendering.TEMPLATES, templates)
    (templates / "timeline.md.j2").write_text("# {{ _('Timeline') }\n{% for e in events %}\n", encoding="utf-8")
    monkeypatch.setattr(rendering, "TEMPLATES", templates)
    problems = rendering.check_templates()
    assert len(problems) == 1
    assert problems[0].startswith(f"{templates / 'timeline.md.j2'}:1: template syntax error: ")


def test_the_shipped_templates_compile():
    assert rendering.check_templates() == []


def test_zone_ids_reserved_by_the_site_come_from_the_page_list():
    from generator.models import RESERVED_ZONE_IDS
    from generator.site import NAV_PAGES

    assert "zones/index.md" in NAV_PAGES
    assert {"index"} == RESERVED_ZONE_IDS


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SOURCE_DATE_EPOCH", "yesterday", 'SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 up to 4102444800 (2100), got "yesterday"'),
        ("SOURCE_DATE_EPOCH", "99999999999", 'SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 up to 4102444800 (2100), got "99999999999"'),
        ("HEZA_PDF_WORKERS", "two", 'HEZA_PDF_WORKERS must be a whole number of processes from 1 to 256, got "two"'),
        ("HEZA_PDF_WORKERS", "0", 'HEZA_PDF_WORKERS must be a whole number of processes from 1 to 256, got "0"'),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_2(name, value, message):
    assert environment_problems({name: value}) == [message]
    result = _cli("check", **{name: value})
    assert (result.returncode, result.stderr) == (2, message + "\n")


# --- Text is text ------------------------------------------------------------------------------------

MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc", "footnotes", "abbr", "def_list"]


@pytest.mark.parametrize(
    "text",
    [
        '!!! danger "Hacked"',
        "??? note",
        "Title {: .admonition #x }",
        "see[^1]\n\n[^1]: note",
        "*[HEZA]: Hacked",
        "=== heading",
        ": definition",
        "~~~",
        "<div markdown>**x**</div>",
        "[x](javascript:alert(1))",
    ],
)
def test_data_text_never_becomes_markdown_structure(text):
    escaped = rendering.md_escape(text)
    html = markdown.markdown(f"Intro\n\n{escaped}\n", extensions=MARKDOWN_EXTENSIONS)
    match = re.fullmatch(r"<p>Intro</p>\n<p>(.*)</p>", html)
    assert match, html  # one paragraph of text: no admonition, heading, footnote, list, attribute or HTML
    assert "<" not in match.group(1)
    assert unescape(match.group(1)) == " ".join(text.split())


def test_markdown_escapes_are_exact():
    assert rendering.md_escape('!!! danger "x"') == '&#33;!! danger "x"'
    assert rendering.md_escape("{: .x}") == "\\{: .x\\}"
    assert rendering.md_escape("-5 ha") == "\\-5 ha"


@pytest.mark.parametrize("url", ["https://example.org/a_b*c*/d|e?x=1&y=(2)", 'https://example.org/"quoted"'])
def test_a_source_address_is_a_link_whose_href_is_the_data(url):
    from html.parser import HTMLParser

    html = markdown.markdown(f"| a | b |\n| --- | --- |\n| x | {rendering.md_url(url)} |\n", extensions=MARKDOWN_EXTENSIONS)
    links = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                links.append(dict(attrs)["href"])

        def handle_data(self, data):
            if links and len(links) == 1 and data.strip():
                links.append(data)

    Links().feed(html)
    assert links == [url, url]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("Hải Phòng", "Hải Phòng")],
)
def test_csv_cells_that_start_a_formula_are_neutralised(cell, shown):
    assert neutralise_cell(cell) == shown


def test_negative_numbers_in_numeric_columns_stay_numbers():
    from generator.models import Dataset
    from generator.opendata import figures_csv

    data = load_dataset(SMALL)
    figure = data.figures[0].model_copy(update={"value": Decimal("-0.5"), "label": data.figures[0].label.model_copy(update={"en": "=1+1"})})
    changed = Dataset(**{**data.__dict__, "figures": [figure, *data.figures[1:]]})
    changed.__dict__.pop("_indexes", None)
    row = figures_csv(changed, "en").decode("utf-8-sig").splitlines()[1]
    assert ",'=1+1,-0.5," in row


def test_chart_labels_are_text_not_math():
    from generator import charts

    charts._pyplot_free_matplotlib()
    from matplotlib import rcParams

    assert rcParams["text.parse_math"] is False
    data = load_dataset(FIXTURES / "small")
    figure = data.figures[3]
    label = figure.label.model_copy(update={"en": r"US$1 billion to US$5 billion $\foo$"})
    svg = charts._render_svg(
        "sectors-2023", "usd_billion",
        [charts.Point(label.en, Decimal(4), "US$4 billion", figure)], "en", "Title", "Bar chart.", {"actual": "actual"},
    )
    assert r"US$1 billion to US$5 billion $\foo$" in svg

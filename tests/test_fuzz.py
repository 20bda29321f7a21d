"""Random and mutated YAML fed to the loader.

The property: load_dataset either returns a Dataset that passes the cross-file checks, or raises DataError
whose every line is a problem in the documented form `FILE:LINE:COLUMN: [path.to.field: ]message` (FILE one
of the data files, LINE and COLUMN inside that file), sorted; it never raises anything else (any other
exception propagates and fails the test).
"""

import json
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import SMALL, copy_docs_assets
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from pydantic import ValidationError

from generator import loading
from generator.loading import DataError, display_name_for, load_dataset
from generator.models import FILE_MODELS, Dataset, cross_check

pytestmark = pytest.mark.build  # a few seconds: hundreds of loads

FILES = sorted(p.name for p in SMALL.glob("*.yaml"))
# Failing examples are replayed from the system's temporary folder, not from .hypothesis/ in the repository.
EXAMPLES = DirectoryBasedExampleDatabase(Path(tempfile.gettempdir()) / "heza-tests-hypothesis")
yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.sampled_from(["2023-02-30", "-1", "~", "[", "{", ":", "- x", "&a", "*a", "!!python/object", "\t", "'", '"', "|", ">"]),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One writable copy of the small fixture; each example changes one file and puts it back."""
    target = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(SMALL, target, dirs_exist_ok=True)
    return target


def _load_with(folder: Path, file: str, content: bytes) -> Dataset | DataError:
    """Load the fixture with `file` replaced by `content`. Only DataError is caught: anything else fails."""
    original = (SMALL / file).read_bytes()
    (folder / file).write_bytes(content)
    try:
        return load_dataset(folder)
    except DataError as exc:
        return exc
    finally:
        (folder / file).write_bytes(original)


def _check_problems(folder: Path, error: DataError, replaced: str, content: bytes) -> None:
    assert error.lines, "a DataError must carry at least one problem"
    names = {display_name_for(folder / name): name for name in FILE_MODELS}
    form = re.compile("^(" + "|".join(map(re.escape, names)) + r"):(\d+):(\d+): (\S.*)$")
    keys = []
    for line in error.lines:
        match = form.match(line)
        assert match, f"not FILE:LINE:COLUMN: message: {line!r}"
        shown, row, col = match.group(1), int(match.group(2)), int(match.group(3))
        name = names[shown]
        text = content if name == replaced else (SMALL / name).read_bytes()
        assert 1 <= row <= text.count(b"\n") + 2 and col >= 1, f"{line!r} points outside {name}"
        keys.append((shown, row, col))
    assert keys == sorted(keys), "problems are sorted by file, line and column"
    # A problem is in the changed file, unless the change removed something other files refer to (a source,
    # a zone, a tag): then those references are the problems, in the files that hold them.
    elsewhere = [line for line, key in zip(error.lines, keys, strict=True) if names[key[0]] != replaced]
    if len(elsewhere) == len(keys):
        assert all(": unknown " in line for line in elsewhere), f"no problem in {replaced}, the only file changed: {error.lines}"


def _check_dataset(data: Dataset) -> None:
    assert type(data) is Dataset
    assert data.authority is not None and data.sources and data.zones
    assert list(cross_check(data, frozenset())) == [], "a returned dataset passes the cross-file checks"


def _mutated(file: str, data) -> bytes:
    """The fixture's file with one line replaced, deleted, doubled, inserted, cut short, or one byte changed."""
    lines = (SMALL / file).read_text(encoding="utf-8").splitlines()
    kind = data.draw(st.sampled_from(["replace-value", "delete-line", "duplicate-line", "insert-text", "truncate", "bytes"]))
    index = data.draw(st.integers(0, len(lines) - 1))
    if kind == "replace-value" and ":" in lines[index]:
        key, _, _ = lines[index].partition(":")
        lines[index] = f"{key}: {data.draw(yaml_scalars)!s}"
    elif kind == "delete-line":
        del lines[index]
    elif kind == "duplicate-line":
        lines.insert(index, lines[index])
    elif kind == "insert-text":
        lines.insert(index, data.draw(st.text(max_size=30)))
    elif kind == "truncate":
        lines = lines[:index]
    content = "\n".join(lines).encode("utf-8")
    if kind == "bytes":
        raw = bytearray(content)
        position = data.draw(st.integers(0, max(0, len(raw) - 1)))
        raw[position:position + 1] = bytes([data.draw(st.integers(0, 255))])
        content = bytes(raw)
    return content


@settings(max_examples=150, deadline=None, database=EXAMPLES)
@given(file=st.sampled_from(FILES), data=st.data())
def test_mutated_yaml_gives_located_problems_or_a_checked_dataset(folder, file, data):
    original = (SMALL / file).read_text(encoding="utf-8")
    content = _mutated(file, data)
    outcome = _load_with(folder, file, content)
    if isinstance(outcome, DataError):
        _check_problems(folder, outcome, file, content)
        # The text we wrote is the fixture's (bar the final newline): it cannot have problems.
        assert content.rstrip(b"\n") != original.encode("utf-8").rstrip(b"\n"), outcome.lines
    else:
        _check_dataset(outcome)


def _paths(value, path=()):
    yield path
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for part, child in children:
        yield from _paths(child, (*path, part))


@settings(max_examples=150, deadline=None, database=EXAMPLES)
@given(file=st.sampled_from(FILES), data=st.data())
def test_the_shortcuts_of_a_large_file_give_what_the_whole_file_gives(file, data):
    """What keeps a file with many errors cheap changes no report: validating item by item gives the errors of
    validating the whole file, in its order, cut at the limit with the rest counted; the marks found from the
    parser's events are those of the composed node tree."""
    try:
        text = _mutated(file, data).decode("utf-8")
        value = loading._Located(file, text).stream()
    except (UnicodeDecodeError, loading._Unusual):
        return  # syntax errors, anchors and duplicate keys go the node tree's way only
    if value is loading._EMPTY:
        return
    model_class = FILE_MODELS[file]
    try:
        whole, expected = model_class.model_validate(value), []
    except ValidationError as exc:
        whole, expected = None, [(e["loc"], e["type"], e["msg"]) for e in exc.errors(include_url=False)]
    limit = data.draw(st.integers(1, max(1, len(expected) + 1)))
    model, errors, more = loading.validate(model_class, value, limit)
    assert model == whole
    assert [(e["loc"], e["type"], e["msg"]) for e in errors] == expected[:limit]
    assert more == max(0, len(expected) - limit)
    paths = [loading._clean_loc(loc) for loc, _, _ in expected] + list(_paths(value))
    paths += [(*path, "absent") for path in data.draw(st.lists(st.sampled_from(paths), max_size=5))]
    requests = [(path, data.draw(st.booleans())) for path in paths]
    composed = loading._Located(file, text)
    composed.convert(yaml.compose(text, Loader=yaml.CSafeLoader))
    assert loading._Located(file, text).marks(requests) == composed.marks(requests)


@settings(max_examples=100, deadline=None, database=EXAMPLES)
@given(file=st.sampled_from(FILES), raw=st.binary(max_size=200))
def test_random_bytes_give_located_problems(folder, file, raw):
    outcome = _load_with(folder, file, raw)
    assert isinstance(outcome, DataError), f"{raw!r} loaded as {file}"
    _check_problems(folder, outcome, file, raw)


def test_a_control_character_is_one_located_problem(folder):
    """Found by the fuzz tests above: a control character, which YAML's reader rejects before parsing."""
    text = (SMALL / "tags.yaml").read_bytes()
    second = text.index(b"\n") + 1
    content = text[:second + 4] + b"\x1f" + text[second + 4:]  # line 2, column 5
    outcome = _load_with(folder, "tags.yaml", content)
    assert isinstance(outcome, DataError)
    _check_problems(folder, outcome, "tags.yaml", content)
    assert [line.split(": ", 1)[0] for line in outcome.lines] == [f"{display_name_for(folder / 'tags.yaml')}:2:5"]


def test_the_unchanged_fixture_loads(folder):
    """The baseline the mutations start from: without a change, a dataset and no problem."""
    _check_dataset(_load_with(folder, FILES[0], (SMALL / FILES[0]).read_bytes()))


@settings(max_examples=4, deadline=None, database=EXAMPLES)
@given(file=st.sampled_from(FILES), data=st.data())
def test_mutated_data_that_the_check_accepts_generates_without_a_traceback(folder, tmp_path_factory, file, data):
    """check is the whole contract: whatever it accepts, the generator turns into pages and downloads (CSV,
    JSON, feeds, charts, PDFs) without any exception. (MkDocs runs on these pages in the build tests.)"""
    from generator import building, downloads

    lines = (SMALL / file).read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    if ":" in lines[index]:
        key, _, _ = lines[index].partition(":")
        lines[index] = f"{key}: {data.draw(yaml_scalars)!s}"
    (folder / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        try:
            dataset = building.check(folder)
        except DataError:
            return
        strict = building.load_catalogs(compiled=tmp_path_factory.mktemp("mo"))
        building.generate(dataset, strict)
        downloads.write_downloads(dataset, tmp_path_factory.mktemp("docs"), strict)
    finally:
        (folder / file).write_bytes((SMALL / file).read_bytes())


# Values the loader accepts where the fixture has a text, a number or a date: what staff type in every day,
# with the characters that mean something to Markdown, HTML, Jinja, gettext, CSV and LaTeX.
SPECIAL_TEXTS = [
    '!!! danger "x"', "<script>alert(1)</script>", "*[HEZA]: x", "a | b", "{: .x}", "[x](javascript:alert(1))",
    "# heading", "- item", "1. item", "&amp; &lt;", "`code`", r"$\frac{1}{2}$", "%(date)s 100%", "{{ x }} {% if %}",
    "=1+1", "\\", "---", "___", "Hải Phòng ✓", "\u200b", "  spaces  ",
]
ACCEPTED = {
    "text": (re.compile(r"^(\s+(?:vi|en|ko): )\S.*$"), st.lists(st.sampled_from(SPECIAL_TEXTS), min_size=1, max_size=3).map(" ".join).map(json.dumps)),
    "number": (re.compile(r"^(\s+value: )\d[\d.]*$"), st.decimals(min_value="0.01", max_value="1000000", places=2).map(str)),
    "date": (re.compile(r'^(\s+(?:as_of|date): )"[\d-]+"$'), st.dates(date(2000, 1, 1), date(2025, 6, 15)).map(lambda d: f'"{d.isoformat()}"')),
}


@pytest.fixture(scope="module")
def site_folders(tmp_path_factory) -> tuple[Path, Path]:
    """One site and one docs folder for every example: each build replaces the last (the PDF cache of the test
    session is shared, so only the sheets a change touches are rendered again)."""
    base = tmp_path_factory.mktemp("fuzz-build")
    return base / "site", copy_docs_assets(base / "docs")


@settings(max_examples=3, deadline=None, database=EXAMPLES)
@given(kind=st.sampled_from(sorted(ACCEPTED)), data=st.data())
def test_mutated_data_that_the_check_accepts_builds_without_a_traceback(folder, site_folders, kind, data):
    """check is the whole contract: the whole build (pages, downloads, PDFs, MkDocs in every language) of data
    it accepts succeeds; it may only end in the problems of DataError (a date the timeline does not allow).
    Any other exception, a failed MkDocs run (BuildError) included, fails the test."""
    from generator.building import build

    pattern, values = ACCEPTED[kind]
    places = [(file, i) for file in FILES for i, line in enumerate((SMALL / file).read_text(encoding="utf-8").splitlines()) if pattern.match(line)]
    file, index = data.draw(st.sampled_from(places))
    lines = (SMALL / file).read_text(encoding="utf-8").splitlines()
    lines[index] = pattern.match(lines[index]).group(1) + data.draw(values)
    (folder / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    site, docs = site_folders
    try:
        build(folder, site, docs_dir=docs, report=None)
    except DataError as exc:
        assert kind != "text", f"a text was refused: {lines[index]!r}: {exc.lines}"
        _check_problems(folder, exc, file, (folder / file).read_bytes())
    else:
        assert (site / "index.html").is_file()
    finally:
        (folder / file).write_bytes((SMALL / file).read_bytes())

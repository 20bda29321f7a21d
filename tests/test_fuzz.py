"""Random and mutated YAML fed to the loader.

The property: load_dataset either returns a Dataset that passes the cross-file checks, or raises DataError
whose every line is a problem in the documented form `FILE:LINE:COLUMN: [path.to.field: ]message` (FILE one
of the data files, LINE and COLUMN inside that file), sorted; it never raises anything else (any other
exception propagates and fails the test).
"""

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import SMALL
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

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


@settings(max_examples=150, deadline=None, database=EXAMPLES)
@given(file=st.sampled_from(FILES), data=st.data())
def test_mutated_yaml_gives_located_problems_or_a_checked_dataset(folder, file, data):
    original = (SMALL / file).read_text(encoding="utf-8")
    lines = original.splitlines()
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
    outcome = _load_with(folder, file, content)
    if isinstance(outcome, DataError):
        _check_problems(folder, outcome, file, content)
        # The text we wrote is the fixture's (bar the final newline): it cannot have problems.
        assert content.rstrip(b"\n") != original.encode("utf-8").rstrip(b"\n"), outcome.lines
    else:
        _check_dataset(outcome)


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


@settings(max_examples=6, deadline=None, database=EXAMPLES)
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

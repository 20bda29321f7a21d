"""Random and mutated YAML fed to the loader: always a clean list of problems or a valid dataset, never a crash."""

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SMALL
from generator.loading import DataError, load_dataset
from generator.models import Dataset

FILES = sorted(p.name for p in SMALL.glob("*.yaml"))
yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.sampled_from(["2023-02-30", "-1", "~", "[", "{", ":", "- x", "&a", "*a", "!!python/object", "\t", "'", '"', "|", ">"]),
)


def _load(folder: Path):
    try:
        return load_dataset(folder)
    except DataError as exc:
        assert exc.lines, "a DataError must carry at least one problem"
        for line in exc.lines:
            assert line.count(":") >= 3, line  # file:line:col: message
        return None


def _fresh(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(SMALL, folder, dirs_exist_ok=True)
    return folder


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(FILES), data=st.data())
def test_mutated_yaml_gives_problems_or_a_dataset(tmp_path_factory, file, data):
    folder = _fresh(tmp_path_factory)
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
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
    text = "\n".join(lines)
    if kind == "bytes":
        raw = bytearray(text.encode("utf-8"))
        position = data.draw(st.integers(0, max(0, len(raw) - 1)))
        raw[position:position + 1] = bytes([data.draw(st.integers(0, 255))])
        (folder / file).write_bytes(bytes(raw))
    else:
        (folder / file).write_text(text, encoding="utf-8")
    result = _load(folder)
    assert result is None or isinstance(result, Dataset)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(FILES), raw=st.binary(max_size=200))
def test_random_bytes_give_problems(tmp_path_factory, file, raw):
    folder = _fresh(tmp_path_factory)
    (folder / file).write_bytes(raw)
    assert _load(folder) is None

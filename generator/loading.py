"""Reading data/*.yaml into the models, collecting every problem with the file, line and column it sits at.

PyYAML's composer gives a node tree with marks; we turn it into plain Python ourselves so that each
value's path (e.g. ("zones", 2, "area")) maps back to where it was written.
"""

from __future__ import annotations

import difflib
import functools
import gc
import stat
import typing
import unicodedata
from collections.abc import Mapping
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

import yaml
from babel import Locale
from pydantic import BaseModel, ValidationError

from generator.models import FILE_MODELS, MAX_ID_LENGTH, Dataset, cross_check, forbidden_character, printable
from generator.site import LANGUAGES

_YamlLoader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # libyaml is 15x faster and still gives marks; fall back if the wheel lacks it.
    _YamlLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YamlLoader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

# Limits on what the data may hold (README, "Limits"): far above the real data and the 2,000-zone benchmark,
# low enough that a broken or hostile file is refused in well under a second and a few hundred MB.
MAX_FILE_BYTES = 24 * 1024 * 1024  # the 2,000-zone benchmark's zones.yaml is 12 MB, the real data's 40 kB
MAX_DEPTH = 40  # the real data nests 6 levels deep
MAX_ALIAS_VALUES = 10_000  # values that YAML aliases may add by repeating an anchor (a "billion laughs" stops here)
MAX_PROBLEMS = 200  # problems reported in one run; the rest are counted ("and 12 more problems")


class DataError(Exception):
    """The data has problems; each is already formatted as file:line:col: path: message."""

    def __init__(self, lines: list[str], more: int = 0):
        super().__init__(f"{len(lines) + more} problem(s) in the data")
        self.lines = lines
        self.more = more  # problems found but not reported (beyond MAX_PROBLEMS)

    def __reduce__(self):  # comes back whole from a forked generator (generator/building.py)
        return (DataError, (self.lines, self.more))

    def shown(self) -> list[str]:
        """The reported lines, and a last one counting those left out, as the command line and the preview print."""
        if not self.more:
            return list(self.lines)
        plural = "s" if self.more != 1 else ""
        return [*self.lines, f"and {self.more} more problem{plural} (only the first {len(self.lines)} are shown)"]


class _Unusual(Exception):
    """Something the event-stream reader leaves to the node tree: a syntax error, an anchor or alias, a
    duplicate or non-text key, more than one document."""


class _Found(Exception):
    """Every mark looked for is found: the rest of the file need not be read."""


_EMPTY = object()


class _Located:
    """One YAML file turned into Python values; marks are looked up in its node tree when a problem needs one.

    (Recording the mark of every value while converting cost as much as the conversion itself on a 12 MB
    file; most builds report no problem.)"""

    def __init__(self, display_name: str, text: str = ""):
        self.display_name = display_name
        self.text = text
        self.root: yaml.Node | None = None
        self.value = None  # the file as plain Python, once parsed
        self.unreported = 0  # problems found beyond MAX_PROBLEMS
        self.problems: list[tuple[Path_, tuple[int, int], str]] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def stream(self):
        """The file's value built straight from the parser's events, without a node tree (a 12 MB file's tree
        takes 215 MB); raises _Unusual for anything the tree path must handle (errors, anchors, odd keys,
        several documents). Returns _EMPTY when the file holds no document."""
        loader = _YamlLoader(self.text)
        try:
            loader.get_event()  # stream start
            if loader.check_event(yaml.StreamEndEvent):
                return _EMPTY
            loader.get_event()  # document start
            value = self._stream_value(loader, loader.get_event(), 0)
            loader.get_event()  # document end
            if not loader.check_event(yaml.StreamEndEvent):
                raise _Unusual  # a second document: compose reports it
            return value
        except yaml.YAMLError:
            raise _Unusual from None
        finally:
            loader.dispose()

    def _stream_value(self, loader, event, depth: int):
        if getattr(event, "anchor", None) is not None or isinstance(event, yaml.AliasEvent) or depth > MAX_DEPTH:
            raise _Unusual
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            return self._scalar_value(tag, event.value)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not loader.check_event(yaml.SequenceEndEvent):
                items.append(self._stream_value(loader, loader.get_event(), depth + 1))
            loader.get_event()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            result = {}
            while not loader.check_event(yaml.MappingEndEvent):
                key_event = loader.get_event()
                if (
                    not isinstance(key_event, yaml.ScalarEvent)
                    or key_event.anchor is not None
                    or key_event.value in result
                ):
                    raise _Unusual
                result[key_event.value] = self._stream_value(loader, loader.get_event(), depth + 1)
            loader.get_event()
            return result
        raise _Unusual

    def convert(self, node: yaml.Node, path: Path_ = ()):
        """The node tree's value as plain Python, for the files stream() leaves to it; problems (duplicate or
        non-text keys) are collected with their paths."""
        if not path:
            self.root = node
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append((path, _mark(key_node), "a key must be a plain name"))
                    continue
                key = key_node.value
                if key in result:
                    self.problems.append(((*path, key), _mark(key_node), f"duplicate key {printable(key)}"))
                    continue
                result[key] = self.convert(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._scalar(cast(yaml.ScalarNode, node))

    def _walk(self, path: Path_) -> tuple[list[yaml.Node], yaml.Node | None]:
        """The nodes along path as far as it goes in the composed file (the first of duplicate keys, as convert
        keeps), and the key node of its last step when that step is a mapping key."""
        nodes, key_node = [self.root] if self.root is not None else [], None
        for part in path:
            node, key_node, child = nodes[-1], None, None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        key_node, child = k, v
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
            if child is None:
                return nodes, None
            nodes.append(child)
        return nodes, key_node

    def marks(self, requests: list[tuple[Path_, bool]]) -> list[tuple[int, int]]:
        """Where each (path, of_key) is written: the mapping key that ends path when of_key and the whole path
        is in the file, else the value at path (or at the deepest part of it present in the file)."""
        if self.root is not None:  # the file was composed (anchors, duplicate keys): walk its tree
            found = []
            for path, of_key in requests:
                nodes, key_node = self._walk(path)
                if of_key and key_node is not None and len(nodes) == len(path) + 1:
                    found.append(_mark(key_node))
                else:
                    found.append(_mark(nodes[-1]) if nodes else (1, 1))
            return found
        values, keys = self._event_marks({path for path, _ in requests})
        found = []
        for path, of_key in requests:
            if of_key and path in keys:
                found.append(keys[path])
                continue
            present = next((path[:i] for i in range(len(path), -1, -1) if path[:i] in values), None)
            found.append(values[present] if present is not None else (1, 1))
        return found

    def _event_marks(self, paths: set[Path_]) -> tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]]:
        """The marks of the values (and keys) at paths and at every part of them present in the file, from one
        pass over the parser's events that ends as soon as each is found or known absent. (A node tree of a
        20 MB file takes 5 s and a GB; the problems reported mostly sit near its top.) Only for the files
        stream() read: no anchors, aliases, duplicate or non-text keys."""
        wanted: dict[Path_, set[str | int]] = {}  # path -> the parts under it to look for
        under: dict[Path_, int] = {}  # path -> how many of the wanted paths start with it, itself included
        for prefix in {path[:i] for path in paths for i in range(len(path) + 1)}:
            wanted.setdefault(prefix, set())
            if prefix:
                wanted.setdefault(prefix[:-1], set()).add(prefix[-1])
            for i in range(len(prefix) + 1):
                under[prefix[:i]] = under.get(prefix[:i], 0) + 1
        values: dict[Path_, tuple[int, int]] = {}
        keys: dict[Path_, tuple[int, int]] = {}
        unsettled = len(wanted)
        loader = _YamlLoader(self.text)

        def skip(event) -> None:
            depth = 1 if isinstance(event, yaml.CollectionStartEvent) else 0
            while depth:
                event = loader.get_event()
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1

        def visit(event, path: Path_) -> None:
            nonlocal unsettled
            values[path] = _mark(event)
            unsettled -= 1
            missing = set(wanted[path])
            if isinstance(event, yaml.CollectionStartEvent):
                index = 0
                # Not CollectionEndEvent: libyaml's check_event matches the exact class.
                while missing and not loader.check_event(yaml.SequenceEndEvent, yaml.MappingEndEvent):
                    key_event, part = None, cast(str | int | None, index)
                    if isinstance(event, yaml.MappingStartEvent):
                        key_event = loader.get_event()
                        part = key_event.value if isinstance(key_event, yaml.ScalarEvent) else None
                        if part is None:
                            skip(key_event)
                    index += 1
                    child_event = loader.get_event()
                    if part in missing:
                        missing.discard(part)
                        if key_event is not None:
                            keys[(*path, part)] = _mark(key_event)
                        visit(child_event, (*path, part))
                    else:
                        skip(child_event)
                # What is still missing is not in the file, nor anything under it.
                unsettled -= sum(under[(*path, part)] for part in missing)
            if unsettled == 0:
                raise _Found
            if isinstance(event, yaml.CollectionStartEvent):  # the rest of it holds nothing wanted
                skip(event)

        try:
            loader.get_event()  # stream start
            if not loader.check_event(yaml.StreamEndEvent):
                loader.get_event()  # document start
                visit(loader.get_event(), ())
        except (_Found, yaml.YAMLError):
            pass
        finally:
            loader.dispose()
        return values, keys

    def _scalar(self, node: yaml.ScalarNode):
        return self._scalar_value(node.tag, node.value, node)

    def _scalar_value(self, tag: str, text: str, node: yaml.ScalarNode | None = None):
        kind = tag.rsplit(":", 1)[-1]
        if kind == "str":
            # One spelling of each letter (NFC): text typed with combining accents matches text typed without.
            return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
        if kind == "float":
            # Keep the digits as written: "3.50" must stay two decimals.
            try:
                return Decimal(text.replace("_", ""))
            except InvalidOperation:
                return text
        if kind in ("int", "bool", "null"):
            return self._constructor.construct_object(node or yaml.ScalarNode(tag, text))
        # Timestamps stay text: the models parse dates at the precision they are written.
        return unicodedata.normalize("NFC", text)


@contextmanager
def _collector_paused():
    """Composing a large file makes a million small objects with no reference cycles among them; Python's
    cyclic collector would walk the growing node tree again and again (5x the parse time of a 12 MB file,
    see BENCHMARKS.md). Nothing made here needs it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _mark(node: Any) -> tuple[int, int]:  # a node or an event
    return node.start_mark.line + 1, node.start_mark.column + 1


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        # A key is echoed as the file has it, cut short and with control characters escaped.
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = printable(str(part), quoted=False)
            out += f".{name}" if out else name
    return out


def _shown(value) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return printable(str(value), quoted=False)
    return printable(str(value))


def _message(error: Mapping[str, Any], model_fields: list[str]) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    field = error["loc"][-1] if error["loc"] else ""
    if kind == "missing" or (kind == "string_type" and value is None and field in LANGUAGES):
        if field in LANGUAGES:  # `en:` left blank is as missing as no `en:` at all
            language = Locale.parse(field).get_display_name("en")  # "Vietnamese", "English", "Korean"
            parent = format_path(error["loc"][:-1])
            return f"missing {language} text (MISSING_TRANSLATION|{field}|{parent})"
        return "required field is missing"
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(str(field), model_fields, n=1)
        hint = f' (did you mean "{guess[0]}"?)' if guess else ""
        return f"unknown field {printable(str(field))}{hint}"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type", "int_parsing", "int_type"):
        return f"expected a number, got {_shown(value)}"
    if kind in ("string_type",):
        return f"expected a text, got {_shown(value)}"
    if kind == "string_too_long":
        what = "an id" if ctx.get("max_length") == MAX_ID_LENGTH else "a text"
        return f"{what} may be at most {ctx.get('max_length')} characters long, this one has {len(str(value))}"
    if kind == "string_too_short":
        if field in LANGUAGES:
            return f"empty text (MISSING_TRANSLATION|{field}|{format_path(error['loc'][:-1])})"
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        if "https?" in ctx.get("pattern", ""):
            return f"expected a web address starting with http:// or https://, got {_shown(value)}"
        return f"expected an id of lowercase letters, digits and hyphens, got {_shown(value)}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {_shown(value)}"
    if kind == "list_type":
        return f"expected a list, got {_shown(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of fields, got {_shown(value)}"
    if kind == "too_short":
        return "needs at least one item"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}, got {_shown(value)}"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"expected true or false, got {_shown(value)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return printable(str(error["msg"]), quoted=False, limit=200)


def _fields_at(model, loc) -> list[str]:
    """Field names of the model that a pydantic location points into (for did-you-mean hints)."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        annotation = info.annotation
        for candidate in (*getattr(annotation, "__args__", ()), annotation):
            inner = getattr(candidate, "__args__", None)
            for option in (inner or ()) + (candidate,):
                if hasattr(option, "model_fields"):
                    current = option
                    break
            else:
                continue
            break
    return list(getattr(current, "model_fields", {}))


def _clean_loc(loc) -> Path_:
    # Pydantic adds the name of a failing function-validator or union member to the location; drop it.
    return tuple(p for p in loc if isinstance(p, int) or not str(p).startswith(("function-", "lax-", "strict-")))


def _position(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1) of a character of text."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _structure_problem(text: str) -> tuple[tuple[int, int], str] | None:
    """Nesting deeper than MAX_DEPTH, or aliases that would repeat more than MAX_ALIAS_VALUES values, found
    from the parser's events before anything is built (composing or expanding a "billion laughs" file would
    take minutes and gigabytes). None when within bounds, or when the file has a syntax error (reported
    by the compose step)."""
    loader = _YamlLoader(text)
    sizes: dict[str, int] = {}  # anchor -> values it stands for
    open_frames: list[list] = []  # [values so far, anchor] of each collection being read
    repeated = 0
    try:
        while loader.check_event():
            event: Any = loader.get_event()
            where = (event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(open_frames) >= MAX_DEPTH:
                    return where, f"the data is nested more than {MAX_DEPTH} levels deep"
                open_frames.append([1, event.anchor])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                count, anchor = open_frames.pop()
                if anchor is not None:
                    sizes[anchor] = count
                if open_frames:
                    open_frames[-1][0] += count
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                if open_frames:
                    open_frames[-1][0] += 1
            elif isinstance(event, yaml.AliasEvent) and event.anchor is not None:
                if any(frame[1] == event.anchor for frame in open_frames):
                    return where, f"the alias *{printable(event.anchor, quoted=False)} repeats a value it is part of"
                count = sizes.get(event.anchor, 1)
                repeated += count
                if repeated > MAX_ALIAS_VALUES:
                    return where, (
                        f"YAML aliases here repeat more than {MAX_ALIAS_VALUES} values; write the values out"
                    )
                if open_frames:
                    open_frames[-1][0] += count
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a YAML syntax error was made, which is not always where the parser noticed it: an unclosed
    quote swallows the lines after it, up to the next quote character, and the parser fails further down."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = exc.problem or exc.context
    if exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
        start = exc.context_mark
        return start.line + 1, start.column + 1, f"YAML syntax error: this quote is never closed ({reason})"
    runaway = None
    try:
        for token in yaml.scan(text, Loader=_YamlLoader):
            if token.start_mark.line + 1 > line:
                break
            quoted = isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
            if quoted and token.end_mark.line > token.start_mark.line:
                runaway = token
    except yaml.YAMLError:
        pass
    if runaway is not None:
        start = runaway.start_mark
        return (
            start.line + 1,
            start.column + 1,
            f"YAML syntax error: this quote is not closed on its line, and the text it opens runs on to "
            f"line {runaway.end_mark.line + 1}, where the file breaks ({reason})",
        )
    return line, col, f"YAML syntax error: {reason}"


def _file_problem(path: Path, data_dir: Path) -> str | None:
    """Why a data file cannot be read as one, before opening it: a link out of the data folder (its content is
    never echoed), a folder, a pipe or device (reading one could block), too large a file."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            try:
                path.resolve(strict=True).relative_to(data_dir.resolve())
            except ValueError:
                return "the file is a link to a place outside the data folder; put the file itself there"
            info = path.stat()
    except FileNotFoundError:
        return "the file is missing"
    except (OSError, RuntimeError) as exc:  # a link loop, or no permission to look
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"the file cannot be read ({printable(reason, quoted=False)})"
    if stat.S_ISDIR(info.st_mode):
        return "this is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "this is not a regular file (a pipe, a socket or a device)"
    if info.st_size > MAX_FILE_BYTES:
        most = f"{MAX_FILE_BYTES} ({MAX_FILE_BYTES // 2**20} MiB)"
        return f"the file has {info.st_size} bytes; a data file may have at most {most}"
    return None


def read_file(path: Path, display_name: str):
    """Parse and validate one data file. Returns (model or None, located, problems as (line, col, path, msg)).
    located.value is the file's plain value (None if it could not be parsed), for the checks across files."""
    located = _Located(display_name)
    problems: list[tuple[int, int, str, str]] = []
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.append((1, 1, "", f"the file cannot be read ({printable(exc.strerror or str(exc), quoted=False)})"))
        return None, located, problems
    if len(raw) > MAX_FILE_BYTES:
        problems.append((1, 1, "", f"the file has more than {MAX_FILE_BYTES} bytes ({MAX_FILE_BYTES // 2**20} MiB)"))
        return None, located, problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append((line, col, "", f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"))
        return None, located, problems
    located.text = text
    bad = forbidden_character(text, in_file=True)
    if bad is not None:  # before YAML, which stops at some of these with a wrong position, and lets others in
        index, message = bad
        problems.append((*_position(text, index), "", message))
        return None, located, problems
    try:
        with _collector_paused():
            value = located.stream()
        if value is _EMPTY:
            problems.append((1, 1, "", "the file is empty"))
            return None, located, problems
        return _validate(path, value, located, problems)
    except _Unusual:
        pass
    limit = _structure_problem(text)
    if limit is not None:
        (line, col), message = limit
        problems.append((line, col, "", message))
        return None, located, problems
    try:
        with _collector_paused():
            node = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        line, col, message = _syntax_error(text, exc)
        problems.append((line, col, "", message))
        return None, located, problems
    except yaml.YAMLError as exc:
        problems.append((1, 1, "", f"YAML error: {printable(str(exc), quoted=False, limit=200)}"))
        return None, located, problems
    if node is None:  # nothing but blank lines and comments
        problems.append((1, 1, "", "the file is empty"))
        return None, located, problems
    with _collector_paused():
        value = located.convert(node)
    for path_, (line, col), message in located.problems:
        problems.append((line, col, format_path(path_), message))
    return _validate(path, value, located, problems)


@functools.cache
def _item_lists(model_class: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The fields of a file model that hold a list of items and nothing more (`zones: list[Zone]`, no length
    limit, no validator): validated item by item, which gives the same errors in the same order as validating
    the whole file (the file models have no validators of their own; tests/test_fuzz.py compares the two)."""
    lists = {}
    for name, info in model_class.model_fields.items():
        if typing.get_origin(info.annotation) is list and not info.metadata:
            (item,) = typing.get_args(info.annotation)
            if isinstance(item, type) and issubclass(item, BaseModel):
                lists[name] = item
    return lists


def validate(model_class: type[BaseModel], value, limit: int = MAX_PROBLEMS) -> tuple[BaseModel | None, list, int]:
    """model_class.model_validate(value): the model, or None with the first `limit` errors in the order
    model_validate gives them and the number of the others. Each item of the file's lists is validated on its
    own, so the errors past the limit are only counted: a file with 850,000 of them is checked in seconds,
    not minutes and gigabytes (BENCHMARKS.md)."""
    errors: list[dict[str, Any]] = []
    more = 0

    def add(prefix: Path_, found: ValidationError | list[dict[str, Any]]) -> None:
        nonlocal more
        room = limit - len(errors)
        count = found.error_count() if isinstance(found, ValidationError) else len(found)
        if room > 0:
            batch = found.errors(include_url=False) if isinstance(found, ValidationError) else found
            errors.extend({**error, "loc": (*prefix, *error["loc"])} for error in batch[:room])
        more += max(0, count - room)

    lists = _item_lists(model_class) if isinstance(value, dict) else {}
    lists = {name: item for name, item in lists.items() if isinstance(value.get(name), list)}
    top: list[Any] = []
    try:  # everything but the lists' items
        model_class.model_validate({**value, **{name: [] for name in lists}} if lists else value)
    except ValidationError as exc:
        top = exc.errors(include_url=False)
    items: dict[str, list[BaseModel]] = {}
    for name in model_class.model_fields:  # errors come field by field, then the unknown fields
        add((), [error for error in top if error["loc"][:1] == (name,)])
        if name in lists:
            items[name] = []
            for index, item in enumerate(value[name]):
                try:
                    items[name].append(lists[name].model_validate(item))
                except ValidationError as exc:
                    add((name, index), exc)
    add((), [error for error in top if error["loc"][:1] not in {(name,) for name in model_class.model_fields}])
    if errors:
        return None, errors, more
    # The validated items go in as they are (pydantic does not validate a model instance again).
    return model_class.model_validate({**value, **items} if items else value), [], 0


def _validate(path: Path, value, located: _Located, problems: list):
    located.value = value
    model_class = FILE_MODELS[path.name]
    with _collector_paused():
        model, errors, located.unreported = validate(model_class, value)
    if model is None:
        locs = [_clean_loc(error["loc"]) for error in errors]
        keys = [error["type"] == "extra_forbidden" for error in errors]  # an unknown field: where its key is
        marks = located.marks(list(zip(locs, keys, strict=True)))
        for error, loc, (line, col) in zip(errors, locs, marks, strict=True):
            error = {**error, "loc": loc}
            problems.append((line, col, format_path(loc), _message(error, _fields_at(model_class, loc))))
        return None, located, problems
    return (None if problems else model), located, problems


def display_name_for(path: Path) -> str:
    try:
        # The folder resolved, not the file: a link is named as itself, never by what it points to.
        return (path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# Where the ids of each kind of reference are listed, by file: read from a file that failed validation too,
# so that references into it are still checked (every problem in one run).
_ID_LISTS = {
    "sources.yaml": ("sources",),
    "zones.yaml": ("zones",),
    "tags.yaml": ("tags",),
    "figures.yaml": ("groups",),
}


def _ids_in(value, key: str) -> set[str] | None:
    """The ids listed under key in a file's plain value, None when the list itself is unreadable."""
    items = value.get(key) if isinstance(value, dict) else None
    if not isinstance(items, list):
        return None
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


@_collector_paused()  # the models and the cross-file checks make as many objects again
def load_dataset(data_dir: Path) -> Dataset:
    """Load every data file; raise DataError with all problems (sorted) if any file or reference is wrong."""
    models, locations, lines = {}, {}, []
    unreported = 0
    partial_ids: dict[str, set[str]] = {}
    for name in FILE_MODELS:
        path = data_dir / name
        shown = display_name_for(path)
        refused = _file_problem(path, data_dir)
        if refused is not None:
            lines.append((shown, 1, 1, f"{shown}:1:1: {refused}"))
            continue
        model, located, problems = read_file(path, shown)
        locations[name] = located
        unreported += located.unreported
        for line, col, where, message in problems:
            prefix = f"{shown}:{line}:{col}: " + (f"{where}: " if where else "")
            lines.append((shown, line, col, prefix + message))
        if model is not None:
            models[name] = model
        elif name in _ID_LISTS and located.value is not None:
            ids = _ids_in(located.value, _ID_LISTS[name][0])
            if ids is not None:
                partial_ids[name] = ids
    # Cross-file checks run on whatever loaded, so a broken file does not hide the others' problems; the ids
    # of a file that failed validation still count, when its list of items could be read.
    failed = frozenset(name for name in FILE_MODELS if name not in models)

    def part(name, attribute, default):
        return getattr(models[name], attribute) if name in models else default

    data = Dataset(
        authority=part("authority.yaml", "authority", None),
        sources=part("sources.yaml", "sources", []),
        tags=part("tags.yaml", "tags", []),
        groups=part("figures.yaml", "groups", []),
        figures=part("figures.yaml", "figures", []),
        events=part("events.yaml", "events", []),
        zones=part("zones.yaml", "zones", []),
        compiled=part("authority.yaml", "compiled", None),
    )
    found = list(cross_check(data, failed, partial_ids))
    marks: dict[str, list[tuple[int, int]]] = {}  # by file, in the order found: one pass over each file
    for name in {problem.file for problem in found}:
        marks[name] = locations[name].marks([(problem.path, False) for problem in found if problem.file == name])
    for problem in found:
        located = locations[problem.file]
        line, col = marks[problem.file].pop(0)
        lines.append(
            (
                located.display_name,
                line,
                col,
                f"{located.display_name}:{line}:{col}: {format_path(problem.path)}: {problem.message}",
            )
        )
    if not lines:
        return data
    lines.sort(key=lambda item: item[:3])
    unreported += max(0, len(lines) - MAX_PROBLEMS)
    raise DataError([item[3] for item in lines[:MAX_PROBLEMS]], unreported)

"""The kit's limits on what a user's file may make it do, and the checks that keep them:
YAML (nesting depth, nodes after alias expansion), JSON (depth, duplicate keys), gzip and
zip (size once decompressed), file size, times and time units. Each limit is refused
with one message that names it, before any memory is spent on the file."""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ProblemsError

#: The deepest nesting of lists and mappings (JSON or YAML) the kit reads.
MAX_NESTING = 100
#: The most YAML values (nodes) a file may have once its aliases (``*name``) are expanded.
MAX_YAML_NODES = 100_000
#: The most bytes a gzip file (``.boris.gz``) may hold once decompressed.
MAX_GUNZIPPED_BYTES = 50 * 1024 * 1024
#: The most bytes the parts of a workbook (``.xlsx``, a zip archive) may hold unzipped.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
#: The most cells (rows × columns, as its used range says) a sheet may span.
MAX_SHEET_CELLS = 2_000_000
#: The biggest file the kit reads whole as text or bytes.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: The longest time the kit reads (10,000 hours; no film is that long).
MAX_SECONDS = 36_000_000.0
#: The most time units one comparison may cut a clip into.
MAX_TIME_UNITS = 10_000_000
#: The most units × codes one comparison may compare (its memory grows with both: about
#: 35 bytes each, so this keeps a comparison under 200 MB).
MAX_UNIT_CELLS = 5_000_000

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:,]')


def megabytes(count: int) -> str:
    """A byte count for people: ``50 MB``."""
    return f"{count / (1024 * 1024):,.0f} MB"


# ---------------------------------------------------------------- JSON
class JsonLimitError(ValueError):
    """A JSON text beyond a limit or with a key given twice; ``line`` is 1-based in the text."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def parse_json(text: str | bytes, *, parse_constant: Callable[[str], Any] | None = None) -> Any:
    """``json.loads`` with the nesting depth capped and duplicate keys refused; either is a
    :class:`JsonLimitError` (a ``ValueError``, as a syntax error is)."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8-sig") if text[:3] == b"\xef\xbb\xbf" else text.decode("utf-8")
    depth = json_depth(text)
    if depth > MAX_NESTING:
        raise JsonLimitError(
            f"it is nested {depth:,} levels deep; the kit reads at most {MAX_NESTING} levels",
            _deep_line(text),
        )
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=parse_constant)
    except _DuplicateKey as duplicate:
        line = _duplicate_line(text, duplicate.key)
        raise JsonLimitError(f"the key '{duplicate.key}' is given twice", line) from None


def load_json(
    text: str | bytes,
    source: str | Path,
    error: type[ProblemsError],
    *,
    line: int = 1,
    parse_constant: Callable[[str], Any] | None = None,
    hint: str = "",
) -> Any:
    """:func:`parse_json`, with a limit or a duplicate key raised as ``error`` for ``source``
    (``line`` is the number of the text's first line in the file). A syntax error stays a
    ``ValueError``, for the caller's own message."""
    try:
        return parse_json(text, parse_constant=parse_constant)
    except JsonLimitError as limit:
        where = line + limit.line - 1 if limit.line is not None else line
        raise error(source, [Problem(str(limit), where)], hint=hint) from None


def json_depth(text: str) -> int:
    """How deep lists and objects nest in a JSON text (strings skipped), without parsing it."""
    opened = text.count("[") + text.count("{")
    if opened <= MAX_NESTING:
        return opened  # at most this deep: no need to look closer
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _deep_line(text: str) -> int:
    """The line where a JSON text first nests deeper than :data:`MAX_NESTING`."""
    depth = 0
    for match in _BRACKET_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth -= 1
    return 1  # pragma: no cover - only called when it is too deep


class _DuplicateKey(Exception):
    """Raised inside the JSON parser for a key given twice in one object."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's pairs as a dict; a key given twice stops the parse."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _duplicate_line(text: str, wanted: str) -> int | None:
    """The line of the second ``wanted`` key in one object (the text is valid JSON)."""
    stack: list[set[str] | None] = []  # the keys seen in each open object (None: a list)
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "{[":
            stack.append(set() if token == "{" else None)
            expect_key = token == "{"
        elif token in "}]":
            stack.pop()
            expect_key = False
        elif token == ",":
            expect_key = bool(stack) and stack[-1] is not None
        elif token != ":" and expect_key:
            expect_key = False
            keys = stack[-1]
            key = json.loads(token)
            if keys is not None and key in keys and key == wanted:
                return text.count("\n", 0, match.start()) + 1
            if keys is not None:
                keys.add(key)
    return None


# ---------------------------------------------------------------- YAML
class YamlLimitError(yaml.YAMLError):
    """A YAML text beyond a limit; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than :data:`MAX_NESTING` as it composes
    (PyYAML's composer recurses, so a very deep file would crash it)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose one node, counting how deep it is."""
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise YamlLimitError(_too_deep(), mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML node graph of ``text`` (one document), depth and expanded size checked."""
    loader = LimitedLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None:
        check_yaml_graph(node)
    return node


def safe_load_yaml(text: str) -> Any:
    """``yaml.safe_load`` within the limits: a :class:`YamlLimitError` (a ``YAMLError``)
    for a file nested too deep or whose aliases expand to too many values."""
    node = compose_yaml(text)
    if node is None:
        return None
    constructor = LimitedLoader("")
    return constructor.construct_document(node)


def check_yaml_graph(root: yaml.Node) -> None:
    """Refuse a node graph that, with every alias expanded, has more than
    :data:`MAX_YAML_NODES` values or nests deeper than :data:`MAX_NESTING` (aliases can
    nest a chain of anchors). Sizes are counted, not built: a 500-byte "billion laughs"
    is refused at once. An alias back to its own ancestor counts once (the reader says
    it never ends)."""
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) when expanded
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            total, deepest = 1, 0
            for child in _children(node):
                size, depth = sizes.get(id(child), (1, 0))
                total += size
                deepest = max(deepest, depth)
            sizes[key] = (total, deepest + 1)
            if total > MAX_YAML_NODES:
                raise YamlLimitError(
                    f"with its aliases (*name) expanded it has more than {MAX_YAML_NODES:,} "
                    "values; the kit reads no more",
                    node.start_mark.line + 1,
                )
            if deepest + 1 > MAX_NESTING:
                raise YamlLimitError(_too_deep(), node.start_mark.line + 1)
            continue
        if key in sizes or key in active:
            continue
        active.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly inside ``node`` (keys and values of a mapping)."""
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_deep() -> str:
    return f"it is nested more than {MAX_NESTING} levels deep; the kit reads no deeper"


# ---------------------------------------------------------------- gzip and zip
def gunzip(data: bytes, source: str | Path, error: type[ProblemsError], hint: str = "") -> bytes:
    """The bytes inside gzip ``data``, decompressed a piece at a time and refused as soon
    as they pass :data:`MAX_GUNZIPPED_BYTES`. Damage raises ``zlib.error`` or ``EOFError``
    (for the caller's own message)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    rest = data
    while rest:
        out += inflater.decompress(rest, MAX_GUNZIPPED_BYTES + 1 - len(out))
        if len(out) > MAX_GUNZIPPED_BYTES:
            raise error(
                source,
                [
                    Problem(
                        f"decompressed it would be more than {megabytes(MAX_GUNZIPPED_BYTES)}; "
                        "the kit reads no more"
                    )
                ],
                hint=hint,
            )
        if inflater.eof:
            rest = inflater.unused_data  # another gzip member may follow
            if rest and rest.strip(b"\x00"):
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                continue
            break
        rest = inflater.unconsumed_tail
        if not rest:
            break
    if not inflater.eof:
        raise EOFError("the compressed data ends early")
    return bytes(out)


def check_zip_size(
    archive: zipfile.ZipFile, source: str | Path, error: type[ProblemsError], hint: str = ""
) -> None:
    """Refuse a zip archive whose parts would unzip to more than :data:`MAX_UNZIPPED_BYTES`
    (as their own headers declare; zipfile stops reading a part at its declared size)."""
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNZIPPED_BYTES:
        problem = (
            f"unzipped, its parts would take {megabytes(total)}; the kit reads workbooks of "
            f"at most {megabytes(MAX_UNZIPPED_BYTES)}"
        )
        raise error(source, [Problem(problem)], hint=hint)


# ---------------------------------------------------------------- numbers and times
def seconds_problem(seconds: float) -> str | None:
    """Why a number of seconds is too big to be a time (or None if it is not)."""
    if abs(seconds) > MAX_SECONDS:
        return f"is longer than {MAX_SECONDS / 3600:,.0f} hours, the longest time the kit reads"
    return None


def shortened(text: str, length: int = 24) -> str:
    """``text`` cut to ``length`` characters (with how many there were), to quote it."""
    if len(text) <= length:
        return text
    return f"{text[:length]}… ({len(text):,} characters)"


def max_time_units(codes: int) -> int:
    """The most time units a comparison over ``codes`` codes may have."""
    return min(MAX_TIME_UNITS, MAX_UNIT_CELLS // max(1, codes))


def smallest_unit(seconds: float, units: int = MAX_TIME_UNITS) -> float:
    """The smallest round time unit (1, 2 or 5 × a power of ten) that cuts ``seconds`` into
    at most ``units`` units."""
    needed = seconds / units
    exponent = -6
    while True:
        for step in (1, 2, 5):
            unit = float(f"{step}e{exponent}")  # exact in decimal, as people write it
            if unit >= needed:
                return unit
        exponent += 1

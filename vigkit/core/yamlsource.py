"""Read YAML while remembering the line each value came from, for precise error messages;
within the kit's limits (nesting depth, values after alias expansion: vigkit/core/limits.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .limits import YamlLimitError, compose_yaml

PathKey = tuple[str | int, ...]


@dataclass
class LocatedYaml:
    """Plain YAML data plus the 1-based line of every mapping key and list item."""

    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    raw: dict[PathKey, str] = field(default_factory=dict)  # scalars as written (1.10)

    def line(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest located parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def read_located_yaml(text: str, source: str | Path) -> tuple[LocatedYaml | None, list[Problem]]:
    """Parse ``text``; on a syntax error return the problem with its line, not an exception."""
    try:
        node = compose_yaml(text)
    except YamlLimitError as limit:
        return None, [Problem(limit.message, limit.line)]
    except yaml.MarkedYAMLError as error:
        # Point at where the unfinished thing began (an open quote or bracket), and say
        # where the parser noticed, which may be far below.
        opened, noticed = error.context_mark, error.problem_mark
        mark = opened or noticed
        line = mark.line + 1 if mark is not None else None
        reason = error.problem or error.context or "not valid YAML"
        if opened is not None and noticed is not None and noticed.line != opened.line:
            reason += f", noticed on line {noticed.line + 1}"
        context = f"{error.context}: " if error.context and opened is not None else ""
        return None, [Problem(f"this is not valid YAML ({context}{reason})", line)]
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        return None, [Problem(f"this is not valid YAML ({error})")]
    located = LocatedYaml(None)
    if node is None:
        return located, []
    converter = _Converter(located.lines, located.raw)
    try:
        located.data = converter.convert(node, ())
    except yaml.YAMLError as error:
        return None, [Problem(f"this YAML cannot be read ({error})")]
    problems = converter.problems
    return (None if problems else located), problems


class _Converter:
    """Turns YAML nodes into plain data, noting lines, duplicate keys and self-references."""

    def __init__(self, lines: dict[PathKey, int], raw: dict[PathKey, str]) -> None:
        self.lines = lines
        self.raw = raw
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader("")
        self.active: set[int] = set()  # nodes being converted: an alias back to one loops

    def convert(self, node: yaml.Node, path: PathKey) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in self.active:
            self.problems.append(
                Problem(
                    "this refers to itself through an alias (*name), which never ends",
                    node.start_mark.line + 1,
                )
            )
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.ScalarNode):
                self.raw[path] = node.value
            return self.constructor.construct_object(node, deep=True)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem("a key must be a plain word, not a list or mapping", line)
                )
                continue
            key = str(self.constructor.construct_object(key_node, deep=True))
            if key in result:
                first = self.lines[path + (key,)]
                self.problems.append(
                    Problem(f"'{key}' is given twice (first on line {first})", line)
                )
                continue
            self.lines[path + (key,)] = line
            result[key] = self.convert(value_node, path + (key,))
        return result

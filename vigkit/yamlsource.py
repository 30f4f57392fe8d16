"""Read YAML while remembering the line each value came from, for precise error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

PathKey = tuple[str | int, ...]


@dataclass
class LocatedYaml:
    """Plain YAML data plus the 1-based line of every mapping key and list item."""

    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = error.problem or error.context or "not valid YAML"
        return None, [Problem(f"this is not valid YAML ({reason})", line)]
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        return None, [Problem(f"this is not valid YAML ({error})")]
    located = LocatedYaml(None)
    if node is None:
        return located, []
    constructor = yaml.SafeLoader("")
    problems: list[Problem] = []
    try:
        located.data = _convert(node, (), located.lines, constructor, problems)
    except yaml.YAMLError as error:
        return None, [Problem(f"this YAML cannot be read ({error})")]
    return (None if problems else located), problems


def _convert(
    node: yaml.Node,
    path: PathKey,
    lines: dict[PathKey, int],
    constructor: yaml.SafeLoader,
    problems: list[Problem],
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = str(constructor.construct_object(key_node, deep=True))
            line = key_node.start_mark.line + 1
            if key in result:
                first = lines[path + (key,)]
                problems.append(Problem(f"'{key}' is given twice (first on line {first})", line))
                continue
            lines[path + (key,)] = line
            result[key] = _convert(value_node, path + (key,), lines, constructor, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, path + (i,), lines, constructor, problems)
            for i, item in enumerate(node.value)
        ]
    return constructor.construct_object(node, deep=True)

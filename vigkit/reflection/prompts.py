"""Reflection prompts as data: the questions a practitioner answers in each cycle.

A prompt file is YAML (format in docs/reflection.md). The built-in files in
``vigkit/prompts/`` are ``vig-shared-review``, ``verp`` and ``trainee-self-assessment``;
anyone can write their own with the same fields.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.datafiles import builtin_names, data_file
from ..core.errors import Problem, ProblemsError
from ..core.textfile import read_text_file
from ..core.yamlsource import LocatedYaml, PathKey, read_located_yaml
from .recorddata import KINDS

BUILTIN_DIR = Path(__file__).resolve().with_name("prompt_sets")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_TOP_KEYS = {"id", "label", "description", "prompts"}
_PROMPT_KEYS = {"id", "text", "help", "kinds", "cycles", "principles"}
_HINT = "The prompt file format is described in docs/reflection.md (section 'Prompts')."


class PromptsError(ProblemsError):
    """A prompt file is missing or malformed."""

    kind = "prompt file"


@dataclass(frozen=True)
class Prompt:
    """One question: its ``text``, gentle ``help``, and whom and when it is for.

    Empty ``kinds`` or ``cycles`` mean every kind of practitioner or every cycle.
    """

    id: str
    text: str
    help: str = ""
    kinds: tuple[str, ...] = ()
    cycles: tuple[int, ...] = ()
    principles: tuple[str, ...] = ()

    def applies(self, kind: str, cycle: int) -> bool:
        """Whether this prompt is for a practitioner of ``kind`` in cycle ``cycle``."""
        return (not self.kinds or kind in self.kinds) and (not self.cycles or cycle in self.cycles)


@dataclass(frozen=True)
class PromptSet:
    """A named, ordered set of prompts (one YAML file)."""

    id: str
    label: str
    description: str
    prompts: tuple[Prompt, ...]

    def for_cycle(self, kind: str, cycle: int) -> tuple[Prompt, ...]:
        """The prompts for a practitioner of ``kind`` in cycle ``cycle``, in order."""
        return tuple(p for p in self.prompts if p.applies(kind, cycle))

    def __getitem__(self, prompt_id: str) -> Prompt:
        for prompt in self.prompts:
            if prompt.id == prompt_id:
                return prompt
        raise KeyError(f"there is no prompt '{prompt_id}' in '{self.id}'")


def builtin_prompts() -> list[str]:
    """Names of the prompt files that ship with vigkit."""
    return builtin_names(BUILTIN_DIR)


def load_prompts(name_or_path: str | Path) -> PromptSet:
    """A built-in prompt set by name, or one from a YAML file, checked line by line."""
    path, builtin = data_file(
        name_or_path,
        BUILTIN_DIR,
        PromptsError,
        missing="there is no built-in prompt set called",
        listed="Built-in prompt sets",
    )
    if builtin:
        return _load_builtin(path.stem)
    return parse_prompts(read_text_file(path, PromptsError), source=path)


@functools.lru_cache(maxsize=8)
def _load_builtin(name: str) -> PromptSet:
    path = BUILTIN_DIR / f"{name}.yaml"
    return parse_prompts(read_text_file(path, PromptsError), source=path)


def parse_prompts(text: str, source: str | Path = "<text>") -> PromptSet:
    """Build a :class:`PromptSet` from YAML text, reporting every problem with its line."""
    located, problems = read_located_yaml(text, source)
    if located is None:
        raise PromptsError(source, problems, hint=_HINT)
    reader = _Reader(located)
    result = reader.read()
    if reader.problems or result is None:
        raise PromptsError(source, reader.problems, hint=_HINT)
    return result


class _Reader:
    def __init__(self, located: LocatedYaml) -> None:
        self.located = located
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        self.problems.append(Problem(message, self.located.line(path)))

    def keys(
        self, data: dict[str, Any], path: PathKey, allowed: set[str], required: set[str]
    ) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    (*path, key), f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})"
                )
        for key in sorted(required - set(data)):
            self.problem(path, f"the required field '{key}' is missing")

    def text(self, data: dict[str, Any], path: PathKey, key: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            if key in data:
                self.problem((*path, key), f"'{key}' must be a non-empty text")
            return ""
        return " ".join(value.split())

    def identifier(self, data: dict[str, Any], path: PathKey) -> str:
        value = data.get("id")
        if value is None:
            return ""
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(
                (*path, "id"),
                f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens",
            )
            return ""
        return value

    def read(self) -> PromptSet | None:
        data = self.located.data
        if not isinstance(data, dict):
            self.problem((), "a prompt file must be a mapping with id, label and prompts")
            return None
        self.keys(data, (), _TOP_KEYS, {"id", "label", "prompts"})
        set_id = self.identifier(data, ())
        label = self.text(data, (), "label")
        description = self.text(data, (), "description", required=False)
        items = data.get("prompts")
        if items is None:
            return None
        if not isinstance(items, list) or not items:
            self.problem(("prompts",), "'prompts' must be a non-empty list")
            return None
        prompts = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            path: PathKey = ("prompts", index)
            if not isinstance(item, dict):
                self.problem(path, "each prompt must be a mapping with id and text")
                continue
            prompt = self.prompt(item, path)
            if prompt.id in seen:
                self.problem(
                    (*path, "id"),
                    f"prompt id '{prompt.id}' is used twice (first on line {seen[prompt.id]})",
                )
            elif prompt.id:
                seen[prompt.id] = self.located.line((*path, "id")) or 0
            prompts.append(prompt)
        return PromptSet(set_id, label, description, tuple(prompts))

    def prompt(self, item: dict[str, Any], path: PathKey) -> Prompt:
        self.keys(item, path, _PROMPT_KEYS, {"id", "text"})
        kinds = self.names(item, path, "kinds")
        for kind in kinds:
            if kind not in KINDS:
                self.problem(
                    (*path, "kinds"), f"'{kind}' is not a kind: choose from {', '.join(KINDS)}"
                )
        cycles = item.get("cycles", [])
        if not isinstance(cycles, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) and c >= 1 for c in cycles
        ):
            self.problem((*path, "cycles"), "'cycles' must be a list of cycle numbers, e.g. [1, 2]")
            cycles = []
        return Prompt(
            id=self.identifier(item, path),
            text=self.text(item, path, "text"),
            help=self.text(item, path, "help", required=False),
            kinds=kinds,
            cycles=tuple(cycles),
            principles=self.names(item, path, "principles"),
        )

    def names(self, item: dict[str, Any], path: PathKey, key: str) -> tuple[str, ...]:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem((*path, key), f"'{key}' must be a list of names, e.g. [verp]")
            return ()
        return tuple(v.strip() for v in value)

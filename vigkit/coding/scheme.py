"""Coding schemes: a built-in scheme by name or a custom one from a YAML file, checked.

A scheme is a YAML file (see docs/file-formats.md). The built-in
``attuned-interactions`` scheme ships in ``vigkit/schemes/``; a supervisor can write
their own with the same structure. Codes are category ids (``guiding``) or behaviour
ids (``guiding.scaffolding``); every coding records the scheme id and version it used.
The scheme's data classes (``Scheme``, ``Category``, ``Behaviour``) are in
:mod:`vigkit.coding.scheme_data`; this module loads and checks scheme files.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from ..core.errors import Problem, SchemeError
from ..core.textfile import read_text_file
from ..core.yamlsource import LocatedYaml, PathKey, read_located_yaml
from .scheme_data import Behaviour, Category, Scheme

BUILTIN_DIR = Path(__file__).with_name("schemes")
DEFAULT_SCHEME = "attuned-interactions"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: Keys the tagging widget keeps for itself: play/pause and undo.
RESERVED_KEYS = frozenset({" ", "z", "Z"})

_TOP_KEYS = {"id", "version", "label", "description", "source", "subjects", "categories"}
_CATEGORY_KEYS = {"id", "label", "description", "colour", "key", "behaviours"}
_BEHAVIOUR_KEYS = {"id", "label", "description"}


def builtin_schemes() -> list[str]:
    """Names of the schemes that ship with vigkit."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def load_scheme(name_or_path: str | Path | Scheme = DEFAULT_SCHEME) -> Scheme:
    """Load a built-in scheme by name, or a custom scheme from a YAML file.

    Raises :class:`SchemeError` naming the file, the line and the problem when the
    file is missing or malformed.
    """
    if isinstance(name_or_path, Scheme):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, str) and text in builtin_schemes():
        return _load_builtin(text)
    path = Path(name_or_path)
    if not path.exists():  # a folder, pipe or device: read_text_file says which
        if path.suffix.lower() in {".yaml", ".yml"} or len(path.parts) > 1 or path.exists():
            raise SchemeError(
                path,
                [Problem("the file does not exist" if not path.exists() else "it is a folder")],
                hint="Check the path, or give the name of a built-in scheme: "
                + ", ".join(builtin_schemes()),
            )
        raise SchemeError(
            None,
            [Problem(f"there is no built-in scheme called '{text}'")],
            hint="Built-in schemes: "
            + ", ".join(builtin_schemes())
            + ". To use your own, give the path to its .yaml file.",
        )
    return _load_file(path.resolve())


@functools.lru_cache(maxsize=8)
def _load_builtin(name: str) -> Scheme:
    return _load_file(BUILTIN_DIR / f"{name}.yaml")


def _load_file(path: Path) -> Scheme:
    return parse_scheme(read_text_file(path, SchemeError), source=path)


def parse_scheme(text: str, source: str | Path = "<text>") -> Scheme:
    """Build a :class:`Scheme` from YAML text, checking everything before returning."""
    located, problems = read_located_yaml(text, source)
    if located is None:
        raise SchemeError(source, problems, hint=_FORMAT_HINT)
    scheme, problems = _SchemeReader(located).read()
    if problems or scheme is None:
        raise SchemeError(source, problems, hint=_FORMAT_HINT)
    return scheme


#: Why a field that looks filled in can be empty: YAML reads an unquoted # as a comment.
_EMPTY_HINT = ' (a colour such as #E69F00 must be in quotes: "#E69F00")'
_FORMAT_HINT = "The scheme format is described in docs/file-formats.md (section 'Coding schemes')."


class _SchemeReader:
    """Checks a parsed scheme document and collects every problem with its line."""

    def __init__(self, located: LocatedYaml) -> None:
        self.located = located
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        self.problems.append(Problem(message, self.located.line(path)))

    def read(self) -> tuple[Scheme | None, list[Problem]]:
        data = self.located.data
        if not isinstance(data, dict):
            self.problem((), "a scheme must be a mapping with id, version, label and categories")
            return None, self.problems
        self.check_keys(data, (), _TOP_KEYS, required=("id", "version", "label", "categories"))
        scheme_id = self.identifier(data, (), "id")
        version = self.located.raw.get(("version",), data.get("version"))
        if "version" in data and (
            not isinstance(version, (str, int, float))
            or isinstance(version, bool)
            or not str(version).strip()
        ):
            self.problem(("version",), "'version' must be a short text such as \"1.0\"")
        label = self.text(data, (), "label")
        description = self.text(data, (), "description", required=False)
        source = self.text(data, (), "source", required=False)
        subjects = self.subjects(data.get("subjects", []))
        categories = self.categories(data.get("categories"))
        if self.problems:
            return None, self.problems
        return (
            Scheme(
                id=scheme_id,
                version=str(version).strip(),
                label=label,
                description=description,
                source=source,
                categories=tuple(categories),
                subjects=subjects,
            ),
            [],
        )

    def check_keys(
        self, data: dict[str, Any], path: PathKey, allowed: set[str], required: tuple[str, ...]
    ) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    (*path, key), f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})"
                )
        for key in required:
            if key not in data:
                self.problem(path, f"the required field '{key}' is missing")
            elif data[key] is None:  # "colour:" with nothing after it, or a lone #comment
                hint = _EMPTY_HINT if key == "colour" else ""
                self.problem((*path, key), f"the required field '{key}' is empty{hint}")

    def text(self, data: dict[str, Any], path: PathKey, key: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem((*path, key), f"'{key}' must be a non-empty text")
            return ""
        return " ".join(value.split())

    def identifier(self, data: dict[str, Any], path: PathKey, key: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(
                (*path, key),
                f"'{value}' is not a valid id: use lowercase letters, digits and single "
                "hyphens, e.g. 'being-attentive'",
            )
            return ""
        return value

    def subjects(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
            self.problem(("subjects",), "'subjects' must be a list of names, e.g. [adult, child]")
            return ()
        return tuple(s.strip() for s in value)

    def categories(self, value: Any) -> list[Category]:
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.problem(("categories",), "'categories' must be a non-empty list")
            return []
        categories: list[Category] = []
        seen_ids: dict[str, int] = {}
        seen_keys: dict[str, int] = {}
        for index, item in enumerate(value):
            path: PathKey = ("categories", index)
            if not isinstance(item, dict):
                self.problem(path, "each category must be a mapping with id, label, colour, key")
                continue
            self.check_keys(item, path, _CATEGORY_KEYS, required=("id", "label", "colour", "key"))
            category_id = self.identifier(item, path, "id")
            if category_id:
                if category_id in seen_ids:
                    self.problem(
                        (*path, "id"),
                        f"category id '{category_id}' is used twice "
                        f"(first on line {seen_ids[category_id]})",
                    )
                seen_ids.setdefault(category_id, self.located.line((*path, "id")) or 0)
            colour = item.get("colour")
            if colour is not None and (
                not isinstance(colour, str) or not COLOUR_PATTERN.match(colour)
            ):
                self.problem(
                    (*path, "colour"), f"'{colour}' is not a colour: write it as \"#RRGGBB\""
                )
            key = self.key(item, path, seen_keys)
            behaviours = self.behaviours(item.get("behaviours", []), path, category_id)
            categories.append(
                Category(
                    id=category_id,
                    label=self.text(item, path, "label"),
                    description=self.text(item, path, "description", required=False),
                    colour=str(colour).upper() if isinstance(colour, str) else "",
                    key=key,
                    behaviours=tuple(behaviours),
                )
            )
        return categories

    def key(self, item: dict[str, Any], path: PathKey, seen: dict[str, int]) -> str:
        key = item.get("key")
        if key is None:
            return ""
        key = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
        if not isinstance(key, str) or len(key) != 1 or not key.isprintable():
            self.problem((*path, "key"), f"'{key}' is not a key: use one character, e.g. \"1\"")
            return ""
        if key in RESERVED_KEYS:
            self.problem(
                (*path, "key"),
                f"key '{key}' is kept for the player (space = play/pause, Z = undo)",
            )
        elif key.casefold() in seen:
            self.problem(
                (*path, "key"),
                f"key '{key}' is used twice (first on line {seen[key.casefold()]})",
            )
        seen.setdefault(key.casefold(), self.located.line((*path, "key")) or 0)
        return key

    def behaviours(self, value: Any, category_path: PathKey, category_id: str) -> list[Behaviour]:
        path: PathKey = (*category_path, "behaviours")
        if not isinstance(value, list):
            self.problem(path, "'behaviours' must be a list")
            return []
        behaviours: list[Behaviour] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            item_path: PathKey = (*path, index)
            if not isinstance(item, dict):
                self.problem(item_path, "each behaviour must be a mapping with id and label")
                continue
            self.check_keys(item, item_path, _BEHAVIOUR_KEYS, required=("id", "label"))
            short_id = self.identifier(item, item_path, "id")
            if short_id in seen:
                self.problem(
                    (*item_path, "id"),
                    f"behaviour id '{short_id}' is used twice in this category "
                    f"(first on line {seen[short_id]})",
                )
            if short_id:
                seen.setdefault(short_id, self.located.line((*item_path, "id")) or 0)
            behaviours.append(
                Behaviour(
                    id=f"{category_id}.{short_id}",
                    label=self.text(item, item_path, "label"),
                    description=self.text(item, item_path, "description", required=False),
                    category=category_id,
                )
            )
        return behaviours


__all__ = [
    "BUILTIN_DIR",
    "COLOUR_PATTERN",
    "DEFAULT_SCHEME",
    "ID_PATTERN",
    "RESERVED_KEYS",
    "Behaviour",
    "Category",
    "Scheme",
    "builtin_schemes",
    "load_scheme",
    "parse_scheme",
]

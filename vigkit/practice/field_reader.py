"""Checks of a storyboard's single fields (texts, ids, times, colours, …), each problem with
its line: the base the readers of the cast, the beats and the codes build on.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..coding.scheme import COLOUR_PATTERN, ID_PATTERN, Scheme
from ..core.errors import Problem
from ..core.timecode import format_time, parse_time
from ..core.yamlsource import LocatedYaml, PathKey
from .model import DIRECTIONS
from .vocabulary import ID_EXAMPLES


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice to a mistyped value, else ``""``."""
    best = difflib.get_close_matches(str(value).strip().casefold(), list(choices), n=1)
    return f" (did you mean '{best[0]}'?)" if best else ""


def shown_time(value: float) -> str:
    """A time as messages show it: ``0:12.5``."""
    return format_time(value, 1)


def is_number(value: object) -> bool:
    """Whether YAML gave a plain number (not ``true``/``false``, which YAML also counts)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class FieldReader:
    """The storyboard reader's state, and its checks of single fields: every problem is kept
    with its line."""

    def __init__(self, located: LocatedYaml, source: str | Path) -> None:
        self.located = located
        self.source = source
        self.problems: list[Problem] = []
        self.ids: dict[str, int | None] = {}  # participant and prop ids -> line
        self.people: dict[str, str | None] = {}  # participant id -> subject
        self.things: set[str] = set()  # prop ids
        self.scheme: Scheme | None = None
        self.duration: float | None = None

    # ------------------------------------------------------------------ helpers
    def problem(self, path: PathKey, message: str) -> None:
        self.problems.append(Problem(message, self.located.line(path)))

    def check_keys(
        self,
        data: dict[str, Any],
        path: PathKey,
        allowed: Sequence[str],
        required: Sequence[str] = (),
    ) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    f"unknown field '{key}'{did_you_mean(key, allowed)}; "
                    f"allowed here: {', '.join(allowed)}",
                )
        for key in required:
            if key not in data:
                self.problem(path, f"the required field '{key}' is missing")

    def text(
        self, data: dict[str, Any], path: PathKey, key: str, required: bool = False
    ) -> str | None:
        """A text field with its spaces tidied; numbers and yes/no are taken as written."""
        value = data.get(key)
        if value is None:
            if required and key in data:
                self.problem((*path, key), f"'{key}' is empty: write some text")
            return None
        if not isinstance(value, str):
            raw = self.located.raw.get((*path, key))
            if raw is None:
                self.problem((*path, key), f"'{key}' must be a text, not a list or mapping")
                return None
            value = raw
        tidy = " ".join(value.split())
        if not tidy and required:
            self.problem((*path, key), f"'{key}' is empty: write some text")
            return None
        return tidy

    def identifier(self, data: dict[str, Any], path: PathKey, what: str) -> str | None:
        value = data.get("id")
        if value is None:
            return None
        text = self.located.raw.get((*path, "id"), value) if is_number(value) else value
        if not isinstance(text, str) or not ID_PATTERN.match(text):
            self.problem(
                (*path, "id"),
                f"'{value}' is not a valid {what} id: use lowercase letters, digits and "
                f"single hyphens, e.g. '{ID_EXAMPLES[what]}'",
            )
            return None
        return text

    def choice(
        self,
        data: dict[str, Any],
        path: PathKey,
        key: str,
        choices: Sequence[str],
        what: str,
    ) -> str | None:
        """One of a fixed set of words (case does not matter), with a hint if mistyped."""
        value = data.get(key)
        if value is None:
            return None
        word = str(value).strip().lower() if isinstance(value, str) else None
        if word in choices:
            return word
        self.problem(
            (*path, key),
            f"'{value}' is not {what}{did_you_mean(value, choices)}; "
            f"use one of {', '.join(choices)}",
        )
        return None

    def time(self, data: dict[str, Any], path: PathKey, key: str) -> float | None:
        """A time in seconds (number or ``m:ss.s``), at or after the start of the film."""
        value = data.get(key)
        if value is None:
            if key in data:
                self.problem((*path, key), f"'{key}' is empty: give a time such as 12.5 or 0:12.5")
            return None
        try:
            seconds = parse_time(value)
        except ValueError as error:
            self.problem((*path, key), f"'{key}': {error}")
            return None
        except OverflowError:  # a 400-digit number: no film is that long
            self.problem((*path, key), f"'{key}' is too big to be a time")
            return None
        if seconds < 0:
            self.problem((*path, key), f"'{key}' is {seconds:g} s, before the film starts (0)")
            return None
        return seconds

    def within_film(self, seconds: float | None, path: PathKey, what: str) -> bool:
        """Whether a time is at or before the end of the film (reporting it if not)."""
        if seconds is None or self.duration is None or seconds <= self.duration:
            return True
        self.problem(
            path,
            f"{what} {shown_time(seconds)} is past the end of the film "
            f"({shown_time(self.duration)}); make it earlier or the film longer",
        )
        return False

    def number(
        self, data: dict[str, Any], path: PathKey, key: str, low: float, high: float, example: str
    ) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if not is_number(value) or not low <= value <= high:  # (no float(): 10**400 is fine)
            self.problem(
                (*path, key), f"'{key}' must be a number from {low:g} to {high:g}, {example}"
            )
            return None
        return float(value)

    def colour(self, data: dict[str, Any], path: PathKey, key: str, default: str) -> str:
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not COLOUR_PATTERN.match(value):
            self.problem((*path, key), f"'{value}' is not a colour: write it as \"#RRGGBB\"")
            return default
        return value.upper()

    def flag(self, data: dict[str, Any], path: PathKey, key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem((*path, key), f"'{key}' must be true or false, not '{value}'")
            return False
        return value

    def listing(self, data: dict[str, Any], key: str, required: bool) -> list[Any]:
        """A top-level list; a missing optional list is empty."""
        value = data.get(key)
        if value is None:
            if required:
                message = "is missing" if key not in data else "is empty"
                self.problem(
                    (key,) if key in data else (),
                    f"the list '{key}' {message}: add at least one (see docs/storyboards.md)",
                )
            return []
        if not isinstance(value, list) or (required and not value):
            self.problem((key,), f"'{key}' must be a{' non-empty' if required else ''} list")
            return []
        return value

    def register(self, name: str, path: PathKey) -> bool:
        """Note a participant or prop id; ids are unique and must not be a direction."""
        line = self.located.line((*path, "id"))
        if name in DIRECTIONS:
            self.problem(
                (*path, "id"), f"'{name}' is a direction for gaze and turn; choose another id"
            )
            return False
        if name in self.ids:
            self.problem(
                (*path, "id"), f"the id '{name}' is used twice (first on line {self.ids[name]})"
            )
            return False
        self.ids[name] = line
        return True

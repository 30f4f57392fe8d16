"""The exercise file format (``exercises/*.yaml``): its fields and defaults, its error,
the ready rule, and the checks of each field with the line of every problem.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..agreement.comparison import Level
from ..coding.scheme import DEFAULT_SCHEME, ID_PATTERN, Scheme, builtin_schemes, load_scheme
from ..core.errors import Problem, ProblemsError
from ..core.wording import counted, joined_with_and
from ..core.yamlsource import LocatedYaml, PathKey
from .library import film_reference_path, film_storyboard_path

#: The exercise file format this kit reads (the ``exercise:`` field).
FORMAT = 1
DEFAULT_TOLERANCE = 2.0
DEFAULT_FOUND = 0.7

TOP_KEYS = {
    "exercise", "id", "title", "order", "film", "instructions", "level", "categories",
    "tolerance", "ready_when", "scheme",
}  # fmt: skip
REQUIRED_KEYS = ("exercise", "id", "title", "order", "film", "instructions")
READY_KEYS = {"found", "same_name", "extras_at_most"}
FORMAT_HINT = "The exercise format is described in docs/exercises.md."


#: No tolerance (seconds) is this long; it also keeps huge numbers out of float().
_LONGEST = 24 * 3600.0


class ExerciseError(ProblemsError):
    """An exercise file is malformed, or names a film or principle that is not there."""

    kind = "exercise"


@dataclass(frozen=True)
class ReadyRule:
    """What counts as ready to move on: the share of the reference moments found
    (``found``), the share of those named the same way (``same_name``) and, optionally,
    the most extra tags allowed (``extras_at_most``)."""

    found: float = DEFAULT_FOUND
    same_name: float = 0.0
    extras_at_most: int | None = None

    def describe(self) -> str:
        """The rule in plain words, for exercise lists and supervisors."""
        parts = [f"find {self.found:.0%} of the moments"]
        if self.same_name > 0:
            parts.append(f"name {self.same_name:.0%} of those found the same way")
        if self.extras_at_most is not None:
            parts.append(f"tag at most {counted(self.extras_at_most, 'extra moment')}")
        return joined_with_and(parts)


class ExerciseFieldReader:
    """Checks the fields of a parsed exercise document, keeping every problem with its line."""

    def __init__(self, located: LocatedYaml, source: Path) -> None:
        self.located = located
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        self.problems.append(Problem(message, self.located.line(path)))

    def keys(self, data: dict[str, Any], path: PathKey, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                maybe = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(
                    (*path, key),
                    f"unknown field '{key}'{maybe}; allowed: {', '.join(sorted(allowed))}",
                )

    def version(self, value: Any) -> None:
        if value == FORMAT and not isinstance(value, bool):
            return
        self.problem(
            ("exercise",),
            f"'exercise: {value}' is not a format this kit reads; write 'exercise: {FORMAT}'"
            + (" (or update vigkit)" if isinstance(value, int) and value > FORMAT else ""),
        )

    def text(self, data: dict[str, Any], key: str, flowing: bool = True) -> str:
        value = data.get(key)
        if key not in data:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem((key,), f"'{key}' must be a non-empty text")
            return ""
        return " ".join(value.split()) if flowing else value.strip()

    def identifier(self, data: dict[str, Any], key: str) -> str:
        if key not in data:
            return ""
        value = data.get(key)
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(
                (key,),
                f"'{value}' is not a valid {key}: use lowercase letters, digits and single "
                "hyphens, e.g. 'home-floor-play'",
            )
            return ""
        return value

    def order(self, value: Any) -> int:
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(("order",), f"'order' must be a whole number such as 10, not '{value}'")
            return 0
        return value

    def film(self, film: str) -> None:
        storyboard = film_storyboard_path(film)
        reference = film_reference_path(film)
        if storyboard.is_file() or reference.is_file():
            return
        self.problem(
            ("film",),
            f"there is no practice film '{film}': neither its storyboard ({storyboard}) nor "
            f"its reference coding ({reference}) exists; check the film id, or write the "
            "storyboard and run 'vigkit practice build'",
        )

    def scheme(self, value: Any) -> Scheme | None:
        if value is None:
            return load_scheme(DEFAULT_SCHEME)
        if not isinstance(value, str) or value not in builtin_schemes():
            self.problem(
                ("scheme",),
                f"'{value}' is not a built-in scheme; use one of: {', '.join(builtin_schemes())}",
            )
            return None
        return load_scheme(value)

    def level(self, value: Any) -> Level:
        if value == "behaviour":
            return "behaviour"
        if value != "category":
            self.problem(("level",), f"'level' must be 'category' or 'behaviour', not '{value}'")
        return "category"

    def categories(self, value: Any, scheme: Scheme | None) -> tuple[str, ...]:
        if scheme is None:
            return ()
        if value is None:
            return tuple(c.id for c in scheme.categories)
        if not isinstance(value, list) or not value:
            self.problem(
                ("categories",),
                "'categories' must be a list of principles, e.g. [receiving-initiatives]",
            )
            return ()
        chosen: dict[str, int] = {}
        for index, item in enumerate(value):
            path: PathKey = ("categories", index)
            code = scheme.resolve(item) if isinstance(item, str) else None
            if code is None:
                hint = scheme.suggest(item) if isinstance(item, str) else None
                maybe = f" (did you mean '{scheme.rollup(hint)}'?)" if hint else ""
                self.problem(path, f"'{item}' is not a category of scheme '{scheme.id}'{maybe}")
                continue
            if not scheme.is_category(code):
                self.problem(
                    path,
                    f"'{item}' is a behaviour; list its category '{scheme.rollup(code)}' "
                    "(with 'level: behaviour' the behaviours are compared too)",
                )
                continue
            line = self.located.line(path) or 0
            if code in chosen:
                self.problem(path, f"'{code}' is listed twice (first on line {chosen[code]})")
                continue
            chosen[code] = line
        return tuple(c.id for c in scheme.categories if c.id in chosen)

    def tolerance(self, value: Any) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not (0 < value < _LONGEST)  # NaN fails too, and 10**400 (which float() cannot)
        ):
            self.problem(
                ("tolerance",),
                f"'tolerance' must be a number of seconds more than 0, such as 2, not '{value}'",
            )
            return DEFAULT_TOLERANCE
        return float(value)

    def ready(self, value: Any) -> ReadyRule:
        if value is None:
            return ReadyRule()
        if not isinstance(value, dict):
            self.problem(("ready_when",), "'ready_when' must be a mapping, e.g. 'found: 0.7'")
            return ReadyRule()
        self.keys(value, ("ready_when",), READY_KEYS)
        found = self.share(value, "found", DEFAULT_FOUND)
        same_name = self.share(value, "same_name", 0.0)
        extras = value.get("extras_at_most")
        if extras is not None and (
            isinstance(extras, bool) or not isinstance(extras, int) or extras < 0
        ):
            self.problem(
                ("ready_when", "extras_at_most"),
                f"'extras_at_most' must be a whole number, 0 or more (or null), not '{extras}'",
            )
            extras = None
        return ReadyRule(found, same_name, extras)

    def share(self, data: dict[str, Any], key: str, default: float) -> float:
        value = data.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            self.problem(
                ("ready_when", key),
                f"'{key}' must be a share from 0 to 1 (0.7 means 70%), not '{value}'",
            )
            return default
        return float(value)

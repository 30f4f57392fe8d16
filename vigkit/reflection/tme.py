"""TME (Target Monitoring and Evaluation): targets, their scale and ratings, and the maths
of one target's progress (tables and the chart over a whole record are in ``tmeprogress``).

Targets are agreed at the start and rated on a scale (default 1 to 10): once at
baseline, with a hoped-for level, and again after each cycle. A target may aim down as
well as up (hoped-for below baseline, e.g. "how worried I feel"); the maths follows the
direction of the hoped-for level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.errors import Problem, ProblemsError


class TmeError(ProblemsError):
    """A TME scale, target or rating breaks the rules."""

    kind = "TME target"


@dataclass(frozen=True)
class TmeScale:
    """Whole-number ratings from ``low`` to ``high`` (inclusive)."""

    low: int = 1
    high: int = 10

    def __post_init__(self) -> None:
        problems = scale_problems(self.low, self.high)
        if problems:
            raise TmeError(None, [Problem(f"{p}: {m}") for p, m in problems])

    def __contains__(self, value: object) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and self.low <= value <= self.high
        )


@dataclass(frozen=True)
class TmeTarget:
    """One target: what it is, where it started, where the practitioner hopes it gets to,
    and its rating after each cycle (``None`` where a cycle is not rated yet)."""

    id: str
    description: str
    baseline: int
    hoped_for: int
    ratings: tuple[int | None, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "ratings", tuple(self.ratings))
        problems = target_problems(self, None)
        if problems:
            raise TmeError(None, [Problem(f"{p}: {m}") for p, m in problems])

    @property
    def direction(self) -> int:
        """+1 if the target aims up the scale, -1 if it aims down."""
        return 1 if self.hoped_for > self.baseline else -1

    def rating(self, cycle: int) -> int | None:
        """The rating after ``cycle`` (1-based), or ``None`` if not rated."""
        return self.ratings[cycle - 1] if 1 <= cycle <= len(self.ratings) else None


def scale_problems(low: Any, high: Any) -> list[tuple[str, str]]:
    """Problems with a scale, as (field, message) pairs."""
    problems = [
        (name, f"must be a whole number, not {value!r}")
        for name, value in (("low", low), ("high", high))
        if not is_whole_number(value)
    ]
    if not problems and not low < high:
        problems.append(("high", f"the top of the scale ({high}) must be above the bottom ({low})"))
    return problems


def target_problems(target: TmeTarget, scale: TmeScale | None) -> list[tuple[str, str]]:
    """Problems with a target (ratings checked against ``scale`` when given)."""
    problems: list[tuple[str, str]] = []
    if not isinstance(target.id, str) or not target.id.strip():
        problems.append(("id", "every target needs a short id, e.g. 'target-1'"))
    if not isinstance(target.description, str) or not target.description.strip():
        problems.append(("description", "say in a few words what the target is"))
    for name in ("baseline", "hoped_for"):
        value = getattr(target, name)
        if not is_whole_number(value):
            problems.append((name, f"must be a whole number, not {value!r}"))
        elif scale is not None and value not in scale:
            problems.append((name, f"{value} is outside the scale {scale.low} to {scale.high}"))
    if is_whole_number(target.baseline) and target.baseline == target.hoped_for:
        problems.append(
            ("hoped_for", "the hoped-for rating must differ from the baseline, or nothing can move")
        )
    for index, value in enumerate(target.ratings):
        if value is None:
            continue
        if not is_whole_number(value):
            problems.append((f"ratings[{index}]", f"must be a whole number or null, not {value!r}"))
        elif scale is not None and value not in scale:
            problems.append(
                (f"ratings[{index}]", f"{value} is outside the scale {scale.low} to {scale.high}")
            )
    return problems


def is_whole_number(value: object) -> bool:
    """An int that is not a bool (JSON's true/false are not ratings or counts)."""
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------- maths
def changes(target: TmeTarget) -> tuple[int | None, ...]:
    """Change from baseline after each cycle (``None`` where not rated)."""
    return tuple(None if r is None else r - target.baseline for r in target.ratings)


def reached(target: TmeTarget) -> tuple[bool | None, ...]:
    """Whether the hoped-for level was reached (or passed) after each cycle."""
    return tuple(
        None if r is None else (r - target.hoped_for) * target.direction >= 0
        for r in target.ratings
    )


def first_reached(target: TmeTarget) -> int | None:
    """The first cycle (1-based) after which the hoped-for level was reached, if any."""
    return next((i + 1 for i, hit in enumerate(reached(target)) if hit), None)


def latest(target: TmeTarget) -> tuple[int, int] | None:
    """``(cycle, rating)`` of the most recent rating, or ``None`` if none yet."""
    for index in range(len(target.ratings) - 1, -1, -1):
        value = target.ratings[index]
        if value is not None:
            return index + 1, value
    return None


def progress(target: TmeTarget, rating: int | None = None) -> float | None:
    """Share of the way from baseline to hoped-for: 0 at baseline, 1 at hoped-for.

    Uses the latest rating unless ``rating`` is given; may be below 0 or above 1.
    """
    if rating is None:
        last = latest(target)
        if last is None:
            return None
        rating = last[1]
    return (rating - target.baseline) / (target.hoped_for - target.baseline)

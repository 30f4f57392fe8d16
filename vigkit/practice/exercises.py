"""Exercises on the graded path: which practice film to tag, what to look for, and when a
trainee is ready to move on.

An exercise is a small YAML file in ``exercises/`` (see docs/exercises.md). It names a
practice film (``media/practice/FILM.mp4`` with its reference coding), the principles to
tag, the timing tolerance and a "ready to move on" rule. ``check`` compares a trainee's
coding with the reference on just those principles and says, strengths first, what they
saw and what to do next.

``vigkit.exercises.list()`` reads every exercise; ``vigkit.exercises.load(ID)`` one.
"""

from __future__ import annotations

import builtins
import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..agreement import Comparison, Feedback, FeedbackMoment, compare
from ..agreement.comparison import Level
from ..coding.scheme import DEFAULT_SCHEME, ID_PATTERN, Scheme, builtin_schemes, load_scheme
from ..coding.table import Coding
from ..core.coursedir import course_root, exercises_dir
from ..core.errors import Problem, ProblemsError, VigkitError
from ..core.textfile import read_text_file
from ..core.wording import counted
from ..core.yamlsource import LocatedYaml, PathKey, read_located_yaml
from .library import film_reference_path, film_storyboard_path, film_video, reference_of

#: The exercise file format this kit reads (the ``exercise:`` field).
FORMAT = 1
DEFAULT_TOLERANCE = 2.0
DEFAULT_FOUND = 0.7

_TOP_KEYS = {
    "exercise", "id", "title", "order", "film", "instructions", "level", "categories",
    "tolerance", "ready_when", "scheme",
}  # fmt: skip
_REQUIRED = ("exercise", "id", "title", "order", "film", "instructions")
_READY_KEYS = {"found", "same_name", "extras_at_most"}
_FORMAT_HINT = "The exercise format is described in docs/exercises.md."
_JOURNAL_SUFFIX = ".journal.jsonl"


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
        return _joined(parts)


@dataclass(frozen=True)
class Exercise:
    """One exercise: a practice film, the principles to tag in it and the ready rule."""

    id: str
    title: str
    order: int
    film: str
    instructions: str
    level: Level
    categories: tuple[str, ...]
    tolerance: float
    ready_when: ReadyRule
    source: Path
    scheme: str = DEFAULT_SCHEME

    @property
    def video(self) -> Path:
        """The practice film to watch and tag (``media/practice/FILM.mp4``)."""
        return film_video(self.film)

    @property
    def reference_path(self) -> Path:
        """The film's reference coding as rendered (``media/practice/FILM.reference.csv``)."""
        return film_reference_path(self.film)

    @property
    def storyboard_path(self) -> Path:
        """The film's storyboard (``exercises/storyboards/FILM.yaml``)."""
        return film_storyboard_path(self.film)

    def reference(self) -> Coding:
        """The film's reference coding, restricted to this exercise's principles and
        rolled up to categories when the exercise compares categories."""
        return _restricted(self._full_reference(), self.categories, self.level)

    def _full_reference(self) -> Coding:
        coding = reference_of(self.film, self.scheme)
        if coding is None:
            raise VigkitError(
                f"exercise {self.id}: the practice film '{self.film}' is missing: there is no "
                f"{self.reference_path} and no storyboard {self.storyboard_path}; run "
                "'vigkit practice build' (or 'make lab') to render the practice films"
            )
        if coding.scheme.id != self.scheme:
            raise VigkitError(
                f"exercise {self.id}: the film '{self.film}' is coded in scheme "
                f"'{coding.scheme.id}', but the exercise uses '{self.scheme}'; set 'scheme: "
                f"{coding.scheme.id}' in {self.source}"
            )
        return coding

    def check(self, coding: Coding | str | Path) -> ExerciseResult:
        """Compare a trainee's coding of the film (a Coding, or a coding file) with the
        reference, on this exercise's principles, with its tolerance and level."""
        if not isinstance(coding, Coding):
            coding = read_coding(coding, self.scheme)
        reference = self._full_reference()
        clip = (reference.clips or (self.film,))[0]
        trainee = self._own_clip(coding, clip)
        if len(trainee.coders) > 1:
            raise VigkitError(
                f"this coding has tags by several coders ({', '.join(trainee.coders)}); "
                "check one trainee's coding at a time"
            )
        if (trainee.scheme.id, trainee.scheme.version) != (
            reference.scheme.id,
            reference.scheme.version,
        ):
            raise VigkitError(
                f"this coding uses scheme {trainee.scheme.id} {trainee.scheme.version}, but "
                f"exercise {self.id} is coded in {reference.scheme.id} "
                f"{reference.scheme.version}; tag the film again with that scheme"
            )
        compared = _restricted(trainee, self.categories, self.level)
        result = compare(
            compared,
            _restricted(reference, self.categories, self.level),
            tolerance=self.tolerance,
            level=self.level,
        )
        return ExerciseResult(self, result, left_out=len(trainee) - len(compared))

    def _own_clip(self, coding: Coding, clip: str) -> Coding:
        """The trainee's tags of this exercise's film; a clear error if it is another film."""
        clips = coding.clips
        if not clips or clips == (clip,):
            return coding
        if clip in clips:
            return coding.filter(clip=clip)
        named = f"clip '{clips[0]}'" if len(clips) == 1 else f"clips {', '.join(clips)}"
        raise VigkitError(
            f"this coding is of {named}, but exercise {self.id} is about the film "
            f"'{clip}'; tag {self.video.name} and check that coding (the clip column must "
            f"say {clip})"
        )

    def describe(self) -> str:
        """The exercise in a few lines, for a trainee about to start."""
        scheme = load_scheme(self.scheme)
        keys = ", ".join(
            f"{scheme.category_of(c).key} = {scheme.label_of(c)}" for c in self.categories
        )
        # The film relative to the course folder: this text is shown (and kept) in notebooks,
        # which must never hold an absolute path.
        film = self.video.relative_to(course_root()).as_posix()
        return (
            f"{self.title}\n\n{self.instructions}\n\nFilm: {film}\nKeys: {keys}\n"
            f"Ready to move on when you {self.ready_when.describe()} "
            f"(within ±{self.tolerance:g} s)."
        )

    def __repr__(self) -> str:
        return f"<Exercise {self.id} ({self.order}): {self.title!r} on film {self.film}>"


@dataclass(frozen=True)
class ExerciseResult:
    """How a trainee's coding compares with the reference on one exercise, and whether
    they are ready to move on."""

    exercise: Exercise
    comparison: Comparison
    left_out: int = 0  # the trainee's tags of other principles, not compared
    _summary: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_summary", self.comparison.summary())

    @property
    def video(self) -> Path:
        """The film the exercise was coded on."""
        return self.exercise.video

    @property
    def found(self) -> int:
        """Reference moments the trainee found (within the tolerance, any name)."""
        return int(self._summary["matched"])

    @property
    def of(self) -> int:
        """Reference moments there were to find."""
        return int(self._summary["reference_events"])

    @property
    def same_name(self) -> int:
        """Found moments the trainee named as the reference did."""
        return int(self._summary["matched_same_code"])

    @property
    def extras(self) -> int:
        """The trainee's tags with no reference moment near them."""
        return int(self._summary["extras"])

    @property
    def tagged(self) -> int:
        """The trainee's tags compared (those of the exercise's principles)."""
        return int(self._summary["coder_events"])

    @property
    def needed(self) -> int:
        """How many reference moments must be found to move on."""
        return _at_least(self.exercise.ready_when.found, self.of)

    @property
    def needed_same_name(self) -> int:
        """How many of the found moments must be named the same way to move on."""
        return _at_least(self.exercise.ready_when.same_name, self.found)

    @property
    def ready(self) -> bool:
        """Whether the trainee meets every part of the exercise's ready rule."""
        return not self._missing()

    def _missing(self) -> builtins.list[str]:
        """The parts of the ready rule not met yet: 'found', 'same_name', 'extras'."""
        rule = self.exercise.ready_when
        missing = []
        if self.found < self.needed:
            missing.append("found")
        if self.same_name < self.needed_same_name:
            missing.append("same_name")
        if rule.extras_at_most is not None and self.extras > rule.extras_at_most:
            missing.append("extras")
        return missing

    def summary(self) -> dict[str, Any]:
        """The comparison's figures with the exercise's verdict (NaN as None, for JSON)."""
        figures = {
            k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in self._summary.items()
        }
        return {
            "exercise": self.exercise.id,
            "film": self.exercise.film,
            "ready": self.ready,
            "found": self.found,
            "of": self.of,
            "needed": self.needed,
            "same_name": self.same_name,
            "extras": self.extras,
            "left_out": self.left_out,
            **figures,
        }

    def feedback(self) -> Feedback:
        """Plain-English feedback (``str()`` for text): what the trainee saw first, then the
        moments to look at again, then whether they are ready to move on or what to do next."""
        scheme = self.comparison.scheme
        focus = _focus(scheme, self.exercise.categories)
        paragraphs: builtins.list[str] = []
        moments: tuple[FeedbackMoment, ...] = ()
        if self.tagged == 0:
            opening = "You have not tagged anything yet"
            if self.left_out:
                opening += (
                    f" for {focus}: your {counted(self.left_out, 'tag')} "
                    f"{'is' if self.left_out == 1 else 'are'} of other principles"
                )
            every = len(self.exercise.categories) == len(scheme.categories)
            paragraphs.append(
                f"{opening}. That is a fine place to start: watch the film, and each time "
                f"you see {'one of the principles' if every else focus}, press "
                f"{_keys(scheme, self.exercise.categories)}."
            )
        else:
            paragraphs.append(self._opening(focus))
            comparison_feedback = self.comparison.feedback()
            paragraphs += comparison_feedback.paragraphs[1:]
            moments = comparison_feedback.moments
            if self.left_out:
                one = self.left_out == 1
                paragraphs.append(
                    f"{counted(self.left_out, 'tag')} of yours {'is' if one else 'are'} of other "
                    f"principles; this exercise looks only at {focus}, so "
                    f"{'it was' if one else 'they were'} left out."
                )
        paragraphs.append(self._closing(focus))
        return Feedback(tuple(paragraphs), moments)

    def _opening(self, focus: str) -> str:
        """Strengths first: what the trainee found."""
        if self.of == 0:
            return (
                f"Your supervisor marked no moments of {focus} in this film, so your "
                f"{counted(self.tagged, 'tag')} cannot be matched; bring them to supervision."
            )
        if self.found == 0:
            return (
                f"You have made a start: you tagged {counted(self.tagged, 'moment')}. None is "
                f"within {self.exercise.tolerance:g} seconds of the {counted(self.of, 'moment')} "
                "your supervisor marked yet; looking closely takes practice, and the moments "
                "below are a good place to begin."
            )
        opening = (
            f"You spotted {self.found} of the {counted(self.of, 'moment')} of {focus} your "
            "supervisor marked"
        )
        naming_counts = self.exercise.level == "behaviour" or len(self.exercise.categories) > 1
        if naming_counts:
            opening += (
                " and named every one the same way as your supervisor"
                if self.same_name == self.found
                else f", and named {self.same_name} of them the same way as your supervisor"
            )
        return opening + "."

    def _closing(self, focus: str) -> str:
        """Ready to move on, or a kind, specific next step."""
        rule = self.exercise.ready_when
        missing = self._missing()
        if self.tagged == 0 and missing:
            return (
                f"When you have tagged the film, check again: you need {self.needed} of "
                f"{self.of} to move on."
            )
        if not missing:
            done = (
                f"you found {self.found} of {self.of} (this exercise asks for {self.needed})"
                if self.of
                else "there were no moments to find"
            )
            following = _next_after(self.exercise)
            then = f" Next: {following.title} ({following.id})." if following else ""
            return f"Ready to move on: {done}.{then}"
        steps = []
        if "found" in missing:
            missed = self.comparison.misses()
            looked_for = (
                _focus(
                    self.comparison.scheme,
                    tuple(dict.fromkeys(self.comparison.scheme.rollup(c) for c in missed["code"])),
                )
                if len(missed)
                else focus
            )
            start = " – start with the moments listed above" if len(missed) else ""
            steps.append(
                f"watch the film again and look for {looked_for}{start}; you need "
                f"{self.needed} of {self.of} to move on"
            )
        if "same_name" in missing:
            steps.append(
                "replay the moments you named differently and read the descriptions of the "
                "principles ('vigkit scheme --long'); you need to name "
                f"{self.needed_same_name} of the {self.found} you found the same way"
            )
        if "extras" in missing:
            steps.append(
                f"before you press a key, ask yourself whether the moment clearly shows "
                f"{focus}: you tagged {counted(self.extras, 'moment')} your supervisor did not "
                f"mark, and this exercise allows at most {rule.extras_at_most}"
            )
        return "Next step: " + _sentences(steps)

    def __str__(self) -> str:
        return str(self.feedback())

    def _repr_html_(self) -> str:
        return self.feedback()._repr_html_()

    def __repr__(self) -> str:
        verdict = "ready" if self.ready else "not ready yet"
        return f"<ExerciseResult {self.exercise.id}: found {self.found} of {self.of}, {verdict}>"


# ---------------------------------------------------------------- finding exercises
# Named like the builtin on purpose: the public call is ``vigkit.exercises.list()``.
def list() -> builtins.list[Exercise]:
    """Every exercise in ``exercises/*.yaml``, in the order of the graded path (then by id).

    A broken file raises its :class:`ExerciseError`, naming the file and the line.
    """
    folder = exercises_dir()
    found = [read_exercise(path) for path in sorted(folder.glob("*.yaml"))]
    return sorted(found, key=lambda e: (e.order, e.id))


def ids() -> builtins.list[str]:
    """The ids of the exercises (their file names), without reading them."""
    return sorted(path.stem for path in exercises_dir().glob("*.yaml"))


def load(exercise_id: str) -> Exercise:
    """The exercise with this id; an unknown id gets the list of ids and a "did you mean"."""
    path = exercises_dir() / f"{exercise_id}.yaml"
    if ID_PATTERN.match(exercise_id) and path.is_file():
        return read_exercise(path)
    known = ids()
    if not known:
        raise VigkitError(
            f"there is no exercise '{exercise_id}': there are no exercises in {exercises_dir()} yet"
        )
    close = difflib.get_close_matches(exercise_id.strip().casefold(), known, n=1, cutoff=0.6)
    maybe = f" (did you mean '{close[0]}'?)" if close else ""
    raise VigkitError(
        f"there is no exercise '{exercise_id}'{maybe}; the exercises are: {', '.join(known)}"
    )


def read_exercise(path: str | Path) -> Exercise:
    """Read and check one exercise file; every problem is listed with its line."""
    path = Path(path)
    text = read_text_file(path, ExerciseError, "Check the path; exercises are in exercises/.")
    return parse_exercise(text, path)


def parse_exercise(text: str, source: str | Path) -> Exercise:
    """Build an :class:`Exercise` from YAML text; ``source`` is its file (the id must
    match the file name, and the film must exist in the course)."""
    source = Path(source)
    located, problems = read_located_yaml(text, source)
    if located is None:
        raise ExerciseError(source, problems, hint=_FORMAT_HINT)
    exercise, problems = _ExerciseReader(located, source).read()
    if problems or exercise is None:
        raise ExerciseError(source, problems, hint=_FORMAT_HINT)
    return exercise


def read_coding(path: str | Path, scheme: str | Scheme | None = None) -> Coding:
    """A trainee's coding from a CSV, a JSON Lines file or a tagging journal."""
    path = Path(path)
    if path.name.endswith(_JOURNAL_SUFFIX):
        from ..coding.journal import replay

        return replay(path, scheme)
    return Coding.read(path, scheme)


# ---------------------------------------------------------------- reading exercise files
class _ExerciseReader:
    """Checks a parsed exercise document and collects every problem with its line."""

    def __init__(self, located: LocatedYaml, source: Path) -> None:
        self.located = located
        self.source = source
        self.problems: builtins.list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        self.problems.append(Problem(message, self.located.line(path)))

    def read(self) -> tuple[Exercise | None, builtins.list[Problem]]:
        data = self.located.data
        if not isinstance(data, dict):
            self.problem((), "an exercise must be a mapping with exercise, id, title, film, …")
            return None, self.problems
        self.keys(data, (), _TOP_KEYS)
        for key in _REQUIRED:
            if key not in data:
                extra = " (write 'exercise: 1' at the top)" if key == "exercise" else ""
                self.problem((), f"the required field '{key}' is missing{extra}")
        if "exercise" in data:
            self.version(data["exercise"])
        exercise_id = self.identifier(data, "id")
        if exercise_id and exercise_id != self.source.stem:
            self.problem(
                ("id",),
                f"the id '{exercise_id}' does not match the file name '{self.source.name}'; "
                f"rename the file to {exercise_id}.yaml or change the id",
            )
        title = self.text(data, "title")
        order = self.order(data.get("order"))
        film = self.identifier(data, "film")
        if film:
            self.film(film)
        instructions = self.text(data, "instructions", flowing=False)
        scheme = self.scheme(data.get("scheme"))
        level = self.level(data.get("level", "category"))
        categories = self.categories(data.get("categories"), scheme)
        tolerance = self.tolerance(data.get("tolerance", DEFAULT_TOLERANCE))
        ready = self.ready(data.get("ready_when"))
        if self.problems or scheme is None:
            return None, self.problems
        return (
            Exercise(
                id=exercise_id,
                title=title,
                order=order,
                film=film,
                instructions=instructions,
                level=level,
                categories=categories,
                tolerance=tolerance,
                ready_when=ready,
                source=self.source,
                scheme=scheme.id,
            ),
            [],
        )

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
        if not isinstance(value, builtins.list) or not value:
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
            or not (math.isfinite(value) and value > 0)
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
        self.keys(value, ("ready_when",), _READY_KEYS)
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


# ---------------------------------------------------------------- helpers
def _restricted(coding: Coding, categories: tuple[str, ...], level: Level) -> Coding:
    """The events of ``categories`` only, rolled up to categories at category level."""
    frame = coding.events
    keep = [coding.scheme.rollup(code) in categories for code in frame["code"]]
    if not all(keep):
        coding = Coding(frame[keep], scheme=coding.scheme, duration=coding.duration)
    return coding.rolled_up() if level == "category" else coding


def _at_least(share: float, total: int) -> int:
    """The whole number of items a share of ``total`` asks for (0.7 of 7 is 5)."""
    return max(0, math.ceil(share * total - 1e-9))


def _next_after(exercise: Exercise) -> Exercise | None:
    """The next exercise on the path, if there is one and it can be read."""
    try:
        path = list()
    except VigkitError:
        return None
    later = [e for e in path if (e.order, e.id) > (exercise.order, exercise.id)]
    return later[0] if later else None


def _focus(scheme: Scheme, categories: tuple[str, ...]) -> str:
    """What to look for, in words: the principles' labels (or "the principles")."""
    if len(categories) == len(scheme.categories):
        return "the principles"
    return _joined([scheme.label_of(c) for c in categories])


def _keys(scheme: Scheme, categories: tuple[str, ...]) -> str:
    """Which key to press, e.g. "3", or "its key (1 Being attentive, 3 Receiving …)"."""
    if len(categories) == 1:
        return scheme.category_of(categories[0]).key
    listed = ", ".join(f"{scheme.category_of(c).key} {scheme.label_of(c)}" for c in categories)
    return f"the key of the principle you see ({listed})"


def _joined(items: builtins.list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentences(steps: builtins.list[str]) -> str:
    """Steps as sentences: "Do this. Also, do that."."""
    return " Also, ".join(step + "." for step in steps)

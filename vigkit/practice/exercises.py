"""Exercises on the graded path: which practice film to tag, what to look for, and when a
trainee is ready to move on.

An exercise is a small YAML file in ``exercises/`` (see docs/exercises.md). It names a
practice film (``media/practice/FILM.mp4`` with its reference coding), the principles to
tag, the timing tolerance and a "ready to move on" rule. ``check`` compares a trainee's
coding with the reference on just those principles and says, strengths first, what they
saw and what to do next.

``vigkit.exercises.list()`` reads every exercise; ``vigkit.exercises.load(ID)`` one. The file
format and the checks of each field are in :mod:`.exercise_file`, the words of the feedback in
:mod:`.exercise_wording`, reading and narrowing a trainee's coding in :mod:`.trainee_coding`.

Kept whole: an exercise, its result and the finding of exercises refer to one another
(``check`` makes a result, a result names the next exercise on the path, found by reading
every exercise file into an exercise), so parting them would make an import cycle.
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
from ..coding.scheme import DEFAULT_SCHEME, ID_PATTERN, load_scheme
from ..coding.table import Coding
from ..core.coursedir import course_root, exercises_dir
from ..core.errors import Problem, VigkitError
from ..core.textfile import read_text_file
from ..core.wording import counted
from ..core.yamlsource import read_located_yaml
from ..media.films import film_video
from .exercise_file import (
    DEFAULT_FOUND,
    DEFAULT_TOLERANCE,
    FORMAT,
    FORMAT_HINT,
    REQUIRED_KEYS,
    TOP_KEYS,
    ExerciseError,
    ExerciseFieldReader,
    ReadyRule,
)
from .exercise_wording import as_sentences, keys_to_press, principles_in_words
from .library import film_reference_path, film_storyboard_path, reference_of
from .trainee_coding import read_coding, restricted_to

__all__ = [
    "DEFAULT_FOUND",
    "DEFAULT_TOLERANCE",
    "FORMAT",
    "Exercise",
    "ExerciseError",
    "ExerciseResult",
    "ReadyRule",
    "ids",
    "list",
    "load",
    "parse_exercise",
    "read_coding",
    "read_exercise",
]


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
        return restricted_to(self._full_reference(), self.categories, self.level)

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
        compared = restricted_to(trainee, self.categories, self.level)
        result = compare(
            compared,
            restricted_to(reference, self.categories, self.level),
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
        focus = principles_in_words(scheme, self.exercise.categories)
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
                f"{keys_to_press(scheme, self.exercise.categories)}."
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
                principles_in_words(
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
        return "Next step: " + as_sentences(steps)

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
        raise ExerciseError(source, problems, hint=FORMAT_HINT)
    exercise, problems = _ExerciseReader(located, source).read()
    if problems or exercise is None:
        raise ExerciseError(source, problems, hint=FORMAT_HINT)
    return exercise


class _ExerciseReader(ExerciseFieldReader):
    """Checks a parsed exercise document and collects every problem with its line."""

    def read(self) -> tuple[Exercise | None, builtins.list[Problem]]:
        data = self.located.data
        if not isinstance(data, dict):
            self.problem((), "an exercise must be a mapping with exercise, id, title, film, …")
            return None, self.problems
        self.keys(data, (), TOP_KEYS)
        for key in REQUIRED_KEYS:
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


# ---------------------------------------------------------------- helpers
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

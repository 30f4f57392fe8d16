"""Read a storyboard (YAML, see ``docs/storyboards.md``) into a complete :class:`Storyboard`.

The reader checks the whole file and lists every problem with its line, so a supervisor
can fix a new exercise in one pass; when it succeeds every default is filled in, so the
renderer and the reference coding never have to guess. The reader is built in layers:
:mod:`.field_reader` (single fields), :mod:`.cast_reader`, :mod:`.code_reader` and
:mod:`.beat_reader`; :mod:`.vocabulary` says what a storyboard may say and :mod:`.defaults`
what it gets where it says nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from ..coding.scheme import DEFAULT_SCHEME, builtin_schemes, load_scheme
from ..core.errors import Problem, ProblemsError, SchemeError
from ..core.textfile import read_text_file
from ..core.yamlsource import read_located_yaml
from .beat_reader import BeatReader
from .defaults import default_pitch
from .field_reader import shown_time
from .model import SETTINGS, Setting, Storyboard
from .vocabulary import (
    FORMAT_VERSION,
    MAX_DURATION,
    MAX_PITCH,
    MIN_DURATION,
    MIN_PITCH,
    TOP_KEYS,
    default_length,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_DURATION",
    "MAX_PITCH",
    "MIN_DURATION",
    "MIN_PITCH",
    "StoryboardError",
    "default_length",
    "default_pitch",
    "load_storyboard",
    "parse_storyboard",
]

_FORMAT_HINT = "The storyboard format is described in docs/storyboards.md."


class StoryboardError(ProblemsError):
    """A storyboard cannot be read: every problem is listed with its line."""

    kind = "storyboard"

    def __init__(
        self,
        source: str | Path | None,
        problems: Sequence[Problem],
        hint: str = _FORMAT_HINT,
        unit: str = "line",
        consequence: str = "nothing was rendered",
    ) -> None:
        super().__init__(source, problems, hint=hint, unit=unit, consequence=consequence)


def load_storyboard(path: str | Path) -> Storyboard:
    """Read and check a storyboard file (UTF-8 YAML); raise :class:`StoryboardError` if bad."""
    path = Path(path)
    hint = "Check the path; the course's storyboards are in exercises/storyboards/."
    return parse_storyboard(read_text_file(path, StoryboardError, hint), source=path)


def parse_storyboard(text: str, source: str | Path = "<text>") -> Storyboard:
    """Build a :class:`Storyboard` from YAML text, checking everything before returning.

    ``source`` names the file in messages; a relative ``scheme:`` path is found next to it.
    """
    located, problems = read_located_yaml(text, source)
    if located is None:
        raise StoryboardError(source, [_explain_yaml(p) for p in problems])
    board, problems = _StoryboardReader(located, source).read()
    if problems or board is None:
        raise StoryboardError(source, _in_line_order(problems))
    return board


def _explain_yaml(problem: Problem) -> Problem:
    """Add the likely cause to YAML's message for a colon inside unquoted text."""
    if "mapping values are not allowed" not in problem.message:
        return problem
    return Problem(
        problem.message + "; is there a ': ' inside a text? Then put the text in quotes",
        problem.line,
    )


def _in_line_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by line (whole-file problems first), as an editor shows the file."""
    return sorted(problems, key=lambda p: -1 if p.line is None else p.line)


class _StoryboardReader(BeatReader):
    """Checks a parsed storyboard and collects every problem with its line."""

    def read(self) -> tuple[Storyboard | None, list[Problem]]:
        data = self.located.data
        if data is None:
            self.problem((), "the storyboard is empty; start it with 'storyboard: 1'")
            return None, self.problems
        if not isinstance(data, dict):
            self.problem((), "a storyboard must be a mapping that starts with 'storyboard: 1'")
            return None, self.problems
        self.check_keys(data, (), TOP_KEYS, required=("id", "title", "setting", "duration"))
        self.version(data)
        board_id = self.identifier(data, (), "storyboard")
        if board_id is not None and len(board_id) > 64:
            self.problem(("id",), "the storyboard id is too long: use at most 64 characters")
        title = self.text(data, (), "title", required=True)
        setting = self.choice(data, (), "setting", SETTINGS, "a setting the kit can draw")
        self.duration = self.film_length(data)
        description = self.text(data, (), "description") or ""
        scheme_name = self.read_scheme(data)
        thumbnail = self.thumbnail(data)
        participants = self.participants(self.listing(data, "participants", required=True))
        props = self.props(self.listing(data, "props", required=False))
        beats, codes = self.beats(self.listing(data, "beats", required=True))
        codes += self.top_codes(self.listing(data, "codes", required=False))
        self.overlaps(beats)
        if self.problems:
            return None, self.problems
        return (
            Storyboard(
                id=cast(str, board_id),
                title=cast(str, title),
                setting=cast(Setting, setting),
                duration=cast(float, self.duration),
                description=description,
                participants=tuple(participants),
                props=tuple(props),
                beats=tuple(sorted(beats, key=lambda b: (b.at, b.line or 0))),
                codes=tuple(sorted(codes, key=lambda c: (c.onset, c.line or 0))),
                scheme=scheme_name,
                thumbnail_at=cast(float, thumbnail),
                source=str(self.source),
            ),
            [],
        )

    def version(self, data: dict[str, Any]) -> None:
        if "storyboard" not in data:
            self.problem((), "the format version is missing: start the file with 'storyboard: 1'")
        elif str(data["storyboard"]).strip() not in (str(FORMAT_VERSION), f"{FORMAT_VERSION}.0"):
            self.problem(
                ("storyboard",),
                f"this kit reads storyboard format {FORMAT_VERSION}, not "
                f"'{data['storyboard']}'; write 'storyboard: {FORMAT_VERSION}' or update vigkit",
            )

    def film_length(self, data: dict[str, Any]) -> float | None:
        seconds = self.time(data, (), "duration")
        if seconds is not None and not MIN_DURATION <= seconds <= MAX_DURATION:
            self.problem(
                ("duration",),
                f"the film lasts {seconds:g} s; make it {MIN_DURATION:g} to {MAX_DURATION:g} "
                "seconds long",
            )
            return None
        return seconds

    def thumbnail(self, data: dict[str, Any]) -> float | None:
        if "thumbnail" not in data:
            return round(self.duration / 3, 3) if self.duration is not None else None
        seconds = self.time(data, (), "thumbnail")
        if seconds is not None and self.duration is not None and seconds >= self.duration:
            self.problem(
                ("thumbnail",),
                f"the thumbnail at {shown_time(seconds)} is not inside the film "
                f"(0:00.0 to {shown_time(self.duration)}); pick an earlier moment",
            )
        return seconds

    def read_scheme(self, data: dict[str, Any]) -> str:
        """The scheme the codes are in: a built-in name, or a file next to the storyboard."""
        value = data.get("scheme", DEFAULT_SCHEME)
        if not isinstance(value, str) or not value.strip():
            self.problem(("scheme",), "'scheme' must be the name or path of a coding scheme")
            return DEFAULT_SCHEME
        name = value.strip()
        if name not in builtin_schemes():
            path = Path(name)
            folder = Path(self.source).parent
            if not path.is_absolute() and Path(self.source).is_file():
                path = folder / path
            name = str(path)
        try:
            self.scheme = load_scheme(name)
        except SchemeError as error:
            reasons = "; ".join(p.describe() for p in error.problems)
            self.problem(
                ("scheme",),
                f"the scheme '{value}' cannot be used ({reasons}); give a built-in scheme "
                f"({', '.join(builtin_schemes())}) or the path of a scheme file",
            )
        return name

"""Read a storyboard (YAML, see ``docs/storyboards.md``) into a complete :class:`Storyboard`.

The reader checks the whole file and lists every problem with its line, so a supervisor
can fix a new exercise in one pass; when it succeeds every default is filled in, so the
renderer and the reference coding never have to guess.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ..coding.scheme import (
    COLOUR_PATTERN,
    DEFAULT_SCHEME,
    ID_PATTERN,
    Scheme,
    builtin_schemes,
    load_scheme,
)
from ..core.errors import Problem, ProblemsError, SchemeError
from ..core.textfile import read_text_file
from ..core.timecode import format_time, parse_time
from ..core.yamlsource import LocatedYaml, PathKey, read_located_yaml
from .model import (
    ACTIONS,
    DIRECTIONS,
    PROP_KINDS,
    SETTINGS,
    SIZES,
    STATES,
    TONES,
    Action,
    Beat,
    Look,
    Participant,
    Prop,
    ReferenceCode,
    Setting,
    Size,
    Storyboard,
    Tone,
)

#: The storyboard format version this reader understands.
FORMAT_VERSION = 1
#: The shortest and longest film a storyboard may describe, in seconds.
MIN_DURATION = 5.0
MAX_DURATION = 600.0
#: The voice pitches a storyboard may ask for, in Hz.
MIN_PITCH = 60.0
MAX_PITCH = 600.0

_FORMAT_HINT = "The storyboard format is described in docs/storyboards.md."

_TOP_KEYS = (
    "storyboard",
    "id",
    "title",
    "setting",
    "duration",
    "description",
    "scheme",
    "thumbnail",
    "participants",
    "props",
    "beats",
    "codes",
)
_PARTICIPANT_KEYS = ("id", "role", "name", "size", "subject", "x", "skin", "hair", "top", "pitch")
_PROP_KEYS = ("id", "kind", "colour", "x")
_BEAT_KEYS = (
    "at",
    "who",
    "do",
    "target",
    "text",
    "prop",
    "until",
    "tone",
    "away",
    "note",
    "codes",
)
_CODE_KEYS = ("code", "onset", "offset", "subject", "note", "point")
#: Beat fields every action accepts; the others belong to some actions only.
_COMMON_BEAT_KEYS = frozenset({"at", "do", "until", "note", "codes"})

# Defaults: a colour-blind-safe palette for clothes and props, and varied skin and hair.
_TOPS = ("#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#D55E00", "#F0E442")
_SKINS = ("#E0B89A", "#8D5524", "#F1C9A5", "#A16E4B", "#C68642", "#5C3A21", "#FFDBAC")
_HAIRS = ("#2B1B0E", "#6B4F2A", "#141010", "#C8A25A", "#3B2A20", "#A0522D", "#8A8A8A")
_PROP_COLOURS = {
    "blocks": "#D55E00",
    "ball": "#0072B2",
    "book": "#009E73",
    "cup": "#CC79A7",
    "toy-car": "#F0E442",
    "paper": "#F5F5F0",
    "teddy": "#A0522D",
    "bowl": "#56B4E9",
    "mug": "#E69F00",
}
# Voices: adults vary across 120-220 Hz so two adults never sound alike; children higher.
_ADULT_PITCHES = (200.0, 130.0, 175.0, 150.0, 220.0, 120.0)
_BASE_PITCH = {"child": 260.0, "toddler": 300.0, "baby": 350.0}
_PITCH_STEPS = (0.0, 20.0, -15.0, 35.0, -30.0)
_DEFAULT_SUBJECT = {"adult": "adult", "child": "child", "toddler": "child", "baby": "child"}


@dataclass(frozen=True)
class _Rule:
    """What one action needs and accepts, and how long it lasts when ``until`` is not given.

    ``length`` is seconds (``None``: a state, or ``until`` is required); ``per_char`` adds
    that many seconds per character of ``text`` (speech takes as long as its words).
    """

    needs: tuple[str, ...]
    accepts: tuple[str, ...] = ()
    length: float | None = None
    per_char: float = 0.0


_RULES: dict[str, _Rule] = {
    "speak": _Rule(("who", "text"), ("tone",), 0.4, 0.06),
    "gaze": _Rule(("who", "target")),
    "turn": _Rule(("who", "target"), ("away",)),
    "smile": _Rule(("who",), (), 2.0),
    "nod": _Rule(("who",), (), 1.0),
    "point": _Rule(("who", "target"), (), 1.5),
    "hold-up": _Rule(("who", "prop"), (), 2.0),
    "offer": _Rule(("who", "prop", "target"), (), 2.0),
    "wait": _Rule(("who", "until")),
    "caption": _Rule(("text",), (), 3.0),
}
#: Common slips of the tongue for actions, beyond what "did you mean" spelling finds.
_ACTION_SYNONYMS = {
    "look": "gaze",
    "look-at": "gaze",
    "watch": "gaze",
    "say": "speak",
    "talk": "speak",
    "show": "hold-up",
    "hold": "hold-up",
    "give": "offer",
    "pause": "wait",
    "narrate": "caption",
}


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


def _did_you_mean(value: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice to a mistyped value, else ``""``."""
    best = difflib.get_close_matches(str(value).strip().casefold(), list(choices), n=1)
    return f" (did you mean '{best[0]}'?)" if best else ""


def _seconds(value: float) -> str:
    """A time as messages show it: ``0:12.5``."""
    return format_time(value, 1)


def _span(beat: Beat) -> str:
    """When a beat happens, for messages: ``0:04.0 to 0:06.3`` (or ``from 0:04.0``)."""
    if beat.until is None:
        return f"from {_seconds(beat.at)}"
    return f"{_seconds(beat.at)} to {_seconds(beat.until)}"


def _is_number(value: object) -> bool:
    """Whether YAML gave a plain number (not ``true``/``false``, which YAML also counts)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _overlap(one: Beat, other: Beat) -> bool:
    """Whether two beats with ends share some time (touching end to start is fine)."""
    if one.until is None or other.until is None:
        return False
    return one.at < other.until and other.at < one.until


def default_length(action: str, text: str | None = None) -> float | None:
    """How long a beat lasts without ``until``: ``None`` for states (gaze, turn) and wait."""
    rule = _RULES[action]
    if rule.length is None:
        return None
    return rule.length + rule.per_char * len(text or "")


def default_pitch(size: str, nth_of_size: int) -> float:
    """The default voice pitch (Hz) of the ``nth_of_size`` person (from 0) of a size."""
    if size == "adult":
        return _ADULT_PITCHES[nth_of_size % len(_ADULT_PITCHES)]
    return _BASE_PITCH[size] + _PITCH_STEPS[nth_of_size % len(_PITCH_STEPS)]


@dataclass
class _Defaults:
    """Hands out default colours and voices, so that no two people look or sound alike.

    A default colour skips colours the storyboard gives anyone and colours already handed
    out, while the palette lasts; a default pitch depends on how many of that size came before.
    """

    taken: dict[str, set[str]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def avoiding(cls, items: Sequence[Any]) -> _Defaults:
        """Defaults that avoid every colour given explicitly to any participant in ``items``."""
        defaults = cls()
        for item in items:
            for part in ("skin", "hair", "top"):
                value = item.get(part) if isinstance(item, dict) else None
                if isinstance(value, str):
                    defaults.taken.setdefault(part, set()).add(value.upper())
        return defaults

    def colour(self, part: str, palette: Sequence[str], index: int) -> str:
        taken = self.taken.setdefault(part, set())
        shifted = [palette[(index + step) % len(palette)] for step in range(len(palette))]
        choice = next((c for c in shifted if c not in taken), shifted[0])
        taken.add(choice)
        return choice

    def pitch(self, size: str) -> float:
        nth = self.sizes.get(size, 0)
        self.sizes[size] = nth + 1
        return default_pitch(size, nth)


class _StoryboardReader:
    """Checks a parsed storyboard and collects every problem with its line."""

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
                    f"unknown field '{key}'{_did_you_mean(key, allowed)}; "
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
        text = self.located.raw.get((*path, "id"), value) if _is_number(value) else value
        if not isinstance(text, str) or not ID_PATTERN.match(text):
            self.problem(
                (*path, "id"),
                f"'{value}' is not a valid {what} id: use lowercase letters, digits and "
                f"single hyphens, e.g. '{_ID_EXAMPLES[what]}'",
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
            f"'{value}' is not {what}{_did_you_mean(value, choices)}; "
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
            f"{what} {_seconds(seconds)} is past the end of the film "
            f"({_seconds(self.duration)}); make it earlier or the film longer",
        )
        return False

    def number(
        self, data: dict[str, Any], path: PathKey, key: str, low: float, high: float, example: str
    ) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if not _is_number(value) or not low <= float(value) <= high:
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

    # ------------------------------------------------------------------ the whole file
    def read(self) -> tuple[Storyboard | None, list[Problem]]:
        data = self.located.data
        if data is None:
            self.problem((), "the storyboard is empty; start it with 'storyboard: 1'")
            return None, self.problems
        if not isinstance(data, dict):
            self.problem((), "a storyboard must be a mapping that starts with 'storyboard: 1'")
            return None, self.problems
        self.check_keys(data, (), _TOP_KEYS, required=("id", "title", "setting", "duration"))
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
                f"the thumbnail at {_seconds(seconds)} is not inside the film "
                f"(0:00.0 to {_seconds(self.duration)}); pick an earlier moment",
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

    # ------------------------------------------------------------------ the scene
    def participants(self, items: list[Any]) -> list[Participant]:
        result: list[Participant] = []
        defaults = _Defaults.avoiding(items)
        for index, item in enumerate(items):
            path: PathKey = ("participants", index)
            if not isinstance(item, dict):
                self.problem(path, "each participant must be a mapping with id and role")
                continue
            person = self.participant(item, path, index, len(items), defaults)
            if person is not None:
                result.append(person)
        return result

    def participant(
        self, item: dict[str, Any], path: PathKey, index: int, count: int, defaults: _Defaults
    ) -> Participant | None:
        self.check_keys(item, path, _PARTICIPANT_KEYS, required=("id", "role"))
        person_id = self.identifier(item, path, "participant")
        role = self.text(item, path, "role", required=True)
        name = self.text(item, path, "name", required=True)
        size = cast(Size, self.choice(item, path, "size", SIZES, "a size") or "adult")
        if "subject" in item:
            subject = self.subject(item, path, "subject")
        else:
            subject = self.default_subject(size, path)
        x = self.number(item, path, "x", 0.0, 1.0, "e.g. 0.3 (0 is the left edge)")
        pitch = self.number(item, path, "pitch", MIN_PITCH, MAX_PITCH, "in Hz, e.g. 180")
        look = Look(
            size=size,
            skin=self.colour(item, path, "skin", defaults.colour("skin", _SKINS, index)),
            hair=self.colour(item, path, "hair", defaults.colour("hair", _HAIRS, index)),
            top=self.colour(item, path, "top", defaults.colour("top", _TOPS, index)),
        )
        default_voice = defaults.pitch(size)
        if person_id is None or not self.register(person_id, path):
            return None
        self.people[person_id] = subject
        return Participant(
            id=person_id,
            role=role or "",
            name=name or person_id.replace("-", " ").capitalize(),
            subject=subject or "",
            look=look,
            x=x if x is not None else (index + 1) / (count + 1),
            pitch=pitch if pitch is not None else default_voice,
        )

    def subject(self, data: dict[str, Any], path: PathKey, key: str) -> str | None:
        """A subject given in the file, checked against the scheme's subjects."""
        value = self.text(data, path, key, required=True)
        if value is None or self.scheme is None or not self.scheme.subjects:
            return value
        if value not in self.scheme.subjects:
            self.problem(
                (*path, key),
                f"'{value}' is not a subject of scheme '{self.scheme.id}'"
                f"{_did_you_mean(value, self.scheme.subjects)}; use one of "
                f"{', '.join(self.scheme.subjects)}",
            )
            return None
        return value

    def default_subject(self, size: str, path: PathKey) -> str | None:
        """adult for adults, child for everyone else, if the scheme has that subject."""
        subject = _DEFAULT_SUBJECT[size]
        if self.scheme is not None and self.scheme.subjects and subject not in self.scheme.subjects:
            self.problem(
                path,
                f"scheme '{self.scheme.id}' has no subject '{subject}': give this participant "
                f"a 'subject' (one of {', '.join(self.scheme.subjects)})",
            )
            return None
        return subject

    def props(self, items: list[Any]) -> list[Prop]:
        result: list[Prop] = []
        kinds_seen: set[str] = set()
        for index, item in enumerate(items):
            path: PathKey = ("props", index)
            if not isinstance(item, dict):
                self.problem(path, "each prop must be a mapping with id and kind")
                continue
            self.check_keys(item, path, _PROP_KEYS, required=("id", "kind"))
            prop_id = self.identifier(item, path, "prop")
            kind = self.choice(item, path, "kind", PROP_KINDS, "a prop the kit can draw")
            first_of_kind = kind is not None and kind not in kinds_seen
            default = _PROP_COLOURS[kind] if kind and first_of_kind else _TOPS[index % len(_TOPS)]
            kinds_seen.add(kind or "")
            colour = self.colour(item, path, "colour", default)
            x = self.number(item, path, "x", 0.0, 1.0, "e.g. 0.5 (0 is the left edge)")
            if prop_id is None or not self.register(prop_id, path):
                continue
            self.things.add(prop_id)
            result.append(
                Prop(
                    id=prop_id,
                    kind=kind or "",
                    colour=colour,
                    x=x if x is not None else (index + 1) / (len(items) + 1),
                )
            )
        return result

    # ------------------------------------------------------------------ the timeline
    def beats(self, items: list[Any]) -> tuple[list[Beat], list[ReferenceCode]]:
        beats: list[Beat] = []
        codes: list[ReferenceCode] = []
        for index, item in enumerate(items):
            path: PathKey = ("beats", index)
            if not isinstance(item, dict):
                self.problem(path, "each beat must be a mapping with at, who and do")
                continue
            beat = self.beat(item, path)
            if beat is not None:
                beats.append(beat)
            codes += self.beat_codes(item, path, beat)
        return beats, codes

    def beat(self, item: dict[str, Any], path: PathKey) -> Beat | None:
        before = len(self.problems)
        self.check_keys(item, path, _BEAT_KEYS, required=("at", "do"))
        action = self.action(item, path)
        if action is not None:
            self.fits_action(item, path, action)
        who = self.who(item, path)
        at = self.time(item, path, "at")
        if at is not None and self.duration is not None and at >= self.duration:
            self.problem(
                (*path, "at"),
                f"the beat starts at {_seconds(at)}, but the film ends at "
                f"{_seconds(self.duration)}; start it earlier or make the film longer",
            )
            at = None
        text = self.text(item, path, "text", required=True)
        until = self.until(item, path, at, action, text)
        target = self.target(item, path, action, who)
        prop = self.prop(item, path)
        tone = self.choice(item, path, "tone", TONES, "a tone of voice") or "neutral"
        away = self.flag(item, path, "away")
        note = self.text(item, path, "note")
        if action is None or at is None or len(self.problems) > before:
            return None
        return Beat(
            at=at,
            until=until,
            action=cast(Action, action),
            who=who,
            target=target,
            text=text,
            prop=prop,
            tone=cast(Tone, tone),
            away=away,
            note=note,
            line=self.located.line(path),
        )

    def action(self, item: dict[str, Any], path: PathKey) -> str | None:
        value = item.get("do")
        if value is None:
            return None
        word = str(value).strip().lower() if isinstance(value, str) else ""
        if word in ACTIONS:
            return word
        hint = _ACTION_SYNONYMS.get(word.replace(" ", "-"))
        maybe = f" (did you mean '{hint}'?)" if hint else _did_you_mean(word, ACTIONS)
        self.problem(
            (*path, "do"),
            f"'{value}' is not something a figure can do{maybe}; use one of {', '.join(ACTIONS)}",
        )
        return None

    def fits_action(self, item: dict[str, Any], path: PathKey, action: str) -> None:
        """Every field the action needs is there, and no field it would ignore."""
        rule = _RULES[action]
        for key in rule.needs:
            if key not in item:
                self.problem(path, f"a '{action}' beat needs '{key}'{_NEED_HINT[key]}")
        own = set(rule.needs) | set(rule.accepts) | _COMMON_BEAT_KEYS
        for key in item:
            if key in _BEAT_KEYS and key not in own:
                users = [a for a, r in _RULES.items() if key in r.needs or key in r.accepts]
                only = f" (only {' and '.join(users)} beats do)" if len(users) <= 2 else ""
                self.problem((*path, key), f"a '{action}' beat has no '{key}'{only}; remove it")

    def who(self, item: dict[str, Any], path: PathKey) -> str | None:
        value = item.get("who")
        if value is None:
            if "who" in item:
                self.problem((*path, "who"), "'who' is empty")
            return None
        if isinstance(value, str) and value in self.people:
            return value
        if isinstance(value, str) and value in self.things:
            self.problem((*path, "who"), f"'{value}' is a prop; 'who' must be a participant")
        else:
            self.problem((*path, "who"), self.not_in_scene(value, "who", list(self.people)))
        return None

    def not_in_scene(self, value: object, key: str, choices: list[str]) -> str:
        listed = ", ".join(choices) if choices else "none are defined"
        return (
            f"'{value}' is not in the scene{_did_you_mean(value, choices)}; "
            f"'{key}' must be one of: {listed}"
        )

    def until(
        self,
        item: dict[str, Any],
        path: PathKey,
        at: float | None,
        action: str | None,
        text: str | None,
    ) -> float | None:
        """When the beat ends: as given (after ``at``, inside the film) or by the table."""
        if "until" in item:
            until = self.time(item, path, "until")
            if until is not None and at is not None and until <= at:
                self.problem(
                    (*path, "until"),
                    f"'until' ({_seconds(until)}) must come after 'at' ({_seconds(at)})",
                )
            if not self.within_film(until, (*path, "until"), "'until'"):
                return None
            return until
        if at is None or action is None:
            return None
        length = default_length(action, text)
        if length is None:
            return None
        end = round(at + length, 3)  # whole milliseconds: tidy, identical on every machine
        return min(end, self.duration) if self.duration is not None else end

    def target(
        self, item: dict[str, Any], path: PathKey, action: str | None, who: str | None
    ) -> str | None:
        """Whom or what a gaze, turn, point or offer is aimed at (not the person themselves)."""
        value = item.get("target")
        if value is None:
            if "target" in item:
                self.problem((*path, "target"), "'target' is empty")
            return None
        choices = [*self.people, *self.things, *DIRECTIONS]
        what = "a target is a participant, a prop or a direction"
        if not isinstance(value, str) or value not in choices:
            listed = ", ".join(choices)
            self.problem(
                (*path, "target"),
                f"'{value}' is not in the scene{_did_you_mean(value, choices)}; {what}: {listed}",
            )
            return None
        if value == who:
            self.problem((*path, "target"), f"'{who}' cannot {action} at themselves")
            return None
        return value

    def prop(self, item: dict[str, Any], path: PathKey) -> str | None:
        value = item.get("prop")
        if value is None:
            if "prop" in item:
                self.problem((*path, "prop"), "'prop' is empty")
            return None
        if isinstance(value, str) and value in self.things:
            return value
        self.problem((*path, "prop"), self.not_in_scene(value, "prop", sorted(self.things)))
        return None

    def overlaps(self, beats: list[Beat]) -> None:
        """One person does one action of a kind at a time; captions come one at a time."""
        by_kind: dict[tuple[str | None, str], list[Beat]] = {}
        for beat in sorted(beats, key=lambda b: (b.at, b.line or 0)):
            by_kind.setdefault((beat.who, beat.action), []).append(beat)
        for (who, action), group in by_kind.items():
            for earlier, later in itertools.pairwise(group):
                # A new gaze or turn simply replaces the last; other actions must not overlap.
                clash = later.at == earlier.at if action in STATES else _overlap(earlier, later)
                if clash:
                    self.report_clash(who, earlier, later)
        self.speech_in_silence(by_kind)

    def report_clash(self, who: str | None, earlier: Beat, later: Beat) -> None:
        """Report ``later`` for clashing with ``earlier``, the same action by the same person."""
        action = later.action
        whose = f"{who}'s" if who else "another"
        if action in STATES:
            message = (
                f"{whose} '{action}' on line {earlier.line} also starts at "
                f"{_seconds(later.at)}; give one of them another time"
            )
        else:
            doer = "one person does one" if who else "the film shows one"
            message = (
                f"this '{action}' overlaps {whose} '{action}' at {_span(earlier)} (line "
                f"{earlier.line}); {doer} {action} at a time, so start this one later or end "
                "that one sooner with 'until'"
            )
        self.problems.append(Problem(message, later.line))

    def speech_in_silence(self, by_kind: dict[tuple[str | None, str], list[Beat]]) -> None:
        """A wait is silence, so the same person cannot speak during it."""
        for (who, action), waits in by_kind.items():
            if action != "wait":
                continue
            for speech in by_kind.get((who, "speak"), []):
                for wait in waits:
                    if _overlap(wait, speech):
                        self.problems.append(
                            Problem(
                                f"{who} speaks during their own wait ({_span(wait)}, "
                                f"line {wait.line}), which is silence; move one of them",
                                speech.line,
                            )
                        )

    # ------------------------------------------------------------------ reference codes
    def beat_codes(
        self, item: dict[str, Any], path: PathKey, beat: Beat | None
    ) -> list[ReferenceCode]:
        """A beat's codes: by default its interval (a point for open gaze/turn), its person."""
        items = item.get("codes")
        if items is None:
            return []
        if not isinstance(items, list):
            self.problem((*path, "codes"), "'codes' must be a list of codes")
            return []
        codes: list[ReferenceCode] = []
        subject = None
        if beat is not None and beat.who is not None:
            subject = self.people[beat.who]
        for index, code_item in enumerate(items):
            code_path: PathKey = (*path, "codes", index)
            onset = beat.at if beat is not None else None
            offset = (beat.until if beat.until is not None else beat.at) if beat else None
            code = self.code(code_item, code_path, onset, offset, subject)
            if code is not None:
                codes.append(code)
        return codes

    def top_codes(self, items: list[Any]) -> list[ReferenceCode]:
        """Codes spanning several beats: each needs its own ``onset``."""
        codes: list[ReferenceCode] = []
        for index, item in enumerate(items):
            path: PathKey = ("codes", index)
            if isinstance(item, dict) and "onset" not in item:
                self.problem(path, "a code under the top-level 'codes' needs an 'onset'")
            code = self.code(item, path, None, None, None)
            if code is not None:
                codes.append(code)
        return codes

    def code(
        self,
        item: Any,
        path: PathKey,
        onset: float | None,
        offset: float | None,
        subject: str | None,
    ) -> ReferenceCode | None:
        """One reference code; the given onset/offset/subject are the beat's defaults."""
        if not isinstance(item, dict):
            self.problem(path, "each code must be a mapping with at least 'code'")
            return None
        before = len(self.problems)
        self.check_keys(item, path, _CODE_KEYS, required=("code",))
        code = self.code_id(item, path)
        if "subject" in item:
            subject = self.subject(item, path, "subject")
        note = self.text(item, path, "note")
        onset, offset = self.code_times(item, path, onset, offset)
        if len(self.problems) > before or code is None or onset is None or offset is None:
            return None
        return ReferenceCode(
            code=code,
            onset=onset,
            offset=offset,
            subject=subject,
            note=note,
            line=self.located.line(path),
        )

    def code_id(self, item: dict[str, Any], path: PathKey) -> str | None:
        value = self.text(item, path, "code", required=True)
        if value is None or self.scheme is None:
            return value
        resolved = self.scheme.resolve(value)
        if resolved is None:
            hint = self.scheme.suggest(value)
            maybe = f" (did you mean '{hint}'?)" if hint else ""
            self.problem(
                (*path, "code"),
                f"code '{value}' is not in the scheme '{self.scheme.id}'{maybe}; "
                f"see the codes with: vigkit scheme {self.scheme.id}",
            )
        return resolved

    def code_times(
        self, item: dict[str, Any], path: PathKey, onset: float | None, offset: float | None
    ) -> tuple[float | None, float | None]:
        """Onset and offset: given ones override the beat's; a point ends at its onset.

        A code is a point with ``point: true``, when its beat's default is a point (an open
        gaze or turn), or under the top-level ``codes`` without an ``offset``.
        """
        point = self.flag(item, path, "point") or offset is None or offset == onset
        given_onset = "onset" in item
        if given_onset:
            onset = self.time(item, path, "onset")
        if item.get("point") is True and "offset" in item:
            self.problem((*path, "offset"), "a point has no 'offset': remove 'offset' or 'point'")
        elif "offset" in item:
            offset = self.time(item, path, "offset")
        elif point:
            offset = onset
        where = (*path, "onset") if given_onset else path
        if not self.within_film(onset, where, "the code's onset"):
            return None, None
        if not self.within_film(
            offset, (*path, "offset") if "offset" in item else path, "the code's offset"
        ):
            return None, None
        if onset is not None and offset is not None and offset < onset:
            self.problem(
                (*path, "offset") if "offset" in item else where,
                f"the code ends ({_seconds(offset)}) before it starts ({_seconds(onset)}); "
                "give an 'offset' after the onset, or 'point: true'",
            )
            return None, None
        return onset, offset


#: An example id for each thing that has one, for messages.
_ID_EXAMPLES = {"storyboard": "home-floor-play", "participant": "sam", "prop": "red-ball"}

#: What to write when an action's needed field is missing.
_NEED_HINT = {
    "who": " (the participant who does it)",
    "text": " (the words, in quotes)",
    "target": " (a participant, a prop, or away, down, up, camera, ahead)",
    "prop": " (the id of a prop)",
    "until": " (when it ends, e.g. until: 12.0)",
}

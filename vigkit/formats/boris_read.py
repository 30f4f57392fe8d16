"""Reading one observation of a BORIS project as a coding (:func:`read_boris`): its events
parsed, state events paired as BORIS pairs them, modifiers and comments made notes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..coding.events import DEFAULT_ROLE, parse_created
from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.errors import Problem
from ..core.timecode import format_time
from .boris_project import (
    NO_FOCAL_SUBJECT,
    choose_observation,
    clip_of,
    ethogram_types,
    is_number,
    load_project,
    media_length,
)
from .common import CodeMap, Located, build_coding, unknown_code
from .file_names import observation_coder

_UNPAIRED_HINT = (
    "Open the project in BORIS, stop the state events left running (or delete them) and "
    "save it, then import it again."
)


@dataclass(frozen=True)
class _BorisEvent:
    """One row of an observation's ``events`` list, with its 1-based place in the file."""

    number: int
    time: float
    subject: str
    behaviour: str
    modifiers: str
    comment: str

    def describe(self, observation: str) -> str:
        """Where the event is, for problems: observation, number and time."""
        return f"observation '{observation}', event {self.number} ({format_time(self.time)})"


def read_boris(
    path: str | Path,
    scheme: Scheme | str | Path = DEFAULT_SCHEME,
    *,
    observation: str | None = None,
    codes: CodeMap | str | Path | None = None,
    coder: str | None = None,
    role: str = DEFAULT_ROLE,
    clip: str | None = None,
    duration: float | None = None,
) -> Coding:
    """One observation of a BORIS project as a coding by ``coder`` (by default the one the
    observation's ``coder`` or ``observer`` variable names; a clear error if it names none).

    State events become intervals (each START with the next STOP of the same subject,
    behaviour and modifiers), point events points; modifiers and comments become the
    note; behaviour names map to codes through ``codes`` (a :class:`CodeMap` or its file)
    or as scheme ids and labels. ``clip`` defaults to the observation's ``clip`` variable
    (the kit writes one) or its film's name, ``duration`` to the film's length. Every
    problem is reported at once and nothing is imported.
    """
    source = Path(path)
    checked = load_scheme(scheme)
    project = load_project(source)
    name, chosen = choose_observation(project, source, observation)
    if coder is None:
        coder = observation_coder(source, name, chosen)
    types = ethogram_types(project, source)
    clip_id = clip if clip is not None else clip_of(chosen, name, source)
    length = duration if duration is not None else media_length(chosen)
    events, problems = _parse_events(chosen, name)
    base = {"clip": clip_id, "coder": coder, "role": role, **_created(chosen)}
    located, more = _located_events(events, types, name, base, CodeMap.of(codes), checked)
    found = problems + more
    return build_coding(
        located, checked, source, duration=length, problems=found, hint=_hint(found)
    )


def _hint(problems: Sequence[Problem]) -> str:
    """What to do about unstopped state events, if there are any."""
    return _UNPAIRED_HINT if any("never stops" in p.message for p in problems) else ""


def _parse_events(chosen: Mapping[str, Any], name: str) -> tuple[list[_BorisEvent], list[Problem]]:
    """The observation's events in time order (BORIS's order for equal times), in clip
    time (the time offset taken off), with a problem for each malformed row."""
    offset = float(chosen.get("time offset", 0) or 0)
    events: list[_BorisEvent] = []
    problems: list[Problem] = []
    for number, row in enumerate(chosen.get("events", []), start=1):
        event, problem = _parse_event(row, number, offset, name)
        if problem:
            problems.append(Problem(problem))
        elif event is not None:
            events.append(event)
    events.sort(key=lambda event: event.time)
    return events, problems


def _parse_event(
    row: Any, number: int, offset: float, name: str
) -> tuple[_BorisEvent | None, str | None]:
    """One event row, or what is wrong with it (naming the observation and event)."""
    where = f"observation '{name}', event {number}"
    if not isinstance(row, list) or len(row) < 5:
        return None, f"{where}: expected [time, subject, behaviour, modifiers, comment]"
    time, subject, behaviour, modifiers, comment = row[:5]
    if not is_number(time):
        return None, f"{where}: the time {time!r} is not a number of seconds"
    texts = (subject, behaviour, modifiers, comment)
    if not all(isinstance(value, str) or value is None for value in texts):
        return None, f"{where}: subject, behaviour, modifiers and comment must be texts"
    if not behaviour:
        return None, f"{where}: the behaviour is missing"
    return (
        _BorisEvent(
            number, time - offset, subject or "", behaviour, modifiers or "", comment or ""
        ),
        None,
    )


def _created(chosen: Mapping[str, Any]) -> dict[str, str]:
    """The observation's date as the events' creation time, when it is one."""
    try:
        return {"created": parse_created(chosen.get("date"))}
    except ValueError:
        return {}


def _located_events(
    events: Sequence[_BorisEvent],
    types: Mapping[str, bool],
    name: str,
    base: Mapping[str, Any],
    code_map: CodeMap,
    scheme: Scheme,
) -> tuple[list[Located], list[Problem]]:
    """Points and paired stretches as located values, with every problem on the way.
    Behaviours mapped to "" are left out before pairing; each unknown name is one problem
    (at its first use, with how many more use it)."""
    codes = {event.behaviour: code_map.code_for(event.behaviour, scheme) for event in events}
    wanted = [event for event in events if codes[event.behaviour] != ""]
    located: list[Located] = []
    problems: list[Problem] = []
    unknown: dict[str, list[str]] = {}
    for first, last in _paired(wanted, types, name, problems):
        element = first.describe(name)
        if last is not first:
            element = f"observation '{name}', events {first.number} to {last.number}"
        code = codes[first.behaviour]
        if code is None:
            unknown.setdefault(first.behaviour, []).append(element)
            continue
        values = dict(base)
        values.update(
            id=f"boris:{name}:{first.number}",  # the same each time the file is read
            code=code,
            subject="" if first.subject == NO_FOCAL_SUBJECT else first.subject,
            onset=first.time,
            offset=last.time,
            note=_note(first.modifiers, dict.fromkeys([first.comment, last.comment])),
        )
        located.append(Located(values, element))
    for behaviour, elements in unknown.items():
        more = f" ({len(elements) - 1} more events use it)" if len(elements) > 1 else ""
        problems.append(Problem(unknown_code(behaviour, scheme, elements[0]) + more))
    return located, problems


def _paired(
    events: Sequence[_BorisEvent],
    types: Mapping[str, bool],
    name: str,
    problems: list[Problem],
) -> list[tuple[_BorisEvent, _BorisEvent]]:
    """(first, last) of each point (the same event twice) and of each START/STOP pair, in
    time order; behaviours missing from the ethogram and unstopped states are problems."""
    found: list[tuple[_BorisEvent, _BorisEvent]] = []
    running: dict[tuple[str, str, str], _BorisEvent] = {}
    for event in events:
        state = types.get(event.behaviour)
        if state is None:
            problems.append(
                Problem(
                    f"{event.describe(name)}: the behaviour '{event.behaviour}' is not in the "
                    "project's ethogram"
                )
            )
        elif not state:
            found.append((event, event))
        else:
            key = (event.subject, event.behaviour, event.modifiers)
            start = running.pop(key, None)
            if start is None:
                running[key] = event
            else:
                found.append((start, event))
    for start in running.values():
        problems.append(Problem(_unpaired(start, name)))
    return sorted(found, key=lambda pair: (pair[0].time, pair[0].number))


def _unpaired(start: _BorisEvent, name: str) -> str:
    """The problem text for a state event that starts and never stops."""
    who = f" of subject '{start.subject}'" if start.subject else ""
    with_modifiers = f" with modifiers '{start.modifiers}'" if start.modifiers else ""
    return (
        f"{start.describe(name)}: the state event '{start.behaviour}'{who}{with_modifiers} "
        "starts here but never stops (no later event of the same behaviour, subject and "
        "modifiers)"
    )


def _note(modifiers: str, comments: Iterable[str]) -> str:
    """The coder's words: ``[modifiers] comment``; comments of a START and its STOP are
    joined with " / ". Comments are kept exactly (spaces and all)."""
    chosen = [part for part in modifiers.split("|") if part.strip() and part.strip() != "None"]
    said = [comment for comment in comments if comment]
    text = " / ".join(said)
    if not chosen:
        return text
    label = f"[{', '.join(part.strip() for part in chosen)}]"
    return f"{label} {text}" if text else label

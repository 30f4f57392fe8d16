"""BORIS's "behavioural strings" (``.strings.txt``): the order of a coding's tags, one line
per subject, for Behatrix and for transition counts; read back as sequences, not codings.

The layout is the one BORIS writes with *Observations > Export events > as behavioural
sequences > separated subjects* (olivierfriard/BORIS, ``boris/export_observation.py``
``observation_to_behavioral_sequences`` and ``events_to_behavioral_sequences``, v9.12.3,
commit 73bdf077; its tests' files ``tests/files/Test_events_to_behavioral_sequences_*``):
per observation a blank line, ``# observation id: …``, ``# observation description: …``,
``# Independent variables`` with ``# name: value`` lines, then for each subject
``# SUBJECT:`` and one line of behaviours joined by the separator (BORIS's default ``|``,
a setting). Point events are written as they happen; a state event when it starts, as
every state then current joined by ``+`` (sorted); when a state stops while others go
on, the ones still current; a point during states as ``states+point``. With "grouped
subjects" BORIS writes one line whose items are ``[subject]behaviour``; modifiers follow
``&``. The file has **no times**: reading it gives an order, not a coding.

The kit writes one observation per clip and coder (its variables ``clip``, ``coder``,
``role``), the scheme's codes as behaviours, tags with a length as state events and
moments as point events; at one instant, stops come before starts and starts before
points. Subject ``No focal subject`` is a tag without subject, as in BORIS.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.atomic import atomic_write_text
from ..core.errors import Problem, VigkitError
from ..core.textfile import read_text_file
from .common import CodeMap, Exported, FormatError, unknown_code

#: BORIS's name for events without a subject.
NO_FOCAL_SUBJECT = "No focal subject"
#: BORIS's default separator of behaviours.
SEPARATOR = "|"
#: BORIS's other header lines (``# key: value``), which name no subject even when empty.
_BORIS_HEADERS = {"observation description", "observation type", "media file path",
                  "media file name"}  # fmt: skip
_RESERVED = set("+&[]#") | set("abcdefghijklmnopqrstuvwxyz0123456789.-")


@dataclass(frozen=True)
class BehaviouralString:
    """One subject's line of one observation: its steps in order, each the codes current
    at that step (one code for a tag alone), with the observation's variables."""

    observation: str
    subject: str  # "" for BORIS's "No focal subject"
    steps: tuple[tuple[str, ...], ...]
    variables: Mapping[str, str] = field(default_factory=dict)
    line: int = 0

    @property
    def labels(self) -> tuple[str, ...]:
        """Each step as BORIS writes it (``a`` or ``a+b``), for transition counts."""
        return tuple("+".join(step) for step in self.steps)


def write_behavioural_strings(
    codings: Coding | Sequence[Coding], path: str | Path, *, separator: str = SEPARATOR
) -> Exported:
    """Write the codings' tags as behavioural strings (one observation per clip and coder,
    one line per subject), atomically; the result says what the file does not hold."""
    target = Path(path)
    if len(separator) != 1 or separator.isspace() or separator.lower() in _RESERVED:
        raise VigkitError(
            f"separator {separator!r}: use one character that is not in the codes, not a "
            "space and not + & [ ] # (BORIS uses |)"
        )
    coding = codings if isinstance(codings, Coding) else Coding.concat(list(codings))
    records = coding.to_records()
    blocks: list[str] = []
    for (clip, coder), session in _groups(records).items():
        roles = sorted({r["role"] for r in session})
        lines = [
            "",
            f"# observation id: {clip} {coder}",
            f"# observation description: vigkit coding of clip {clip} by {coder}, scheme "
            f"{coding.scheme.id} {coding.scheme.version}",
            "",
            "# Independent variables",
            f"# clip: {clip}",
            f"# coder: {coder}",
            f"# role: {roles[0]}",
            "",
        ]
        subjects = sorted({r["subject"] for r in session})
        for subject in subjects:
            steps = _steps([r for r in session if r["subject"] == subject])
            lines += ["", f"# {subject or NO_FOCAL_SUBJECT}:", separator.join(steps)]
        blocks.append("\n".join(lines))
    atomic_write_text(target, "\n".join(blocks) + "\n")
    return Exported(target, strings_losses(coding))


def strings_losses(coding: Coding) -> tuple[str, ...]:
    """What behavioural strings of ``coding`` do not hold, as plain sentences."""
    records = coding.to_records()
    if not records:
        return ()
    lost = [
        "Behavioural strings keep the order of the tags, not their times or lengths: the "
        "file cannot be read back as a coding.",
        "Tag ids, notes and the times tags were made are not in the file.",
    ]
    if any(str(r.get("answers") or "").strip() for r in records):
        lost.append(
            "Links between tags (which tag answers which) are not in the file; only the "
            "order of the tags is."
        )
    return tuple(lost)


def _groups(records: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], list[Any]]:
    groups: dict[tuple[str, str], list[Any]] = {}
    for record in sorted(records, key=lambda r: (r["clip"], r["coder"])):
        groups.setdefault((record["clip"], record["coder"]), []).append(record)
    return groups


def _steps(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """One subject's items, as BORIS writes them from its start, stop and point events."""
    happenings: list[tuple[float, int, str, str]] = []  # time, kind (0 stop 1 start 2 point)
    for r in records:
        if r["offset"] > r["onset"]:
            happenings += [
                (r["onset"], 1, r["code"], r["id"]),
                (r["offset"], 0, r["code"], r["id"]),
            ]
        else:
            happenings.append((r["onset"], 2, r["code"], r["id"]))
    current: list[tuple[str, str]] = []  # (code, id) of the states going on
    items: list[str] = []
    for _, kind, code, event_id in sorted(happenings):
        states = sorted(c for c, _ in current)
        if kind == 2:
            items.append("+".join([*states, code]))
        elif kind == 1:
            current.append((code, event_id))
            items.append("+".join(sorted(c for c, _ in current)))
        else:
            current.remove((code, event_id))
            if current:
                items.append("+".join(sorted(c for c, _ in current)))
    return items


def read_behavioural_strings(
    path: str | Path,
    scheme: Scheme | str | Path = DEFAULT_SCHEME,
    *,
    codes: CodeMap | str | Path | None = None,
    separator: str = SEPARATOR,
) -> list[BehaviouralString]:
    """The lines of a behavioural-strings file (BORIS's, separated or grouped subjects, or
    the kit's), every behaviour checked against the scheme (or mapped by ``codes``);
    modifiers after ``&`` are left out. One :class:`FormatError` lists every problem."""
    source = Path(path)
    checked = load_scheme(scheme)
    code_map = CodeMap.of(codes)
    text = read_text_file(source, FormatError)
    reader = _Reader(checked, code_map, separator)
    for number, line in enumerate(text.splitlines(), start=1):
        reader.line(line.rstrip(), number)
    if reader.problems:
        raise FormatError(source, reader.problems)
    return reader.found


class _Reader:
    """A line-by-line reading of the file: observation headers, variables, subject headers
    and behaviour lines (description lines without ``#`` are skipped, as BORIS writes
    descriptions of several lines); lines before any observation are strings of their own,
    as in the plain files Behatrix reads."""

    def __init__(self, scheme: Scheme, code_map: CodeMap, separator: str) -> None:
        self.scheme, self.code_map, self.separator = scheme, code_map, separator
        self.found: list[BehaviouralString] = []
        self.problems: list[Problem] = []
        self.observation: str | None = None
        self.variables: dict[str, str] = {}
        self.in_variables = False
        self.subject: str | None = None

    def line(self, line: str, number: int) -> None:
        if line.startswith("#"):
            self.header(line[1:].strip(), number)
        elif not line.strip():
            self.in_variables = False
        elif self.subject is not None:
            self.add(self.subject, line, number)
            self.subject = None
        elif line.startswith("["):
            self.grouped(line, number)
        elif self.observation is None:  # Behatrix's plain files: one string a line
            self.add("", line, number)

    def header(self, text: str, number: int) -> None:
        key, colon, value = text.partition(":")
        if key.strip().lower() == "observation id" and colon:
            self.observation, self.variables, self.subject = value.strip(), {}, None
        elif text.lower() == "independent variables":
            self.in_variables = True
        elif self.in_variables and colon:
            self.variables[key.strip()] = value.strip()
        elif colon and not value.strip() and key.strip().lower() not in _BORIS_HEADERS:
            self.subject = key.strip()

    def add(self, subject: str, line: str, number: int) -> None:
        steps = []
        for position, item in enumerate(line.split(self.separator), start=1):
            step = self.step(item, f"{subject}, item {position}", number)
            if step:
                steps.append(step)
        self.found.append(self.string(subject, steps, number))

    def grouped(self, line: str, number: int) -> None:
        """A "grouped subjects" line: ``[subject]behaviour`` items, one string per subject."""
        by_subject: dict[str, list[tuple[str, ...]]] = {}
        for position, item in enumerate(line.split(self.separator), start=1):
            subject, bracket, rest = item.strip()[1:].partition("]")
            if not item.strip().startswith("[") or not bracket:
                self.problems.append(
                    Problem(f"item {position}: write it [subject]behaviour", number)
                )
                continue
            step = self.step(rest, f"{subject}, item {position}", number)
            if step:
                by_subject.setdefault(subject, []).append(step)
        for subject, steps in by_subject.items():
            self.found.append(self.string(subject, steps, number))

    def step(self, item: str, element: str, number: int) -> tuple[str, ...]:
        codes = []
        for name in item.strip().split("+"):
            name = name.partition("&")[0].strip()  # modifiers are not kept
            code = self.code_map.code_for(name, self.scheme) if name else ""
            if code is None:
                self.problems.append(Problem(unknown_code(name, self.scheme, element), number))
            elif code:
                codes.append(code)
        return tuple(codes)

    def string(self, subject: str, steps: list[tuple[str, ...]], number: int) -> BehaviouralString:
        return BehaviouralString(
            self.observation or "",
            "" if subject == NO_FOCAL_SUBJECT else subject,
            tuple(steps),
            dict(self.variables),
            number,
        )

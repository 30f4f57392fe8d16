"""Reading SDIS timed-event files (:func:`read_sdis`): the kit's own files back as they were
written, and other people's files as far as the kit can represent them, with every problem
named by its line."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..coding.events import DEFAULT_ROLE, NAME_PATTERN
from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.errors import Problem
from ..core.limits import shortened
from ..core.textfile import read_text_file
from ..core.timecode import parse_time
from .common import CodeMap, FormatError, Located, build_coding, scheme_problems, unknown_code
from .file_names import MissingName
from .sdis_parse import SINGLE, Parsed, Token, parse
from .sdis_text import DATA_FORMAT, POINT_SECONDS, code_from_name

#: SDIS data types; the kit reads timed-event data only (the others have no clip times).
DATA_TYPES = ("event", "state", "timed", "interval", "multievent")
_TIME_HINT = "write seconds (12.5), m:ss (1:02.5) or h:mm:ss"


def read_sdis(
    path: str | Path,
    scheme: Scheme | str | Path = DEFAULT_SCHEME,
    *,
    coder: str | None = None,
    clip: str | None = None,
    role: str | None = None,
    codes: CodeMap | str | Path | None = None,
    duration: float | None = None,
) -> Coding:
    """Tags from an SDIS timed-event file: one coding of all its sessions.

    A session the kit wrote keeps its clip, coder and role; in other files each session is
    a clip named by its label (or ``clip``) and ``coder`` says who coded. Code names are
    scheme codes (SDIS spelling, ``subject_code`` as BORIS writes them) or names mapped by
    ``codes``. Events with an onset only, and the kit's one-millisecond moments, are moments.
    """
    source = Path(path)
    checked = load_scheme(scheme)
    text = read_text_file(source, FormatError, encoding_hint="Save the file as UTF-8.")
    parsed = parse(text, source)
    problems = parsed.problems + scheme_problems(parsed.file_data, checked, source, DATA_FORMAT)
    tokens = iter(parsed.items)
    declared = _declaration(tokens, problems, source)
    declared |= {name.casefold() for name in parsed.names}
    given = {"coder": coder, "clip": clip, "role": role}
    reader = _SessionReader(source, checked, CodeMap.of(codes), given, parsed, declared)
    located = reader.read(tokens, problems)
    if reader.needs_coder:
        raise MissingName(source, ("coder",), "the file does not say who coded it")
    lengths = [d for d in reader.durations if d is not None]
    length = duration if duration is not None else (max(lengths) if lengths else None)
    return build_coding(located, checked, source, duration=length, problems=problems)


def _declaration(tokens: Iterator[Any], problems: list[Problem], source: Path) -> set[str]:
    """The codes the declaration (up to the first ``;``) names, in lower case; ``$set =``
    names, parentheses, ``<…>`` and the variables after ``*`` are not codes."""
    words: list[Token] = []
    for item in tokens:
        if not isinstance(item, Token):
            continue
        if item.text == ";":
            break
        words.append(item)
    else:
        line = words[0].line if words else None
        problems.append(
            Problem("the file has no declaration ending with ';' (e.g. 'Timed <seconds>;')", line)
        )
        return set()
    if not words or words[0].text.lower() not in DATA_TYPES:
        first = words[0] if words else None
        problems.append(
            Problem(
                "an SDIS file starts with its data type (Event, State, Timed, Interval or "
                f"Multievent), not '{shortened(first.text) if first else ''}'",
                first.line if first else None,
            )
        )
        return set()
    if words[0].text.lower() != "timed":
        raise FormatError(
            source,
            [Problem(f"this is SDIS {words[0].text} data", words[0].line)],
            hint="The kit reads timed-event SDIS data ('Timed'), where each code has its "
            "onset and offset time in the clip; save the data as timed-event data.",
        )
    declared: set[str] = set()
    for word in words[1:]:
        if word.text == "*":
            break
        if word.text in SINGLE or word.text.startswith(("<", "$")):
            continue
        declared.add(word.text.casefold())
    return declared


class _SessionReader:
    """The sessions after the declaration, each ended by ``/``, turned into events."""

    def __init__(
        self,
        source: Path,
        scheme: Scheme,
        code_map: CodeMap,
        given: Mapping[str, str | None],
        parsed: Parsed,
        declared: set[str],
    ) -> None:
        self.source, self.scheme, self.code_map = source, scheme, code_map
        self.given, self.parsed, self.declared = given, parsed, declared
        self.own = parsed.file_data is not None
        self.needs_coder = False
        self.durations: list[float | None] = []

    def read(self, tokens: Iterator[Any], problems: list[Problem]) -> list[Located]:
        located: list[Located] = []
        session: list[Token] = []
        data: Mapping[str, Any] | None = None
        number = 0
        for item in tokens:
            if not isinstance(item, Token):
                data = item[1]
                continue
            if item.text != "/":
                session.append(item)
                continue
            number += 1
            located += self._session(number, session, data, problems)
            session, data = [], None
        if session:
            located += self._session(number + 1, session, data, problems)
            problems.append(
                Problem(
                    f"session {number + 1} does not end with '/' (each session ends with '/')",
                    session[0].line,
                )
            )
        return located

    def _session(
        self,
        number: int,
        tokens: list[Token],
        data: Mapping[str, Any] | None,
        problems: list[Problem],
    ) -> list[Located]:
        label = next((t.text[1:-1].strip() for t in tokens if t.text.startswith("<")), "")
        base = self._names(number, label, data or {})
        self.durations.append(_number(data.get("duration")) if data else None)
        where = f"session {number}" + (f" <{label}>" if label else "")
        located: list[Located] = []
        depth = index = 0
        for token in tokens:
            if token.text in ("(", ")"):  # a session's variable values: not kept
                depth += 1 if token.text == "(" else -1
                continue
            if depth or token.text in SINGLE or token.text.startswith(("<", ",")):
                continue  # ",time": the session's start or end time
            index += 1
            event = self._event(token, f"{where}, event {index}", index, base, problems)
            if event is not None:
                located.append(event)
        return located

    def _names(self, number: int, label: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """Clip, coder and role of a session: the options given, else the kit's data, else
        the label as the clip's name."""
        coder = self.given["coder"] or data.get("coder")
        if coder is None:
            self.needs_coder = True
        clip = self.given["clip"] or data.get("clip") or _clip_of(label, self.source, number)
        role = self.given["role"] or data.get("role") or DEFAULT_ROLE
        return {"clip": clip, "coder": coder or "", "role": role, "session": number}

    def _event(
        self,
        token: Token,
        element: str,
        index: int,
        base: Mapping[str, Any],
        problems: list[Problem],
    ) -> Located | None:
        name, comma, times = token.text.partition(",")
        if not comma:
            message = f"{element}: '{shortened(name)}' has no time (write code,onset-offset)"
            problems.append(Problem(message, token.line))
            return None
        code = self._code(name, element, token.line, problems)
        span = _times(times, element)
        if isinstance(span, str):
            problems.append(Problem(span, token.line))
            return None
        if code is None or not code[0]:
            return None
        onset, offset = span
        if offset is None or (self.own and abs(offset - onset - POINT_SECONDS) < 1e-6):
            offset = onset
        values = {
            **{k: base[k] for k in ("clip", "coder", "role")},
            "id": f"sds:{base['clip']}:{base['coder']}:{base['session']}.{index}",
            "code": code[0],
            "subject": code[1],
            "onset": onset,
            "offset": offset,
        }
        return Located(values, element, token.line)

    def _code(
        self, name: str, element: str, line: int, problems: list[Problem]
    ) -> tuple[str, str] | None:
        """(code, subject) of an SDIS code name ("" code: mapped to skip), or None."""
        if self.declared and name.casefold() not in self.declared:
            problems.append(
                Problem(
                    f"{element}: the code '{shortened(name)}' is not declared (the declaration "
                    "before the first ';' lists the file's codes)",
                    line,
                )
            )
            return None
        if name in self.parsed.names:
            return self.parsed.names[name]
        found = self._resolve(name)
        if found is not None:
            return found, ""
        for index in (i for i, char in enumerate(name) if char == "_"):
            found = self._resolve(name[index + 1 :])
            if found:  # BORIS writes "subject_behaviour"
                subject = name[:index]
                return found, "" if _no_focal(subject) else subject
        problems.append(Problem(unknown_code(name, self.scheme, element), line))
        return None

    def _resolve(self, name: str) -> str | None:
        """A scheme code by the mapping, its id or label, in SDIS spelling or not."""
        found = self.code_map.code_for(name, self.scheme)
        if found is None:
            found = self.scheme.resolve(code_from_name(name))
        if found is None:  # a label BORIS wrote with "_" for spaces
            found = self.scheme.resolve(name.replace("_", " "))
        return found


def _times(text: str, element: str) -> tuple[float, float | None] | str:
    """Onset and offset (None for an onset alone) of ``onset-offset``, or what is wrong."""
    onset_text, dash, offset_text = text.partition("-")
    if dash and not offset_text:
        return (
            f"{element}: '{shortened(text)}' has no offset after '-'; the kit needs each "
            "event's offset time"
        )
    try:
        onset = _seconds(onset_text)
        offset = _seconds(offset_text) if dash else None
    except ValueError as bad:
        return f"{element}: '{shortened(str(bad))}' is not an SDIS time: {_TIME_HINT}"
    if offset is not None and offset < onset:
        return f"{element}: it ends ({offset_text}) before it starts ({onset_text})"
    return onset, offset


def _seconds(text: str) -> float:
    if not re.fullmatch(r"\d+(?::\d{1,2}){0,2}(?:\.\d+)?", text):
        raise ValueError(text)
    try:
        return parse_time(text)
    except ValueError:
        raise ValueError(text) from None


def _clip_of(label: str, source: Path, number: int) -> str:
    """A clip id from a session label (letters, digits, ``.``, ``_``, ``-``), else the
    file's name and the session's number."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("._-")[:64]
    if name and NAME_PATTERN.match(name):
        return name
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", source.stem).strip("._-")[:56] or "session"
    return f"{stem}-{number}"


def _no_focal(subject: str) -> bool:
    """BORIS's "No focal subject" (written ``No_focal_subject``): a tag without subject."""
    return subject.replace("_", " ").strip().casefold() == "no focal subject"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

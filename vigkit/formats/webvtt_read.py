"""Reading WebVTT captions as tags (:func:`read_vtt`): any WebVTT file, parsed as the W3C
parser does, and the kit's own files read back exactly."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..coding.events import COLUMNS, DEFAULT_ROLE
from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.errors import Problem
from ..core.limits import load_json, seconds_problem, shortened
from ..core.textfile import read_text_file
from .common import CodeMap, FormatError, Located, build_coding, scheme_problems, unknown_code
from .webvtt_text import DATA_FORMAT, EVENT_NOTE, FILE_NOTE

_TIMESTAMP = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>[0-5]\d):(?P<s>[0-5]\d)\.(?P<ms>\d{3})$")
_SPECIAL_BLOCK = re.compile(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)")
_TAG = re.compile(r"<[^>]*>?")
_HEADER_HINT = (
    "A WebVTT file starts with the line WEBVTT. An .srt subtitle file is not WebVTT: "
    "convert it (most subtitle editors save as WebVTT)."
)


@dataclass(frozen=True)
class _Cue:
    """One cue as the file has it: its number, the line of its timing, times in seconds."""

    number: int
    line: int
    identifier: str | None
    start: float
    end: float
    text: str
    data: Mapping[str, Any] | None  # the kit's JSON from the NOTE before it, if it names it


@dataclass
class _Parsed:
    """What parsing found: the cues, the problems, the kit's file data, and how many cue
    blocks there were (malformed ones too, so cue numbers follow the file)."""

    cues: list[_Cue]
    problems: list[Problem]
    file_data: Mapping[str, Any] | None = None
    cue_blocks: int = 0


def read_vtt(
    path: str | Path,
    scheme: Scheme | str | Path = DEFAULT_SCHEME,
    *,
    coder: str,
    clip: str,
    role: str = DEFAULT_ROLE,
    codes: CodeMap | str | Path | None = None,
    points: bool = False,
) -> Coding:
    """Tags from a WebVTT file: each cue's text is a code (id or label, or a name mapped by
    ``codes``; further lines are the note), its times the tag's (just its start if
    ``points``). Cues the kit wrote keep their exact times, coder, subject and note."""
    source = Path(path)
    checked = load_scheme(scheme)
    text = read_text_file(
        source, FormatError, encoding_hint="Save the file as UTF-8 (WebVTT files are UTF-8)."
    )
    parsed = _parse(text, source)
    problems = parsed.problems + scheme_problems(parsed.file_data, checked, source, DATA_FORMAT)
    base = {"clip": clip, "coder": coder, "role": role}
    code_map = CodeMap.of(codes)
    located: list[Located] = []
    for cue in parsed.cues:
        item, problem = _located(cue, base, code_map, checked, points)
        if problem:
            problems.append(problem)
        if item:
            located.append(item)
    return build_coding(located, checked, source, problems=problems)


def _parse(text: str, source: Path) -> _Parsed:
    """The cues of a WebVTT file, parsed as the W3C parser does (header, blocks separated
    by blank lines, NOTE/STYLE/REGION blocks, optional identifiers), with a problem for
    every malformed cue instead of dropping it silently."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t]|$)", lines[0]):
        raise FormatError(
            source,
            [Problem(f"the file does not start with WEBVTT (it starts {lines[0][:30]!r})", 1)],
            hint=_HEADER_HINT,
        )
    parsed = _Parsed([], [])
    pending: Mapping[str, Any] | None = None
    for first, block in _blocks(lines):
        kind = _SPECIAL_BLOCK.match(block[0])
        if kind and kind.group(1) == "NOTE":
            pending = _note_data(block, first, parsed, source)
            continue
        if not kind:
            _add_cue(block, first, pending, parsed)
        pending = None
    return parsed


def _blocks(lines: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) of each block after the header; a timing line inside a
    cue's text starts a new cue, as in the WebVTT parser."""
    index = 1
    while index < len(lines) and lines[index] and "-->" not in lines[index]:  # header lines
        index += 1
    block: list[str] = []
    first = 0
    for number in range(index, len(lines)):
        line = lines[number]
        second_timing = "-->" in line and any("-->" in seen for seen in block)
        if block and (not line or second_timing):
            yield first, block
            block = []
        if line:
            if not block:
                first = number + 1
            block.append(line)
    if block:
        yield first, block


def _note_data(
    block: Sequence[str], first: int, parsed: _Parsed, source: Path
) -> Mapping[str, Any] | None:
    """The kit's JSON in a NOTE (``vigkit-file`` is kept for the file; ``vigkit-event`` is
    returned for the next cue); other comments are ignored. JSON nested too deep, or with a
    key given twice, is an error for the file (vigkit/core/limits.py)."""
    words = block[0].split(maxsplit=2)
    if len(words) < 3 or words[1] not in (EVENT_NOTE, FILE_NOTE):
        return None
    try:
        data = load_json(" ".join([words[2], *block[1:]]), source, FormatError, line=first)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        parsed.problems.append(Problem(f"the {words[1]} data in this NOTE cannot be read", first))
        return None
    if words[1] == FILE_NOTE:
        parsed.file_data = data
        return None
    return data


def _add_cue(
    block: Sequence[str], first: int, pending: Mapping[str, Any] | None, parsed: _Parsed
) -> None:
    """Add a cue block's cue (linked to the kit's data before it), or its problem."""
    has_identifier = "-->" not in block[0]
    if has_identifier and (len(block) < 2 or "-->" not in block[1]):
        parsed.problems.append(
            Problem("this block is not a cue: a cue needs a timing line 'start --> end'", first)
        )
        return
    parsed.cue_blocks += 1
    number = parsed.cue_blocks
    identifier = block[0] if has_identifier else None
    line = first + 1 if has_identifier else first
    timing = block[1] if has_identifier else block[0]
    times = _timing(timing, number)
    if isinstance(times, str):
        parsed.problems.append(Problem(times, line))
        return
    start, end = times
    linked = pending.get("cue", pending.get("id")) if pending is not None else None
    data = pending if linked is not None and linked == identifier else None
    payload = "\n".join(block[2:] if has_identifier else block[1:])
    parsed.cues.append(_Cue(number, line, identifier, start, end, _plain(payload), data))


def _timing(line: str, number: int) -> tuple[float, float] | str:
    """Start and end of a timing line ``start --> end [settings]``, or what is wrong."""
    left, _, right = line.partition("-->")
    start_text, end_text = left.strip(), (right.split() or [""])[0]
    try:
        start, end = _seconds(start_text), _seconds(end_text)
    except _TooLong as bad:
        return f"cue {number}: the time {shortened(str(bad))} {seconds_problem(math.inf)}"
    except ValueError as bad:
        return (
            f"cue {number}: '{bad}' is not a WebVTT time: write mm:ss.ttt or hh:mm:ss.ttt "
            "with three decimals (e.g. 01:02.500)"
        )
    if end < start:
        return f"cue {number}: it ends ({end_text}) before it starts ({start_text})"
    return start, end


def _seconds(text: str) -> float:
    """A WebVTT timestamp in seconds; ``ValueError(text)`` if it is not one."""
    match = _TIMESTAMP.match(text)
    if not match:
        raise ValueError(text)
    hours = match["h"] or "0"
    if len(hours) > 5:  # beyond MAX_SECONDS, and too long to make a float of
        raise _TooLong(text)
    seconds = int(hours) * 3600 + int(match["m"]) * 60 + int(match["s"]) + int(match["ms"]) / 1000
    if seconds_problem(seconds):
        raise _TooLong(text)
    return seconds


class _TooLong(ValueError):
    """A WebVTT timestamp beyond the longest time the kit reads."""


def _plain(payload: str) -> str:
    """Cue text without markup (voice, class, italic, karaoke-time tags) and with
    character references (``&amp;``) decoded."""
    return html.unescape(_TAG.sub("", payload))


def _located(
    cue: _Cue, base: Mapping[str, Any], code_map: CodeMap, scheme: Scheme, points: bool
) -> tuple[Located | None, Problem | None]:
    """The event of one cue (or nothing for an empty cue or a name mapped to skip)."""
    element = f"cue {cue.number}"
    if cue.data is not None:
        values = {**base, **{k: cue.data[k] for k in COLUMNS if k in cue.data}}
        return Located(values, element, cue.line), None
    lines = [line.strip() for line in cue.text.split("\n") if line.strip()]
    if not lines:
        return None, None
    code, note = _code_and_note(lines, code_map, scheme)
    if code is None:
        return None, Problem(unknown_code(lines[0], scheme, element), cue.line)
    if not code:
        return None, None
    values = {
        **base,
        "id": f"vtt:{base['clip']}:{cue.number}",  # the same each time the file is read
        "code": code,
        "onset": cue.start,
        "offset": cue.start if points else cue.end,
        "note": note,
    }
    return Located(values, element, cue.line), None


def _code_and_note(
    lines: Sequence[str], code_map: CodeMap, scheme: Scheme
) -> tuple[str | None, str]:
    """The code a cue names — all its text, or its first line with the rest as the note;
    "Category: Behaviour" labels (as reels show them) count too."""
    whole = " ".join(lines)
    for name, note in ((whole, ""), (lines[0], "\n".join(lines[1:]))):
        code = code_map.code_for(name, scheme)
        if code is None:
            code = _principle(name, scheme)
        if code is not None:
            return code, note
    return None, ""


def _principle(text: str, scheme: Scheme) -> str | None:
    """The code of a reel caption's first line, "Category label: Behaviour label"."""
    category_label, _, behaviour_label = text.partition(":")
    wanted = (category_label.strip().casefold(), behaviour_label.strip().casefold())
    for category in scheme.categories:
        if category.label.casefold() != wanted[0]:
            continue
        for behaviour in category.behaviours:
            if behaviour.label.casefold() == wanted[1]:
                return behaviour.id
    return None

"""Writing codings as one SDIS file for GSEQ (:func:`write_sdis`): timed-event data, one
session per clip and coder, and the plain sentences of what SDIS could not hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..coding.table import Coding
from ..core.atomic import atomic_write_text
from ..core.errors import VigkitError
from .common import Exported
from .sdis_text import (
    CODE_COMMENT,
    DATA_FORMAT,
    FILE_COMMENT,
    POINT_SECONDS,
    SESSION_COMMENT,
    comment,
    sdis_name,
    sdis_time,
)

_HEADER = (
    "% SDIS timed-event data made by vigkit, for GSEQ. Times are seconds of the clip.\n"
    "% One session per clip and coder, labelled <clip coder>. Lines starting with % are\n"
    "% comments: the vigkit ones let vigkit read this file back (code, subject, role)."
)


def write_sdis(codings: Coding | Sequence[Coding], path: str | Path) -> Exported:
    """Write one or more codings (of one scheme) as an SDIS file, atomically.

    Each clip × coder is one session, its tags ``code,onset-offset`` in time order; the
    code names are the scheme's codes (with the subject in front) as SDIS allows them. The
    result names the file and says, in plain sentences, what SDIS could not hold.
    """
    target = Path(path)
    coding = _one(codings, target)
    records = sorted(coding.to_records(), key=lambda r: (r["clip"], r["coder"]))
    names = _names(records)
    lines = [
        _HEADER,
        comment(
            FILE_COMMENT,
            {
                "format": DATA_FORMAT,
                "scheme": coding.scheme.id,
                "scheme_version": coding.scheme.version,
            },
        ),
        "% The codes (SDIS name = vigkit code and subject):",
    ]
    for (code, subject), name in sorted(names.items(), key=lambda item: item[1]):
        lines.append(comment(CODE_COMMENT, {"sdis": name, "code": code, "subject": subject}))
    lines.append("Timed <seconds>;")
    for (clip, coder), session in _sessions(records).items():
        lines += ["", _session_comment(clip, coder, session, coding.duration)]
        lines.append(f"<{clip} {coder}>")
        for record in sorted(session, key=lambda r: (r["onset"], r["offset"], r["code"])):
            end = record["offset"] if record["offset"] > record["onset"] else None
            stop = end if end is not None else record["onset"] + POINT_SECONDS
            name = names[(record["code"], record["subject"])]
            lines.append(f"{name},{sdis_time(record['onset'])}-{sdis_time(stop)}")
        lines.append("/")
    atomic_write_text(target, "\n".join(lines) + "\n")
    return Exported(target, sdis_losses(coding))


def sdis_losses(coding: Coding) -> tuple[str, ...]:
    """What an SDIS file of ``coding`` does not hold, as sentences for the person exporting."""
    records = coding.to_records()
    if not records:
        return ()
    lost = [
        "Tag ids and the times tags were made are not in SDIS; reading the file back gives "
        "the tags new ids.",
        "The coder's role and the clip's length are kept only in comments, which GSEQ does "
        "not read.",
    ]
    noted = sum(1 for r in records if r["note"].strip())
    if noted:
        lost.append(f"{_tags(noted)} a note; SDIS has no place for notes, so they are left out.")
    answering = sum(1 for r in records if str(r.get("answers") or "").strip())
    if answering:
        lost.append(
            f"{_tags(answering)} a link to the tag it answers; SDIS has no links between "
            "tags, so the links are left out (GSEQ's lag tables count what follows what)."
        )
    moments = sum(1 for r in records if r["offset"] <= r["onset"])
    if moments:
        lost.append(
            f"{_count(moments, 'moment')} (tags without length) written as lasting "
            f"{POINT_SECONDS * 1000:g} millisecond, as BORIS does: SDIS timed events have an "
            "onset and an offset."
        )
    if any(_off_grid(r["onset"]) or _off_grid(r["offset"]) for r in records):
        lost.append("Times are rounded to the millisecond.")
    return tuple(lost)


def _one(codings: Coding | Sequence[Coding], target: Path) -> Coding:
    """The codings as one (one scheme, ids not repeated), or a clear error."""
    if isinstance(codings, Coding):
        return codings
    if not codings:
        raise VigkitError(f"{target}: give at least one coding to write")
    try:
        return Coding.concat(list(codings))
    except VigkitError as error:
        raise VigkitError(f"{target}: these codings cannot go in one file: {error}") from None


def _names(records: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    """One SDIS code name per (code, subject), unique in any letter case."""
    names: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for key in sorted({(r["code"], r["subject"]) for r in records}):
        base = sdis_name(*key)
        name, number = base, 2
        while name.casefold() in taken:
            name, number = f"{base}_{number}", number + 1
        taken.add(name.casefold())
        names[key] = name
    return names


def _sessions(
    records: Sequence[Mapping[str, Any]],
) -> dict[tuple[str, str], list[Mapping[str, Any]]]:
    """The records of each (clip, coder), in that order."""
    sessions: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for record in records:
        sessions.setdefault((record["clip"], record["coder"]), []).append(record)
    return sessions


def _session_comment(
    clip: str, coder: str, session: Sequence[Mapping[str, Any]], duration: float | None
) -> str:
    """The kit's data for one session: its clip, coder, role and the clip's length."""
    roles = sorted({r["role"] for r in session})
    data: dict[str, Any] = {"clip": clip, "coder": coder, "role": roles[0]}
    if duration is not None:
        data["duration"] = duration
    return comment(SESSION_COMMENT, data)


def _off_grid(seconds: float) -> bool:
    return abs(seconds * 1000 - round(seconds * 1000)) > 1e-6


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _tags(number: int) -> str:
    return f"{_count(number, 'tag')} {'has' if number == 1 else 'have'}"

"""Writing a coding as an ELAN 3.0 file (:func:`write_eaf`): tiers per coder, the scheme as a
controlled vocabulary, the film linked by its relative path."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..core.atomic import atomic_write_text
from ..core.errors import VigkitError, VigkitWarning
from ..core.timecode import format_time
from .common import warn_links_left_out
from .elan_layout import (
    CODE_TYPE,
    MIN_INTERVAL_MS,
    NOTE_TYPE,
    POINT_LENGTH_MS,
    PROPERTY_CLIP,
    PROPERTY_POINT,
    PROPERTY_SCHEME,
    PROPERTY_SCHEME_VERSION,
    SUBJECT_TYPE,
    SUBJECTS_CV,
)
from .elan_xml import NOT_XML_CHAR, Node, serialised

SCHEMA_LOCATION = "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_ENGLISH = "http://cdb.iso.org/lg/CDB-00138502-001"  # ISO 639-3 'eng', as ELAN writes it

_CONSTRAINTS = {
    "Time_Subdivision": "Parts of the parent annotation's interval, without gaps",
    "Symbolic_Subdivision": "Ordered symbolic parts of a parent annotation",
    "Symbolic_Association": "One value associated with each parent annotation",
    "Included_In": "Time-aligned annotations inside the parent annotation's interval",
}
_MIME_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".mpg": "video/mpeg",
    ".mpeg": "video/mpeg",
    ".webm": "video/webm",
    ".wav": "audio/x-wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
}


@dataclass
class _Placed:
    """One event as written: its times in whole ms and its time slots."""

    event: dict[str, Any]
    start: int
    end: int
    slots: tuple[str, str] = ("", "")


def write_eaf(coding: Coding, path: str | Path, *, media: str | Path | None = None) -> Path:
    """Write a coding (of one clip) as an ELAN 3.0 file, atomically; return the path.

    One tier per coder (overlapping tags on extra tiers ``T07 (2)``, …), subjects and notes
    on dependent tiers, the scheme as a controlled vocabulary, points as 1 ms annotations,
    times in ms. ``media`` (the film) is linked by its path relative to the .eaf file's
    folder, so the two can move together; the film itself is never opened.
    """
    target = Path(path)
    if target.suffix.lower() != ".eaf":
        raise VigkitError(f"an ELAN file's name ends in .eaf, not '{target.name}'")
    clip = _only_clip(coding)
    warn_links_left_out(coding, target, "ELAN")
    placed = [_placed(event) for event in _cleaned(coding.to_records())]
    document = _document(coding.scheme, clip, placed, target, media)
    atomic_write_text(target, serialised(document))
    return target


def _only_clip(coding: Coding) -> str | None:
    """An ELAN file belongs to one film: the coding's one clip (None when it is empty)."""
    if len(coding.clips) > 1:
        raise VigkitError(
            f"the coding covers {len(coding.clips)} clips ({', '.join(coding.clips)}); an ELAN "
            "file holds the coding of one film: write one per clip, e.g. "
            f"write_eaf(coding.filter(clip='{coding.clips[0]}'), ...)"
        )
    return coding.clips[0] if coding.clips else None


def _cleaned(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events whose texts XML can hold: invisible control characters (which XML 1.0 cannot
    represent at all) are left out, with a warning."""
    for event in events:
        for column in ("subject", "note"):
            text = str(event[column])
            clean = NOT_XML_CHAR.sub("", text)
            if clean != text:
                warnings.warn(
                    f"the {column} of the tag at {format_time(event['onset'])} (event "
                    f"{event['id']}) had invisible control characters, which ELAN files cannot "
                    "hold; they were left out",
                    VigkitWarning,
                    stacklevel=4,
                )
                event[column] = clean
    return events


def _placed(event: dict[str, Any]) -> _Placed:
    """Whole ms: a point lasts POINT_LENGTH_MS, an interval at least MIN_INTERVAL_MS."""
    start = round(event["onset"] * 1000)
    if event["offset"] == event["onset"]:
        return _Placed(event, start, start + POINT_LENGTH_MS)
    return _Placed(event, start, max(round(event["offset"] * 1000), start + MIN_INTERVAL_MS))


def _lanes(placed: Iterable[_Placed]) -> list[list[_Placed]]:
    """One coder's events on as few tiers as possible with no overlap within a tier (ELAN
    does not allow it): each goes on the first tier that is free at its start."""
    lanes: list[list[_Placed]] = []
    for item in sorted(placed, key=lambda p: (p.start, p.end, p.event["code"], p.event["id"])):
        for lane in lanes:
            if lane[-1].end <= item.start:
                lane.append(item)
                break
        else:
            lanes.append([item])
    return lanes


def _document(
    scheme: Scheme, clip: str | None, placed: list[_Placed], target: Path, media: str | Path | None
) -> Node:
    """The whole ANNOTATION_DOCUMENT, its elements in the order EAF 3.0 requires."""
    time_order = _time_order(placed)
    subjects = _subject_ids(scheme, placed)
    tiers, last_id = _tiers(scheme, placed, subjects)
    root = Node(
        "ANNOTATION_DOCUMENT",
        {
            "AUTHOR": "",
            "DATE": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "FORMAT": "3.0",
            "VERSION": "3.0",
            "xmlns:xsi": _XSI,
            "xsi:noNamespaceSchemaLocation": SCHEMA_LOCATION,
        },
    )
    root.children = [
        _header(scheme, clip, target, media, last_id),
        time_order,
        *tiers,
        *_linguistic_types(scheme),
        Node("LANGUAGE", {"LANG_ID": "eng", "LANG_DEF": _ENGLISH, "LANG_LABEL": "English (eng)"}),
        *[
            Node("CONSTRAINT", {"STEREOTYPE": name, "DESCRIPTION": description})
            for name, description in _CONSTRAINTS.items()
        ],
        _code_vocabulary(scheme, placed),
        _subject_vocabulary(subjects),
    ]
    return root


def _header(
    scheme: Scheme, clip: str | None, target: Path, media: str | Path | None, last_id: int
) -> Node:
    """The linked film and the properties read_eaf uses to read the file back exactly."""
    header = Node("HEADER", {"MEDIA_FILE": "", "TIME_UNITS": "milliseconds"})
    if media is not None:
        relative = _relative_media(Path(media), target.parent)
        header.children.append(
            Node(
                "MEDIA_DESCRIPTOR",
                {
                    "MEDIA_URL": "file:" + quote(relative, safe="/._-~!$&'()*+,;=@"),
                    "MIME_TYPE": _MIME_TYPES.get(Path(media).suffix.lower(), "video/*"),
                    "RELATIVE_MEDIA_URL": relative,
                },
            )
        )
    properties = {
        "lastUsedAnnotationId": str(last_id),
        PROPERTY_SCHEME: scheme.id,
        PROPERTY_SCHEME_VERSION: scheme.version,
        PROPERTY_POINT: str(POINT_LENGTH_MS),
    }
    if clip is not None:
        properties[PROPERTY_CLIP] = clip
    header.children += [
        Node("PROPERTY", {"NAME": name}, text=value) for name, value in properties.items()
    ]
    return header


def _relative_media(media: Path, folder: Path) -> str:
    """The film's path from the .eaf file's folder, as ELAN writes it (``./film.mp4``,
    ``../films/film.mp4``); never absolute, so no private folder names leave the computer."""
    try:
        relative = os.path.relpath(os.path.abspath(media), os.path.abspath(folder))
    except ValueError:  # pragma: no cover - Windows: another drive
        raise VigkitError(
            f"the film {media} is on another drive than the ELAN file; keep them on one drive"
        ) from None
    posix = PurePath(relative).as_posix()
    return posix if posix.startswith("../") else f"./{posix}"


def _time_order(placed: list[_Placed]) -> Node:
    """One time slot per annotation boundary, numbered in time order; each event learns its
    two slots."""
    boundaries = sorted(
        [(item.start, index, 0) for index, item in enumerate(placed)]
        + [(item.end, index, 1) for index, item in enumerate(placed)]
    )
    order = Node("TIME_ORDER")
    slots: dict[tuple[int, int], str] = {}
    for number, (ms, index, side) in enumerate(boundaries, start=1):
        slots[(index, side)] = f"ts{number}"
        order.children.append(
            Node("TIME_SLOT", {"TIME_SLOT_ID": f"ts{number}", "TIME_VALUE": str(ms)})
        )
    for index, item in enumerate(placed):
        item.slots = (slots[(index, 0)], slots[(index, 1)])
    return order


def _tiers(
    scheme: Scheme, placed: list[_Placed], subjects: Mapping[str, str]
) -> tuple[list[Node], int]:
    """Each coder's tiers (lanes, with their subject and note tiers) and the last annotation
    number used."""
    numbers = iter(range(1, 1_000_000_000))
    tiers: list[Node] = []
    for coder in sorted({item.event["coder"] for item in placed}):
        own = [item for item in placed if item.event["coder"] == coder]
        for number, lane in enumerate(_lanes(own), start=1):
            name = coder if number == 1 else f"{coder} ({number})"
            tier = _tier(name, coder, CODE_TYPE)
            code_ids = []
            for item in lane:
                code_ids.append(f"a{next(numbers)}")
                tier.children.append(_alignable(code_ids[-1], item, scheme))
            tiers.append(tier)
            for kind, type_id in (("subject", SUBJECT_TYPE), ("note", NOTE_TYPE)):
                if any(item.event[kind] for item in lane):
                    dependent = _tier(f"{name} {kind}", coder, type_id, parent=name)
                    for item, parent_id in zip(lane, code_ids, strict=True):
                        text = item.event[kind]
                        if text:
                            cve = subjects.get(text) if kind == "subject" else None
                            dependent.children.append(
                                _reference(f"a{next(numbers)}", parent_id, text, cve)
                            )
                    tiers.append(dependent)
    return tiers, next(numbers) - 1


def _tier(name: str, coder: str, type_id: str, parent: str | None = None) -> Node:
    attrs = {"TIER_ID": name, "LINGUISTIC_TYPE_REF": type_id}
    if parent is not None:
        attrs["PARENT_REF"] = parent
    attrs |= {"PARTICIPANT": coder, "ANNOTATOR": coder}
    return Node("TIER", attrs)


def _alignable(annotation_id: str, item: _Placed, scheme: Scheme) -> Node:
    """A tag: its code's label as the value, the code as the vocabulary entry it refers to."""
    code = item.event["code"]
    inner = Node(
        "ALIGNABLE_ANNOTATION",
        {
            "ANNOTATION_ID": annotation_id,
            "TIME_SLOT_REF1": item.slots[0],
            "TIME_SLOT_REF2": item.slots[1],
            "CVE_REF": code,
        },
        [Node("ANNOTATION_VALUE", text=scheme.label_of(code))],
    )
    return Node("ANNOTATION", children=[inner])


def _reference(annotation_id: str, parent_id: str, text: str, cve: str | None) -> Node:
    """A subject or note: a reference annotation on the tag it belongs to."""
    attrs = {"ANNOTATION_ID": annotation_id, "ANNOTATION_REF": parent_id}
    if cve is not None:
        attrs["CVE_REF"] = cve
    inner = Node("REF_ANNOTATION", attrs, [Node("ANNOTATION_VALUE", text=text)])
    return Node("ANNOTATION", children=[inner])


def _linguistic_types(scheme: Scheme) -> list[Node]:
    """Tags are time-aligned and take codes from the scheme; subjects and notes are one value
    per tag (symbolic association), subjects from a list."""
    shared = {"GRAPHIC_REFERENCES": "false"}
    return [
        Node(
            "LINGUISTIC_TYPE",
            {
                "LINGUISTIC_TYPE_ID": CODE_TYPE,
                "TIME_ALIGNABLE": "true",
                **shared,
                "CONTROLLED_VOCABULARY_REF": scheme.id,
            },
        ),
        Node(
            "LINGUISTIC_TYPE",
            {
                "LINGUISTIC_TYPE_ID": SUBJECT_TYPE,
                "TIME_ALIGNABLE": "false",
                "CONSTRAINTS": "Symbolic_Association",
                **shared,
                "CONTROLLED_VOCABULARY_REF": SUBJECTS_CV,
            },
        ),
        Node(
            "LINGUISTIC_TYPE",
            {
                "LINGUISTIC_TYPE_ID": NOTE_TYPE,
                "TIME_ALIGNABLE": "false",
                "CONSTRAINTS": "Symbolic_Association",
                **shared,
            },
        ),
    ]


def _code_vocabulary(scheme: Scheme, placed: list[_Placed]) -> Node:
    """The scheme's codes at the level(s) the coding uses (every code when it is empty):
    entry id = code, value = label, description = the code's description."""
    used = {scheme.is_category(item.event["code"]) for item in placed} or {True, False}
    vocabulary = Node("CONTROLLED_VOCABULARY", {"CV_ID": scheme.id})
    description = f"{scheme.label} (vigkit scheme {scheme.id}, version {scheme.version})"
    vocabulary.children.append(Node("DESCRIPTION", {"LANG_REF": "eng"}, text=description))
    for code in scheme.codes:
        if scheme.is_category(code) in used:
            value = {"LANG_REF": "eng"}
            if scheme.description_of(code):
                value["DESCRIPTION"] = scheme.description_of(code)
            entry = Node("CVE_VALUE", value, text=scheme.label_of(code))
            vocabulary.children.append(Node("CV_ENTRY_ML", {"CVE_ID": code}, [entry]))
    return vocabulary


def _subject_ids(scheme: Scheme, placed: list[_Placed]) -> dict[str, str]:
    """Entry ids for the scheme's subjects and any other subject the coding uses."""
    used = sorted({item.event["subject"] for item in placed if item.event["subject"]})
    names = dict.fromkeys([*scheme.subjects, *used])
    return {name: f"subject-{number}" for number, name in enumerate(names, start=1)}


def _subject_vocabulary(subjects: Mapping[str, str]) -> Node:
    vocabulary = Node("CONTROLLED_VOCABULARY", {"CV_ID": SUBJECTS_CV})
    vocabulary.children.append(
        Node("DESCRIPTION", {"LANG_REF": "eng"}, text="Whose behaviour a tag is about")
    )
    for name, entry_id in subjects.items():
        value = Node("CVE_VALUE", {"LANG_REF": "eng"}, text=name)
        vocabulary.children.append(Node("CV_ENTRY_ML", {"CVE_ID": entry_id}, [value]))
    return vocabulary

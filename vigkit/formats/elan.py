"""ELAN (.eaf) files: a supervisor's or researcher's ELAN coding read as a ``Coding``, and
a trainee's coding written for ELAN.

How a coding looks in ELAN (and so what :func:`read_eaf` expects of files vigkit wrote):

- one tier per coder, named by the pseudonym (``T07``), its annotations the coder's tags;
  ELAN lets no two annotations of one tier overlap, so overlapping tags go on extra
  tiers ``T07 (2)``, ``T07 (3)``, … (read back as coder ``T07``);
- the tag's subject and note on dependent tiers ``T07 subject`` and ``T07 note``
  (symbolic association: one value per tag);
- the scheme as a controlled vocabulary: one entry per code (id = the code, value = its
  label, description = its description);
- a point event as a 1 ms annotation; the header says so, and in such a file only 1 ms
  annotations are points. In files from elsewhere an annotation shorter than
  ``point_under`` seconds is a point.

Files are parsed here with expat rather than with pympi: pympi neither keeps line numbers
nor checks references, and it stops on the first missing attribute with a ``KeyError``.
Every problem in a file is collected and reported at once; nothing is half imported.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any, Literal
from urllib.parse import quote, unquote
from xml.parsers import expat

from ..coding.events import ROLES, check_name, parse_created, utc_now
from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.atomic import atomic_write_text
from ..core.errors import Problem, VigkitError, VigkitWarning
from ..core.textfile import read_file_bytes
from ..core.timecode import format_time
from .common import CodeMap, FormatError, Located, build_coding, unknown_code

__all__ = [
    "DEFAULT_POINT_UNDER",
    "MIN_INTERVAL_MS",
    "POINT_LENGTH_MS",
    "read_eaf",
    "write_eaf",
]

#: Files from elsewhere: annotations shorter than this (seconds) are point events.
DEFAULT_POINT_UNDER = 0.1
#: How long (ms) a point event is in the files vigkit writes.
POINT_LENGTH_MS = 1
#: The shortest interval (ms) vigkit writes, so that no interval reads back as a point.
MIN_INTERVAL_MS = 2

SCHEMA_LOCATION = "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_ENGLISH = "http://cdb.iso.org/lg/CDB-00138502-001"  # ISO 639-3 'eng', as ELAN writes it

_CODE_TYPE = "vigkit-code"
_SUBJECT_TYPE = "vigkit-subject"
_NOTE_TYPE = "vigkit-note"
_SUBJECTS_CV = "vigkit subjects"  # a space: no scheme id can be the same
_ATTACHED = ("subject", "note")  # dependent tiers "<tier> subject", "<tier> note"

_PROPERTY_CLIP = "vigkit-clip"
_PROPERTY_SCHEME = "vigkit-scheme"
_PROPERTY_SCHEME_VERSION = "vigkit-scheme-version"
_PROPERTY_POINT = "vigkit-point-length"

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

_IMPORT_HINT = (
    "Fix these in ELAN and save the file again. Tier names and code names that differ from "
    "the scheme can be mapped: read_eaf(..., tiers={...}, codes='mapping.csv')."
)
_LANE = re.compile(r"^(?P<base>.*\S) \((?P<lane>[2-9]|[1-9]\d+)\)$")
_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']"""
)
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# ====================================================================== the XML layer


@dataclass
class _Node:
    """One XML element: its tag, attributes, children, own text and the line it starts on."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node] = field(default_factory=list)
    text: str = ""
    line: int = 0

    def all(self, tag: str) -> list[_Node]:
        """The children with this tag, in document order."""
        return [child for child in self.children if child.tag == tag]

    def first(self, tag: str) -> _Node | None:
        """The first child with this tag, if any."""
        return next((child for child in self.children if child.tag == tag), None)


class _DoctypeFound(Exception):
    """Raised inside the parser: ELAN files have no DOCTYPE, and entities are unsafe."""


def _read_document(source: Path) -> _Node:
    """The root element of an ELAN file, or a :class:`FormatError` saying why it is not one."""
    text = _decoded(read_file_bytes(source, FormatError), source)
    root = _parse_xml(text, source)
    if root.tag != "ANNOTATION_DOCUMENT":
        what = (
            "an ELAN controlled vocabulary (.ecv), not an annotation file"
            if root.tag == "CV_RESOURCE"
            else f"not an ELAN file: its root element is <{root.tag}>, not <ANNOTATION_DOCUMENT>"
        )
        raise FormatError(
            source,
            [Problem(f"it is {what}", root.line)],
            hint="Give the .eaf file that ELAN saves (File > Save).",
        )
    return root


def _decoded(data: bytes, source: Path) -> str:
    """The file as text in the encoding it declares (UTF-8 when it declares none)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, declared = "utf-16", True
    else:
        match = _DECLARED_ENCODING.match(data)
        encoding, declared = (match[1].decode("ascii"), True) if match else ("UTF-8", False)
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        problem = Problem(f"it declares the encoding '{encoding}', which is unknown", 1)
        raise FormatError(source, [problem]) from None
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as failure:
        line = data[: failure.start].count(b"\n") + 1
        said = f"it says it is {encoding} text" if declared else "it must be UTF-8 text"
        problem = Problem(f"{said} but is not (byte {failure.start} cannot be read)", line)
        raise FormatError(
            source,
            [problem],
            hint="Was it changed in another program? Open it in ELAN and save it again, "
            "or save it as UTF-8 in a text editor.",
        ) from None
    if not text.strip():
        raise FormatError(source, [Problem("the file is empty")])
    return text


def _parse_xml(text: str, source: Path) -> _Node:
    """Parse XML text into nodes that remember their lines; malformed XML names its line."""
    parser = expat.ParserCreate(encoding="UTF-8")  # already decoded: overrides the declaration
    parser.buffer_text = True
    document = _Node("#document")
    stack = [document]
    texts: list[list[str]] = [[]]

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, line=parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)
        texts.append([])

    def end(_tag: str) -> None:
        stack.pop().text = "".join(texts.pop())

    def characters(chunk: str) -> None:
        texts[-1].append(chunk)

    def doctype(*_args: Any) -> None:
        raise _DoctypeFound

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as error:
        message = expat.errors.messages.get(error.code, str(error))
        raise FormatError(
            source,
            [
                Problem(
                    f"it is not well-formed XML: {message} (column {error.offset + 1})",
                    error.lineno,
                )
            ],
            hint="The file is damaged or is not an ELAN file. If ELAN still opens it, save it "
            "again from ELAN.",
        ) from None
    except _DoctypeFound:
        problem = Problem(
            "it has a DOCTYPE declaration, which ELAN files never have (refused for safety)",
            parser.CurrentLineNumber,
        )
        raise FormatError(source, [problem]) from None
    return document.children[0]


# ====================================================================== what a file says


@dataclass
class _Annotation:
    """One annotation: time-aligned (``slots``) or referring to a parent (``parent``)."""

    id: str
    tier: str
    line: int
    value: str
    cve_ref: str | None
    slots: tuple[str, str] | None = None
    parent: str | None = None

    @property
    def where(self) -> str:
        """How problems name it."""
        return f"tier '{self.tier}', annotation {self.id}"


@dataclass
class _Tier:
    """One tier: its name, parent, controlled vocabulary and annotations."""

    id: str
    line: int
    parent: str | None
    vocabulary: str | None
    annotations: list[_Annotation] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    """One controlled-vocabulary entry: its id and its value in every language."""

    id: str | None
    values: tuple[str, ...]


@dataclass
class _Eaf:
    """Everything read needs from an ELAN document, with the problems found reading it."""

    slots: dict[str, float | None] = field(default_factory=dict)
    tiers: dict[str, _Tier] = field(default_factory=dict)
    annotations: dict[str, _Annotation] = field(default_factory=dict)
    vocabularies: dict[str, list[_Entry]] = field(default_factory=dict)
    properties: dict[str, tuple[str, int]] = field(default_factory=dict)
    media: str | None = None
    date: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, line: int | None) -> None:
        """Note one problem (all are reported together)."""
        self.problems.append(Problem(message, line))

    @property
    def point_length(self) -> float | None:
        """The point length (ms) a vigkit-written file declares, if it declares one."""
        declared = self.properties.get(_PROPERTY_POINT)
        try:
            length = float(declared[0]) if declared else math.nan
        except ValueError:
            return None
        return length if math.isfinite(length) and length >= 0 else None


def _eaf(root: _Node) -> _Eaf:
    """Read the header, time slots, vocabularies and tiers of an ELAN document."""
    eaf = _Eaf(date=root.attrs.get("DATE"))
    _read_header(root, eaf)
    _read_time_slots(root, eaf)
    _read_vocabularies(root, eaf)
    types = {
        node.attrs.get("LINGUISTIC_TYPE_ID", ""): node.attrs.get("CONTROLLED_VOCABULARY_REF")
        for node in root.all("LINGUISTIC_TYPE")
    }
    for node in root.all("TIER"):
        _read_tier(node, types, eaf)
    return eaf


def _read_header(root: _Node, eaf: _Eaf) -> None:
    """The linked media, the time units and the header's properties."""
    header = root.first("HEADER")
    if header is None:
        eaf.problem("the file has no HEADER element", root.line)
        return
    units = header.attrs.get("TIME_UNITS", "milliseconds")
    if units != "milliseconds":
        eaf.problem(
            f"its times are in {units}; only milliseconds (what ELAN writes) can be read",
            header.line,
        )
    for descriptor in header.all("MEDIA_DESCRIPTOR"):
        url = descriptor.attrs.get("RELATIVE_MEDIA_URL") or descriptor.attrs.get("MEDIA_URL")
        if url:
            eaf.media = url
            break
    else:
        eaf.media = header.attrs.get("MEDIA_FILE") or None
    for prop in header.all("PROPERTY"):
        eaf.properties.setdefault(prop.attrs.get("NAME", ""), (prop.text.strip(), prop.line))


def _read_time_slots(root: _Node, eaf: _Eaf) -> None:
    """Every time slot's time in ms (None when unaligned); bad ids and values are problems."""
    order = root.first("TIME_ORDER")
    if order is None:
        eaf.problem("the file has no TIME_ORDER element", root.line)
        return
    for slot in order.all("TIME_SLOT"):
        slot_id = slot.attrs.get("TIME_SLOT_ID")
        if not slot_id:
            eaf.problem("a time slot has no TIME_SLOT_ID", slot.line)
            continue
        if slot_id in eaf.slots:
            eaf.problem(f"time slot '{slot_id}': the id is used twice", slot.line)
            continue
        value = slot.attrs.get("TIME_VALUE")
        if value is not None and not value.strip().isdigit():
            eaf.problem(
                f"time slot '{slot_id}': '{value}' is not a time in milliseconds", slot.line
            )
            continue
        eaf.slots[slot_id] = float(value) if value is not None else None


def _read_vocabularies(root: _Node, eaf: _Eaf) -> None:
    """Controlled vocabularies: EAF 2.8+ multilingual entries and older single-value ones."""
    for vocabulary in root.all("CONTROLLED_VOCABULARY"):
        entries: list[_Entry] = []
        for node in vocabulary.children:
            if node.tag == "CV_ENTRY_ML":
                values = tuple(value.text for value in node.all("CVE_VALUE"))
                entries.append(_Entry(node.attrs.get("CVE_ID"), values))
            elif node.tag == "CV_ENTRY":
                entries.append(_Entry(node.attrs.get("CVE_ID"), (node.text,)))
        eaf.vocabularies[vocabulary.attrs.get("CV_ID", "")] = entries


def _read_tier(node: _Node, types: Mapping[str, str | None], eaf: _Eaf) -> None:
    """One tier and its annotations; a missing or repeated name is a problem."""
    tier_id = node.attrs.get("TIER_ID")
    if not tier_id:
        eaf.problem("a tier has no TIER_ID", node.line)
        return
    if tier_id in eaf.tiers:
        eaf.problem(f"tier '{tier_id}': there are two tiers of this name", node.line)
        return
    vocabulary = types.get(node.attrs.get("LINGUISTIC_TYPE_REF", ""))
    tier = _Tier(tier_id, node.line, node.attrs.get("PARENT_REF"), vocabulary)
    eaf.tiers[tier_id] = tier
    for wrapper in node.all("ANNOTATION"):
        annotation = _read_annotation(wrapper, tier_id, eaf)
        if annotation is not None:
            tier.annotations.append(annotation)
            eaf.annotations[annotation.id] = annotation


def _read_annotation(wrapper: _Node, tier: str, eaf: _Eaf) -> _Annotation | None:
    """One ALIGNABLE_ANNOTATION or REF_ANNOTATION, or None after noting what is wrong."""
    inner = [c for c in wrapper.children if c.tag in ("ALIGNABLE_ANNOTATION", "REF_ANNOTATION")]
    if len(inner) != 1:
        eaf.problem(
            f"tier '{tier}': an ANNOTATION must hold one ALIGNABLE_ANNOTATION or REF_ANNOTATION",
            wrapper.line,
        )
        return None
    node = inner[0]
    annotation_id = node.attrs.get("ANNOTATION_ID")
    if not annotation_id:
        eaf.problem(f"tier '{tier}': an annotation has no ANNOTATION_ID", node.line)
        return None
    where = f"tier '{tier}', annotation {annotation_id}"
    if annotation_id in eaf.annotations:
        first = eaf.annotations[annotation_id]
        eaf.problem(f"{where}: the id is used twice (first on line {first.line})", node.line)
        return None
    value = node.first("ANNOTATION_VALUE")
    if value is None:
        eaf.problem(f"{where}: it has no ANNOTATION_VALUE", node.line)
        return None
    annotation = _Annotation(annotation_id, tier, node.line, value.text, node.attrs.get("CVE_REF"))
    if node.tag == "REF_ANNOTATION":
        annotation.parent = node.attrs.get("ANNOTATION_REF")
        if not annotation.parent:
            eaf.problem(f"{where}: it has no ANNOTATION_REF", node.line)
            return None
        return annotation
    start, end = node.attrs.get("TIME_SLOT_REF1"), node.attrs.get("TIME_SLOT_REF2")
    if not start or not end:
        missing = "TIME_SLOT_REF1" if not start else "TIME_SLOT_REF2"
        eaf.problem(f"{where}: it has no {missing}", node.line)
        return None
    annotation.slots = (start, end)
    return annotation


# ====================================================================== times


class _Clock:
    """The times (ms) of annotations: from their time slots, inferred for unaligned slots
    (spread evenly between aligned neighbours, as ELAN draws them), or for reference
    annotations from the annotation they refer to. Problems are noted once each."""

    def __init__(self, eaf: _Eaf) -> None:
        self.eaf = eaf
        self.known: dict[str, tuple[float, float] | None] = {}
        self.inferred: dict[str, dict[str, float]] = {}
        self.visiting: set[str] = set()  # reference chains being followed (loops)

    def times(self, annotation: _Annotation) -> tuple[float, float] | None:
        """Start and end in ms, or None (with the problem noted) when they cannot be known."""
        if annotation.id not in self.known:
            self.visiting.add(annotation.id)
            if annotation.slots is not None:
                found = self._aligned(annotation, annotation.slots)
            else:
                found = self._referred(annotation)
            self.visiting.discard(annotation.id)
            self.known[annotation.id] = found
        return self.known[annotation.id]

    def _aligned(
        self, annotation: _Annotation, slots: tuple[str, str]
    ) -> tuple[float, float] | None:
        start = self._slot_time(annotation, slots[0], "starts")
        end = self._slot_time(annotation, slots[1], "ends")
        if start is None or end is None:
            return None
        if end < start:
            self.eaf.problem(
                f"{annotation.where}: it ends ({slots[1]}, {_clock(end)}) before it starts "
                f"({slots[0]}, {_clock(start)})",
                annotation.line,
            )
            return None
        return start, end

    def _slot_time(self, annotation: _Annotation, slot: str, verb: str) -> float | None:
        if slot not in self.eaf.slots:
            self.eaf.problem(
                f"{annotation.where}: the time slot '{slot}' it {verb} at does not exist",
                annotation.line,
            )
            return None
        value = self.eaf.slots[slot]
        if value is None:
            value = self._inferred_for(annotation.tier).get(slot)
        if value is None:
            self.eaf.problem(
                f"{annotation.where}: the time slot '{slot}' it {verb} at has no time "
                "(it is unaligned) and none can be worked out from the annotations around it",
                annotation.line,
            )
        return value

    def _inferred_for(self, tier_id: str) -> dict[str, float]:
        if tier_id not in self.inferred:
            tier = self.eaf.tiers[tier_id]
            self.inferred[tier_id] = _inferred_slots(tier.annotations, self.eaf.slots)
        return self.inferred[tier_id]

    def _referred(self, annotation: _Annotation) -> tuple[float, float] | None:
        parent = self.eaf.annotations.get(annotation.parent or "")
        if parent is None:
            self.eaf.problem(
                f"{annotation.where}: it refers to annotation '{annotation.parent}', "
                "which does not exist",
                annotation.line,
            )
            return None
        if parent.id in self.visiting:
            self.eaf.problem(
                f"{annotation.where}: its references go round in a loop (back to annotation "
                f"{parent.id})",
                annotation.line,
            )
            return None
        return self.times(parent)


def _inferred_slots(
    annotations: Iterable[_Annotation], slots: Mapping[str, float | None]
) -> dict[str, float]:
    """Times for a tier's unaligned slots, evenly between the nearest aligned slots along
    the chain of annotations that share them (as in ELAN's time subdivisions)."""
    following: dict[str, str] = {}
    preceding: dict[str, str] = {}
    for annotation in annotations:
        if annotation.slots is not None:
            following[annotation.slots[0]] = annotation.slots[1]
            preceding[annotation.slots[1]] = annotation.slots[0]
    inferred: dict[str, float] = {}
    for slot in set(following) | set(preceding):
        if slot not in slots or slots[slot] is not None:
            continue
        before = _nearest_aligned(slot, preceding, slots)
        after = _nearest_aligned(slot, following, slots)
        if before is not None and after is not None:
            (time_before, steps_before), (time_after, steps_after) = before, after
            share = steps_before / (steps_before + steps_after)
            inferred[slot] = time_before + (time_after - time_before) * share
    return inferred


def _nearest_aligned(
    slot: str, step: Mapping[str, str], slots: Mapping[str, float | None]
) -> tuple[float, int] | None:
    """The first aligned slot reached from ``slot`` by following ``step``, and how many steps."""
    seen = {slot}
    steps = 0
    while slot in step:
        slot = step[slot]
        steps += 1
        if slot in seen:
            return None
        seen.add(slot)
        value = slots.get(slot)
        if value is not None:
            return value, steps
    return None


def _clock(ms: float) -> str:
    return format_time(ms / 1000, decimals=3)


# ====================================================================== tiers → coders


@dataclass(frozen=True)
class _Role:
    """What a tier is for: skipped, the events of one coder or subject (``who``), or the
    subject or note (``attached``) of the events of its parent tier."""

    kind: Literal["skip", "events", "attached"]
    who: str = ""
    attached: str = ""


_SKIP = _Role("skip")


def _roles(eaf: _Eaf, tiers_as: str, mapping: Mapping[str, str]) -> dict[str, _Role]:
    """Decide what each tier is: an explicit mapping first, then a dependent subject or note
    tier, then an extra lane ``NAME (2)`` of tier NAME, then the tier's own name."""
    roles: dict[str, _Role] = {}
    attached: dict[str, str] = {}
    for tier in eaf.tiers.values():
        if not tier.annotations:
            roles[tier.id] = _SKIP  # nothing to import: it need not be named
            continue
        mapped = _looked_up(mapping, tier.id)
        kind = _attached_kind(tier) if mapped is None else None
        if kind is not None:
            attached[tier.id] = kind
            continue
        lane = _LANE.match(tier.id)
        name = lane["base"] if lane and lane["base"] in eaf.tiers and mapped is None else tier.id
        if mapped is None:
            mapped = _looked_up(mapping, name)
        roles[tier.id] = _events_role(tier, name, mapped, tiers_as, eaf)
    for tier_id, kind in attached.items():
        tier = eaf.tiers[tier_id]
        parent = roles.get(tier.parent or "", _SKIP)
        if tier.parent not in eaf.tiers:
            eaf.problem(
                f"tier '{tier_id}': its parent tier '{tier.parent}' does not exist", tier.line
            )
        roles[tier_id] = _Role("attached", attached=kind) if parent.kind == "events" else _SKIP
    return roles


def _attached_kind(tier: _Tier) -> str | None:
    """'subject' or 'note' for a dependent tier named "<parent> subject" / "<parent> note"."""
    if tier.parent is None:
        return None
    for kind in _ATTACHED:
        if tier.id.casefold() == f"{tier.parent} {kind}".casefold():
            return kind
    return None


def _events_role(tier: _Tier, name: str, mapped: str | None, tiers_as: str, eaf: _Eaf) -> _Role:
    """The coder (or subject) a tier's annotations belong to, or a problem saying how to
    name it."""
    if mapped == "":
        return _SKIP
    who = (mapped if mapped is not None else name).strip()
    if tiers_as == "subjects":
        return _Role("events", who=who)
    _, reason = check_name(who, "coder")
    if reason is None:
        return _Role("events", who=who)
    if mapped is not None:
        message = f"tier '{tier.id}' is mapped to '{mapped}', which is not a coder pseudonym"
    else:
        message = (
            f"tier '{tier.id}': its name is not a coder pseudonym; map it to one, e.g. "
            f"tiers={{'{tier.id}': 'S01'}}, or to '' to leave the tier out"
        )
        reason = "pseudonyms are short ids such as S01: letters, digits, '-', '_' or '.'"
    eaf.problem(f"{message} ({reason})", tier.line)
    return _SKIP


def _looked_up(mapping: Mapping[str, str], name: str) -> str | None:
    """``mapping[name]``, else a key equal to it ignoring case and outer spaces."""
    if name in mapping:
        return mapping[name].strip()
    folded = name.strip().casefold()
    for key, value in mapping.items():
        if key.strip().casefold() == folded:
            return value.strip()
    return None


# ====================================================================== annotation values → codes


def _code_for(
    annotation: _Annotation, eaf: _Eaf, codemap: CodeMap, scheme: Scheme
) -> tuple[str | None, str | None]:
    """The scheme code of a coding annotation ("" to skip it), or None and the problem.

    The names tried are the annotation's value and, when it comes from the tier's controlled
    vocabulary, the entry's id and its values in every language: first all of them in the
    mapping, then all of them as scheme ids or labels."""
    value = annotation.value.strip()
    entry = _entry_for(annotation, eaf)
    names = [value, *([entry.id] if entry and entry.id else []), *(entry.values if entry else ())]
    names = [name.strip() for name in dict.fromkeys(names) if name and name.strip()]
    if not names:
        return None, f"{annotation.where}: the annotation is empty (it has no code)"
    for name in names:
        mapped = _looked_up(codemap.names, name)
        if mapped is not None:
            return _checked_mapping(annotation, name, mapped, codemap, scheme)
    by_id_first = sorted(names, key=lambda name: name != (entry.id if entry else None))
    for name in by_id_first:
        code = scheme.resolve(name)
        if code is not None:
            return code, None
    return None, unknown_code(value or names[0], scheme, annotation.where)


def _checked_mapping(
    annotation: _Annotation, name: str, mapped: str, codemap: CodeMap, scheme: Scheme
) -> tuple[str | None, str | None]:
    if mapped == "":
        return "", None
    code = scheme.resolve(mapped)
    if code is not None:
        return code, None
    mapping = codemap.source or "the code mapping"
    return None, unknown_code(mapped, scheme, f"{annotation.where} ('{name}' in {mapping})")


def _entry_for(annotation: _Annotation, eaf: _Eaf) -> _Entry | None:
    """The controlled-vocabulary entry an annotation was chosen from, if any: by its
    CVE_REF, else by its value in the tier's vocabulary (exactly, then ignoring case)."""
    tier = eaf.tiers[annotation.tier]
    own = eaf.vocabularies.get(tier.vocabulary or "", [])
    if annotation.cve_ref:
        everywhere = [entry for entries in eaf.vocabularies.values() for entry in entries]
        for entry in [*own, *everywhere]:
            if entry.id == annotation.cve_ref:
                return entry
    value = annotation.value.strip()
    for entry in own:
        if value in (text.strip() for text in entry.values):
            return entry
    for entry in own:
        if value.casefold() in (text.strip().casefold() for text in entry.values):
            return entry
    return None


# ====================================================================== read_eaf


@dataclass
class _Import:
    """One import under way: the file, how to read it, and the events found so far (by
    annotation id). Problems go to ``eaf.problems``."""

    eaf: _Eaf
    scheme: Scheme
    codemap: CodeMap
    point_up_to: float  # ms: annotations this long or shorter are points
    clock: _Clock = field(init=False)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)  # annotations whose code maps to ""

    def __post_init__(self) -> None:
        self.clock = _Clock(self.eaf)

    def problem(self, message: str, line: int | None) -> None:
        """Note one problem (all are reported together)."""
        self.eaf.problem(message, line)


def read_eaf(
    path: str | Path,
    scheme: Scheme | str | Path = DEFAULT_SCHEME,
    *,
    tiers_as: Literal["coders", "subjects"] = "coders",
    tiers: Mapping[str, str] | None = None,
    codes: CodeMap | str | Path | None = None,
    coder: str | None = None,
    role: str = "trainee",
    clip: str | None = None,
    point_under: float | None = None,
    duration: float | None = None,
) -> Coding:
    """Read an ELAN file as a coding, checked in full against the scheme.

    ``tiers_as="coders"``: each tier is one coder's tags, named by the coder's pseudonym or
    mapped to one with ``tiers`` (``{"Supervisor Jo": "S01"}``; ``""`` leaves a tier out).
    ``tiers_as="subjects"``: each tier is whose behaviour was coded (``tiers`` renames) and
    ``coder`` says who coded. Annotation values are codes: scheme ids or labels, or names
    mapped by ``codes`` (a :class:`CodeMap` or a CSV/YAML mapping file). The clip is
    ``clip``, else the one the file names, else the linked media file's name, else the
    file's. Annotations shorter than ``point_under`` seconds (default 0.1; in files vigkit
    wrote, exactly the 1 ms ones) are point events.

    Raises :class:`FormatError` listing every problem; nothing is half imported.
    """
    source = Path(path)
    checked = load_scheme(scheme)
    _check_arguments(tiers_as, coder, role, point_under)
    codemap = CodeMap.of(codes)
    eaf = _eaf(_read_document(source))
    _check_scheme(eaf, checked, source)
    state = _Import(eaf, checked, codemap, _points_up_to(eaf, point_under))
    shared = {"clip": _clip_for(eaf, clip, source), "role": role, "created": _created(eaf.date)}
    roles = _roles(eaf, tiers_as, tiers or {})
    for tier in eaf.tiers.values():
        if roles[tier.id].kind == "events":
            owner = _owner(roles[tier.id].who, tiers_as, coder)
            _read_events(tier, {**shared, **owner}, state)
    for tier in eaf.tiers.values():
        if roles[tier.id].kind == "attached":
            _attach(tier, roles[tier.id].attached, state)
    _check_repeats(state, roles)
    located = [
        Located(values, eaf.annotations[aid].where, eaf.annotations[aid].line)
        for aid, values in state.values.items()
    ]
    problems = sorted(eaf.problems, key=lambda problem: problem.line or 0)
    return build_coding(
        located, checked, source, duration=duration, problems=problems, hint=_IMPORT_HINT
    )


def _owner(who: str, tiers_as: str, coder: str | None) -> dict[str, str]:
    """Whose tags a tier holds: the tier's coder, or (tiers as subjects) the given coder's
    tags about the tier's subject."""
    if tiers_as == "subjects" and coder is not None:
        return {"coder": coder, "subject": who}
    return {"coder": who, "subject": ""}


def _read_events(tier: _Tier, common: Mapping[str, str], state: _Import) -> None:
    """The events of one coding tier (each checked; problems noted)."""
    for annotation in tier.annotations:
        event = _event(annotation, state)
        if event is not None:
            clip, coder = common["clip"], common["coder"]
            event.update(common, id=f"eaf:{clip}:{coder}:{annotation.id}")
            state.values[annotation.id] = event


def _check_arguments(
    tiers_as: str, coder: str | None, role: str, point_under: float | None
) -> None:
    """Mistakes in how read_eaf was called, said plainly (they are not the file's fault)."""
    if role not in ROLES:
        raise VigkitError(f"unknown role {role!r} (use one of: {', '.join(ROLES)})")
    if tiers_as not in ("coders", "subjects"):
        raise VigkitError(f"tiers_as must be 'coders' or 'subjects', not {tiers_as!r}")
    if tiers_as == "subjects":
        if coder is None:
            raise VigkitError(
                "read_eaf(..., tiers_as='subjects') needs coder='T07': whose coding is it?"
            )
        _, reason = check_name(coder, "coder")
        if reason:
            raise VigkitError(reason)
    elif coder is not None:
        raise VigkitError(
            "coder= is for tiers_as='subjects'; with tiers as coders, name each tier's coder "
            "with tiers={'tier name': 'T07'}"
        )
    if point_under is not None and not (math.isfinite(point_under) and point_under >= 0):
        raise VigkitError(f"point_under must be a number of seconds (0 or more), not {point_under}")


def _check_scheme(eaf: _Eaf, scheme: Scheme, source: Path) -> None:
    """A file vigkit wrote names its scheme: another scheme is a problem, another version a
    warning (as for CSV codings)."""
    named = eaf.properties.get(_PROPERTY_SCHEME)
    if named and named[0] != scheme.id:
        eaf.problem(
            f"the file was coded with scheme '{named[0]}' but is being read with '{scheme.id}' "
            f"(read it with scheme='{named[0]}')",
            named[1],
        )
        return
    version = eaf.properties.get(_PROPERTY_SCHEME_VERSION)
    if named and version and version[0] != scheme.version:
        warnings.warn(
            f"{source}: coded with {scheme.id} version {version[0]}, checked against version "
            f"{scheme.version}",
            VigkitWarning,
            stacklevel=3,
        )


def _clip_for(eaf: _Eaf, clip: str | None, source: Path) -> str:
    """The clip id: given, else named by the file, else the media file's or the file's name.
    A clip id that cannot be used is one problem (not one per event)."""
    named = eaf.properties.get(_PROPERTY_CLIP)
    if clip is not None:
        candidate, origin = clip, "given"
    elif named:
        candidate, origin = named[0], "named in the file"
    elif eaf.media:
        candidate, origin = _media_stem(eaf.media), f"from the media file {eaf.media}"
    else:
        candidate, origin = source.stem, "from the file name"
    text, reason = check_name(candidate, "clip")
    if reason:
        eaf.problem(f"the clip id {origin}: {reason}; give clip='...' to read_eaf", None)
        return "clip"  # stands in, so that events are still checked; nothing is loaded
    return text


def _media_stem(url: str) -> str:
    """``home-play`` from ``file:///films/home-play.mp4``, ``./home-play.mp4`` or
    ``C:\\films\\home-play.mp4``."""
    path = re.sub(r"^file:", "", url.strip(), flags=re.IGNORECASE)
    last = re.split(r"[/\\]", path.rstrip("/\\"))[-1]
    return PurePath(unquote(last)).stem


def _created(date: str | None) -> str:
    """Events are stamped with the file's date (so importing twice gives the same coding)."""
    if date:
        try:
            return parse_created(date)
        except ValueError:
            pass
    return utc_now()


def _points_up_to(eaf: _Eaf, point_under: float | None) -> float:
    """Annotations up to this many ms long are points: those shorter than ``point_under``,
    else exactly the points a vigkit file declares, else those shorter than the default.
    Zero-length annotations are always points."""
    if point_under is None and eaf.point_length is not None:
        return eaf.point_length + 1e-9
    under = DEFAULT_POINT_UNDER if point_under is None else point_under
    return max(under * 1000 - 1e-9, 0.0)


def _event(annotation: _Annotation, state: _Import) -> dict[str, Any] | None:
    """The code and times of one coding annotation, or None (problems noted, or skipped)."""
    times = state.clock.times(annotation)
    code, problem = _code_for(annotation, state.eaf, state.codemap, state.scheme)
    if problem:
        state.problem(problem, annotation.line)
    if code == "":
        state.skipped.add(annotation.id)
    if times is None or not code:
        return None
    start, end = times
    point = end - start <= state.point_up_to
    return {"code": code, "onset": start / 1000, "offset": (start if point else end) / 1000}


def _attach(tier: _Tier, kind: str, state: _Import) -> None:
    """Put a dependent tier's values on the events of its parent tier: a reference
    annotation names its parent; a time-aligned one matches a parent annotation's times."""
    for annotation in tier.annotations:
        target = _target_of(annotation, tier, state)
        if target is None or target in state.skipped or target not in state.values:
            continue  # a parent with its own problem, or left out on purpose
        event = state.values[target]
        if kind == "note":
            notes = [event["note"], annotation.value] if event.get("note") else [annotation.value]
            event["note"] = "\n".join(notes)
        elif event["subject"] and event["subject"] != annotation.value.strip():
            state.problem(
                f"{annotation.where}: annotation {target} already has the subject "
                f"'{event['subject']}'",
                annotation.line,
            )
        else:
            event["subject"] = annotation.value.strip()


def _target_of(annotation: _Annotation, tier: _Tier, state: _Import) -> str | None:
    """The parent-tier annotation a subject or note belongs to (a problem if there is none)."""
    if annotation.slots is None:
        if annotation.parent not in state.eaf.annotations:
            state.clock.times(annotation)  # notes the missing reference
            return None
        return annotation.parent
    times = state.clock.times(annotation)
    if times is None:
        return None
    parent = state.eaf.tiers[tier.parent or ""]
    for candidate in parent.annotations:
        found = state.clock.times(candidate)
        if found is not None and all(abs(a - b) < 0.5 for a, b in zip(found, times, strict=True)):
            return candidate.id
    state.problem(
        f"{annotation.where}: no annotation of tier '{parent.id}' has the same times",
        annotation.line,
    )
    return None


def _check_repeats(state: _Import, roles: Mapping[str, _Role]) -> None:
    """Overlapping annotations on one tier are separate tags (other tools allow them), but the
    same code twice with the same times on one tier is a slip that would count twice."""
    first: dict[tuple[str, str, float, float], str] = {}
    for annotation_id, event in state.values.items():
        annotation = state.eaf.annotations[annotation_id]
        if roles[annotation.tier].kind != "events":
            continue
        key = (annotation.tier, event["code"], event["onset"], event["offset"])
        if key in first:
            state.problem(
                f"{annotation.where}: it repeats annotation {first[key]} (same code, same "
                "times); delete one of them in ELAN",
                annotation.line,
            )
        first.setdefault(key, annotation_id)


# ====================================================================== write_eaf


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
    placed = [_placed(event) for event in _cleaned(coding.to_records())]
    document = _document(coding.scheme, clip, placed, target, media)
    atomic_write_text(target, _serialised(document))
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
            clean = _NOT_XML_CHAR.sub("", text)
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
) -> _Node:
    """The whole ANNOTATION_DOCUMENT, its elements in the order EAF 3.0 requires."""
    time_order = _time_order(placed)
    subjects = _subject_ids(scheme, placed)
    tiers, last_id = _tiers(scheme, placed, subjects)
    root = _Node(
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
        _Node("LANGUAGE", {"LANG_ID": "eng", "LANG_DEF": _ENGLISH, "LANG_LABEL": "English (eng)"}),
        *[
            _Node("CONSTRAINT", {"STEREOTYPE": name, "DESCRIPTION": description})
            for name, description in _CONSTRAINTS.items()
        ],
        _code_vocabulary(scheme, placed),
        _subject_vocabulary(subjects),
    ]
    return root


def _header(
    scheme: Scheme, clip: str | None, target: Path, media: str | Path | None, last_id: int
) -> _Node:
    """The linked film and the properties read_eaf uses to read the file back exactly."""
    header = _Node("HEADER", {"MEDIA_FILE": "", "TIME_UNITS": "milliseconds"})
    if media is not None:
        relative = _relative_media(Path(media), target.parent)
        header.children.append(
            _Node(
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
        _PROPERTY_SCHEME: scheme.id,
        _PROPERTY_SCHEME_VERSION: scheme.version,
        _PROPERTY_POINT: str(POINT_LENGTH_MS),
    }
    if clip is not None:
        properties[_PROPERTY_CLIP] = clip
    header.children += [
        _Node("PROPERTY", {"NAME": name}, text=value) for name, value in properties.items()
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


def _time_order(placed: list[_Placed]) -> _Node:
    """One time slot per annotation boundary, numbered in time order; each event learns its
    two slots."""
    boundaries = sorted(
        [(item.start, index, 0) for index, item in enumerate(placed)]
        + [(item.end, index, 1) for index, item in enumerate(placed)]
    )
    order = _Node("TIME_ORDER")
    slots: dict[tuple[int, int], str] = {}
    for number, (ms, index, side) in enumerate(boundaries, start=1):
        slots[(index, side)] = f"ts{number}"
        order.children.append(
            _Node("TIME_SLOT", {"TIME_SLOT_ID": f"ts{number}", "TIME_VALUE": str(ms)})
        )
    for index, item in enumerate(placed):
        item.slots = (slots[(index, 0)], slots[(index, 1)])
    return order


def _tiers(
    scheme: Scheme, placed: list[_Placed], subjects: Mapping[str, str]
) -> tuple[list[_Node], int]:
    """Each coder's tiers (lanes, with their subject and note tiers) and the last annotation
    number used."""
    numbers = iter(range(1, 1_000_000_000))
    tiers: list[_Node] = []
    for coder in sorted({item.event["coder"] for item in placed}):
        own = [item for item in placed if item.event["coder"] == coder]
        for number, lane in enumerate(_lanes(own), start=1):
            name = coder if number == 1 else f"{coder} ({number})"
            tier = _tier(name, coder, _CODE_TYPE)
            code_ids = []
            for item in lane:
                code_ids.append(f"a{next(numbers)}")
                tier.children.append(_alignable(code_ids[-1], item, scheme))
            tiers.append(tier)
            for kind, type_id in (("subject", _SUBJECT_TYPE), ("note", _NOTE_TYPE)):
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


def _tier(name: str, coder: str, type_id: str, parent: str | None = None) -> _Node:
    attrs = {"TIER_ID": name, "LINGUISTIC_TYPE_REF": type_id}
    if parent is not None:
        attrs["PARENT_REF"] = parent
    attrs |= {"PARTICIPANT": coder, "ANNOTATOR": coder}
    return _Node("TIER", attrs)


def _alignable(annotation_id: str, item: _Placed, scheme: Scheme) -> _Node:
    """A tag: its code's label as the value, the code as the vocabulary entry it refers to."""
    code = item.event["code"]
    inner = _Node(
        "ALIGNABLE_ANNOTATION",
        {
            "ANNOTATION_ID": annotation_id,
            "TIME_SLOT_REF1": item.slots[0],
            "TIME_SLOT_REF2": item.slots[1],
            "CVE_REF": code,
        },
        [_Node("ANNOTATION_VALUE", text=scheme.label_of(code))],
    )
    return _Node("ANNOTATION", children=[inner])


def _reference(annotation_id: str, parent_id: str, text: str, cve: str | None) -> _Node:
    """A subject or note: a reference annotation on the tag it belongs to."""
    attrs = {"ANNOTATION_ID": annotation_id, "ANNOTATION_REF": parent_id}
    if cve is not None:
        attrs["CVE_REF"] = cve
    inner = _Node("REF_ANNOTATION", attrs, [_Node("ANNOTATION_VALUE", text=text)])
    return _Node("ANNOTATION", children=[inner])


def _linguistic_types(scheme: Scheme) -> list[_Node]:
    """Tags are time-aligned and take codes from the scheme; subjects and notes are one value
    per tag (symbolic association), subjects from a list."""
    shared = {"GRAPHIC_REFERENCES": "false"}
    return [
        _Node(
            "LINGUISTIC_TYPE",
            {
                "LINGUISTIC_TYPE_ID": _CODE_TYPE,
                "TIME_ALIGNABLE": "true",
                **shared,
                "CONTROLLED_VOCABULARY_REF": scheme.id,
            },
        ),
        _Node(
            "LINGUISTIC_TYPE",
            {
                "LINGUISTIC_TYPE_ID": _SUBJECT_TYPE,
                "TIME_ALIGNABLE": "false",
                "CONSTRAINTS": "Symbolic_Association",
                **shared,
                "CONTROLLED_VOCABULARY_REF": _SUBJECTS_CV,
            },
        ),
        _Node(
            "LINGUISTIC_TYPE",
            {
                "LINGUISTIC_TYPE_ID": _NOTE_TYPE,
                "TIME_ALIGNABLE": "false",
                "CONSTRAINTS": "Symbolic_Association",
                **shared,
            },
        ),
    ]


def _code_vocabulary(scheme: Scheme, placed: list[_Placed]) -> _Node:
    """The scheme's codes at the level(s) the coding uses (every code when it is empty):
    entry id = code, value = label, description = the code's description."""
    used = {scheme.is_category(item.event["code"]) for item in placed} or {True, False}
    vocabulary = _Node("CONTROLLED_VOCABULARY", {"CV_ID": scheme.id})
    description = f"{scheme.label} (vigkit scheme {scheme.id}, version {scheme.version})"
    vocabulary.children.append(_Node("DESCRIPTION", {"LANG_REF": "eng"}, text=description))
    for code in scheme.codes:
        if scheme.is_category(code) in used:
            value = {"LANG_REF": "eng"}
            if scheme.description_of(code):
                value["DESCRIPTION"] = scheme.description_of(code)
            entry = _Node("CVE_VALUE", value, text=scheme.label_of(code))
            vocabulary.children.append(_Node("CV_ENTRY_ML", {"CVE_ID": code}, [entry]))
    return vocabulary


def _subject_ids(scheme: Scheme, placed: list[_Placed]) -> dict[str, str]:
    """Entry ids for the scheme's subjects and any other subject the coding uses."""
    used = sorted({item.event["subject"] for item in placed if item.event["subject"]})
    names = dict.fromkeys([*scheme.subjects, *used])
    return {name: f"subject-{number}" for number, name in enumerate(names, start=1)}


def _subject_vocabulary(subjects: Mapping[str, str]) -> _Node:
    vocabulary = _Node("CONTROLLED_VOCABULARY", {"CV_ID": _SUBJECTS_CV})
    vocabulary.children.append(
        _Node("DESCRIPTION", {"LANG_REF": "eng"}, text="Whose behaviour a tag is about")
    )
    for name, entry_id in subjects.items():
        value = _Node("CVE_VALUE", {"LANG_REF": "eng"}, text=name)
        vocabulary.children.append(_Node("CV_ENTRY_ML", {"CVE_ID": entry_id}, [value]))
    return vocabulary


def _serialised(root: _Node) -> str:
    """The document as indented XML text; values are kept exactly (a carriage return in a
    note is written as a character reference, as XML parsers would otherwise drop it)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    _write_node(root, 0, lines)
    return "\n".join(lines) + "\n"


def _write_node(node: _Node, depth: int, lines: list[str]) -> None:
    pad = "    " * depth
    attrs = "".join(
        f' {name}="{_escaped(value, attribute=True)}"' for name, value in node.attrs.items()
    )
    if node.children:
        lines.append(f"{pad}<{node.tag}{attrs}>")
        for child in node.children:
            _write_node(child, depth + 1, lines)
        lines.append(f"{pad}</{node.tag}>")
    elif node.text:
        lines.append(f"{pad}<{node.tag}{attrs}>{_escaped(node.text)}</{node.tag}>")
    else:
        lines.append(f"{pad}<{node.tag}{attrs}/>")


_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}


def _escaped(text: str, *, attribute: bool = False) -> str:
    table = _ATTRIBUTE_ESCAPES if attribute else _TEXT_ESCAPES
    return "".join(table.get(char, char) for char in text)

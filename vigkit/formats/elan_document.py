"""What an ELAN file says: its header, time slots, controlled vocabularies, tiers and
annotations, read from the XML with every problem noted (none raised)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..core.errors import Problem
from .elan_layout import PROPERTY_POINT
from .elan_xml import Node


@dataclass
class Annotation:
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
class Tier:
    """One tier: its name, parent, controlled vocabulary and annotations."""

    id: str
    line: int
    parent: str | None
    vocabulary: str | None
    annotations: list[Annotation] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One controlled-vocabulary entry: its id and its value in every language."""

    id: str | None
    values: tuple[str, ...]


@dataclass
class Eaf:
    """Everything read needs from an ELAN document, with the problems found reading it."""

    slots: dict[str, float | None] = field(default_factory=dict)
    tiers: dict[str, Tier] = field(default_factory=dict)
    annotations: dict[str, Annotation] = field(default_factory=dict)
    vocabularies: dict[str, list[Entry]] = field(default_factory=dict)
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
        declared = self.properties.get(PROPERTY_POINT)
        try:
            length = float(declared[0]) if declared else math.nan
        except ValueError:
            return None
        return length if math.isfinite(length) and length >= 0 else None


def eaf_from(root: Node) -> Eaf:
    """Read the header, time slots, vocabularies and tiers of an ELAN document."""
    eaf = Eaf(date=root.attrs.get("DATE"))
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


def _read_header(root: Node, eaf: Eaf) -> None:
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


def _read_time_slots(root: Node, eaf: Eaf) -> None:
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


def _read_vocabularies(root: Node, eaf: Eaf) -> None:
    """Controlled vocabularies: EAF 2.8+ multilingual entries and older single-value ones."""
    for vocabulary in root.all("CONTROLLED_VOCABULARY"):
        entries: list[Entry] = []
        for node in vocabulary.children:
            if node.tag == "CV_ENTRY_ML":
                values = tuple(value.text for value in node.all("CVE_VALUE"))
                entries.append(Entry(node.attrs.get("CVE_ID"), values))
            elif node.tag == "CV_ENTRY":
                entries.append(Entry(node.attrs.get("CVE_ID"), (node.text,)))
        eaf.vocabularies[vocabulary.attrs.get("CV_ID", "")] = entries


def _read_tier(node: Node, types: Mapping[str, str | None], eaf: Eaf) -> None:
    """One tier and its annotations; a missing or repeated name is a problem."""
    tier_id = node.attrs.get("TIER_ID")
    if not tier_id:
        eaf.problem("a tier has no TIER_ID", node.line)
        return
    if tier_id in eaf.tiers:
        eaf.problem(f"tier '{tier_id}': there are two tiers of this name", node.line)
        return
    vocabulary = types.get(node.attrs.get("LINGUISTIC_TYPE_REF", ""))
    tier = Tier(tier_id, node.line, node.attrs.get("PARENT_REF"), vocabulary)
    eaf.tiers[tier_id] = tier
    for wrapper in node.all("ANNOTATION"):
        annotation = _read_annotation(wrapper, tier_id, eaf)
        if annotation is not None:
            tier.annotations.append(annotation)
            eaf.annotations[annotation.id] = annotation


def _read_annotation(wrapper: Node, tier: str, eaf: Eaf) -> Annotation | None:
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
    annotation = Annotation(annotation_id, tier, node.line, value.text, node.attrs.get("CVE_REF"))
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

"""What an ELAN file's names mean: each tier's role (one coder's tags, or their subjects or
notes) and each annotation's scheme code (through the mapping and the vocabularies)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..coding.events import check_name
from ..coding.scheme import Scheme
from .common import CodeMap, unknown_code
from .elan_document import Annotation, Eaf, Entry, Tier
from .elan_layout import (
    ATTACHED,
    LANE,
)


@dataclass(frozen=True)
class Role:
    """What a tier is for: skipped, the events of one coder or subject (``who``), or the
    subject or note (``attached``) of the events of its parent tier."""

    kind: Literal["skip", "events", "attached"]
    who: str = ""
    attached: str = ""


_SKIP = Role("skip")


def tier_roles(eaf: Eaf, tiers_as: str, mapping: Mapping[str, str]) -> dict[str, Role]:
    """Decide what each tier is: an explicit mapping first, then a dependent subject or note
    tier, then an extra lane ``NAME (2)`` of tier NAME, then the tier's own name."""
    roles: dict[str, Role] = {}
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
        lane = LANE.match(tier.id)
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
        roles[tier_id] = Role("attached", attached=kind) if parent.kind == "events" else _SKIP
    return roles


def _attached_kind(tier: Tier) -> str | None:
    """'subject' or 'note' for a dependent tier named "<parent> subject" / "<parent> note"."""
    if tier.parent is None:
        return None
    for kind in ATTACHED:
        if tier.id.casefold() == f"{tier.parent} {kind}".casefold():
            return kind
    return None


def _events_role(tier: Tier, name: str, mapped: str | None, tiers_as: str, eaf: Eaf) -> Role:
    """The coder (or subject) a tier's annotations belong to, or a problem saying how to
    name it."""
    if mapped == "":
        return _SKIP
    who = (mapped if mapped is not None else name).strip()
    if tiers_as == "subjects":
        return Role("events", who=who)
    _, reason = check_name(who, "coder")
    if reason is None:
        return Role("events", who=who)
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


def code_for(
    annotation: Annotation, eaf: Eaf, codemap: CodeMap, scheme: Scheme
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
    annotation: Annotation, name: str, mapped: str, codemap: CodeMap, scheme: Scheme
) -> tuple[str | None, str | None]:
    if mapped == "":
        return "", None
    code = scheme.resolve(mapped)
    if code is not None:
        return code, None
    mapping = codemap.source or "the code mapping"
    return None, unknown_code(mapped, scheme, f"{annotation.where} ('{name}' in {mapping})")


def _entry_for(annotation: Annotation, eaf: Eaf) -> Entry | None:
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

"""Reading an ELAN file as a ``Coding`` (:func:`read_eaf`): the file's tiers turned into
events, checked in full; nothing is half imported."""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Literal
from urllib.parse import unquote

from ..coding.events import ROLES, check_name, parse_created, utc_now
from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.table import Coding
from ..core.errors import Problem, VigkitError, VigkitWarning
from .common import CodeMap, Located, build_coding
from .elan_clock import Clock
from .elan_document import Annotation, Eaf, Tier, eaf_from
from .elan_layout import (
    DEFAULT_POINT_UNDER,
    PROPERTY_CLIP,
    PROPERTY_SCHEME,
    PROPERTY_SCHEME_VERSION,
)
from .elan_names import Role, code_for, tier_roles
from .elan_xml import Node, read_document

_IMPORT_HINT = (
    "Fix these in ELAN and save the file again. Tier names and code names that differ from "
    "the scheme can be mapped: read_eaf(..., tiers={...}, codes='mapping.csv')."
)


@dataclass
class _Import:
    """One import under way: the file, how to read it, and the events found so far (by
    annotation id). Problems go to ``eaf.problems``."""

    eaf: Eaf
    scheme: Scheme
    codemap: CodeMap
    point_up_to: float  # ms: annotations this long or shorter are points
    clock: Clock = field(init=False)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)  # annotations whose code maps to ""

    def __post_init__(self) -> None:
        self.clock = Clock(self.eaf)

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
    root = read_document(source)
    eaf = eaf_from(root)
    eaf.problems.extend(stray_content(root))
    _check_scheme(eaf, checked, source)
    state = _Import(eaf, checked, codemap, _points_up_to(eaf, point_under))
    shared = {"clip": _clip_for(eaf, clip, source), "role": role, "created": _created(eaf.date)}
    roles = tier_roles(eaf, tiers_as, tiers or {})
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


#: Where each element of an annotation belongs (its only possible parent).
_BELONGS_IN = {
    "TIER": ("ANNOTATION_DOCUMENT",),
    "ANNOTATION": ("TIER",),
    "ALIGNABLE_ANNOTATION": ("ANNOTATION",),
    "REF_ANNOTATION": ("ANNOTATION",),
    "ANNOTATION_VALUE": ("ALIGNABLE_ANNOTATION", "REF_ANNOTATION"),
}
#: What each element of a tier may hold (ELAN's schema); anything else would be lost.
_HOLDS = {
    "TIER": ("ANNOTATION",),
    "ANNOTATION": ("ALIGNABLE_ANNOTATION", "REF_ANNOTATION"),
    "ALIGNABLE_ANNOTATION": ("ANNOTATION_VALUE",),
    "REF_ANNOTATION": ("ANNOTATION_VALUE",),
    "ANNOTATION_VALUE": (),
}
_STRAY_HINT = "it would be lost on import; "


def stray_content(root: Node) -> list[Problem]:
    """A problem, with its line, for each annotation element outside its place (e.g. an
    ALIGNABLE_ANNOTATION straight in a TIER) and each text or element where a tier holds
    only annotations: ELAN's reader skips them, so the kit refuses rather than drop them."""
    problems: list[Problem] = []
    stack: list[tuple[Node, str | None]] = [(root, None)]
    while stack:  # not recursive: a file nested very deeply cannot exhaust the stack
        node, tier = stack.pop()
        if node.tag == "TIER":
            tier = node.attrs.get("TIER_ID") or "?"
        where = f"tier '{tier}': " if tier is not None else ""
        if node.tag in _HOLDS and node.text.strip() and node.tag != "ANNOTATION_VALUE":
            shown = " ".join(node.text.split())[:40]
            problems.append(
                Problem(
                    f"{where}the text '{shown}' is directly in <{node.tag}>, outside any "
                    f"<ANNOTATION_VALUE>; {_STRAY_HINT}move it into an annotation's value or "
                    "delete it",
                    node.text_line or node.line,
                )
            )
        for child in node.children:
            allowed = _HOLDS.get(node.tag)
            home = _BELONGS_IN.get(child.tag)
            misplaced = home is not None and node.tag not in home
            if misplaced or (allowed is not None and child.tag not in allowed):
                inside = f"<{home[0]}>" if home else "an annotation's place"
                problems.append(
                    Problem(
                        f"{where}<{child.tag}> is directly in <{node.tag}>"
                        + (f", outside {inside}" if home else "")
                        + f"; {_STRAY_HINT}"
                        + (
                            f"put it inside {inside} (as ELAN writes it) or delete it"
                            if home
                            else "delete it (ELAN files have no such element here)"
                        ),
                        child.line,
                    )
                )
            else:
                stack.append((child, tier))
    return sorted(problems, key=lambda problem: problem.line or 0)


def _owner(who: str, tiers_as: str, coder: str | None) -> dict[str, str]:
    """Whose tags a tier holds: the tier's coder, or (tiers as subjects) the given coder's
    tags about the tier's subject."""
    if tiers_as == "subjects" and coder is not None:
        return {"coder": coder, "subject": who}
    return {"coder": who, "subject": ""}


def _read_events(tier: Tier, common: Mapping[str, str], state: _Import) -> None:
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


def _check_scheme(eaf: Eaf, scheme: Scheme, source: Path) -> None:
    """A file vigkit wrote names its scheme: another scheme is a problem, another version a
    warning (as for CSV codings)."""
    named = eaf.properties.get(PROPERTY_SCHEME)
    if named and named[0] != scheme.id:
        eaf.problem(
            f"the file was coded with scheme '{named[0]}' but is being read with '{scheme.id}' "
            f"(read it with scheme='{named[0]}')",
            named[1],
        )
        return
    version = eaf.properties.get(PROPERTY_SCHEME_VERSION)
    if named and version and version[0] != scheme.version:
        warnings.warn(
            f"{source}: coded with {scheme.id} version {version[0]}, checked against version "
            f"{scheme.version}",
            VigkitWarning,
            stacklevel=3,
        )


def _clip_for(eaf: Eaf, clip: str | None, source: Path) -> str:
    """The clip id: given, else named by the file, else the media file's or the file's name.
    A clip id that cannot be used is one problem (not one per event)."""
    named = eaf.properties.get(PROPERTY_CLIP)
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


def _points_up_to(eaf: Eaf, point_under: float | None) -> float:
    """Annotations up to this many ms long are points: those shorter than ``point_under``,
    else exactly the points a vigkit file declares, else those shorter than the default.
    Zero-length annotations are always points."""
    if point_under is None and eaf.point_length is not None:
        return eaf.point_length + 1e-9
    under = DEFAULT_POINT_UNDER if point_under is None else point_under
    return max(under * 1000 - 1e-9, 0.0)


def _event(annotation: Annotation, state: _Import) -> dict[str, Any] | None:
    """The code and times of one coding annotation, or None (problems noted, or skipped)."""
    times = state.clock.times(annotation)
    code, problem = code_for(annotation, state.eaf, state.codemap, state.scheme)
    if problem:
        state.problem(problem, annotation.line)
    if code == "":
        state.skipped.add(annotation.id)
    if times is None or not code:
        return None
    start, end = times
    point = end - start <= state.point_up_to
    return {"code": code, "onset": start / 1000, "offset": (start if point else end) / 1000}


def _attach(tier: Tier, kind: str, state: _Import) -> None:
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


def _target_of(annotation: Annotation, tier: Tier, state: _Import) -> str | None:
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


def _check_repeats(state: _Import, roles: Mapping[str, Role]) -> None:
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

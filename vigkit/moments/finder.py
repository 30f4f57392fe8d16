"""``find_moments``: a film's candidate moments as a table, best first, and what was looked at.

The sound (``listening.analyse_sound``) and the movement (``views.motion_energy`` per
region, then ``synchrony``) are each cached in the workspace, so a second look – with
another answer gap, other names or another number of moments – takes a fraction of a
second. Whatever the film lacks (a sound track, voices, two voices, length) is said in
``attrs["looked_at"]``, never raised: a finder that fails on a silent film helps nobody.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..coding.workspace import Workspace
from ..core.atomic import atomic_writer
from ..core.csvsafe import safe_cell
from ..core.errors import MediaError, VigkitError
from ..core.picturebox import MIN_SIDE, checked_box
from ..core.wording import counted
from ..views.motion import checked_film, motion_energy
from .candidates import (
    Candidate,
    Settings,
    movement_candidates,
    ranked,
    sound_candidates,
    turn_taking,
)
from .listening import analyse_sound, probed
from .segments import HALVES, Region
from .synchrony import (
    region_energy,
    synchrony_episodes,
    windowed_cross_correlation,
    without_pulses,
)

#: The table's columns, in order.
COLUMNS = ("rank", "onset", "offset", "kind", "principle", "code", "score", "reason")
#: A film shorter than this (s) is too short to look for turns or movement together.
SHORTEST_FILM = 5.0
#: A window counts as moving when a region's movement varies by this share of its usual level.
LEAST_CHANGE = 0.1
#: Two regions move together when their movement correlates this well (peak r over lags).
TOGETHER = 0.7


def find_moments(
    film: str | Path,
    *,
    voices: int = 2,
    names: Sequence[str] | None = None,
    gap: float = 1.5,
    wait: float = 2.0,
    regions: Sequence[Region | tuple[str, Sequence[float]]] | None = None,
    top: int | None = None,
    movement: bool = True,
    workspace: Workspace | str | Path | None = None,
    cache: bool = True,
    show_bar: bool = True,
) -> pd.DataFrame:
    """Candidate "better than usual" moments of ``film``, best first (``top`` of them).

    ``voices`` is how many voices to tell apart, ``names`` what to call them (lowest voice
    first, e.g. ``("Kwame", "Maya")``), ``gap`` the longest pause (s) for a turn to answer
    another, ``wait`` the shortest silence (s) after a child that counts as waiting, and
    ``regions`` where each person is in the picture (default: the left and right halves):
    two ``Region`` or plain ``(name, (left, top, right, bottom))`` pairs, as a
    ``RegionPicker``'s ``regions`` gives them.
    The table has the columns ``COLUMNS``; ``attrs["looked_at"]`` says in sentences what
    could and could not be looked at, ``attrs["turn_rate"]`` the changes of speaker per
    minute over time (``time``, ``changes_per_minute``) and ``attrs["overlaps"]`` the
    stretches of speaking at once. A missing or unreadable film is a ``MediaError``.
    """
    settings = _settings(names, gap, wait)
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise VigkitError(f"top must be a whole number of moments from 1, not {top!r}")
    chosen = checked_regions(regions)
    path = checked_film(film)
    info = probed(path)
    looked_at: list[str] = []
    found: list[Candidate] = []
    if info.duration < SHORTEST_FILM:
        looked_at.append(
            f"The film is only {info.duration:.1f} s long: too short to look for turns or "
            f"movement together (at least {SHORTEST_FILM:g} s is needed)."
        )
        return _table(found, looked_at, path, top)
    sound = analyse_sound(path, voices=voices, workspace=workspace, cache=cache, show_bar=show_bar)
    looked_at.extend(sound.notes)
    found.extend(sound_candidates(sound.segments, sound.voices, sound.duration, settings))
    taking = turn_taking(sound.segments, sound.voices, sound.duration)
    if taking.words():
        looked_at.append(taking.words())
    if movement and info.width:
        found.extend(_movement(path, chosen, workspace, cache, show_bar, looked_at))
    elif movement:
        looked_at.append("The film has no picture, so movement could not be looked at.")
    else:
        looked_at.append("Movement was not looked at (it was switched off).")
    table = _table(ranked(found), looked_at, path, top)
    table.attrs["turn_rate"] = pd.DataFrame(
        {"time": taking.times, "changes_per_minute": taking.per_minute}
    )
    table.attrs["overlaps"] = [(o.onset, o.offset) for o in taking.overlaps]
    return table


def checked_regions(
    regions: Sequence[Region | tuple[str, Sequence[float]]] | None,
) -> tuple[Region, ...]:
    """``regions`` as two ``Region`` (the halves if ``None``); plain ``(name, box)`` pairs are
    turned into ``Region``. A ``VigkitError`` names the region whose box is not inside the
    picture, the wrong way round or smaller than ``MIN_SIDE`` each way."""
    if regions is None:
        return HALVES
    shape = (
        "two boxes, one for each person: Region(name, box) or (name, (left, top, right, bottom))"
    )
    if isinstance(regions, (str, bytes)) or not isinstance(regions, Sequence):
        raise VigkitError(f"regions must be {shape}, not {regions!r}")
    chosen = tuple(_region(r, n) for n, r in enumerate(regions, start=1))
    if len(chosen) != 2:
        raise VigkitError(f"regions must be {shape}; {len(chosen)} were given")
    return chosen


def _region(given: object, number: int) -> Region:
    if isinstance(given, Region):
        name, box = given.name, given.box
    elif isinstance(given, (tuple, list)) and len(given) == 2:
        name, box = given
    else:
        raise VigkitError(
            f"region {number} must be Region(name, box) or (name, (left, top, right, bottom)), "
            f"not {given!r}"
        )
    if not isinstance(name, str) or not name.strip():
        raise VigkitError(f"region {number} needs a name (a word, e.g. a pseudonym), not {name!r}")
    return Region(name.strip(), checked_box(box, f"region {name.strip()!r}"))


def _settings(names: Sequence[str] | None, gap: float, wait: float) -> Settings:
    for label, value, low, high in (("gap", gap, 0.1, 10.0), ("wait", wait, 0.5, 30.0)):
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or not (math.isfinite(value) and low <= value <= high)
        ):
            raise VigkitError(f"{label} must be a number of seconds from {low:g} to {high:g}")
    given = tuple(names or ())
    if any(not isinstance(n, str) or not n.strip() for n in given):
        raise VigkitError(f"names must be words, one per voice (lowest voice first), not {given!r}")
    return Settings(gap=float(gap), wait=float(wait), names=tuple(n.strip() for n in given))


def _movement(
    path: Path,
    regions: Sequence[Region],
    workspace: Workspace | str | Path | None,
    cache: bool,
    show_bar: bool,
    looked_at: list[str],
) -> list[Candidate]:
    try:
        motion = motion_energy(path, workspace=workspace, cache=cache, show_bar=show_bar)
    except MediaError as error:  # e.g. a picture too short to show movement
        looked_at.append(f"Movement could not be looked at: {error}")
        return []
    series = without_pulses(region_energy(motion, regions), motion.fps)
    # Each region's movement against its own usual level: a person going from still to
    # busy changes by far more than a tenth, a picture that churns evenly (a screen, a
    # fan, grain) by less, and its flicker must not count as moving together.
    level = np.maximum(np.median(series, axis=0), 1e-6)
    relative = series / level
    correlation = windowed_cross_correlation(
        relative[:, 0], relative[:, 1], rate=motion.fps, start=float(motion.times[0]),
        floor=LEAST_CHANGE,
    )  # fmt: skip
    episodes = synchrony_episodes(correlation, threshold=TOGETHER)
    names = [r.name for r in regions]
    together = counted(len(episodes), "stretch", "stretches") if episodes else "no stretch"
    where = (
        "in the left and right halves of the picture"
        if tuple(regions) == HALVES
        else f"where {names[0]} and {names[1]} are in the picture"
    )
    looked_at.append(f"Looked at movement {where} ({together} of moving together).")
    return movement_candidates(episodes, names)


def _table(
    found: Sequence[Candidate], looked_at: list[str], path: Path, top: int | None
) -> pd.DataFrame:
    chosen = list(found)[:top] if top is not None else list(found)
    rows = [
        {
            "rank": rank,
            "onset": round(c.onset, 2),
            "offset": round(c.offset, 2),
            "kind": c.kind,
            "principle": c.principle,
            "code": c.code,
            "score": c.score,
            "reason": c.reason,
        }
        for rank, c in enumerate(chosen, start=1)
    ]
    table: pd.DataFrame = pd.DataFrame(rows, columns=list(COLUMNS))
    if not rows:
        looked_at.append("No candidate moments were found: look through the film yourself.")
    table.attrs["looked_at"] = list(looked_at)
    table.attrs["film"] = str(path)
    table.attrs["turn_rate"] = pd.DataFrame({"time": [], "changes_per_minute": []})
    table.attrs["overlaps"] = []
    return table


def save_moments(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table of candidates to ``path`` as CSV (atomically; text made safe for
    spreadsheets), one row per candidate with the columns ``COLUMNS``."""
    target = Path(path)
    with atomic_writer(target) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in table.itertuples(index=False):
            writer.writerow([safe_cell(getattr(row, column)) for column in COLUMNS])
    return target


__all__ = ["COLUMNS", "MIN_SIDE", "checked_regions", "find_moments", "save_moments"]

"""Make ``examples/group/``: five trainees' codings of one practice film, and their supervisor's.

The group is made up. The supervisor, S01, coded the film as its reference coding does
(the storyboard's answer key). Each trainee's coding is made from that answer key with
seeded changes that look like real learners at different points on the path:

- **T01** is a strong coder: a little timing wobble, one moment missed, one named as a
  neighbouring principle; tags behaviours, not just principles.
- **T02** sees the basics well but misses most of the higher principles (guiding,
  deepening discussion).
- **T03** names receiving initiatives as encouraging initiatives.
- **T04** presses about a second late, and misses most of the quick receiving moments.
- **T05** finds nearly everything, and also tags moments the supervisor did not mark.

Trainees tag with the number keys, so T02–T05 use the six principles (categories). Every
coder links a tag to the other person's tag it answers when it follows within
:data:`ANSWER_WITHIN` seconds (the Tagger's ``r``), so the group has chains of turns. The
output is the same every run (a fixed seed per trainee, fixed ids and creation times)::

    .venv/bin/python examples/make_group_codings.py

``tests/test_group_example.py`` checks that the committed files are what this script makes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vigkit.coding.links import last_initiative
from vigkit.coding.table import Coding
from vigkit.core.coursedir import storyboards_dir
from vigkit.practice import load_storyboard, reference_coding

HERE = Path(__file__).resolve().parent
OUT = HERE / "group"
FILM = "group-bridge-building"
SUPERVISOR = "S01"
TRAINEES = ("T01", "T02", "T03", "T04", "T05")
CREATED = "2026-03-02T10:00:00.000Z"
#: One seed per trainee, so changing one trainee's rules leaves the others as they were.
SEEDS = {"T01": 101, "T02": 202, "T03": 303, "T04": 404, "T05": 505}
#: Extra tags keep at least this far (seconds) from every moment the supervisor marked,
#: and this far from each other.
EXTRA_CLEARANCE = 2.5
EXTRA_SPACING = 1.0
#: A tag answers the other person's latest earlier tag when it follows within this (seconds).
ANSWER_WITHIN = 3.0

Row = dict[str, Any]


def supervisor_reference() -> Coding:
    """The film's answer key, straight from its storyboard (with the film's duration)."""
    return reference_coding(load_storyboard(storyboards_dir() / f"{FILM}.yaml"))


def category(code: str) -> str:
    """The principle (category id) of a code."""
    return code.split(".", 1)[0]


def supervisor_coding(reference: Coding) -> Coding:
    """S01's coding: the answer key under their pseudonym, role supervisor."""
    rows = [{**event, "coder": SUPERVISOR, "created": CREATED} for event in reference.to_records()]
    return Coding(rows, duration=reference.duration)


def _moved(event: Row, shift: float, duration: float) -> tuple[float, float]:
    """The event's onset and offset moved by ``shift`` seconds, inside the film, to 0.1 s."""
    length = event["offset"] - event["onset"]
    onset = round(min(max(0.0, event["onset"] + shift), duration - length), 1)
    return onset, round(onset + length, 1)


def _keep_some(events: list[Row], principle: str, keep: int, rng: random.Random) -> set[str]:
    """The ids of the ``principle`` moments dropped so that only ``keep`` are left."""
    ids = [e["id"] for e in events if category(e["code"]) == principle]
    return set(rng.sample(ids, max(0, len(ids) - keep)))


def _strong(events: list[Row], rng: random.Random) -> tuple[set[str], dict[str, str]]:
    """T01: one deepening moment missed, one named as guiding; behaviours kept."""
    deepening = [e["id"] for e in events if category(e["code"]) == "deepening-discussion"]
    missed, renamed = rng.sample(deepening, 2)
    return {missed}, {renamed: "guiding.extending"}


def _misses_higher(events: list[Row], rng: random.Random) -> tuple[set[str], dict[str, str]]:
    """T02: finds one guiding and two deepening moments; the rest are unseen."""
    dropped = _keep_some(events, "guiding", 1, rng) | _keep_some(
        events, "deepening-discussion", 2, rng
    )
    return dropped, {}


def _receiving_as_encouraging(
    events: list[Row], rng: random.Random
) -> tuple[set[str], dict[str, str]]:
    """T03: every receiving moment named as encouraging; one developing moment missed."""
    renamed = {
        e["id"]: "encouraging-initiatives"
        for e in events
        if category(e["code"]) == "receiving-initiatives"
    }
    developing = [
        e["id"] for e in events if category(e["code"]) == "developing-attuned-interactions"
    ]
    return {rng.choice(developing)}, renamed


def _late(events: list[Row], rng: random.Random) -> tuple[set[str], dict[str, str]]:
    """T04: misses most of the quick receiving moments (the lateness is in ``TIMING``)."""
    return _keep_some(events, "receiving-initiatives", 1, rng), {}


def _extra_tags(events: list[Row], rng: random.Random) -> tuple[set[str], dict[str, str]]:
    """T05: names one guiding moment as encouraging (the extra tags come from ``EXTRAS``)."""
    guiding = [e["id"] for e in events if category(e["code"]) == "guiding"]
    return set(), {rng.choice(guiding): "encouraging-initiatives"}


#: Each trainee's misses and renamings: (dropped ids, {id: code given instead}).
CHANGES: dict[str, Callable[[list[Row], random.Random], tuple[set[str], dict[str, str]]]] = {
    "T01": _strong,
    "T02": _misses_higher,
    "T03": _receiving_as_encouraging,
    "T04": _late,
    "T05": _extra_tags,
}
#: Each trainee's timing: (seconds late on average, spread in seconds).
TIMING = {"T01": (0.0, 0.25), "T02": (0.1, 0.4), "T03": (0.1, 0.4), "T04": (1.0, 0.3),
          "T05": (0.0, 0.4)}  # fmt: skip
#: How many extra tags each trainee adds, and the principles they are drawn from.
EXTRAS: dict[str, tuple[int, tuple[str, ...]]] = {
    "T01": (0, ()),
    "T02": (1, ("being-attentive",)),
    "T03": (1, ("encouraging-initiatives",)),
    "T04": (0, ()),
    "T05": (
        5,
        (
            "being-attentive", "being-attentive", "encouraging-initiatives",
            "receiving-initiatives", "developing-attuned-interactions",
        ),
    ),
}  # fmt: skip


def trainee_coding(reference: Coding, trainee: str) -> Coding:
    """``trainee``'s coding of the film: the answer key with their seeded changes."""
    rng = random.Random(SEEDS[trainee])
    duration = reference.duration or 0.0
    events = reference.to_records()
    dropped, renamed = CHANGES[trainee](events, rng)
    late, spread = TIMING[trainee]
    rows: list[Row] = []
    for event in events:
        shift = rng.gauss(late, spread)  # drawn for every event, so choices stay stable
        if event["id"] in dropped:
            continue
        onset, offset = _moved(event, shift, duration)
        code = renamed.get(event["id"], event["code"])
        rows.append(
            _row(trainee, code if trainee == "T01" else category(code), onset, offset,
                 event["subject"])
        )  # fmt: skip
    count, principles = EXTRAS[trainee]
    for onset in _extra_times(events, count, duration, rng):
        rows.append(_row(trainee, rng.choice(principles), onset, onset, "teacher"))
    rows.sort(key=lambda r: (r["onset"], r["offset"], r["code"]))
    for number, row in enumerate(rows, start=1):  # ids in time order, as tagging makes them
        row["id"] = f"{FILM}-{trainee}-{number:03d}"
    return Coding(rows, duration=reference.duration)


def _row(trainee: str, code: str, onset: float, offset: float, subject: str) -> Row:
    """One tag of ``trainee``'s (its id is given once the tags are in time order)."""
    return {
        "id": "",
        "created": CREATED,
        "clip": FILM,
        "coder": trainee,
        "role": "trainee",
        "code": code,
        "subject": subject,
        "onset": onset,
        "offset": offset,
        "note": "",
    }


def _extra_times(events: list[Row], count: int, duration: float, rng: random.Random) -> list[float]:
    """``count`` times (0.1 s steps) at least ``EXTRA_CLEARANCE`` from every marked moment
    (outside its stretch, if it has one) and ``EXTRA_SPACING`` from each other, so the
    extra tags are clearly extra."""
    marked = [(float(e["onset"]), float(e["offset"])) for e in events]
    candidates = [
        t / 10
        for t in range(10, int(duration * 10) - 10)
        if all(
            t / 10 < on - EXTRA_CLEARANCE or t / 10 > off + EXTRA_CLEARANCE for on, off in marked
        )
    ]
    chosen: list[float] = []
    for _ in range(count):
        free = [t for t in candidates if all(abs(t - x) >= EXTRA_SPACING for x in chosen)]
        if not free:
            break
        chosen.append(rng.choice(free))
    return sorted(chosen)


def linked(coding: Coding) -> Coding:
    """The coding with each tag linked to the other person's latest earlier tag, when that
    started at most :data:`ANSWER_WITHIN` seconds before it (as a careful coder presses r)."""
    rows = coding.to_records()
    for row in rows:
        answered = last_initiative(rows, row)
        if (
            answered is not None
            and answered["subject"] != row["subject"]
            and row["onset"] - answered["onset"] <= ANSWER_WITHIN
            and answered.get("answers") != row["id"]
        ):
            row["answers"] = answered["id"]
    return Coding(rows, duration=coding.duration)


def file_name(coder: str) -> str:
    """The file a coder's coding is kept in: ``FILM__CODER.csv``."""
    return f"{FILM}__{coder}.csv"


def build(out: Path = OUT) -> list[Path]:
    """Write every coding of the group to ``out`` (made if missing); return the files."""
    out.mkdir(parents=True, exist_ok=True)
    reference = supervisor_reference()
    written = [linked(supervisor_coding(reference)).to_csv(out / file_name(SUPERVISOR))]
    for trainee in TRAINEES:
        coding = linked(trainee_coding(reference, trainee))
        written.append(coding.to_csv(out / file_name(trainee)))
    return written


if __name__ == "__main__":
    for path in build():
        print(f"wrote {path}")

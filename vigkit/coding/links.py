"""Tags that answer tags: the rules of the ``answers`` link (a reception pointing at the
initiative it receives), shared by coding files, the journal and the Tagger's link key.

A link joins two tags of one coding (same clip, same coder); the answered tag starts no
later than the tag that answers it, and following links never comes back to where it
started, so every chain of linked turns has a beginning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..core.errors import Problem
from ..core.timecode import format_time

Event = Mapping[str, Any]


def link_problem(tag: Event, answered: Event | None, answered_id: str) -> str | None:
    """Why ``tag`` cannot answer ``answered`` (None: it can); ``answered`` is None when no
    tag of the coding has the id ``answered_id``."""
    if answered is None:
        return (
            f"this tag answers '{answered_id}', but no tag of this coding has that id (it may "
            "have been deleted or undone): link it to a tag that is still there, or leave "
            "'answers' blank"
        )
    if str(answered["id"]) == str(tag["id"]):
        return "a tag cannot answer itself: name the tag it receives, or leave it blank"
    if (answered["clip"], answered["coder"]) != (tag["clip"], tag["coder"]):
        return (
            f"this tag answers '{answered_id}', a tag of {answered['coder']}'s coding of clip "
            f"{answered['clip']}: a tag can only answer a tag of the same coding"
        )
    if float(answered["onset"]) > float(tag["onset"]):
        return (
            f"this tag at {format_time(float(tag['onset']))} answers a tag at "
            f"{format_time(float(answered['onset']))}, which comes after it: a reception "
            "answers an earlier initiative"
        )
    return None


def loop_of(events: Mapping[str, Event], start: str) -> list[str]:
    """The ids of a loop of links through ``start`` (empty when following its links ends)."""
    seen: list[str] = []
    current = start
    while True:
        answered = str(events[current].get("answers") or "")
        if not answered or answered not in events:
            return []
        if answered == start:
            return [*seen, current]
        if answered in seen or len(seen) > len(events):
            return []  # a loop further on, reported from one of its own tags
        seen.append(current)
        current = answered


def link_problems(events: Sequence[Event], lines: Sequence[int]) -> list[Problem]:
    """Every link of a coding that cannot stand, each on the line (row) of its tag."""
    by_id = {str(e["id"]): e for e in events}
    problems: list[Problem] = []
    in_loop: set[str] = set()
    for event, line in zip(events, lines, strict=True):
        answered_id = str(event.get("answers") or "")
        if not answered_id:
            continue
        reason = link_problem(event, by_id.get(answered_id), answered_id)
        if reason is None and str(event["id"]) not in in_loop:
            loop = loop_of(by_id, str(event["id"]))
            if loop:
                in_loop.update(loop)
                reason = (
                    f"following 'answers' from this tag comes back to it ({len(loop)} tags at "
                    "the same time answer each other): a chain must start somewhere"
                )
        if reason:
            problems.append(Problem(reason, line, "answers"))
    return problems


def without_lost_links(events: Iterable[Event]) -> list[dict[str, Any]]:
    """The events with links to tags no longer there blanked (a deleted or undone
    initiative leaves its reception unlinked; undoing the delete links it again)."""
    kept = [dict(e) for e in events]
    ids = {str(e["id"]) for e in kept}
    for event in kept:
        if event.get("answers") and str(event["answers"]) not in ids:
            event["answers"] = ""
    return kept


def last_initiative(events: Iterable[Event], tag: Event) -> Event | None:
    """The tag ``tag`` most likely receives: the latest tag starting no later than it (not
    itself, not a tag that already answers it), preferring one of another subject when
    ``tag`` has a subject; None when there is none."""
    earlier = [
        e
        for e in events
        if str(e["id"]) != str(tag["id"])
        and float(e["onset"]) <= float(tag["onset"])
        and str(e.get("answers") or "") != str(tag["id"])
    ]
    subject = str(tag.get("subject") or "")
    others = [e for e in earlier if subject and str(e.get("subject") or "") not in ("", subject)]
    pool = others or earlier
    if not pool:
        return None
    return max(pool, key=lambda e: (float(e["onset"]), str(e.get("created") or "")))

"""What a storyboard may say: the fields of each part, what each action needs and accepts,
how long it lasts by default, and the words messages use for them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The storyboard format version this reader understands.
FORMAT_VERSION = 1
#: The shortest and longest film a storyboard may describe, in seconds.
MIN_DURATION = 5.0
MAX_DURATION = 600.0
#: The voice pitches a storyboard may ask for, in Hz.
MIN_PITCH = 60.0
MAX_PITCH = 600.0


TOP_KEYS = (
    "storyboard",
    "id",
    "title",
    "setting",
    "duration",
    "description",
    "scheme",
    "thumbnail",
    "participants",
    "props",
    "beats",
    "codes",
)
PARTICIPANT_KEYS = ("id", "role", "name", "size", "subject", "x", "skin", "hair", "top", "pitch")
PROP_KEYS = ("id", "kind", "colour", "x")
BEAT_KEYS = (
    "at",
    "who",
    "do",
    "target",
    "text",
    "prop",
    "until",
    "tone",
    "away",
    "note",
    "codes",
)
CODE_KEYS = ("code", "onset", "offset", "subject", "note", "point")
#: Beat fields every action accepts; the others belong to some actions only.
COMMON_BEAT_KEYS = frozenset({"at", "do", "until", "note", "codes"})


@dataclass(frozen=True)
class ActionRule:
    """What one action needs and accepts, and how long it lasts when ``until`` is not given.

    ``length`` is seconds (``None``: a state, or ``until`` is required); ``per_char`` adds
    that many seconds per character of ``text`` (speech takes as long as its words).
    """

    needs: tuple[str, ...]
    accepts: tuple[str, ...] = ()
    length: float | None = None
    per_char: float = 0.0


ACTION_RULES: dict[str, ActionRule] = {
    "speak": ActionRule(("who", "text"), ("tone",), 0.4, 0.06),
    "gaze": ActionRule(("who", "target")),
    "turn": ActionRule(("who", "target"), ("away",)),
    "smile": ActionRule(("who",), (), 2.0),
    "nod": ActionRule(("who",), (), 1.0),
    "point": ActionRule(("who", "target"), (), 1.5),
    "hold-up": ActionRule(("who", "prop"), (), 2.0),
    "offer": ActionRule(("who", "prop", "target"), (), 2.0),
    "wait": ActionRule(("who", "until")),
    "caption": ActionRule(("text",), (), 3.0),
}
#: Common slips of the tongue for actions, beyond what "did you mean" spelling finds.
ACTION_SYNONYMS = {
    "look": "gaze",
    "look-at": "gaze",
    "watch": "gaze",
    "say": "speak",
    "talk": "speak",
    "show": "hold-up",
    "hold": "hold-up",
    "give": "offer",
    "pause": "wait",
    "narrate": "caption",
}


def default_length(action: str, text: str | None = None) -> float | None:
    """How long a beat lasts without ``until``: ``None`` for states (gaze, turn) and wait."""
    rule = ACTION_RULES[action]
    if rule.length is None:
        return None
    return rule.length + rule.per_char * len(text or "")


#: An example id for each thing that has one, for messages.
ID_EXAMPLES = {"storyboard": "home-floor-play", "participant": "sam", "prop": "red-ball"}

#: What to write when an action's needed field is missing.
NEED_HINTS = {
    "who": " (the participant who does it)",
    "text": " (the words, in quotes)",
    "target": " (a participant, a prop, or away, down, up, camera, ahead)",
    "prop": " (the id of a prop)",
    "until": " (when it ends, e.g. until: 12.0)",
}

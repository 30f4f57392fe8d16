"""Reading a storyboard's beats: each action's fields, its end, and clashes between beats."""

from __future__ import annotations

import itertools
from typing import Any, cast

from ..core.errors import Problem
from ..core.yamlsource import PathKey
from .code_reader import CodeReader
from .field_reader import did_you_mean, shown_time
from .model import ACTIONS, DIRECTIONS, STATES, TONES, Action, Beat, ReferenceCode, Tone
from .vocabulary import (
    ACTION_RULES,
    ACTION_SYNONYMS,
    BEAT_KEYS,
    COMMON_BEAT_KEYS,
    NEED_HINTS,
    default_length,
)


def _span(beat: Beat) -> str:
    """When a beat happens, for messages: ``0:04.0 to 0:06.3`` (or ``from 0:04.0``)."""
    if beat.until is None:
        return f"from {shown_time(beat.at)}"
    return f"{shown_time(beat.at)} to {shown_time(beat.until)}"


def _overlap(one: Beat, other: Beat) -> bool:
    """Whether two beats with ends share some time (touching end to start is fine)."""
    if one.until is None or other.until is None:
        return False
    return one.at < other.until and other.at < one.until


class BeatReader(CodeReader):
    """Reads the beats of the timeline and checks they do not clash."""

    def beats(self, items: list[Any]) -> tuple[list[Beat], list[ReferenceCode]]:
        beats: list[Beat] = []
        codes: list[ReferenceCode] = []
        for index, item in enumerate(items):
            path: PathKey = ("beats", index)
            if not isinstance(item, dict):
                self.problem(path, "each beat must be a mapping with at, who and do")
                continue
            beat = self.beat(item, path)
            if beat is not None:
                beats.append(beat)
            codes += self.beat_codes(item, path, beat)
        return beats, codes

    def beat(self, item: dict[str, Any], path: PathKey) -> Beat | None:
        before = len(self.problems)
        self.check_keys(item, path, BEAT_KEYS, required=("at", "do"))
        action = self.action(item, path)
        if action is not None:
            self.fits_action(item, path, action)
        who = self.who(item, path)
        at = self.time(item, path, "at")
        if at is not None and self.duration is not None and at >= self.duration:
            self.problem(
                (*path, "at"),
                f"the beat starts at {shown_time(at)}, but the film ends at "
                f"{shown_time(self.duration)}; start it earlier or make the film longer",
            )
            at = None
        text = self.text(item, path, "text", required=True)
        until = self.until(item, path, at, action, text)
        target = self.target(item, path, action, who)
        prop = self.prop(item, path)
        tone = self.choice(item, path, "tone", TONES, "a tone of voice") or "neutral"
        away = self.flag(item, path, "away")
        note = self.text(item, path, "note")
        if action is None or at is None or len(self.problems) > before:
            return None
        return Beat(
            at=at,
            until=until,
            action=cast(Action, action),
            who=who,
            target=target,
            text=text,
            prop=prop,
            tone=cast(Tone, tone),
            away=away,
            note=note,
            line=self.located.line(path),
        )

    def action(self, item: dict[str, Any], path: PathKey) -> str | None:
        value = item.get("do")
        if value is None:
            return None
        word = str(value).strip().lower() if isinstance(value, str) else ""
        if word in ACTIONS:
            return word
        hint = ACTION_SYNONYMS.get(word.replace(" ", "-"))
        maybe = f" (did you mean '{hint}'?)" if hint else did_you_mean(word, ACTIONS)
        self.problem(
            (*path, "do"),
            f"'{value}' is not something a figure can do{maybe}; use one of {', '.join(ACTIONS)}",
        )
        return None

    def fits_action(self, item: dict[str, Any], path: PathKey, action: str) -> None:
        """Every field the action needs is there, and no field it would ignore."""
        rule = ACTION_RULES[action]
        for key in rule.needs:
            if key not in item:
                self.problem(path, f"a '{action}' beat needs '{key}'{NEED_HINTS[key]}")
        own = set(rule.needs) | set(rule.accepts) | COMMON_BEAT_KEYS
        for key in item:
            if key in BEAT_KEYS and key not in own:
                users = [a for a, r in ACTION_RULES.items() if key in r.needs or key in r.accepts]
                only = f" (only {' and '.join(users)} beats do)" if len(users) <= 2 else ""
                self.problem((*path, key), f"a '{action}' beat has no '{key}'{only}; remove it")

    def who(self, item: dict[str, Any], path: PathKey) -> str | None:
        value = item.get("who")
        if value is None:
            if "who" in item:
                self.problem((*path, "who"), "'who' is empty")
            return None
        if isinstance(value, str) and value in self.people:
            return value
        if isinstance(value, str) and value in self.things:
            self.problem((*path, "who"), f"'{value}' is a prop; 'who' must be a participant")
        else:
            self.problem((*path, "who"), self.not_in_scene(value, "who", list(self.people)))
        return None

    def not_in_scene(self, value: object, key: str, choices: list[str]) -> str:
        listed = ", ".join(choices) if choices else "none are defined"
        return (
            f"'{value}' is not in the scene{did_you_mean(value, choices)}; "
            f"'{key}' must be one of: {listed}"
        )

    def until(
        self,
        item: dict[str, Any],
        path: PathKey,
        at: float | None,
        action: str | None,
        text: str | None,
    ) -> float | None:
        """When the beat ends: as given (after ``at``, inside the film) or by the table."""
        if "until" in item:
            until = self.time(item, path, "until")
            if until is not None and at is not None and until <= at:
                self.problem(
                    (*path, "until"),
                    f"'until' ({shown_time(until)}) must come after 'at' ({shown_time(at)})",
                )
            if not self.within_film(until, (*path, "until"), "'until'"):
                return None
            return until
        if at is None or action is None:
            return None
        length = default_length(action, text)
        if length is None:
            return None
        end = round(at + length, 3)  # whole milliseconds: tidy, identical on every machine
        return min(end, self.duration) if self.duration is not None else end

    def target(
        self, item: dict[str, Any], path: PathKey, action: str | None, who: str | None
    ) -> str | None:
        """Whom or what a gaze, turn, point or offer is aimed at (not the person themselves)."""
        value = item.get("target")
        if value is None:
            if "target" in item:
                self.problem((*path, "target"), "'target' is empty")
            return None
        choices = [*self.people, *self.things, *DIRECTIONS]
        what = "a target is a participant, a prop or a direction"
        if not isinstance(value, str) or value not in choices:
            listed = ", ".join(choices)
            self.problem(
                (*path, "target"),
                f"'{value}' is not in the scene{did_you_mean(value, choices)}; {what}: {listed}",
            )
            return None
        if value == who:
            self.problem((*path, "target"), f"'{who}' cannot {action} at themselves")
            return None
        return value

    def prop(self, item: dict[str, Any], path: PathKey) -> str | None:
        value = item.get("prop")
        if value is None:
            if "prop" in item:
                self.problem((*path, "prop"), "'prop' is empty")
            return None
        if isinstance(value, str) and value in self.things:
            return value
        self.problem((*path, "prop"), self.not_in_scene(value, "prop", sorted(self.things)))
        return None

    def overlaps(self, beats: list[Beat]) -> None:
        """One person does one action of a kind at a time; captions come one at a time."""
        by_kind: dict[tuple[str | None, str], list[Beat]] = {}
        for beat in sorted(beats, key=lambda b: (b.at, b.line or 0)):
            by_kind.setdefault((beat.who, beat.action), []).append(beat)
        for (who, action), group in by_kind.items():
            for earlier, later in itertools.pairwise(group):
                # A new gaze or turn simply replaces the last; other actions must not overlap.
                clash = later.at == earlier.at if action in STATES else _overlap(earlier, later)
                if clash:
                    self.report_clash(who, earlier, later)
        self.speech_in_silence(by_kind)

    def report_clash(self, who: str | None, earlier: Beat, later: Beat) -> None:
        """Report ``later`` for clashing with ``earlier``, the same action by the same person."""
        action = later.action
        whose = f"{who}'s" if who else "another"
        if action in STATES:
            message = (
                f"{whose} '{action}' on line {earlier.line} also starts at "
                f"{shown_time(later.at)}; give one of them another time"
            )
        else:
            doer = "one person does one" if who else "the film shows one"
            message = (
                f"this '{action}' overlaps {whose} '{action}' at {_span(earlier)} (line "
                f"{earlier.line}); {doer} {action} at a time, so start this one later or end "
                "that one sooner with 'until'"
            )
        self.problems.append(Problem(message, later.line))

    def speech_in_silence(self, by_kind: dict[tuple[str | None, str], list[Beat]]) -> None:
        """A wait is silence, so the same person cannot speak during it."""
        for (who, action), waits in by_kind.items():
            if action != "wait":
                continue
            for speech in by_kind.get((who, "speak"), []):
                for wait in waits:
                    if _overlap(wait, speech):
                        self.problems.append(
                            Problem(
                                f"{who} speaks during their own wait ({_span(wait)}, "
                                f"line {wait.line}), which is silence; move one of them",
                                speech.line,
                            )
                        )

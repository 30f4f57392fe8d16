"""Reading a storyboard's cast: its participants (with default looks and voices) and props."""

from __future__ import annotations

from typing import Any, cast

from ..core.yamlsource import PathKey
from .defaults import DEFAULT_SUBJECT, HAIRS, PROP_COLOURS, SKINS, TOPS, Defaults
from .field_reader import FieldReader, did_you_mean
from .model import PROP_KINDS, SIZES, Look, Participant, Prop, Size
from .vocabulary import MAX_PITCH, MIN_PITCH, PARTICIPANT_KEYS, PROP_KEYS


class CastReader(FieldReader):
    """Reads the participants and props, noting their ids for the beats."""

    def participants(self, items: list[Any]) -> list[Participant]:
        result: list[Participant] = []
        defaults = Defaults.avoiding(items)
        for index, item in enumerate(items):
            path: PathKey = ("participants", index)
            if not isinstance(item, dict):
                self.problem(path, "each participant must be a mapping with id and role")
                continue
            person = self.participant(item, path, index, len(items), defaults)
            if person is not None:
                result.append(person)
        return result

    def participant(
        self, item: dict[str, Any], path: PathKey, index: int, count: int, defaults: Defaults
    ) -> Participant | None:
        self.check_keys(item, path, PARTICIPANT_KEYS, required=("id", "role"))
        person_id = self.identifier(item, path, "participant")
        role = self.text(item, path, "role", required=True)
        name = self.text(item, path, "name", required=True)
        size = cast(Size, self.choice(item, path, "size", SIZES, "a size") or "adult")
        if "subject" in item:
            subject = self.subject(item, path, "subject")
        else:
            subject = self.default_subject(size, path)
        x = self.number(item, path, "x", 0.0, 1.0, "e.g. 0.3 (0 is the left edge)")
        pitch = self.number(item, path, "pitch", MIN_PITCH, MAX_PITCH, "in Hz, e.g. 180")
        look = Look(
            size=size,
            skin=self.colour(item, path, "skin", defaults.colour("skin", SKINS, index)),
            hair=self.colour(item, path, "hair", defaults.colour("hair", HAIRS, index)),
            top=self.colour(item, path, "top", defaults.colour("top", TOPS, index)),
        )
        default_voice = defaults.pitch(size)
        if person_id is None or not self.register(person_id, path):
            return None
        self.people[person_id] = subject
        return Participant(
            id=person_id,
            role=role or "",
            name=name or person_id.replace("-", " ").capitalize(),
            subject=subject or "",
            look=look,
            x=x if x is not None else (index + 1) / (count + 1),
            pitch=pitch if pitch is not None else default_voice,
        )

    def subject(self, data: dict[str, Any], path: PathKey, key: str) -> str | None:
        """A subject given in the file, checked against the scheme's subjects."""
        value = self.text(data, path, key, required=True)
        if value is None or self.scheme is None or not self.scheme.subjects:
            return value
        if value not in self.scheme.subjects:
            self.problem(
                (*path, key),
                f"'{value}' is not a subject of scheme '{self.scheme.id}'"
                f"{did_you_mean(value, self.scheme.subjects)}; use one of "
                f"{', '.join(self.scheme.subjects)}",
            )
            return None
        return value

    def default_subject(self, size: str, path: PathKey) -> str | None:
        """adult for adults, child for everyone else, if the scheme has that subject."""
        subject = DEFAULT_SUBJECT[size]
        if self.scheme is not None and self.scheme.subjects and subject not in self.scheme.subjects:
            self.problem(
                path,
                f"scheme '{self.scheme.id}' has no subject '{subject}': give this participant "
                f"a 'subject' (one of {', '.join(self.scheme.subjects)})",
            )
            return None
        return subject

    def props(self, items: list[Any]) -> list[Prop]:
        result: list[Prop] = []
        kinds_seen: set[str] = set()
        for index, item in enumerate(items):
            path: PathKey = ("props", index)
            if not isinstance(item, dict):
                self.problem(path, "each prop must be a mapping with id and kind")
                continue
            self.check_keys(item, path, PROP_KEYS, required=("id", "kind"))
            prop_id = self.identifier(item, path, "prop")
            kind = self.choice(item, path, "kind", PROP_KINDS, "a prop the kit can draw")
            first_of_kind = kind is not None and kind not in kinds_seen
            default = PROP_COLOURS[kind] if kind and first_of_kind else TOPS[index % len(TOPS)]
            kinds_seen.add(kind or "")
            colour = self.colour(item, path, "colour", default)
            x = self.number(item, path, "x", 0.0, 1.0, "e.g. 0.5 (0 is the left edge)")
            if prop_id is None or not self.register(prop_id, path):
                continue
            self.things.add(prop_id)
            result.append(
                Prop(
                    id=prop_id,
                    kind=kind or "",
                    colour=colour,
                    x=x if x is not None else (index + 1) / (len(items) + 1),
                )
            )
        return result

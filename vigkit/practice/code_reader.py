"""Reading a storyboard's reference codes: those under a beat and those spanning several."""

from __future__ import annotations

from typing import Any

from ..core.yamlsource import PathKey
from .cast_reader import CastReader
from .field_reader import shown_time
from .model import Beat, ReferenceCode
from .vocabulary import CODE_KEYS


class CodeReader(CastReader):
    """Reads reference codes, a beat's interval and person being their defaults."""

    def beat_codes(
        self, item: dict[str, Any], path: PathKey, beat: Beat | None
    ) -> list[ReferenceCode]:
        """A beat's codes: by default its interval (a point for open gaze/turn), its person."""
        items = item.get("codes")
        if items is None:
            return []
        if not isinstance(items, list):
            self.problem((*path, "codes"), "'codes' must be a list of codes")
            return []
        codes: list[ReferenceCode] = []
        subject = None
        if beat is not None and beat.who is not None:
            subject = self.people[beat.who]
        for index, code_item in enumerate(items):
            code_path: PathKey = (*path, "codes", index)
            onset = beat.at if beat is not None else None
            offset = (beat.until if beat.until is not None else beat.at) if beat else None
            code = self.code(code_item, code_path, onset, offset, subject)
            if code is not None:
                codes.append(code)
        return codes

    def top_codes(self, items: list[Any]) -> list[ReferenceCode]:
        """Codes spanning several beats: each needs its own ``onset``."""
        codes: list[ReferenceCode] = []
        for index, item in enumerate(items):
            path: PathKey = ("codes", index)
            if isinstance(item, dict) and "onset" not in item:
                self.problem(path, "a code under the top-level 'codes' needs an 'onset'")
            code = self.code(item, path, None, None, None)
            if code is not None:
                codes.append(code)
        return codes

    def code(
        self,
        item: Any,
        path: PathKey,
        onset: float | None,
        offset: float | None,
        subject: str | None,
    ) -> ReferenceCode | None:
        """One reference code; the given onset/offset/subject are the beat's defaults."""
        if not isinstance(item, dict):
            self.problem(path, "each code must be a mapping with at least 'code'")
            return None
        before = len(self.problems)
        self.check_keys(item, path, CODE_KEYS, required=("code",))
        code = self.code_id(item, path)
        if "subject" in item:
            subject = self.subject(item, path, "subject")
        note = self.text(item, path, "note")
        onset, offset = self.code_times(item, path, onset, offset)
        if len(self.problems) > before or code is None or onset is None or offset is None:
            return None
        return ReferenceCode(
            code=code,
            onset=onset,
            offset=offset,
            subject=subject,
            note=note,
            line=self.located.line(path),
        )

    def code_id(self, item: dict[str, Any], path: PathKey) -> str | None:
        value = self.text(item, path, "code", required=True)
        if value is None or self.scheme is None:
            return value
        resolved = self.scheme.resolve(value)
        if resolved is None:
            hint = self.scheme.suggest(value)
            maybe = f" (did you mean '{hint}'?)" if hint else ""
            self.problem(
                (*path, "code"),
                f"code '{value}' is not in the scheme '{self.scheme.id}'{maybe}; "
                f"see the codes with: vigkit scheme {self.scheme.id}",
            )
        return resolved

    def code_times(
        self, item: dict[str, Any], path: PathKey, onset: float | None, offset: float | None
    ) -> tuple[float | None, float | None]:
        """Onset and offset: given ones override the beat's; a point ends at its onset.

        A code is a point with ``point: true``, when its beat's default is a point (an open
        gaze or turn), or under the top-level ``codes`` without an ``offset``.
        """
        point = self.flag(item, path, "point") or offset is None or offset == onset
        given_onset = "onset" in item
        if given_onset:
            onset = self.time(item, path, "onset")
        if item.get("point") is True and "offset" in item:
            self.problem((*path, "offset"), "a point has no 'offset': remove 'offset' or 'point'")
        elif "offset" in item:
            offset = self.time(item, path, "offset")
        elif point:
            offset = onset
        where = (*path, "onset") if given_onset else path
        if not self.within_film(onset, where, "the code's onset"):
            return None, None
        if not self.within_film(
            offset, (*path, "offset") if "offset" in item else path, "the code's offset"
        ):
            return None, None
        if onset is not None and offset is not None and offset < onset:
            self.problem(
                (*path, "offset") if "offset" in item else where,
                f"the code ends ({shown_time(offset)}) before it starts ({shown_time(onset)}); "
                "give an 'offset' after the onset, or 'point: true'",
            )
            return None, None
        return onset, offset

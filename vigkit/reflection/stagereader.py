"""Reading the accreditation parts of a practice record's JSON: clients, a cycle's client and
dates, supervision sessions, each stage's self-assessment and sign-off, and what the
accreditation meeting needs; every problem with its JSON path."""

from __future__ import annotations

import json
from typing import Any

from .recordbase import FieldReader, _at
from .stagedata import (
    StageSignOff,
    StageWork,
    SupervisionSession,
    session_problems,
    sign_off_problems,
    stage_number_problems,
    stage_work_problems,
)

#: A cycle's fields for the accreditation path (all optional).
CYCLE_FIELDS = ("client", "filmed_on", "reviewed_on", "review_film", "stage")
#: The record's top-level fields for the accreditation path (all optional).
RECORD_FIELDS = ("clients", "supervision", "stages", "accreditation")


class StageReader(FieldReader):
    """The record reader's part for clients, cycle dates, supervision and stages."""

    def stage_number(self, data: dict[str, Any], path: str) -> int | None:
        value = data.get("stage")
        problems = stage_number_problems("stage", value)
        self.checked(path, problems)
        return value if not problems else None

    def cycle_parts(self, item: dict[str, Any], path: str) -> dict[str, Any] | None:
        """A cycle's client, days, shared-review film and stage, or None if one is bad."""
        before = len(self.problems)
        film_ok, filmed_on = self.day(item, "filmed_on", path)
        review_ok, reviewed_on = self.day(item, "reviewed_on", path)
        parts = {
            "client": self.text(item, "client", path),
            "filmed_on": filmed_on,
            "reviewed_on": reviewed_on,
            "review_film": self.text(item, "review_film", path),
            "stage": self.stage_number(item, path),
        }
        return parts if film_ok and review_ok and len(self.problems) == before else None

    def record_parts(self, data: dict[str, Any]) -> dict[str, Any]:
        """The record's clients, supervision sessions, stages and accreditation."""
        clients = []
        for index, client in enumerate(self.items(data, "clients", "")):
            if isinstance(client, str):
                clients.append(client)
            else:
                self.add(
                    f"clients[{index}]", f"must be a pseudonym in quotes, not {json.dumps(client)}"
                )
        sessions = [
            self.session(item, f"supervision[{i}]")
            for i, item in enumerate(self.items(data, "supervision", ""))
        ]
        stages = [
            self.stage_work(item, f"stages[{i}]")
            for i, item in enumerate(self.items(data, "stages", ""))
        ]
        reflection, shared = self.accreditation(data.get("accreditation", {}))
        return {
            "clients": tuple(clients),
            "supervision": tuple(s for s in sessions if s is not None),
            "stages": tuple(s for s in stages if s is not None),
            "accreditation_reflection": reflection,
            "shared_films": shared,
        }

    def session(self, data: Any, path: str) -> SupervisionSession | None:
        item = self.mapping(data, path, ("date", "hours", "supervisor"), ("note", "stage"))
        if item is None or any(k not in item for k in ("date", "hours", "supervisor")):
            return None
        ok, day = self.day(item, "date", path)
        if not ok:
            return None
        candidate = SupervisionSession.__new__(SupervisionSession)
        for name, value in (
            ("date", day),
            ("hours", item["hours"]),
            ("supervisor", item["supervisor"]),
            ("note", item.get("note", "")),
            ("stage", item.get("stage")),
        ):
            object.__setattr__(candidate, name, value)
        if not self.checked(path, session_problems(candidate)):
            return None
        object.__setattr__(candidate, "hours", float(candidate.hours))
        return candidate

    def stage_work(self, data: Any, path: str) -> StageWork | None:
        item = self.mapping(data, path, ("stage",), ("self_assessment", "sign_off"))
        if item is None or "stage" not in item:
            return None
        sign_off = None
        if item.get("sign_off") is not None:
            sign_off = self.sign_off(item["sign_off"], _at(path, "sign_off"))
            if sign_off is None:
                return None
        candidate = StageWork.__new__(StageWork)
        for name, value in (
            ("stage", item["stage"]),
            ("self_assessment", item.get("self_assessment", "")),
            ("sign_off", sign_off),
        ):
            object.__setattr__(candidate, name, value)
        return candidate if self.checked(path, stage_work_problems(candidate)) else None

    def sign_off(self, data: Any, path: str) -> StageSignOff | None:
        item = self.mapping(data, path, ("by", "date"), ("note",))
        if item is None or any(k not in item for k in ("by", "date")):
            return None
        ok, day = self.day(item, "date", path)
        if not ok:
            return None
        candidate = StageSignOff.__new__(StageSignOff)
        for name, value in (("by", item["by"]), ("date", day), ("note", item.get("note", ""))):
            object.__setattr__(candidate, name, value)
        return candidate if self.checked(path, sign_off_problems(candidate)) else None

    def accreditation(self, data: Any) -> tuple[str, tuple[str, ...]]:
        item = self.mapping(data, "accreditation", (), ("reflection", "shared_films"))
        if item is None:
            return "", ()
        reflection = self.text(item, "reflection", "accreditation")
        films = []
        for index, film in enumerate(self.items(item, "shared_films", "accreditation")):
            if isinstance(film, str):
                films.append(film)
            else:
                self.add(f"accreditation.shared_films[{index}]", "must be a film's path or clip id")
        return reflection, tuple(films)

"""Accreditation stage targets as data: how many cycles, new clients and hours of supervision
each stage asks for, and what the accreditation meeting needs.

A targets file is YAML (format in docs/reflection.md); the built-in one is
``stage_targets/aviguk.yaml``. A service with other targets writes its own file and passes
its path. Every problem is reported with its line, with a did-you-mean for a misspelt field.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.datafiles import builtin_names, data_file
from ..core.errors import Problem, ProblemsError
from ..core.textfile import read_text_file
from ..core.yamlsource import LocatedYaml, PathKey, read_located_yaml

BUILTIN_DIR = Path(__file__).resolve().with_name("stage_targets")
DEFAULT_TARGETS = "aviguk"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_TOP_KEYS = ("id", "version", "label", "description", "source", "stages", "accreditation")
_TOP_REQUIRED = ("id", "version", "label", "stages")
_STAGE_KEYS = (
    "stage",
    "label",
    "cycles",
    "new_clients",
    "new_clients_at_most",
    "supervision_hours",
    "self_assessment",
)
_STAGE_REQUIRED = ("stage", "cycles", "new_clients", "supervision_hours")
_MEETING_KEYS = ("label", "written_reflection", "shared_films")
_HINT = "The stage targets format is described in docs/reflection.md ('Accreditation stages')."


class StageTargetsError(ProblemsError):
    """A stage targets file is missing or malformed."""

    kind = "stage targets file"


@dataclass(frozen=True)
class StageTarget:
    """What one stage asks for: cycles, new clients (at least, and at most if said), hours."""

    stage: int
    label: str
    cycles: int
    new_clients: int
    supervision_hours: float
    new_clients_at_most: int | None = None
    self_assessment: bool = True


@dataclass(frozen=True)
class MeetingTarget:
    """What the accreditation meeting needs: a written reflection, films shared."""

    label: str = "The accreditation meeting"
    written_reflection: bool = True
    shared_films: int = 1


@dataclass(frozen=True)
class StageTargets:
    """A named, versioned set of stage targets (one YAML file)."""

    id: str
    version: str
    label: str
    stages: tuple[StageTarget, ...]
    meeting: MeetingTarget | None = None
    description: str = ""
    source: str = ""

    def stage(self, number: int) -> StageTarget:
        """The target for stage ``number``."""
        for target in self.stages:
            if target.stage == number:
                return target
        raise StageTargetsError(
            None,
            [
                Problem(
                    f"there is no stage {number}: '{self.id}' has stages 1 to {len(self.stages)}"
                )
            ],
        )


def builtin_targets() -> list[str]:
    """Names of the stage targets files that ship with vigkit."""
    return builtin_names(BUILTIN_DIR)


def load_stage_targets(name_or_path: str | Path | None = None) -> StageTargets:
    """Built-in stage targets by name (default ``aviguk``), or a service's own YAML file."""
    path, builtin = data_file(
        DEFAULT_TARGETS if name_or_path is None else name_or_path,
        BUILTIN_DIR,
        StageTargetsError,
        missing="there are no built-in stage targets called",
        listed="Built-in stage targets",
    )
    if builtin:
        return _load_builtin(path.stem)
    return parse_stage_targets(read_text_file(path, StageTargetsError), source=path)


@functools.lru_cache(maxsize=4)
def _load_builtin(name: str) -> StageTargets:
    path = BUILTIN_DIR / f"{name}.yaml"
    return parse_stage_targets(read_text_file(path, StageTargetsError), source=path)


def parse_stage_targets(text: str, source: str | Path = "<text>") -> StageTargets:
    """Build :class:`StageTargets` from YAML text, reporting every problem with its line."""
    located, problems = read_located_yaml(text, source)
    if located is None:
        raise StageTargetsError(source, problems, hint=_HINT)
    reader = _Reader(located)
    result = reader.read()
    if reader.problems or result is None:
        raise StageTargetsError(source, reader.problems, hint=_HINT)
    return result


class _Reader:
    def __init__(self, located: LocatedYaml) -> None:
        self.located = located
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        self.problems.append(Problem(message, self.located.line(path)))

    def keys(
        self,
        data: dict[str, Any],
        path: PathKey,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
    ) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                maybe = f"; did you mean '{close[0]}'?" if close else ""
                self.problem(
                    (*path, key), f"unknown field '{key}'{maybe} (allowed: {', '.join(allowed)})"
                )
        for key in required:
            if key not in data:
                self.problem(path, f"the required field '{key}' is missing")

    def text(self, data: dict[str, Any], path: PathKey, key: str, default: str = "") -> str:
        if key not in data:
            return default
        value = self.located.raw.get((*path, key), data[key])
        if (
            isinstance(value, bool)
            or not isinstance(value, (str, int, float))
            or not str(value).strip()
        ):
            self.problem((*path, key), f"'{key}' must be a short text")
            return default
        return " ".join(str(value).split())

    def whole(self, data: dict[str, Any], path: PathKey, key: str, lowest: int) -> int:
        value = data.get(key, lowest)
        if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
            shown = self.located.raw.get((*path, key), repr(value))
            self.problem((*path, key), f"'{key}' must be a whole number from {lowest}, not {shown}")
            return lowest
        return value

    def hours(self, data: dict[str, Any], path: PathKey, key: str) -> float:
        value = data.get(key, 0)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or value < 0:
            shown = self.located.raw.get((*path, key), repr(value))
            self.problem(
                (*path, key), f"'{key}' must be a number of hours (0 or more), not {shown}"
            )
            return 0.0
        return float(value)

    def flag(self, data: dict[str, Any], path: PathKey, key: str) -> bool:
        value = data.get(key, True)
        if not isinstance(value, bool):
            self.problem((*path, key), f"'{key}' must be true or false")
            return True
        return value

    def read(self) -> StageTargets | None:
        data = self.located.data
        if not isinstance(data, dict):
            self.problem(
                (), "a stage targets file must be a mapping with id, version, label and stages"
            )
            return None
        self.keys(data, (), _TOP_KEYS, _TOP_REQUIRED)
        targets_id = data.get("id", "")
        if "id" in data and (not isinstance(targets_id, str) or not ID_PATTERN.match(targets_id)):
            self.problem(
                ("id",),
                f"'{targets_id}' is not a valid id: use lowercase letters, digits and "
                "single hyphens",
            )
        items = data.get("stages")
        stages = []
        if not isinstance(items, list) or not items:
            if "stages" in data:
                self.problem(("stages",), "'stages' must be a non-empty list of stages")
        else:
            for index, item in enumerate(items):
                stages.append(self.stage(item, ("stages", index), index + 1))
        meeting = None
        if data.get("accreditation") is not None:
            meeting = self.meeting(data["accreditation"])
        return StageTargets(
            id=str(targets_id),
            version=self.text(data, (), "version"),
            label=self.text(data, (), "label"),
            stages=tuple(s for s in stages if s is not None),
            meeting=meeting,
            description=self.text(data, (), "description"),
            source=self.text(data, (), "source"),
        )

    def stage(self, item: Any, path: PathKey, expected: int) -> StageTarget | None:
        if not isinstance(item, dict):
            self.problem(
                path,
                "each stage must be a mapping with stage, cycles, new_clients and "
                "supervision_hours",
            )
            return None
        self.keys(item, path, _STAGE_KEYS, _STAGE_REQUIRED)
        number = item.get("stage")
        if "stage" in item and number != expected:
            self.problem(
                (*path, "stage"), f"must be {expected} (stages are listed in order, from 1)"
            )
        at_most = None
        if item.get("new_clients_at_most") is not None:
            at_most = self.whole(item, path, "new_clients_at_most", 0)
        new_clients = self.whole(item, path, "new_clients", 0)
        if at_most is not None and at_most < new_clients:
            self.problem(
                (*path, "new_clients_at_most"),
                f"{at_most} is fewer than new_clients ({new_clients})",
            )
        return StageTarget(
            stage=expected,
            label=self.text(item, path, "label", f"Stage {expected}"),
            cycles=self.whole(item, path, "cycles", 1),
            new_clients=new_clients,
            supervision_hours=self.hours(item, path, "supervision_hours"),
            new_clients_at_most=at_most,
            self_assessment=self.flag(item, path, "self_assessment"),
        )

    def meeting(self, item: Any) -> MeetingTarget | None:
        path: PathKey = ("accreditation",)
        if not isinstance(item, dict):
            self.problem(
                path, "'accreditation' must be a mapping (label, written_reflection, shared_films)"
            )
            return None
        self.keys(item, path, _MEETING_KEYS, ())
        return MeetingTarget(
            label=self.text(item, path, "label", "The accreditation meeting"),
            written_reflection=self.flag(item, path, "written_reflection"),
            shared_films=self.whole(item, path, "shared_films", 0) if "shared_films" in item else 1,
        )

"""Where a course's exchange is: one YAML file, ``$VIGKIT_COHORT`` or ``COURSE_DIR/cohort.yaml``.

The file names the course id (``[a-z0-9-]``, also naming the hub groups) and the shared
exchange folder; ``hub_hosts`` optionally lists hosts other than this computer on which the
hub's API may be asked for the user's groups (e.g. ``hub`` on Kubernetes).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.coursedir import course_root
from ..core.errors import Problem, ProblemsError, VigkitError
from ..core.textfile import read_text_file
from ..core.yamlsource import read_located_yaml

#: Environment variable naming the cohort settings file.
COHORT_ENV = "VIGKIT_COHORT"
SETTINGS_NAME = "cohort.yaml"
COURSE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
_FIELDS = ("course", "exchange", "hub_hosts")


class CohortError(VigkitError):
    """The exchange cannot do what was asked: no settings, no rights, a damaged submission."""


class CohortSettingsError(ProblemsError, CohortError):
    """The cohort settings file is missing or malformed (each problem with its line)."""

    kind = "cohort settings file"


@dataclass(frozen=True)
class CohortSettings:
    """A course id, its exchange folder, and the file they were read from (if any)."""

    course: str
    exchange: Path
    source: Path | None = None
    hub_hosts: tuple[str, ...] = ()

    @property
    def root(self) -> Path:
        """The course's folder in the exchange: ``EXCHANGE/COURSE``."""
        return self.exchange / self.course


def course_problem(course: object) -> str | None:
    """Why ``course`` cannot be a course id, or None."""
    if not isinstance(course, str) or not COURSE_PATTERN.match(course):
        return (
            f"'{course}' cannot be a course id: use lower-case letters, digits and '-' "
            "(up to 48, e.g. vig-2027); it also names the hub groups"
        )
    return None


def settings_path() -> Path:
    """``$VIGKIT_COHORT``, else ``cohort.yaml`` in the course folder."""
    named = os.environ.get(COHORT_ENV)
    if named:
        return Path(named).expanduser()
    return course_root() / SETTINGS_NAME


def cohort_settings(path: str | Path | None = None) -> CohortSettings:
    """Read the settings file (``path``, else :func:`settings_path`)."""
    source = Path(path).expanduser() if path is not None else settings_path()
    hint = (
        f"Write the file with two lines, 'course: vig-2027' and 'exchange: /srv/vigkit/"
        f"exchange' (ask your supervisor), or set {COHORT_ENV} to its path."
    )
    if not source.exists():
        raise CohortSettingsError(
            source, [Problem("there is no cohort settings file here")], hint=hint
        )
    text = read_text_file(source, CohortSettingsError, missing_hint=hint)
    located, problems = read_located_yaml(text, source)
    if located is None or problems:
        raise CohortSettingsError(source, problems)
    data = located.data
    if not isinstance(data, dict):
        raise CohortSettingsError(
            source, [Problem("the file must be a mapping with course: and exchange:", 1)], hint
        )
    problems = [
        Problem(
            f"unknown field '{key}' (the fields are {', '.join(_FIELDS)})", located.line((key,))
        )
        for key in data
        if key not in _FIELDS
    ]
    for key in ("course", "exchange"):
        if data.get(key) in (None, ""):
            problems.append(Problem(f"the field '{key}' is missing", located.line((key,)) or 1))
    course = data.get("course")
    if course not in (None, "") and (why := course_problem(course)) is not None:
        problems.append(Problem(why, located.line(("course",))))
    exchange = data.get("exchange")
    if exchange not in (None, "") and not isinstance(exchange, str):
        problems.append(Problem("exchange must be a folder's path", located.line(("exchange",))))
    hosts = data.get("hub_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        problems.append(
            Problem("hub_hosts must be a list of host names", located.line(("hub_hosts",)))
        )
        hosts = []
    if problems:
        raise CohortSettingsError(source, problems, hint=hint)
    folder = Path(str(exchange)).expanduser()
    if not folder.is_absolute():
        folder = (source.parent / folder).resolve()
    return CohortSettings(str(course), folder, source.resolve(), tuple(hosts))


def settings_text(course: str, exchange: str | Path) -> str:
    """The text of a settings file for ``course`` in ``exchange``."""
    return f"course: {course}\nexchange: {Path(exchange)}\n"

"""The consent register of a workspace (``consent.json``) and its audit trail
(``consent-audit.jsonl``).

The register holds one entry per film, keyed by clip id, and is rewritten atomically under
a file lock (two notebooks recording at once keep both entries; a killed writer leaves the
previous file). The audit trail is append-only, one fsynced JSON line per event: consent
``set``, a refusal passed by ``override``, an ``erase``. Looking never creates a workspace;
recording does. Damaged files are refused with the file, the film and the field named.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ..coding.events import check_name, utc_now
from ..coding.workspace import Workspace, workspace_folder
from ..core.atomic import atomic_write_text
from ..core.errors import ConsentError
from ..core.limits import parse_json
from .consent import (
    FilmConsent,
    PeopleLike,
    Person,
    UseConsent,
    UsesLike,
    check_pseudonym,
    check_role,
    check_use,
    make_consent,
)
from .dates import format_day, parse_optional_day
from .identity import film_fingerprint

try:  # POSIX file locks; elsewhere writes stay atomic, without cross-process locking
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

REGISTER_FILE = "consent.json"
AUDIT_FILE = "consent-audit.jsonl"
FORMAT = 1
#: What the audit trail records.
EVENTS = ("set", "override", "erase")


class ConsentRegister:
    """The consent register of ``workspace`` (default: the default workspace)."""

    def __init__(self, workspace: Workspace | str | Path | None = None) -> None:
        self.folder = workspace_folder(workspace)
        self.path = self.folder / REGISTER_FILE
        self.audit_path = self.folder / AUDIT_FILE

    # ------------------------------------------------------------ reading
    def films(self) -> list[FilmConsent]:
        """Every film in the register, by clip id."""
        return [self._load()[clip] for clip in sorted(self._load())]

    def get(self, clip: str) -> FilmConsent | None:
        """The entry of clip ``clip``, or None."""
        return self._load().get(clip)

    def find(self, path: str | Path) -> FilmConsent | None:
        """The entry of the film at ``path``: the same content (so a moved or copied film is
        found), else the same source path; None if the film is not in the register."""
        target = Path(path)
        films = self._load()
        if target.is_file():
            found = self.find_fingerprint(film_fingerprint(target), films)
            if found is not None:
                return found
        return self.find_source(target, films)

    def find_fingerprint(
        self, fingerprint: str, films: Mapping[str, FilmConsent] | None = None
    ) -> FilmConsent | None:
        """The entry whose film has this content fingerprint, or None."""
        for entry in (films if films is not None else self._load()).values():
            if entry.fingerprint == fingerprint:
                return entry
        return None

    def find_source(
        self, path: str | Path, films: Mapping[str, FilmConsent] | None = None
    ) -> FilmConsent | None:
        """The entry recorded for the source path ``path``, or None."""
        absolute = str(Path(os.path.abspath(path)))
        for entry in (films if films is not None else self._load()).values():
            if entry.source == absolute:
                return entry
        return None

    def audit_trail(self) -> list[dict[str, Any]]:
        """Every event of the audit trail, oldest first (a torn last line is skipped)."""
        if not self.audit_path.is_file():
            return []
        events = []
        for line in self.audit_path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                events.append(event)
        return events

    # ------------------------------------------------------------ writing
    def record(self, consent: FilmConsent) -> FilmConsent:
        """Add or replace the entry of ``consent.clip`` and log a ``set`` event."""
        Workspace(self.folder)  # made if needed: the register lives in it
        with self._locked():
            films = self._load()
            earlier = films.get(consent.clip)
            if (
                earlier is not None
                and earlier.fingerprint != consent.fingerprint
                and earlier.source != consent.source
                and Path(earlier.source).is_file()
            ):
                raise ConsentError(
                    f"{self.path}: clip '{consent.clip}' is already recorded for another film "
                    f"({earlier.source}); give this film another clip id (clip='...' or "
                    "--clip) – nothing was changed"
                )
            films[consent.clip] = consent
            text = json.dumps(
                {"format": FORMAT, "films": {c: entry_as_json(films[c]) for c in sorted(films)}},
                indent=2,
                ensure_ascii=False,
            )
            atomic_write_text(self.path, text + "\n")
            self._append(
                {
                    "time": consent.recorded_at or utc_now(),
                    "what": "set",
                    "clip": consent.clip,
                    "uses": [u.describe() for u in consent.uses],
                    "erase_by": format_day(consent.erase_by) or None,
                    "by": consent.recorded_by,
                }
            )
        return consent

    def log(self, event: Mapping[str, Any]) -> dict[str, Any]:
        """Append ``event`` (``what`` one of :data:`EVENTS`; ``time`` added if missing) to
        the audit trail, fsynced; returns the line written."""
        what = event.get("what")
        if what not in EVENTS:
            raise ValueError(f"unknown audit event {what!r} (events: {', '.join(EVENTS)})")
        line = {"time": utc_now(), **event}
        Workspace(self.folder)
        with self._locked():
            self._append(line)
        return line

    # ------------------------------------------------------------ internals
    def _load(self) -> dict[str, FilmConsent]:
        if not self.path.exists():
            return {}
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise ConsentError(
                f"{self.path}: the consent register cannot be read ({error.strerror or error}); "
                "check the file is there and readable"
            ) from None
        fix = (
            "restore it from a backup, or correct it in a text editor (the audit trail "
            f"{AUDIT_FILE} beside it lists every consent that was set); nothing was used "
            "or changed"
        )
        try:
            data = parse_json(raw)
        except (ValueError, UnicodeDecodeError) as error:
            where = f" (line {error.lineno})" if isinstance(error, json.JSONDecodeError) else ""
            raise ConsentError(
                f"{self.path}: the consent register is damaged{where}: it is not valid JSON; " + fix
            ) from None
        if not isinstance(data, dict) or "format" not in data:
            raise ConsentError(f"{self.path}: this is not a vigkit consent register; " + fix)
        version = data["format"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ConsentError(
                f"{self.path}: the consent register's format {version!r} is not one the kit "
                "knows; " + fix
            )
        if version > FORMAT:
            raise ConsentError(
                f"{self.path}: this consent register was written by a newer vigkit (format "
                f"{version}; this one reads format {FORMAT}); update vigkit to use it – it was "
                "left as it is"
            )
        films = data.get("films", {})
        if not isinstance(films, dict):
            raise ConsentError(f"{self.path}: 'films' must be an object of films by clip; {fix}")
        loaded = {}
        for clip, entry in films.items():
            try:
                loaded[clip] = _from_json(clip, entry)
            except (ConsentError, ValueError, TypeError, KeyError) as error:
                reason = str(error) if isinstance(error, ConsentError) else f"{error!r}"
                raise ConsentError(f"{self.path}: film '{clip}': {reason}; {fix}") from None
        return loaded

    def _append(self, event: Mapping[str, Any]) -> None:
        """Append one line to the audit trail (the caller holds the lock)."""
        line = (json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        with open(self.audit_path, "a+b") as handle:
            end = handle.seek(0, os.SEEK_END)
            if end:
                handle.seek(end - 1)
                if handle.read(1) != b"\n":  # a torn line from a killed writer
                    handle.write(b"\n")
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the register's lock: the audit trail's file, which is never replaced."""
        with open(self.audit_path, "a+b") as handle:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _field(
    entry: Mapping[str, Any], name: str, kinds: type | tuple[type, ...], default: Any
) -> Any:
    value = entry.get(name, default)
    if value is not None and not isinstance(value, kinds):
        raise ConsentError(f"field '{name}' has the wrong kind of value ({value!r})")
    return value


def _from_json(clip: str, entry: Any) -> FilmConsent:
    if not isinstance(entry, dict):
        raise ConsentError("the entry must be an object")
    _, problem = check_name(clip, "clip")
    if problem:
        raise ConsentError(problem)
    people = []
    for number, person in enumerate(_field(entry, "people", list, []) or [], 1):
        where = f"field 'people', person {number}"
        if not isinstance(person, dict):
            raise ConsentError(f"{where} must be an object with pseudonym and role")
        people.append(
            Person(
                check_pseudonym(person.get("pseudonym"), where=where),
                check_role(person.get("role"), where),
            )
        )
    uses = []
    for use, terms in (_field(entry, "uses", dict, {}) or {}).items():
        where = f"field 'uses', use '{use}'"
        check_use(use, where)
        terms = terms if terms is not None else {}
        if not isinstance(terms, dict):
            raise ConsentError(f"{where} must be an object with until and faces_blurred")
        until = parse_optional_day(terms.get("until"), f"{where}, until")
        blurred = terms.get("faces_blurred", False)
        if not isinstance(blurred, bool):
            raise ConsentError(f"{where}, faces_blurred must be true or false")
        uses.append(UseConsent(use, until, blurred))
    given = _field(entry, "given_on", str, None)
    erase = _field(entry, "erase_by", str, None)
    return FilmConsent(
        clip=clip,
        source=str(_field(entry, "source", str, "")),
        fingerprint=str(_field(entry, "fingerprint", str, "")),
        people=tuple(people),
        given_on=parse_optional_day(given, "field 'given_on'"),
        uses=tuple(uses),
        erase_by=parse_optional_day(erase, "field 'erase_by'"),
        notes=str(_field(entry, "notes", str, "") or ""),
        recorded_by=str(_field(entry, "recorded_by", str, "") or ""),
        recorded_at=str(_field(entry, "recorded_at", str, "") or ""),
    )


def entry_as_json(consent: FilmConsent) -> dict[str, Any]:
    """A register entry as it is stored in ``consent.json``."""
    return {
        "source": consent.source,
        "fingerprint": consent.fingerprint,
        "people": [{"pseudonym": p.pseudonym, "role": p.role} for p in consent.people],
        "given_on": format_day(consent.given_on) or None,
        "uses": {
            u.use: {"until": format_day(u.until) or None, "faces_blurred": u.faces_blurred}
            for u in consent.uses
        },
        "erase_by": format_day(consent.erase_by) or None,
        "notes": consent.notes,
        "recorded_by": consent.recorded_by,
        "recorded_at": consent.recorded_at,
    }


def record_consent(
    film: str | Path,
    *,
    clip: str | None = None,
    people: PeopleLike = (),
    given_on: date | str,
    uses: UsesLike,
    erase_by: date | str | None = None,
    notes: str = "",
    recorded_by: str,
    workspace: Workspace | str | Path | None = None,
) -> FilmConsent:
    """Record (or replace) the consent for the film at ``film`` in the workspace's register.

    ``uses``: use names (open-ended), a mapping of use to end date (a date, ``YYYY-MM-DD``
    or ``D/M/YYYY``, or None), or :class:`UseConsent` objects (for ``faces_blurred``).
    ``people``: :class:`Person` objects, (pseudonym, role) pairs or ``"P1:child"``.
    """
    consent = make_consent(
        film,
        clip=clip,
        people=people,
        given_on=given_on,
        uses=uses,
        erase_by=erase_by,
        notes=notes,
        recorded_by=recorded_by,
    )
    return ConsentRegister(workspace).record(consent)

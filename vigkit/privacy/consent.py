"""What a film's consent says: who is in it (by pseudonym and role), which uses were
consented and until when, and the day it must be erased by. ``FilmConsent.allows`` answers
"may this film be used for that, on this day?" with the reason in plain words."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..coding.events import check_name, clip_name, utc_now
from ..core.errors import ConsentError
from ..core.wording import joined_with_and
from .dates import format_day, parse_day, parse_optional_day, spoken_day
from .identity import film_fingerprint

ROLES: tuple[str, ...] = ("client-adult", "child", "guider", "staff")
ROLE_LABELS: Mapping[str, str] = {
    "client-adult": "a parent, carer or other adult client",
    "child": "a child",
    "guider": "the guider (the trainee filming)",
    "staff": "a teacher, practitioner or other staff member",
}
USES: tuple[str, ...] = ("own-review", "supervision", "training-group", "portfolio", "research")
USE_LABELS: Mapping[str, str] = {
    "own-review": "the shared review with the client",
    "supervision": "the guider's supervision",
    "training-group": "other trainees or a VERP group",
    "portfolio": "accreditation evidence in a portfolio",
    "research": "research",
}


PeopleLike = Iterable["Person | tuple[str, str] | str"]
UsesLike = Iterable["str | UseConsent"] | Mapping[str, "date | str | None"]


def _did_you_mean(value: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value.strip().casefold(), known, n=1, cutoff=0.5)
    return f" – did you mean '{close[0]}'?" if close else ""


def check_use(use: object, where: str = "") -> str:
    """``use`` if it is one of :data:`USES`, else a :class:`ConsentError` (with a guess)."""
    text = use.strip() if isinstance(use, str) else ""
    if text in USES:
        return text
    shown = f"'{use}'" if isinstance(use, str) else repr(use)
    prefix = f"{where}: " if where else ""
    raise ConsentError(
        f"{prefix}{shown} is not a use of a film the kit knows{_did_you_mean(str(use), USES)} "
        f"(uses: {', '.join(USES)})"
    )


def check_role(role: object, where: str = "") -> str:
    """``role`` if it is one of :data:`ROLES`, else a :class:`ConsentError` (with a guess)."""
    text = role.strip() if isinstance(role, str) else ""
    if text in ROLES:
        return text
    shown = f"'{role}'" if isinstance(role, str) else repr(role)
    prefix = f"{where}: " if where else ""
    raise ConsentError(
        f"{prefix}{shown} is not a role of a person in a film"
        f"{_did_you_mean(str(role), ROLES)} (roles: {', '.join(ROLES)})"
    )


def check_pseudonym(value: object, what: str = "person", where: str = "") -> str:
    """A pseudonym checked as coder ids are (never a real name with spaces)."""
    text, problem = check_name(value, "coder")
    if problem is None:
        return text
    prefix = f"{where}: " if where else ""
    if not text:
        raise ConsentError(f"{prefix}the pseudonym of a {what} is missing")
    problem = problem.replace("as a coder id", f"as the pseudonym of a {what}").replace(
        "coder ids are", "people in films are named by"
    )
    raise ConsentError(f"{prefix}{problem}")


def use_label(use: str) -> str:
    """``training-group (other trainees or a VERP group)``."""
    return f"{use} ({USE_LABELS[use]})" if use in USE_LABELS else use


@dataclass(frozen=True)
class Person:
    """Someone in a film, by pseudonym (never a name) and role (one of :data:`ROLES`)."""

    pseudonym: str
    role: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "pseudonym", check_pseudonym(self.pseudonym))
        object.__setattr__(self, "role", check_role(self.role, f"person {self.pseudonym}"))


@dataclass(frozen=True)
class UseConsent:
    """Consent for one use (one of :data:`USES`), until a day (inclusive) or open-ended;
    ``faces_blurred``: consented only for copies with faces blurred."""

    use: str
    until: date | None = None
    faces_blurred: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "use", check_use(self.use))
        if self.until is not None and not isinstance(self.until, date):
            raise ConsentError(f"use {self.use}: the end date must be a date, not {self.until!r}")

    def describe(self) -> str:
        """``supervision until 31 March 2027, only with faces blurred``."""
        words = self.use
        if self.until is not None:
            words += f" until {spoken_day(self.until)}"
        if self.faces_blurred:
            words += ", only with faces blurred"
        return words


@dataclass(frozen=True)
class FilmConsent:
    """The register's entry for one film (a registered clip)."""

    clip: str
    source: str
    fingerprint: str
    people: tuple[Person, ...] = ()
    given_on: date | None = None
    uses: tuple[UseConsent, ...] = ()
    erase_by: date | None = None
    notes: str = ""
    recorded_by: str = ""
    recorded_at: str = ""
    _by_use: dict[str, UseConsent] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_use", {u.use: u for u in self.uses})

    def use(self, use: str) -> UseConsent | None:
        """The consent for ``use``, or None if that use was not consented."""
        return self._by_use.get(check_use(use))

    @property
    def consented_uses(self) -> tuple[str, ...]:
        """The uses consented, in the order of :data:`USES`."""
        return tuple(u for u in USES if u in self._by_use)

    def allows(
        self, use: str, on: date | None = None, faces_blurred: bool = False
    ) -> tuple[bool, str]:
        """Whether the film may be used for ``use`` on day ``on`` (default today), for a
        copy whose faces are blurred or not, and why (a sentence about the film)."""
        wanted = check_use(use)
        day = on or date.today()
        if self.erase_by is not None and day > self.erase_by:
            return False, (
                f"was to be erased by {spoken_day(self.erase_by)}; erase it "
                f"(vigkit privacy erase) or, if the family agreed to keep it longer, record "
                f"the new date with vigkit consent set --erase-by"
            )
        given = self._by_use.get(wanted)
        if given is None:
            if not self.uses:
                return False, "has no use consented (the consent records none)"
            consented = joined_with_and([use_label(u) for u in self.consented_uses])
            return False, (f"is consented for {consented} only, not for {use_label(wanted)}")
        if given.until is not None and day > given.until:
            return False, (
                f"was consented for {use_label(wanted)} until {spoken_day(given.until)}; "
                "that consent has ended"
            )
        if given.faces_blurred and not faces_blurred:
            return False, (
                f"is consented for {use_label(wanted)} only with faces blurred; make the "
                "copy with blur_faces=True"
            )
        until = f" until {spoken_day(given.until)}" if given.until is not None else ""
        blurred = " (faces blurred)" if given.faces_blurred else ""
        return True, f"is consented for {use_label(wanted)}{until}{blurred}"


def _people(people: PeopleLike) -> tuple[Person, ...]:
    result = []
    for person in people:
        if isinstance(person, Person):
            result.append(person)
        elif isinstance(person, str):
            pseudonym, colon, role = person.partition(":")
            if not colon:
                raise ConsentError(
                    f"person '{person}': give the pseudonym and the role as PSEUDONYM:ROLE, "
                    "e.g. P1:client-adult"
                )
            result.append(Person(pseudonym.strip(), role.strip()))
        elif isinstance(person, tuple) and len(person) == 2:
            result.append(Person(*person))
        else:
            raise ConsentError(
                f"person {person!r}: give a Person, a (pseudonym, role) pair or 'PSEUDONYM:ROLE'"
            )
    seen: set[str] = set()
    for person in result:
        if person.pseudonym in seen:
            raise ConsentError(f"person {person.pseudonym} is given twice")
        seen.add(person.pseudonym)
    return tuple(result)


def _uses(uses: UsesLike) -> tuple[UseConsent, ...]:
    if isinstance(uses, str):
        uses = [uses]
    result: list[UseConsent] = []
    if isinstance(uses, Mapping):
        for use, until in uses.items():
            name = check_use(use)
            result.append(UseConsent(name, parse_optional_day(until, f"use {name}, end date")))
    else:
        for use in uses:
            result.append(use if isinstance(use, UseConsent) else UseConsent(check_use(use)))
    seen: set[str] = set()
    for given in result:
        if given.use in seen:
            raise ConsentError(f"use {given.use} is given twice")
        seen.add(given.use)
    order = {use: number for number, use in enumerate(USES)}
    return tuple(sorted(result, key=lambda u: order[u.use]))


def make_consent(
    film: str | Path,
    *,
    clip: str | None = None,
    people: PeopleLike = (),
    given_on: date | str,
    uses: UsesLike,
    erase_by: date | str | None = None,
    notes: str = "",
    recorded_by: str,
    today: date | None = None,
) -> FilmConsent:
    """A checked :class:`FilmConsent` for the film at ``film`` (not yet recorded)."""
    path = Path(film)
    if not path.is_file():
        raise ConsentError(
            f"{path}: there is no film here; give the path of the film the consent is for"
        )
    name = clip if clip is not None else clip_name(path)
    name, problem = check_name(name, "clip")
    if problem:
        raise ConsentError(problem)
    given = parse_day(given_on, "given on")
    now = today or date.today()
    if given > now:
        raise ConsentError(
            f"given on: {format_day(given)} is after today; write the day the consent was given"
        )
    consents = _uses(uses)
    for use in consents:
        if use.until is not None and use.until < given:
            raise ConsentError(
                f"use {use.use}: it ends ({format_day(use.until)}) before the consent was given "
                f"({format_day(given)}); check the dates"
            )
    erase = parse_optional_day(erase_by, "erase by")
    if erase is not None and erase < given:
        raise ConsentError(
            f"erase by: {format_day(erase)} is before the consent was given "
            f"({format_day(given)}); check the dates"
        )
    if not isinstance(notes, str):
        raise ConsentError("notes must be text")
    return FilmConsent(
        clip=name,
        source=str(Path(os.path.abspath(path))),
        fingerprint=film_fingerprint(path),
        people=_people(people),
        given_on=given,
        uses=consents,
        erase_by=erase,
        notes=notes.strip(),
        recorded_by=check_pseudonym(recorded_by, "person recording the consent", "recorded by"),
        recorded_at=utc_now(),
    )

"""The consent check every kit job runs before it makes something to show another person.

``check_use(sources, use, action=...)`` finds the original film behind each source (the
file itself in the consent register, or, for something the kit made, its origins in the
ledger) and refuses, in plain words, a use that was not consented, has ended, needs blurred
faces, or a film past its erase-by day. Practice films are free to use. An explicit
``override="reason"`` lets a refused use through and is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..coding.workspace import Workspace
from ..core.errors import ConsentError
from .consent import FilmConsent, use_label
from .consent import check_use as checked_use
from .identity import film_fingerprint, is_practice_film
from .ledger import made_from
from .register import ConsentRegister

WorkspaceLike = Workspace | str | Path | None


@dataclass(frozen=True)
class Verdict:
    """The answer for one original film behind one source file."""

    source: Path
    origin: str  # the original film's path (the source itself, or what it was made from)
    clip: str | None  # the film's clip id in the register, None if it is not there
    fingerprint: str
    allowed: bool
    reason: str  # a sentence to follow "FILM (clip X) ..."

    def describe(self) -> str:
        """The verdict as one sentence naming the file and the film's clip."""
        film = Path(self.origin)
        clip = f" (clip {self.clip})" if self.clip else ""
        if film == Path(self.source).absolute():
            return f"{self.source}{clip} {self.reason}"
        return f"{self.source}: made from {film.name}{clip}, which {self.reason}"


def _how_to_record(film: str, use: str) -> str:
    return (
        f"record the consent first: vigkit consent set {film} --given-on DATE --use {use} "
        "--by YOUR-PSEUDONYM (or the consent step in notebook 05)"
    )


def _judge(
    entry: FilmConsent | None,
    source: Path,
    origin: str,
    fingerprint: str,
    use: str,
    day: date,
    faces_blurred: bool,
) -> Verdict:
    if entry is None:
        return Verdict(
            source,
            origin,
            None,
            fingerprint,
            False,
            f"has no consent recorded, so it may not be used for {use_label(use)}; "
            + _how_to_record(origin, use),
        )
    allowed, reason = entry.allows(use, day, faces_blurred)
    return Verdict(source, origin, entry.clip, fingerprint, allowed, reason)


def verdicts(
    sources: Path | str | Sequence[Path | str],
    use: str,
    *,
    faces_blurred: bool = False,
    workspace: WorkspaceLike = None,
    today: date | None = None,
) -> list[Verdict]:
    """One verdict per original film behind each source (none for practice films)."""
    wanted = checked_use(use)
    day = today or date.today()
    register = ConsentRegister(workspace)
    films = {entry.clip: entry for entry in register.films()}
    results: list[Verdict] = []
    for source in [sources] if isinstance(sources, str | Path) else list(sources):
        path = Path(source)
        if not path.exists():
            raise ConsentError(
                f"{path}: there is no file here, so its consent cannot be checked; check the path"
            )
        if is_practice_film(path):
            continue
        fingerprint = film_fingerprint(path) if path.is_file() else ""
        entry = (register.find_fingerprint(fingerprint, films) if fingerprint else None) or (
            register.find_source(path, films)
        )
        if entry is not None:
            results.append(
                _judge(entry, path, str(path.absolute()), fingerprint, wanted, day, faces_blurred)
            )
            continue
        made = made_from(path, workspace)
        if made is None:
            results.append(
                _judge(None, path, str(path.absolute()), fingerprint, wanted, day, faces_blurred)
            )
            continue
        blurred = faces_blurred or made.faces_blurred
        for origin in made.origins:
            entry = register.find_fingerprint(origin.fingerprint, films) or (
                register.find_source(origin.path, films)
            )
            results.append(
                _judge(entry, path, origin.path, origin.fingerprint, wanted, day, blurred)
            )
    return results


def check_use(
    sources: Path | str | Sequence[Path | str],
    use: str,
    *,
    action: str,
    override: str | None = None,
    faces_blurred: bool = False,
    workspace: WorkspaceLike = None,
    today: date | None = None,
    by: str | None = None,
) -> None:
    """Refuse (``ConsentError``) unless every film behind ``sources`` may be used for ``use``.

    ``action`` says what the job is doing, for the message and the audit trail (e.g.
    ``"making a reel"``); ``faces_blurred``: the output has faces blurred. With
    ``override="reason"`` a refusal is let through and logged in the audit trail.
    """
    if override is not None and (not isinstance(override, str) or not override.strip()):
        raise ConsentError(
            "override: give the reason the film may be used anyway, e.g. "
            'override="family agreed by phone on 3/3, form follows" (it is logged)'
        )
    refused = [
        v
        for v in verdicts(
            sources, use, faces_blurred=faces_blurred, workspace=workspace, today=today
        )
        if not v.allowed
    ]
    if not refused:
        return
    if override is None:
        lines = [f"{action} was refused – the consent does not allow it:"]
        lines += [f"  {v.describe()}" for v in refused]
        lines.append(
            "Nothing was made. If the family has agreed and the register is behind, record "
            'the consent; to go ahead anyway, pass override="reason" (it is logged in the '
            "consent audit trail)."
        )
        raise ConsentError("\n".join(lines))
    ConsentRegister(workspace).log(
        {
            "what": "override",
            "action": action,
            "use": checked_use(use),
            "clips": sorted({v.clip or v.fingerprint for v in refused}),
            "reason": override.strip(),
            "by": by,
        }
    )


def consent_status(
    film: Path | str,
    use: str,
    *,
    faces_blurred: bool = False,
    workspace: WorkspaceLike = None,
    today: date | None = None,
) -> tuple[bool, str]:
    """Whether ``film`` (a film or something the kit made) may be used for ``use``, and why."""
    results = verdicts(film, use, faces_blurred=faces_blurred, workspace=workspace, today=today)
    if not results:
        return True, f"{film}: a practice film of the course, free to use for {use_label(use)}"
    refused = [v for v in results if not v.allowed]
    shown = refused or results
    return not refused, "\n".join(v.describe() for v in shown)

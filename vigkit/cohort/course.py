"""A course in the exchange: ``EXCHANGE/COURSE/course.yaml`` (the roster and the permission
mode), each person's folder, and the checks of who may act as whom.

Unix mode: every server runs as its own account. The course folder belongs to the group
``{course}-supervisors`` and is setgid, so everything made in it does too; ``people/`` may be
written but not listed by others (mode 3773), each person's folder is theirs and the
supervisors' (2770), so a trainee cannot list or read another's. One-user mode: every server
runs as one account (containers); the kit refuses by identity, the mounts keep people apart.
"""

from __future__ import annotations

import contextlib
import errno
import grp
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..coding.events import check_name, utc_now
from ..core.atomic import atomic_write_text
from ..core.limits import safe_load_yaml
from .identity import Account, bind_owner, current_account
from .settings import CohortError, CohortSettings, cohort_settings, course_problem

COURSE_FILE = "course.yaml"
PEOPLE = "people"
STAFF = "staff"
SUBMISSIONS = "submissions"
FEEDBACK = "feedback"
MODES = ("unix", "one-user")
FORMAT = 1
#: Folder modes in Unix mode (setgid so the supervisors' group is kept).
PEOPLE_MODE = 0o3773
PERSON_MODE = 0o2770
COURSE_MODE = 0o2755


def supervisors_group(course: str) -> str:
    """The hub group (and, in Unix mode, the Unix group) of a course's supervisors."""
    return f"{course}-supervisors"


def trainees_group(course: str) -> str:
    """The hub group of a course's trainees."""
    return f"{course}-trainees"


@dataclass(frozen=True)
class Course:
    """A course as its roster says: id, folder in the exchange, pseudonyms, permission mode."""

    course: str
    root: Path
    supervisors: tuple[str, ...]
    trainees: tuple[str, ...]
    mode: str = "one-user"
    settings: CohortSettings | None = None

    @property
    def people(self) -> Path:
        """The folder holding one folder per person."""
        return self.root / PEOPLE

    def person_folder(self, pseudonym: str) -> Path:
        """Where ``pseudonym``'s submissions and feedback live."""
        return self.people / pseudonym

    def role_of(self, pseudonym: str) -> str | None:
        """``supervisor``, ``trainee`` or None for someone not on the roster."""
        if pseudonym in self.supervisors:
            return "supervisor"
        return "trainee" if pseudonym in self.trainees else None


def create_course(
    course: str,
    exchange: str | Path,
    *,
    supervisors: list[str] | tuple[str, ...],
    trainees: list[str] | tuple[str, ...],
    unix_groups: bool = False,
) -> Course:
    """Make ``EXCHANGE/COURSE`` with its roster (again: the roster is replaced)."""
    if (why := course_problem(course)) is not None:
        raise CohortError(why)
    names = [*supervisors, *trainees]
    for name in names:
        if (problem := check_name(name, "coder")[1]) is not None:
            raise CohortError(problem)
    if not supervisors:
        raise CohortError("a course needs at least one supervisor (--supervisor S01)")
    if twice := sorted({n for n in names if names.count(n) > 1}):
        raise CohortError(f"{', '.join(twice)}: each pseudonym may be on the roster once")
    folder = Path(exchange).expanduser().resolve()
    check_exchange(folder, write=True)
    root = folder / course
    gid = _group_id(course) if unix_groups else None
    folders = ((root, COURSE_MODE), (root / PEOPLE, PEOPLE_MODE), (root / STAFF, PERSON_MODE))
    for path, mode in folders:
        path.mkdir(exist_ok=True)
        if gid is not None:
            os.chown(path, -1, gid)
            os.chmod(path, mode)
    roster = {
        "format": FORMAT,
        "course": course,
        "mode": "unix" if unix_groups else "one-user",
        "created": utc_now(),
        "supervisors": list(supervisors),
        "trainees": list(trainees),
    }
    atomic_write_text(root / COURSE_FILE, yaml.safe_dump(roster, sort_keys=False))
    os.chmod(root / COURSE_FILE, 0o644)
    if not unix_groups:  # one user: each trainee's folder made now, so a hub can mount just it
        for trainee in trainees:
            _make_person_folder(root / PEOPLE / trainee, "one-user", "", inner=True)
    return open_course(CohortSettings(course, folder))


def _group_id(course: str) -> int:
    name = supervisors_group(course)
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise CohortError(
            f"there is no Unix group '{name}'; make it first (sudo groupadd {name}) and add "
            "the supervisors' accounts to it, or create the course without --unix-groups"
        ) from None


def check_exchange(folder: Path, *, write: bool = False) -> None:
    """Refuse a missing exchange folder, or (``write``) one this account cannot write."""
    if not folder.is_dir():
        raise CohortError(
            f"the exchange folder {folder} is not there; check the 'exchange:' line of the "
            "cohort settings, or ask whoever runs the hub to make the shared folder"
        )
    if write and not os.access(folder, os.W_OK | os.X_OK):
        raise CohortError(
            f"you cannot write to the exchange folder {folder} (permission denied); ask "
            "whoever runs the hub to give your account write access (docs/cohort.md)"
        )


def open_course(settings: CohortSettings | None = None) -> Course:
    """The course of ``settings`` (default: the cohort settings file), its roster read."""
    chosen = settings if settings is not None else cohort_settings()
    check_exchange(chosen.exchange)
    path = chosen.root / COURSE_FILE
    try:
        data = safe_load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CohortError(
            f"{path}: there is no course '{chosen.course}' in the exchange {chosen.exchange}; "
            f"the supervisor makes it with 'vigkit cohort create {chosen.course} --exchange "
            f"{chosen.exchange} --supervisor S01 --trainee T01 ...'"
        ) from None
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        raise CohortError(f"{path}: the course's roster cannot be read ({error})") from None
    fields = ("supervisors", "trainees")
    if (
        not isinstance(data, dict)
        or data.get("course") != chosen.course
        or data.get("mode") not in MODES
        or not all(isinstance(data.get(f), list) for f in fields)
    ):
        raise CohortError(
            f"{path}: the course's roster is damaged (it must name the course "
            f"'{chosen.course}', its mode and lists of supervisors and trainees); make it again "
            "with 'vigkit cohort create'"
        )
    return Course(
        chosen.course,
        chosen.root,
        tuple(str(s) for s in data["supervisors"]),
        tuple(str(t) for t in data["trainees"]),
        str(data["mode"]),
        chosen,
    )


def act_as(course: Course, pseudonym: str, role: str, account: Account | None = None) -> Path:
    """Check that this account may act as ``pseudonym`` in ``role``; its folder (made if new).

    A trainee must be on the roster and own the pseudonym; a supervisor must be on the
    roster, own the pseudonym and, on a hub, be in the group ``{course}-supervisors``.
    """
    who = account if account is not None else current_account(course.settings)
    if (problem := check_name(pseudonym, "coder")[1]) is not None:
        raise CohortError(problem)
    on_roster = course.role_of(pseudonym)
    if on_roster is None:
        raise CohortError(
            f"{pseudonym} is not on the roster of course {course.course} "
            f"({course.root / COURSE_FILE}); check the pseudonym, or ask your supervisor to add it"
        )
    if role == "supervisor" and on_roster != "supervisor":
        raise CohortError(
            f"{pseudonym} is a trainee of course {course.course}; only the course's supervisors "
            "may collect the group's work or return feedback"
        )
    group = supervisors_group(course.course)
    if role == "supervisor" and who.on_hub and who.groups is None:
        raise CohortError(
            f"the hub did not say which groups your account {who.name} is in, so the kit "
            "cannot tell that you are a supervisor; the hub's admin must let servers read "
            "their user's groups (scope read:users:groups!user, see docs/cohort.md)"
        )
    if role == "supervisor" and who.on_hub and group not in (who.groups or ()):
        raise CohortError(
            f"your hub account {who.name} is not in the hub group '{group}'; only the course's "
            "supervisors may collect the group's work (ask the hub's admin to add you)"
        )
    base = course.root / STAFF if on_roster == "supervisor" else course.people
    folder = base / pseudonym
    try:
        _make_person_folder(
            folder, course.mode, _denied(course, on_roster, folder), inner=on_roster == "trainee"
        )
        bind_owner(folder, pseudonym, who)
    except PermissionError:
        if course.mode == "unix":
            raise refused(course, pseudonym, who) from None
        # one user for everyone: a folder this account cannot write is the hub's set-up
        raise CohortError(_denied(course, on_roster, folder / SUBMISSIONS)) from None
    return folder


def refused(course: Course, pseudonym: str, who: Account) -> CohortError:
    """The message for an account the file permissions keep out of ``pseudonym``'s folder."""
    return CohortError(
        f"you ({who.name}) may not read or write {pseudonym}'s work in course {course.course}: "
        f"{pseudonym} belongs to another account (permission denied); use your own pseudonym"
    )


def _denied(course: Course, role: str, folder: Path) -> str:
    """What to say when this account may not make ``folder``."""
    if role == "supervisor" and course.mode == "unix":
        return (
            f"only accounts in the Unix group '{supervisors_group(course.course)}' may act as "
            f"the course's supervisors (you cannot write to {folder.parent}); ask whoever "
            "runs the hub to add your account to it"
        )
    return (
        f"you cannot write to {folder.parent} (permission denied); ask whoever runs "
        "the hub to let your account write in the exchange (docs/cohort.md)"
    )


def _make_person_folder(folder: Path, mode: str, denied: str, *, inner: bool) -> None:
    try:
        _mkdir(folder, mode)
    except FileExistsError:
        pass
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EROFS):
            raise CohortError(denied) from None
        raise
    for part in (SUBMISSIONS, FEEDBACK) if inner else ():
        with contextlib.suppress(FileExistsError):
            _mkdir(folder / part, mode)


def _mkdir(folder: Path, mode: str) -> None:
    """Make a folder; in Unix mode open to the supervisors' group (rwx) and no one else.

    The mode is given to mkdir with no umask, not set afterwards: a trainee is not in the
    supervisors' group, and their chmod would drop the setgid bit inherited from above.
    """
    if mode != "unix":
        folder.mkdir()
        return
    old = os.umask(0)
    try:
        os.mkdir(folder, PERSON_MODE & 0o777)
    finally:
        os.umask(old)

"""A trainee's side of the exchange: ``submit`` a coding, a practice record or a portfolio
(immutable, checksummed, atomic), and ``my_submissions`` (their own only).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .._version import __version__
from ..coding.table import Coding
from ..coding.workspace import Workspace, workspace_folder
from ..privacy.gate import check_use
from ..privacy.ledger import made_from, note_made
from ..reflection.recordfile import load_record
from .course import act_as, open_course
from .films import check_shareable, film_of, film_ref, write_shared_copy
from .manifest import KINDS, FilmRef, Manifest
from .settings import CohortError, CohortSettings
from .store import Submission, Writer, new_id, read_submissions, write_submission

WorkspaceLike = Workspace | str | Path | None
_PORTFOLIO_SUFFIXES = (".html", ".pdf")


def submit(
    kind: str,
    *,
    coder: str,
    clip: str | None = None,
    path: str | Path | None = None,
    workspace: WorkspaceLike = None,
    share_film: bool = False,
    settings: CohortSettings | None = None,
) -> Submission:
    """Submit ``kind`` (``coding``, ``record`` or ``portfolio``) as ``coder``.

    A coding is ``coder``'s coding of ``clip`` from the workspace's journal, or the coding
    file ``path``; a record or portfolio is the file ``path``. ``share_film`` adds a copy
    of the clip's film without metadata, if its consent allows ``supervision``.
    """
    if kind not in KINDS:
        raise CohortError(f"'{kind}' cannot be submitted: choose {', '.join(KINDS)}")
    course = open_course(settings)
    if course.role_of(coder) == "supervisor":
        raise CohortError(f"{coder} is a supervisor of course {course.course}; trainees submit")
    person = act_as(course, coder, "trainee")
    shared: tuple[str, Path, Workspace] | None = None
    if kind == "coding":
        parts = _coding_parts(coder, clip, path, workspace, share_film)
        writers, scheme, films, clip, shared = parts
    else:
        if share_film:
            raise CohortError("share_film is for codings; a record or portfolio has no film")
        source = _checked_file(kind, path)
        if made_from(source, workspace) is not None:  # a portfolio with stills of films
            check_use(
                source, "supervision", action=f"submitting {source.name} to your supervisor",
                workspace=workspace,
            )  # fmt: skip
        name = "record.json" if kind == "record" else f"portfolio{source.suffix.lower()}"
        writers, scheme, films = {name: lambda target: _copy(source, target)}, (None, None), ()
    manifest = _stamped(
        Manifest(
            id=new_id(), course=course.course, coder=coder, kind=kind, clip=clip, created="",
            kit=__version__, scheme=scheme[0], scheme_version=scheme[1], files=(), films=films,
        )
    )  # fmt: skip
    folder = write_submission(person, manifest, writers)
    if shared is not None:  # in the ledger: the audit lists it, erasing the film removes it
        name, film, space = shared
        note_made(folder / name, [film], "proxy", workspace=space)
    found, _ = read_submissions(person, coder, course.course)
    return next(s for s in found if s.folder == folder)


Parts = tuple[
    dict[str, Writer], tuple[str | None, str | None], tuple[FilmRef, ...], str,
    tuple[str, Path, Workspace] | None,
]  # fmt: skip


def _coding_parts(
    coder: str, clip: str | None, path: str | Path | None, workspace: WorkspaceLike, share: bool
) -> Parts:
    """A coding submission's files, scheme, films, clip and (``share``) the shared film."""
    coding, clip, space = _coding(coder, clip, path, workspace)
    writers: dict[str, Writer] = {"coding.csv": lambda target: _write_coding(coding, target)}
    scheme = (coding.scheme_id, coding.scheme_version)
    film = film_of(space, clip) if space is not None else None
    if not share:
        return writers, scheme, film_ref(clip, film), clip, None
    if space is None:
        space = Workspace(workspace_folder(workspace))
        film = film_of(space, clip)
    chosen, where = check_shareable(film, clip, space), space
    films = film_ref(clip, chosen)
    name = f"films/{films[0].fingerprint}.mp4"
    writers[name] = lambda target: write_shared_copy(chosen, target, where)
    return writers, scheme, films, clip, (name, chosen, where)


def _stamped(manifest: Manifest) -> Manifest:
    """The manifest with its creation time taken from its id (one clock reading)."""
    stamp = manifest.id.split("-")[0]
    created = (
        f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:"
        f"{stamp[13:15]}.{stamp[15:21]}Z"
    )
    return Manifest(**{**manifest.__dict__, "created": created})


def _coding(
    coder: str, clip: str | None, path: str | Path | None, workspace: WorkspaceLike
) -> tuple[Coding, str, Workspace | None]:
    if path is not None:
        coding = Coding.read(_checked_file("coding", path))
        others = sorted(set(coding.coders) - {coder})
        if others:
            raise CohortError(
                f"{path}: this coding was made by {', '.join(others)}, not {coder}; submit "
                "your own coding"
            )
        clips = coding.clips
        if clip is None and len(clips) == 1:
            clip = clips[0]
        if clip is None or set(clips) - {clip}:
            raise CohortError(
                f"{path}: this file holds clips {', '.join(clips) or 'none'}; give the one clip "
                "it is a coding of (a file of one clip is submitted at a time)"
            )
        folder = workspace_folder(workspace)
        return coding, clip, Workspace(folder) if folder.is_dir() else None
    if clip is None:
        raise CohortError("say which clip's coding to submit (clip='...')")
    space = Workspace(workspace_folder(workspace))
    return space.coding(clip, coder), clip, space


def _write_coding(coding: Coding, target: Path) -> None:
    if len(coding) == 0:
        raise CohortError("this coding has no tags yet; tag the clip before submitting it")
    coding.to_csv(target)


def _checked_file(kind: str, path: str | Path | None) -> Path:
    if path is None:
        raise CohortError(f"say which file to submit as your {kind} (path='...')")
    source = Path(path).expanduser()
    if not source.is_file():
        raise CohortError(f"{source}: there is no such file; check the path")
    if kind == "record":
        load_record(source)  # a damaged record is refused with its problems
    if kind == "portfolio" and source.suffix.lower() not in _PORTFOLIO_SUFFIXES:
        raise CohortError(f"{source}: a portfolio is the .html (or .pdf) file the kit exported")
    return source


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def my_submissions(coder: str, settings: CohortSettings | None = None) -> list[Submission]:
    """``coder``'s own submissions, oldest first (only the account that owns ``coder``)."""
    course = open_course(settings)
    person = act_as(course, coder, "trainee")
    return read_submissions(person, coder, course.course)[0]

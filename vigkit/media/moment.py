"""A moment: a reference to part of a film. No file is made until one is asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import MediaError, Problem, ProblemsError
from ..core.timecode import format_time, parse_time
from .inputs import check_seconds
from .probe import MediaInfo


@dataclass(frozen=True)
class Moment:
    """``source`` from ``start`` to ``end`` (seconds, or text such as ``"1:02.5"``), with
    the guider's ``caption`` and the principle ``code`` it shows. ``origin`` says where it
    was written (e.g. ``moments.csv row 3``), so errors about it can point there."""

    source: Path
    start: float
    end: float
    caption: str | None = None
    code: str | None = None
    origin: str | None = field(default=None, compare=False, repr=False)

    def __init__(
        self,
        source: str | Path,
        start: float | str,
        end: float | str,
        caption: str | None = None,
        code: str | None = None,
        origin: str | None = None,
    ) -> None:
        try:
            start_s, end_s = parse_time(start), parse_time(end)
        except ValueError as error:
            raise MediaError(f"{source}: {error}") from None
        check_seconds(source, start_s, "start")
        check_seconds(source, end_s, "end")
        if start_s < 0:
            raise MediaError(f"{source}: the moment starts before the film ({start_s:g} s)")
        if end_s <= start_s:
            raise MediaError(
                f"{source}: the moment must end after it starts "
                f"({format_time(start_s)} to {format_time(end_s)})"
            )
        object.__setattr__(self, "source", Path(source))
        object.__setattr__(self, "start", start_s)
        object.__setattr__(self, "end", end_s)
        object.__setattr__(self, "caption", caption)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "origin", origin)

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.end - self.start

    @property
    def where(self) -> str:
        """Where to look for this moment, for messages: its row in a moments file and its
        film, or just its film."""
        return f"{self.origin} ({self.source})" if self.origin else str(self.source)

    def check_within(self, info: MediaInfo) -> None:
        """Raise ``MediaError`` if the moment runs past the end of the film."""
        if self.end > info.duration + info.frame_duration:
            raise MediaError(
                f"{self.where}: the moment {format_time(self.start)} to "
                f"{format_time(self.end)} runs past the end of the film "
                f"({format_time(info.duration)})"
            )

    def __str__(self) -> str:
        return f"{self.source.name} {format_time(self.start)} to {format_time(self.end)}"


def read_moments(path: str | Path) -> list[Moment]:
    """Moments from a CSV with columns source, start, end and optional caption, code.

    Relative sources are taken from the CSV's own folder. Every bad row is reported at
    once, with its row number, and nothing is returned.
    """
    from ..coding.rowfiles import parse_csv, read_text

    csv_path = Path(path)
    try:
        rows = parse_csv(
            read_text(csv_path),
            csv_path,
            required=("source", "start", "end"),
            known=("source", "start", "end", "caption", "code"),
        )
    except ProblemsError as error:
        raise MediaError(
            str(_MomentsFileError(csv_path, error.problems, hint=error.hint, unit=error.unit))
        ) from None
    moments: list[Moment] = []
    problems: list[Problem] = []
    for row, values in rows:
        source = Path(values["source"].strip())
        if not source.is_absolute():
            source = csv_path.parent / source
        try:
            moments.append(
                Moment(
                    source,
                    values["start"],
                    values["end"],
                    caption=(values.get("caption") or "").strip() or None,
                    code=(values.get("code") or "").strip() or None,
                    origin=f"{csv_path}, row {row}",
                )
            )
        except MediaError as error:
            problems.append(Problem(str(error), row))
    if problems:
        raise MediaError(str(_MomentsFileError(csv_path, problems, unit="row")))
    if not moments:
        raise MediaError(f"{csv_path}: there are no moments in this file")
    return moments


class _MomentsFileError(ProblemsError):
    kind = "moments file"

"""A coding: who tagged which moments of which clip with which code, as a tidy table.

``Coding.events`` is a pandas DataFrame with one row per event and the columns in
:data:`vigkit.coding.events.COLUMNS`. A coding is checked in full when it is made: if any
row is wrong, :class:`~vigkit.core.errors.CodingError` lists every bad row and nothing is
loaded.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.errors import CodingError, Problem, VigkitWarning
from ..core.timecode import format_time
from .events import COLUMNS, SCHEME_COLUMNS, Event, is_blank, normalise_event
from .links import link_problems, without_lost_links
from .rowfiles import RawRow, parse_csv, parse_jsonl, read_text, write_csv, write_jsonl
from .scheme import DEFAULT_SCHEME, Scheme, builtin_schemes, load_scheme

_SORT_ORDER = ["clip", "coder", "onset", "offset", "code", "id"]


class Coding:
    """A validated table of tagged events, with the scheme it was coded in.

    Build one from records (dicts), a DataFrame, or a file (:meth:`read_csv`,
    :meth:`read_jsonl`). ``duration`` (seconds), when known, is checked against every
    time. Codes may be given as ids or labels; they are stored as ids.
    """

    def __init__(
        self,
        events: pd.DataFrame | Iterable[Mapping[str, Any]] = (),
        scheme: Scheme | str | Path = DEFAULT_SCHEME,
        *,
        duration: float | None = None,
        source: str | Path | None = None,
    ) -> None:
        self.scheme = load_scheme(scheme)
        self.duration = duration
        if isinstance(events, pd.DataFrame):
            frame = events.astype(object).where(events.notna(), None)
            rows: list[RawRow] = [
                (i + 1, dict(record)) for i, record in enumerate(frame.to_dict("records"))
            ]
        else:
            rows = [(i + 1, dict(record)) for i, record in enumerate(events)]
        self._events = _validated_frame(rows, self.scheme, duration, source, unit="row")

    @classmethod
    def _from_frame(cls, frame: pd.DataFrame, scheme: Scheme, duration: float | None) -> Coding:
        """A coding from a frame that is already valid (used by filters and roll-ups)."""
        coding = cls.__new__(cls)
        coding.scheme = scheme
        coding.duration = duration
        coding._events = _sorted(frame)
        return coding

    @classmethod
    def _from_events(cls, events: list[Event], scheme: Scheme, duration: float | None) -> Coding:
        """A coding from events already checked by :func:`normalise_event` (the journal);
        links to tags deleted or undone since are left out."""
        return cls._from_frame(_frame(without_lost_links(events)), scheme, duration)

    # ---------------------------------------------------------------- reading
    @classmethod
    def read_csv(
        cls,
        path: str | Path,
        scheme: Scheme | str | Path | None = None,
        *,
        duration: float | None = None,
    ) -> Coding:
        """Read a CSV coding (comma, semicolon or tab separated; times as seconds or m:ss.s).

        Without ``scheme``, the scheme named in the file's ``scheme`` column is used
        (or the built-in default).
        """
        path = Path(path)
        rows = parse_csv(read_text(path), path)
        return cls._from_rows(rows, scheme, duration, path, unit="row")

    @classmethod
    def read_jsonl(
        cls,
        path: str | Path,
        scheme: Scheme | str | Path | None = None,
        *,
        duration: float | None = None,
    ) -> Coding:
        """Read a JSON Lines coding: one JSON object per event, fields as the CSV columns."""
        path = Path(path)
        rows = parse_jsonl(read_text(path), path)
        return cls._from_rows(rows, scheme, duration, path, unit="line")

    @classmethod
    def read(
        cls,
        path: str | Path,
        scheme: Scheme | str | Path | None = None,
        *,
        duration: float | None = None,
    ) -> Coding:
        """Read a coding file, choosing CSV or JSON Lines by its extension."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in {".csv", ".tsv", ".txt"}:
            return cls.read_csv(path, scheme, duration=duration)
        if suffix in {".jsonl", ".ndjson", ".json"}:
            return cls.read_jsonl(path, scheme, duration=duration)
        raise CodingError(
            path,
            [Problem(f"the kit cannot read '{suffix or 'no extension'}' files as codings")],
            hint="Give a .csv or .jsonl file (ELAN, BORIS and WebVTT files are imported "
            "with 'vigkit import').",
        )

    @classmethod
    def _from_rows(
        cls,
        rows: list[RawRow],
        scheme: Scheme | str | Path | None,
        duration: float | None,
        source: Path,
        unit: str,
    ) -> Coding:
        resolved = _scheme_for(rows, scheme, source, unit)
        coding = cls.__new__(cls)
        coding.scheme = resolved
        coding.duration = duration
        coding._events = _validated_frame(rows, resolved, duration, source, unit)
        return coding

    # ---------------------------------------------------------------- writing
    def to_csv(self, path: str | Path) -> Path:
        """Write the coding as CSV (times in seconds), atomically; return the path."""
        write_csv(path, self.to_records(with_scheme=True))
        return Path(path)

    def to_jsonl(self, path: str | Path) -> Path:
        """Write the coding as JSON Lines, atomically; return the path."""
        write_jsonl(path, self.to_records(with_scheme=True))
        return Path(path)

    def to_records(self, with_scheme: bool = False) -> list[dict[str, Any]]:
        """The events as plain dicts (optionally with the scheme id and version)."""
        records: list[dict[str, Any]] = []
        for record in self._events.to_dict("records"):
            clean = {c: _plain(record[c]) for c in COLUMNS}
            if with_scheme:
                clean["scheme"] = self.scheme.id
                clean["scheme_version"] = self.scheme.version
            records.append(clean)
        return records

    # ---------------------------------------------------------------- views
    @property
    def events(self) -> pd.DataFrame:
        """The events table (a copy: change a coding through the journal, not the frame)."""
        copy: pd.DataFrame = self._events.copy()
        return copy

    @property
    def scheme_id(self) -> str:
        """The id of the scheme the codes belong to."""
        return self.scheme.id

    @property
    def scheme_version(self) -> str:
        """The version of the scheme the codes were checked against."""
        return self.scheme.version

    @property
    def clips(self) -> tuple[str, ...]:
        """The clips this coding covers, sorted."""
        return tuple(sorted(self._events["clip"].unique()))

    @property
    def coders(self) -> tuple[str, ...]:
        """The coders (pseudonyms) in this coding, sorted."""
        return tuple(sorted(self._events["coder"].unique()))

    def __len__(self) -> int:
        return len(self._events)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Coding):
            return NotImplemented
        return self.scheme == other.scheme and self._events.equals(other._events)

    __hash__ = None  # type: ignore[assignment]

    def filter(
        self,
        *,
        clip: str | None = None,
        coder: str | None = None,
        role: str | None = None,
    ) -> Coding:
        """The events of one clip, coder and/or role."""
        mask = pd.Series(True, index=self._events.index)
        for column, value in (("clip", clip), ("coder", coder), ("role", role)):
            if value is not None:
                mask &= self._events[column] == value
        return Coding._from_frame(self._events[mask], self.scheme, self.duration)

    def rolled_up(self) -> Coding:
        """The same events with every behaviour code replaced by its category."""
        frame = self._events.copy()
        frame["code"] = [self.scheme.rollup(code) for code in frame["code"]]
        return Coding._from_frame(frame, self.scheme, self.duration)

    @classmethod
    def concat(cls, codings: Sequence[Coding]) -> Coding:
        """Several codings of one scheme as one (e.g. a VERP group's codings of a clip)."""
        if not codings:
            raise ValueError("concat needs at least one coding")
        scheme = codings[0].scheme
        for other in codings[1:]:
            if (other.scheme.id, other.scheme.version) != (scheme.id, scheme.version):
                raise CodingError(
                    None,
                    [
                        Problem(
                            f"codings use different schemes: {scheme.id} {scheme.version} "
                            f"and {other.scheme.id} {other.scheme.version}"
                        )
                    ],
                )
        frame = pd.concat([c._events for c in codings], ignore_index=True)
        duplicated = frame["id"][frame["id"].duplicated()].unique()
        if len(duplicated):
            raise CodingError(
                None,
                [Problem(f"event id '{d}' appears in more than one coding") for d in duplicated],
            )
        durations = [c.duration for c in codings if c.duration is not None]
        return Coding._from_frame(frame, scheme, max(durations) if durations else None)

    def __repr__(self) -> str:
        return (
            f"<Coding of {len(self)} events, clips {list(self.clips)}, "
            f"coders {list(self.coders)}, scheme {self.scheme.id} v{self.scheme.version}>"
        )

    def _repr_html_(self) -> str:
        """A readable table for notebooks: times as m:ss.ff, codes as labels."""
        if not len(self):
            return "<p>No events yet.</p>"
        rows = []
        for event in self.to_records():
            time = format_time(event["onset"])
            if event["offset"] > event["onset"]:
                time += f" to {format_time(event['offset'])}"
            colour = self.scheme.colour_of(event["code"])
            rows.append(
                f"<tr><td>{html.escape(event['clip'])}</td><td>{html.escape(event['coder'])}</td>"
                f"<td>{time}</td>"
                f'<td style="border-left:6px solid {colour};text-align:left">'
                f"{html.escape(self.scheme.label_of(event['code']))}</td>"
                f"<td>{html.escape(event['subject'])}</td>"
                f'<td style="text-align:left">{html.escape(event["note"])}</td></tr>'
            )
        return (
            f"<p>{len(self)} events ({html.escape(self.scheme.label)})</p>"
            "<table><thead><tr><th>clip</th><th>coder</th><th>time</th><th>code</th>"
            "<th>subject</th><th>note</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        )


def _validated_frame(
    rows: list[RawRow],
    scheme: Scheme,
    duration: float | None,
    source: str | Path | None,
    unit: str,
) -> pd.DataFrame:
    events: list[Event] = []
    problems: list[Problem] = []
    first_row_of_id: dict[str, int] = {}
    for line, values in rows:
        event, found = normalise_event(values, scheme, duration=duration, line=line)
        problems += found
        if event is None:
            continue
        if event["id"] in first_row_of_id:
            problems.append(
                Problem(
                    f"the id '{event['id']}' is used twice (first in {unit} "
                    f"{first_row_of_id[event['id']]})",
                    line,
                    "id",
                )
            )
            continue
        first_row_of_id[event["id"]] = line
        events.append(event)
    if not problems:
        problems = link_problems(events, [first_row_of_id[e["id"]] for e in events])
    if problems:
        raise CodingError(source, problems, unit=unit)
    return _sorted(_frame(events))


def _frame(events: list[Event]) -> pd.DataFrame:
    data: dict[str, Any] = {
        column: pd.Series([e[column] for e in events], dtype=object) for column in COLUMNS
    }
    frame = pd.DataFrame(data, columns=list(COLUMNS))
    frame[["onset", "offset"]] = frame[["onset", "offset"]].astype(float)
    typed: pd.DataFrame = frame
    return typed


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    ordered: pd.DataFrame = frame.sort_values(_SORT_ORDER, kind="stable").reset_index(drop=True)
    return ordered


def _scheme_for(
    rows: list[RawRow], scheme: Scheme | str | Path | None, source: Path, unit: str
) -> Scheme:
    """The scheme to check codes against, reconciled with the scheme named in the file."""
    named: dict[tuple[str, str], int] = {}
    for line, values in rows:
        scheme_id = values.get(SCHEME_COLUMNS[0])
        if is_blank(scheme_id):
            continue
        version = values.get(SCHEME_COLUMNS[1])
        key = (str(scheme_id).strip(), "" if is_blank(version) else str(version).strip())
        named.setdefault(key, line)
    if len({scheme_id for scheme_id, _ in named}) > 1:
        raise CodingError(
            source,
            [
                Problem(f"this row names scheme '{sid}'", line, "scheme")
                for (sid, _), line in named.items()
            ],
            hint="A coding file must use one scheme; split it into one file per scheme.",
            unit=unit,
        )
    if scheme is None:
        if not named:
            return load_scheme(DEFAULT_SCHEME)
        (scheme_id, _), line = next(iter(named.items()))
        if scheme_id not in builtin_schemes():
            raise CodingError(
                source,
                [
                    Problem(
                        f"the file was coded with scheme '{scheme_id}', which is not built in", line
                    )
                ],
                hint="Give the scheme's YAML file too (vigkit validate FILE --scheme PATH).",
                unit=unit,
            )
        scheme = scheme_id
    resolved = load_scheme(scheme)
    for (scheme_id, version), line in named.items():
        if scheme_id != resolved.id:
            raise CodingError(
                source,
                [
                    Problem(
                        f"the file was coded with scheme '{scheme_id}' but is being read with "
                        f"'{resolved.id}'",
                        line,
                        "scheme",
                    )
                ],
                hint=f"Read it with scheme '{scheme_id}'.",
                unit=unit,
            )
        if version and version != resolved.version:
            warnings.warn(
                f"{source}: coded with {scheme_id} version {version}, checked against version "
                f"{resolved.version}",
                VigkitWarning,
                stacklevel=4,
            )
    return resolved


def _plain(value: Any) -> Any:
    """numpy scalars to Python ones, for JSON and CSV."""
    return value.item() if hasattr(value, "item") else value

"""What every file format shares: one error kind that names the file and the element,
turning other tools' code names into scheme codes, and building a ``Coding`` all at once
(nothing is partially imported)."""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..coding.events import normalise_event
from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..core.errors import Problem, ProblemsError, VigkitError, VigkitWarning
from ..core.limits import safe_load_yaml
from ..core.textfile import read_text_file


class FormatError(ProblemsError):
    """A file from (or for) another tool is malformed, or names codes the scheme lacks.

    Each problem names the element it is about (a tier, an annotation, an event, a cue, a
    cell), and the line where the format has lines."""

    kind = "file"


@dataclass(frozen=True)
class Exported:
    """A file written for another tool, and what that tool's format could not hold: plain
    sentences for the person exporting (shown by ``vigkit export``)."""

    path: Path
    lost: tuple[str, ...] = ()


@dataclass(frozen=True)
class Located:
    """One imported event before it is checked: its values and where it came from."""

    values: dict[str, Any]
    element: str  # e.g. "tier 'T07', annotation a12" or "cue 4" or "row 7"
    line: int | None = None


@dataclass(frozen=True)
class CodeMap:
    """How another tool's code names map to scheme codes.

    A name maps through ``names`` first (a mapping file), then as a scheme id or label in
    any letter case (``Scheme.resolve``). A name mapped to ``""`` is skipped on purpose
    (e.g. an ELAN tier of comments)."""

    names: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None

    @classmethod
    def of(cls, codes: CodeMap | str | Path | None) -> CodeMap:
        """The map given, or loaded from its file, or the empty one (what readers accept)."""
        if codes is None:
            return cls()
        return codes if isinstance(codes, CodeMap) else cls.load(codes)

    @classmethod
    def load(cls, path: str | Path) -> CodeMap:
        """A mapping file: CSV or TSV with two columns (``name,code``, header optional),
        or YAML ``name: code`` lines."""
        target = Path(path)
        text = read_text_file(target, FormatError)
        if target.suffix.lower() in (".yaml", ".yml"):
            return cls(_yaml_map(text, target), str(target))
        return cls(_table_map(text, target), str(target))

    def code_for(self, name: str, scheme: Scheme) -> str | None:
        """The scheme code for ``name`` ("" when mapped to skip), or None if unknown."""
        if name in self.names:
            return self.names[name]
        folded = {k.casefold(): v for k, v in self.names.items()}
        if name.strip().casefold() in folded:
            return folded[name.strip().casefold()]
        return scheme.resolve(name.strip())


#: What to do about names that are not codes of the scheme (added to such errors).
CODES_HINT = (
    "Names that are not codes of the scheme can be mapped with a mapping file: one "
    "'their name,scheme code' pair per line (codes=... or --codes FILE); map a name to "
    "nothing to leave it out."
)
_UNKNOWN_MARK = "is not a code of"


def warn_links_left_out(coding: Coding, target: Path, format_name: str) -> None:
    """Say, once per file, that a format without links leaves out which tag answers which."""
    linked = sum(bool(answers) for answers in coding.events["answers"])
    if linked:
        warnings.warn(
            f"{target}: {format_name} files cannot hold which tag answers which, so the "
            f"{linked} link{'' if linked == 1 else 's'} between initiatives and receptions "
            f"{'is' if linked == 1 else 'are'} left out (a CSV or JSON Lines copy keeps them)",
            VigkitWarning,
            stacklevel=3,
        )


def scheme_problems(
    data: Mapping[str, Any] | None, scheme: Scheme, source: Path, data_format: int
) -> list[Problem]:
    """A file the kit wrote names its scheme (and its data format): another scheme is a
    problem, another version a warning, a newer data format a problem."""
    if data is None:
        return []
    if isinstance(data.get("format"), int) and data["format"] > data_format:
        return [Problem(f"the vigkit data is format {data['format']}; update vigkit to read it")]
    if data.get("scheme") not in (None, scheme.id):
        return [
            Problem(
                f"the file was written with scheme '{data['scheme']}' but is being read with "
                f"'{scheme.id}'"
            )
        ]
    version = data.get("scheme_version")
    if version not in (None, scheme.version):
        warnings.warn(
            f"{source}: written with {scheme.id} version {version}, checked against version "
            f"{scheme.version}",
            VigkitWarning,
            stacklevel=4,
        )
    return []


def unknown_code(name: str, scheme: Scheme, element: str) -> str:
    """The problem text for a code the scheme lacks, with a "did you mean"."""
    suggestion = scheme.suggest(name)
    hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
    return f"{element}: '{name}' {_UNKNOWN_MARK} {scheme.id}{hint}"


def build_coding(
    located: Iterable[Located],
    scheme: Scheme,
    source: str | Path,
    *,
    duration: float | None = None,
    problems: Iterable[Problem] = (),
    hint: str = "",
) -> Coding:
    """Check every event (with the problems found while reading) and build the coding,
    or raise one :class:`FormatError` listing them all: nothing is half imported. Unknown
    codes get :data:`CODES_HINT` after ``hint``."""
    located = list(located)
    found = list(problems) + _repeated_ids(located)
    rows: list[dict[str, Any]] = []
    for item in located:
        event, trouble = normalise_event(item.values, scheme, duration=duration)
        for problem in trouble:
            column = f" ({problem.column})" if problem.column else ""
            found.append(Problem(f"{item.element}{column}: {problem.message}", item.line))
        if event is not None:
            rows.append(event)
    if found:
        if any(_UNKNOWN_MARK in problem.message for problem in found):
            hint = "\n".join(h for h in (hint, CODES_HINT) if h)
        raise FormatError(source, found, hint=hint)
    return Coding(rows, scheme, duration=duration, source=source)


def _repeated_ids(located: list[Located]) -> list[Problem]:
    """Ids given twice (e.g. a copied row or cue), each named with where it came first."""
    first_of: dict[str, str] = {}
    problems: list[Problem] = []
    for item in located:
        event_id = item.values.get("id")
        if not isinstance(event_id, str) or not event_id.strip():
            continue
        key = event_id.strip()
        if key in first_of:
            problems.append(
                Problem(
                    f"{item.element} (id): the id '{key}' is used twice (first in {first_of[key]})",
                    item.line,
                )
            )
        first_of.setdefault(key, item.element)
    return problems


def _table_map(text: str, path: Path) -> dict[str, str]:
    first_line = text.splitlines()[0] if text.strip() else ""
    dialect = "excel-tab" if "\t" in first_line else "excel"
    names: dict[str, str] = {}
    problems: list[Problem] = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect=dialect), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if number == 1 and [c.strip().lower() for c in row[:2]] == ["name", "code"]:
            continue
        if len(row) != 2:
            problems.append(Problem(f"expected two columns (name, code), got {len(row)}", number))
            continue
        names[row[0].strip()] = row[1].strip()
    if problems:
        raise FormatError(path, problems, unit="row")
    return names


def _yaml_map(text: str, path: Path) -> dict[str, str]:
    import yaml

    try:
        data = safe_load_yaml(text)
    except yaml.YAMLError as error:
        raise VigkitError(f"code mapping {path}: not valid YAML ({error})") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str | None) for k, v in data.items()
    ):
        raise VigkitError(f"code mapping {path}: write one 'their name: scheme code' pair per line")
    return {k.strip(): (v or "").strip() for k, v in data.items()}

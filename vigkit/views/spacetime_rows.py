"""Who the space-time view shows: each coder's coding in drawing order, their row and
marker shape, and the legend that names codes and coders (plain data and HTML, no widgets)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..agreement.comparison import Comparison
from ..agreement.group import GroupComparison
from ..coding.scheme import Scheme
from ..coding.table import Coding
from ..core.errors import VigkitError

#: Marker shapes for coders, in order: (ipyvolume marker, symbol, name for the legend).
MARKERS: tuple[tuple[str, str, str], ...] = (
    ("sphere", "●", "balls"),
    ("box", "■", "cubes"),
    ("diamond", "◆", "diamonds"),
    ("triangle_2d", "▲", "triangles"),
    ("cylinder", "▮", "cylinders"),
)

Source = Comparison | GroupComparison | Coding | Sequence[Coding]


@dataclass(frozen=True, eq=False)
class CoderRow:
    """One coder's row: the name shown, the marker, where the row is, and the tags."""

    name: str
    marker: str
    symbol: str
    shape: str
    row: int
    codes: tuple[str, ...]
    onsets: npt.NDArray[np.float64]
    offsets: npt.NDArray[np.float64]


def codings_of(source: Source) -> tuple[Scheme, list[tuple[str, Coding]]]:
    """The scheme and each coder's coding, in the order their rows are drawn (top first):
    the coder then the reference for a comparison, the reference first for a group."""
    if isinstance(source, Comparison):
        reference = source.reference_name
        if reference == source.coder_name:
            reference = f"{reference} (reference)"
        pairs = [(source.coder_name, source.coder), (reference, source.reference)]
        return source.scheme, pairs
    if isinstance(source, GroupComparison):
        return _group_codings(source)
    if isinstance(source, Coding):
        return source.scheme, _by_coder([source])
    if isinstance(source, Sequence) and not isinstance(source, str):
        codings = list(source)
        if not codings or not all(isinstance(c, Coding) for c in codings):
            raise VigkitError(
                "give the SpaceTimeView a comparison, a coding or a list of codings "
                "(a list must hold at least one coding and nothing else)"
            )
        _same_scheme(codings)
        return codings[0].scheme, _by_coder(codings)
    raise VigkitError(
        f"the SpaceTimeView cannot show a {type(source).__name__}: give it a comparison "
        "(vigkit.compare or vigkit.compare_many), a coding or a list of codings"
    )


def _group_codings(group: GroupComparison) -> tuple[Scheme, list[tuple[str, Coding]]]:
    comparisons = list(group.against_reference.values())
    if group.codings:
        order = [group.reference] if group.reference in group.codings else []
        order += [c for c in group.coders if c in group.codings and c not in order]
        pairs = [(name, group.codings[name]) for name in order if name is not None]
    elif comparisons:
        first = comparisons[0]
        pairs = [(first.reference_name, first.reference)]
        pairs += [(c.coder_name, c.coder) for c in comparisons]
    else:
        raise VigkitError("this group comparison holds no codings to show")
    scheme = comparisons[0].scheme if comparisons else pairs[0][1].scheme
    return scheme, _unique(pairs)


def _by_coder(codings: Iterable[Coding]) -> list[tuple[str, Coding]]:
    pairs = [(name, coding.filter(coder=name)) for coding in codings for name in coding.coders]
    return _unique(pairs)


def _unique(pairs: list[tuple[str, Coding]]) -> list[tuple[str, Coding]]:
    """Coders named twice (two codings by one pseudonym) get "(2)", "(3)" after the name."""
    seen: dict[str, int] = {}
    named = []
    for name, coding in pairs:
        seen[name] = seen.get(name, 0) + 1
        named.append((name if seen[name] == 1 else f"{name} ({seen[name]})", coding))
    if not named:
        raise VigkitError("there are no codings to show; tag the film first")
    return named


def _same_scheme(codings: Sequence[Coding]) -> None:
    schemes = {c.scheme.id for c in codings}
    if len(schemes) > 1:
        raise VigkitError(
            f"the codings use different schemes ({', '.join(sorted(schemes))}); a view "
            "can only show codings of one scheme"
        )


def coder_rows(named: Sequence[tuple[str, Coding]]) -> list[CoderRow]:
    """One row per coder, top first, each with its own marker shape."""
    rows = []
    for index, (name, coding) in enumerate(named):
        marker, symbol, shape = MARKERS[index % len(MARKERS)]
        events = coding.events
        rows.append(
            CoderRow(
                name=name,
                marker=marker,
                symbol=symbol,
                shape=shape,
                row=index,
                codes=tuple(str(code) for code in events["code"]),
                onsets=events["onset"].to_numpy(dtype=np.float64),
                offsets=events["offset"].to_numpy(dtype=np.float64),
            )
        )
    return rows


def legend_html(scheme: Scheme, rows: Sequence[CoderRow]) -> str:
    """The legend: each code's colour and label, and each coder's shape and row."""
    used = {code for row in rows for code in row.codes}
    codes = []
    for category in scheme.categories:
        mine = [b.label for b in category.behaviours if b.id in used]
        if category.id not in used and not mine:
            continue
        label = html.escape(category.label)
        if mine:
            label += ": " + html.escape(", ".join(mine))
        codes.append(
            f'<li><span class="vigkit-spacetime-swatch" style="display:inline-block;'
            f"width:0.9em;height:0.9em;margin-right:0.4em;vertical-align:middle;"
            f'background:{category.colour}"></span>{label}</li>'
        )
    coders = []
    for row in rows:
        tags = len(row.codes)
        count = f"{tags} tag{'' if tags == 1 else 's'}" if tags else "no tags"
        coders.append(
            f'<li><span aria-hidden="true">{row.symbol}</span> <b>{html.escape(row.name)}</b>: '
            f"{row.shape}, {_row_words(row.row, len(rows))} ({count})</li>"
        )
    codes_html = "".join(codes) or "<li>No tags yet.</li>"
    return (
        '<div class="vigkit-spacetime-legend" style="display:flex;gap:2.5em;flex-wrap:wrap">'
        f'<div><b>Codes</b> (colour)<ul style="list-style:none;padding-left:0;margin:0.2em 0">'
        f"{codes_html}</ul></div>"
        '<div><b>Coders</b> (shape and row above the block)<ul style="list-style:none;'
        f'padding-left:0;margin:0.2em 0">{"".join(coders)}</ul></div></div>'
    )


def _row_words(row: int, rows: int) -> str:
    if rows == 1:
        return "the row above the block"
    if row == 0:
        return "top row"
    if row == rows - 1:
        return "bottom row, just above the block"
    return f"row {row + 1} from the top"

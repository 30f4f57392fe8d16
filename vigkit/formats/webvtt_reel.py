"""The captions of a shared-review reel (:func:`write_reel_vtt`), timed in the reel's own time
line by :func:`vigkit.media.reel.reel_layout`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..coding.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from ..coding.workspace import Workspace
from ..core.atomic import atomic_write_text
from ..media.reel import check_reel_request, principle_label, reel_layout
from ..privacy.ledger import note_made
from .webvtt_text import escaped, timestamp

if TYPE_CHECKING:
    from ..media.moment import Moment


def write_reel_vtt(
    moments: Sequence[Moment],
    path: str | Path,
    *,
    title: str | None = None,
    hold_still: float = 0.0,
    fps: float = 25,
    scheme: str | Path | Scheme = DEFAULT_SCHEME,
    title_seconds: float = 3.0,
    workspace: Workspace | str | Path | None = None,
) -> Path:
    """Captions for the reel :func:`vigkit.media.reel.reel` makes from the same arguments,
    timed in the reel (title card first, each moment with its hold); return the path.

    Each cue shows what the moment's burned-in band says (principle, then the guider's
    words), so the reel can be captioned or read aloud by a screen reader.
    """
    codes = load_scheme(scheme)
    spans = _reel_spans(moments, title, hold_still, fps, title_seconds, codes)
    blocks = ["WEBVTT - vigkit shared-review reel"]
    for number, (start, end, lines) in enumerate(spans, start=1):
        blocks.append(
            "\n".join(
                [f"{number}", f"{timestamp(start)} --> {timestamp(end)}", *map(escaped, lines)]
            )
        )
    atomic_write_text(Path(path), "\n\n".join(blocks) + "\n")
    note_made(path, [m.source for m in moments], "captions", workspace=workspace)
    return Path(path)


def _reel_spans(
    moments: Sequence[Moment],
    title: str | None,
    hold_still: float,
    fps: float,
    title_seconds: float,
    scheme: Scheme,
) -> list[tuple[int, int, list[str]]]:
    """(start ms, end ms, lines) of the title and of each captioned moment, laid out by
    the reel's own :func:`reel_layout`."""
    check_reel_request(moments, scheme, hold_still=hold_still, fps=fps, title_seconds=title_seconds)
    spans: list[tuple[int, int, list[str]]] = []
    for span in reel_layout(
        moments, title=title, hold_still=hold_still, fps=fps, title_seconds=title_seconds
    ):
        if span.moment is None:
            lines = [line for line in str(title).splitlines() if line.strip()]
        else:
            lines = _band_lines(span.moment, scheme)
        if lines:
            spans.append((_ms(span.start_frame, fps), _ms(span.end_frame, fps), lines))
    return spans


def _ms(frames: int, fps: float) -> int:
    """A frame count as whole milliseconds of the reel."""
    return round(frames / fps * 1000)


def _band_lines(moment: Moment, scheme: Scheme) -> list[str]:
    """What the moment's caption band shows: the principle, then the guider's words."""
    lines = [principle_label(scheme, moment.code)] if moment.code else []
    if moment.caption:
        lines += [line for line in moment.caption.splitlines() if line.strip()]
    return lines

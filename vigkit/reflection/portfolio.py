"""The supervision portfolio: a practice record as one self-contained HTML file (or a PDF).

``export(record, out)`` writes the helping question, the TME chart (inline SVG) and
table, and per cycle the film, the chosen moments, the reflections, a summary of the
practitioner's coding, the agreement with a supervisor's coding where there is one, and
the supervisor's comments. Nothing is loaded from elsewhere: CSS and the chart are
inline, and stills (only with ``include_stills=True``) are embedded as small JPEGs.
``fmt="pdf"`` prints the same page with headless Chromium. See docs/portfolio.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from ..coding.table import Coding
from ..coding.workspace import Workspace
from ..core.atomic import atomic_write_text
from ..core.errors import VigkitError
from ..privacy.ledger import note_made
from .portfoliohtml import NO_STILLS, render_html, stills_sentence
from .portfolioinputs import cycle_clip, resolve_film
from .portfoliopdf import CHROMIUM_ENV, _write_pdf, find_chromium
from .recorddata import PracticeRecord
from .stagetargets import StageTargets

Format = Literal["html", "pdf"]


def export(
    record: PracticeRecord,
    out: str | Path,
    fmt: Format = "html",
    *,
    workspace: Workspace | str | Path | None = None,
    include_stills: bool = False,
    codings: Mapping[str, Coding] | None = None,
    references: Mapping[str, Coding] | None = None,
    override: str | None = None,
    blur_faces: bool = False,
    targets: StageTargets | str | Path | None = None,
) -> Path:
    """Write ``record``'s portfolio to ``out`` (HTML, or PDF via headless Chromium).

    ``codings`` maps a clip id to the practitioner's coding of it and ``references`` to a
    supervisor's; missing ones are looked for in ``workspace`` and, for practice films,
    beside the film (``CLIP.reference.csv``). Stills are embedded only when
    ``include_stills`` is true, and only from films consented for a ``portfolio``
    (``override``: a logged reason to go ahead; ``blur_faces`` blurs every face in them).
    A trainee guider's portfolio shows their accreditation stages against ``targets`` (a
    service's stage targets file; default AVIGuk's). Written atomically; returns ``out``.
    """
    if fmt not in ("html", "pdf"):
        raise VigkitError(f"the portfolio format must be 'html' or 'pdf', not {fmt!r}")
    if not isinstance(record, PracticeRecord):
        raise VigkitError("export() needs a PracticeRecord (use vigkit.reflection.load_record)")
    ws = (
        workspace
        if isinstance(workspace, Workspace) or workspace is None
        else _open_workspace(Path(workspace))
    )
    target = Path(out)
    text = render_html(
        record,
        workspace=ws,
        include_stills=include_stills,
        codings=codings or {},
        references=references or {},
        override=override,
        blur_faces=blur_faces,
        targets=targets,
    )
    if fmt == "html":
        atomic_write_text(target, text)
    else:
        _write_pdf(text, target)
    if include_stills:
        films = [resolve_film(c.film or cycle_clip(c), ws) for c in record.cycles]
        note_made(target, [f for f in films if f is not None], "portfolio", workspace=ws,
                  faces_blurred=blur_faces)  # fmt: skip
    return target


def _open_workspace(path: Path) -> Workspace:
    if not path.is_dir():
        raise VigkitError(f"{path}: there is no workspace folder here")
    return Workspace(path)


__all__ = [
    "CHROMIUM_ENV",
    "NO_STILLS",
    "Format",
    "cycle_clip",
    "export",
    "find_chromium",
    "render_html",
    "resolve_film",
    "stills_sentence",
]

"""Notebook 06, reflect and track: your practice record (:func:`my_record`, shown in
plain words by :class:`MyRecord`), :func:`add_target`, :func:`targets_chart` and
:func:`export_portfolio`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..views.figures import Picture
from .note import Note, WorkspaceLike, _done, _shown, _workspace

if TYPE_CHECKING:
    from ..reflection import PracticeRecord

#: The step of notebook 06 where a target is added.
TARGET_STEP = 4
#: The most cycles a record is given here (AVIGuk's stage 3 has twelve supervised cycles).
MAX_CYCLES = 24
KIND_NAMES = {
    "verp": "VERP (Video Enhanced Reflective Practice)",
    "vig-trainee": "VIG, as a guider in training",
    "vig-client": "VIG (Video Interaction Guidance)",
}

__all__ = [
    "KIND_NAMES",
    "MAX_CYCLES",
    "TARGET_STEP",
    "MyRecord",
    "add_target",
    "export_portfolio",
    "my_record",
    "targets_chart",
]


# ---------------------------------------------------------------- 06: the practice record
@dataclass(frozen=True, repr=False)
class MyRecord:
    """Your practice record file in the workspace; ``record`` reads it as it is now
    (the forms save into the same file)."""

    path: Path
    workspace: Workspace
    notes: tuple[str, ...] = ()

    @property
    def record(self) -> PracticeRecord:
        """The record as it is on disk now."""
        from ..reflection import load_record

        return load_record(self.path)

    def summary(self) -> Note:
        """The record in plain words: the helping question, each cycle and the targets."""
        record = self.record
        question = (
            f"Your helping question: “{record.helping_question.strip()}”"
            if record.helping_question.strip()
            else "Your helping question: not written yet – you can write it in the next step."
        )
        cycles = [
            f"- Cycle {c.number}: "
            + (f"film {Path(c.film).name}" if c.film else "no film yet")
            + f"; {_done(len(c.moments), 'moment', 'chosen')}"
            + f"; {_done(len(c.reflections), 'reflection', 'written')}"
            for c in record.cycles
        ]
        if record.targets:
            targets = "Your targets (TME):\n" + "\n".join(
                f"- {t.description}: {t.baseline} at the start, hoped for {t.hoped_for}"
                + (f", {_latest_rating(t.ratings)} now" if any(t.ratings) else "")
                for t in record.targets
            )
        else:
            targets = f"Your targets (TME): none yet – you can add one in step {TARGET_STEP}."
        return Note(
            f"Your practice record – {KIND_NAMES.get(record.kind, record.kind)} – is kept in "
            f"your workspace as `{_shown(self.path, self.workspace)}`. What you write below is "
            "saved there as you type.",
            question,
            "Your cycles:\n" + "\n".join(cycles),
            targets,
            *self.notes,
        )

    def __repr__(self) -> str:
        return self.summary().text

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()


def _latest_rating(ratings: Sequence[int | None]) -> int | None:
    return next((r for r in reversed(ratings) if r is not None), None)


def my_record(
    practitioner: str,
    kind: str = "verp",
    *,
    cycle: int = 1,
    workspace: WorkspaceLike = None,
) -> MyRecord:
    """Your practice record, made (of ``kind``, with three cycles or up to ``cycle``) if
    you have none yet, with cycles added up to ``cycle`` if it has fewer."""
    from ..reflection import KINDS, add_cycle, load_record, new_record, record_path, save_record

    if kind not in KINDS:
        raise VigkitError(
            f"'{kind}' is not a kind of practice the kit knows: set KIND to one of "
            f"{', '.join(KINDS)}"
        )
    if isinstance(cycle, bool) or not isinstance(cycle, int) or not 1 <= cycle <= MAX_CYCLES:
        raise VigkitError(f"CYCLE must be a whole number from 1 to {MAX_CYCLES}, not {cycle!r}")
    ws = _workspace(workspace)
    path = record_path(ws, practitioner)
    notes: list[str] = []
    if not path.is_file():
        save_record(new_record(practitioner, kind, cycles=max(3, cycle)), path)
        return MyRecord(path, ws)
    record = load_record(path)
    if record.kind != kind:
        notes.append(
            f"Your record was started as a record of {KIND_NAMES.get(record.kind, record.kind)}"
            f" and stays one (KIND = '{kind}' is used only when a record is first made)."
        )
    added = cycle - len(record.cycles)
    for _ in range(added):
        record = add_cycle(record)
    if added > 0:
        save_record(record, path)
        first = len(record.cycles) - added + 1
        which = f"Cycle {cycle} was" if added == 1 else f"Cycles {first} to {cycle} were"
        notes.append(f"{which} added to your record.")
    return MyRecord(path, ws, tuple(notes))


def add_target(record: MyRecord, description: str | None, *, start: int, hoped_for: int) -> Note:
    """Add a TME target in your own words, rated ``start`` now and ``hoped_for`` where
    you hope it gets to; nothing is added for an empty description or one you have."""
    from ..reflection import add_target as add
    from ..reflection import save_record

    text = " ".join((description or "").split())
    if not text:
        return Note(
            "No target added. To add one, write it in NEW_TARGET in your settings at the top "
            '(for example NEW_TARGET = "I wait after a question before I speak again"), '
            "choose TARGET_START and TARGET_HOPED_FOR, and run the notebook again."
        )
    current = record.record
    if any(t.description.casefold() == text.casefold() for t in current.targets):
        return Note(
            f"“{text}” is already one of your targets, so nothing was added. Change its "
            "ratings with the sliders in the next step."
        )
    low, high = current.scale.low, current.scale.high
    numbers = (start, hoped_for)
    if any(isinstance(n, bool) or not isinstance(n, int) or not low <= n <= high for n in numbers):
        return Note(
            f"Not added yet: TARGET_START and TARGET_HOPED_FOR must be whole numbers from "
            f"{low} to {high} (they are {start!r} and {hoped_for!r})."
        )
    if start == hoped_for:
        return Note(
            "Not added yet: TARGET_HOPED_FOR must differ from TARGET_START – where would you "
            "like it to be after your cycles?"
        )
    save_record(add(current, text, start, hoped_for), record.path)
    return Note(
        f"Added your target “{text}”: {start} now, hoped for {hoped_for}. Rate it after each "
        "cycle in the next step."
    )


def targets_chart(record: MyRecord) -> Picture | Note:
    """How each TME target has moved since the start, against its hoped-for level."""
    from ..reflection import tme_figure

    current = record.record
    if not current.targets:
        return Note(
            f"You have no targets yet – add one in step {TARGET_STEP}, and the chart will show "
            "how it moves from cycle to cycle."
        )
    described = "; ".join(
        f"{t.description}: {t.baseline} at the start, hoped for {t.hoped_for}"
        + "".join(
            f", {r} after cycle {n}" for n, r in enumerate(t.ratings, start=1) if r is not None
        )
        for t in current.targets
    )
    return Picture(tme_figure(current), f"How each target has moved since the start: {described}.")


def export_portfolio(record: MyRecord, *, include_stills: bool = False) -> Note:
    """Your portfolio as one HTML page in ``exports/PRACTITIONER-portfolio.html``; stills
    from your films only when ``include_stills`` is true."""
    from ..reflection.portfolio import export

    current = record.record
    out = record.workspace.exports_dir / f"{current.practitioner}-portfolio.html"
    export(current, out, workspace=record.workspace, include_stills=include_stills)
    stills = (
        "Stills of your chosen moments are included, as you asked: share it only as your "
        "consent allows."
        if include_stills
        else "It holds no pictures from your films: stills are only included when you ask "
        "for them (INCLUDE_STILLS = True in your settings)."
    )
    return Note(
        f"Your portfolio is saved in your workspace as `{_shown(out, record.workspace)}`: one "
        "page to take to supervision. To open it, right-click it in the file browser and "
        "choose Open in New Browser Tab; your browser can print it or save it as a PDF.",
        stills,
        "It shows your pseudonym, never your name. Read your reflections through before you "
        "share it.",
    )

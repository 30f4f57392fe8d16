"""The moment picker: a coding's events ticked into a cycle's review, and the cycle's reel.

The picker keeps to the reel rules of a shared review (:mod:`vigkit.media.reviewrules`):
ticked moments are numbered as the review will show them (in film order), and a warning
says, as moments are ticked, when there are more than 3 clips or a clip is longer than
10 s. A warning never stops the reel being made."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from ..coding.table import Coding
from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..core.timecode import format_time
from ..media.reviewrules import MAX_CLIPS, MAX_SECONDS, reel_warnings, review_order
from .formbase import SAVE_DELAY, _Form, _heading, _wide
from .record import PracticeRecord, SelectedMoment, add_moment, remove_moment

#: A point event becomes a moment from this long before it ...
BEFORE = 2.0
#: ... to this long after it (clipped to the film).
AFTER = 3.0


class MomentPicker(_Form):
    """The coding's events, to tick into cycle ``cycle``'s review, each with a caption.

    A point event becomes a moment from :data:`BEFORE` seconds before it to
    :data:`AFTER` seconds after (clipped to ``film``); an event with a length keeps it.
    The caption is kept as the moment's ``working`` words. Ticked moments are numbered
    "Clip 1", "Clip 2" … in review order, and :attr:`rules` shows the reel rules'
    warnings live. "Make the reel" renders the chosen moments, in review order, from
    ``film`` into the workspace's ``exports`` folder.
    """

    def __init__(
        self,
        record_or_path: PracticeRecord | str | Path,
        cycle: int,
        coding: Coding,
        film: str | Path,
        workspace: Workspace | None = None,
        *,
        delay: float = SAVE_DELAY,
    ) -> None:
        super().__init__(record_or_path, workspace, delay)
        self.record.cycle(cycle)
        self.cycle = cycle
        self.coding = coding
        self.film = Path(film)
        self._duration = self._film_duration()
        events = coding.events
        self._moments: list[SelectedMoment] = []
        self.choose: list[Any] = []
        self.captions: list[Any] = []
        self._labels: list[str] = []
        existing = {_key(m): m for m in self.record.cycle(cycle).moments}
        rows: list[Any] = [
            _heading(f"Cycle {cycle}: moments for the review", 3),
            widgets.HTML(
                value=f"<p>A shared review usually shows up to {MAX_CLIPS} clips of about "
                f"{MAX_SECONDS:g} seconds each. The review shows them in the order of the "
                "film, numbered as you tick them.</p>"
            ),
        ]
        if events.empty:
            rows.append(widgets.HTML(value="<p>This coding has no events yet.</p>"))
        for event in events.to_dict("records"):
            moment = self._moment_of(event)
            self._moments.append(moment)
            chosen = existing.get(_key(moment))
            principle = coding.scheme.label_of(str(event["code"]))
            label = f"{format_time(float(event['onset']), 0)}  {principle}"
            self._labels.append(label)
            box = widgets.Checkbox(
                value=chosen is not None,
                description=label,
                indent=False,
                layout=widgets.Layout(width="26em"),
            )
            caption = widgets.Text(
                value=chosen.working if chosen is not None else "",
                placeholder="What is working here, in your words",
                disabled=chosen is None,
                layout=widgets.Layout(flex="1"),
            )
            box.observe(self._changed, names="value")
            caption.observe(self._changed, names="value")
            self.choose.append(box)
            self.captions.append(caption)
            rows.append(widgets.HBox([box, caption], layout=_wide()))
        self.make_reel_button = widgets.Button(
            description="Make the reel", icon="film", button_style="primary"
        )
        self.make_reel_button.on_click(lambda _button: self._make_reel_clicked())
        self.reel_status = widgets.HTML(value="")
        #: The reel rules' warnings for the ticked moments (empty when they keep to them).
        self.rules = widgets.HTML(value="")
        self._show_rules()
        rows += [
            self.rules,
            self.status,
            widgets.HBox([self.make_reel_button, self.reel_status]),
        ]
        self.widget = widgets.VBox(rows, layout=_wide())

    def _show_rules(self) -> None:
        """Number the ticked moments in review order and show the reel rules' warnings."""
        ticked = [index for index, box in enumerate(self.choose) if box.value]
        ordered = review_order([_Indexed(index, self._moments[index]) for index in ticked])
        numbers = {item.index: number for number, item in enumerate(ordered, start=1)}
        for index, box in enumerate(self.choose):
            number = numbers.get(index)
            label = self._labels[index]
            box.description = f"Clip {number}: {label}" if number is not None else label
        warnings = reel_warnings([self._moments[index] for index in ticked])
        self.rules.value = "".join(
            '<p class="vigkit-reel-rule" style="border-left:4px solid #E69F00;'
            f'padding:0.1em 0.6em;margin:0.3em 0">⚠ {html.escape(warning.text)}</p>'
            for warning in warnings
        )

    def _film_duration(self) -> float | None:
        from ..media.probe import probe

        try:
            return probe(self.film).duration
        except VigkitError:
            return self.coding.duration

    def _moment_of(self, event: Mapping[Any, Any]) -> SelectedMoment:
        onset = float(event["onset"])
        offset = event["offset"]
        offset = onset if offset is None or math.isnan(float(offset)) else float(offset)
        end_of_film = self._duration if self._duration is not None else math.inf
        if offset > onset:
            start, end = onset, min(offset, end_of_film)
        else:
            start, end = max(0.0, onset - BEFORE), min(onset + AFTER, end_of_film)
        if end <= start:  # an event at the very end of the film
            start, end = max(0.0, end - BEFORE - AFTER), max(end, 0.1)
        return SelectedMoment(str(event["clip"]), round(start, 3), round(end, 3), (event["code"],))

    @property
    def chosen(self) -> list[SelectedMoment]:
        """The moments ticked now, with their captions, in review order (the film's)."""
        return review_order(
            [
                SelectedMoment(m.clip, m.start, m.end, m.codes, str(caption.value).strip())
                for m, box, caption in zip(self._moments, self.choose, self.captions, strict=True)
                if box.value
            ]
        )

    @property
    def warnings(self) -> list[str]:
        """The reel rules' warnings for the ticked moments, in plain words."""
        return [warning.text for warning in reel_warnings(self.chosen)]

    def _changed(self, _change: dict[str, Any]) -> None:
        for box, caption in zip(self.choose, self.captions, strict=True):
            caption.disabled = not box.value
        self._show_rules()
        chosen = self.chosen
        keys = {_key(m) for m in self._moments}

        def edit(record: PracticeRecord) -> PracticeRecord:
            moments = record.cycle(self.cycle).moments
            for index in range(len(moments) - 1, -1, -1):
                if _key(moments[index]) in keys:  # ours: replaced below; others are kept
                    record = remove_moment(record, self.cycle, index)
            for moment in chosen:
                record = add_moment(record, self.cycle, moment)
            return record

        self._saver.change(edit)

    def reel_path(self) -> Path:
        """Where the reel goes: ``exports/PRACTITIONER-cycle-N-reel.mp4``."""
        name = f"{self.record.practitioner}-cycle-{self.cycle}-reel.mp4"
        return self.workspace.exports_dir / name

    def make_reel(self, *, use: str = "own-review", blur_faces: bool = False) -> Path:
        """Render the chosen moments (with their captions) into one film for ``use`` (as
        the film's consent allows); its path."""
        from ..media.reel import reel

        self.save()
        chosen = self.chosen
        if not chosen:
            raise VigkitError("tick at least one moment for the reel first")
        title = f"Cycle {self.cycle}"
        if self.record.helping_question.strip():
            title += "\n" + self.record.helping_question.strip()
        return reel(
            [m.to_moment(self.film) for m in chosen],
            self.reel_path(),
            title=title,
            scheme=self.coding.scheme,
            use=use,
            blur_faces=blur_faces,
            workspace=self.workspace,
        )

    def _make_reel_clicked(self) -> None:
        self.make_reel_button.disabled = True
        self.reel_status.value = "Making the reel…"
        try:
            path = self.make_reel()
        except VigkitError as error:
            message = " ".join(str(error).split())
            self.reel_status.value = f"Could not make the reel: {html.escape(message)}"
        else:
            self.reel_status.value = f"Reel saved: <code>{html.escape(str(path))}</code>"
        finally:
            self.make_reel_button.disabled = False


@dataclass(frozen=True)
class _Indexed:
    """A picker row's moment with its row number, to put rows in review order."""

    index: int
    moment: SelectedMoment

    @property
    def start(self) -> float:
        return self.moment.start

    @property
    def end(self) -> float:
        return self.moment.end


def _key(moment: SelectedMoment) -> tuple[str, float, float, tuple[str, ...]]:
    return moment.clip, round(moment.start, 3), round(moment.end, 3), moment.codes

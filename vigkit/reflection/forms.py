"""Forms for the practice record: reflections, TME ratings and moments for the review.

Plain ipywidgets. Every form saves the record as you work (through :func:`save_record`,
so the file is replaced atomically) and shows whether it is saved: "Saved 14:02",
"Saving…" or "Not saved: <reason>". A failed save never clears what was typed.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from ..coding.table import Coding
from ..coding.workspace import MARKER, Workspace
from ..core.errors import VigkitError
from ..core.timecode import format_time
from .prompts import PromptSet, load_prompts
from .record import (
    PracticeRecord,
    SelectedMoment,
    add_moment,
    edit_target,
    load_record,
    rate_target,
    record_path,
    remove_moment,
    save_record,
    set_helping_question,
    set_reflection,
)

#: Seconds to wait after the last change before saving (typing is saved in bursts).
SAVE_DELAY = 0.5
#: A point event becomes a moment from this long before it ...
BEFORE = 2.0
#: ... to this long after it (clipped to the film).
AFTER = 3.0

__all__ = ["AFTER", "BEFORE", "SAVE_DELAY", "MomentPicker", "ReflectionForm", "TMEForm"]

#: Held while a form reads, changes and writes a record file, so that two forms saving
#: at once (each on its own timer thread) never drop each other's changes.
_FILE_LOCK = threading.Lock()


def _workspace_of(path: Path) -> Workspace | None:
    """The workspace a record file sits in (``WORKSPACE/reflections/X.record.json``)."""
    root = path.resolve().parent.parent
    return Workspace(root) if (root / MARKER).exists() else None


class _Saver:
    """Holds the current record, saves it (debounced) and shows how saving went."""

    def __init__(
        self,
        record_or_path: PracticeRecord | str | Path,
        workspace: Workspace | None,
        delay: float,
    ) -> None:
        if isinstance(record_or_path, PracticeRecord):
            self.record = record_or_path
            self.workspace = workspace or Workspace()
            self.path = record_path(self.workspace, self.record.practitioner)
        else:
            self.path = Path(record_or_path)
            self.record = load_record(self.path)
            self.workspace = workspace or _workspace_of(self.path) or Workspace()
        self.delay = delay
        #: This form's changes not saved yet, re-applied to the file as it is at save time.
        self._pending: list[Callable[[PracticeRecord], PracticeRecord]] = []
        #: The record as this form last read or wrote it (used if the file is gone).
        self._saved = self.record
        self.status = widgets.Label(value="")
        self.status.add_class("vigkit-save-status")
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._dirty = False

    def change(self, edit: Callable[[PracticeRecord], PracticeRecord]) -> bool:
        """Apply ``edit`` to the record and save soon; False (and say why) if it failed."""
        with self._lock:
            try:
                self.record = edit(self.record)
            except VigkitError as error:
                self._show_error(error)
                return False
            self._pending.append(edit)
            self._dirty = True
            if self.delay <= 0:
                self.flush()
                return True
            self.status.value = "Saving…"
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.flush)
            self._timer.daemon = True
            self._timer.start()
            return True

    def flush(self) -> bool:
        """Save now if anything is waiting; True if everything is saved."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if not self._dirty:
                return not self.status.value.startswith("Not saved")
            try:
                with _FILE_LOCK:
                    # Another form on the same record (a ReflectionForm beside a TMEForm)
                    # may have saved since: apply this form's changes to the file as it is.
                    record = load_record(self.path) if self.path.is_file() else self._saved
                    for edit in self._pending:
                        record = edit(record)
                    save_record(record, self.path)
            except (OSError, VigkitError) as error:
                self._show_error(error)
                return False
            self.record = self._saved = record
            self._pending.clear()
            self._dirty = False
            self.status.value = f"Saved {dt.datetime.now():%H:%M}"
            return True

    def _show_error(self, error: Exception) -> None:
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            where = error.filename or self.path
            text = f"{reason} ({where})"
        else:
            text = " ".join(str(error).split())
        self.status.value = f"Not saved: {text}"


class _Form:
    """What the forms share: the record, saving, the indicator and display in Jupyter."""

    widget: Any

    def __init__(
        self,
        record_or_path: PracticeRecord | str | Path,
        workspace: Workspace | None,
        delay: float,
    ) -> None:
        self._saver = _Saver(record_or_path, workspace, delay)

    @property
    def record(self) -> PracticeRecord:
        """The record as it is now (including changes still waiting to be saved)."""
        return self._saver.record

    @property
    def path(self) -> Path:
        """The record file this form saves to."""
        return self._saver.path

    @property
    def workspace(self) -> Workspace:
        """The workspace the record belongs to."""
        return self._saver.workspace

    @property
    def status(self) -> Any:
        """The save indicator (an ipywidgets ``Label``)."""
        return self._saver.status

    def save(self) -> bool:
        """Save any waiting change now; True if everything is saved."""
        return self._saver.flush()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _heading(text: str, level: int = 4) -> Any:
    return widgets.HTML(value=f"<h{level}>{html.escape(text)}</h{level}>")


def _wide() -> Any:
    return widgets.Layout(width="100%")


# ---------------------------------------------------------------- reflections
class ReflectionForm(_Form):
    """The helping question and one text box per reflection prompt for ``cycle``.

    The prompts are the built-in set for the record's kind (``verp`` for VERP, otherwise
    ``vig-shared-review``) unless ``prompts`` names another set or YAML file.
    """

    def __init__(
        self,
        record_or_path: PracticeRecord | str | Path,
        cycle: int,
        workspace: Workspace | None = None,
        *,
        prompts: str | Path | PromptSet | None = None,
        delay: float = SAVE_DELAY,
    ) -> None:
        super().__init__(record_or_path, workspace, delay)
        record = self.record
        record.cycle(cycle)  # a clear error if there is no such cycle
        self.cycle = cycle
        if prompts is None:
            prompts = "verp" if record.kind == "verp" else "vig-shared-review"
        self.prompts = prompts if isinstance(prompts, PromptSet) else load_prompts(prompts)
        self.helping_question = widgets.Textarea(
            value=record.helping_question,
            placeholder="The question you are working on, in your own words",
            layout=widgets.Layout(width="100%", height="3.5em"),
        )
        self.helping_question.observe(self._question_changed, names="value")
        self.answers: dict[str, Any] = {}
        rows: list[Any] = [
            _heading(f"Cycle {cycle}: reflections", 3),
            _heading("My helping question"),
            self.helping_question,
        ]
        answers = record.cycle(cycle).reflections
        for prompt in self.prompts.for_cycle(record.kind, cycle):
            box = widgets.Textarea(
                value=answers.get(prompt.id, ""),
                placeholder=prompt.help or "",
                layout=widgets.Layout(width="100%", height="6em"),
            )
            box.observe(self._answer_changed(prompt.id), names="value")
            self.answers[prompt.id] = box
            rows += [_heading(prompt.text), box]
        rows.append(self.status)
        self.widget = widgets.VBox(rows, layout=_wide())

    def _question_changed(self, change: dict[str, Any]) -> None:
        text = str(change["new"])
        self._saver.change(lambda record: set_helping_question(record, text))

    def _answer_changed(self, prompt_id: str) -> Callable[[dict[str, Any]], None]:
        def changed(change: dict[str, Any]) -> None:
            text = str(change["new"])
            self._saver.change(lambda record: set_reflection(record, self.cycle, prompt_id, text))

        return changed


# ---------------------------------------------------------------- TME
class TMEForm(_Form):
    """One row per TME target: its baseline, hoped-for level and rating after each cycle.

    A cycle's rating starts as "not rated yet" until that box is unticked.
    """

    def __init__(
        self,
        record_or_path: PracticeRecord | str | Path,
        workspace: Workspace | None = None,
        *,
        delay: float = SAVE_DELAY,
    ) -> None:
        super().__init__(record_or_path, workspace, delay)
        record = self.record
        low, high = record.scale.low, record.scale.high
        #: ``target id -> {"baseline", "hoped_for", 1, 2, … -> IntSlider}``
        self.sliders: dict[str, dict[str | int, Any]] = {}
        #: ``target id -> {cycle -> "not rated yet" Checkbox}``
        self.not_rated: dict[str, dict[int, Any]] = {}
        rows: list[Any] = [_heading(f"My targets (rated {low} to {high})", 3)]
        if not record.targets:
            rows.append(widgets.HTML(value="<p>No targets yet.</p>"))
        for target in record.targets:
            sliders: dict[str | int, Any] = {}
            boxes: dict[int, Any] = {}
            lines: list[Any] = [_heading(target.description)]
            for name, label in (("baseline", "At the start"), ("hoped_for", "Hoped for")):
                slider = self._slider(label, getattr(target, name))
                slider.observe(self._level_changed(target.id, name), names="value")
                sliders[name] = slider
                lines.append(slider)
            for cycle in range(1, len(record.cycles) + 1):
                rating = target.rating(cycle)
                slider = self._slider(
                    f"After cycle {cycle}", target.baseline if rating is None else rating
                )
                slider.disabled = rating is None
                box = widgets.Checkbox(
                    value=rating is None, description="not rated yet", indent=False
                )
                slider.observe(self._rating_changed(target.id, cycle), names="value")
                box.observe(self._rating_changed(target.id, cycle), names="value")
                sliders[cycle], boxes[cycle] = slider, box
                lines.append(widgets.HBox([slider, box]))
            self.sliders[target.id] = sliders
            self.not_rated[target.id] = boxes
            rows.append(widgets.VBox(lines))
        rows.append(self.status)
        self.widget = widgets.VBox(rows, layout=_wide())

    def _slider(self, label: str, value: int) -> Any:
        scale = self.record.scale
        return widgets.IntSlider(
            value=value,
            min=scale.low,
            max=scale.high,
            step=1,
            description=label,
            continuous_update=False,
            style={"description_width": "8em"},
            layout=widgets.Layout(width="28em"),
        )

    def _level_changed(self, target_id: str, name: str) -> Callable[[dict[str, Any]], None]:
        def changed(change: dict[str, Any]) -> None:
            value = int(change["new"])
            self._saver.change(lambda record: edit_target(record, target_id, **{name: value}))

        return changed

    def _rating_changed(self, target_id: str, cycle: int) -> Callable[[dict[str, Any]], None]:
        def changed(_change: dict[str, Any]) -> None:
            slider = self.sliders[target_id][cycle]
            unrated = bool(self.not_rated[target_id][cycle].value)
            slider.disabled = unrated
            rating = None if unrated else int(slider.value)
            self._saver.change(lambda record: rate_target(record, target_id, cycle, rating))

        return changed


# ---------------------------------------------------------------- moments
class MomentPicker(_Form):
    """The coding's events, to tick into cycle ``cycle``'s review, each with a caption.

    A point event becomes a moment from :data:`BEFORE` seconds before it to
    :data:`AFTER` seconds after (clipped to ``film``); an event with a length keeps it.
    The caption is kept as the moment's ``working`` words. "Make the reel" renders the
    chosen moments from ``film`` into the workspace's ``exports`` folder.
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
        existing = {_key(m): m for m in self.record.cycle(cycle).moments}
        rows: list[Any] = [_heading(f"Cycle {cycle}: moments for the review", 3)]
        if events.empty:
            rows.append(widgets.HTML(value="<p>This coding has no events yet.</p>"))
        for event in events.to_dict("records"):
            moment = self._moment_of(event)
            self._moments.append(moment)
            chosen = existing.get(_key(moment))
            label = coding.scheme.label_of(str(event["code"]))
            box = widgets.Checkbox(
                value=chosen is not None,
                description=f"{format_time(float(event['onset']), 0)}  {label}",
                indent=False,
                layout=widgets.Layout(width="22em"),
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
        rows += [self.status, widgets.HBox([self.make_reel_button, self.reel_status])]
        self.widget = widgets.VBox(rows, layout=_wide())

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
        """The moments ticked now, with their captions, in the order of the film."""
        return [
            SelectedMoment(m.clip, m.start, m.end, m.codes, str(caption.value).strip())
            for m, box, caption in zip(self._moments, self.choose, self.captions, strict=True)
            if box.value
        ]

    def _changed(self, _change: dict[str, Any]) -> None:
        for box, caption in zip(self.choose, self.captions, strict=True):
            caption.disabled = not box.value
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

    def make_reel(self) -> Path:
        """Render the chosen moments (with their captions) into one film; its path."""
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


def _key(moment: SelectedMoment) -> tuple[str, float, float, tuple[str, ...]]:
    return moment.clip, round(moment.start, 3), round(moment.end, 3), moment.codes

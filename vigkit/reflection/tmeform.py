"""The TME form: per target, its baseline, hoped-for level and rating after each cycle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from ..coding.workspace import Workspace
from .formbase import SAVE_DELAY, _Form, _heading, _wide
from .record import PracticeRecord, edit_target, rate_target


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

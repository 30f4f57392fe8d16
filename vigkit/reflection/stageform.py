"""The stage form: a trainee guider's self-assessment for the stage they are in (or, once
every stage is signed off, their written reflection for the accreditation meeting), saved
as they type like the other record forms."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from ..coding.workspace import Workspace
from .formbase import SAVE_DELAY, _Form, _heading, _wide
from .record import PracticeRecord, set_accreditation_reflection, set_stage_assessment
from .stageprogress import stage_progress
from .stagetargets import StageTargets

NOT_A_TRAINEE = (
    "The accreditation stages are for trainee guiders (a record of kind 'vig-trainee'), so "
    "there is nothing to fill in here."
)


class StageForm(_Form):
    """One text box: the self-assessment for ``stage`` (default: the stage open now), or the
    written reflection for the accreditation meeting once every stage is signed off."""

    def __init__(
        self,
        record_or_path: PracticeRecord | str | Path,
        workspace: Workspace | None = None,
        *,
        stage: int | None = None,
        targets: StageTargets | str | Path | None = None,
        delay: float = SAVE_DELAY,
    ) -> None:
        super().__init__(record_or_path, workspace, delay)
        record = self.record
        self.text: Any = None
        if record.kind != "vig-trainee":
            self.stage: int | None = None
            self.widget = widgets.HTML(value=f"<p>{html.escape(NOT_A_TRAINEE)}</p>")
            return
        progress = stage_progress(record, targets)
        self.stage = progress.current if stage is None else progress.stage(stage).stage
        if self.stage is None:
            title = "Your written reflection for the accreditation meeting"
            value = record.accreditation_reflection
            hint = "Looking back over your stages: what have you learned about your guiding?"
        else:
            title = f"Your self-assessment for stage {self.stage}"
            value = progress.stage(self.stage).self_assessment
            hint = "What you do well now as a guider, with moments from your films, and what next."
        self.text = widgets.Textarea(
            value=value, placeholder=hint, layout=widgets.Layout(width="100%", height="9em")
        )
        self.text.observe(self._changed, names="value")
        self.widget = widgets.VBox([_heading(title, 3), self.text, self.status], layout=_wide())

    def _changed(self, change: dict[str, Any]) -> None:
        text = str(change["new"])
        stage = self.stage
        if stage is None:
            self._saver.change(lambda record: set_accreditation_reflection(record, text))
        else:
            self._saver.change(lambda record: set_stage_assessment(record, stage, text))

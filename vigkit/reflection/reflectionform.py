"""The reflection form: the helping question and one text box per prompt for a cycle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from ..coding.workspace import Workspace
from .formbase import SAVE_DELAY, _Form, _heading, _wide
from .prompts import PromptSet, load_prompts
from .record import PracticeRecord, set_helping_question, set_reflection


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

"""Reflection: the practice record, reflection prompts, TME and the forms to fill them in."""

import importlib
from typing import TYPE_CHECKING, Any

from .prompts import (
    Prompt,
    PromptsError,
    PromptSet,
    builtin_prompts,
    load_prompts,
    parse_prompts,
)
from .record import (
    KINDS,
    SCHEMA,
    Cycle,
    PracticeRecord,
    RecordError,
    SelectedMoment,
    SupervisorComment,
    add_comment,
    add_cycle,
    add_moment,
    add_target,
    dumps_record,
    edit_target,
    load_record,
    new_record,
    parse_record,
    rate_target,
    record_from_data,
    record_path,
    record_to_data,
    remove_moment,
    replace_moment,
    save_record,
    set_film,
    set_helping_question,
    set_reflection,
    set_self_assessment,
)
from .tme import (
    TmeError,
    TmeScale,
    TmeTarget,
    changes,
    first_reached,
    latest,
    progress,
    reached,
)
from .tmeprogress import tme_figure, tme_summary, tme_table

if TYPE_CHECKING:
    from .forms import MomentPicker, ReflectionForm, TMEForm

#: The forms need ipywidgets: loaded on first use, so that exports and the CLI start fast.
_FORMS = {"MomentPicker", "ReflectionForm", "TMEForm"}


def __getattr__(name: str) -> Any:
    """Import the forms (``ReflectionForm``, ``TMEForm``, ``MomentPicker``) on first use."""
    if name in _FORMS:
        return getattr(importlib.import_module(".forms", __name__), name)
    raise AttributeError(f"module 'vigkit.reflection' has no attribute {name!r}")


__all__ = [
    "KINDS",
    "SCHEMA",
    "Cycle",
    "MomentPicker",
    "PracticeRecord",
    "Prompt",
    "PromptSet",
    "PromptsError",
    "RecordError",
    "ReflectionForm",
    "SelectedMoment",
    "SupervisorComment",
    "TMEForm",
    "TmeError",
    "TmeScale",
    "TmeTarget",
    "add_comment",
    "add_cycle",
    "add_moment",
    "add_target",
    "builtin_prompts",
    "changes",
    "dumps_record",
    "edit_target",
    "first_reached",
    "latest",
    "load_prompts",
    "load_record",
    "new_record",
    "parse_prompts",
    "parse_record",
    "progress",
    "rate_target",
    "reached",
    "record_from_data",
    "record_path",
    "record_to_data",
    "remove_moment",
    "replace_moment",
    "save_record",
    "set_film",
    "set_helping_question",
    "set_reflection",
    "set_self_assessment",
    "tme_figure",
    "tme_summary",
    "tme_table",
]

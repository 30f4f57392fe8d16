"""Reflection: the practice record, reflection prompts, TME, the accreditation stages and the
forms to fill them in."""

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
    StageSignOff,
    StageWork,
    SupervisionSession,
    SupervisorComment,
    add_client,
    add_comment,
    add_cycle,
    add_moment,
    add_shared_film,
    add_supervision,
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
    remove_supervision,
    replace_moment,
    save_record,
    set_accreditation_reflection,
    set_cycle_client,
    set_cycle_dates,
    set_cycle_stage,
    set_film,
    set_helping_question,
    set_reflection,
    set_review_film,
    set_self_assessment,
    set_stage_assessment,
    sign_off_stage,
    withdraw_sign_off,
)
from .stagechart import stage_description, stage_figure, stage_table
from .stagecheck import StageCheck, stage_check
from .stageprogress import PathProgress, StageProgress, stage_progress
from .stagetargets import (
    StageTarget,
    StageTargets,
    StageTargetsError,
    builtin_targets,
    load_stage_targets,
    parse_stage_targets,
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
    from .forms import MomentPicker, ReflectionForm, StageForm, TMEForm

#: The forms need ipywidgets: loaded on first use, so that exports and the CLI start fast.
_FORMS = {"MomentPicker", "ReflectionForm", "StageForm", "TMEForm"}


def __getattr__(name: str) -> Any:
    """Import the forms (``ReflectionForm``, ``TMEForm``, ``MomentPicker``, ``StageForm``) on
    first use."""
    if name in _FORMS:
        return getattr(importlib.import_module(".forms", __name__), name)
    raise AttributeError(f"module 'vigkit.reflection' has no attribute {name!r}")


__all__ = [
    "KINDS",
    "SCHEMA",
    "Cycle",
    "MomentPicker",
    "PathProgress",
    "PracticeRecord",
    "Prompt",
    "PromptSet",
    "PromptsError",
    "RecordError",
    "ReflectionForm",
    "SelectedMoment",
    "StageCheck",
    "StageForm",
    "StageProgress",
    "StageSignOff",
    "StageTarget",
    "StageTargets",
    "StageTargetsError",
    "StageWork",
    "SupervisionSession",
    "SupervisorComment",
    "TMEForm",
    "TmeError",
    "TmeScale",
    "TmeTarget",
    "add_client",
    "add_comment",
    "add_cycle",
    "add_moment",
    "add_shared_film",
    "add_supervision",
    "add_target",
    "builtin_prompts",
    "builtin_targets",
    "changes",
    "dumps_record",
    "edit_target",
    "first_reached",
    "latest",
    "load_prompts",
    "load_record",
    "load_stage_targets",
    "new_record",
    "parse_prompts",
    "parse_record",
    "parse_stage_targets",
    "progress",
    "rate_target",
    "reached",
    "record_from_data",
    "record_path",
    "record_to_data",
    "remove_moment",
    "remove_supervision",
    "replace_moment",
    "save_record",
    "set_accreditation_reflection",
    "set_cycle_client",
    "set_cycle_dates",
    "set_cycle_stage",
    "set_film",
    "set_helping_question",
    "set_reflection",
    "set_review_film",
    "set_self_assessment",
    "set_stage_assessment",
    "sign_off_stage",
    "stage_check",
    "stage_description",
    "stage_figure",
    "stage_progress",
    "stage_table",
    "tme_figure",
    "tme_summary",
    "tme_table",
    "withdraw_sign_off",
]

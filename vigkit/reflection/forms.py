"""Forms for the practice record: reflections, TME ratings and moments for the review.

Plain ipywidgets. Every form saves the record as you work (through :func:`save_record`,
so the file is replaced atomically) and shows whether it is saved: "Saved 14:02",
"Saving…" or "Not saved: <reason>". A failed save never clears what was typed.

The forms live one to a module (``reflectionform``, ``tmeform``, ``momentpicker``,
``stageform``) over
``formbase``, which saves; this module is their public face.
"""

from .formbase import SAVE_DELAY
from .momentpicker import AFTER, BEFORE, MomentPicker
from .reflectionform import ReflectionForm
from .stageform import StageForm
from .tmeform import TMEForm

__all__ = [
    "AFTER",
    "BEFORE",
    "SAVE_DELAY",
    "MomentPicker",
    "ReflectionForm",
    "StageForm",
    "TMEForm",
]

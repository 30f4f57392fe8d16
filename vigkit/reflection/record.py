"""A practitioner's practice record: helping question, cycles, moments, reflections, TME.

The record is one pretty-printed JSON file per practitioner
(``WORKSPACE/reflections/PRACTITIONER.record.json``, format in docs/reflection.md),
written atomically. Records are immutable; the editing functions return a new record.

This module is the record's public face: the data and its rules live in ``recorddata``,
the editing functions in ``recordedit``, reading JSON data in ``recordreader`` and the
file in ``recordfile``.
"""

from .recorddata import (
    KINDS,
    RECORD_SUFFIX,
    SCHEMA,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    Cycle,
    PracticeRecord,
    Problems,
    RecordError,
    SelectedMoment,
    SupervisorComment,
    comment_problems,
    cycle_problems,
    moment_problems,
    record_problems,
)
from .recordedit import (
    add_comment,
    add_cycle,
    add_moment,
    add_target,
    edit_target,
    new_record,
    rate_target,
    remove_moment,
    replace_moment,
    set_film,
    set_helping_question,
    set_reflection,
    set_self_assessment,
)
from .recordfile import (
    dumps_record,
    load_record,
    parse_record,
    record_path,
    record_to_data,
    save_record,
)
from .recordreader import record_from_data

__all__ = [
    "KINDS",
    "RECORD_SUFFIX",
    "SCHEMA",
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "Cycle",
    "PracticeRecord",
    "Problems",
    "RecordError",
    "SelectedMoment",
    "SupervisorComment",
    "add_comment",
    "add_cycle",
    "add_moment",
    "add_target",
    "comment_problems",
    "cycle_problems",
    "dumps_record",
    "edit_target",
    "load_record",
    "moment_problems",
    "new_record",
    "parse_record",
    "rate_target",
    "record_from_data",
    "record_path",
    "record_problems",
    "record_to_data",
    "remove_moment",
    "replace_moment",
    "save_record",
    "set_film",
    "set_helping_question",
    "set_reflection",
    "set_self_assessment",
]

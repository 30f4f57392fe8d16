"""The practice record as a file: pretty-printed JSON written atomically, read and checked.

``WORKSPACE/reflections/PRACTITIONER.record.json``, format in docs/reflection.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..coding.events import check_name
from ..core.atomic import atomic_write_text
from ..core.errors import Problem
from ..core.limits import load_json
from ..core.textfile import read_text_file
from .recorddata import RECORD_SUFFIX, SCHEMA, PracticeRecord, RecordError, _raise
from .recordreader import record_from_data
from .stagefile import cycle_stage_data, record_stage_data

if TYPE_CHECKING:
    from ..coding.workspace import Workspace


def record_to_data(record: PracticeRecord) -> dict[str, Any]:
    """The record as plain JSON data, in the documented order (the accreditation fields
    only when they hold something, so other records stay as short as before)."""
    data = {
        "schema": SCHEMA,
        "practitioner": record.practitioner,
        "kind": record.kind,
        "helping_question": record.helping_question,
        "scheme": record.scheme,
        "tme": {
            "scale": {"low": record.scale.low, "high": record.scale.high},
            "targets": [
                {
                    "id": t.id,
                    "description": t.description,
                    "baseline": t.baseline,
                    "hoped_for": t.hoped_for,
                    "ratings": list(t.ratings),
                }
                for t in record.targets
            ],
        },
        "cycles": [
            {
                "number": c.number,
                "film": c.film,
                "moments": [
                    {
                        "clip": m.clip,
                        "start": m.start,
                        "end": m.end,
                        "codes": list(m.codes),
                        "working": m.working,
                        "stills": list(m.stills),
                    }
                    for m in c.moments
                ],
                "reflections": dict(c.reflections),
                "supervisor_comments": [
                    {"author": s.author, "text": s.text, "date": s.date.isoformat()}
                    for s in c.comments
                ],
                "self_assessment": dict(c.self_assessment),
                **cycle_stage_data(c),
            }
            for c in record.cycles
        ],
    }
    return {**data, **record_stage_data(record)}


def dumps_record(record: PracticeRecord) -> str:
    """The record as pretty-printed JSON text (UTF-8, non-ASCII kept readable)."""
    return _pretty(record_to_data(record)) + "\n"


def _pretty(value: Any, indent: str = "") -> str:
    """JSON indented by two spaces, with short lists of plain values kept on one line."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, inner)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return "[\n" + ",\n".join(inner + _pretty(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def save_record(record: PracticeRecord, path: str | Path) -> Path:
    """Write ``record`` to ``path`` atomically (the old file or the new, never half)."""
    target = Path(path)
    atomic_write_text(target, dumps_record(record))
    return target


def record_path(workspace: Workspace, practitioner: str) -> Path:
    """Where ``practitioner``'s record lives in ``workspace``."""
    _, reason = check_name(practitioner, "practitioner")
    if reason:
        _raise([("practitioner", reason + " (use a pseudonym, e.g. P07)")])
    return workspace.reflections_dir / f"{practitioner}{RECORD_SUFFIX}"


def load_record(path: str | Path) -> PracticeRecord:
    """Read a record, checking everything; every problem is reported with its JSON path."""
    source = Path(path)
    text = read_text_file(source, RecordError)
    return parse_record(text, source)


def parse_record(text: str, source: str | Path = "<text>") -> PracticeRecord:
    """Build a record from JSON text (see :func:`load_record`)."""
    try:
        data = load_json(text, source, RecordError)
    except json.JSONDecodeError as error:
        raise RecordError(
            source,
            [Problem(f"this is not valid JSON ({error.msg}, column {error.colno})", error.lineno)],
            hint="A missing comma or quote is the usual cause.",
        ) from None
    return record_from_data(data, source)

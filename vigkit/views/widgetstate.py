"""How many bytes a widget and every widget it holds send to the browser (JSON state and
binary buffers), to keep views small."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def widget_state_bytes(widget: Any) -> int:
    """Bytes of JSON state plus binary buffers of ``widget`` and every widget it holds."""
    import ipywidgets as widgets  # type: ignore[import-untyped]

    seen: set[str] = set()
    total = 0
    todo = [widget]
    while todo:
        current = todo.pop()
        if current.model_id in seen:
            continue
        seen.add(current.model_id)
        total += _state_size(current.get_state())
        for name in current.keys:
            todo += [
                w for w in _widgets_in(getattr(current, name)) if isinstance(w, widgets.Widget)
            ]
    return total


def _state_size(value: object) -> int:
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, memoryview):
        return value.nbytes
    if isinstance(value, Mapping):
        return sum(len(str(k)) + 4 + _state_size(v) for k, v in value.items()) + 2
    if isinstance(value, (list, tuple)):
        return sum(_state_size(v) + 1 for v in value) + 2
    return len(str(value))


def _widgets_in(value: object) -> list[Any]:
    if isinstance(value, Mapping):
        return [w for v in value.values() for w in _widgets_in(v)]
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _widgets_in(v)]
    return [value] if hasattr(value, "model_id") else []

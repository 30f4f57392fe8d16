"""The browser code of a widget: the shared helpers (``dom.js``, ``common.css``) followed
by its own script and style sheet.

anywidget sends one ES module and one style sheet per widget; joining the files here keeps
one copy of the helpers without a JavaScript build step.
"""

from __future__ import annotations

from pathlib import Path

#: The helpers every widget's script may use (``make``, ``childPlayer``).
SHARED = Path(__file__).with_name("dom.js")
#: The styles every widget may use (``vigkit-button``).
SHARED_CSS = Path(__file__).with_name("common.css")


def esm(script: str | Path) -> str:
    """``dom.js`` and ``script`` (a file name next to this module, or a path) as one module."""
    path = Path(script)
    if not path.is_absolute():
        path = SHARED.parent / path
    return SHARED.read_text(encoding="utf-8") + "\n" + path.read_text(encoding="utf-8")


def css(sheet: str | Path) -> str:
    """``common.css`` and ``sheet`` (a file name next to this module, or a path) as one."""
    path = Path(sheet)
    if not path.is_absolute():
        path = SHARED_CSS.parent / path
    return SHARED_CSS.read_text(encoding="utf-8") + "\n" + path.read_text(encoding="utf-8")

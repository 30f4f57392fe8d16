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


def esm(*scripts: str | Path) -> str:
    """``dom.js`` and ``scripts`` (file names next to this module, or paths) as one module;
    a widget's parts (the Tagger's lane) go before the script that uses them."""
    return _joined(SHARED, scripts)


def css(*sheets: str | Path) -> str:
    """``common.css`` and ``sheets`` (file names next to this module, or paths) as one."""
    return _joined(SHARED_CSS, sheets)


def _joined(shared: Path, names: tuple[str | Path, ...]) -> str:
    paths = [Path(n) if Path(n).is_absolute() else shared.parent / n for n in names]
    return "\n".join(p.read_text(encoding="utf-8") for p in [shared, *paths])

"""What the record forms share: saving as you work (debounced, atomic, with an indicator).

The :class:`_Form` base holds the record and its saver; ``_heading`` and ``_wide`` lay out
the forms alike.
"""

from __future__ import annotations

import datetime as dt
import html
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from ..coding.workspace import MARKER, Workspace
from ..core.errors import VigkitError
from .record import PracticeRecord, load_record, record_path, save_record

#: Seconds to wait after the last change before saving (typing is saved in bursts).
SAVE_DELAY = 0.5

#: Held while a form reads, changes and writes a record file, so that two forms saving
#: at once (each on its own timer thread) never drop each other's changes.
_FILE_LOCK = threading.Lock()


def _workspace_of(path: Path) -> Workspace | None:
    """The workspace a record file sits in (``WORKSPACE/reflections/X.record.json``)."""
    root = path.resolve().parent.parent
    return Workspace(root) if (root / MARKER).exists() else None


class _Saver:
    """Holds the current record, saves it (debounced) and shows how saving went."""

    def __init__(
        self,
        record_or_path: PracticeRecord | str | Path,
        workspace: Workspace | None,
        delay: float,
    ) -> None:
        if isinstance(record_or_path, PracticeRecord):
            self.record = record_or_path
            self.workspace = workspace or Workspace()
            self.path = record_path(self.workspace, self.record.practitioner)
        else:
            self.path = Path(record_or_path)
            self.record = load_record(self.path)
            self.workspace = workspace or _workspace_of(self.path) or Workspace()
        self.delay = delay
        #: This form's changes not saved yet, re-applied to the file as it is at save time.
        self._pending: list[Callable[[PracticeRecord], PracticeRecord]] = []
        #: The record as this form last read or wrote it (used if the file is gone).
        self._saved = self.record
        self.status = widgets.Label(value="")
        self.status.add_class("vigkit-save-status")
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._dirty = False

    def change(self, edit: Callable[[PracticeRecord], PracticeRecord]) -> bool:
        """Apply ``edit`` to the record and save soon; False (and say why) if it failed."""
        with self._lock:
            try:
                self.record = edit(self.record)
            except VigkitError as error:
                self._show_error(error)
                return False
            self._pending.append(edit)
            self._dirty = True
            if self.delay <= 0:
                self.flush()
                return True
            self.status.value = "Saving…"
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.flush)
            self._timer.daemon = True
            self._timer.start()
            return True

    def flush(self) -> bool:
        """Save now if anything is waiting; True if everything is saved."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if not self._dirty:
                return not self.status.value.startswith("Not saved")
            try:
                with _FILE_LOCK:
                    # Another form on the same record (a ReflectionForm beside a TMEForm)
                    # may have saved since: apply this form's changes to the file as it is.
                    record = load_record(self.path) if self.path.is_file() else self._saved
                    for edit in self._pending:
                        record = edit(record)
                    save_record(record, self.path)
            except (OSError, VigkitError) as error:
                self._show_error(error)
                return False
            self.record = self._saved = record
            self._pending.clear()
            self._dirty = False
            self.status.value = f"Saved {dt.datetime.now():%H:%M}"
            return True

    def _show_error(self, error: Exception) -> None:
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            where = error.filename or self.path
            text = f"{reason} ({where})"
        else:
            text = " ".join(str(error).split())
        self.status.value = f"Not saved: {text}"


class _Form:
    """What the forms share: the record, saving, the indicator and display in Jupyter."""

    widget: Any

    def __init__(
        self,
        record_or_path: PracticeRecord | str | Path,
        workspace: Workspace | None,
        delay: float,
    ) -> None:
        self._saver = _Saver(record_or_path, workspace, delay)

    @property
    def record(self) -> PracticeRecord:
        """The record as it is now (including changes still waiting to be saved)."""
        return self._saver.record

    @property
    def path(self) -> Path:
        """The record file this form saves to."""
        return self._saver.path

    @property
    def workspace(self) -> Workspace:
        """The workspace the record belongs to."""
        return self._saver.workspace

    @property
    def status(self) -> Any:
        """The save indicator (an ipywidgets ``Label``)."""
        return self._saver.status

    def save(self) -> bool:
        """Save any waiting change now; True if everything is saved."""
        return self._saver.flush()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _heading(text: str, level: int = 4) -> Any:
    return widgets.HTML(value=f"<h{level}>{html.escape(text)}</h{level}>")


def _wide() -> Any:
    return widgets.Layout(width="100%")

"""Progress of a long job: a bar with the time left, in a notebook (a widget) or a terminal.

The bar appears only once the job has run about two seconds, so quick jobs stay quiet;
``tqdm.auto`` picks the notebook widget or the terminal bar. Set ``VIGKIT_PROGRESS=0`` to
hide bars (for example in a batch script whose log should stay plain), ``always`` to show
them from the start, however quick the job (for a log that must show every job). :class:`TimeLeft`
and :func:`progress_words` say the same in words, for widgets that show a message.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator

#: Environment variable: ``0`` hides progress bars, ``always`` shows them at once.
PROGRESS_ENV = "VIGKIT_PROGRESS"
#: Seconds a job runs before its bar is shown.
SHOW_AFTER = 2.0


@contextlib.contextmanager
def progress_bar(
    total: float, what: str, *, unit: str = "frame", show: bool = True
) -> Iterator[Callable[[float], None]]:
    """A bar for a job of ``total`` units described as ``what``; yields ``update(done)``,
    to be called with how much is done so far (not the increment)."""
    if not show or os.environ.get(PROGRESS_ENV) == "0" or total <= 0:
        yield lambda done: None
        return
    from tqdm.auto import tqdm

    # Whole numbers of units: ffmpeg reports seconds to the microsecond ("7.453605/29.0").
    layout = "{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} {unit} [{elapsed}<{remaining}]"
    bar = tqdm(
        total=total, desc=what, unit=unit, delay=_show_after(), leave=False, dynamic_ncols=True,
        bar_format=layout,
    )  # fmt: skip
    shown: float = 0

    def update(done: float) -> None:
        nonlocal shown
        done = min(max(done, 0), total)
        if done > shown:
            bar.update(done - shown)
            shown = done

    try:
        yield update
        # A job that ended normally is done, even if its last report fell short (ffmpeg's
        # last one may): shown full, a notebook's bar is hidden rather than left red.
        update(total)
        if bar.last_print_t >= bar.start_t + (bar.delay or 0):  # only a bar already shown
            bar.refresh()
    finally:
        bar.close()


def _show_after() -> float:
    """Seconds before a bar appears: :data:`SHOW_AFTER`, or none with ``VIGKIT_PROGRESS=always``."""
    return 0.0 if os.environ.get(PROGRESS_ENV) == "always" else SHOW_AFTER


class TimeLeft:
    """Estimates how long a job has left from the fraction done so far (a straight line
    from its start: films encode at a steady pace, so this settles within seconds)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started = clock()

    def seconds_left(self, fraction: float) -> float | None:
        """Seconds still to go at ``fraction`` (0–1) done, or None while too early to say."""
        elapsed = self._clock() - self._started
        if fraction <= 0.01 or elapsed < 1.0:
            return None
        return max(0.0, elapsed * (1 - min(fraction, 1.0)) / fraction)


def time_left_words(seconds: float | None) -> str:
    """``about 2 min left``, ``about a minute left``, ``less than a minute left``, or
    ``working out the time left`` while it cannot be said yet."""
    if seconds is None:
        return "working out the time left"
    if seconds < 45:
        return "less than a minute left"
    if seconds < 90:
        return "about a minute left"
    if seconds < 3600:
        return f"about {round(seconds / 60)} min left"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"about {hours} h {minutes:02d} min left"


def progress_words(what: str, fraction: float, seconds_left: float | None) -> str:
    """``making a playable copy: 42 %, about 2 min left``."""
    percent = min(99, int(max(fraction, 0.0) * 100))  # 100 % only once it is really done
    return f"{what}: {percent} %, {time_left_words(seconds_left)}"

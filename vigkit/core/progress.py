"""Progress of a long job: a bar with the time left, in a notebook (a widget) or a terminal.

The bar appears only once the job has run about two seconds, so quick jobs stay quiet;
``tqdm.auto`` picks the notebook widget or the terminal bar. Set ``VIGKIT_PROGRESS=0`` to
hide bars (for example in a batch script whose log should stay plain).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

#: Environment variable: ``0`` hides progress bars.
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

    bar = tqdm(total=total, desc=what, unit=unit, delay=SHOW_AFTER, leave=False, dynamic_ncols=True)
    shown: float = 0

    def update(done: float) -> None:
        nonlocal shown
        done = min(max(done, 0), total)
        if done > shown:
            bar.update(done - shown)
            shown = done

    try:
        yield update
    finally:
        bar.close()

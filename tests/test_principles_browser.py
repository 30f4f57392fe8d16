"""`01_the_principles` in a real JupyterLab and Chromium: the gallery shows the six
principles, each beside a player on its practice moment; every player loads its film from
the server, plays when asked and goes round its moment in a loop, and nothing errs."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from vigkit import load_scheme
from vigkit.course.principles import principle_moments

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

REPO = Path(__file__).parents[1]
NOTEBOOK = "notebooks/01_the_principles.ipynb"
GALLERY = ".vigkit-principles"
VIDEOS = f"document.querySelectorAll('{GALLERY} .vigkit-player video')"
#: Every gallery film's time and whether it plays, every 100 ms for ``seconds``.
SAMPLE = f"""async (seconds) => {{
  const seen = [];
  for (let i = 0; i < seconds * 10; i++) {{
    seen.push([...{VIDEOS}].map((v) => [v.currentTime, v.paused]));
    await new Promise((r) => setTimeout(r, 100));
  }}
  return seen;
}}"""


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the course to serve and run: the checkout's notebooks and workspace are
    never touched."""
    root = tmp_path / "course"
    for folder in ("notebooks", "exercises", "media/practice"):
        shutil.copytree(REPO / folder, root / folder)
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(root))
    return root


def js_number(value: float) -> str:
    """A time as the player writes it into the film's URL (``+t.toFixed(3)``)."""
    return f"{round(value, 3):g}"


@pytest.mark.browser
@pytest.mark.slow
def test_the_principles_gallery_loops_a_moment_beside_each_principle(
    course: Path,
    page: Any,
    start_lab: Callable[[Path], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
) -> None:
    moments = principle_moments()
    assert len(moments) == 6
    lab = start_lab(course)
    tab = open_notebook(lab, NOTEBOOK)
    tab.run_all(timeout=120)
    gallery = page.locator(GALLERY)
    gallery.scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => {VIDEOS}.length === 6 && [...{VIDEOS}].every((v) => v.readyState >= 2)",
        timeout=60_000,
    )
    assert tab.problems() == []

    # Each row: the principle's words, and its player on the chosen moment of its film.
    rows = gallery.locator(":scope > .widget-hbox")
    assert rows.count() == 6
    for index, (category, moment) in enumerate(zip(load_scheme().categories, moments, strict=True)):
        row = rows.nth(index)
        assert category.label in row.inner_text()
        src = row.locator(".vigkit-player video").get_attribute("src")
        assert src == (
            f"/files/media/practice/{moment.film}.mp4"
            f"#t={js_number(moment.start)},{js_number(moment.end)}"
        )

    # Play all six: each plays inside its moment and goes round.
    for index in range(6):
        player = rows.nth(index).locator(".vigkit-player")
        player.scroll_into_view_if_needed()
        player.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(f"() => [...{VIDEOS}].every((v) => !v.paused)", timeout=20_000)
    longest = max(m.length for m in moments)
    samples = page.evaluate(SAMPLE, longest + 3)
    for index, moment in enumerate(moments):
        seen = [frame[index] for frame in samples[5:]]
        playing = [time for time, paused in seen if not paused]
        assert len(playing) == len(seen), (moment, seen)  # never stops at the end
        assert min(playing) >= moment.start - 0.05, (moment, playing)
        assert max(playing) <= moment.end + 0.25, (moment, playing)
        assert any(b < a - 0.5 for a, b in itertools.pairwise(playing)), (moment, playing)
    assert tab.problems() == []

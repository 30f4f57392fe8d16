"""CompareView in a real JupyterLab and Chromium: the marks are drawn with their shapes, a
click on a miss loops that moment of the film at once, Next moves on, and Python hears
which mark was chosen; at the root and under a base URL."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from test_compareview import FILM, MISS, RECODED, practice_pair

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

CELLS = [
    "from vigkit import Coding, compare\n"
    "from vigkit.views import CompareView\n"
    "comparison = compare(Coding.read_csv('ana.csv'), Coding.read_csv('reference.csv'))\n"
    f"view = CompareView(comparison, '../films/{FILM.name}')\n"
    "view",
    "print(f'S={view.selected}')",
]
ROOT = "document.querySelector('.vigkit-compare')"
VIDEO = f"{ROOT}.querySelector('video')"
MARK = ".vigkit-compare .vigkit-compare-mark"
NOTEBOOK = "window.jupyterapp.shell.currentWidget"

# Time from a click on a mark until the film plays inside the mark's stretch, measured in
# the page: the click is stamped as it happens, then every frame checks the film.
WATCH_CLICK = f"""([start, end]) => {{
  window.clickToPlay = new Promise((resolve) => {{
    document.addEventListener("click", (event) => {{
      if (!event.target.closest(".vigkit-compare-mark")) return;
      const clicked = performance.now();
      const video = {VIDEO};
      const check = () => {{
        const t = video.currentTime;
        if (!video.paused && !video.seeking && video.readyState >= 3 && t >= start && t <= end) {{
          resolve(performance.now() - clicked);
        }} else requestAnimationFrame(check);
      }};
      check();
    }}, {{ capture: true, once: true }});
  }});
}}"""

# The film's times, every 100 ms for `seconds`, with whether it was playing.
SAMPLE = f"""async (seconds) => {{
  const seen = [];
  for (let i = 0; i < seconds * 10; i++) {{
    seen.push([{VIDEO}.currentTime, {VIDEO}.paused]);
    await new Promise((r) => setTimeout(r, 100));
  }}
  return seen;
}}"""


def video_is_in(page: Any, start: float, end: float) -> None:
    """Wait until the film plays inside ``start``–``end``."""
    page.wait_for_function(
        f"() => !{VIDEO}.paused && !{VIDEO}.seeking && {VIDEO}.currentTime >= {start}"
        f" && {VIDEO}.currentTime <= {end}"
    )


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("base_url", ["/", "/user/trainee/"])
def test_clicking_a_miss_loops_its_moment_and_next_moves_on(
    base_url: str,
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path, str], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "root"
    (root / "films").mkdir(parents=True)
    shutil.copy(FILM, root / "films" / FILM.name)
    trainee, reference = practice_pair("ana")
    (root / "course").mkdir()
    trainee.to_csv(root / "course" / "ana.csv")
    reference.to_csv(root / "course" / "reference.csv")
    lab = start_lab(root, base_url)
    lab.write_notebook("course/compare.ipynb", CELLS[:2])
    tab = open_notebook(lab, "course/compare.ipynb")
    tab.run_all()
    page.wait_for_selector(MARK)
    page.wait_for_function(f"() => {VIDEO} && {VIDEO}.readyState >= 2")
    assert (
        page.evaluate(f"() => {VIDEO}.getAttribute('src')") == f"{base_url}files/films/{FILM.name}"
    )
    body = page.inner_text("body")
    assert "Error displaying widget" not in body and "could not be" not in body

    # Twelve marks: eight agreed circles, a named-differently pair of diamonds, one missed
    # triangle and one extra square; hollow shapes for the unpaired ones.
    shapes = page.evaluate(
        f"""() => [...document.querySelectorAll("{MARK}")].map((g) => [
          g.dataset.status, g.dataset.shape, g.querySelector(".vigkit-compare-shape").tagName,
          getComputedStyle(g.querySelector(".vigkit-compare-shape")).fill])"""
    )
    assert len(shapes) == 12
    by_status = {status: [s for s in shapes if s[0] == status] for status, *_ in shapes}
    assert {k: len(v) for k, v in by_status.items()} == {
        "agreed": 8,
        "named-differently": 2,
        "missed": 1,
        "extra": 1,
    }
    assert {tuple(s[1:3]) for s in by_status["agreed"]} == {("circle", "circle")}
    assert {tuple(s[1:3]) for s in by_status["named-differently"]} == {("diamond", "polygon")}
    assert by_status["missed"][0][1:3] == ["triangle", "polygon"]
    assert by_status["extra"][0][1:3] == ["square", "rect"]
    orange = "rgb(230, 159, 0)"  # Being attentive, Okabe–Ito
    assert by_status["agreed"][0][3] == orange and by_status["missed"][0][3] != orange
    legend = page.inner_text(".vigkit-compare-legend")
    assert "only reference tagged it (missed)" in legend and "Encouraging initiatives" in legend
    assert "You spotted 5 of the 6 moments" in page.inner_text(".vigkit-compare-feedback")

    # Click the miss (8.3 s): the film loops 6.3–10.3 s at once, the mark is ringed and
    # the moment is said in words.
    page.evaluate(WATCH_CLICK, [6.3, 10.3])
    page.locator(f"{MARK}[data-status='missed']").click()
    video_is_in(page, 6.3, 10.3)
    click_to_play = page.evaluate("() => window.clickToPlay")
    with capsys.disabled():
        print(f"\n[{base_url}] click on a mark to the film playing there: {click_to_play:.0f} ms")
    assert click_to_play < 3000
    selected = page.locator(f"{MARK}.vigkit-compare-selected")
    assert selected.count() == 1 and selected.get_attribute("data-status") == "missed"
    assert selected.get_attribute("aria-current") == "true"
    assert (
        page.evaluate(
            f"""() => getComputedStyle(document.querySelector(
          "{MARK}.vigkit-compare-selected .vigkit-compare-ring")).visibility"""
        )
        == "visible"
    )
    status = page.inner_text(".vigkit-compare-status")
    assert status.startswith("0:08 – your supervisor saw Being attentive here.")
    assert "0:06.07–0:10.07 in a loop" in status
    assert page.inner_text(".vigkit-compare-counter") == "1 of 3"
    times = page.evaluate(SAMPLE, 6)  # a 4 s stretch goes round within 6 s
    playing = [t for t, paused in times if not paused]
    assert len(playing) == len(times), times  # it never stopped
    assert min(playing) >= 6.3 - 0.05 and max(playing) <= 10.3 + 0.3, times
    assert any(b < a - 1 for a, b in itertools.pairwise(playing)), times  # round

    # Python heard which mark was chosen.
    assert tab.run_cell(1).strip() == f"S={MISS}"

    # Next ▶ goes on to the moment named differently (23 s): 21–25 s.
    page.get_by_role("button", name="Next moment to look at again").click()
    video_is_in(page, 21.0, 25.0)
    assert page.inner_text(".vigkit-compare-counter") == "2 of 3"
    ringed = page.locator(f"{MARK}.vigkit-compare-selected")
    assert [ringed.nth(i).get_attribute("data-status") for i in range(ringed.count())] == [
        "named-differently",
        "named-differently",
    ]
    assert tab.run_cell(1).strip() == f"S={RECODED}"

    # Python drives it too: view.next() plays the extra (38 s), and the browser follows.
    tab.execute("view.next()")
    video_is_in(page, 36.0, 40.0)
    page.wait_for_function(
        "() => document.querySelector('.vigkit-compare-counter').innerText === '3 of 3'"
    )
    assert page.locator(f"{MARK}.vigkit-compare-selected").get_attribute("data-status") == "extra"

    # Keys: the chosen mark has the tab stop; ← moves to the mark before (the agreed one
    # at 27 s) and Enter plays it; JupyterLab does not take the keys.
    page.locator(f"{MARK}[tabindex='0']").focus()
    cell_before = tab.active_cell()
    page.keyboard.press("ArrowLeft")  # the supervisor's mark at 27 s
    page.keyboard.press("ArrowUp")  # the trainee's, on the lane above
    assert page.evaluate("() => document.activeElement.dataset.row") == "3"
    page.keyboard.press("Enter")
    video_is_in(page, 25.0, 32.5)
    assert tab.active_cell() == cell_before  # ↑ would have selected another cell,
    assert page.evaluate(f"() => {NOTEBOOK}.content.mode") == "command"  # Enter edited it
    assert page.locator(f"{MARK}.vigkit-compare-selected").first.get_attribute("data-status") == (
        "agreed"
    )
    assert page.inner_text(".vigkit-compare-counter") == "3 in all"

    # A stretch that runs to the film's end (as a late mark's padding may) loops too.
    tab.execute("view.player.play_moment(52.5, 55)")
    times = page.evaluate(SAMPLE, 4)
    assert all(not paused for _, paused in times[5:]), times
    assert any(b < a - 1 for a, b in itertools.pairwise(t for t, _ in times)), times

    body = page.inner_text("body")
    assert "Error displaying widget" not in body
    assert not page.locator(".vigkit-compare-warning").is_visible()

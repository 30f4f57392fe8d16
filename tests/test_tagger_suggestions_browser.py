"""The Tagger's suggestions lane in a real JupyterLab and Chromium: one mark per
suggestion on the film's time scale; a click plays the film from just before it; a tags
it (saved, ✓, in the journal with its reason), x sets one aside (kept in the workspace);
the saved notebook holds none of the film."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from vigkit.core.coursedir import practice_dir

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

FILM = "films/baby-floor-faces.mp4"  # a practice film of the course, 45 s
ROWS = [
    {
        "onset": 5.0,
        "offset": 8.0,
        "kind": "initiative-received",
        "principle": "receiving-initiatives",
        "code": "receiving-initiatives.receiving-with-words",
        "reason": "the higher voice speaks; the lower voice answers after 0.6 s",
        "score": 0.8,
    },
    {
        "onset": 12.0,
        "offset": 12.0,
        "kind": "waiting",
        "principle": "encouraging-initiatives",
        "code": "encouraging-initiatives.waiting",
        "reason": "the lower voice waits 2.5 s after the higher voice",
        "score": 0.7,
    },
    {
        "onset": 30.0,
        "offset": 36.0,
        "kind": "yes-cycle",
        "principle": "developing-attuned-interactions",
        "code": None,
        "reason": "four turns follow one another",
        "score": 0.6,
    },
]
CELLS = [
    "from vigkit.widgets.tagger import Tagger\n"
    f"ROWS = {ROWS!r}\n"
    f"tagger = Tagger('../{FILM}', coder='ana', suggestions=ROWS)\n"
    "tagger",
]
VIDEO = "document.querySelector('.vigkit-tagger video')"
MARKS = ".vigkit-tagger-suggestion"
JOURNAL = "vigkit-work/codings/baby-floor-faces/ana.journal.jsonl"
DECISIONS = "vigkit-work/moments/baby-floor-faces--ana.json"


def wait_marks(page: Any, count: int) -> None:
    page.wait_for_function(f"(n) => document.querySelectorAll('{MARKS}').length === n", arg=count)


def playing_from(start: float) -> str:
    """JavaScript: the film plays, within the first 0.9 s after ``start``."""
    now = f"{VIDEO}.currentTime"
    return f"() => !{VIDEO}.paused && {now} >= {start} && {now} < {start + 0.9}"


def read_json(path: Path, ready: Callable[[Any], bool], timeout: float = 10) -> Any:
    """The JSON file at ``path`` once ``ready`` says yes (it is written atomically)."""
    deadline = time.monotonic() + timeout
    while True:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        if (data is not None and ready(data)) or time.monotonic() > deadline:
            return data
        time.sleep(0.1)


@pytest.mark.browser
@pytest.mark.slow
def test_the_lane_plays_tags_and_sets_aside_suggestions(
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path, str], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
    journal_operations: Callable[..., list[dict[str, Any]]],
) -> None:
    root = tmp_path / "root"
    (root / FILM).parent.mkdir(parents=True)
    shutil.copy(practice_dir() / "baby-floor-faces.mp4", root / FILM)
    lab = start_lab(root, "/")
    notebook = lab.write_notebook("course/lane.ipynb", CELLS)
    tab = open_notebook(lab, "course/lane.ipynb")
    tab.run_all()
    page.wait_for_function(f"() => {VIDEO} && {VIDEO}.readyState >= 2")
    wait_marks(page, 3)
    box = page.locator(".vigkit-tagger-lane-box")
    assert "Suggestions – where to look first (you decide)" in box.inner_text()
    marks = page.locator(MARKS)
    assert marks.nth(1).get_attribute("aria-label") == (
        f"Suggestion 2 of 3 at 0:12.00: {ROWS[1]['reason']}"
    )
    # On the strip's time scale: 30–36 s of 45 s starts two thirds along and is 6/45 wide.
    lane = page.locator(".vigkit-tagger-lane").bounding_box()
    strip = page.locator(".vigkit-tagger-strip").bounding_box()
    third = marks.nth(2).bounding_box()
    assert abs(lane["x"] - strip["x"]) < 1 and abs(lane["width"] - strip["width"]) < 1
    assert third["x"] - lane["x"] == pytest.approx(lane["width"] * 30 / 45, abs=2)
    assert third["width"] == pytest.approx(lane["width"] * 6 / 45, abs=2)
    assert "tag it" in page.locator(".vigkit-player-hint").inner_text()

    # n (nothing current, the film at 0:00) takes the first and plays it from a second
    # before; a click on another mark does the same for it and shows its reason.
    page.locator(".vigkit-tagger").focus()
    page.keyboard.press("n")
    page.wait_for_function(playing_from(4.0))
    assert "1 of 3" in page.locator(".vigkit-tagger-lane-said").inner_text()
    marks.nth(1).click()
    page.wait_for_function(playing_from(11.0))
    said = page.locator(".vigkit-tagger-lane-said").inner_text()
    assert "2 of 3" in said and "Encouraging initiatives" in said and ROWS[1]["reason"] in said

    # a: tagged at the category level, at the suggestion's time, with its reason as note.
    page.keyboard.press("a")
    [op] = journal_operations(root / JOURNAL, 1)
    event = op["event"]
    assert (event["code"], event["onset"], event["offset"]) == (
        "encouraging-initiatives",
        12.0,
        12.0,
    )
    assert event["note"] == f"Suggested: {ROWS[1]['reason']}"
    wait_marks(page, 2)
    page.wait_for_function(
        "() => document.querySelector('.vigkit-tagger-list tbody tr .vigkit-tagger-state')"
        "?.textContent === '✓'"
    )
    # The next one waits as current; p goes back to the first, x sets it aside (kept so).
    assert "2 of 2" in page.locator(".vigkit-tagger-lane-said").inner_text()
    page.keyboard.press("p")
    page.wait_for_function(playing_from(4.0))
    page.keyboard.press("x")
    wait_marks(page, 1)
    decisions = read_json(root / DECISIONS, lambda d: len(d["dismissed"]) == 1)
    assert len(decisions["accepted"]) == 1 and len(decisions["dismissed"]) == 1
    assert page.locator(MARKS).get_attribute("aria-label").startswith("Suggestion 1 of 1 at 0:30")
    # The keys stayed out of JupyterLab (a would add a cell, x would cut this one).
    count = "() => window.jupyterapp.shell.currentWidget.content.widgets.length"
    assert page.evaluate(count) == 1

    tab.save()
    saved = notebook.read_text(encoding="utf-8")
    assert "base64" not in saved and "data:video" not in saved and len(saved) < 50_000
    assert not tab.problems()
    assert not page.locator(".vigkit-tagger-warning").is_visible()

"""The course as a user meets it, in a real JupyterLab and Chromium: `00_start_here` runs
top to bottom with no error and its film plays; the tagging notebook renders (and gives
the README its screenshot: VIGKIT_UPDATE_SCREENSHOTS=1 writes docs/images/)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image, ImageStat

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

REPO = Path(__file__).parents[1]
SCREENSHOT = REPO / "docs" / "images" / "tagging-notebook.png"


@pytest.mark.browser
@pytest.mark.slow
def test_start_here_runs_with_no_error_and_its_film_plays(
    course: Path,
    page: Any,
    start_lab: Callable[[Path], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
) -> None:
    lab = start_lab(course)
    tab = open_notebook(lab, "notebooks/00_start_here.ipynb")
    tab.run_all(timeout=120)
    video = page.locator(".vigkit-player video").first
    video.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const v = document.querySelector('.vigkit-player video');"
        " return v && v.getAttribute('src') && v.readyState >= 2; }",
        timeout=30_000,
    )
    player = page.locator(".vigkit-player").first
    player.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(
        "() => { const v = document.querySelector('.vigkit-player video');"
        " return !v.paused && v.currentTime > 0.5; }",
        timeout=20_000,
    )
    assert tab.problems() == []
    src = page.evaluate("() => document.querySelector('.vigkit-player video').getAttribute('src')")
    assert src.startswith("/files/media/practice/") and src.endswith(".mp4")


@pytest.mark.browser
@pytest.mark.slow
def test_the_tagging_notebook_renders_and_gives_the_readme_its_screenshot(
    course: Path,
    page: Any,
    tmp_path: Path,
    start_lab: Callable[[Path], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    lab = start_lab(course)
    tab = open_notebook(lab, "notebooks/02_spot_initiatives.ipynb")
    tab.run_all(timeout=120)
    tagger = page.locator(".vigkit-tagger").first
    tagger.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('.vigkit-tagger video')?.readyState >= 2", timeout=30_000
    )
    page.keyboard.press("Escape")  # command mode: no cursor blinking in the picture
    assert tab.problems() == []
    shot = tmp_path / "tagging-notebook.png"
    tagger.screenshot(path=str(shot))
    picture = Image.open(shot).convert("L")
    assert picture.width > 600 and picture.height > 300
    assert max(ImageStat.Stat(picture).stddev) > 20  # a film, buttons and text, not blank
    if os.environ.get("VIGKIT_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOT)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"({SCREENSHOT.relative_to(REPO).as_posix()})" in readme and SCREENSHOT.is_file()

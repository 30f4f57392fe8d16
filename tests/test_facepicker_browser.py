"""The FacePicker in a real JupyterLab and Chromium: the still loads by ``/files/`` URL
from the workspace (under the server's base URL), a click on the second face keeps it
visible in Python, and the keyboard toggles faces without JupyterLab taking the keys."""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from facefilms import make_face_film, two_scene

from films import consent_everything

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

CELLS = [
    "from vigkit.widgets import FacePicker\n"
    "picker = FacePicker('../films/two.mp4', '0:01')  # the notebook is one folder down\n"
    "picker",
    "print('BOXES=' + repr(picker.boxes))\n"
    "print('KEEP=' + repr([(k.time, tuple(k.box)) for k in picker.keep]))",
]
IMG = "document.querySelector('.vigkit-facepicker img')"


def python_state(tab: NotebookTab) -> tuple[list[Any], list[Any]]:
    text = tab.run_cell(1)
    boxes = re.search(r"BOXES=(.*)", text)
    keep = re.search(r"KEEP=(.*)", text)
    assert boxes and keep, text
    return ast.literal_eval(boxes.group(1)), ast.literal_eval(keep.group(1))


def python_keeps(tab: NotebookTab, face: int, timeout: float = 20) -> tuple[list[Any], list[Any]]:
    """The kernel's boxes and keep once it keeps only ``face`` (1-based).

    ipywidgets holds back a change while an earlier one is unanswered, so a cell run right
    after two quick key presses can see the first; the kernel must catch up within ``timeout``.
    """
    deadline = time.monotonic() + timeout
    while True:
        boxes, keep = python_state(tab)
        if len(boxes) >= face and keep == [(1.0, tuple(boxes[face - 1]))]:
            return boxes, keep
        if time.monotonic() > deadline:
            raise AssertionError(f"the kernel keeps {keep}, not face {face} of {boxes}")
        time.sleep(0.3)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("base_url", ["/", "/user/trainee/"])
def test_facepicker_keeps_the_clicked_face_in_jupyterlab(
    base_url: str,
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path, str], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
) -> None:
    root = tmp_path / "root"
    film = make_face_film(two_scene(), root / "films")
    consent_everything(film.path, root / "vigkit-work")  # the lab's workspace
    still_responses: list[Any] = []
    page.on("response", lambda r: still_responses.append(r) if "/files/" in r.url else None)

    lab = start_lab(root, base_url)
    notebook = lab.write_notebook("course/faces.ipynb", CELLS)
    tab = open_notebook(lab, "course/faces.ipynb")
    tab.run_all(timeout=120)
    assert tab.problems() == []
    page.wait_for_selector(".vigkit-facepicker img")

    # The still comes by URL from the workspace, under the base URL, and loads.
    src = page.evaluate(f"() => {IMG}.getAttribute('src')")
    assert re.fullmatch(
        rf"{re.escape(base_url)}files/vigkit-work/cache/faces/two-[0-9a-f]{{10}}/[^/]+\.png", src
    ), src
    page.wait_for_function(f"() => {IMG}.complete && {IMG}.naturalWidth > 0")
    assert page.evaluate(f"() => [{IMG}.naturalWidth, {IMG}.naturalHeight]") == [320, 240]
    assert any(r.status == 200 for r in still_responses)

    faces = page.locator(".vigkit-facepicker-face")
    assert faces.count() == 2
    status = page.locator(".vigkit-facepicker-status")
    assert status.inner_text() == "Every face will be blurred. Click a face to keep it visible."

    # A click on the second face keeps it; Python hears it.
    second = page.get_by_role("button", name="Face 2: keep visible")
    second.click()
    assert second.get_attribute("aria-pressed") == "true"
    assert status.inner_text() == "Face 2 will stay visible; the others are blurred."
    boxes, _ = python_keeps(tab, 2)
    assert len(boxes) == 2

    # The button lies over that face on the picture (its box, scaled to the shown size).
    shown = page.evaluate(f"() => {IMG}.getBoundingClientRect().width") / 320
    box = second.bounding_box()
    picture = page.locator(".vigkit-facepicker img").bounding_box()
    assert box and picture
    assert box["x"] - picture["x"] == pytest.approx(boxes[1][0] * shown, abs=2)
    assert box["width"] == pytest.approx(max(boxes[1][2] * shown, 24), abs=2)

    # The keyboard: Tab-focusable buttons, Space and Enter toggle; JupyterLab keeps its cell.
    first = page.get_by_role("button", name="Face 1: keep visible")
    first.focus()
    cell_before = tab.active_cell()  # focus made the picker's cell the active one
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => document.querySelector('.vigkit-facepicker-status').innerText"
        ".startsWith('Every face will stay visible')"
    )
    page.keyboard.press("Enter")
    assert first.get_attribute("aria-pressed") == "false"
    assert tab.active_cell() == cell_before
    assert page.evaluate("() => document.activeElement.dataset.face") == "1"  # not edit mode
    python_keeps(tab, 2)

    tab.save()
    saved = notebook.read_text(encoding="utf-8")
    assert "data:image" not in saved and not re.search(r"[A-Za-z0-9+/=]{400,}", saved)

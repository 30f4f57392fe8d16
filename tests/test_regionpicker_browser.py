"""The RegionPicker in a real JupyterLab and Chromium: the still loads by ``/files/`` URL
from the workspace (under the server's base URL), two mouse drags draw the boxes that
``picker.regions`` gives in the kernel, the keyboard moves a box without JupyterLab taking
the keys (Delete takes a box away, Enter on "Draw this box" puts one back), a name typed
under the still reaches Python, and the notebook holds no picture."""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from vigkit.core.coursedir import practice_dir

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

FILM = practice_dir() / "toddler-blocks.mp4"
CELLS = [
    "from vigkit.widgets import RegionPicker\n"
    f"picker = RegionPicker({str(FILM)!r}, '0:12', names=('Kwame', 'Maya'))\n"
    "picker",
    "print('REGIONS=' + repr(picker.regions))",
]
IMG = "document.querySelector('.vigkit-regionpicker img')"
BASE_URL = "/user/trainee/"


def kernel_regions(
    tab: NotebookTab, wanted: Callable[[Any], bool], timeout: float = 15
) -> tuple[Any, ...]:
    """The kernel's ``picker.regions`` once ``wanted`` says yes to them.

    ipywidgets holds back a change while an earlier one is unanswered, so a cell run right
    after a drag or a key press can see the state before it; the kernel must catch up.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = re.search(r"REGIONS=(.*)", tab.run_cell(1))
        assert found
        regions: tuple[Any, ...] = ast.literal_eval(found.group(1))
        if wanted(regions):
            return regions
        if time.monotonic() > deadline:
            raise AssertionError(f"the kernel's regions are {regions}")
        time.sleep(0.3)


def near(box: tuple[float, ...], want: tuple[float, ...], tolerance: float = 0.01) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(box, want, strict=True))


@pytest.mark.browser
@pytest.mark.slow
def test_regionpicker_draws_two_boxes_in_jupyterlab(
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path, str], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    still_responses: list[Any] = []
    page.on("response", lambda r: still_responses.append(r) if "/files/" in r.url else None)
    lab = start_lab(root, BASE_URL)
    notebook = lab.write_notebook("course/regions.ipynb", CELLS)
    tab = open_notebook(lab, "course/regions.ipynb")
    tab.run_all(timeout=120)
    assert tab.problems() == []
    page.wait_for_selector(".vigkit-regionpicker img")

    # The still comes by URL from the workspace, under the base URL, and loads.
    src = page.evaluate(f"() => {IMG}.getAttribute('src')")
    assert re.fullmatch(
        rf"{re.escape(BASE_URL)}files/vigkit-work/cache/regions/toddler-blocks-[0-9a-f]{{10}}"
        r"/[^/]+\.png",
        src,
    ), src
    page.wait_for_function(f"() => {IMG}.complete && {IMG}.naturalWidth > 0")
    assert page.evaluate(f"() => [{IMG}.naturalWidth, {IMG}.naturalHeight]") == [640, 360]
    assert any(r.status == 200 for r in still_responses)
    status = page.locator(".vigkit-regionpicker-status")
    assert status.inner_text().startswith("Drag a box around person 1 (Kwame), then")
    assert "halves of the picture are used" in status.inner_text()

    # Two drags with the mouse: person 1, then person 2 (the second from bottom right).
    picture = page.locator(".vigkit-regionpicker img").bounding_box()
    assert picture

    def drag(start: tuple[float, float], end: tuple[float, float]) -> None:
        x0, y0, w, h = picture["x"], picture["y"], picture["width"], picture["height"]
        page.mouse.move(x0 + start[0] * w, y0 + start[1] * h)
        page.mouse.down()
        page.mouse.move(x0 + end[0] * w, y0 + end[1] * h, steps=6)
        page.mouse.up()

    drag((0.1, 0.2), (0.4, 0.9))
    assert status.inner_text().startswith("Now drag a box around person 2 (Maya).")
    drag((0.95, 0.8), (0.55, 0.1))
    assert status.inner_text() == "Movement will be looked at in the two boxes: Kwame and Maya."
    regions = kernel_regions(
        tab, lambda r: near(r[0][1], (0.1, 0.2, 0.4, 0.9)) and near(r[1][1], (0.55, 0.1, 0.95, 0.8))
    )
    assert [name for name, _ in regions] == ["Kwame", "Maya"]

    # The keyboard: the box takes the arrow keys (moved right, then taller); JupyterLab
    # keeps its active cell and the focus stays on the box.
    first = page.locator(".vigkit-regionpicker-box[data-person='1']")
    first.focus()
    cell_before = tab.active_cell()
    for key in ("ArrowRight", "ArrowRight", "Shift+ArrowDown"):
        page.keyboard.press(key)
    assert tab.active_cell() == cell_before
    assert page.evaluate("() => document.activeElement.dataset.person") == "1"
    assert "from 12% to 42% across" in (first.get_attribute("aria-label") or "")

    # A name typed under the still (a pseudonym) reaches Python with the moved box.
    name = page.get_by_role("textbox", name="Name of person 2 (a pseudonym)")
    name.fill("Ama")
    name.press("Tab")
    kernel_regions(
        tab,
        lambda r: near(r[0][1], (0.12, 0.2, 0.42, 0.91), 0.002) and r[1][0] == "Ama",
    )

    # Delete takes a box away (the halves again); "Draw this box" with Enter puts one back
    # to adjust from the keyboard, focused.
    second = page.locator(".vigkit-regionpicker-box[data-person='2']")
    second.focus()
    page.keyboard.press("Delete")
    assert status.inner_text().startswith("Now drag a box around person 2 (Ama).")
    assert second.is_hidden()
    page.locator(".vigkit-regionpicker-draw[data-person='2']").press("Enter")
    assert second.is_visible()
    assert page.evaluate("() => document.activeElement.dataset.person") == "2"
    assert status.inner_text() == "Movement will be looked at in the two boxes: Kwame and Ama."
    kernel_regions(tab, lambda r: r[1] == ("Ama", (0.5, 0.0, 1.0, 1.0)))

    tab.save()
    saved = notebook.read_text(encoding="utf-8")
    assert "data:image" not in saved and not re.search(r"[A-Za-z0-9+/=]{400,}", saved)

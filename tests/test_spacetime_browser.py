"""The SpaceTimeView in a real JupyterLab and Chromium: the ipyvolume widget loads without
errors, draws into a WebGL canvas (the movement cloud and the category-coloured markers
are in the picture), and the legend names both coders."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from PIL import Image

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

CELLS = [
    "import vigkit\n"
    "from vigkit import compare, exercises\n"
    "from vigkit.views import SpaceTimeView\n"
    "exercise = exercises.load('spot-attentive')\n"
    "reference = exercise.reference()\n"
    "# ana tags the same moments as the supervisor, a second and a half late\n"
    "events = reference.events\n"
    "events['coder'], events['role'] = 'ana', 'trainee'\n"
    "events['onset'] += 1.5\n"
    "events['offset'] += 1.5\n"
    "events['id'] = [f'{i}-ana' for i in events['id']]\n"
    "ana = vigkit.Coding(events, reference.scheme)\n"
    "view = SpaceTimeView(exercise.video, compare(ana, reference))\n"
    "view",
    "print(f'STATE={view.state_bytes()}')",
]
VIEW = ".vigkit-spacetime"
# The largest canvas in the view (ipyvolume's WebGL one), its size and its context.
CANVAS = f"""() => {{
  const canvases = [...document.querySelectorAll("{VIEW} canvas")];
  if (!canvases.length) return null;
  const c = canvases.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
  c.setAttribute("data-test-canvas", "1");
  const gl = c.getContext("webgl2") || c.getContext("webgl");
  return {{ width: c.clientWidth, height: c.clientHeight, webgl: !!gl }};
}}"""
ORANGE = np.array([0xE6, 0x9F, 0x00])  # the "Being attentive" colour (Okabe–Ito orange)


def canvas_pixels(page: Any) -> np.ndarray:
    """The canvas as the screen shows it, as an RGB array."""
    shot = page.locator("canvas[data-test-canvas]").screenshot()
    return np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=np.int16)


def drawn(pixels: np.ndarray) -> tuple[int, int]:
    """How many pixels are near the category orange (markers), and how many are the
    cloud's blue-grey (text and lines are neutral grey)."""
    orange = int((np.abs(pixels - ORANGE).sum(axis=2) < 90).sum())
    cloud = int(((pixels[..., 2] - pixels[..., 0] > 12) & (pixels.mean(axis=2) < 200)).sum())
    return orange, cloud


@pytest.mark.browser
@pytest.mark.slow
def test_the_space_time_view_draws_in_jupyterlab(
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    lab = start_lab(root)
    lab.write_notebook("course/spacetime.ipynb", CELLS)
    tab = open_notebook(lab, "course/spacetime.ipynb")
    tab.run_all(timeout=180)

    page.wait_for_selector(f"{VIEW} canvas", timeout=60_000)
    canvas = page.evaluate(CANVAS)
    assert canvas is not None and canvas["webgl"], canvas
    assert canvas["width"] > 300 and canvas["height"] > 200, canvas

    # The picture: wait until the figure has drawn the cloud and the markers.
    deadline = 30_000
    pixels = canvas_pixels(page)
    while deadline > 0 and not (drawn(pixels)[0] > 30 and drawn(pixels)[1] > 200):
        page.wait_for_timeout(500)
        deadline -= 500
        pixels = canvas_pixels(page)
    orange, cloud = drawn(pixels)
    print(f"canvas: {orange} orange px, {cloud} cloud px, std {pixels.std():.1f}")
    assert pixels.std() > 10, "the canvas is blank"
    assert orange > 30, f"no markers in the category colour ({orange} px)"
    assert cloud > 200, f"no movement cloud ({cloud} px)"

    output = page.inner_text(".jp-Notebook")
    assert "Where the tags sit against movement in the film" in output
    assert "Drag to turn the block, scroll to zoom" in output
    for line in ("ana: balls, top row (6 tags)", "reference: cubes, bottom row"):
        assert line in output, output
    assert "Being attentive" in output
    for failure in ("Error displaying widget", "Failed to load model", "Traceback", "Error"):
        assert failure not in output, output
    assert page.locator(".jp-OutputArea-output[data-mime-type*='stderr']").count() == 0
    assert not problems, problems

    state = re.search(r"STATE=(\d+)", output)
    assert state and int(state[1]) < 1_500_000, output  # no film frames, a small volume

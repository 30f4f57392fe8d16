"""Keys and clicks that agree with the notebooks' words, in a real JupyterLab and Chromium.

The test reads each notebook's own instruction for starting the film ("Click the film to
start it; click it again or press the space bar to pause"), does exactly that, step by
step, and checks the film plays when the words say it should and is paused when they say
so; the first-time hint on the film shows until the first play and names the keys; a
Tagger's number keys still tag after the click; the space bar never scrolls the page. One
JupyterLab, one tab; and a Player making a playable copy shows how far it is as a bar.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

REPO = Path(__file__).parents[1]

#: The actions the notebooks' words may ask for, and what the test does for each.
ACTIONS = {"click the film": "click", "click it again": "click", "press the space bar": "space"}
#: What a step is for: True when the film should then be playing, False when paused.
GOALS = {"start it": True, "play": True, "pause": False}
_PHRASE = "(?:" + "|".join(ACTIONS) + ")"
_STEP = re.compile(rf"{_PHRASE}(?: or {_PHRASE})*", re.IGNORECASE)
_GOAL = re.compile(r"\s*to (" + "|".join(GOALS) + r")\b", re.IGNORECASE)

#: (notebook, the heading of its step that shows the film, what shows it) – every notebook
#: whose words say how to start the film, followed in the browser.
STEPS = [
    ("00_start_here", "## Step 3", ".vigkit-player"),
    ("02_spot_initiatives", "## Step 4", ".vigkit-tagger"),
    ("05_my_own_film", "## Step 5", ".vigkit-player"),
    ("05_my_own_film", "## Step 7", ".vigkit-tagger"),
]
#: Steps whose film is shown as in one of STEPS (the same widget: 03 as 02, 09 as 05): their
#: words must ask for the very same steps, so following those follows these (CI time).
SAME_AS = {
    ("03_code_a_film", "## Step 4"): ("02_spot_initiatives", "## Step 4"),
    ("09_my_shared_review", "## Step 5"): ("05_my_own_film", "## Step 5"),
}


@dataclass(frozen=True)
class Step:
    """One thing the words ask for: one action, or a choice of them ("click it again or
    press the space bar"), and whether the film should then play (None: not said)."""

    actions: tuple[str, ...]
    playing: bool | None


def plain(markdown: str) -> str:
    """The words of a markdown cell as one line, without emphasis or code marks."""
    return re.sub(r"\s+", " ", re.sub(r"[*`]", "", markdown)).strip()


def steps_in(words: str) -> list[Step]:
    """The film's steps in ``words``, in order: each action phrase, and the goal right
    after it ("to start it", "to pause"), as a reader would do them."""
    found = []
    for match in _STEP.finditer(words):
        actions = tuple(ACTIONS[a.lower()] for a in re.split(r" or ", match.group(0)))
        goal = _GOAL.match(words, match.end())
        found.append(Step(actions, GOALS[goal.group(1).lower()] if goal else None))
    return found


def test_the_words_are_read_as_a_reader_would() -> None:
    assert steps_in(
        plain("Click the film to start it; click it again or press the **space bar**\nto pause.")
    ) == [Step(("click",), True), Step(("click", "space"), False)]
    # The words this issue replaced: the click starts the film, the space bar then stops it.
    old = plain("Click the film, so that it listens to your keys, and press the space bar to play.")
    assert steps_in(old) == [Step(("click",), None), Step(("space",), True)]


def markdown_cells(notebook: str) -> list[tuple[int, str]]:
    cells = json.loads((REPO / "notebooks" / f"{notebook}.ipynb").read_text("utf-8"))["cells"]
    return [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "markdown"]


def instruction(notebook: str, heading: str) -> tuple[int, list[Step]]:
    """The cell index of the step and what its words say to do with the film."""
    [(index, text)] = [(i, t) for i, t in markdown_cells(notebook) if t.startswith(heading)]
    steps = steps_in(plain(text))
    assert any(s.playing is True for s in steps), f"{notebook} {heading}: how to start it?"
    assert any(s.playing is False for s in steps), f"{notebook} {heading}: how to pause it?"
    return index, steps


def test_every_notebook_that_says_how_to_play_is_followed() -> None:
    """A notebook that tells people how to start or stop the film is in STEPS."""
    words = re.compile(r"space bar|click the film", re.IGNORECASE)
    told = {
        (name, text.split("\n", 1)[0].split(":")[0])
        for name in sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb"))
        for _, text in markdown_cells(name)
        if words.search(text) and text.startswith("## Step")
    }
    assert told == {(name, heading) for name, heading, _ in STEPS} | set(SAME_AS)
    for (name, heading), (followed, its_heading) in SAME_AS.items():
        assert instruction(name, heading)[1] == instruction(followed, its_heading)[1]


# ------------------------------------------------------------------ in the browser

# Where the film is and whether it plays, for the widget shown after markdown cell `i`.
_FILM = """([i, what]) => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets;
  for (let k = i + 1; k < cells.length; k++) {
    const box = cells[k].node.querySelector(what);
    if (box) return box;
  }
  return null;
}"""
STATE = f"""(args) => {{
  const box = ({_FILM})(args);
  const video = box && box.querySelector(".vigkit-player video");
  if (!video) return null;
  const hint = box.querySelector(".vigkit-player-hint");
  const player = box.matches(".vigkit-player") ? box : box.querySelector(".vigkit-player");
  let scrolled = window.scrollY;
  for (let n = box; n; n = n.parentElement) scrolled += n.scrollTop;
  return {{
    paused: video.paused, time: video.currentTime, ready: video.readyState,
    // (its words as text: a cell JupyterLab has not painted yet has no innerText)
    hint: hint && !hint.hidden && hint.getBoundingClientRect().height > 0
      ? hint.textContent.replace(/\\s+/g, " ") : null,
    focused: document.activeElement === player,
    scrolled,
    rows: box.querySelectorAll(".vigkit-tagger-list tbody tr").length,
  }};
}}"""


def state(page: Any, index: int, what: str) -> dict[str, Any]:
    found: dict[str, Any] | None = page.evaluate(STATE, [index, what])
    assert found is not None, f"no {what} after cell {index}"
    return found


def film(page: Any, index: int, what: str) -> Any:
    """The film's <video> under the instruction in cell ``index``, as a locator."""
    cell = page.locator(".jp-Notebook .jp-Cell")
    for k in range(index + 1, cell.count()):
        video = cell.nth(k).locator(f"{what} video")
        if video.count():
            return video.first
    raise AssertionError(f"no film after cell {index}")


def check_playing(page: Any, index: int, what: str, playing: bool, said: str) -> None:
    """The film plays (its time runs on) or is paused (its time stands still)."""
    if playing:
        page.wait_for_function(
            f"(args) => {{ const s = ({STATE})(args); return s && !s.paused; }}",
            arg=[index, what],
            timeout=10_000,
        )
    before = state(page, index, what)
    page.wait_for_timeout(400)
    after = state(page, index, what)
    if playing:
        assert not after["paused"] and after["time"] > before["time"] + 0.1, (said, after)
    else:
        assert after["paused"] and after["time"] == before["time"], (said, after)


def follow(page: Any, index: int, what: str, steps: list[Step], said: str) -> None:
    """Do what the words say, step by step; for a choice ("click it again or press the
    space bar"), try each way from where the step began."""
    video = film(page, index, what)
    for step in steps:
        was_playing = not state(page, index, what)["paused"]
        for k, action in enumerate(step.actions):
            if k > 0 and step.playing is not None and was_playing != step.playing:
                # back to where the step began, with the Play/Pause button, to try the next way
                page.evaluate(
                    f"(args) => ({_FILM})(args).querySelector('.vigkit-player-play').click()",
                    [index, what],
                )
                check_playing(page, index, what, was_playing, f"{said} (again)")
            scrolled = state(page, index, what)["scrolled"]
            if action == "click":
                video.click()
                assert state(page, index, what)["focused"], f"{said}: the click gave no keys"
            else:
                page.keyboard.press("Space")
                assert state(page, index, what)["scrolled"] == scrolled, f"{said}: space scrolled"
            if step.playing is not None:
                check_playing(page, index, what, step.playing, f"{said}: {action}")


@dataclass(frozen=True)
class OwnWorkspace:
    """``lab``, opening each notebook in a JupyterLab workspace of its own, so it is the
    notebook shown (not the one open before, restored)."""

    lab: Lab

    def notebook_url(self, notebook: str) -> str:
        return self.lab.url(f"lab/workspaces/{Path(notebook).stem}/tree/{quote(notebook)}")


@pytest.mark.browser
@pytest.mark.slow
def test_the_notebooks_words_start_and_pause_the_film(
    course: Path,
    page: Any,
    start_lab: Callable[[Path], Lab],
    open_notebook: Callable[[Any, str], NotebookTab],
) -> None:
    lab = start_lab(course)
    opened = None
    for notebook, heading, what in STEPS:
        index, steps = instruction(notebook, heading)
        said = f"{notebook} {heading}"
        if opened != notebook:
            tab = open_notebook(OwnWorkspace(lab), f"notebooks/{notebook}.ipynb")
            tab.run_all(timeout=120)
            assert tab.problems() == [], tab.problems()
            opened = notebook
        page.wait_for_function(
            f"(args) => {{ const s = ({STATE})(args); return s && s.ready >= 2; }}",
            arg=[index, what],
            timeout=30_000,
        )
        film(page, index, what).scroll_into_view_if_needed()
        # The hint is on the film until it first plays, and names the keys.
        first = state(page, index, what)
        assert first["paused"] and first["hint"], f"{said}: no hint on the film"
        assert "Click the film" in first["hint"] and "space" in first["hint"], first["hint"]
        if what == ".vigkit-tagger":
            assert "1–6: tag" in first["hint"] and "z: undo" in first["hint"], first["hint"]

        follow(page, index, what, steps, said)
        assert state(page, index, what)["hint"] is None, f"{said}: the hint stayed"
        if what == ".vigkit-tagger":
            # after the click, the tagger's keys still tag
            page.keyboard.press("1")
            page.wait_for_function(
                f"(args) => ({STATE})(args).rows >= 1", arg=[index, what], timeout=10_000
            )
        if not state(page, index, what)["paused"]:
            page.keyboard.press("Space")

    # A Player of notebook 05 while a copy is being made: the message and a bar.
    code = (
        "from ipywidgets.widgets.widget import _instances\n"
        "from vigkit.widgets import Player\n"
        "player = [w for w in list(_instances.values()) if isinstance(w, Player)][0]\n"
        "player.set_trait('message', 'making a playable copy: 42 %, about 2 min left')\n"
        "player.set_trait('progress', 0.42)\n"
        "player.set_trait('status', 'making')"
    )
    tab.execute(code)
    bar = page.locator(".vigkit-player[data-status='making'] progress.vigkit-player-progress")
    bar.wait_for(state="visible")
    assert bar.evaluate("b => b.value") == pytest.approx(0.42)
    making = page.locator(".vigkit-player[data-status='making']")
    assert "42 %, about 2 min left" in making.inner_text()
    assert making.locator("video").is_hidden()
    tab.execute("player.set_trait('progress', None)\nplayer.set_trait('status', 'ready')")
    bar.wait_for(state="detached")  # ready again: the film, and no bar
    assert page.locator(".vigkit-player progress").first.is_hidden()
    assert page.locator(".vigkit-player video").first.is_visible()

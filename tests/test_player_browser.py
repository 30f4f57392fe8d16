"""The Player in a real JupyterLab and Chromium: it streams the film by URL, plays, seeks
and keeps Python in step, at the server root and under a JupyterHub-like base URL."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

FILM = "films/Zoë b/landscape.mp4"  # a space and a non-ASCII letter on the way
CELLS = [
    "from vigkit.widgets import Player\n"
    f"player = Player('../{FILM}')  # the notebook is one folder below the root\n"
    "player",
    "print(f'T={player.current_time:.3f} P={player.playing} R={player.rate}')",
    "player.seek(1.2)\nplayer.rate = 1.5",
]
STATE = re.compile(r"T=(?P<t>[\d.]+) P=(?P<p>\w+) R=(?P<r>[\d.]+)")
VIDEO = "document.querySelector('.vigkit-player video')"


def video_time(page: Any) -> float:
    return float(page.evaluate(f"() => {VIDEO}.currentTime"))


def python_state(tab: NotebookTab) -> dict[str, str]:
    match = STATE.search(tab.run_cell(1))
    assert match, "the print cell showed no state"
    return match.groupdict()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("base_url", ["/", "/user/trainee/"])
def test_player_streams_plays_and_seeks_in_jupyterlab(
    base_url: str,
    film_dir: Path,
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path, str], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
) -> None:
    root = tmp_path / "root"
    (root / FILM).parent.mkdir(parents=True)
    shutil.copy(film_dir / "landscape.mp4", root / FILM)
    film_responses: list[Any] = []
    page.on("response", lambda r: film_responses.append(r) if "/files/" in r.url else None)

    lab = start_lab(root, base_url)
    notebook = lab.write_notebook("course/player.ipynb", CELLS)
    size_before = notebook.stat().st_size
    tab = open_notebook(lab, "course/player.ipynb")
    tab.run_all()
    page.wait_for_selector(".vigkit-player video[src]")

    # The film comes by URL from the server, under its base URL, with range requests.
    src = page.evaluate(f"() => {VIDEO}.getAttribute('src')")
    assert src == f"{base_url}files/films/Zo%C3%AB%20b/landscape.mp4"
    page.wait_for_function(f"() => {VIDEO}.readyState >= 2")
    first = film_responses[0]
    assert first.request.headers.get("range", "").startswith("bytes=")
    assert first.headers.get("accept-ranges") == "bytes" and first.status in (200, 206)

    # Run All also ran the cell that seeks and sets the speed from Python.
    page.wait_for_function(
        f"() => Math.abs({VIDEO}.currentTime - 1.2) < 0.01 && {VIDEO}.playbackRate === 1.5"
    )
    assert page.locator(".vigkit-player select").input_value() == "1.5"
    readout = page.locator(".vigkit-player-time")
    assert readout.inner_text() == "0:01.05 / 0:06.00"  # m:ss.frames at 25 fps

    # The speed and play buttons work, and Python hears about them.
    page.locator(".vigkit-player select").select_option("1")
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(f"() => {VIDEO}.currentTime > 1.6")
    python = python_state(tab)
    assert (python["p"], python["r"]) == ("True", "1.0")
    page.get_by_role("button", name="Pause", exact=True).click()
    page.wait_for_function(f"() => {VIDEO}.paused")

    # +2 s moves the film; Python's current_time follows.
    before = video_time(page)
    page.get_by_role("button", name="Forward 2 seconds").click()
    page.wait_for_function(
        f"() => !{VIDEO}.seeking && Math.abs({VIDEO}.currentTime - {before + 2}) < 0.05"
    )
    after = video_time(page)
    python = python_state(tab)
    assert float(python["t"]) == pytest.approx(after, abs=0.01) and python["p"] == "False"

    # Keys reach the player, not JupyterLab: one frame on, then 2 s back with "j" (which
    # JupyterLab would take to select the next cell).
    page.locator(".vigkit-player").focus()
    cell_before = tab.active_cell()
    page.keyboard.press(".")
    frame_middle = (int(after * 25 + 1e-3) + 1.5) / 25
    page.wait_for_function(f"() => Math.abs({VIDEO}.currentTime - {frame_middle}) < 0.005")
    page.keyboard.press("j")
    page.wait_for_function(f"() => {VIDEO}.currentTime < {after - 1.5}")
    assert tab.active_cell() == cell_before

    # Python moves the browser again.
    tab.run_cell(2)
    page.wait_for_function(
        f"() => Math.abs({VIDEO}.currentTime - 1.2) < 0.01 && {VIDEO}.playbackRate === 1.5"
    )
    python = python_state(tab)
    assert (float(python["t"]), python["r"]) == (1.2, "1.5")

    body = page.inner_text("body")
    assert "Error displaying widget" not in body and "could not be loaded" not in body

    tab.save()
    saved = notebook.read_text(encoding="utf-8")
    assert notebook.stat().st_size - size_before < 10_000
    assert "data:video" not in saved and not re.search(r"[A-Za-z0-9+/=]{400,}", saved)
    assert "application/vnd.jupyter.widget-view+json" in saved


def assert_loops(page: Any, start: float, end: float) -> None:
    """The first player keeps playing inside ``start``–``end`` and goes round."""
    times = page.evaluate(
        f"""async () => {{
          const seen = [];
          for (let i = 0; i < 36; i++) {{
            seen.push([{VIDEO}.currentTime, {VIDEO}.paused]);
            await new Promise((r) => setTimeout(r, 50));
          }}
          return seen;
        }}"""
    )
    playing = [t for t, paused in times[4:] if not paused]
    assert len(playing) == len(times) - 4, times  # it never stops at the end
    assert min(playing) >= start - 0.05 and max(playing) <= end + 0.1, times
    assert any(b < a - 0.3 for a, b in itertools.pairwise(playing)), times  # it went round


@pytest.mark.browser
@pytest.mark.slow
def test_player_loops_a_moment_and_makes_a_playable_copy(
    film_dir: Path,
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path, str], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
) -> None:
    root = tmp_path / "root"
    (root / "films").mkdir(parents=True)
    for name in ("landscape.mp4", "hevc.mov"):
        shutil.copy(film_dir / name, root / "films" / name)
    lab = start_lab(root, "/")
    lab.write_notebook(
        "loop.ipynb",
        [
            "from vigkit.widgets import Player\n"
            "moment = Player('films/landscape.mp4', 1, 1.6)\nmoment",
            "phone = Player('films/hevc.mov')\nphone",
        ],
    )
    tab = open_notebook(lab, "loop.ipynb")
    tab.run_all()
    moment, phone = page.locator(".vigkit-player").nth(0), page.locator(".vigkit-player").nth(1)

    # The moment is a media fragment and plays round and round.
    assert moment.locator("video").get_attribute("src") == "/files/films/landscape.mp4#t=1,1.6"
    assert moment.get_by_role("button", name="Loop the moment").get_attribute("aria-pressed") == (
        "true"
    )
    page.wait_for_function("() => document.querySelector('.vigkit-player video').readyState >= 2")
    moment.get_by_role("button", name="Play", exact=True).click()
    assert_loops(page, 1, 1.6)

    # Python picks another moment: it plays and loops at once.
    tab.execute("moment.play_moment(3, 3.5)")
    page.wait_for_function(f"() => {VIDEO}.currentTime >= 3 && !{VIDEO}.paused")
    assert_loops(page, 3, 3.5)

    # A phone film browsers cannot play: one click makes a copy, which then plays.
    assert "cannot play (HEVC video in a .mov file)" in phone.inner_text()
    assert phone.locator("video").get_attribute("src") is None
    phone.get_by_role("button", name="Make a playable copy of this film").click()
    page.wait_for_function(
        "() => { const v = document.querySelectorAll('.vigkit-player video')[1];"
        " return v.getAttribute('src') && v.readyState >= 2; }",
        timeout=60_000,
    )
    src = phone.locator("video").get_attribute("src") or ""
    assert re.fullmatch(r"/files/vigkit-work/proxies/hevc-[0-9a-f]{10}-quick\.mp4", src), src
    assert not phone.locator(".vigkit-player-notice").is_visible()

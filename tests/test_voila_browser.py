"""The Tagger in standalone Voilà and Chromium: the film streams from Voilà's
``voila/files/`` (a practice film, or one in the workspace's films folder: the only films
the kit's allowlist serves; with range requests), plays, and a key press is in the
journal on disk; one notebook started by ``make voila`` itself (the page opened with the
token it prints; the film then comes with the login cookie) and every notebook under a
JupyterHub-like base URL. (Voilà's JupyterLab server extension is off in the kit: see
tests/test_lab.py.)"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from browser import Voila

pytest_plugins = ["browser"]

NOTEBOOK = "course/tagging.ipynb"
#: Where each mode's film is: a practice film, or the user's own in the films folder.
FILMS = {
    "make-voila": "media/practice/landscape.mp4",
    "tree": "vigkit-work/films/landscape.mp4",
}
VIDEO = "document.querySelector('.vigkit-tagger video')"
JOURNAL = "vigkit-work/codings/landscape/ana.journal.jsonl"


@pytest.fixture
def stack() -> Iterator[contextlib.ExitStack]:
    """Things to stop after the test (``make voila``)."""
    with contextlib.ExitStack() as things:
        yield things


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "base_url"),
    [("make-voila", "/"), ("tree", "/user/trainee/")],
)
def test_the_tagger_plays_and_tags_in_voila(
    mode: str,
    base_url: str,
    film_dir: Path,
    tmp_path: Path,
    page: Any,
    start_voila: Callable[..., Voila],
    journal_operations: Callable[..., list[dict[str, Any]]],
    stack: contextlib.ExitStack,
) -> None:
    from browser import write_notebook  # the plugin is loaded by now
    from test_voila_safety import running_make_voila

    from vigkit.coding.workspace import Workspace

    film = FILMS[mode]
    root = tmp_path / "root"
    Workspace(root / "vigkit-work")  # as notebook 05 makes it before its films folder
    (root / film).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(film_dir / "landscape.mp4", root / film)
    cell = (
        f"from vigkit.widgets.tagger import Tagger\ntagger = Tagger('../{film}', coder='ana')\n"
        "tagger"
    )
    write_notebook(root / NOTEBOOK, [cell])  # Voilà showing one notebook needs it to start
    if mode == "make-voila":
        voila = stack.enter_context(running_make_voila(root, tmp_path / "voila", NOTEBOOK))
        assert voila.token, voila.log.read_text()
        url = voila.url()
    else:
        voila = start_voila(root, base_url, NOTEBOOK if mode == "one-notebook" else None)
        url = voila.page_url(NOTEBOOK)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(url, timeout=90_000)
    page.wait_for_selector(".vigkit-tagger .vigkit-tagger-code", timeout=90_000)
    page.wait_for_function(f"() => {VIDEO} && {VIDEO}.readyState >= 2")
    src = page.evaluate(f"() => {VIDEO}.getAttribute('src')")
    assert src == f"{base_url}voila/files/{film}"
    # Voilà serves it with range requests, as the browser asks for it.
    assert (
        page.evaluate(
            "async (src) => (await fetch(src, { headers: { Range: 'bytes=0-99' } })).status", src
        )
        == 206
    )

    tagger = page.locator(".vigkit-tagger")
    tagger.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(f"() => {VIDEO}.currentTime > 0.8 && !{VIDEO}.paused")
    tagger.focus()
    page.keyboard.press("1")
    [op] = journal_operations(root / JOURNAL, 1)
    assert op["op"] == "add" and op["event"]["code"] == "being-attentive"
    assert op["event"]["onset"] > 0.8
    page.wait_for_function(
        "() => document.querySelector('.vigkit-tagger-state')?.textContent === '✓'"
    )

    body = page.inner_text("body")
    assert "Error displaying widget" not in body and "could not be" not in body
    assert "Traceback" not in body
    assert not page.locator(".vigkit-tagger-warning").is_visible()
    assert errors == []

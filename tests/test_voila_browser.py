"""The Tagger in standalone Voilà and Chromium: the film streams from Voilà's
``voila/files/`` (allowed by the kit's ``etc/jupyter/voila.json``, with range requests),
plays, and a key press is in the journal on disk; one notebook at the root (as
``make voila`` starts it), every notebook under a JupyterHub-like base URL, and Voilà as
JupyterLab's server extension (``voila/render/...`` on the Lab's server)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from browser import Lab, Voila

pytest_plugins = ["browser"]

FILM = "films/landscape.mp4"
NOTEBOOK = "course/tagging.ipynb"
CELLS = [
    f"from vigkit.widgets.tagger import Tagger\ntagger = Tagger('../{FILM}', coder='ana')\ntagger",
]
VIDEO = "document.querySelector('.vigkit-tagger video')"
JOURNAL = "vigkit-work/codings/landscape/ana.journal.jsonl"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "base_url"),
    [("one-notebook", "/"), ("tree", "/user/trainee/"), ("lab-extension", "/")],
)
def test_the_tagger_plays_and_tags_in_voila(
    mode: str,
    base_url: str,
    film_dir: Path,
    tmp_path: Path,
    page: Any,
    start_voila: Callable[..., Voila],
    start_lab: Callable[..., Lab],
    journal_operations: Callable[..., list[dict[str, Any]]],
) -> None:
    from browser import write_notebook  # the plugin is loaded by now

    root = tmp_path / "root"
    (root / FILM).parent.mkdir(parents=True)
    shutil.copy(film_dir / "landscape.mp4", root / FILM)
    write_notebook(root / NOTEBOOK, CELLS)  # Voilà showing one notebook needs it to start
    if mode == "lab-extension":
        lab = start_lab(root, base_url)
        url = lab.url(f"voila/render/{NOTEBOOK}")
    else:
        voila = start_voila(root, base_url, NOTEBOOK if mode == "one-notebook" else None)
        url = voila.page_url(NOTEBOOK)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(url, timeout=90_000)
    page.wait_for_selector(".vigkit-tagger .vigkit-tagger-code", timeout=90_000)
    page.wait_for_function(f"() => {VIDEO} && {VIDEO}.readyState >= 2")
    src = page.evaluate(f"() => {VIDEO}.getAttribute('src')")
    assert src == f"{base_url}voila/files/{FILM}"
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

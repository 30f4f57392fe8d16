"""The Tagger in a real JupyterLab and Chromium: keys tag the moment they are pressed, the
journal on disk has the tag at once, and z undoes; at the root and under a base URL. Two
taggers on one journal in one page undo only their own tags and show each other's."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from vigkit.coding.journal import replay
from vigkit.core.coursedir import practice_dir

if TYPE_CHECKING:
    from browser import Lab, NotebookTab

pytest_plugins = ["browser"]

FILM = "films/baby-floor-faces.mp4"  # a practice film of the course
CELLS = [
    "from vigkit.widgets.tagger import Tagger\n"
    f"tagger = Tagger('../{FILM}', coder='ana', subjects=['adult', 'child'])\n"
    "tagger",
]
VIDEO = "document.querySelector('.vigkit-tagger video')"
JOURNAL = "vigkit-work/codings/baby-floor-faces/ana.journal.jsonl"
# Note the film's time as each key goes down, before anything else hears it.
RECORD_PRESSES = """() => {
  window.pressTimes = [];
  window.addEventListener("keydown", (e) => window.pressTimes.push(
    [e.key, document.querySelector(".vigkit-tagger video").currentTime]), true);
}"""


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("base_url", ["/", "/user/trainee/"])
def test_keys_tag_the_moment_of_the_press_and_z_undoes(
    base_url: str,
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path, str], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
    journal_operations: Callable[..., list[dict[str, Any]]],
) -> None:
    root = tmp_path / "root"
    (root / FILM).parent.mkdir(parents=True)
    shutil.copy(practice_dir() / "baby-floor-faces.mp4", root / FILM)
    lab = start_lab(root, base_url)
    lab.write_notebook("course/tagging.ipynb", CELLS)
    tab = open_notebook(lab, "course/tagging.ipynb")
    tab.run_all()
    page.wait_for_selector(".vigkit-tagger .vigkit-tagger-code")
    page.wait_for_function(f"() => {VIDEO} && {VIDEO}.readyState >= 2")
    assert page.evaluate(f"() => {VIDEO}.getAttribute('src')") == f"{base_url}files/{FILM}"
    assert page.locator(".vigkit-tagger-code").count() == 6
    assert page.locator(".vigkit-tagger-strip").count() == 1

    # Play, then press "1", later "3", then "z", with the keys on the tagger.
    page.evaluate(RECORD_PRESSES)
    tagger = page.locator(".vigkit-tagger")
    tagger.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(f"() => {VIDEO}.currentTime > 0.8")
    tagger.focus()
    page.keyboard.press("1")
    page.wait_for_timeout(400)
    page.keyboard.press("3")
    page.wait_for_selector(".vigkit-tagger-list tbody tr >> nth=1")
    page.keyboard.press("z")

    ops = journal_operations(root / JOURNAL, 3)
    assert [op["op"] for op in ops] == ["add", "add", "undo"], ops
    coding = replay(root / JOURNAL)
    [event] = coding.to_records()
    presses = dict(page.evaluate("() => window.pressTimes"))
    assert event["code"] == "being-attentive" and event["subject"] == ""
    assert event["onset"] > 0.8 and event["onset"] == pytest.approx(presses["1"], abs=0.2)
    assert ops[1]["event"]["code"] == "receiving-initiatives"
    assert ops[1]["event"]["onset"] == pytest.approx(presses["3"], abs=0.2)

    # The list and the strip show the one saved tag; the keys stayed out of JupyterLab
    # ("1" would have made the cell a heading).
    page.wait_for_function(
        "() => document.querySelectorAll('.vigkit-tagger-list tbody tr').length === 1"
    )
    assert page.locator(".vigkit-tagger-saving").count() == 0
    assert page.locator(".vigkit-tagger-state").inner_text() == "✓"
    assert page.locator(".vigkit-tagger-mark").count() == 1
    assert (
        page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets[0].model.type")
        == "code"
    )

    # An interval: Shift+2 starts it (shown running), 2 ends it; the subject goes with it.
    page.locator(".vigkit-tagger-subject select").select_option("child")
    tagger.focus()
    page.keyboard.press("Shift+2")
    page.wait_for_selector(".vigkit-tagger-code.vigkit-tagger-on")
    page.wait_for_timeout(500)
    page.keyboard.press("2")
    ops = journal_operations(root / JOURNAL, 4)
    interval = ops[3]["event"]
    assert interval["code"] == "encouraging-initiatives" and interval["subject"] == "child"
    assert interval["offset"] - interval["onset"] > 0.3
    page.wait_for_function("() => !document.querySelector('.vigkit-tagger-on')")

    # A note on a row is saved; clicking the row's time jumps there.
    tagger.get_by_role("button", name="Pause", exact=True).click()
    note = page.locator(".vigkit-tagger-note").first
    note.fill("looks up")
    note.press("Enter")
    ops = journal_operations(root / JOURNAL, 5)
    assert ops[4]["op"] == "edit-note" and ops[4]["note"] == "looks up"
    page.locator(".vigkit-tagger-time").first.click()
    page.wait_for_function(
        f"() => Math.abs({VIDEO}.currentTime - {event['onset']}) < 0.01 && !{VIDEO}.seeking"
    )

    # Keys pressed while the player inside has them reach the tagger too.
    page.evaluate(f"() => {{ {VIDEO}.currentTime = 4.0; }}")
    page.wait_for_function(f"() => Math.abs({VIDEO}.currentTime - 4) < 0.05 && !{VIDEO}.seeking")
    page.locator(".vigkit-tagger .vigkit-player").focus()
    page.keyboard.press("4")
    ops = journal_operations(root / JOURNAL, 6)
    assert ops[5]["event"]["code"] == "developing-attuned-interactions"

    # r: that tag receives the initiative before it (the latest earlier tag); the list says so.
    page.keyboard.press("r")
    ops = journal_operations(root / JOURNAL, 7)
    assert ops[6]["op"] == "link" and ops[6]["id"] == ops[5]["event"]["id"]
    assert ops[6]["answers"] == interval["id"]
    page.wait_for_selector(".vigkit-tagger-answers")
    shown = page.locator(".vigkit-tagger-answers").inner_text()
    assert shown.startswith("↩ receives Encouraging initiatives (child) at 0:0"), shown

    body = page.inner_text("body")
    assert "Error displaying widget" not in body and "could not be" not in body
    assert not page.locator(".vigkit-tagger-warning").is_visible()


TWO_TABS = [
    "from vigkit.widgets.tagger import Tagger",
    f"tab_a = Tagger('../{FILM}', coder='ana')\ntab_a",
    f"tab_b = Tagger('../{FILM}', coder='ana')\ntab_b",
]


def rows_of(index: int) -> str:
    """JavaScript: the codes listed in the ``index``-th tagger on the page, saved ones only."""
    return (
        f"[...document.querySelectorAll('.vigkit-tagger')[{index}]"
        ".querySelectorAll('.vigkit-tagger-list tbody tr:not(.vigkit-tagger-saving)')]"
        ".map((row) => row.querySelector('.vigkit-tagger-code-cell').textContent).sort()"
    )


def wait_rows(page: Any, index: int, codes: list[str], timeout: float = 10) -> None:
    """Wait until the ``index``-th tagger lists (as saved) exactly ``codes``."""
    deadline = time.monotonic() + timeout
    while (shown := page.evaluate(f"() => {rows_of(index)}")) != codes:
        assert time.monotonic() < deadline, f"tagger {index} lists {shown}, not {codes}"
        time.sleep(0.1)


@pytest.mark.browser
@pytest.mark.slow
def test_two_taggers_on_one_journal_undo_only_their_own_and_show_each_others_tags(
    tmp_path: Path,
    page: Any,
    start_lab: Callable[[Path, str], Lab],
    open_notebook: Callable[[Lab, str], NotebookTab],
    journal_operations: Callable[..., list[dict[str, Any]]],
) -> None:
    """Two Tagger widgets (two "tabs") on the same film, coder and workspace in one real
    JupyterLab page: tag in A, tag in B, undo in A. B's tag stays, each tagger lists the
    other's tags without a restart, and redo (y, ↷ Redo) puts A's tag back."""
    root = tmp_path / "root"
    (root / FILM).parent.mkdir(parents=True)
    shutil.copy(practice_dir() / "baby-floor-faces.mp4", root / FILM)
    lab = start_lab(root, "/")
    lab.write_notebook("course/two-tabs.ipynb", TWO_TABS)
    tab = open_notebook(lab, "course/two-tabs.ipynb")
    tab.run_all()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.vigkit-tagger video')]"
        ".filter((v) => v.readyState >= 2).length === 2"
    )
    tab_a, tab_b = page.locator(".vigkit-tagger").nth(0), page.locator(".vigkit-tagger").nth(1)

    tab_a.focus()
    page.keyboard.press("1")  # Being attentive, in A
    journal_operations(root / JOURNAL, 1)
    tab_b.focus()
    page.keyboard.press("3")  # Receiving initiatives, in B
    both = ["Being attentive", "Receiving initiatives"]
    wait_rows(page, 1, both)  # B read A's tag from the journal when it saved its own

    tab_a.focus()
    page.keyboard.press("z")  # undo in A: A's own tag goes, the tag B just saved stays
    ops = journal_operations(root / JOURNAL, 3)
    assert [op["op"] for op in ops] == ["add", "add", "undo"], ops
    assert [e["code"] for e in replay(root / JOURNAL).to_records()] == ["receiving-initiatives"]
    assert ops[2]["by"] == ops[0]["by"] != ops[1]["by"] and ops[2]["target"] == 1
    only_b = ["Receiving initiatives"]
    wait_rows(page, 0, only_b)
    wait_rows(page, 1, only_b)  # B hears of A's undo with nothing pressed in B
    assert "removed the tag Being attentive" in tab_a.locator(".vigkit-tagger-status").inner_text()
    page.wait_for_function(
        "() => !document.querySelectorAll('.vigkit-tagger')[0]"
        ".querySelector('.vigkit-tagger-redo').disabled"
    )
    assert tab_a.get_by_role("button", name="Undo").is_disabled()  # A has nothing left
    assert tab_b.get_by_role("button", name="Undo").is_enabled()
    assert tab_b.get_by_role("button", name="Redo").is_disabled()

    # redo in A (the button), then undo and redo in B (z, y): both end with both tags
    tab_a.get_by_role("button", name="Redo").click()
    ops = journal_operations(root / JOURNAL, 4)
    assert ops[3]["op"] == "redo" and ops[3]["by"] == ops[0]["by"]
    wait_rows(page, 1, both)
    tab_b.focus()
    page.keyboard.press("z")
    page.keyboard.press("y")
    ops = journal_operations(root / JOURNAL, 6)
    assert [(op["op"], op["by"] == ops[1]["by"]) for op in ops[4:]] == [
        ("undo", True),
        ("redo", True),
    ]
    assert sorted(e["code"] for e in replay(root / JOURNAL).to_records()) == [
        "being-attentive",
        "receiving-initiatives",
    ]
    wait_rows(page, 0, both)
    assert page.locator(".vigkit-tagger-saving").count() == 0
    body = page.inner_text("body")
    assert "Error displaying widget" not in body and not tab.problems()

"""The Tagger's suggestions lane, in Python: rows are checked, accepting writes a tag with
the right code for the level and an honest note, and decisions outlive the widget."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from vigkit.coding.journal import replay
from vigkit.coding.workspace import Workspace
from vigkit.core.errors import VigkitError
from vigkit.widgets.suggestions import suggestion_id
from vigkit.widgets.tagger import Tagger

ROWS = [
    {
        "rank": 2,
        "onset": 1.0,
        "offset": 2.5,
        "kind": "initiative-received",
        "principle": "receiving-initiatives",
        "code": "receiving-initiatives.receiving-with-words",
        "reason": "the higher voice speaks; the lower voice answers after 0.6 s",
        "score": 0.8,
    },
    {
        "rank": 1,
        "onset": 4.0,
        "offset": 4.0,
        "kind": "waiting",
        "principle": "encouraging-initiatives",
        "code": None,
        "reason": "the lower voice waits 2.5 s after the higher voice",
        "score": 0.9,
    },
]


def tagger(film_dir: Path, work: Path, rows: Any = ROWS, **options: Any) -> Tagger:
    widget = Tagger(
        film_dir / "landscape.mp4",
        coder="ana",
        workspace=work,
        root=film_dir,
        suggestions=rows,
        **options,
    )
    widget.send = lambda *args, **kwargs: None  # type: ignore[method-assign]
    return widget


def test_rows_are_checked_and_get_stable_ids(film_dir: Path, tmp_path: Path) -> None:
    widget = tagger(film_dir, tmp_path / "work", pd.DataFrame(ROWS))
    first, second = widget.suggestions
    assert (first["onset"], first["principle_label"], first["rank"]) == (
        1.0,
        "Receiving initiatives",
        2,
    )
    assert first["id"] == suggestion_id("landscape", "initiative-received", 1.0, 2.5)
    assert second["code"] == "" and second["tag_code"] == "encouraging-initiatives"
    assert first["colour"].startswith("#") and first["score"] == 0.8
    again = tagger(film_dir, tmp_path / "work", list(reversed(ROWS)))
    assert [s["id"] for s in again.suggestions] == [s["id"] for s in widget.suggestions]
    assert tagger(film_dir, tmp_path / "work", None).suggestions == []
    assert tagger(film_dir, tmp_path / "work", pd.DataFrame()).suggestions == []
    numpy_row = {**ROWS[0], "onset": np.float64(1.0), "rank": np.int64(5), "score": np.nan}
    [shown] = tagger(film_dir, tmp_path / "work", [numpy_row]).suggestions
    assert (shown["rank"], shown["score"], shown["id"]) == (5, None, first["id"])
    assert type(shown["onset"]) is float

    bad = [
        ({"principle": "smiling"}, "suggestion 2 (at 0:04.00): 'smiling' is not a principle"),
        ({"code": "guiding.naming"}, "'guiding.naming' is not a behaviour of"),
        ({"onset": 9.0, "offset": 9.5}, "suggestion 2: the onset 0:09.00 is not inside"),
        ({"offset": 3.0}, "suggestion 2: it ends (0:03.00) before it starts (0:04.00)"),
        ({"onset": float("nan")}, "suggestion 2 has no onset"),
        ({"offset": float("inf")}, "suggestion 2: the offset (in seconds) must be a finite"),
        ({"onset": "soon"}, "the onset (in seconds) must be a number, not 'soon'"),
        ({"reason": ""}, "suggestion 2 has no reason"),
    ]
    for change, words in bad:
        with pytest.raises(VigkitError, match=words.replace("(", r"\(").replace(")", r"\)")):
            tagger(film_dir, tmp_path / "work", [ROWS[0], {**ROWS[1], **change}])
    with pytest.raises(VigkitError, match="no column 'reason'"):
        tagger(film_dir, tmp_path / "work", pd.DataFrame(ROWS).drop(columns="reason"))
    with pytest.raises(VigkitError, match="a table"):
        tagger(film_dir, tmp_path / "work", "where to look")


@pytest.mark.parametrize(
    ("level", "code"),
    [
        ("category", "receiving-initiatives"),
        ("behaviour", "receiving-initiatives.receiving-with-words"),
    ],
)
def test_accept_writes_a_tag_with_the_level_s_code_and_the_reason(
    film_dir: Path, tmp_path: Path, level: str, code: str
) -> None:
    widget = tagger(film_dir, tmp_path / "work", level=level)
    widget.subject = "child"
    first, second = (s["id"] for s in widget.suggestions)
    event = widget.accept(first)
    [saved] = replay(widget.journal.path).to_records()
    assert saved["id"] == event["id"] and saved["code"] == code
    assert (saved["onset"], saved["offset"], saved["subject"]) == (1.0, 2.5, "child")
    assert saved["note"] == f"Suggested: {ROWS[0]['reason']}"
    assert [s["id"] for s in widget.suggestions] == [second]
    with pytest.raises(VigkitError, match="already tagged or set aside"):
        widget.accept(first)
    # A point in time (onset = offset) is a tap; from the browser, the ack has the event.
    sent: list[dict[str, Any]] = []
    widget.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    widget._handle_custom_msg({"type": "accept", "id": second, "ref": "r1", "subject": ""}, [])
    tap = replay(widget.journal.path).to_records()[-1]
    assert tap["code"] == "encouraging-initiatives" and tap["onset"] == tap["offset"] == 4.0
    assert tap["subject"] == "" and sent == [{"type": "ack", "ref": "r1", "id": tap["id"]}]
    assert widget.suggestions == []


def test_decisions_outlive_the_tagger_and_an_undone_tag_brings_its_suggestion_back(
    film_dir: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    widget = tagger(film_dir, work)
    first, second = (s["id"] for s in widget.suggestions)
    widget._handle_custom_msg({"type": "dismiss", "id": second, "ref": 3}, [])
    widget.accept(first)
    saved = json.loads((work / "moments" / "landscape--ana.json").read_text())
    assert set(saved["dismissed"]) == {second} and set(saved["accepted"]) == {first}
    widget.close()

    again = tagger(film_dir, work)
    assert again.suggestions == [] and again.warning == ""
    other = Tagger(
        film_dir / "landscape.mp4", coder="ben", workspace=work, root=film_dir, suggestions=ROWS
    )
    assert len(other.suggestions) == 2  # another coder decides for themself
    other.close()
    [tag] = again.events
    again._handle_custom_msg({"type": "delete", "id": tag["id"]}, [])
    # the tag went: its suggestion comes back, the set-aside one stays away
    assert [s["id"] for s in again.suggestions] == [first]
    with pytest.raises(VigkitError, match="no suggestion 'nope'"):
        again.dismiss("nope")
    again.close()


def test_an_unreadable_decisions_file_is_said_and_treated_as_empty(
    film_dir: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    path = Workspace(work).root / "moments" / "landscape--ana.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"accepted": [1, 2', encoding="utf-8")
    widget = tagger(film_dir, work)
    assert len(widget.suggestions) == 2
    assert str(path) in widget.warning and "could not be read" in widget.warning
    widget.dismiss(widget.suggestions[0]["id"])  # the next decision replaces the file
    assert len(json.loads(path.read_text())["dismissed"]) == 1
    assert len(widget.suggestions) == 1
    widget.close()

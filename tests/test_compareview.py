"""CompareView's Python side: the data the browser draws, built from a real comparison of a
practice exercise; playing, stepping, padding and errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import vigkit.practice.exercises
import vigkit.views
from vigkit import Coding, VigkitError, compare, compare_many
from vigkit.core.coursedir import practice_dir
from vigkit.views.compareview import CompareView, moment_steps, replay_window
from vigkit.views.marks import STATUS_FILLED, STATUS_SHAPES, STATUSES, timeline
from vigkit.widgets import Player, Tagger
from vigkit.widgets.esm import SHARED, esm

EXERCISE = "spot-attentive"  # nursery-teddy-bedtime, 55 s, six moments of being attentive
FILM = practice_dir() / "nursery-teddy-bedtime.mp4"
ATTENTIVE, ENCOURAGING = "being-attentive", "encouraging-initiatives"
# Rows of the marks table for the trainee below: lane 0 is the trainee's (rows 0-5), lane 1
# the reference's (rows 6-11).
MISS, RECODED, EXTRA, RECODED_REFERENCE = 8, 2, 4, 9


class Sent:
    """Records the custom messages a widget sends to the browser."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def __call__(self, content: dict[str, Any], buffers: object = None) -> None:
        self.messages.append(content)


def practice_pair(coder: str = "ana") -> tuple[Coding, Coding]:
    """A trainee's coding of the exercise's film and the reference: the trainee dropped the
    moment at 8.3 s, tagged the one at 1.5 s 0.8 s late, named the one at 23 s
    "encouraging initiatives" and tagged an extra moment at 38 s."""
    reference = vigkit.exercises.load(EXERCISE).reference()
    rows = []
    for i, event in enumerate(reference.to_records()):
        if i == 2:
            continue
        row = {k: event[k] for k in ("clip", "code", "subject", "onset", "offset")}
        row |= {"coder": coder, "role": "trainee"}
        if i == 0:
            row["onset"] = row["offset"] = 2.3
        if i == 3:
            row["code"] = ENCOURAGING
        rows.append(row)
    clip = reference.clips[0]
    rows.append({"clip": clip, "coder": coder, "role": "trainee", "code": ATTENTIVE, "onset": 38.0})
    return Coding(rows), reference


def view_of(comparison: Any, **options: Any) -> CompareView:
    return CompareView(comparison, FILM, root=FILM.parent, **options)


@pytest.fixture
def view(monkeypatch: pytest.MonkeyPatch) -> CompareView:
    widget = view_of(compare(*practice_pair()))
    monkeypatch.setattr(widget.player, "send", Sent())
    return widget


def sent(view: CompareView) -> list[dict[str, Any]]:
    return view.player.send.messages  # type: ignore[no-any-return]


def state_size(widget: Any) -> int:
    """The bytes of a widget's state the browser is sent (its scripts aside)."""
    state = widget.get_state()
    return len(json.dumps({k: v for k, v in state.items() if k not in ("_esm", "_css")}))


# ---------------------------------------------------------------- what the browser draws
def test_the_view_holds_a_player_and_every_mark_with_its_status() -> None:
    comparison = compare(*practice_pair())
    view = view_of(comparison)
    assert isinstance(view.player, Player) and view.player.src == FILM.name
    assert view.get_state()["player"] == f"anywidget:{view.player.model_id}"
    assert view.end == pytest.approx(55.0, abs=0.05)
    assert view.lanes == [
        {"name": "ana", "label": "ana (trainee)", "role": "coder"},
        {"name": "reference", "label": "reference (supervisor)", "role": "reference"},
    ]
    statuses = [m["status"] for m in view.marks]
    assert len(statuses) == 12 and [m["lane"] for m in view.marks] == [0] * 6 + [1] * 6
    assert {s: statuses.count(s) for s in set(statuses)} == {
        "agreed": 8,
        "named-differently": 2,
        "missed": 1,
        "extra": 1,
    }
    assert (view.marks[MISS]["status"], view.marks[MISS]["onset"]) == ("missed", 8.3)
    assert (view.marks[EXTRA]["status"], view.marks[EXTRA]["onset"]) == ("extra", 38.0)
    assert view.marks[RECODED]["code"] == ENCOURAGING
    assert view.marks[RECODED]["partner"] == RECODED_REFERENCE
    # shapes come from marks.py, with this comparison's words
    line = timeline(comparison)
    assert set(view.shapes) == set(STATUSES)
    for status in STATUSES:
        assert view.shapes[status] == {
            "shape": STATUS_SHAPES[status],
            "filled": STATUS_FILLED[status],
            "words": line.status_words(status),
        }
    assert view.shapes["missed"]["words"] == "only reference tagged it (missed)"
    # colours are the scheme's (Okabe–Ito), for the codes that appear, in the scheme's order
    assert view.codes == [
        {"code": ATTENTIVE, "label": "Being attentive", "colour": "#E69F00"},
        {"code": ENCOURAGING, "label": "Encouraging initiatives", "colour": "#56B4E9"},
    ]
    assert view.title == line.title and view.subtitle == line.subtitle


def test_each_mark_says_its_moment_as_the_feedback_does() -> None:
    comparison = compare(*practice_pair())
    view = view_of(comparison)
    assert view.marks[MISS]["words"] == "0:08 – your supervisor saw Being attentive here."
    assert view.marks[RECODED]["words"] == view.marks[RECODED_REFERENCE]["words"]
    assert view.marks[RECODED]["words"].startswith(
        "0:23 – you saw Encouraging initiatives; your supervisor saw Being attentive."
    )
    # every moment to look at again is one of the feedback's items (the browser links them)
    items = [item for paragraph in view.feedback for item in paragraph["items"]]
    assert {view.marks[row]["words"] for row in view.moments} <= set(items)
    sentences = {moment.sentence() for moment in comparison.feedback().moments}
    assert {mark["words"] for mark in view.marks} == sentences


def test_the_feedback_comes_strengths_first_with_its_lists() -> None:
    comparison = compare(*practice_pair())
    view = view_of(comparison)
    assert [p["text"] for p in view.feedback] == [
        p.split("\n")[0] for p in comparison.feedback().paragraphs
    ]
    assert view.feedback[0] == {
        "text": "You spotted 5 of the 6 moments your supervisor marked, and you named 4 of "
        "them the same way.",
        "items": [],
    }
    looks = next(p for p in view.feedback if p["text"] == "Moments to look at again:")
    assert looks["items"] == ["0:08 – your supervisor saw Being attentive here."]


def test_the_moments_to_look_at_again_are_the_timelines_disagreements_in_order() -> None:
    view = view_of(compare(*practice_pair()))
    assert view.moments == [MISS, RECODED, EXTRA]
    assert view.moments == list(view.timeline.disagreements().index)
    steps = [(m["step"], m["previous"], m["next"]) for m in view.marks]
    assert steps[MISS] == (1, -1, RECODED)
    assert steps[RECODED] == steps[RECODED_REFERENCE] == (2, MISS, EXTRA)  # a pair, either mark
    assert steps[EXTRA] == (3, RECODED, -1)
    assert steps[0] == (0, -1, MISS)  # an agreed mark before them all
    assert steps[3] == (0, RECODED, EXTRA)  # 27 s: between 23 s and 38 s


def test_the_state_is_small_and_holds_no_film() -> None:
    view = view_of(compare(*practice_pair()))
    text = json.dumps(view.get_state(), default=str)
    assert "data:video" not in text and "base64" not in text
    assert state_size(view) < 8_000


def test_a_sixty_event_comparison_keeps_a_small_state(capsys: pytest.CaptureFixture[str]) -> None:
    clip = vigkit.exercises.load(EXERCISE).reference().clips[0]

    def coding(coder: str, role: str, shift: float) -> Coding:
        times = [0.5 + 0.9 * i + shift for i in range(60)]
        codes = [ATTENTIVE, ENCOURAGING, "receiving-initiatives"]
        return Coding(
            {"clip": clip, "coder": coder, "role": role, "code": codes[i % 3], "onset": t}
            for i, t in enumerate(times)
        )

    view = view_of(compare(coding("ana", "trainee", 0.2), coding("sam", "supervisor", 0.0)))
    assert len(view.marks) == 120
    size = state_size(view)
    with capsys.disabled():
        print(f"\nCompareView state for 60 + 60 events: {size} bytes")
    assert size < 60_000


# ---------------------------------------------------------------- playing and stepping
def test_play_loops_the_moment_with_padding_and_selects_it(view: CompareView) -> None:
    view.play(MISS)
    assert view.selected == MISS
    assert (view.player.start, view.player.end, view.player.loop) == (6.3, 10.3, True)
    assert sent(view)[-1] == {"type": "play_moment", "start": 6.3, "end": 10.3}
    # a row of the marks table (as disagreements() gives them) will do too
    row = next(r for _, r in view.timeline.disagreements().iterrows() if r["status"] == "extra")
    view.play(row)
    assert view.selected == EXTRA and (view.player.start, view.player.end) == (36.0, 40.0)
    # a pair replays both sides' stretch: 1.5 s (reference) and 2.3 s (trainee)
    assert view.replay_window(0) == view.replay_window(6) == (0.0, 4.3)


def test_next_and_previous_step_through_the_moments_in_time_order(view: CompareView) -> None:
    assert view.previous() is None and view.selected == -1 and sent(view) == []
    assert [view.next(), view.next(), view.next()] == [MISS, RECODED, EXTRA]
    assert (view.player.start, view.player.end) == (36.0, 40.0)
    assert view.next() is None and view.selected == EXTRA  # the last: nothing more to play
    assert view.previous() == RECODED and (view.player.start, view.player.end) == (21.0, 25.0)
    view.play(3)  # an agreed moment at 27 s
    assert view.next() == EXTRA
    view.play(RECODED_REFERENCE)  # the supervisor's side of the recoded pair
    assert view.next() == EXTRA
    assert [m["type"] for m in sent(view)] == ["play_moment"] * 8


def test_a_mark_chosen_in_the_browser_is_where_python_steps_from(view: CompareView) -> None:
    view.set_state({"selected": RECODED})  # what the browser sends after a click
    assert view.selected == RECODED
    assert view.next() == EXTRA
    view.set_state({"selected": 99})  # nonsense from a browser is "nothing chosen"
    assert view.selected == -1


def test_padding_widens_the_loop_but_never_past_the_film() -> None:
    view = view_of(compare(*practice_pair()), padding=10.0)
    assert view.replay_window(0) == (0.0, 12.3)
    assert view.replay_window(5) == (38.0, 55.0)  # 48 s + 10 s: cut at the film's end
    assert replay_window(54.9, 54.9, 0.0, 55.0) == (54.0, 55.0)  # at least a second
    assert replay_window(0.0, 0.0, 0.0, 55.0) == (0.0, 1.0)
    assert replay_window(3.0, 3.0, 0.0, 0.5) == (0.0, 0.5)  # a film shorter than a second
    still = view_of(compare(*practice_pair()), padding=0)
    assert still.replay_window(MISS) == (8.3, 9.3)


def test_moment_steps_with_no_moments_go_nowhere() -> None:
    marks = [{"replay_start": 1.0, "lane": 0, "partner": -1}]
    assert moment_steps(marks, []) == [{"step": 0, "next": -1, "previous": -1}]


# ---------------------------------------------------------------- other comparisons
def test_an_exercise_result_brings_its_film_and_its_feedback() -> None:
    trainee, _ = practice_pair()
    result = vigkit.exercises.load(EXERCISE).check(trainee)
    view = CompareView(result, root=FILM.parent)  # the film is the exercise's
    assert view.player.film == result.exercise.video == FILM
    assert view.feedback[-1]["text"] == result.feedback().paragraphs[-1]
    assert view.feedback[0]["text"].startswith("You spotted")
    assert len(view.marks) == len(result.comparison.coder_events) + result.of


def test_a_group_has_a_lane_per_coder_and_a_found_summary() -> None:
    ana, reference = practice_pair("ana")
    ben = Coding([{**r, "coder": "ben"} for r in reference.to_records()][:4])
    view = view_of(compare_many([ana, ben], reference=reference))
    assert [(lane["name"], lane["role"]) for lane in view.lanes] == [
        ("reference", "reference"),
        ("ana", "coder"),
        ("ben", "coder"),
    ]
    top = [m for m in view.marks if m["lane"] == 0]
    assert [m["found_by"] for m in top] == [2, 2, 1, 2, 1, 1]
    assert top[2]["words"] == "0:08 – reference saw Being attentive; 1 of 2 coders found it."
    recoded = next(m for m in view.marks if m["status"] == "named-differently")
    assert recoded["words"].startswith(
        "0:23 – ana saw Encouraging initiatives; reference saw Being attentive."
    )
    assert view.feedback[0] == {
        "text": "Of the 6 moments reference marked:",
        "items": [
            "ana found 5 of 6, 4 named the same way; 1 moment reference did not mark",
            "ben found 4 of 6, 4 named the same way",
        ],
    }
    assert [view.marks[row]["status"] for row in view.moments] == ["named-differently", "extra"]


def test_a_group_without_a_reference_only_shows_what_each_coder_tagged() -> None:
    ana, reference = practice_pair("ana")
    view = view_of(compare_many([ana, reference]))
    assert {m["status"] for m in view.marks} == {"coded"} and view.moments == []
    assert view.feedback[1]["items"] == ["ana: 6 tags", "reference: 6 tags"]


def test_a_practice_films_clip_finds_its_film() -> None:
    view = CompareView(compare(*practice_pair()), root=FILM.parent)
    assert view.player.film == FILM


# ---------------------------------------------------------------- errors
def test_what_is_not_a_comparison_is_refused() -> None:
    trainee, _ = practice_pair()
    with pytest.raises(VigkitError, match=r"CompareView needs a comparison.*not Coding"):
        CompareView(trainee, FILM)  # type: ignore[arg-type]


def test_a_missing_film_is_named(tmp_path: Path) -> None:
    with pytest.raises(VigkitError, match=r"missing\.mp4"):
        CompareView(compare(*practice_pair()), tmp_path / "missing.mp4", root=tmp_path)


def test_a_film_shorter_than_the_coded_times_is_refused(film_dir: Path) -> None:
    with pytest.raises(VigkitError, match=r"landscape.mp4 is 0:06 long, .* tags up to 0:48"):
        CompareView(compare(*practice_pair()), film_dir / "landscape.mp4", root=film_dir)


def test_an_unknown_clip_needs_its_film(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGKIT_WORKSPACE", str(tmp_path / "work"))
    mine = Coding([{"clip": "home-play", "coder": "ana", "code": ATTENTIVE, "onset": 3}])
    theirs = Coding([{"clip": "home-play", "coder": "sam", "code": ATTENTIVE, "onset": 4}])
    with pytest.raises(VigkitError, match="which film is clip 'home-play'"):
        CompareView(compare(mine, theirs))
    assert not (tmp_path / "work").exists()  # looking made no workspace


def test_a_clip_registered_in_the_workspace_finds_its_film(film_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "films").mkdir(parents=True)
    film = shutil.copy(film_dir / "landscape.mp4", root / "films" / "home-play.mp4")
    tagger = Tagger(film, coder="ana", workspace=root / "work", root=root)  # registers it
    tagger.journal.add(ATTENTIVE, 3.0)
    theirs = Coding([{"clip": "home-play", "coder": "sam", "code": ATTENTIVE, "onset": 4}])
    view = CompareView(compare(tagger.coding, theirs), workspace=root / "work", root=root)
    assert view.player.film == Path(film) and view.moments == []


@pytest.mark.parametrize("padding", [-1, float("nan"), float("inf"), "2", True])
def test_padding_must_be_a_number_of_seconds(padding: Any) -> None:
    with pytest.raises(VigkitError, match="padding must be 0 seconds or more"):
        view_of(compare(*practice_pair()), padding=padding)


@pytest.mark.parametrize("mark", [12, -1, True, 2.5, "2"])
def test_playing_a_mark_that_is_not_there_says_which_there_are(
    view: CompareView, mark: Any
) -> None:
    with pytest.raises(VigkitError, match=r"there is no mark .* \(rows 0–11\)"):
        view.play(mark)
    assert view.selected == -1 and sent(view) == []


# ---------------------------------------------------------------- code shipped to the browser
def test_the_widgets_share_one_copy_of_the_dom_helpers() -> None:
    helper = SHARED.read_text(encoding="utf-8")
    assert "function make(" in helper
    for widget in (Player, Tagger, CompareView):
        script = str(widget._esm)
        assert script.startswith(helper) and script.count("function make(") == 1
    folders = (SHARED.parent, Path(vigkit.views.__file__).parent)
    for own in [p for folder in folders for p in folder.glob("*.js") if p != SHARED]:
        assert "function make(" not in own.read_text(encoding="utf-8"), own
    source = str(CompareView._esm)
    assert '"data-lm-suppress-shortcuts"' in source and esm(Path(__file__)).endswith(
        Path(__file__).read_text(encoding="utf-8")
    )


def test_importing_the_views_stays_light() -> None:
    code = "import sys, vigkit.views; print('anywidget' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
    assert vigkit.views.CompareView is CompareView


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_time_axis_reads_minutes_and_seconds(tmp_path: Path) -> None:
    module = tmp_path / "compareview.mjs"
    module.write_text(str(CompareView._esm), encoding="utf-8")
    script = (
        f"import {{ clock, tickStep }} from {json.dumps(module.as_uri())};"
        "console.log(JSON.stringify([[0, 9.6, 75.4, 3725].map(clock),"
        " [6, 55, 90, 600, 5000].map(tickStep)]));"
    )
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [
        ["0:00", "0:10", "1:15", "1:02:05"],
        [1, 5, 10, 60, 600],
    ]

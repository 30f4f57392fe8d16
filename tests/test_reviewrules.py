"""The reel rules of a shared review: warnings (never refusals) above 3 clips or 10 s a
clip, each with its reason, clips in film order – in the rules and in the MomentPicker."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vigkit import Workspace, guide
from vigkit.coding.table import Coding
from vigkit.media.probe import probe
from vigkit.media.reviewrules import MAX_CLIPS, MAX_SECONDS, reel_warnings, review_order
from vigkit.reflection import (
    MomentPicker,
    SelectedMoment,
    add_moment,
    load_record,
    new_record,
    record_path,
    save_record,
)

from films import consent_everything


@dataclass(frozen=True)
class Span:
    start: float
    end: float


spans = st.lists(
    st.tuples(st.floats(0, 600, allow_nan=False), st.floats(0.1, 30, allow_nan=False)).map(
        lambda pair: Span(round(pair[0], 3), round(pair[0] + pair[1], 3))
    ),
    max_size=8,
)


@given(spans)
def test_review_order_is_the_film_order_of_the_same_moments(moments: list[Span]) -> None:
    ordered = review_order(moments)
    assert sorted(map(id, ordered)) == sorted(map(id, moments))  # the same objects
    assert all((a.start, a.end) <= (b.start, b.end) for a, b in pairwise(ordered))
    assert review_order(list(reversed(moments))) == ordered  # equal spans are equal


@given(spans)
def test_a_warning_for_too_many_clips_and_for_each_long_clip(moments: list[Span]) -> None:
    warnings = reel_warnings(moments)
    too_many = [w for w in warnings if w.rule == "clips"]
    assert len(too_many) == (len(moments) > MAX_CLIPS)
    long = [w.clip for w in warnings if w.rule == "length"]
    ordered = review_order(moments)
    assert long == [
        n for n, m in enumerate(ordered, start=1) if m.end - m.start > MAX_SECONDS + 1e-6
    ]
    assert warnings[: len(too_many)] == too_many  # the number of clips is said first


def test_the_warnings_say_why_in_plain_words() -> None:
    five = [Span(t, t + 4) for t in (50, 10, 30, 20, 40)]
    assert [str(w) for w in reel_warnings(five)] == [
        "A shared review usually shows up to 3 clips: with 5, the client may find it hard to "
        "take each one in and talk it through, and the review can feel like a lesson rather "
        "than a conversation. You can still make the reel; think of keeping the 3 that speak "
        "most to the helping question."
    ]
    (long,) = reel_warnings([Span(30, 34), Span(2, 16.25)])
    assert long.clip == 1  # the earlier one is shown first
    assert long.text.startswith(
        "Clip 1 is 14.2 s long: a shared-review clip is usually at most about 10 s, short "
        "enough to watch again and again"
    )
    assert reel_warnings([Span(0, 10), Span(20, 30), Span(40, 50)]) == []  # at the limits


def _coding() -> Coding:
    rows = [
        ("receiving-initiatives", 40.0, None),  # 38–43 s
        ("waiting", 5.0, None),  # 3–8 s
        ("guiding", 20.0, 35.0),  # 15 s: too long for a shared review
        ("being-attentive", 50.0, None),
    ]
    return Coding(
        [
            {"clip": "home", "coder": "P07", "code": c, "onset": on, "offset": off}
            for c, on, off in rows
        ],
        duration=60.0,
    )


def test_the_picker_numbers_clips_in_film_order_and_warns_as_they_are_ticked(
    tmp_path: Path,
) -> None:
    workspace = Workspace(tmp_path / "ws")
    saved = save_record(new_record("P07", "verp", "More time?"), record_path(workspace, "P07"))
    picker = MomentPicker(saved, 1, _coding(), tmp_path / "no-film.mp4", workspace, delay=0)
    assert picker.rules.value == "" and picker.warnings == []
    rows = [box.description for box in picker.choose]
    assert rows == ["0:05  Waiting", "0:20  Guiding", "0:40  Receiving initiatives",
                    "0:50  Being attentive"]  # fmt: skip
    picker.choose[2].value = True  # 0:40 ticked first: clip 1 …
    assert picker.choose[2].description == "Clip 1: 0:40  Receiving initiatives"
    picker.choose[0].value = True  # … until 0:05, earlier in the film, is ticked
    assert [box.description for box in picker.choose] == [
        "Clip 1: 0:05  Waiting", "0:20  Guiding", "Clip 2: 0:40  Receiving initiatives",
        "0:50  Being attentive",
    ]  # fmt: skip
    assert picker.rules.value == ""
    picker.choose[1].value = True  # the 15 s one: clip 2 now, and a warning about it
    assert picker.choose[1].description.startswith("Clip 2: ")
    assert picker.choose[2].description.startswith("Clip 3: ")
    assert [w[:30] for w in picker.warnings] == ["Clip 2 is 15 s long: a shared-"]
    assert "Clip 2 is 15 s long" in picker.rules.value
    picker.choose[3].value = True  # four clips: said first, and nothing is refused
    assert picker.warnings[0].startswith("A shared review usually shows up to 3 clips: with 4")
    assert picker.rules.value.count("⚠") == 2
    moments = load_record(saved).cycle(1).moments
    assert [m.start for m in moments] == [3.0, 20.0, 38.0, 48.0]  # saved in review order
    picker.choose[1].value = False
    assert picker.warnings == [] and picker.rules.value == ""
    assert picker.choose[1].description == "0:20  Guiding"


def test_the_reel_step_makes_a_reel_of_four_clips_and_says_why_three_is_usual(
    tmp_path: Path, film_dir: Path
) -> None:
    workspace = Workspace(tmp_path / "ws")
    source = film_dir / "landscape.mp4"
    consent_everything(source, workspace.root)
    film = guide.my_film(source, workspace=workspace)
    workspace.journal(film.clip, "P07").add("waiting", 1.0)
    record = new_record("P07", "verp", "More time?")
    for start in (4.5, 3.0, 1.5, 0.0):  # chosen latest first
        record = add_moment(
            record, 1, SelectedMoment(film.clip, start, start + 0.5, ("encouraging-initiatives",))
        )
    save_record(record, record_path(workspace, "P07"))
    note = guide.review_reel(film, "P07", 1, hold_still=0.1, size=(160, 90), workspace=workspace)
    text = str(note)
    assert "4 moments in the order of your film" in text
    assert "A shared review usually shows up to 3 clips: with 4, the client may" in text
    made = workspace.exports_dir / "P07-cycle-1-reel.mp4"
    assert probe(made).duration > 4 * 0.5  # made all the same: a warning, not a refusal

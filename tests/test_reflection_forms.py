"""The reflection forms: typing saves the record on disk, failures say so and keep the text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from vigkit import Workspace
from vigkit.coding.table import Coding
from vigkit.media.probe import probe
from vigkit.reflection import (
    MomentPicker,
    PracticeRecord,
    ReflectionForm,
    SelectedMoment,
    TMEForm,
    add_moment,
    add_target,
    load_prompts,
    load_record,
    new_record,
    rate_target,
    record_path,
    save_record,
)

from films import consent_everything


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


@pytest.fixture
def saved(workspace: Workspace) -> Path:
    record = new_record("P07", "verp", "How can I give pupils more time?")
    record = add_target(record, "Pupils answer in full sentences", 3, 7)
    record = add_target(record, "How worried I feel", 8, 4)
    record = rate_target(record, "target-1", 1, 5)
    return save_record(record, record_path(workspace, "P07"))


def _saved_ok(form: ReflectionForm | TMEForm | MomentPicker) -> None:
    assert form.status.value.startswith("Saved "), form.status.value


def test_reflection_form_saves_what_is_typed(saved: Path) -> None:
    form = ReflectionForm(saved, 1, delay=0)
    prompts = load_prompts("verp").for_cycle("verp", 1)
    assert list(form.answers) == [p.id for p in prompts]
    assert form.status.value == ""
    form.answers["what-is-working"].value = "I leaned in and nodded."
    _saved_ok(form)
    assert load_record(saved).cycle(1).reflections == {"what-is-working": "I leaned in and nodded."}
    form.helping_question.value = "How can I wait longer?"
    assert load_record(saved).helping_question == "How can I wait longer?"
    assert form.record == load_record(saved)
    # the form shows what is already in the record
    again = ReflectionForm(saved, 1)
    assert again.answers["what-is-working"].value == "I leaned in and nodded."
    assert again.helping_question.value == "How can I wait longer?"


def test_reflection_form_debounces_then_saves(saved: Path) -> None:
    form = ReflectionForm(saved, 2, delay=0.05)
    for text in ("I", "I wa", "I waited"):
        form.answers["what-is-working"].value = text
    assert form.status.value == "Saving…"
    deadline = time.monotonic() + 5
    while not form.status.value.startswith("Saved") and time.monotonic() < deadline:
        time.sleep(0.02)
    _saved_ok(form)
    assert load_record(saved).cycle(2).reflections["what-is-working"] == "I waited"


def test_a_record_object_is_saved_into_the_workspace(workspace: Workspace) -> None:
    form = ReflectionForm(new_record("P09", "vig-client"), 1, workspace, delay=0)
    first = form.prompts.for_cycle("vig-client", 1)[0].id
    form.answers[first].value = "Mum smiled back."
    assert form.path == record_path(workspace, "P09")
    assert load_record(form.path).cycle(1).reflections[first] == "Mum smiled back."


def test_a_failed_save_says_so_and_keeps_the_text(saved: Path) -> None:
    form = ReflectionForm(saved, 1, delay=0)
    saved.unlink()
    saved.mkdir()  # the record's place is now a folder: saving must fail
    form.answers["what-is-working"].value = "Precious words"
    assert form.status.value.startswith("Not saved: "), form.status.value
    assert form.answers["what-is-working"].value == "Precious words"
    assert form.record.cycle(1).reflections["what-is-working"] == "Precious words"
    assert form.save() is False
    saved.rmdir()  # fixed: the next save writes everything typed so far
    assert form.save() is True
    _saved_ok(form)
    assert load_record(saved).cycle(1).reflections["what-is-working"] == "Precious words"


def test_tme_form_saves_ratings(saved: Path) -> None:
    form = TMEForm(saved, delay=0)
    first, second = form.sliders["target-1"], form.sliders["target-2"]
    assert (first["baseline"].min, first["baseline"].max) == (1, 10)
    assert first[1].value == 5 and not form.not_rated["target-1"][1].value
    assert form.not_rated["target-1"][2].value and first[2].disabled
    form.not_rated["target-1"][2].value = False
    first[2].value = 6
    _saved_ok(form)
    assert load_record(saved).target("target-1").ratings == (5, 6)
    form.not_rated["target-1"][1].value = True
    assert load_record(saved).target("target-1").ratings == (None, 6)
    second["baseline"].value = 9
    form.not_rated["target-2"][1].value = False
    second[1].value = 6
    target = load_record(saved).target("target-2")
    assert (target.baseline, target.ratings) == (9, (6,))
    _saved_ok(form)


def test_tme_form_refuses_a_bad_change_without_losing_the_record(saved: Path) -> None:
    form = TMEForm(saved, delay=0)
    form.sliders["target-1"]["baseline"].value = 7  # same as hoped-for: not allowed
    assert form.status.value.startswith("Not saved: "), form.status.value
    assert "hoped-for" in form.status.value
    assert load_record(saved).target("target-1").baseline == 3
    form.sliders["target-1"]["baseline"].value = 2
    _saved_ok(form)
    assert load_record(saved).target("target-1").baseline == 2


def _coding() -> Coding:
    def event(code: str, onset: float, offset: float | None = None) -> dict[str, object]:
        return {"clip": "landscape", "coder": "P07", "code": code, "onset": onset, "offset": offset}

    return Coding(
        [
            event("waiting", 1.0),
            event("encouraging-initiatives.showing-warmth", 2.0, 2.6),
            event("being-attentive.wondering", 5.5),
        ],
        duration=6.0,
    )


def test_moment_picker_stores_chosen_moments_with_captions(
    saved: Path, film_dir: Path, workspace: Workspace
) -> None:
    record = add_moment(
        load_record(saved), 1, SelectedMoment("other-clip", 0, 1, (), "my own moment")
    )
    save_record(record, saved)
    coding = _coding()
    codes = list(coding.events["code"])
    picker = MomentPicker(saved, 1, coding, film_dir / "landscape.mp4", delay=0)
    assert picker.workspace.root == workspace.root
    labels = [box.description for box in picker.choose]
    assert labels[0].startswith("0:01") and "Waiting" in labels[0]
    assert all(caption.disabled for caption in picker.captions)
    picker.choose[0].value = True
    picker.captions[0].value = "I waited and Ali carried on"
    picker.choose[2].value = True
    picker.captions[2].value = "A warm goodbye"
    _saved_ok(picker)
    moments = load_record(saved).cycle(1).moments
    assert moments[0].working == "my own moment"  # moments chosen elsewhere are kept
    ours = moments[1:]
    assert [(m.start, m.end, m.codes, m.working) for m in ours] == [
        (0.0, 4.0, (codes[0],), "I waited and Ali carried on"),
        (3.5, 6.0, (codes[2],), "A warm goodbye"),  # clipped to the 6 s film
    ]
    # unticking removes one; reopening shows what was chosen
    picker.choose[0].value = False
    assert [m.working for m in load_record(saved).cycle(1).moments] == [
        "my own moment",
        "A warm goodbye",
    ]
    again = MomentPicker(saved, 1, _coding(), film_dir / "landscape.mp4")
    assert [box.value for box in again.choose] == [False, False, True]
    assert again.captions[2].value == "A warm goodbye"


def test_make_the_reel_renders_into_exports(
    workspace: Workspace, saved: Path, film_dir: Path
) -> None:
    consent_everything(film_dir / "landscape.mp4", workspace.root)
    picker = MomentPicker(saved, 1, _coding(), film_dir / "landscape.mp4", delay=0)
    picker._make_reel_clicked()
    assert picker.reel_status.value.startswith("Could not make the reel: tick")
    picker.choose[1].value = True  # the 0.6 s span event: a short reel
    picker.captions[1].value = "Warmth"
    picker.make_reel_button.click()
    path = picker.reel_path()
    assert path.parent == workspace.exports_dir and path.suffix == ".mp4"
    assert "Reel saved" in picker.reel_status.value, picker.reel_status.value
    assert path.name in picker.reel_status.value
    info = probe(path)
    assert 3.0 < info.duration < 4.5  # title card (3 s) and the 0.6 s moment
    assert isinstance(picker.record, PracticeRecord)

"""The workbook's conveniences for notebooks 04–06 (``vigkit.guide``), on real files: the
demo workspace's codings, a supervisor's file in every format the kit reads, practice
films and small test films. Every step that needs the user's work says kindly what to do
first and writes nothing; the others make their files in the workspace, never touching
the film."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from vigkit import Coding, Workspace, guide
from vigkit.core.errors import VigkitError
from vigkit.media.probe import probe
from vigkit.practice.exercises import ExerciseResult
from vigkit.reflection import (
    MomentPicker,
    ReflectionForm,
    SelectedMoment,
    TMEForm,
    add_moment,
    add_target,
    load_record,
    new_record,
    record_path,
    save_record,
    set_film,
)
from vigkit.views.compareview import CompareView
from vigkit.views.movement import Picture
from vigkit.widgets import Player
from vigkit.widgets.serving import SERVER_ROOT_ENV

from films import consent_everything

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo-workspace"
NOTEBOOKS = ROOT / "notebooks"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def ws(tmp_path: Path, film_dir: Path) -> Workspace:
    """A new workspace, in whose consent register every use of the test films is consented."""
    workspace = Workspace(tmp_path / "work")
    for film in sorted(film_dir.iterdir()):
        if film.is_file():
            consent_everything(film, workspace.root)
    return workspace


def _demo_coding(ws: Workspace, clip: str, who: str = "P-demo") -> Path:
    """The demo practitioner's coding of ``clip``, put in the workspace as a CSV."""
    folder = ws.codings_dir / clip
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(DEMO / "codings" / clip / f"{who}.csv", folder / f"{who}.csv"))


def _supervisor_file(clip: str) -> Path:
    return DEMO / "codings" / clip / "S-demo.reference.csv"


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- notes
def test_a_note_reads_as_plain_sentences_and_as_html() -> None:
    note = guide.Note("Saved:\n- `exports/a.png`\n- `exports/b.xlsx`", "", "Well <done> & kept.")
    assert note.paragraphs == (
        "Saved:\n- `exports/a.png`\n- `exports/b.xlsx`",
        "Well <done> & kept.",
    )
    assert (
        str(note)
        == repr(note)
        == "Saved:\n- exports/a.png\n- exports/b.xlsx\n\nWell <done> & kept."
    )
    page = note._repr_html_()
    assert (
        "<ul><li><code>exports/a.png</code></li><li><code>exports/b.xlsx</code></li></ul>" in page
    )
    assert "Well &lt;done&gt; &amp; kept." in page
    assert note == guide.Note(*note.paragraphs) and note != guide.Note("other")


# ---------------------------------------------------------------- 04: codings
def test_my_coding_is_empty_until_there_are_tags(ws: Workspace) -> None:
    assert len(guide.my_coding("T07", "toddler-blocks", ws)) == 0
    journal = ws.journal("toddler-blocks", "T07")  # an opened Tagger makes an empty journal
    assert len(guide.my_coding("T07", "toddler-blocks", ws)) == 0
    journal.add("being-attentive", 3.0)
    coding = guide.my_coding("T07", "toddler-blocks", ws)
    assert list(coding.events["code"]) == ["being-attentive"]
    with pytest.raises(VigkitError, match="pseudonyms"):
        guide.my_coding("Jo Bloggs", "toddler-blocks", ws)


def test_my_coding_reads_a_coding_file_put_in_the_workspace(ws: Workspace) -> None:
    path = _demo_coding(ws, "toddler-blocks")
    coding = guide.my_coding("P-demo", "toddler-blocks", ws)
    assert coding == Coding.read(path)
    assert coding.coders == ("P-demo",) and len(coding) == 15


def test_a_fresh_workspace_compares_nothing_and_writes_nothing(ws: Workspace) -> None:
    check = guide.compare_with_supervisor("T07", exercise="code-all-six", workspace=ws)
    assert not check.tagged and check.comparison is None and check.result is None
    assert check.clip == "group-bridge-building" and len(check.mine) == 0
    assert check.film == ROOT / "media" / "practice" / "group-bridge-building.mp4"
    text = str(check)
    assert text.startswith("You have not tagged group-bridge-building as T07 yet")
    assert "notebook 03 (Code a film)" in text
    assert "(the reference coding of the exercise 'code-all-six')" in text
    assert "by reference" not in text  # the answer key is not a person
    for step in (guide.timeline, guide.replay, guide.confusion, guide.statistics):
        note = step(check)
        assert isinstance(note, guide.Note), step
        assert "you have not tagged group-bridge-building as T07 yet" in str(note)
    saved = guide.save_comparison(check)
    assert str(saved).startswith("Nothing saved yet")
    assert _files(ws.exports_dir) == [] and _files(ws.codings_dir) == []


def test_a_spot_exercise_points_to_notebook_02(ws: Workspace) -> None:
    check = guide.compare_with_supervisor("T07", exercise="spot-receiving", workspace=ws)
    assert "notebook 02 (Spot initiatives), with the exercise 'spot-receiving'" in str(check)


def test_an_exercise_compares_like_its_check(ws: Workspace) -> None:
    exercise = guide.compare_with_supervisor("T07", exercise="spot-attentive", workspace=ws)
    reference = exercise.supervisor.events
    journal = ws.journal("nursery-teddy-bedtime", "T07")
    for onset in list(reference["onset"])[:3]:
        journal.add("being-attentive", float(onset) + 0.4)
    journal.add("guiding", 20.0)  # another principle: left out of this exercise
    check = guide.compare_with_supervisor("T07", exercise="spot-attentive", workspace=ws)
    assert isinstance(check.result, ExerciseResult)
    assert check.result.found == 3 and check.result.left_out == 1
    assert check.comparison is check.result.comparison
    assert str(check).startswith("Your coding: 4 tags of nursery-teddy-bedtime by T07.")
    assert check.feedback().paragraphs == check.result.feedback().paragraphs
    picture = guide.timeline(check)
    assert isinstance(picture, Picture) and picture._repr_png_().startswith(PNG)
    assert repr(picture).startswith("What T07 and reference tagged in nursery-teddy-bedtime:")
    heat = guide.confusion(check)
    assert isinstance(heat, Picture) and heat._repr_png_().startswith(PNG)
    assert "Alignment kappa" in str(guide.statistics(check))
    view = guide.replay(check)
    assert isinstance(view, CompareView)
    assert view.player.film == check.film and view.feedback  # the exercise's feedback


def test_a_supervisors_file_is_compared_and_kept_for_the_portfolio(ws: Workspace) -> None:
    _demo_coding(ws, "toddler-blocks")
    given = _supervisor_file("toddler-blocks")
    check = guide.compare_with_supervisor(
        "P-demo", clip="toddler-blocks", supervisor_file=given, workspace=ws
    )
    assert check.tagged and check.result is None and check.exercise is None
    assert check.supervisor_name == "S-demo" and check.supervisor_file == given
    assert check.film == ROOT / "media" / "practice" / "toddler-blocks.mp4"  # a practice film
    summary = str(check)
    assert "Your supervisor's coding: 16 tags by S-demo (from S-demo.reference.csv)." in summary
    assert "You spotted 15 of the 16 moments" in summary
    saved = guide.save_comparison(check)
    base = "toddler-blocks__P-demo-vs-S-demo"
    assert _files(ws.exports_dir) == sorted(
        [f"{base}-principles.png", f"{base}-statistics.txt", f"{base}-timeline.png", f"{base}.xlsx"]
    )
    for name in _files(ws.exports_dir):
        assert f"exports/{name}" in str(saved)
    assert "Alignment kappa" in (ws.exports_dir / f"{base}-statistics.txt").read_text("utf-8")
    workbook = pd.read_excel(ws.exports_dir / f"{base}.xlsx", sheet_name=None)
    assert {"Summary", "Matched", "Missed"} <= set(workbook)
    kept = ws.codings_dir / "toddler-blocks" / "S-demo.reference.csv"
    assert Coding.read(kept) == Coding.read(given)
    assert "codings/toddler-blocks/S-demo.reference.csv" in str(saved)
    # Next time the kept copy is found without naming the file.
    again = guide.compare_with_supervisor("P-demo", clip="toddler-blocks", workspace=ws)
    assert again.source == "kept in your workspace"
    assert again.comparison is not None and check.comparison is not None
    assert again.comparison.summary() == check.comparison.summary()


def test_the_film_of_your_own_clip_is_the_one_you_tagged(
    ws: Workspace, film_dir: Path, tmp_path: Path
) -> None:
    ws.register_clip("home-play", film_dir / "landscape.mp4", 6.0)
    journal = ws.journal("home-play", "T07")
    journal.add("guiding", 1.0)
    journal.add("being-attentive", 4.0)
    theirs = Coding(
        [
            {"clip": "home-play", "coder": "S01", "role": "supervisor", "code": c, "onset": t}
            for c, t in (("guiding", 1.5), ("receiving-initiatives", 5.0))
        ]
    )
    given = theirs.to_csv(tmp_path / "S01.csv")
    check = guide.compare_with_supervisor(
        "T07", clip="home-play", supervisor_file=given, workspace=ws
    )
    assert check.film == film_dir / "landscape.mp4"
    nowhere = guide.compare_with_supervisor(
        "T07", clip="home-play", supervisor_file=given, workspace=Workspace(tmp_path / "other")
    )
    assert nowhere.film is None and not nowhere.tagged
    assert f"notebook 05 (My own film), step {guide.TAG_STEP}" in str(nowhere)


def test_an_exercise_with_a_supervisors_file_compares_its_principles_only(
    ws: Workspace,
) -> None:
    _demo_coding(ws, "nursery-teddy-bedtime")
    check = guide.compare_with_supervisor(
        "P-demo",
        exercise="spot-attentive",
        supervisor_file=_supervisor_file("nursery-teddy-bedtime"),
        workspace=ws,
    )
    assert check.comparison is not None and check.result is None
    assert set(check.comparison.coder.events["code"]) == {"being-attentive"}
    assert set(check.comparison.reference.events["code"]) == {"being-attentive"}


@pytest.mark.parametrize("suffix", [".eaf", ".xlsx", ".boris", ".jsonl"])
def test_a_supervisors_file_from_other_tools_is_read(
    ws: Workspace, tmp_path: Path, suffix: str
) -> None:
    from vigkit.formats.dispatch import write_coding_file

    theirs = Coding.read(_supervisor_file("toddler-blocks"))
    path = write_coding_file(theirs, tmp_path / f"S-demo{suffix}")
    read = guide.supervisor_coding(path, clip="toddler-blocks", supervisor="S-demo", workspace=ws)
    assert read.coders == ("S-demo",) and read.clips == ("toddler-blocks",)
    assert list(read.events["code"]) == list(theirs.events["code"])
    assert list(read.events["onset"]) == pytest.approx(list(theirs.events["onset"]), abs=1e-3)


def test_a_relative_supervisors_file_is_found_in_the_workspace(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(_supervisor_file("toddler-blocks"), ws.root / "S-demo.csv")
    monkeypatch.chdir(tmp_path)
    read = guide.supervisor_coding("S-demo.csv", clip="toddler-blocks", workspace=ws)
    assert len(read) == 16
    with pytest.raises(VigkitError, match="set SUPERVISOR_FILE to its name"):
        guide.supervisor_coding("S01.eaf", clip="toddler-blocks", workspace=ws)


def test_a_file_of_several_people_needs_the_supervisors_name(ws: Workspace, tmp_path: Path) -> None:
    both = Coding.concat(
        [Coding.read(DEMO / "codings" / "toddler-blocks" / "P-demo.csv"),
         Coding.read(_supervisor_file("toddler-blocks"))]
    )  # fmt: skip
    path = both.to_csv(tmp_path / "both.csv")
    # the one coder with the supervisor's role is taken
    assert guide.supervisor_coding(path, clip="toddler-blocks", workspace=ws).coders == ("S-demo",)
    two_trainees = Coding(both.events.assign(role="trainee"))
    plain = two_trainees.to_csv(tmp_path / "two.csv")
    with pytest.raises(VigkitError, match=r"P-demo, S-demo\): set SUPERVISOR"):
        guide.supervisor_coding(plain, clip="toddler-blocks", workspace=ws)
    assert guide.supervisor_coding(
        plain, clip="toddler-blocks", supervisor="P-demo", workspace=ws
    ).coders == ("P-demo",)
    with pytest.raises(VigkitError, match=r"no tags by .S01.*set SUPERVISOR to one of them"):
        guide.supervisor_coding(plain, clip="toddler-blocks", supervisor="S01", workspace=ws)


def test_a_supervisors_file_of_another_film_is_refused(ws: Workspace) -> None:
    with pytest.raises(VigkitError, match="is about clip toddler-blocks, not 'home-play'"):
        guide.supervisor_coding(_supervisor_file("toddler-blocks"), clip="home-play", workspace=ws)


def test_what_to_compare_must_be_said(ws: Workspace) -> None:
    with pytest.raises(VigkitError, match="set EXERCISE"):
        guide.compare_with_supervisor("T07", workspace=ws)
    with pytest.raises(VigkitError, match="no supervisor's coding of home-play yet"):
        guide.compare_with_supervisor("T07", clip="home-play", workspace=ws)
    with pytest.raises(VigkitError, match="did you mean 'code-all-six'"):
        guide.compare_with_supervisor("T07", exercise="code-all-sx", workspace=ws)


# ---------------------------------------------------------------- 05: your film
def test_the_films_folder_is_made_and_listed(
    ws: Workspace, film_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SERVER_ROOT_ENV, str(tmp_path))
    note = str(guide.films_folder(ws))
    assert (ws.root / "films").is_dir()
    assert "your films folder: work/films (in the file browser on the left)" in note
    assert "It has no films in it yet." in note and "cannot play here" not in note
    shutil.copy(film_dir / "landscape.mp4", ws.root / "films" / "home-play.mp4")
    (ws.root / "films" / "notes.txt").write_text("not a film")
    assert "Films in it now: home-play.mp4." in str(guide.films_folder(ws))
    monkeypatch.setenv(SERVER_ROOT_ENV, str(tmp_path / "elsewhere"))
    assert "cannot play here" in str(guide.films_folder(ws))


def test_a_practice_film_in_plain_words(ws: Workspace) -> None:
    film = guide.my_film(ROOT / "media" / "practice" / "toddler-blocks.mp4", workspace=ws)
    assert film.clip == "toddler-blocks" and film.info.duration == 60.0
    assert str(film) == (
        "Your film toddler-blocks.mp4 (called toddler-blocks in your work):\n"
        "- Length: 1:00\n"
        "- Picture: 640 × 360 pixels, landscape, 25 frames a second\n"
        "- Sound: yes\n"
        "- File size: 775 kB\n\n"
        "Your browser can play it as it is."
    )
    assert "<li>Length: 1:00</li>" in film._repr_html_()


def test_a_film_is_found_by_name_in_the_films_folder(ws: Workspace, film_dir: Path) -> None:
    (ws.root / "films").mkdir()
    shutil.copy(film_dir / "hevc.mov", ws.root / "films" / "Home play (Tuesday).mov")
    film = guide.my_film("Home play (Tuesday).mov", workspace=ws)
    assert film.clip == "Home-play-Tuesday-" and film.path.parent == ws.root / "films"
    text = str(film)
    assert "Browsers cannot play it as it is (HEVC video in a .mov file" in text
    assert "Make a playable copy" in text and "your film is not changed" in text
    assert guide.my_film("Home play (Tuesday).mov", clip="home-play", workspace=ws).clip == (
        "home-play"
    )
    with pytest.raises(VigkitError, match=r"there is no film 'home\.mp4'.*Films there now: Home"):
        guide.my_film("home.mp4", workspace=ws)
    with pytest.raises(VigkitError, match="cannot be used as a clip id"):
        guide.my_film("Home play (Tuesday).mov", clip="home play", workspace=ws)


def test_a_phone_film_is_described_upright(ws: Workspace, film_dir: Path) -> None:
    text = str(guide.my_film(film_dir / "portrait.mp4", workspace=ws))
    assert "180 × 320 pixels, portrait, shown upright (the camera was turned)" in text


def _tagged(ws: Workspace, film: guide.Film, coder: str = "T07") -> None:
    journal = ws.journal(film.clip, coder)
    journal.add("being-attentive", 1.0)
    journal.add("encouraging-initiatives.waiting", 2.0, 2.6)
    journal.add("receiving-initiatives", 5.5)


def test_without_tags_the_later_steps_say_so_and_write_nothing(
    ws: Workspace, film_dir: Path
) -> None:
    source = film_dir / "landscape.mp4"
    before = _digest(source)
    film = guide.my_film(source, workspace=ws)
    ws.journal(film.clip, "T07")  # the Tagger was opened, nothing tagged
    for note in (
        guide.my_tags(film, "T07", ws),
        guide.pick_moments(film, "T07", 1, workspace=ws),
        guide.moment_stills(film, "T07", 1, workspace=ws),
        guide.review_reel(film, "T07", 1, workspace=ws),
    ):
        assert isinstance(note, guide.Note)
        assert str(note).startswith(
            f"You have not tagged any moments yet – go back to step {guide.TAG_STEP}"
        )
    assert str(guide.watch_reel("T07", 1, ws)).startswith("There is no reel for cycle 1 yet")
    assert _files(ws.exports_dir) == [] and _files(ws.reflections_dir) == []
    assert _digest(source) == before


def test_my_tags_count_each_principle(ws: Workspace, film_dir: Path) -> None:
    film = guide.my_film(film_dir / "landscape.mp4", workspace=ws)
    _tagged(ws, film)
    assert str(guide.my_tags(film, "T07", ws)) == (
        "You have tagged 3 moments of landscape:\n"
        "- Being attentive: 1\n- Encouraging initiatives: 1\n- Receiving initiatives: 1\n\n"
        f"Next, in step {guide.CHOOSE_STEP}, choose the ones to show in your review."
    )


def test_moments_are_picked_into_the_cycle_of_this_film(ws: Workspace, film_dir: Path) -> None:
    film = guide.my_film(film_dir / "landscape.mp4", workspace=ws)
    _tagged(ws, film)
    picker = guide.pick_moments(film, "T07", 2, kind="vig-trainee", workspace=ws)
    assert isinstance(picker, MomentPicker) and picker.cycle == 2
    record = load_record(record_path(ws, "T07"))
    assert record.kind == "vig-trainee" and len(record.cycles) == 3
    assert record.cycle(2).film == "landscape"
    assert len(picker.choose) == 3
    # Stills and reel wait for chosen moments (tags alone are not enough).
    for note in (
        guide.moment_stills(film, "T07", 2, workspace=ws),
        guide.review_reel(film, "T07", 2, workspace=ws),
    ):
        assert str(note).startswith(
            f"You have not chosen any moments for cycle 2 yet – go back to step {guide.CHOOSE_STEP}"
        )
    assert _files(ws.exports_dir) == []
    # A cycle holding another film's moments is not mixed with this one.
    record = set_film(record, 1, "toddler-blocks")
    record = add_moment(record, 1, SelectedMoment("toddler-blocks", 1, 4))
    save_record(record, record_path(ws, "T07"))
    with pytest.raises(VigkitError, match="cycle 1 of your record is about the film toddler"):
        guide.pick_moments(film, "T07", 1, workspace=ws)
    # A cycle with a film but no moments yet takes the new film.
    save_record(set_film(load_record(record_path(ws, "T07")), 3, "other"), record_path(ws, "T07"))
    guide.pick_moments(film, "T07", 3, workspace=ws)
    assert load_record(record_path(ws, "T07")).cycle(3).film == "landscape"


def test_stills_and_reel_of_the_chosen_moments(
    ws: Workspace, film_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = film_dir / "landscape.mp4"
    before = _digest(source)
    film = guide.my_film(source, workspace=ws)
    _tagged(ws, film)
    picker = guide.pick_moments(film, "T07", 1, workspace=ws)
    assert isinstance(picker, MomentPicker)
    picker.choose[1].value = True  # the 0.6 s stretch
    picker.captions[1].value = "I waited and she looked up"
    picker.choose[2].value = True  # 5.5 s: a moment from 3.5 s to the end (6 s)
    assert picker.save()
    stills = guide.moment_stills(film, "T07", 1, width=160, workspace=ws)
    assert str(stills).startswith("Stills of your 2 chosen moments are saved in your workspace:")
    assert "- exports/T07-cycle-1-stills/ (one picture per moment)" in str(stills)
    assert _files(ws.exports_dir / "T07-cycle-1-stills") == [
        "landscape_00m02.30s.png",  # the middle of 2.0–2.6 s
        "landscape_00m04.75s.png",  # the middle of 3.5–6.0 s
    ]
    sheet = ws.exports_dir / "T07-cycle-1-contact-sheet.png"
    assert sheet.read_bytes().startswith(PNG)
    reel = guide.review_reel(film, "T07", 1, hold_still=0.5, size=(320, 180), workspace=ws)
    made = ws.exports_dir / "T07-cycle-1-reel.mp4"
    assert str(reel).startswith(
        "Your review reel is saved in your workspace as exports/T07-cycle-1-reel.mp4: 0:07 long, "
        "2 moments"
    )
    info = probe(made)
    assert (info.width, info.height) == (320, 180)
    assert info.duration == pytest.approx(3.0 + 0.6 + 2.5 + 2 * 0.5, abs=0.1)
    assert made == picker.reel_path()  # the same file the picker's button makes
    monkeypatch.setenv(SERVER_ROOT_ENV, str(tmp_path))
    player = guide.watch_reel("T07", 1, ws)
    assert isinstance(player, Player) and player.film == made
    assert _digest(source) == before  # the film is never changed


def test_a_moments_own_still_time_is_used(ws: Workspace, film_dir: Path) -> None:
    film = guide.my_film(film_dir / "landscape.mp4", workspace=ws)
    _tagged(ws, film)
    record = new_record("T07", "verp")
    record = add_moment(record, 1, SelectedMoment("landscape", 1.0, 4.0, ("guiding",), "", (1.2,)))
    save_record(record, record_path(ws, "T07"))
    guide.moment_stills(film, "T07", 1, workspace=ws)
    assert _files(ws.exports_dir / "T07-cycle-1-stills") == ["landscape_00m01.20s.png"]


# ---------------------------------------------------------------- 06: the record
def test_a_record_is_made_the_first_time(ws: Workspace) -> None:
    mine = guide.my_record("T07", workspace=ws)
    assert mine.path == ws.reflections_dir / "T07.record.json"
    record = mine.record
    assert (record.kind, len(record.cycles), record.targets) == ("verp", 3, ())
    assert str(mine) == (
        "Your practice record – VERP (Video Enhanced Reflective Practice) – is kept in your "
        "workspace as reflections/T07.record.json. What you write below is saved there as you "
        "type.\n\n"
        "Your helping question: not written yet – you can write it in the next step.\n\n"
        "Your cycles:\n"
        "- Cycle 1: no film yet; no moments chosen yet; no reflections written yet\n"
        "- Cycle 2: no film yet; no moments chosen yet; no reflections written yet\n"
        "- Cycle 3: no film yet; no moments chosen yet; no reflections written yet\n\n"
        f"Your targets (TME): none yet – you can add one in step {guide.TARGET_STEP}."
    )
    again = guide.my_record("T07", "vig-trainee", cycle=5, workspace=ws)
    assert again.record.kind == "verp" and len(again.record.cycles) == 5
    text = str(again)
    assert "Cycles 4 to 5 were added to your record." in text
    assert "started as a record of VERP" in text and "KIND = 'vig-trainee'" in text
    assert "Cycle 6 was added" in str(guide.my_record("T07", cycle=6, workspace=ws))
    assert len(guide.my_record("T08", cycle=7, workspace=ws).record.cycles) == 7


def test_a_record_needs_a_known_kind_a_cycle_and_a_pseudonym(ws: Workspace) -> None:
    with pytest.raises(VigkitError, match="set KIND to one of vig-trainee, verp, vig-client"):
        guide.my_record("T07", "VERP", workspace=ws)
    for cycle in (0, 25, 1.5, True):
        with pytest.raises(VigkitError, match="CYCLE must be a whole number from 1 to 24"):
            guide.my_record("T07", cycle=cycle, workspace=ws)  # type: ignore[arg-type]
    with pytest.raises(VigkitError, match="pseudonym"):
        guide.my_record("Jo Bloggs", workspace=ws)
    assert _files(ws.reflections_dir) == []


def test_the_summary_follows_the_record(ws: Workspace) -> None:
    shutil.copytree(DEMO, ws.root, dirs_exist_ok=True)
    text = str(guide.my_record("P-demo", workspace=ws))
    assert "Your helping question: “How can I give the children more time" in text
    assert "- Cycle 1: film nursery-teddy-bedtime; 3 moments chosen; 5 reflections written" in text
    assert "- I wait after a question before I speak again: 3 at the start, hoped for 8, 8 now" in (
        text
    )


def test_targets_are_added_once_in_your_words(ws: Workspace) -> None:
    mine = guide.my_record("T07", workspace=ws)
    assert str(guide.add_target(mine, "", start=3, hoped_for=7)).startswith("No target added.")
    assert str(guide.add_target(mine, None, start=3, hoped_for=7)).startswith("No target added.")
    added = guide.add_target(mine, "  I wait after   a question ", start=3, hoped_for=8)
    assert str(added).startswith("Added your target “I wait after a question”: 3 now, hoped for 8")
    again = guide.add_target(mine, "i wait after a question", start=2, hoped_for=9)
    assert "is already one of your targets, so nothing was added" in str(again)
    assert "must differ" in str(guide.add_target(mine, "Calmer", start=5, hoped_for=5))
    assert "from 1 to 10" in str(guide.add_target(mine, "Calmer", start=0, hoped_for=5))
    assert "from 1 to 10" in str(guide.add_target(mine, "Calmer", start=5, hoped_for=11))
    targets = mine.record.targets
    assert [(t.description, t.baseline, t.hoped_for) for t in targets] == [
        ("I wait after a question", 3, 8)
    ]


def test_the_targets_chart_waits_for_a_target(ws: Workspace) -> None:
    mine = guide.my_record("T07", workspace=ws)
    assert str(guide.targets_chart(mine)).startswith(
        f"You have no targets yet – add one in step {guide.TARGET_STEP}"
    )
    guide.add_target(mine, "Calmer at tidy-up time", start=8, hoped_for=4)
    chart = guide.targets_chart(mine)
    assert isinstance(chart, Picture) and chart._repr_png_().startswith(PNG)
    assert repr(chart) == (
        "How each target has moved since the start: Calmer at tidy-up time: 8 at the start, "
        "hoped for 4."
    )


def test_the_portfolio_is_exported_without_stills_unless_asked(ws: Workspace) -> None:
    shutil.copytree(DEMO, ws.root, dirs_exist_ok=True)
    mine = guide.my_record("P-demo", workspace=ws)
    note = guide.export_portfolio(mine)
    out = ws.exports_dir / "P-demo-portfolio.html"
    assert str(note).startswith(
        "Your portfolio is saved in your workspace as exports/P-demo-portfolio.html"
    )
    assert "stills are only included when you ask for them" in str(note)
    page = out.read_text("utf-8")
    assert "This portfolio contains no images from your films." in page
    assert "data:image/jpeg" not in page
    with_stills = guide.export_portfolio(mine, include_stills=True)
    assert "Stills of your chosen moments are included, as you asked" in str(with_stills)
    assert re.search(r"This portfolio contains \d+ stills from your films", out.read_text("utf-8"))


# ---------------------------------------------------------------- forms on one record
def test_two_forms_on_one_record_keep_each_others_changes(ws: Workspace) -> None:
    """Notebook 06 shows a ReflectionForm and a TMEForm on the same record file: what one
    saves must survive the other's next save."""
    path = save_record(
        add_target(new_record("T07", "verp"), "Wait longer", 3, 7), record_path(ws, "T07")
    )
    words = ReflectionForm(path, 1, delay=0)
    sliders = TMEForm(path, delay=0)
    words.answers["what-is-working"].value = "I waited."
    sliders.not_rated["target-1"][1].value = False
    sliders.sliders["target-1"][1].value = 5
    words.answers["notice-yourself"].value = "I look calm."
    words.helping_question.value = "How can I wait longer?"
    record = load_record(path)
    assert dict(record.cycle(1).reflections) == {
        "what-is-working": "I waited.",
        "notice-yourself": "I look calm.",
    }
    assert record.target("target-1").ratings == (5,)
    assert record.helping_question == "How can I wait longer?"
    assert words.record == record  # the form holds the file as it saved it


def test_a_debounced_form_applies_its_changes_to_the_file_as_it_is_then(ws: Workspace) -> None:
    path = save_record(new_record("T07", "verp"), record_path(ws, "T07"))
    slow = ReflectionForm(path, 1, delay=60)  # saves only when asked
    fast = ReflectionForm(path, 2, delay=0)
    slow.answers["what-is-working"].value = "Cycle one words"
    fast.answers["what-is-working"].value = "Cycle two words"
    assert load_record(path).cycle(2).reflections == {"what-is-working": "Cycle two words"}
    assert slow.save()
    record = load_record(path)
    assert record.cycle(1).reflections == {"what-is-working": "Cycle one words"}
    assert record.cycle(2).reflections == {"what-is-working": "Cycle two words"}


# ---------------------------------------------------------------- the notebooks agree
def _headings(name: str) -> dict[int, str]:
    cells = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text("utf-8"))["cells"]
    found: dict[int, str] = {}
    for cell in cells:
        text = "".join(cell["source"])
        match = re.match(r"## Step (\d+): (.*)", text)
        if cell["cell_type"] == "markdown" and match:
            found[int(match[1])] = match[2]
    return found


def test_the_steps_the_notes_point_to_are_the_notebooks_steps() -> None:
    own_film = _headings("05_my_own_film")
    assert own_film[guide.TAG_STEP] == "tag your film"
    assert own_film[guide.CHOOSE_STEP] == "choose moments for your review"
    assert _headings("06_reflect_and_track")[guide.TARGET_STEP] == "add a target"

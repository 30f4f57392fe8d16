"""What the first notebooks of the guided course call: the practice library by film id
(text with no absolute path, a player), an exercise's description (no absolute path), and
``review``, which keeps the supervisor's time line back until the trainee has tagged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vigkit import Coding, VigkitError, exercises
from vigkit.core.coursedir import course_root, practice_dir, storyboards_dir
from vigkit.core.timecode import format_time
from vigkit.course.review import WAITING, NothingYet, review
from vigkit.practice import load_storyboard, reference_coding
from vigkit.practice.library import PracticeFilm, film, films, shown_path, watch
from vigkit.views.compareview import CompareView

FILM = "baby-floor-faces"


@pytest.fixture
def unrendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course with one storyboard and no rendered films."""
    root = tmp_path / "course"
    (root / "exercises" / "storyboards").mkdir(parents=True)
    shutil.copy(storyboards_dir() / f"{FILM}.yaml", root / "exercises" / "storyboards")
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(root))
    return root


# ---------------------------------------------------------------- the practice library
def test_every_storyboard_is_a_film_of_the_library() -> None:
    library = films()
    assert [f.id for f in library] == sorted(p.stem for p in storyboards_dir().glob("*.yaml"))
    assert all(isinstance(f, PracticeFilm) and f.video.is_file() for f in library)


def test_a_film_is_described_in_words_with_a_path_relative_to_the_course() -> None:
    chosen = film(FILM)
    board = load_storyboard(storyboards_dir() / f"{FILM}.yaml")
    text = chosen.describe()
    assert text.startswith(f"{board.title}\n\n{board.description}\n\n")
    assert text.endswith(f"Film: media/practice/{FILM}.mp4 (0:45 long)")
    assert str(course_root()) not in text
    assert repr(chosen) == f"<PracticeFilm {FILM}: {board.title!r}, 0:45>"


def test_an_unknown_film_gets_the_list_and_a_did_you_mean() -> None:
    with pytest.raises(VigkitError, match=r"no practice film 'baby-flor-faces' \(did you mean "):
        film("baby-flor-faces")


def test_the_reference_is_the_rendered_one_and_matches_the_storyboard() -> None:
    chosen = film(FILM)
    rendered = chosen.reference()
    assert rendered.duration == chosen.duration == 45.0
    assert rendered == Coding.read_csv(practice_dir() / f"{FILM}.reference.csv")
    assert rendered == reference_coding(load_storyboard(chosen.storyboard))


def test_before_rendering_the_reference_comes_from_the_storyboard(unrendered: Path) -> None:
    chosen = film(FILM)
    assert not chosen.reference_path.exists()
    coding = chosen.reference()
    assert coding == reference_coding(load_storyboard(chosen.storyboard))
    assert len(coding) > 0 and coding.clips == (FILM,)


def test_watching_plays_the_film_from_the_server_by_url() -> None:
    player = watch(FILM, "0:03", 8)
    try:
        assert player.src == f"media/practice/{FILM}.mp4"
        assert (player.start, player.end, player.loop) == (3.0, 8.0, True)
    finally:
        player.close()


def test_a_film_not_made_yet_says_how_to_make_it(unrendered: Path) -> None:
    with pytest.raises(VigkitError, match=r"has not been made yet .*'vigkit practice build'"):
        watch(FILM)


def test_paths_outside_the_course_show_only_their_name(tmp_path: Path) -> None:
    assert shown_path(practice_dir() / "x.mp4") == "media/practice/x.mp4"
    assert shown_path(tmp_path / "private" / "home.mp4") == "home.mp4"


# ---------------------------------------------------------------- exercises in notebooks
def test_an_exercise_description_names_its_film_relative_to_the_course() -> None:
    text = exercises.load("spot-receiving").describe()
    assert f"\nFilm: media/practice/{FILM}.mp4\n" in text
    assert str(course_root()) not in text


def test_reviewing_before_tagging_is_kind_and_gives_nothing_away() -> None:
    exercise = exercises.load("spot-receiving")
    empty = Coding([], duration=45.0)
    shown = review(exercise.check(empty))
    assert isinstance(shown, NothingYet)
    assert shown.paragraphs == (exercise.check(empty).feedback().paragraphs[0], WAITING)
    assert shown.paragraphs[0].startswith("You have not tagged anything yet.")
    assert "waits until you have looked for yourself" in shown.text
    times = {format_time(t, 0) for t in exercise.reference().events["onset"]}
    assert not any(time in shown.text for time in times)  # no supervisor's moment named
    assert str(shown) == repr(shown) == shown.text
    assert shown._repr_html_().count("<p>") == len(shown.paragraphs)


def test_a_film_with_every_principle_asks_for_one_of_them_when_nothing_is_tagged() -> None:
    exercise = exercises.load("code-all-six")
    text = str(exercise.check(Coding([], duration=90.0)).feedback())
    assert "each time you see one of the principles, press the key of the principle" in text


def test_tags_of_other_principles_only_still_wait_and_say_why() -> None:
    exercise = exercises.load("spot-receiving")
    row = {"clip": FILM, "coder": "T07", "code": "guiding", "onset": 3.0}
    shown = review(exercise.check(Coding([row])))
    assert isinstance(shown, NothingYet)
    assert "your 1 tag is of other principles" in shown.text


def test_reviewing_after_tagging_shows_the_compare_view() -> None:
    exercise = exercises.load("spot-receiving")
    rows = [{"clip": FILM, "coder": "T07", "code": "receiving-initiatives", "onset": 3.6}]
    shown = review(exercise.check(Coding(rows)), padding=1.0)
    try:
        assert isinstance(shown, CompareView)
        assert shown.padding == 1.0 and shown.player.src == f"media/practice/{FILM}.mp4"
    finally:
        if isinstance(shown, CompareView):
            shown.player.close()
            shown.close()

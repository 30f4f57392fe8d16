"""``vigkit practice`` and ``vigkit exercise``, run for real in a subprocess.

Each test builds a tiny course in ``tmp_path`` and points ``VIGKIT_COURSE_DIR`` at it, so
the course's own exercises and films are never touched. Bad input exits 2 with one
message on stderr and no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REFERENCE_CSV = """\
id,clip,coder,role,code,subject,onset,offset,note
r1,film-a,reference,supervisor,receiving-initiatives.receiving-with-words,adult,3,5,
r2,film-a,reference,supervisor,receiving-initiatives,adult,10,,
r3,film-a,reference,supervisor,being-attentive,adult,0,30,
"""

EXERCISE = """\
exercise: 1
id: spot-receiving
title: Spot the moments an initiative is received
order: 10
film: film-a
instructions: Each time Sam answers something Ava does, press 3.
categories: [receiving-initiatives]
ready_when:
  found: 1
"""

TRAINEE_CSV = """\
id,clip,coder,role,code,subject,onset,offset,note
t1,film-a,T07,trainee,receiving-initiatives,adult,3.5,,
"""

TINY_STORYBOARD = """\
storyboard: 1
id: tiny-scene
title: A tiny scene
setting: home-floor
duration: 5
participants:
  - id: sam
    role: parent
  - id: ava
    role: baby
    size: baby
beats:
  - at: 1.0
    who: ava
    do: smile
  - at: 1.5
    who: sam
    do: speak
    text: "Hello!"
    tone: warm
    codes:
      - code: receiving-initiatives.receiving-with-words
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course with one rendered film's reference coding and one exercise."""
    root = tmp_path / "course"
    write(root / "media" / "practice" / "film-a.reference.csv", REFERENCE_CSV)
    write(root / "exercises" / "spot-receiving.yaml", EXERCISE)
    return root


def run(*args: str | Path, course: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m vigkit ARGS`` with the course at ``course``, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "VIGKIT_COURSE_DIR": str(course)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def assert_bad_input(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("vigkit: "), result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"


# ---------------------------------------------------------------- vigkit exercise
def test_exercise_list(course: Path, tmp_path: Path) -> None:
    result = run("exercise", "list", course=course, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["order", "id", "title"]
    assert lines[1].split()[:2] == ["10", "spot-receiving"]
    assert "Spot the moments an initiative is received" in lines[1]
    assert "(film not rendered yet)" in lines[1]
    assert "vigkit practice build" in result.stdout


def test_exercise_list_of_an_empty_course(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    result = run("exercise", "list", course=tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no exercises in" in result.stdout


def test_exercise_check_prints_feedback(course: Path, tmp_path: Path) -> None:
    trainee = write(tmp_path / "mine.csv", TRAINEE_CSV)
    result = run("exercise", "check", "spot-receiving", trainee, course=course, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("You spotted 1 of the 2 moments of Receiving initiatives")
    assert "0:10 – your supervisor saw Receiving initiatives here." in result.stdout
    assert "you need 2 of 2 to move on." in result.stdout


def test_exercise_check_json(course: Path, tmp_path: Path) -> None:
    trainee = write(
        tmp_path / "mine.csv",
        TRAINEE_CSV + "t2,film-a,T07,trainee,receiving-initiatives,adult,11,,\n",
    )
    result = run(
        "exercise", "check", "spot-receiving", trainee, "--json", course=course, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["ready"] is True
    assert (summary["found"], summary["of"], summary["exercise"]) == (2, 2, "spot-receiving")
    assert summary["alignment_kappa"] is None or isinstance(summary["alignment_kappa"], float)


def test_exercise_check_of_an_unknown_exercise(course: Path, tmp_path: Path) -> None:
    trainee = write(tmp_path / "mine.csv", TRAINEE_CSV)
    result = run("exercise", "check", "spot-recieving", trainee, course=course, cwd=tmp_path)
    assert_bad_input(result, "did you mean 'spot-receiving'?", "the exercises are: spot-receiving")


def test_exercise_check_of_a_bad_coding(course: Path, tmp_path: Path) -> None:
    trainee = write(
        tmp_path / "mine.csv", TRAINEE_CSV + "t2,film-a,T07,trainee,waving,adult,11,,\n"
    )
    result = run("exercise", "check", "spot-receiving", trainee, course=course, cwd=tmp_path)
    assert_bad_input(result, "mine.csv", "row 3", "unknown code 'waving'")
    missing = run("exercise", "check", "spot-receiving", "gone.csv", course=course, cwd=tmp_path)
    assert_bad_input(missing, "gone.csv", "does not exist")


def test_exercise_check_of_another_film(course: Path, tmp_path: Path) -> None:
    trainee = write(tmp_path / "mine.csv", TRAINEE_CSV.replace("film-a", "home-play"))
    result = run("exercise", "check", "spot-receiving", trainee, course=course, cwd=tmp_path)
    assert_bad_input(result, "clip 'home-play'", "film 'film-a'")


def test_a_broken_exercise_file_exits_2(course: Path, tmp_path: Path) -> None:
    write(course / "exercises" / "spot-receiving.yaml", EXERCISE.replace("order: 10", "order: x"))
    result = run("exercise", "list", course=course, cwd=tmp_path)
    assert_bad_input(result, "spot-receiving.yaml", "line 4: 'order' must be a whole number")


def test_a_course_folder_that_is_not_there(tmp_path: Path) -> None:
    result = run("exercise", "list", course=tmp_path / "nowhere", cwd=tmp_path)
    assert_bad_input(result, "VIGKIT_COURSE_DIR", "not a folder")


# ---------------------------------------------------------------- vigkit practice check
def test_practice_check_of_a_good_storyboard(tmp_path: Path) -> None:
    board = write(tmp_path / "tiny-scene.yaml", TINY_STORYBOARD)
    result = run("practice", "check", board, course=tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK: tiny-scene" in result.stdout
    assert "1 reference code" in result.stdout


def test_practice_check_of_a_bad_storyboard_exits_2(tmp_path: Path) -> None:
    board = write(tmp_path / "bad-scene.yaml", TINY_STORYBOARD.replace("do: smile", "do: wave"))
    result = run("practice", "check", board, course=tmp_path, cwd=tmp_path)
    assert_bad_input(result, "bad-scene.yaml", "line 15", "'wave'")
    missing = run("practice", "check", tmp_path / "gone.yaml", course=tmp_path, cwd=tmp_path)
    assert_bad_input(missing, "gone.yaml")


# ---------------------------------------------------------------- rendering
def test_practice_build_of_an_unknown_storyboard(tmp_path: Path) -> None:
    write(tmp_path / "exercises" / "storyboards" / "tiny-scene.yaml", TINY_STORYBOARD)
    result = run("practice", "build", "--only", "tiny-scen", course=tmp_path, cwd=tmp_path)
    assert_bad_input(result, "no storyboard 'tiny-scen'", "did you mean 'tiny-scene'?")


def test_practice_build_if_missing_skips_a_rendered_film(tmp_path: Path) -> None:
    write(tmp_path / "exercises" / "storyboards" / "tiny-scene.yaml", TINY_STORYBOARD)
    films = tmp_path / "media" / "practice"
    films.mkdir(parents=True)
    for suffix in (".mp4", ".reference.csv", ".jpg"):
        (films / f"tiny-scene{suffix}").write_bytes(b"already here")
    result = run("practice", "build", "--if-missing", course=tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "tiny-scene: already rendered, skipped"
    assert (films / "tiny-scene.mp4").read_bytes() == b"already here"


def test_practice_build_reports_a_broken_storyboard_and_exits_2(tmp_path: Path) -> None:
    write(
        tmp_path / "exercises" / "storyboards" / "bad-scene.yaml",
        TINY_STORYBOARD.replace("tiny-scene", "bad-scene").replace("do: smile", "do: wave"),
    )
    result = run("practice", "build", "--if-missing", course=tmp_path, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "bad-scene.yaml" in result.stderr
    assert "1 of 1 storyboards could not be rendered" in result.stderr
    assert not (tmp_path / "media" / "practice" / "bad-scene.mp4").exists()


@pytest.mark.slow
def test_practice_render_and_build(tmp_path: Path) -> None:
    board = write(tmp_path / "exercises" / "storyboards" / "tiny-scene.yaml", TINY_STORYBOARD)
    out = tmp_path / "out"
    result = run("practice", "render", board, out, course=tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("tiny-scene.mp4", "tiny-scene.reference.csv", "tiny-scene.jpg"):
        assert (out / name).is_file()
        assert f"made {out / name}" in result.stdout
    assert "tiny-scene,reference,supervisor" in (out / "tiny-scene.reference.csv").read_text(
        encoding="utf-8"
    )

    built = run("practice", "build", course=tmp_path, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    films = tmp_path / "media" / "practice"
    assert built.stdout.startswith("tiny-scene: 0:05 film, ")
    assert "MB, rendered in" in built.stdout
    assert (films / "tiny-scene.mp4").read_bytes() == (out / "tiny-scene.mp4").read_bytes()

    again = run("practice", "build", "--if-missing", course=tmp_path, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "tiny-scene: already rendered, skipped"

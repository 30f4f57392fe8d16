"""Exercises on the graded path: reading and checking exercise files, and comparing a
trainee's coding with the reference on the exercise's principles.

Every test builds its own tiny course in ``tmp_path`` (an exercise YAML and a rendered
film's reference CSV) and points ``VIGKIT_COURSE_DIR`` at it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import vigkit
from vigkit import exercises
from vigkit.core.coursedir import course_root, exercises_dir, practice_dir, storyboards_dir
from vigkit.practice.exercises import ExerciseError, ReadyRule

REFERENCE_CSV = """\
id,clip,coder,role,code,subject,onset,offset,note
r1,film-a,reference,supervisor,receiving-initiatives.receiving-with-words,adult,3,5,
r2,film-a,reference,supervisor,receiving-initiatives.returning-eye-contact,adult,10,,
r3,film-a,reference,supervisor,receiving-initiatives,adult,20,,
r4,film-a,reference,supervisor,being-attentive,adult,0,30,
"""

EXERCISE = """\
exercise: 1
id: spot-receiving
title: Spot the moments an initiative is received
order: 10
film: film-a
instructions: |
  Watch Sam and Ava.
  Each time Sam notices and answers something Ava does, press 3.
categories: [receiving-initiatives]
"""

HEADER = "id,clip,coder,role,code,subject,onset,offset,note\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def coding(tmp_path: Path, *rows: str, clip: str = "film-a", name: str = "t.csv") -> Path:
    """A trainee's CSV of ``code,onset`` rows (T07, clip ``film-a``)."""
    lines = [
        f"t{i},{clip},T07,trainee,{code},adult,{onset},,"
        for i, (code, onset) in enumerate((row.split(",") for row in rows), start=1)
    ]
    return write(tmp_path / name, HEADER + "".join(line + "\n" for line in lines))


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course with one rendered film (its reference CSV) and one exercise."""
    root = tmp_path / "course"
    write(root / "media" / "practice" / "film-a.reference.csv", REFERENCE_CSV)
    write(root / "exercises" / "spot-receiving.yaml", EXERCISE)
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(root))
    return root


# ---------------------------------------------------------------- where the course is
def test_course_folders_follow_the_environment(course: Path) -> None:
    assert course_root() == course.resolve()
    assert exercises_dir() == course.resolve() / "exercises"
    assert storyboards_dir() == course.resolve() / "exercises" / "storyboards"
    assert practice_dir() == course.resolve() / "media" / "practice"


def test_course_defaults_to_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIGKIT_COURSE_DIR", raising=False)
    assert course_root() == Path(vigkit.__file__).resolve().parents[1]


def test_course_env_pointing_nowhere_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(tmp_path / "missing"))
    with pytest.raises(vigkit.VigkitError, match=r"VIGKIT_COURSE_DIR .* not a folder"):
        course_root()


# ---------------------------------------------------------------- list and load
def test_load_fills_the_defaults(course: Path) -> None:
    exercise = exercises.load("spot-receiving")
    assert exercise.id == "spot-receiving"
    assert exercise.title == "Spot the moments an initiative is received"
    assert exercise.order == 10
    assert exercise.film == "film-a"
    assert exercise.instructions.splitlines()[1].startswith("Each time Sam")
    assert exercise.level == "category"
    assert exercise.categories == ("receiving-initiatives",)
    assert exercise.tolerance == 2.0
    assert exercise.ready_when == ReadyRule(found=0.7, same_name=0.0, extras_at_most=None)
    assert exercise.source == course.resolve() / "exercises" / "spot-receiving.yaml"
    assert exercise.video == course.resolve() / "media" / "practice" / "film-a.mp4"


def test_without_categories_every_principle_is_compared(course: Path) -> None:
    write(
        course / "exercises" / "all-of-them.yaml",
        EXERCISE.replace("spot-receiving", "all-of-them").replace(
            "categories: [receiving-initiatives]\n", ""
        ),
    )
    exercise = exercises.load("all-of-them")
    assert exercise.categories == tuple(c.id for c in vigkit.load_scheme().categories)
    assert len(exercise.reference()) == 4


def test_list_is_sorted_by_order_then_id(course: Path) -> None:
    for name, order in (("b-second", 20), ("a-first", 5), ("c-also-second", 20)):
        write(
            course / "exercises" / f"{name}.yaml",
            EXERCISE.replace("spot-receiving", name).replace("order: 10", f"order: {order}"),
        )
    assert [e.id for e in exercises.list()] == [
        "a-first",
        "spot-receiving",
        "b-second",
        "c-also-second",
    ]


def test_list_of_an_empty_course_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "exercises").mkdir()
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(tmp_path))
    assert exercises.list() == []


def test_list_names_a_broken_file_and_its_line(course: Path) -> None:
    write(
        course / "exercises" / "broken.yaml",
        EXERCISE.replace("spot-receiving", "broken") + "colour: red\n",
    )
    with pytest.raises(ExerciseError) as caught:
        exercises.list()
    message = str(caught.value)
    assert "broken.yaml" in message
    assert "line 10: unknown field 'colour'" in message


def test_unknown_id_lists_the_exercises_and_suggests_one(course: Path) -> None:
    with pytest.raises(vigkit.VigkitError) as caught:
        exercises.load("spot-recieving")
    message = str(caught.value)
    assert "there is no exercise 'spot-recieving'" in message
    assert "did you mean 'spot-receiving'?" in message
    assert "the exercises are: spot-receiving" in message


def test_unknown_id_in_an_empty_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "exercises").mkdir()
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(tmp_path))
    with pytest.raises(vigkit.VigkitError, match="no exercises in"):
        exercises.load("anything")


# ---------------------------------------------------------------- bad exercise files
BAD_CASES = [
    ("exercise: 1", "exercise: 2", 1, "'exercise: 2' is not a format this kit reads"),
    ("exercise: 1\n", "", 1, "the required field 'exercise' is missing"),
    ("title: Spot", "titel: Spot", 3, "unknown field 'titel' (did you mean 'title'?)"),
    ("id: spot-receiving", "id: other-name", 2, "does not match the file name"),
    ("id: spot-receiving", "id: Spot_Receiving", 2, "'Spot_Receiving' is not a valid id"),
    ("order: 10", "order: first", 4, "'order' must be a whole number"),
    ("film: film-a", "film: film-b", 5, "there is no practice film 'film-b'"),
    (
        "[receiving-initiatives]",
        "[recieving-initiatives]",
        9,
        "'recieving-initiatives' is not a category of scheme 'attuned-interactions' "
        "(did you mean 'receiving-initiatives'?)",
    ),
    (
        "[receiving-initiatives]",
        "[receiving-initiatives.receiving-with-words]",
        9,
        "is a behaviour; list its category 'receiving-initiatives'",
    ),
    (
        "[receiving-initiatives]",
        "[receiving-initiatives, guiding, receiving-initiatives]",
        9,
        "'receiving-initiatives' is listed twice",
    ),
    ("categories: [", "level: exact\ncategories: [", 9, "'level' must be 'category' or"),
    ("categories: [", "tolerance: 0\ncategories: [", 9, "'tolerance' must be a number"),
    ("categories: [", "scheme: mine\ncategories: [", 9, "'mine' is not a built-in scheme"),
    (
        "categories: [",
        "ready_when:\n  found: 70\ncategories: [",
        10,
        "'found' must be a share from 0 to 1",
    ),
    (
        "categories: [",
        "ready_when:\n  same_name: -0.1\ncategories: [",
        10,
        "'same_name' must be a share from 0 to 1",
    ),
    (
        "categories: [",
        "ready_when:\n  extras_at_most: -1\ncategories: [",
        10,
        "'extras_at_most' must be a whole number",
    ),
    ("categories: [", "ready_when:\n  find: 0.5\ncategories: [", 10, "unknown field 'find'"),
    ("instructions: |", "instructions: 'open", 6, "this is not valid YAML"),
]


@pytest.mark.parametrize(("old", "new", "line", "expected"), BAD_CASES)
def test_bad_exercise_files_name_the_file_and_line(
    course: Path, old: str, new: str, line: int | None, expected: str
) -> None:
    assert old in EXERCISE
    write(course / "exercises" / "spot-receiving.yaml", EXERCISE.replace(old, new, 1))
    with pytest.raises(ExerciseError) as caught:
        exercises.load("spot-receiving")
    message = str(caught.value)
    assert message.startswith("exercise ") and "spot-receiving.yaml" in message
    assert "docs/exercises.md" in message
    problems = [p for p in caught.value.problems if expected in p.message]
    assert problems, message
    assert problems[0].line == line, message


def test_a_missing_film_says_to_build_the_practice_films(course: Path) -> None:
    write(course / "exercises" / "spot-receiving.yaml", EXERCISE.replace("film-a", "film-b"))
    with pytest.raises(ExerciseError) as caught:
        exercises.load("spot-receiving")
    message = str(caught.value)
    assert "film-b.yaml" in message and "film-b.reference.csv" in message
    assert "vigkit practice build" in message


def test_a_film_with_only_a_storyboard_is_accepted(course: Path) -> None:
    write(course / "exercises" / "storyboards" / "film-b.yaml", "storyboard: 1\n")
    write(
        course / "exercises" / "other.yaml",
        EXERCISE.replace("spot-receiving", "other").replace("film-a", "film-b"),
    )
    assert exercises.load("other").film == "film-b"


def test_every_problem_is_listed_at_once(course: Path) -> None:
    text = EXERCISE.replace("order: 10", "order: ten").replace("film-a", "film-z")
    write(course / "exercises" / "spot-receiving.yaml", text + "tolerance: -1\n")
    with pytest.raises(ExerciseError) as caught:
        exercises.load("spot-receiving")
    assert [p.line for p in caught.value.problems] == [4, 5, 10]


# ---------------------------------------------------------------- the reference
def test_reference_is_restricted_to_the_categories_and_rolled_up(course: Path) -> None:
    reference = exercises.load("spot-receiving").reference()
    assert list(reference.events["code"]) == ["receiving-initiatives"] * 3
    assert list(reference.events["onset"]) == [3.0, 10.0, 20.0]


def test_reference_at_behaviour_level_keeps_the_behaviours(course: Path) -> None:
    write(
        course / "exercises" / "spot-receiving.yaml",
        EXERCISE + "level: behaviour\n",
    )
    reference = exercises.load("spot-receiving").reference()
    assert list(reference.events["code"]) == [
        "receiving-initiatives.receiving-with-words",
        "receiving-initiatives.returning-eye-contact",
        "receiving-initiatives",
    ]


def test_a_film_not_rendered_any_more_is_a_clear_error(course: Path) -> None:
    exercise = exercises.load("spot-receiving")
    (course / "media" / "practice" / "film-a.reference.csv").unlink()
    with pytest.raises(vigkit.VigkitError, match="vigkit practice build"):
        exercise.reference()


# ---------------------------------------------------------------- checking a coding
def test_finding_enough_moments_is_ready(course: Path, tmp_path: Path) -> None:
    exercise = exercises.load("spot-receiving")
    result = exercise.check(
        coding(tmp_path, "receiving-initiatives,3.5", "receiving-initiatives,11")
    )
    assert (result.found, result.of, result.needed) == (2, 3, 3)
    assert not result.ready
    result = exercise.check(
        coding(
            tmp_path,
            "receiving-initiatives,3.5",
            "receiving-initiatives.returning-eye-contact,11",
            "receiving-initiatives,19",
        )
    )
    assert (result.found, result.of) == (3, 3)
    assert result.ready
    assert result.comparison.tolerance == 2.0
    assert result.comparison.level == "category"
    text = str(result.feedback())
    assert text.startswith("You spotted 3 of the 3 moments of Receiving initiatives")
    assert text.splitlines()[-1].startswith("Ready to move on: you found 3 of 3")


def test_feedback_puts_strengths_first_then_moments_then_the_next_step(
    course: Path, tmp_path: Path
) -> None:
    result = exercises.load("spot-receiving").check(
        coding(tmp_path, "receiving-initiatives,3.5", "receiving-initiatives,40")
    )
    assert not result.ready
    feedback = result.feedback()
    paragraphs = feedback.paragraphs
    assert paragraphs[0] == (
        "You spotted 1 of the 3 moments of Receiving initiatives your supervisor marked."
    )
    text = str(feedback)
    assert text.index("Moments to look at again") > text.index("You spotted")
    assert "0:10 – your supervisor saw Receiving initiatives here." in text
    assert "0:20 – your supervisor saw Receiving initiatives here." in text
    assert "0:40 – you saw Receiving initiatives" in text
    assert paragraphs[-1] == (
        "Next step: watch the film again and look for Receiving initiatives – start with the "
        "moments listed above; you need 3 of 3 to move on."
    )
    assert [m.time for m in feedback.moments if m.kind == "missed"] == ["0:10", "0:20"]


def test_tags_of_other_principles_are_left_out_and_said_so(course: Path, tmp_path: Path) -> None:
    result = exercises.load("spot-receiving").check(
        coding(tmp_path, "receiving-initiatives,3", "guiding,12", "being-attentive,25")
    )
    assert result.left_out == 2
    assert result.tagged == 1
    assert result.extras == 0
    assert "2 tags of yours are of other principles" in str(result.feedback())


def test_an_empty_coding_gets_kind_feedback_without_the_answers(
    course: Path, tmp_path: Path
) -> None:
    exercise = exercises.load("spot-receiving")
    for empty in (vigkit.Coding([]), write(tmp_path / "empty.csv", HEADER)):
        result = exercise.check(empty)
        assert (result.found, result.of, result.ready) == (0, 3, False)
        text = str(result.feedback())
        assert text.startswith("You have not tagged anything yet.")
        assert "press 3" in text
        assert "0:10" not in text  # the moments are not given away
        assert text.endswith("you need 3 of 3 to move on.")


def test_a_coding_of_only_other_principles_counts_as_not_tagged_yet(
    course: Path, tmp_path: Path
) -> None:
    result = exercises.load("spot-receiving").check(coding(tmp_path, "guiding,12"))
    text = str(result.feedback())
    assert text.startswith("You have not tagged anything yet for Receiving initiatives")
    assert "1 tag is of other principles" in text


def test_nothing_found_still_starts_kindly(course: Path, tmp_path: Path) -> None:
    result = exercises.load("spot-receiving").check(coding(tmp_path, "receiving-initiatives,40"))
    text = str(result.feedback())
    assert text.startswith("You have made a start: you tagged 1 moment.")
    assert "you need 3 of 3 to move on" in text


def test_a_coding_of_another_film_is_a_clear_error(course: Path, tmp_path: Path) -> None:
    exercise = exercises.load("spot-receiving")
    with pytest.raises(vigkit.VigkitError) as caught:
        exercise.check(coding(tmp_path, "receiving-initiatives,3", clip="home-play"))
    message = str(caught.value)
    assert "clip 'home-play'" in message
    assert "film 'film-a'" in message
    assert "film-a.mp4" in message


def test_a_coding_of_several_clips_is_narrowed_to_the_film(course: Path, tmp_path: Path) -> None:
    path = coding(tmp_path, "receiving-initiatives,3", "receiving-initiatives,10")
    with path.open("a", encoding="utf-8") as file:
        file.write("x1,other-clip,T07,trainee,receiving-initiatives,adult,20,,\n")
    result = exercises.load("spot-receiving").check(path)
    assert (result.found, result.tagged) == (2, 2)


def test_several_coders_are_refused(course: Path, tmp_path: Path) -> None:
    path = coding(tmp_path, "receiving-initiatives,3")
    with path.open("a", encoding="utf-8") as file:
        file.write("x1,film-a,T08,trainee,receiving-initiatives,adult,20,,\n")
    with pytest.raises(vigkit.VigkitError, match="several coders"):
        exercises.load("spot-receiving").check(path)


def test_same_name_rule_at_behaviour_level(course: Path, tmp_path: Path) -> None:
    write(
        course / "exercises" / "spot-receiving.yaml",
        EXERCISE + "level: behaviour\ntolerance: 1.5\nready_when:\n  found: 0.6\n  same_name: 1\n",
    )
    exercise = exercises.load("spot-receiving")
    assert exercise.ready_when == ReadyRule(0.6, 1.0, None)
    result = exercise.check(
        coding(
            tmp_path,
            "receiving-initiatives.receiving-with-words,3",
            "receiving-initiatives.receiving-with-words,10.5",
        )
    )
    assert result.comparison.level == "behaviour"
    assert result.comparison.tolerance == 1.5
    assert (result.found, result.same_name, result.needed, result.needed_same_name) == (2, 1, 2, 2)
    assert not result.ready
    text = str(result.feedback())
    assert "named 1 of them the same way" in text
    assert "you need to name 2 of the 2 you found the same way" in text.splitlines()[-1]


def test_extras_at_most(course: Path, tmp_path: Path) -> None:
    write(
        course / "exercises" / "spot-receiving.yaml",
        EXERCISE + "ready_when:\n  found: 0.5\n  extras_at_most: 1\n",
    )
    exercise = exercises.load("spot-receiving")
    tags = ["receiving-initiatives,3", "receiving-initiatives,10"]
    assert exercise.check(coding(tmp_path, *tags, "receiving-initiatives,40")).ready
    result = exercise.check(
        coding(tmp_path, *tags, "receiving-initiatives,40", "receiving-initiatives,50")
    )
    assert result.extras == 2
    assert not result.ready
    assert "this exercise allows at most 1" in str(result.feedback()).splitlines()[-1]


def test_ready_names_the_next_exercise(course: Path, tmp_path: Path) -> None:
    write(
        course / "exercises" / "next-one.yaml",
        EXERCISE.replace("spot-receiving", "next-one")
        .replace("order: 10", "order: 20")
        .replace("title: Spot the moments an initiative is received", "title: Waiting"),
    )
    result = exercises.load("spot-receiving").check(
        coding(
            tmp_path,
            "receiving-initiatives,3",
            "receiving-initiatives,10",
            "receiving-initiatives,20",
        )
    )
    assert result.ready
    assert str(result.feedback()).endswith("Next: Waiting (next-one).")


def test_summary_has_the_verdict_and_the_figures(course: Path, tmp_path: Path) -> None:
    result = exercises.load("spot-receiving").check(coding(tmp_path, "receiving-initiatives,3"))
    summary = result.summary()
    assert summary["exercise"] == "spot-receiving"
    assert summary["ready"] is False
    assert (summary["found"], summary["of"], summary["needed"]) == (1, 3, 3)
    assert "alignment_kappa" in summary
    assert repr(result) == "<ExerciseResult spot-receiving: found 1 of 3, not ready yet>"


TINY_STORYBOARD = """\
storyboard: 1
id: film-b
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
  - at: 1.5
    who: sam
    do: speak
    text: "Hello!"
    codes:
      - code: receiving-initiatives.receiving-with-words
"""


def test_a_film_not_rendered_yet_takes_its_reference_from_the_storyboard(
    course: Path, tmp_path: Path
) -> None:
    write(course / "exercises" / "storyboards" / "film-b.yaml", TINY_STORYBOARD)
    write(
        course / "exercises" / "other.yaml",
        EXERCISE.replace("spot-receiving", "other").replace("film-a", "film-b"),
    )
    exercise = exercises.load("other")
    assert not exercise.video.exists()
    reference = exercise.reference()
    assert list(reference.events["code"]) == ["receiving-initiatives"]
    assert reference.clips == ("film-b",)
    result = exercise.check(coding(tmp_path, "receiving-initiatives,2", clip="film-b"))
    assert (result.found, result.of, result.ready) == (1, 1, True)

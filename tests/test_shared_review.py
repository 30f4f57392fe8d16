"""Shared reviews as their own kind of clip, with their own scheme, tagged, compared with a
supervisor's coding by the same engine as notebook 04, and notebook 09's steps – on real
files (the practice review film, the example codings)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vigkit import ClipRecord, VigkitError, Workspace, guide
from vigkit.agreement import compare
from vigkit.coding.scheme import load_scheme
from vigkit.coding.table import Coding
from vigkit.core.coursedir import course_root, practice_dir
from vigkit.widgets import Tagger

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples" / "shared-review"
CLIP = "verp-story-time-review-shared-review"
SUPERVISOR_FILE = EXAMPLES / f"{CLIP}__S01.csv"
TRAINEE_FILE = EXAMPLES / f"{CLIP}__T07.csv"
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


# ---------------------------------------------------------------- the clip kind
def test_a_clip_is_an_interaction_film_unless_registered_as_a_shared_review(
    tmp_path: Path,
) -> None:
    ws = Workspace(tmp_path / "ws")
    assert ws.register_clip("home", duration=60.0) == ClipRecord("home", None, 60.0)
    assert ws.clip("home").kind == "interaction" and ws.clip("never-registered").kind == (
        "interaction"
    )
    review = ws.register_clip("review", "r.mp4", 90.0, kind="shared-review")
    assert ws.clip("review") == review and review.kind == "shared-review"
    # registered again without a kind (as the Tagger does): it stays a shared review
    assert ws.register_clip("review", "r.mp4", 91.0).kind == "shared-review"
    assert Workspace(tmp_path / "ws").clip("review") == ClipRecord(
        "review", "r.mp4", 91.0, "shared-review"
    )
    with pytest.raises(VigkitError, match="'reveiw' is not a kind of clip; choose "):
        ws.register_clip("home", kind="reveiw")
    assert ws.clip("home").kind == "interaction"  # nothing was written


def test_an_old_clip_record_reads_as_an_interaction_and_an_unknown_kind_is_refused(
    tmp_path: Path,
) -> None:
    ws = Workspace(tmp_path / "ws")
    old = ws.clips_dir / "old.json"
    old.write_text(json.dumps({"id": "old", "source": None, "duration": 5.0}), "utf-8")
    assert ws.clip("old") == ClipRecord("old", None, 5.0, "interaction")
    odd = ws.clips_dir / "odd.json"
    odd.write_text(json.dumps({"id": "odd", "duration": 5.0, "kind": "review"}), "utf-8")
    with pytest.raises(VigkitError) as error:
        ws.clip("odd")
    assert str(odd) in str(error.value)
    assert "the clip's kind 'review' is not one the kit knows" in str(error.value)
    assert '"interaction" or "shared-review"' in str(error.value)


# ---------------------------------------------------------------- the scheme
def test_the_shared_review_scheme_is_a_versioned_scheme_of_guidance() -> None:
    scheme = load_scheme("shared-review")
    assert (scheme.id, scheme.version) == ("shared-review", "1.0")
    assert [c.id for c in scheme.categories] == [
        "activating-the-client",
        "receiving-the-clients-initiatives",
        "attuned-guiding",
        "deepening-discussion",
    ]
    assert [c.key for c in scheme.categories] == ["1", "2", "3", "4"]
    assert {c.colour.upper() for c in scheme.categories} <= OKABE_ITO
    assert tuple(scheme.subjects) == ("guider", "client")
    assert scheme.source and "Kennedy" in scheme.source
    assert all(len(c.behaviours) >= 4 for c in scheme.categories)
    assert scheme.rollup("attuned-guiding.linking-to-the-helping-question") == "attuned-guiding"
    assert scheme.rollup("deepening-discussion") == "deepening-discussion"


def test_the_example_codings_are_what_their_script_makes(tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in EXAMPLES.glob("*.csv")}
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "make_shared_review_codings.py")],
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert {p.name: p.read_bytes() for p in EXAMPLES.glob("*.csv")} == before


def test_two_codings_of_a_review_compare_and_the_feedback_names_its_principles() -> None:
    supervisor, trainee = Coding.read(SUPERVISOR_FILE), Coding.read(TRAINEE_FILE)
    assert supervisor.scheme.id == trainee.scheme.id == "shared-review"
    rolled = set(supervisor.rolled_up().events["code"])  # behaviours roll up to principles
    assert rolled == {c.id for c in supervisor.scheme.categories}
    comparison = compare(trainee, supervisor, tolerance=2.0, level="category")
    text = str(comparison.feedback())
    assert text.startswith(
        "You spotted 19 of the 21 moments your supervisor marked, and you named 17 of them "
        "the same way."
    )
    assert "You saw these especially well:\n- Activating the client: you found 6 of 6" in text
    assert (
        "0:08 – you saw Activating the client; your supervisor saw Receiving the client's "
        "initiatives. Both may be there: look again together." in text
    )
    assert "0:59 – your supervisor saw Attuned guiding here." in text
    assert "0:26 – you saw Attuned guiding; your supervisor did not mark this moment." in text


# ---------------------------------------------------------------- notebook 09's steps
@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def test_a_practice_film_stands_in_for_a_review_under_a_name_of_its_own(ws: Workspace) -> None:
    review = guide.my_review(practice_dir() / "verp-story-time-review.mp4", workspace=ws)
    assert review.clip == CLIP  # the practice film's own name is its exercises'
    record = ws.clip(CLIP)
    assert record.kind == "shared-review" and record.duration == pytest.approx(90.0, abs=0.1)
    tagger = guide.tag_review(review, "T07", workspace=ws)
    assert isinstance(tagger, Tagger)
    assert tagger.scheme.id == "shared-review" and list(tagger.subjects) == ["guider", "client"]
    assert ws.clip(CLIP).kind == "shared-review"  # the Tagger kept it a review
    assert "go back to step 6" in str(guide.review_tags(review, "T07", workspace=ws))


def test_a_film_tagged_as_an_interaction_is_not_taken_for_a_review(
    ws: Workspace, film_dir: Path
) -> None:
    film = film_dir / "landscape.mp4"
    ws.register_clip("landscape", film, 6.0)
    ws.journal("landscape", "T07").add("waiting", 1.0)
    with pytest.raises(
        VigkitError, match=re.escape('give it its own name in CLIP, e.g. CLIP = "landscape-')
    ):
        guide.my_review(film, workspace=ws)
    review = guide.my_review(film, clip="landscape-review", workspace=ws)
    assert ws.clip("landscape-review").kind == "shared-review"
    with pytest.raises(VigkitError, match="is another film"):
        guide.my_review(film_dir / "silent.mp4", clip="landscape-review", workspace=ws)
    assert review.clip == "landscape-review"


def test_a_tagged_review_is_compared_with_the_supervisors_coding(ws: Workspace) -> None:
    review = guide.my_review(practice_dir() / "verp-story-time-review.mp4", workspace=ws)
    not_yet = guide.compare_review("T07", review, supervisor_file=SUPERVISOR_FILE, workspace=ws)
    assert not not_yet.tagged
    assert "Tag it in step 6 of this notebook (My shared review)" in str(not_yet)
    journal = ws.journal(CLIP, "T07", scheme="shared-review")
    for row in Coding.read(TRAINEE_FILE).events.to_dict("records"):
        journal.add(row["code"], row["onset"], row["offset"], subject=row["subject"])
    counted = str(guide.review_tags(review, "T07", workspace=ws))
    assert counted.startswith(f"You have tagged 20 moments of your review {CLIP}:")
    assert "- Activating the client: 8" in counted
    check = guide.compare_review("T07", review, supervisor_file=SUPERVISOR_FILE, workspace=ws)
    summary = str(check)
    assert summary.startswith(f"Your coding: 20 tags of {CLIP} by T07.")
    assert "You spotted 19 of the 21 moments your supervisor marked" in summary
    assert check.film == review.path
    assert "Alignment kappa" in str(guide.statistics(check))
    saved = str(guide.save_comparison(check))
    assert f"codings/{CLIP}/S01.reference.csv" in saved
    again = guide.compare_review("T07", review, workspace=ws)  # the copy kept in the workspace
    assert again.source == "kept in your workspace" and again.tagged


def test_a_supervisors_coding_with_another_scheme_is_refused(ws: Workspace, tmp_path: Path) -> None:
    review = guide.my_review(practice_dir() / "verp-story-time-review.mp4", workspace=ws)
    with pytest.raises(VigkitError, match="there is no supervisor's coding of your review"):
        guide.compare_review("T07", review, workspace=ws)
    other = Coding.read(practice_dir() / "verp-story-time-review.reference.csv")
    wrong = tmp_path / "S01.csv"
    Coding(other.events.assign(clip=CLIP), other.scheme, duration=other.duration).to_csv(wrong)
    with pytest.raises(VigkitError, match="shared-review"):
        guide.compare_review("T07", review, supervisor_file=wrong, workspace=ws)


def test_the_questions_of_a_shared_review_start_with_what_went_well() -> None:
    text = str(guide.review_questions())
    assert text.startswith("Questions to look back on your shared review with, starting with")
    assert "- How did you activate your client to notice what is working?" in text


def test_notebook_09_tags_in_the_step_its_notes_point_to() -> None:
    cells = json.loads((course_root() / "notebooks" / "09_my_shared_review.ipynb").read_text())
    headings = {
        int(m[1]): m[2]
        for cell in cells["cells"]
        if (m := re.match(r"## Step (\d+): (.*)", "".join(cell["source"])))
    }
    assert headings[guide.REVIEW_TAG_STEP] == "tag your part in the review"


# ---------------------------------------------------------------- notebook 07's section
def test_a_supervisor_sees_a_trainees_review_beside_their_own(ws: Workspace) -> None:
    reviews = guide.load_group(EXAMPLES, film=CLIP, reference="S01", workspace=ws)
    words = str(guide.review_feedback(reviews, "T07"))
    assert words.startswith(
        f"T07's coding of their shared review {CLIP}, beside yours (S01). What T07 reads, "
        "strengths first:\n\nYou spotted 19 of the 21 moments"
    )
    assert words.index("You saw these especially well") < words.index("Alignment kappa")
    assert "T07 kept the film of the review" in str(guide.replay_review(reviews, "T07"))
    film = practice_dir() / "verp-story-time-review.mp4"
    view = guide.replay_review(reviews, "T07", film, workspace=ws)
    assert type(view).__name__ == "CompareView"
    with pytest.raises(VigkitError, match="set REVIEW_FILM to its name"):
        guide.replay_review(reviews, "T07", "no-such-review.mp4", workspace=ws)
    interactions = guide.load_group(
        ROOT / "examples" / "group", film="group-bridge-building", reference="S01", workspace=ws
    )
    with pytest.raises(VigkitError, match="a shared review is coded with the shared-review"):
        guide.review_feedback(interactions, "T03")


def test_a_review_is_kept_in_its_cycle_of_the_practice_record(ws: Workspace) -> None:
    from vigkit.reflection import load_record

    review = guide.my_review(practice_dir() / "verp-story-time-review.mp4", workspace=ws)
    assert "set CYCLE" in str(guide.review_in_record(review, "T07", None, workspace=ws))
    said = guide.review_in_record(review, "T07", 2, reviewed_on="9/3/2026", workspace=ws)
    assert str(said) == (
        f"Cycle 2 of your practice record now has this shared review ({CLIP}), on 9 March "
        "2026: it counts towards your stage. Notebook 06 shows your stages."
    )
    cycle = load_record(guide.my_record("T07", "vig-trainee", workspace=ws).path).cycle(2)
    assert (cycle.review_film, str(cycle.reviewed_on)) == (CLIP, "2026-03-09")
    refused = guide.review_in_record(review, "T07", 2, reviewed_on="31/2/2026", workspace=ws)
    assert str(refused).startswith("Not kept yet – your record keeps what it had:")
    guide.my_record("V01", "verp", workspace=ws)
    assert "for trainee guiders" in str(guide.review_in_record(review, "V01", 1, workspace=ws))


def test_the_tagger_tags_a_review_with_its_scheme_unless_told_otherwise(ws: Workspace) -> None:
    review = guide.my_review(practice_dir() / "verp-story-time-review.mp4", workspace=ws)
    tagger = Tagger(review.path, coder="T07", clip=review.clip, workspace=ws)
    assert tagger.scheme.id == "shared-review" and list(tagger.subjects) == ["guider", "client"]
    tagger.close()
    other = Tagger(review.path, coder="T07", clip="story-time", workspace=ws)
    assert other.scheme.id == "attuned-interactions"  # an interaction film: the six
    other.close()

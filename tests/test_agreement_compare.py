"""compare and compare_many through the public API: figures, moments, feedback, errors,
and the ``vigkit compare`` command."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

import vigkit
from vigkit import Coding, VigkitError, compare, compare_many

WAIT = "encouraging-initiatives.waiting"
ATTENTIVE = "being-attentive"
GUIDING = "guiding"


def coding(coder: str, events: list[tuple[str, float, float | None]], role: str = "trainee",
           clip: str = "home-play", duration: float | None = 60.0) -> Coding:  # fmt: skip
    return Coding(
        [
            {"clip": clip, "coder": coder, "role": role, "code": code, "onset": on, "offset": off}
            for code, on, off in events
        ],
        duration=duration,
    )


SUPERVISOR = coding(
    "S01",
    [(WAIT, 5.0, None), (ATTENTIVE, 10.0, 14.0), (GUIDING, 30.0, None), (GUIDING, 50.0, None)],
    role="supervisor",
)
TRAINEE = coding(
    "T07",
    [(WAIT, 5.8, None), (ATTENTIVE, 10.5, 13.0), ("receiving-initiatives", 30.4, None),
     (ATTENTIVE, 40.0, None)],
)  # fmt: skip


def test_moments_are_matched_missed_and_extra() -> None:
    result = compare(TRAINEE, SUPERVISOR, tolerance=2.0)
    pairs = result.pairs()
    assert list(pairs["code"]) == ["encouraging-initiatives", ATTENTIVE, "receiving-initiatives"]
    assert list(pairs["reference_code"]) == ["encouraging-initiatives", ATTENTIVE, GUIDING]
    assert list(pairs["same_code"]) == [True, True, False]
    assert result.misses().to_dict("records") == [{"onset": 50.0, "offset": 50.0, "code": GUIDING}]
    assert result.extras().to_dict("records") == [
        {"onset": 40.0, "offset": 40.0, "code": ATTENTIVE}
    ]
    summary = result.summary()
    assert (summary["matched"], summary["matched_same_code"]) == (3, 2)
    assert (summary["misses"], summary["extras"]) == (1, 1)
    assert summary["level"] == "category" and summary["tolerance"] == 2.0


def test_figures_are_within_their_bounds_and_consistent() -> None:
    result = compare(TRAINEE, SUPERVISOR)
    assert -1 <= result.alignment_kappa <= result.kappa_max <= 1
    assert 0 <= result.raw_agreement <= 1
    # 2 same-code pairs out of 5 aligned units (3 pairs, 1 miss, 1 extra)
    assert result.raw_agreement == pytest.approx(2 / 5)
    assert -1 <= result.time_unit_kappa <= 1
    assert -1 <= result.time_unit_kappa_tolerant <= 1
    assert 0 <= result.time_units.none_share <= 1
    assert result.alpha <= 1
    assert result.unitizing_alpha is not None and result.unitizing_alpha <= 1
    table = result.confusion()
    assert table.loc["NIL", "NIL"] == 0 and int(table.to_numpy().sum()) == 5


def test_identical_codings_agree_perfectly() -> None:
    twin = coding("S02", [(e["code"], e["onset"], e["offset"]) for e in SUPERVISOR.to_records()])
    result = compare(twin, SUPERVISOR)
    assert result.alignment_kappa == pytest.approx(1.0)
    assert result.raw_agreement == 1.0 and result.alpha == pytest.approx(1.0)
    assert result.time_unit_kappa == pytest.approx(1.0)
    assert result.misses().empty and result.extras().empty
    assert "named every one of them the same way" in str(result.feedback())


def test_compare_mirrors_when_the_sides_swap() -> None:
    forward, backward = compare(TRAINEE, SUPERVISOR), compare(SUPERVISOR, TRAINEE)
    assert forward.alignment_kappa == pytest.approx(backward.alignment_kappa)
    assert forward.time_unit_kappa == pytest.approx(backward.time_unit_kappa)
    assert len(forward.misses()) == len(backward.extras())


def test_per_code_recall_and_precision() -> None:
    table = compare(TRAINEE, SUPERVISOR).per_code()
    guiding = table.loc[GUIDING]
    assert (guiding["reference"], guiding["coder"], guiding["matched"]) == (2, 0, 0)
    attentive = table.loc[ATTENTIVE]
    assert (attentive["reference"], attentive["coder"], attentive["matched"]) == (1, 2, 1)
    assert attentive["recall"] == 1.0 and attentive["precision"] == 0.5
    assert attentive["mean_onset_difference"] == pytest.approx(0.5)


def test_feedback_names_strengths_first_with_times_to_replay() -> None:
    feedback = compare(TRAINEE, SUPERVISOR).feedback()
    text = str(feedback)
    assert text.startswith("You spotted 3 of the 4 moments your supervisor marked")
    assert text.index("especially well") < text.index("look at again")
    assert "0:50 – your supervisor saw Guiding here." in text
    assert "0:30 – you saw Receiving initiatives; your supervisor saw Guiding." in text
    assert "0:40 – you saw Being attentive; your supervisor did not mark" in text
    assert "kappa" not in text.lower()  # no statistics for learners
    kinds = [m.kind for m in feedback.moments]
    assert kinds == ["seen", "seen", "named-differently", "only-you", "missed"]
    assert [m.time for m in feedback.moments][-1] == "0:50"
    assert "<li>" in feedback._repr_html_()


def test_supervisor_feedback_explains_each_statistic() -> None:
    text = str(compare(TRAINEE, SUPERVISOR).feedback(detail="supervisor"))
    for words in ("Alignment kappa", "Landis & Koch", "Raw agreement", "Time-unit kappa",
                  "Krippendorff's alpha", "Unitizing alpha", "Bakeman"):  # fmt: skip
        assert words in text
    with pytest.raises(VigkitError, match="learner' or 'supervisor"):
        compare(TRAINEE, SUPERVISOR).feedback(detail="everything")  # type: ignore[arg-type]


def test_behaviour_level_keeps_behaviours_apart() -> None:
    other_wait = coding("T08", [("encouraging-initiatives.listening-actively", 5.0, None)])
    wait_only = coding("S03", [(WAIT, 5.0, None)], role="supervisor")
    assert compare(other_wait, wait_only, level="category").raw_agreement == 1.0
    assert compare(other_wait, wait_only, level="behaviour").raw_agreement == 0.0


def test_point_only_codings_have_no_unitizing_alpha() -> None:
    a = coding("T09", [(WAIT, 5.0, None)])
    b = coding("S04", [(WAIT, 5.5, None)], role="supervisor")
    assert compare(a, b).unitizing_alpha is None


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        (coding("T1", [(WAIT, 1, None)], clip="other"), SUPERVISOR, "different clips"),
        (Coding.concat([TRAINEE, coding("T2", [(WAIT, 9, None)])]), SUPERVISOR, "several coders"),
    ],
)
def test_codings_that_cannot_be_compared(a: Coding, b: Coding, message: str) -> None:
    with pytest.raises(VigkitError, match=message):
        compare(a, b)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(VigkitError, match="tolerance"):
        compare(TRAINEE, SUPERVISOR, tolerance=-1)
    with pytest.raises(VigkitError, match="time unit"):
        compare(TRAINEE, SUPERVISOR, unit=0)
    with pytest.raises(VigkitError, match="level"):
        compare(TRAINEE, SUPERVISOR, level="principle")  # type: ignore[arg-type]


def test_a_group_against_its_supervisor() -> None:
    second = coding("T08", [(WAIT, 5.1, None), (ATTENTIVE, 10.0, 14.0), (GUIDING, 30.2, None)])
    group = compare_many([TRAINEE, second, SUPERVISOR], reference="S01")
    assert set(group.coders) == {"T07", "T08", "S01"}
    matrix = group.pairwise_kappa
    assert matrix.shape == (3, 3) and (matrix.to_numpy().diagonal() == 1).all()
    assert matrix.loc["T07", "T08"] == matrix.loc["T08", "T07"]
    assert set(group.against_reference) == {"T07", "T08"}
    assert -1 <= group.alpha <= 1
    summary = group.summary()
    assert summary.loc["T08", "found"] == 3 and summary.loc["T07", "misses"] == 1
    assert summary.loc["T08", "kappa_vs_reference"] > summary.loc["T07", "kappa_vs_reference"]
    with pytest.raises(VigkitError, match="at least two coders"):
        compare_many([TRAINEE])
    with pytest.raises(VigkitError, match="not one of the coders"):
        compare_many([TRAINEE, second], reference="S99")


def test_the_compare_command(tmp_path: Path) -> None:
    TRAINEE.to_csv(tmp_path / "t.csv")
    SUPERVISOR.to_csv(tmp_path / "s.csv")
    run = [sys.executable, "-m", "vigkit", "compare", "t.csv", "s.csv"]
    text = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True)
    assert text.returncode == 0, text.stderr
    assert (
        text.stdout.startswith("You spotted 3 of the 4 moments")
        and "Alignment kappa" in text.stdout
    )
    as_json = subprocess.run([*run, "--json"], cwd=tmp_path, capture_output=True, text=True)
    figures = json.loads(as_json.stdout)
    assert figures["matched"] == 3 and math.isfinite(figures["alignment_kappa"])
    (tmp_path / "bad.csv").write_text("clip,coder,code,onset\nhome-play,T1,nonsense,1\n")
    bad = subprocess.run(
        [*run[:4], "bad.csv", "s.csv"], cwd=tmp_path, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "bad.csv" in bad.stderr and "Traceback" not in bad.stderr
    assert vigkit.compare is compare

"""BORIS's behavioural strings: a coding written as BORIS writes an observation (one line per
subject; states joined by '+' while they overlap), read back as the same order for any
coding (hypothesis); BORIS's own layouts (several description lines, grouped subjects,
modifiers) and Behatrix's plain lines read; no times, so never made into a coding."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigkit import Coding, VigkitError, load_scheme
from vigkit.formats import FormatError, read_behavioural_strings, write_behavioural_strings
from vigkit.formats.dispatch import format_of, read_coding_file

SCHEME = load_scheme()
WAITING = "encouraging-initiatives.waiting"
TURNING = "being-attentive.turning-towards"
GUIDING = "guiding"


def tag(code: str, onset: float, offset: float | None = None, **more: str) -> dict[str, object]:
    return {"clip": "home-play", "coder": "T07", "code": code, "onset": onset,
            "offset": onset if offset is None else offset, **more}  # fmt: skip


def test_states_and_points_are_written_as_boris_writes_them(tmp_path: Path) -> None:
    coding = Coding(
        [tag(TURNING, 10, 14), tag(WAITING, 11, 12), tag(GUIDING, 11.5), tag(GUIDING, 15),
         tag(WAITING, 2, subject="adult", answers="", note="waits"),
         tag(TURNING, 3, subject="adult")]
    )  # fmt: skip
    exported = write_behavioural_strings(coding, tmp_path / "T07.strings.txt")
    lines = exported.path.read_text(encoding="utf-8").split("\n")
    # a state at its start (with the others current), a point with the states current,
    # what is left when a state stops while another goes on, nothing when the last stops
    both = f"{TURNING}+{WAITING}"
    assert lines[lines.index("# No focal subject:") + 1] == (
        f"{TURNING}|{both}|{both}+{GUIDING}|{TURNING}|{GUIDING}"
    )
    assert lines[lines.index("# adult:") + 1] == f"{WAITING}|{TURNING}"
    assert lines[:9] == [
        "", "# observation id: home-play T07",
        "# observation description: vigkit coding of clip home-play by T07, scheme "
        "attuned-interactions 1.0", "", "# Independent variables", "# clip: home-play",
        "# coder: T07", "# role: trainee", "",
    ]  # fmt: skip
    assert exported.lost[0].startswith("Behavioural strings keep the order of the tags, not")
    with pytest.raises(VigkitError, match="use one character that is not in the codes"):
        write_behavioural_strings(coding, tmp_path / "x.strings.txt", separator="-")


@st.composite
def codings(draw: st.DrawFn) -> Coding:
    """Tags that do not overlap within a subject (so each is one step)."""
    tags, start = [], 0
    for _ in range(draw(st.integers(min_value=1, max_value=15))):
        start += draw(st.integers(min_value=1, max_value=50))
        length = draw(st.sampled_from([0, 0, 1]))
        tags.append(
            {"clip": draw(st.sampled_from(["home-play", "bath"])),
             "coder": draw(st.sampled_from(["T01", "S02"])),
             "subject": draw(st.sampled_from(["", "adult", "child"])),
             "code": draw(st.sampled_from(sorted(SCHEME.codes))),
             "onset": start, "offset": start + length}
        )  # fmt: skip
    return Coding(tags)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(coding=codings())
def test_any_coding_reads_back_in_the_order_of_its_tags(tmp_path: Path, coding: Coding) -> None:
    path = write_behavioural_strings(coding, tmp_path / "random.strings.txt", separator=";").path
    found = read_behavioural_strings(path, separator=";")
    expected = {}
    for record in sorted(coding.to_records(), key=lambda r: r["onset"]):
        key = (record["clip"], record["coder"], record["subject"])
        expected.setdefault(key, []).append(record["code"])
    got = {(s.variables["clip"], s.variables["coder"], s.subject): list(s.labels) for s in found}
    assert got == expected


BORIS = "\n".join(
    [
        "",
        "# observation id: visit 1",
        "# observation description: row #1",
        "",
        "row # 2",
        "",
        "# Observation type: Media file",
        "# Media file path: player #1: home.mp4; ",
        "",
        "# Independent variables",
        "# coder: T07",
        "# a: ",
        "",
        "",
        "# No focal subject:",
        "",
        "# adult:",
        "Guiding|waiting&m1|Waiting+guiding",
        "",
        "# observation id: visit 2",
        "# observation description: ",
        "",
        "[adult]guiding|[child]being-attentive.turning-towards|[adult]Waiting",
        "",
    ]
)  # BORIS's own lines, trailing spaces and all


def test_boris_files_and_plain_behatrix_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "boris.txt"
    path.write_text(BORIS, encoding="utf-8")
    found = read_behavioural_strings(path)
    assert [(s.observation, s.subject, s.labels, s.line) for s in found] == [
        ("visit 1", "adult", (GUIDING, WAITING, f"{WAITING}+{GUIDING}"), 18),
        ("visit 2", "adult", (GUIDING, WAITING), 23),
        ("visit 2", "child", (TURNING,), 23),
    ]
    assert found[0].variables == {"coder": "T07", "a": ""}
    plain = tmp_path / "behatrix.txt"
    plain.write_text("guiding|waiting\nWaiting\n", encoding="utf-8")
    assert [s.labels for s in read_behavioural_strings(plain)] == [(GUIDING, WAITING), (WAITING,)]


def test_unknown_codes_are_named_with_their_line_and_no_coding_is_made(tmp_path: Path) -> None:
    path = tmp_path / "bad.strings.txt"
    path.write_text("# observation id: 1\n\n# adult:\nguiding|guidnig\n[x\n", encoding="utf-8")
    with pytest.raises(FormatError) as raised:
        read_behavioural_strings(path)
    message = str(raised.value)
    assert str(path) in message and "2 problems" in message
    assert "line 4: adult, item 2: 'guidnig' is not a code of attuned-interactions" in message
    assert "line 5: item 1: write it [subject]behaviour" in message
    assert format_of("T07.strings.txt") == "strings" and format_of("T07.txt") == "csv"
    with pytest.raises(VigkitError, match="keep the order of tags but not their times"):
        read_coding_file(path, SCHEME)

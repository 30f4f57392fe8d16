"""GSEQ's SDIS files: codings written as timed-event sessions (one per clip and coder) in the
layout BORIS writes for GSEQ, read back as they were for all SDIS holds (random codings);
SDIS files others write (BORIS's, declarations with code sets and variables, m:ss times)
read; what SDIS cannot hold said in sentences; broken files refused with file and line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vigkit
from vigkit import Coding, VigkitError, load_scheme
from vigkit.formats import FormatError, read_sdis, write_sdis
from vigkit.formats.dispatch import format_of
from vigkit.formats.file_names import MissingName
from vigkit.formats.sdis import code_from_name, sdis_name

SCHEME = load_scheme()
WAITING = "encouraging-initiatives.waiting"
TURNING = "being-attentive.turning-towards"
EVENT = re.compile(r"^([A-Za-z][A-Za-z0-9_]*),(\d+\.\d{3})-(\d+\.\d{3})$")
FIELDS = ["clip", "coder", "role", "code", "subject", "onset", "offset"]

TAGS = Coding(
    [
        {"clip": "home-play", "coder": "T07", "code": WAITING, "subject": "adult", "onset": 5.8,
         "note": "she waits"},
        {"clip": "home-play", "coder": "T07", "code": TURNING, "onset": 10.5, "offset": 13.25},
        {"clip": "home-play", "coder": "S01", "role": "supervisor", "code": "guiding",
         "onset": 59.0},
        {"clip": "bath", "coder": "T07", "code": TURNING, "subject": "adult", "onset": 1,
         "offset": 2},
    ],
    duration=60.0,
)  # fmt: skip


def rows(coding: Coding) -> list[tuple[Any, ...]]:
    return sorted(coding.events[FIELDS].itertuples(index=False, name=None))


def sessions(text: str) -> dict[str, list[tuple[str, float, float]]]:
    """label: events, by a plain reading of the data lines (comments dropped)."""
    data = [line for line in text.splitlines() if line and not line.startswith("%")]
    assert data[0] == "Timed <seconds>;"
    found: dict[str, list[tuple[str, float, float]]] = {}
    label = ""
    for line in data[1:]:
        if line.startswith("<"):
            label = line[1:-1]
            found[label] = []
        elif line != "/":
            name, onset, offset = EVENT.match(line).groups()  # type: ignore[union-attr]
            found[label].append((name, float(onset), float(offset)))
    return found


# ----------------------------------------------------------------- writing
def test_each_clip_and_coder_is_a_timed_session_as_boris_writes_them(tmp_path: Path) -> None:
    exported = write_sdis(TAGS, tmp_path / "group.sds")
    text = exported.path.read_text(encoding="utf-8")
    assert text.startswith("% ") and text.count("/\n") == 3
    assert sessions(text) == {
        "bath T07": [("adult_being_attentive__turning_towards", 1.0, 2.0)],
        "home-play S01": [("guiding", 59.0, 59.001)],
        "home-play T07": [
            ("adult_encouraging_initiatives__waiting", 5.8, 5.801),
            ("being_attentive__turning_towards", 10.5, 13.25),
        ],
    }
    assert exported.lost == (
        "Tag ids and the times tags were made are not in SDIS; reading the file back gives "
        "the tags new ids.",
        "The coder's role and the clip's length are kept only in comments, which GSEQ does "
        "not read.",
        "1 tag has a note; SDIS has no place for notes, so they are left out.",
        "2 moments (tags without length) written as lasting 1 millisecond, as BORIS does: "
        "SDIS timed events have an onset and an offset.",
    )


def test_code_names_are_sdis_names_that_give_the_code_back() -> None:
    for code in [WAITING, TURNING, "guiding", "receiving-initiatives.returning-eye-contact"]:
        name = sdis_name(code, "little one")
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name)
        assert name.startswith("little_one_") and code_from_name(name[11:]) == code


def test_several_codings_go_in_one_file_and_other_schemes_are_refused(tmp_path: Path) -> None:
    one, two = TAGS.filter(coder="T07"), TAGS.filter(coder="S01")
    both = write_sdis([one, two], tmp_path / "both.sds").path
    assert rows(read_sdis(both)) == rows(TAGS)
    builtin = Path(vigkit.__file__).parent / "coding" / "schemes" / "attuned-interactions.yaml"
    newer = tmp_path / "newer.yaml"
    text = builtin.read_text(encoding="utf-8")
    newer.write_text(text.replace('version: "1.0"', 'version: "9.0"'), encoding="utf-8")
    other = Coding([{"clip": "a", "coder": "T01", "code": "guiding", "onset": 1}], scheme=newer)
    with pytest.raises(VigkitError, match=r"cannot go in one file: (.|\n)*different schemes"):
        write_sdis([one, other], tmp_path / "mixed.sds")
    assert not (tmp_path / "mixed.sds").exists()


# ------------------------------------------------------------ round trip
NAMES = st.sampled_from(["T01", "S02", "P3"])
SUBJECTS = st.sampled_from(["", "adult", "child 1"])
CODES = st.sampled_from(sorted(SCHEME.codes))
MS = st.integers(min_value=0, max_value=600_000)


@st.composite
def codings(draw: st.DrawFn) -> Coding:
    tags = []
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        onset = draw(MS)
        length = draw(st.sampled_from([0, 0, 2, 999, 4500]))
        coder = draw(NAMES)
        tags.append(
            {"clip": draw(st.sampled_from(["home-play", "bath.2"])), "coder": coder,
             "role": "supervisor" if coder.startswith("S") else "trainee",
             "code": draw(CODES), "subject": draw(SUBJECTS), "onset": onset / 1000,
             "offset": (onset + length) / 1000}
        )  # fmt: skip
    return Coding(tags, duration=draw(st.sampled_from([None, 700.0])))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(coding=codings())
def test_any_coding_reads_back_as_it_was_written(tmp_path: Path, coding: Coding) -> None:
    back = read_sdis(write_sdis(coding, tmp_path / "random.sds").path)
    assert rows(back) == rows(coding)
    assert back.duration == coding.duration


# ------------------------------------------------------ other people's files
BORIS = """% SDIS file created by BORIS (www.boris.unito.it) at 2026-03-01T10:15:00
Timed <seconds>;

<observation #1>
adult_being_attentive.turning_towards,1.000-2.500 No_focal_subject_Waiting,3.000-3.001 /

"""


def test_a_boris_file_is_read_with_subjects_labels_and_sessions(tmp_path: Path) -> None:
    path = tmp_path / "boris.sds"
    path.write_text(BORIS, encoding="utf-8")
    coding = read_sdis(path, coder="T07")
    assert rows(coding) == [
        ("observation-1", "T07", "trainee", TURNING, "adult", 1.0, 2.5),
        ("observation-1", "T07", "trainee", WAITING, "", 3.0, 3.001),
    ]
    with pytest.raises(MissingName, match="does not say who coded it; add --coder CODER"):
        read_sdis(path)


def test_declared_sets_variables_and_minute_times_are_understood(tmp_path: Path) -> None:
    path = tmp_path / "gseq.sds"
    path.write_text(
        "Timed ($who = guiding Waiting) (being_attentive__turning_towards) * sex (m f);\n"
        "<Dyad 1> ,0:00 guiding,0:01.5 Waiting,1:02-1:04.25 & (m) ,2:00/\n"
        "<Dyad 2> being_attentive__turning_towards,1:00:00-1:00:01/\n",
        encoding="utf-8",
    )
    coding = read_sdis(path, coder="S01", role="supervisor", duration=3601)
    assert rows(coding) == [
        ("Dyad-1", "S01", "supervisor", WAITING, "", 62.0, 64.25),
        ("Dyad-1", "S01", "supervisor", "guiding", "", 1.5, 1.5),
        ("Dyad-2", "S01", "supervisor", TURNING, "", 3600.0, 3601.0),
    ]


BAD = [
    ("Timed a;\n<s>\nb,1-2 /\n", 3, "session 1 <s>, event 1: the code 'b' is not declared"),
    ("Timed;\nguidnig,1-2/\n", 2, "'guidnig' is not a code of attuned-interactions (did you "
     "mean 'guiding'?)"),
    ("Timed;\nguiding,1:7x-2/\n", 2, "'1:7x' is not an SDIS time: write seconds"),
    ("Timed;\nguiding,5-2/\n", 2, "it ends (2) before it starts (5)"),
    ("Timed;\nguiding,5-/\n", 2, "'5-' has no offset after '-'"),
    ("Timed;\nguiding/\n", 2, "'guiding' has no time (write code,onset-offset)"),
    ("Timed;\n\nguiding,1-2\n", 3, "session 1 does not end with '/'"),
    ("\nguiding,1-2/\n", 2, "no declaration ending with ';'"),
    ("Timd;\nguiding,1-2/\n", 1, "starts with its data type (Event, State, Timed"),
    ("Event guiding;\nguiding/\n", 1, "this is SDIS Event data"),
    ("% vigkit-session {oops\nTimed;\n<a>\n/\n", 1, "vigkit-session data in this comment"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_broken_files_are_refused_naming_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "bad.sds"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as raised:
        read_sdis(path, coder="T07")
    assert str(path) in str(raised.value)
    assert f"line {line}: " in str(raised.value) and message in str(raised.value)


def test_the_command_line_exports_several_codings_and_imports_them(tmp_path: Path) -> None:
    TAGS.filter(coder="T07").to_csv(tmp_path / "T07.csv")
    TAGS.filter(coder="S01").to_csv(tmp_path / "S01.csv")
    assert format_of("GROUP.SDS") == "sdis"
    run = [sys.executable, "-m", "vigkit"]
    exported = subprocess.run([*run, "export", "T07.csv", "S01.csv", "group.sds"],
                              cwd=tmp_path, capture_output=True, text=True)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert "T07.csv, S01.csv → group.sds: 4 events" in exported.stderr
    assert "What group.sds does not hold:\n  - Tag ids" in exported.stderr
    imported = subprocess.run([*run, "import", "group.sds", "back.csv"],
                              cwd=tmp_path, capture_output=True, text=True)  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert rows(Coding.read(tmp_path / "back.csv")) == rows(TAGS)


def test_links_between_tags_are_said_to_be_left_out(tmp_path: Path) -> None:
    linked = Coding(
        [{"id": "i1", "clip": "c", "coder": "T01", "code": WAITING, "onset": 1},
         {"id": "r1", "clip": "c", "coder": "T01", "code": TURNING, "onset": 2, "answers": "i1"}]
    )  # fmt: skip
    exported = write_sdis(linked, tmp_path / "linked.sds")
    assert "1 tag has a link to the tag it answers; SDIS has no links" in " ".join(exported.lost)
    assert list(read_sdis(exported.path).events["answers"]) == ["", ""]

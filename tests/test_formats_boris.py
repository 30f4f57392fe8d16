"""BORIS projects: a project as BORIS writes it (modifiers, subjects, state events paired by
turns, several observations, a time offset, a live observation), our codings written as
projects BORIS pairs back into the same stretches, gzip, films linked by relative path, and
a corpus of broken projects each refused with the file and the element named."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_views_marks import TRAINEE

from vigkit import Coding, load_scheme
from vigkit.coding.events import ROLES
from vigkit.formats import CodeMap, FormatError, read_boris, write_boris

from films import make_film

SCHEME = load_scheme()
DATA = Path(__file__).parent / "data" / "formats"
PROJECT = DATA / "home-visits.boris"
CODES = DATA / "home-visits-codes.csv"
BAD = Path(__file__).parent / "data" / "bad" / "formats" / "boris"
FIELDS = ["clip", "coder", "role", "code", "subject", "onset", "offset", "note"]

TURNING = "being-attentive.turning-towards"
WAITING = "encouraging-initiatives.waiting"
EYES = "receiving-initiatives.returning-eye-contact"
NAMING = "encouraging-initiatives.naming-positively"


def rows(coding: Coding) -> list[tuple[Any, ...]]:
    """The events as comparable tuples (code, subject, onset, offset, note), in time order."""
    frame = coding.events
    return sorted(
        zip(frame["code"], frame["subject"], frame["onset"], frame["offset"], frame["note"],
            strict=True),
        key=lambda row: (row[2], row[3], row[0], row[1], row[4]),
    )  # fmt: skip


# ----------------------------------------------------------------- a project BORIS wrote
def test_an_observation_becomes_points_and_paired_stretches() -> None:
    coding = read_boris(PROJECT, observation="home-visit-1 (guider)", codes=CODES, coder="G01")
    assert coding.clips == ("home-visit-1",)  # the film's name, without folder or extension
    assert coding.coders == ("G01",)
    assert set(coding.events["role"]) == {"trainee"}
    assert coding.duration == 95.48  # the film's length in media_info
    assert rows(coding) == [
        (TURNING, "adult", 3.24, 7.6, ""),
        (WAITING, "adult", 5.12, 5.12, "leaves a pause"),
        (EYES, "child", 8.0, 10.04, "looks back at mum"),  # the STOP's comment is kept
        (NAMING, "adult", 12.4, 12.4, '[warm, nod] "you did it!"'),  # two modifier sets
        ("guiding", "adult", 20.0, 25.0, ""),
        (TURNING, "child", 22.5, 26.1, ""),  # the child's turn, paired apart from the adult's
        ("guiding", "adult", 30.0, 34.5, "[offers a choice]"),  # paired by its modifier…
        ("guiding", "adult", 31.0, 33.0, ""),  # …so the one without runs inside it
        (WAITING, "", 40.0, 40.0, ""),  # no focal subject; modifier "None" means none
    ]  # "phone rings" is mapped to nothing in the codes file: left out on purpose
    # ids name the observation and the (first) event, so reading again gives the same ids
    assert sorted(coding.events["id"]) == sorted(
        f"boris:home-visit-1 (guider):{n}" for n in (1, 2, 4, 7, 8, 9, 12, 13, 16)
    )
    assert set(coding.events["created"]) == {"2026-03-02T10:02:44.512Z"}  # the observation's


def test_the_time_offset_is_taken_off_and_the_role_given_is_used() -> None:
    coding = read_boris(
        PROJECT, observation="home-visit-1 (supervisor)", codes=CODES, coder="S01",
        role="supervisor",
    )  # fmt: skip
    assert rows(coding) == [
        (TURNING, "adult", 3.0, 8.0, ""),
        (WAITING, "adult", 5.0, 5.0, ""),
        (NAMING, "adult", 12.5, 12.5, "[playful]"),
    ]
    assert set(coding.events["role"]) == {"supervisor"}


def test_a_live_observation_needs_the_clip_and_no_focal_subject_is_no_subject() -> None:
    with pytest.raises(FormatError, match=r"observation 'staff room \(live\)' has no film"):
        read_boris(PROJECT, observation="staff room (live)", coder="G01")
    coding = read_boris(PROJECT, observation="staff room (live)", coder="G01", clip="staff-room")
    assert rows(coding) == [(WAITING, "teacher", 1.52, 1.52, ""), (WAITING, "", 4.75, 4.75, "")]
    assert coding.duration is None


def test_several_observations_and_none_chosen_lists_them() -> None:
    with pytest.raises(FormatError) as caught:
        read_boris(PROJECT, codes=CODES, coder="G01")
    message = str(caught.value)
    assert str(PROJECT) in message
    assert (
        "the project has 3 observations; choose one: 'home-visit-1 (guider)', "
        "'home-visit-1 (supervisor)', 'staff room (live)'" in message
    )
    with pytest.raises(FormatError, match="there is no observation 'home visit'"):
        read_boris(PROJECT, observation="home visit", coder="G01")


def test_without_the_codes_file_the_unknown_names_are_all_listed() -> None:
    with pytest.raises(FormatError) as caught:
        read_boris(PROJECT, observation="home-visit-1 (guider)", coder="G01")
    message = str(caught.value)
    assert "has 3 problems; nothing was loaded" in message
    assert "observation 'home-visit-1 (guider)', events 4 to 6: 'eye contact' is not a code" in (
        message
    )
    assert "event 7 (0:12.40): 'naming' is not a code" in message
    assert "event 5 (0:09.50): 'phone rings' is not a code" in message
    assert "mapping file" in message  # the hint says how to map them


def test_each_unknown_name_is_one_problem_and_names_left_out_need_no_pairs(
    tmp_path: Path,
) -> None:
    project = json.loads(PROJECT.read_text(encoding="utf-8"))
    guider = project["observations"]["home-visit-1 (guider)"]
    guider["events"] = [e for e in guider["events"] if e[:3] != [10.04, "child", "eye contact"]]
    unstopped = tmp_path / "unstopped.boris"
    unstopped.write_text(json.dumps(project), encoding="utf-8")
    names = CodeMap({"eye contact": "", "naming": NAMING, "phone rings": ""})
    coding = read_boris(unstopped, observation="home-visit-1 (guider)", codes=names, coder="G01")
    assert EYES not in set(coding.events["code"])  # left out, so its missing STOP is no matter
    custom = tmp_path / "custom.yaml"
    custom.write_text(
        'id: custom\nversion: "1"\nlabel: Custom\ncategories:\n  - id: guiding\n'
        '    label: Guiding\n    colour: "#000000"\n    key: g\n',
        encoding="utf-8",
    )
    with pytest.raises(FormatError) as caught:
        read_boris(PROJECT, load_scheme(custom), observation="staff room (live)", coder="G01",
                   clip="staff-room")  # fmt: skip
    assert [p.message for p in caught.value.problems] == [
        "observation 'staff room (live)', event 1 (0:01.52): 'Waiting' is not a code of custom "
        "(1 more events use it)"
    ]


def test_a_code_map_object_works_like_its_file_and_the_clip_can_be_renamed() -> None:
    names = CodeMap({"eye contact": EYES, "naming": NAMING, "phone rings": ""})
    mapped = read_boris(
        PROJECT, observation="home-visit-1 (guider)", codes=names, coder="G01", clip="visit-one"
    )
    from_file = read_boris(PROJECT, observation="home-visit-1 (guider)", codes=CODES, coder="G01")
    assert rows(mapped) == rows(from_file)
    assert mapped.clips == ("visit-one",)


def test_a_gzip_project_reads_the_same_whatever_its_name(tmp_path: Path) -> None:
    packed = tmp_path / "home-visits.boris.gz"
    packed.write_bytes(gzip.compress(PROJECT.read_bytes()))
    plain = read_boris(PROJECT, observation="home-visit-1 (guider)", codes=CODES, coder="G01")
    for path in (packed, shutil.copy(packed, tmp_path / "renamed.boris")):
        again = read_boris(path, observation="home-visit-1 (guider)", codes=CODES, coder="G01")
        assert rows(again) == rows(plain)


def test_events_stored_out_of_time_order_are_paired_in_time_order(tmp_path: Path) -> None:
    project = json.loads(PROJECT.read_text(encoding="utf-8"))
    project["observations"]["home-visit-1 (guider)"]["events"].reverse()
    shuffled = tmp_path / "shuffled.boris"
    shuffled.write_text(json.dumps(project), encoding="utf-8")
    kept = read_boris(PROJECT, observation="home-visit-1 (guider)", codes=CODES, coder="G01")
    again = read_boris(shuffled, observation="home-visit-1 (guider)", codes=CODES, coder="G01")
    assert rows(again) == rows(kept)


# ----------------------------------------------------------------- writing projects
def boris_pairs(events: list[list[Any]], states: set[str]) -> list[tuple[Any, ...]]:
    """BORIS's own rule, written independently: in file order, each event of a state
    behaviour toggles it for its (subject, behaviour, modifiers)."""
    running: dict[tuple[str, str, str], list[Any]] = {}
    found = []
    for event in events:
        time, subject, code, modifiers, comment = event[:5]
        if code not in states:
            found.append((code, subject, time, time, comment))
            continue
        start = running.pop((subject, code, modifiers), None)
        if start is None:
            running[(subject, code, modifiers)] = event
        else:
            found.append((code, subject, start[0], time, start[4] or comment))
    assert not running, f"unpaired: {running}"
    return sorted(found, key=lambda row: (row[2], row[3], row[0], row[1], row[4]))


def test_a_project_boris_opens_with_the_scheme_as_ethogram(tmp_path: Path) -> None:
    path = write_boris(TRAINEE, tmp_path / "T07.boris")
    project = json.loads(path.read_text(encoding="ascii"))  # ASCII: any BORIS decodes it
    assert project["project_format_version"] == "7.0"
    ethogram = {entry["code"]: entry for entry in project["behaviors_conf"].values()}
    assert list(ethogram) == [c.id for c in SCHEME.categories]  # the coding's level
    assert ethogram["being-attentive"]["type"] == "State event"  # used for a stretch
    assert ethogram["guiding"]["type"] == "Point event"
    assert [e["key"] for e in ethogram.values()] == ["1", "2", "3", "4", "5", "6"]
    assert ethogram["being-attentive"]["category"] == "Being attentive"
    assert ethogram["being-attentive"]["color"] == SCHEME.colour_of("being-attentive")
    assert project["behavioral_categories"] == [c.label for c in SCHEME.categories]
    [(name, observation)] = project["observations"].items()
    assert name == "home-play by T07"
    assert observation["type"] == "LIVE"  # no film given
    assert observation["independent_variables"] == {
        "clip": "home-play", "coder": "T07", "role": "trainee"
    }  # fmt: skip
    assert observation["events"] == [
        [5.8, "", "encouraging-initiatives", "", ""],
        [10.5, "", "being-attentive", "", ""],
        [13.0, "", "being-attentive", "", ""],
        [30.4, "", "receiving-initiatives", "", ""],
        [40.0, "", "being-attentive", "", ""],  # a moment of a state behaviour:
        [40.0, "", "being-attentive", "", ""],  # a stretch of no length
    ]
    back = read_boris(path, coder="T07")  # the clip comes from the observation's variables
    assert back.events[FIELDS].equals(TRAINEE.events[FIELDS])


def test_behaviour_level_codings_list_every_code_and_keep_unique_keys(tmp_path: Path) -> None:
    coding = Coding(
        [{"clip": "c", "coder": "T01", "code": code, "onset": 1.0} for code in (WAITING, "guiding")]
    )
    project = json.loads(write_boris(coding, tmp_path / "b.boris").read_text(encoding="ascii"))
    ethogram = {entry["code"]: entry for entry in project["behaviors_conf"].values()}
    assert list(ethogram) == list(SCHEME.codes)
    assert ethogram["guiding"]["key"] == "5"  # the category keeps its key…
    assert ethogram[WAITING]["key"] == ""  # …its behaviours would share it, so have none
    keys = [e["key"] for e in ethogram.values() if e["key"]]
    assert len(keys) == len(set(keys))
    assert ethogram[WAITING]["description"].startswith("Waiting: ")


def test_a_film_is_linked_relative_to_the_project_and_probed(tmp_path: Path) -> None:
    (tmp_path / "films").mkdir()
    film = make_film(tmp_path / "films" / "home-play.mp4", seconds=2.0, audio=False)
    coding = Coding(
        [{"clip": "home-play", "coder": "T07", "code": "guiding", "onset": 0.52, "offset": 1.5}]
    )
    path = write_boris(coding, tmp_path / "projects" / "T07.boris.gz", media=film)
    project = json.loads(gzip.decompress(path.read_bytes()))
    [observation] = project["observations"].values()
    assert observation["type"] == "MEDIA"
    assert observation["file"]["1"] == ["../films/home-play.mp4"]
    assert observation["file"]["2"] == []
    info = observation["media_info"]
    assert abs(info["length"]["../films/home-play.mp4"] - 2.0) < 0.05
    assert info["fps"]["../films/home-play.mp4"] == 25.0
    assert info["hasAudio"]["../films/home-play.mp4"] is False
    assert [event[5] for event in observation["events"]] == [13, 38]  # frame indexes
    back = read_boris(path, coder="T07")
    assert back.events[FIELDS].equals(coding.events[FIELDS])
    assert back.duration == info["length"]["../films/home-play.mp4"]


def test_overlapping_stretches_boris_cannot_pair_are_refused(tmp_path: Path) -> None:
    coding = Coding(
        [
            {"clip": "c", "coder": "T01", "code": "guiding", "subject": "adult", "onset": 1.0,
             "offset": 10.0},
            {"clip": "c", "coder": "T01", "code": "guiding", "subject": "adult", "onset": 4.0},
            {"clip": "c", "coder": "T01", "code": "guiding", "subject": "child", "onset": 4.0,
             "offset": 5.0},  # another subject: fine
            {"clip": "c", "coder": "T01", "code": "guiding", "subject": "adult", "onset": 10.0,
             "offset": 12.0},  # touching: fine
        ]
    )  # fmt: skip
    target = tmp_path / "c.boris"
    with pytest.raises(FormatError) as caught:
        write_boris(coding, target)
    message = str(caught.value)
    assert "has 1 problem; nothing was written" in message
    assert (
        "clip 'c', coder 'T01': two 'guiding' events (subject 'adult') overlap, 0:01.00 to "
        "0:10.00 and the moment at 0:04.00" in message
    )
    assert not target.exists()


def test_several_clips_and_coders_become_one_observation_each(tmp_path: Path) -> None:
    coding = Coding(
        [
            {"clip": clip, "coder": coder, "code": "guiding", "onset": onset}
            for clip, coder, onset in (("a", "T01", 1.0), ("a", "S01", 2.0), ("b", "T01", 3.0))
        ]
    )
    path = write_boris(coding, tmp_path / "all.boris")
    project = json.loads(path.read_text(encoding="ascii"))
    assert sorted(project["observations"]) == ["a by S01", "a by T01", "b by T01"]
    back = read_boris(path, observation="a by S01", coder="S01")
    assert back.events[FIELDS].equals(coding.filter(clip="a", coder="S01").events[FIELDS])
    with pytest.raises(Exception, match="one film was given but the coding has clips a, b"):
        write_boris(coding, tmp_path / "film.boris", media=tmp_path / "any.mp4")


# ----------------------------------------------------------------- round trip
names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)
texts = st.text(max_size=20)


@st.composite
def codings(draw: st.DrawFn) -> Coding:
    """Random codings of one or two clips by one or two coders (each with one role), with
    moments and stretches, subjects and notes of any text."""
    clips = draw(st.lists(names, min_size=1, max_size=2, unique=True))
    coders = draw(st.dictionaries(names, st.sampled_from(ROLES), min_size=1, max_size=2))
    events = []
    for _ in range(draw(st.integers(0, 14))):
        onset = draw(st.floats(0, 3600, allow_nan=False))
        length = draw(st.one_of(st.just(0.0), st.floats(0.0005, 60, allow_nan=False)))
        coder = draw(st.sampled_from(sorted(coders)))
        events.append(
            {
                "clip": draw(st.sampled_from(clips)),
                "coder": coder,
                "role": coders[coder],
                "code": draw(st.sampled_from(SCHEME.codes)),
                "subject": draw(st.sampled_from(["", "adult", "child"]) | texts.map(str.strip)),
                "onset": onset,
                "offset": onset + length,
                "note": draw(texts),
            }
        )
    return Coding(boris_can_hold(events))


def boris_can_hold(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop events that would overlap an earlier stretch of their (clip, coder, subject,
    code): BORIS pairs by turns, so it cannot hold them (see the refusal test)."""
    kept: list[dict[str, Any]] = []
    for event in sorted(events, key=lambda e: (e["onset"], e["offset"])):
        group = [k for k in kept if all(k[f] == event[f] for f in ("clip", "coder", "subject",
                                                                    "code"))]  # fmt: skip
        if all(event["onset"] >= k["offset"] for k in group):
            kept.append(event)
    return kept


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(coding=codings(), packed=st.booleans())
def test_every_event_survives_a_round_trip_through_boris(
    tmp_path: Path, coding: Coding, packed: bool
) -> None:
    path = write_boris(coding, tmp_path / ("random.boris.gz" if packed else "random.boris"))
    data = path.read_bytes()
    project = json.loads(gzip.decompress(data) if packed else data)
    states = {e["code"] for e in project["behaviors_conf"].values() if e["type"] == "State event"}
    for (clip, coder), observation in zip(
        sorted(
            {(c, k) for c, k in zip(coding.events["clip"], coding.events["coder"], strict=True)}
        ),
        project["observations"].values(),
        strict=True,
    ):
        original = coding.filter(clip=clip, coder=coder)
        role = original.events["role"].iloc[0]
        back = read_boris(path, observation=f"{clip} by {coder}", coder=coder, role=role)
        assert back.events[["clip", "coder", "role"]].equals(
            original.events[["clip", "coder", "role"]]
        )
        assert rows(back) == rows(original)
        # BORIS's own pairing of the file gives the same stretches
        assert [r[:4] for r in boris_pairs(observation["events"], states)] == [
            r[:4] for r in rows(original)
        ]


# ----------------------------------------------------------------- broken projects
CASES = {
    "unpaired_state.boris": [
        "observation 'visit', event 3 (0:12.00): the state event 'turning towards' of subject "
        "'adult' starts here but never stops",
        "stop the state events left running",
    ],
    "unpaired_modifiers.boris": [
        "event 1 (0:20.00): the state event 'guiding' of subject 'adult' with modifiers 'warm'",
        "event 2 (0:25.00): the state event 'guiding' of subject 'adult' with modifiers 'playful'",
    ],
    "unknown_code.boris": [
        "observation 'visit', event 2 (0:05.12): 'waitng' is not a code of attuned-interactions "
        "(did you mean 'encouraging-initiatives.waiting'?)",
    ],
    "not_in_ethogram.boris": [
        "observation 'visit', event 1 (0:09.00): the behaviour 'smiling' is not in the "
        "project's ethogram"
    ],
    "truncated.boris.gz": ["the gzip compression is damaged", "cut short"],
    "not_json.boris": ["line 1: this is not valid JSON", "exported event tables"],
    "not_a_project.boris": ["this is not a BORIS project: it has no 'observations'"],
    "latin1.boris": ["it is not UTF-8 text (byte"],
}


def test_the_corpus_is_complete() -> None:
    assert sorted(CASES) == sorted(p.name for p in BAD.iterdir())


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_project_is_refused_naming_the_file_and_the_event(name: str) -> None:
    with pytest.raises(FormatError) as caught:
        read_boris(BAD / name, coder="T07", codes=CodeMap({"turning towards": TURNING}))
    message = str(caught.value)
    assert message.startswith(f"file {BAD / name} has ")
    assert "nothing was loaded" in message
    for fragment in CASES[name]:
        assert fragment in message, message


def test_a_missing_project_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        FormatError, match=r"missing\.boris has 1 problem.*\n  the file does not exist"
    ):
        read_boris(tmp_path / "missing.boris", coder="T07")

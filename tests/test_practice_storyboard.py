"""Reading storyboards: every default filled as documented, every problem listed by line.

Bad cases are written inline with a ``# <-`` marker on the line the message must name,
so each case shows at a glance what is wrong and where; whole bad files live in
``tests/data/bad/storyboard_*.yaml``.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit import Coding
from vigkit.core.errors import ProblemsError, VigkitError
from vigkit.practice.model import ACTIONS, SETTINGS, Storyboard
from vigkit.practice.reference import reference_coding
from vigkit.practice.storyboard import (
    StoryboardError,
    default_length,
    load_storyboard,
    parse_storyboard,
)

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "data" / "bad"
DOC = ROOT / "docs" / "storyboards.md"
COURSE_BOARDS = sorted((ROOT / "exercises" / "storyboards").glob("*.yaml"))

HEX = re.compile(r"^#[0-9A-F]{6}$")

# A storyboard using every action and leaving out every optional field it can.
FULL = """\
storyboard: 1
id: full-board
title: Everything at once
setting: nursery
duration: 30
description: >
  Kim and Jo at the play mat,
  with Max watching.
participants:
  - id: kim
    role: key worker
  - id: jo
    role: toddler
    size: toddler
  - id: max
    role: dad
    name: Maxwell
    subject: guider
    x: 0.9
    top: "#cc79a7"
    pitch: 140
  - id: bea
    role: baby
    size: baby
props:
  - id: ball
    kind: ball
  - id: red-ball
    kind: ball
    colour: "#d55e00"
    x: 0.25
beats:
  - at: 20
    who: kim
    do: speak
    text: "Your turn."
    tone: warm
    codes:
      - code: Giving a second (and further) turn
  - at: 0:01.5
    who: jo
    do: gaze
    target: ball
    codes:
      - code: encouraging-initiatives.looking-for-initiatives
  - at: 2
    who: kim
    do: turn
    target: jo
    away: false
  - at: 3
    who: jo
    do: smile
  - at: 4
    who: kim
    do: nod
  - at: 5
    who: jo
    do: point
    target: camera
  - at: 6
    who: kim
    do: hold-up
    prop: ball
  - at: 8
    who: kim
    do: offer
    prop: red-ball
    target: jo
  - at: 10
    who: kim
    do: wait
    until: 0:14
    codes:
      - code: encouraging-initiatives.waiting
        note: "Kim waits: Jo leads"
      - code: being-attentive.giving-time-and-space
        onset: 11
        subject: guider
  - at: 12
    do: caption
    text: Kim waits.
  - at: 29
    who: bea
    do: speak
    text: "Ba ba ba ba ba ba ba"
  - at: 15
    who: jo
    do: gaze
    target: kim
    codes:
      - code: receiving-initiatives.returning-eye-contact
        onset: 15.5
codes:
  - code: being-attentive
    onset: 1
    offset: 1:00
  - code: guiding
    subject: adult
    onset: 25
"""


def _full() -> str:
    """The full storyboard, with the top-level code fixed to lie inside the film."""
    return FULL.replace("offset: 1:00", "offset: 0:28")


@pytest.fixture(scope="module")
def board() -> Storyboard:
    return parse_storyboard(_full(), source="full.yaml")


# --------------------------------------------------------------------------- good files
def test_scene_is_read(board: Storyboard) -> None:
    assert board.id == "full-board"
    assert board.title == "Everything at once"
    assert board.setting == "nursery"
    assert board.duration == 30.0
    assert board.description == "Kim and Jo at the play mat, with Max watching."
    assert board.scheme == "attuned-interactions"
    assert board.source == "full.yaml"


def test_thumbnail_defaults_to_a_third_of_the_film(board: Storyboard) -> None:
    assert board.thumbnail_at == 10.0


def test_participant_defaults(board: Storyboard) -> None:
    kim, jo, max_, bea = board.participants
    assert (kim.name, kim.look.size, kim.subject) == ("Kim", "adult", "adult")
    assert (jo.name, jo.look.size, jo.subject) == ("Jo", "toddler", "child")
    assert (max_.name, max_.subject, max_.x, max_.pitch) == ("Maxwell", "guider", 0.9, 140.0)
    assert (bea.look.size, bea.subject) == ("baby", "child")
    assert kim.x == pytest.approx(1 / 5) and jo.x == pytest.approx(2 / 5)
    assert bea.x == pytest.approx(4 / 5)
    assert max_.look.top == "#CC79A7"  # given colours are kept, in capitals


def test_default_colours_are_valid_and_differ_between_people(board: Storyboard) -> None:
    looks = [p.look for p in board.participants]
    for look in looks:
        assert HEX.match(look.skin) and HEX.match(look.hair) and HEX.match(look.top)
    tops = [look.top for look in looks]
    assert len(set(tops)) == len(tops)  # defaults skip Max's pink
    assert len({look.skin for look in looks}) == len(looks)


def test_default_pitch_by_size(board: Storyboard) -> None:
    kim, jo, _, bea = board.participants
    assert 120 <= kim.pitch <= 220
    assert jo.pitch == 300.0
    assert bea.pitch == 350.0


def test_two_adults_do_not_sound_alike() -> None:
    text = _minimal(
        participants="  - {id: ann, role: mum}\n  - {id: bob, role: dad}\n",
        beats="  - {at: 1, who: ann, do: smile}\n",
    )
    ann, bob = parse_storyboard(text).participants
    assert ann.pitch != bob.pitch
    assert all(120 <= p.pitch <= 220 for p in (ann, bob))


def test_prop_defaults(board: Storyboard) -> None:
    ball, red = board.props
    assert (ball.kind, ball.colour, ball.x) == ("ball", "#0072B2", pytest.approx(1 / 3))
    assert (red.colour, red.x) == ("#D55E00", 0.25)


def test_beats_are_sorted_by_time(board: Storyboard) -> None:
    times = [beat.at for beat in board.beats]
    assert times == sorted(times)
    assert board.beats[0].at == 1.5  # written as 0:01.5, and fourth in the file
    assert [b.action for b in board.beats if b.who == "kim"][:2] == ["turn", "nod"]


def test_default_until_per_action(board: Storyboard) -> None:
    ends = {(b.action, b.who): b.until for b in board.beats}
    assert ends["gaze", "jo"] is None
    assert ends["turn", "kim"] is None
    assert ends["smile", "jo"] == 5.0
    assert ends["nod", "kim"] == 5.0
    assert ends["point", "jo"] == 6.5
    assert ends["hold-up", "kim"] == 8.0
    assert ends["offer", "kim"] == 10.0
    assert ends["wait", "kim"] == 14.0
    assert ends["caption", None] == 15.0
    speak = next(b for b in board.beats if b.action == "speak" and b.who == "kim")
    assert speak.until == pytest.approx(20 + 0.4 + 0.06 * len("Your turn."))
    assert (speak.tone, speak.text) == ("warm", "Your turn.")


def test_default_until_stops_at_the_end_of_the_film(board: Storyboard) -> None:
    babble = next(b for b in board.beats if b.who == "bea")
    assert babble.until == 30.0


def test_beats_remember_their_line(board: Storyboard) -> None:
    lines = _full().splitlines()
    for beat in board.beats:
        assert beat.line is not None
        assert lines[beat.line - 1].strip().startswith("- at:")


def test_reference_codes(board: Storyboard) -> None:
    codes = {(c.code, c.onset): c for c in board.codes}
    assert [c.onset for c in board.codes] == sorted(c.onset for c in board.codes)
    second = codes["developing-attuned-interactions.giving-second-turn", 20.0]  # a label
    assert second.offset == pytest.approx(20.4 + 0.6)
    assert second.subject == "adult"
    looking = codes["encouraging-initiatives.looking-for-initiatives", 1.5]
    assert (looking.offset, looking.subject) == (1.5, "child")  # open gaze: a point
    waiting = codes["encouraging-initiatives.waiting", 10.0]
    assert (waiting.offset, waiting.note) == (14.0, "Kim waits: Jo leads")
    space = codes["being-attentive.giving-time-and-space", 11.0]
    assert (space.offset, space.subject) == (14.0, "guider")  # onset moved, still ends
    eyes = codes["receiving-initiatives.returning-eye-contact", 15.5]
    assert eyes.offset == 15.5  # an onset on an open gaze moves the point
    whole = codes["being-attentive", 1.0]
    assert (whole.offset, whole.subject) == (28.0, None)
    guiding = codes["guiding", 25.0]
    assert (guiding.offset, guiding.subject) == (25.0, "adult")
    assert all(c.line for c in board.codes)


def test_point_true_makes_a_point_at_the_onset() -> None:
    text = _minimal(
        beats="  - at: 2\n    who: sam\n    do: smile\n    codes:\n"
        "      - {code: being-attentive, point: true}\n"
        "      - {code: guiding, onset: 3, point: true}\n"
    )
    codes = parse_storyboard(text).codes
    assert [(c.onset, c.offset) for c in codes] == [(2.0, 2.0), (3.0, 3.0)]


def test_reference_coding_validates(tmp_path: Path) -> None:
    path = tmp_path / "full.yaml"
    path.write_text(_full(), encoding="utf-8")
    board = load_storyboard(path)
    assert board.source == str(path)
    coding = reference_coding(board)
    assert isinstance(coding, Coding)
    assert len(coding) == len(board.codes)
    assert set(coding.events["clip"]) == {"full-board"}


def test_times_as_minutes_and_seconds() -> None:
    text = _minimal(
        head="duration: 1:30\nthumbnail: '1:00.5'\n",
        beats="  - at: 1:05\n    who: sam\n    do: smile\n    until: '1:07.25'\n"
        "  - at: '0:09'\n    who: sam\n    do: nod\n",
    )
    board = parse_storyboard(text)
    assert board.duration == 90.0
    assert board.thumbnail_at == 60.5
    assert [(b.at, b.until) for b in board.beats] == [(9.0, 10.0), (65.0, 67.25)]


def test_a_custom_scheme_next_to_the_storyboard(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        textwrap.dedent(
            """\
            id: mine
            version: "1"
            label: Mine
            subjects: [carer, child]
            categories:
              - {id: noticing, label: Noticing, colour: "#E69F00", key: "1"}
            """
        ),
        encoding="utf-8",
    )
    story = tmp_path / "story.yaml"
    story.write_text(
        _minimal(
            head="scheme: mine.yaml\n",
            participants="  - {id: sam, role: dad, subject: carer}\n",
            beats="  - {at: 1, who: sam, do: smile, codes: [{code: Noticing}]}\n",
        ),
        encoding="utf-8",
    )
    board = load_storyboard(story)
    assert board.scheme == str(tmp_path / "mine.yaml")
    assert [(c.code, c.subject) for c in board.codes] == [("noticing", "carer")]
    assert len(reference_coding(board)) == 1


def test_a_scheme_without_the_default_subject(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        'id: mine\nversion: "1"\nlabel: Mine\nsubjects: [carer]\ncategories:\n'
        '  - {id: noticing, label: Noticing, colour: "#E69F00", key: "1"}\n',
        encoding="utf-8",
    )
    story = tmp_path / "story.yaml"
    story.write_text(_minimal(head="scheme: mine.yaml\n"), encoding="utf-8")
    with pytest.raises(StoryboardError, match=r"line 8: scheme 'mine' has no subject 'adult'"):
        load_storyboard(story)


def test_the_example_in_the_docs_is_valid() -> None:
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    board = parse_storyboard(block.group(1), source="docs/storyboards.md")
    assert board.id == "home-floor-play"
    assert len(reference_coding(board)) == 3


def test_the_docs_list_every_setting_and_action() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for word in (*SETTINGS, *ACTIONS):
        assert f"| `{word}` |" in doc


@pytest.mark.parametrize("path", COURSE_BOARDS, ids=lambda p: p.stem)
def test_the_course_storyboards_are_valid(path: Path) -> None:
    board = load_storyboard(path)
    assert board.id == path.stem
    reference_coding(board)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=590),
            st.text(alphabet="abc xyz!?,.", min_size=1, max_size=80).filter(str.strip),
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda item: item[0],
    )
)
def test_speech_lasts_by_its_length_and_stops_at_the_end(lines: list[tuple[int, str]]) -> None:
    # One speaker per line, so that no two lines of one person overlap.
    people = "".join(f"  - {{id: p{i}, role: someone}}\n" for i in range(len(lines)))
    beats = "".join(
        f"  - {{at: {tenths / 10}, who: p{i}, do: speak, text: {text.strip()!r}}}\n"
        for i, (tenths, text) in enumerate(lines)
    )
    board = parse_storyboard(_minimal(head="duration: 60\n", participants=people, beats=beats))
    assert [b.at for b in board.beats] == sorted(tenths / 10 for tenths, _ in lines)
    for beat in board.beats:
        assert beat.text is not None
        length = default_length("speak", beat.text)
        assert length is not None
        assert beat.until == pytest.approx(min(beat.at + length, 60.0), abs=0.001)


# --------------------------------------------------------------------------- bad files
def _minimal(head: str = "", participants: str = "", beats: str = "") -> str:
    """A small valid storyboard; ``head`` adds or replaces top-level fields."""
    fields = {"storyboard": "1", "id": "small", "title": "Small", "setting": "home-floor"}
    fields["duration"] = "20"
    given = dict(line.split(":", 1) for line in head.splitlines() if line)
    fields.update({key: value.strip() for key, value in given.items()})
    top = "".join(f"{key}: {value}\n" for key, value in fields.items())
    people = participants or "  - id: sam\n    role: dad\n"
    actions = beats or "  - at: 1\n    who: sam\n    do: smile\n"
    return f"{top}participants:\n{people}beats:\n{actions}"


def _marked(text: str) -> tuple[str, int]:
    """The text without its ``# <-`` marker, and the line the marker was on."""
    lines = textwrap.dedent(text).splitlines()
    line = next(i for i, s in enumerate(lines, start=1) if s.rstrip().endswith("# <-"))
    return "\n".join(s.replace("# <-", "").rstrip() for s in lines) + "\n", line


HEAD = """\
    storyboard: 1
    id: bad-case
    title: A bad case
    setting: home-floor
    duration: 20
    participants:
      - id: sam
        role: dad
      - id: ava
        role: baby
        size: baby
    props:
      - id: ball
        kind: ball
    beats:
"""

# (name, storyboard with a "# <-" on the line to be named, words the message must hold)
BAD_CASES = [
    ("missing version", "title: x # <-\nid: a\n", "start the file with 'storyboard: 1'"),
    (
        "unknown top field",
        HEAD + "      - {at: 1, who: sam, do: smile}\n    colour: blue # <-\n",
        "unknown field 'colour'",
    ),
    (
        "misspelt participant field",
        HEAD.replace("role: dad", "role: dad\n        hiar: '#000000' # <-")
        + "      - {at: 1, who: sam, do: smile}\n",
        "unknown field 'hiar' (did you mean 'hair'?)",
    ),
    (
        "bad participant id",
        HEAD.replace("id: sam", "id: Sam # <-") + "      - {at: 1, who: ava, do: smile}\n",
        "'Sam' is not a valid participant id",
    ),
    (
        "id used twice",
        HEAD.replace("id: ball", "id: ava # <-") + "      - {at: 1, who: sam, do: smile}\n",
        "the id 'ava' is used twice (first on line 9)",
    ),
    (
        "id is a direction",
        HEAD.replace("id: ball", "id: camera # <-") + "      - {at: 1, who: sam, do: smile}\n",
        "'camera' is a direction",
    ),
    (
        "bad colour",
        HEAD.replace("kind: ball", "kind: ball\n        colour: red # <-")
        + "      - {at: 1, who: sam, do: smile}\n",
        "'red' is not a colour",
    ),
    (
        "bad size",
        HEAD.replace("size: baby", "size: infant # <-") + "      - {at: 1, who: sam, do: smile}\n",
        "'infant' is not a size",
    ),
    (
        "bad setting",
        HEAD.replace("setting: home-floor", "setting: home-flor # <-")
        + "      - {at: 1, who: sam, do: smile}\n",
        "(did you mean 'home-floor'?)",
    ),
    (
        "duration too short",
        HEAD.replace("duration: 20", "duration: 3 # <-") + "      - {at: 1, who: sam, do: smile}\n",
        "make it 5 to 600 seconds long",
    ),
    (
        "duration too long",
        HEAD.replace("duration: 20", "duration: 10:01 # <-")
        + "      - {at: 1, who: sam, do: smile}\n",
        "the film lasts 601 s",
    ),
    (
        "unknown action",
        HEAD + "      - at: 1\n        who: sam\n        do: wave # <-\n",
        "'wave' is not something a figure can do; use one of speak, gaze",
    ),
    (
        "misspelt action",
        HEAD + "      - at: 1\n        who: sam\n        do: speek # <-\n        text: hi\n",
        "(did you mean 'speak'?)",
    ),
    (
        "action by another name",
        HEAD + "      - at: 1\n        who: sam\n        do: look # <-\n        target: ava\n",
        "(did you mean 'gaze'?)",
    ),
    (
        "bad tone",
        HEAD + "      - at: 1\n        who: sam\n        do: speak\n        text: hi\n"
        "        tone: angry # <-\n",
        "'angry' is not a tone of voice",
    ),
    (
        "speak without text",
        HEAD + "      - at: 1 # <-\n        who: sam\n        do: speak\n",
        "a 'speak' beat needs 'text'",
    ),
    (
        "wait without until",
        HEAD + "      - at: 1 # <-\n        who: sam\n        do: wait\n",
        "a 'wait' beat needs 'until'",
    ),
    (
        "offer without target",
        HEAD + "      - at: 1 # <-\n        who: sam\n        do: offer\n        prop: ball\n",
        "a 'offer' beat needs 'target'",
    ),
    (
        "hold-up without prop",
        HEAD + "      - at: 1 # <-\n        who: sam\n        do: hold-up\n",
        "needs 'prop'",
    ),
    (
        "beat without who",
        HEAD + "      - at: 1 # <-\n        do: nod\n",
        "a 'nod' beat needs 'who'",
    ),
    (
        "a field the action does not use",
        HEAD + "      - at: 1\n        who: sam\n        do: smile\n        target: ava # <-\n",
        "a 'smile' beat has no 'target'; remove it",
    ),
    (
        "tone on a gaze",
        HEAD + "      - at: 1\n        who: sam\n        do: gaze\n        target: ava\n"
        "        tone: warm # <-\n",
        "(only speak beats do)",
    ),
    (
        "a caption has no who",
        HEAD + "      - at: 1\n        who: sam # <-\n        do: caption\n        text: Hi\n",
        "a 'caption' beat has no 'who'; remove it",
    ),
    (
        "two captions at once",
        HEAD + "      - {at: 1, do: caption, text: One}\n"
        "      - {at: 2, do: caption, text: Two} # <-\n",
        "the film shows one caption at a time",
    ),
    (
        "a smile and a nod may overlap, two smiles may not",
        HEAD + "      - {at: 1, who: sam, do: smile}\n      - {at: 1, who: sam, do: nod}\n"
        "      - {at: 2, who: sam, do: smile} # <-\n",
        "overlaps sam's 'smile' at 0:01.0 to 0:03.0 (line 16)",
    ),
    (
        "bad time",
        HEAD + "      - at: soon # <-\n        who: sam\n        do: smile\n",
        "'soon' is not a time",
    ),
    (
        "negative time",
        HEAD + "      - at: -1 # <-\n        who: sam\n        do: smile\n",
        "before the film starts",
    ),
    (
        "beat after the end",
        HEAD + "      - at: 0:25 # <-\n        who: sam\n        do: smile\n",
        "the beat starts at 0:25.0, but the film ends at 0:20.0",
    ),
    (
        "until past the end",
        HEAD + "      - at: 19\n        who: sam\n        do: smile\n        until: 21 # <-\n",
        "'until' 0:21.0 is past the end of the film",
    ),
    (
        "until before at",
        HEAD + "      - at: 5\n        who: sam\n        do: smile\n        until: 4 # <-\n",
        "'until' (0:04.0) must come after 'at' (0:05.0)",
    ),
    (
        "nobody of that name",
        HEAD + "      - at: 1\n        who: samm # <-\n        do: smile\n",
        "'samm' is not in the scene (did you mean 'sam'?)",
    ),
    (
        "a prop as who",
        HEAD + "      - at: 1\n        who: ball # <-\n        do: smile\n",
        "'ball' is a prop",
    ),
    (
        "unknown target",
        HEAD + "      - at: 1\n        who: sam\n        do: gaze\n        target: teddy # <-\n",
        "'teddy' is not in the scene",
    ),
    (
        "looking at oneself",
        HEAD + "      - at: 1\n        who: sam\n        do: gaze\n        target: sam # <-\n",
        "'sam' cannot gaze at themselves",
    ),
    (
        "unknown prop",
        HEAD + "      - at: 1\n        who: sam\n        do: hold-up\n        prop: car # <-\n",
        "'car' is not in the scene; 'prop' must be one of: ball",
    ),
    (
        "overlapping speech",
        HEAD + "      - {at: 1, who: sam, do: speak, text: Hello there}\n"
        "      - {at: 1.5, who: sam, do: speak, text: Again} # <-\n",
        "overlaps sam's 'speak' at 0:01.0 to 0:02.1 (line 16)",
    ),
    (
        "two gazes at once",
        HEAD + "      - {at: 1, who: sam, do: gaze, target: ava}\n"
        "      - {at: 1, who: sam, do: gaze, target: ball} # <-\n",
        "'gaze' on line 16 also starts at 0:01.0",
    ),
    (
        "speaking in one's own wait",
        HEAD + "      - {at: 1, who: sam, do: wait, until: 5}\n"
        "      - {at: 2, who: sam, do: speak, text: Hm} # <-\n",
        "sam speaks during their own wait (0:01.0 to 0:05.0, line 16)",
    ),
    (
        "unknown code",
        HEAD + "      - at: 1\n        who: sam\n        do: smile\n        codes:\n"
        "          - code: recieving-initiatives # <-\n",
        "code 'recieving-initiatives' is not in the scheme 'attuned-interactions' "
        "(did you mean 'receiving-initiatives'?)",
    ),
    (
        "unknown subject",
        HEAD + "      - at: 1\n        who: sam\n        do: smile\n        codes:\n"
        "          - code: guiding\n            subject: adlt # <-\n",
        "'adlt' is not a subject of scheme 'attuned-interactions' (did you mean 'adult'?)",
    ),
    (
        "unknown participant subject",
        HEAD.replace("role: dad", "role: dad\n        subject: dad # <-")
        + "      - {at: 1, who: sam, do: smile}\n",
        "'dad' is not a subject",
    ),
    (
        "unknown scheme",
        HEAD.replace("duration: 20", "duration: 20\n    scheme: atuned # <-")
        + "      - {at: 1, who: sam, do: smile}\n",
        "there is no built-in scheme called 'atuned'",
    ),
    (
        "code past the end",
        HEAD + "      - {at: 1, who: sam, do: smile}\n    codes:\n"
        "      - code: guiding\n        onset: 2\n        offset: 25 # <-\n",
        "the code's offset 0:25.0 is past the end of the film",
    ),
    (
        "code ending before it starts",
        HEAD + "      - at: 1\n        who: sam\n        do: smile\n        codes:\n"
        "          - code: guiding\n            onset: 2\n            offset: 1.5 # <-\n",
        "the code ends (0:01.5) before it starts (0:02.0)",
    ),
    (
        "top-level code without onset",
        HEAD + "      - {at: 1, who: sam, do: smile}\n    codes:\n      - code: guiding # <-\n",
        "needs an 'onset'",
    ),
    (
        "point with offset",
        HEAD + "      - at: 1\n        who: sam\n        do: smile\n        codes:\n"
        "          - code: guiding\n            point: true\n            offset: 2 # <-\n",
        "a point has no 'offset'",
    ),
    (
        "thumbnail past the end",
        HEAD.replace("duration: 20", "duration: 20\n    thumbnail: 20 # <-")
        + "      - {at: 1, who: sam, do: smile}\n",
        "the thumbnail at 0:20.0 is not inside the film",
    ),
    (
        "no beats",
        HEAD.replace("    beats:\n", "    beats: # <-\n"),
        "the list 'beats' is empty",
    ),
]


@pytest.mark.parametrize(
    ("case", "message"), [(c[1], c[2]) for c in BAD_CASES], ids=[c[0] for c in BAD_CASES]
)
def test_each_problem_names_its_line(case: str, message: str) -> None:
    text, line = _marked(case)
    with pytest.raises(StoryboardError) as caught:
        parse_storyboard(text, source="bad-case.yaml")
    error = caught.value
    named = [p for p in error.problems if message in p.message]
    assert named, str(error)
    assert named[0].line == line, str(error)
    assert str(error).startswith("storyboard bad-case.yaml has ")
    assert f"line {line}: " in str(error)


def test_every_problem_is_listed_in_line_order() -> None:
    with pytest.raises(StoryboardError) as caught:
        load_storyboard(BAD / "storyboard_several_problems.yaml")
    error = caught.value
    lines = [p.line or 0 for p in error.problems]
    assert lines == [2, 4, 9, 10, 13, 16, 20, 22, 27, 32, 39, 40, 47, 50, 52]
    path = BAD / "storyboard_several_problems.yaml"
    assert str(error).startswith(f"storyboard {path} has 15 problems; nothing was rendered:\n")


def test_the_message_is_one_readable_block() -> None:
    with pytest.raises(StoryboardError) as caught:
        load_storyboard(BAD / "storyboard_several_problems.yaml")
    message = str(caught.value)
    first, *problems, hint = message.splitlines()
    assert first.endswith("has 15 problems; nothing was rendered:")
    assert len(problems) == 15
    assert all(re.match(r"^  line \d+: \S", line) for line in problems)
    assert hint == "The storyboard format is described in docs/storyboards.md."
    assert "Traceback" not in message and "\n\n" not in message
    assert "line 20: 'wave' is not something a figure can do; use one of speak, gaze" in message
    assert "(did you mean 'receiving-initiatives'?)" in message


def test_storyboard_error_is_a_vigkit_error() -> None:
    error = StoryboardError("x.yaml", [])
    assert isinstance(error, ProblemsError) and isinstance(error, VigkitError)
    assert error.kind == "storyboard"
    assert error.consequence == "nothing was rendered"


def test_a_colon_in_unquoted_text_says_to_quote_it() -> None:
    with pytest.raises(StoryboardError, match=r"line 13: .*put the text in quotes"):
        load_storyboard(BAD / "storyboard_colon_in_note.yaml")


def test_a_newer_format_version() -> None:
    with pytest.raises(StoryboardError, match=r"line 1: this kit reads storyboard format 1"):
        load_storyboard(BAD / "storyboard_future_version.yaml")


def test_a_file_that_is_not_utf8() -> None:
    with pytest.raises(StoryboardError) as caught:
        load_storyboard(BAD / "storyboard_latin1.yaml")
    message = str(caught.value)
    assert "storyboard_latin1.yaml" in message and "line 3: it is not UTF-8 text" in message
    assert "Save the file as UTF-8" in message


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoryboardError) as caught:
        load_storyboard(tmp_path / "nowhere.yaml")
    message = str(caught.value)
    assert "nowhere.yaml" in message and "the file does not exist" in message
    assert "Check the path" in message


def test_a_folder(tmp_path: Path) -> None:
    with pytest.raises(StoryboardError, match="it is a folder"):
        load_storyboard(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the storyboard is empty"),
        ("- just\n- a list\n", "must be a mapping"),
        ("storyboard: 1\nid: [unclosed\n", "not valid YAML"),
        ("storyboard: 1\nstoryboard: 1\n", "'storyboard' is given twice"),
    ],
)
def test_files_that_are_not_storyboards(text: str, message: str) -> None:
    with pytest.raises(StoryboardError, match=re.escape(message)):
        parse_storyboard(text)


def test_yes_and_numbers_are_read_as_written() -> None:
    text = _minimal(beats="  - {at: 1, who: sam, do: speak, text: No}\n")
    assert parse_storyboard(text).beats[0].text == "No"

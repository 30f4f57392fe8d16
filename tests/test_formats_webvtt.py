"""WebVTT captions: our tags as captions any player shows (moments held two seconds, never
past the film's end) that read back exactly; captions as other tools write them (header
lines, STYLE/REGION/NOTE blocks, settings, markup, no identifiers, BOM and CRLF); the
captions of a real rendered reel in the reel's time; and broken files refused with the
file, cue and line named."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from vigkit import Coding, load_scheme
from vigkit.coding.events import ROLES
from vigkit.formats import CodeMap, FormatError, read_vtt, write_vtt
from vigkit.formats.webvtt import POINT_SECONDS, write_reel_vtt
from vigkit.media.ffmpeg import ffmpeg_exe
from vigkit.media.moment import Moment
from vigkit.media.reel import principle_label, reel

from films import frame_number, make_film

SCHEME = load_scheme()
DATA = Path(__file__).parent / "data" / "formats"
BAD = Path(__file__).parent / "data" / "bad" / "formats" / "webvtt"
FIELDS = ["id", "clip", "coder", "role", "code", "subject", "onset", "offset", "note", "created"]
WAITING = "encouraging-initiatives.waiting"
TURNING = "being-attentive.turning-towards"
TIMING = re.compile(r"^(\S+) --> (\S+)$", re.MULTILINE)


def seconds(stamp: str) -> float:
    """An hh:mm:ss.ttt timestamp in seconds (written independently of the module)."""
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def cues(text: str) -> list[tuple[float, float, list[str]]]:
    """(start, end, text lines) of every cue block, by a plain reading of the file."""
    found = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        at = next((i for i, line in enumerate(lines) if TIMING.match(line)), None)
        if at is not None and not lines[0].startswith("NOTE"):
            start, end = TIMING.match(lines[at]).groups()  # type: ignore[union-attr]
            found.append((seconds(start), seconds(end), [x for x in lines[at + 1 :] if x]))
    return found


def table(coding: Coding) -> list[tuple[Any, ...]]:
    return sorted(coding.events[FIELDS].itertuples(index=False, name=None))


def same(back: Coding, original: Coding) -> None:
    """Every field the same; times within a millisecond."""
    a, b = table(back), table(original)
    assert len(a) == len(b)
    for mine, theirs in zip(a, b, strict=True):
        assert mine[:6] == theirs[:6] and mine[8:] == theirs[8:]
        assert abs(mine[6] - theirs[6]) <= 0.001 and abs(mine[7] - theirs[7]) <= 0.001


# ----------------------------------------------------------------- writing
TAGS = Coding(
    [
        {"clip": "home-play", "coder": "T07", "code": WAITING, "subject": "adult", "onset": 5.8,
         "note": "she waits\n\nthen smiles <3 --> & nods"},
        {"clip": "home-play", "coder": "T07", "code": TURNING, "onset": 10.5, "offset": 13.25},
        {"clip": "home-play", "coder": "S01", "role": "supervisor", "code": "guiding",
         "onset": 59.0},
    ],
    duration=60.0,
)  # fmt: skip


def test_each_tag_is_a_cue_people_can_read(tmp_path: Path) -> None:
    text = write_vtt(TAGS, tmp_path / "tags.vtt").read_text(encoding="utf-8")
    assert text.startswith("WEBVTT - vigkit coding of clip home-play\n\n")
    assert cues(text) == [
        (5.8, 5.8 + POINT_SECONDS, ["Waiting"]),  # a moment stays on screen 2 s
        (10.5, 13.25, ["Turning towards"]),
        (59.0, 60.0, ["Guiding"]),  # …but never past the film's end
    ]
    for block in text.split("\n\n"):
        assert "-->" not in block or TIMING.search(block), block  # only timing lines hold -->


def test_codes_or_labels_with_notes_are_shown_escaped(tmp_path: Path) -> None:
    with_notes = write_vtt(TAGS, tmp_path / "notes.vtt", text="label+note")
    assert cues(with_notes.read_text(encoding="utf-8"))[0][2] == [
        "Waiting", "she waits", "then smiles &lt;3 --&gt; &amp; nods"
    ]  # fmt: skip
    codes = write_vtt(TAGS, tmp_path / "codes.vtt", text="code")
    assert [c[2] for c in cues(codes.read_text(encoding="utf-8"))] == [
        [WAITING], [TURNING], ["guiding"]
    ]  # fmt: skip
    with pytest.raises(Exception, match="text must be 'label', 'code' or 'label\\+note'"):
        write_vtt(TAGS, tmp_path / "x.vtt", text="labels")  # type: ignore[arg-type]


def test_our_file_reads_back_exactly_with_every_coder(tmp_path: Path) -> None:
    path = write_vtt(TAGS, tmp_path / "tags.vtt", text="label+note")
    back = read_vtt(path, coder="X01", clip="other")
    assert table(back) == table(TAGS)  # exact: times, ids, coders, roles, notes


def test_without_our_notes_the_captions_still_read_as_tags(tmp_path: Path) -> None:
    text = write_vtt(TAGS, tmp_path / "tags.vtt").read_text(encoding="utf-8")
    stripped = tmp_path / "stripped.vtt"
    stripped.write_text(
        "\n\n".join(b for b in text.split("\n\n") if not b.startswith("NOTE")), encoding="utf-8"
    )
    back = read_vtt(stripped, coder="T07", clip="home-play")
    assert [(r.code, r.onset, r.offset) for r in back.events.itertuples()] == [
        (WAITING, 5.8, 7.8), (TURNING, 10.5, 13.25), ("guiding", 59.0, 60.0)
    ]  # fmt: skip
    moments = read_vtt(stripped, coder="T07", clip="home-play", points=True)
    assert list(moments.events["offset"]) == [5.8, 10.5, 59.0]


def test_one_file_is_one_film(tmp_path: Path) -> None:
    two = Coding([{"clip": c, "coder": "T07", "code": "guiding", "onset": 1} for c in "ab"])
    with pytest.raises(Exception, match="one film, but the coding has clips a, b"):
        write_vtt(two, tmp_path / "two.vtt")
    assert not (tmp_path / "two.vtt").exists()


# ----------------------------------------------------------------- round trip
names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)
texts = st.text(max_size=24)


@st.composite
def codings(draw: st.DrawFn) -> Coding:
    """Random codings of one clip by several coders, any notes and subjects, and ids that
    may not be cue identifiers (containing "-->" or a line break)."""
    clip = draw(names)
    duration = draw(st.one_of(st.none(), st.floats(1, 7200, allow_nan=False)))
    latest = duration if duration is not None else 7200.0
    events = []
    for number in range(draw(st.integers(0, 10))):
        onset = draw(st.floats(0, latest, allow_nan=False))
        offset = draw(st.one_of(st.just(onset), st.floats(onset, latest, allow_nan=False)))
        weird = draw(st.sampled_from(["", "-->", "a\rb", "x\ny"]))
        events.append(
            {
                "id": f"e{number}{weird}",
                "clip": clip,
                "coder": draw(names),
                "role": draw(st.sampled_from(ROLES)),
                "code": draw(st.sampled_from(SCHEME.codes)),
                "subject": draw(texts.map(str.strip)),
                "onset": onset,
                "offset": offset,
                "note": draw(texts),
            }
        )
    return Coding(events, duration=duration)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(coding=codings(), style=st.sampled_from(["label", "code", "label+note"]))
def test_every_event_survives_a_round_trip_through_webvtt(
    tmp_path: Path, coding: Coding, style: Any
) -> None:
    path = write_vtt(coding, tmp_path / "random.vtt", text=style)
    same(read_vtt(path, coder="someone", clip="somewhere"), coding)
    shown = cues(path.read_text(encoding="utf-8"))
    assert len(shown) == len(coding)
    in_time_order = coding.events.sort_values(["onset", "offset"], kind="stable")
    # a cue lasts at least a millisecond, so one shorter than that is shown for 1 ms
    for (start, end, _), event in zip(shown, in_time_order.itertuples(), strict=True):
        assert abs(start - event.onset) <= 0.0005
        assert end > start
        if event.offset > event.onset:
            assert abs(end - event.offset) <= 0.0005 or abs(end - start - 0.001) < 1e-9
        else:  # a moment: two seconds, not past the film's end
            limit = event.onset + POINT_SECONDS
            if coding.duration is not None:
                limit = min(limit, coding.duration)
            assert abs(end - limit) <= 0.0005 or abs(end - start - 0.001) < 1e-9


# ----------------------------------------------------------------- other tools' files
def test_captions_as_a_video_site_writes_them() -> None:
    coding = read_vtt(DATA / "youtube-style.vtt", coder="G01", clip="home-visit-1")
    assert [(r.code, r.onset, r.offset, r.note) for r in coding.events.itertuples()] == [
        (TURNING, 3.24, 7.6, ""),
        (WAITING, 5.12, 7.12, ""),  # markup and karaoke times removed: "Waiting"
        ("receiving-initiatives.returning-eye-contact", 8.0, 10.04, ""),  # a voice span
        ("encouraging-initiatives.naming-positively", 12.4, 14.4, '"you did it!" & a thumbs\xa0up'),
        ("guiding", 20.0, 25.0, ""),
    ]  # fmt: skip
    assert set(coding.events["coder"]) == {"G01"}
    assert list(coding.events["id"]) == [f"vtt:home-visit-1:{n}" for n in range(1, 6)]
    assert set(coding.events["role"]) == {"trainee"}
    assert set(coding.events["subject"]) == {""}


def test_captions_from_a_subtitle_editor_with_bom_crlf_and_identifiers() -> None:
    coding = read_vtt(
        DATA / "subtitle-editor.vtt", coder="S01", clip="visit", role="supervisor", points=True
    )
    assert [(r.code, r.onset, r.offset, r.note) for r in coding.events.itertuples()] == [
        (WAITING, 63.25, 63.25, "she looks up from the puzzle"),  # code, then the note
        (WAITING, 70.0, 70.0, ""),  # "Encouraging initiatives: Waiting", as reels caption
        ("being-attentive", 3723.5, 3723.5, ""),  # h:mm:ss.ttt
        ("guiding", 3730.0, 3730.0, ""),  # a timing line straight after a cue starts a cue
        (TURNING, 450000.0, 450000.0, ""),  # hours past 99
    ]
    spans = read_vtt(DATA / "subtitle-editor.vtt", coder="S01", clip="visit")
    assert list(spans.events["offset"]) == [65.25, 70.0, 3729.0, 3731.0, 450001.5]


def test_other_names_are_mapped_and_a_name_mapped_to_nothing_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "names.vtt"
    path.write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nwait\n\n00:03.000 --> 00:04.000\n[music]\n",
        encoding="utf-8",
    )
    names = CodeMap({"wait": WAITING, "[music]": ""})
    coding = read_vtt(path, coder="T07", clip="c", codes=names)
    assert list(coding.events["code"]) == [WAITING]


def test_a_file_of_another_scheme_is_refused(tmp_path: Path) -> None:
    path = write_vtt(TAGS, tmp_path / "tags.vtt")
    custom = tmp_path / "custom.yaml"
    custom.write_text(
        'id: custom\nversion: "1"\nlabel: Custom\ncategories:\n  - id: guiding\n'
        '    label: Guiding\n    colour: "#000000"\n    key: g\n',
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="written with scheme 'attuned-interactions' but is"):
        read_vtt(path, load_scheme(custom), coder="T07", clip="c")


# ----------------------------------------------------------------- reels
def test_reel_captions_follow_the_rendered_reel_frame_by_frame(tmp_path: Path) -> None:
    film = make_film(tmp_path / "film.mp4", seconds=4.0, audio=False)
    moments = [
        Moment(film, 0.52, 1.07, caption="You waited\nand she looked up", code=WAITING),
        Moment(film, 2.0, 2.73, code="guiding"),
        Moment(film, 3.0, 3.5),  # no caption: no cue
    ]
    options: dict[str, Any] = {"title": "Our review\nMaya", "hold_still": 0.37,
                               "title_seconds": 1.3}  # fmt: skip
    made = reel(moments, tmp_path / "reel.mp4", size=(320, 180), fade=0.0, **options)
    path = write_reel_vtt(moments, tmp_path / "reel.vtt", **options)
    shown = cues(path.read_text(encoding="utf-8"))
    assert [lines for _, _, lines in shown] == [
        ["Our review", "Maya"],
        [principle_label(SCHEME, WAITING), "You waited", "and she looked up"],
        ["Guiding"],
    ]
    frames = all_frames(made)
    for (start, end, _), moment in zip(shown[1:], moments, strict=False):
        first, after = round(start * 25), round(end * 25)
        assert abs(start * 25 - first) < 1e-6 and abs(end * 25 - after) < 1e-6  # whole frames
        assert frame_number(top(frames[first])) == round(moment.start * 25)  # its first frame
        assert frame_number(top(frames[first - 1])) != round(moment.start * 25)
        last_shown = round(moment.start * 25) + max(1, round(moment.duration * 25)) - 1
        assert frame_number(top(frames[after - 1])) == last_shown  # held to the cue's end
    assert shown[0][:2] == (0.0, 1.28)  # the title: 1.3 s is 32.5 frames, rounded to 32
    after_last_cue = round(shown[-1][1] * 25)
    assert frame_number(top(frames[after_last_cue])) == 75  # the uncaptioned moment, at 3.0 s
    assert len(frames) > after_last_cue


def all_frames(film: Path) -> np.ndarray:
    import subprocess

    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(film), "-pix_fmt", "gray", "-f", "rawvideo", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, 180, 320)


def top(frame: np.ndarray) -> Image.Image:
    """The picture above the caption band."""
    return Image.fromarray(frame[:80])


def test_reel_captions_check_codes_like_the_reel(tmp_path: Path) -> None:
    moment = Moment(tmp_path / "film.mp4", 0.0, 1.0, code="waitng")
    with pytest.raises(Exception, match="'waitng' is not a code of scheme"):
        write_reel_vtt([moment], tmp_path / "reel.vtt")
    with pytest.raises(Exception, match="a reel needs at least one moment"):
        write_reel_vtt([], tmp_path / "reel.vtt")


# ----------------------------------------------------------------- broken files
CASES = {
    "bad_timestamp.vtt": [
        "line 6: cue 2: '00:04.5' is not a WebVTT time: write mm:ss.ttt or hh:mm:ss.ttt"
    ],
    "end_before_start.vtt": ["line 8: cue 2: it ends (00:12.000) before it starts (00:15.000)"],
    "no_header.vtt": ["line 1: the file does not start with WEBVTT", ".srt subtitle file"],
    "latin1.vtt": ["line 5: it is not UTF-8 text"],
    "unknown_code.vtt": [
        "line 7: cue 2: 'Waitng' is not a code of attuned-interactions (did you mean "
        "'encouraging-initiatives.waiting'?)",
        "mapping file",
    ],
}


def test_the_corpus_is_complete() -> None:
    assert sorted(CASES) == sorted(p.name for p in BAD.iterdir())


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_file_is_refused_naming_the_file_cue_and_line(name: str) -> None:
    with pytest.raises(FormatError) as caught:
        read_vtt(BAD / name, coder="T07", clip="home-play")
    message = str(caught.value)
    assert message.startswith(f"file {BAD / name} has 1 problem; nothing was loaded")
    for fragment in CASES[name]:
        assert fragment in message, message


def test_other_malformed_cues_are_each_reported(tmp_path: Path) -> None:
    path = tmp_path / "several.vtt"
    path.write_text(
        "WEBVTT\n\njust some words\n\n00:01.000 --> 00:02.000\nWaiting\n\n"
        "00:03.000 --> soon\nGuiding\n\n00:05.000 --> 00:06.000\n\n"  # an empty cue: nothing
        "NOTE vigkit-event {broken\n\n00:07.000 --> 00:08.000\nGuiding\n",
        encoding="utf-8",
    )
    with pytest.raises(FormatError) as caught:
        read_vtt(path, coder="T07", clip="c")
    assert [p.describe() for p in caught.value.problems] == [
        "line 3: this block is not a cue: a cue needs a timing line 'start --> end'",
        "line 8: cue 2: 'soon' is not a WebVTT time: write mm:ss.ttt or hh:mm:ss.ttt with three "
        "decimals (e.g. 01:02.500)",
        "line 13: the vigkit-event data in this NOTE cannot be read",
    ]


def test_a_copied_cue_with_our_data_is_a_repeated_id(tmp_path: Path) -> None:
    text = write_vtt(TAGS, tmp_path / "tags.vtt").read_text(encoding="utf-8")
    blocks = text.rstrip("\n").split("\n\n")
    path = tmp_path / "copied.vtt"
    path.write_text("\n\n".join([*blocks, *blocks[-2:]]) + "\n", encoding="utf-8")
    with pytest.raises(
        FormatError, match=r"cue 4 \(id\): the id '.*' is used twice \(first in cue 3\)"
    ):
        read_vtt(path, coder="T07", clip="c")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="the file does not exist"):
        read_vtt(tmp_path / "missing.vtt", coder="T07", clip="c")

"""The moment finder's ears: voice activity and the split into voices, on sound made here
(numpy voices with known times) and on the practice films against their storyboards."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vigkit.core.coursedir import practice_dir, storyboards_dir
from vigkit.moments import analyse_sound
from vigkit.moments.sound import RATE
from vigkit.moments.speakers import split_voices
from vigkit.moments.voice import HOP, frames_of, runs, smooth, speech_frames
from vigkit.practice.storyboard import load_storyboard
from vigkit.practice.timing import beat_end


def voice(pitch: float, seconds: float, seed: int) -> np.ndarray:
    """A voice-like sound: harmonics of a gliding pitch, four syllables a second."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(seconds * RATE)) / RATE
    glide = pitch * (1 + 0.08 * np.sin(2 * np.pi * 0.7 * t + rng.uniform(0, 6)))
    phase = 2 * np.pi * np.cumsum(glide) / RATE
    sound = sum(np.sin(k * phase) / k for k in range(1, 12))
    syllables = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t) ** 2
    return (0.2 * sound * syllables).astype(np.float32)


def track(parts: list[tuple[float, float, float]], seconds: float) -> np.ndarray:
    """Quiet room noise with ``(pitch, onset, length)`` voices laid in."""
    rng = np.random.default_rng(7)
    out = (rng.normal(0, 10 ** (-62 / 20), round(seconds * RATE))).astype(np.float32)
    for n, (pitch, onset, length) in enumerate(parts):
        start = round(onset * RATE)
        sound = voice(pitch, length, n)
        out[start : start + len(sound)] += sound
    return out


TURNS = [
    (220.0, 1.0, 1.6),
    (420.0, 3.1, 1.0),
    (220.0, 4.6, 2.0),
    (420.0, 7.4, 0.8),
    (220.0, 9.0, 1.2),
]


def test_speech_is_found_where_it_is_within_a_tenth_of_a_second() -> None:
    sound = track(TURNS, 11.0)
    found = [(a * HOP, b * HOP) for a, b in runs(speech_frames(frames_of(sound), sound))]
    assert len(found) == len(TURNS), found
    for (onset, offset), (_, true_onset, length) in zip(found, TURNS, strict=True):
        assert onset == pytest.approx(true_onset, abs=0.1)
        assert offset == pytest.approx(true_onset + length, abs=0.1)


def test_webrtc_finds_the_same_turns() -> None:
    sound = track(TURNS, 11.0)
    found = runs(speech_frames(frames_of(sound), sound, detector="webrtc"))
    # WebRTC takes the first tenth of a second to learn the room's noise: ignore it.
    found = [(a * HOP, b * HOP) for a, b in found if a * HOP > 0.5]
    assert len(found) == len(TURNS), found
    for (onset, _), (_, true_onset, _) in zip(found, TURNS, strict=True):
        assert onset == pytest.approx(true_onset, abs=0.1)


def test_two_voices_are_told_apart_and_numbered_from_the_lowest() -> None:
    sound = track(TURNS, 11.0)
    frames = frames_of(sound)
    heard = split_voices(frames, speech_frames(frames, sound))
    assert [s.voice for s in heard.segments] == [0, 1, 0, 1, 0]
    assert heard.pitches[0] == pytest.approx(220, rel=0.1)
    assert heard.pitches[1] == pytest.approx(420, rel=0.1)


def test_one_voice_stays_one_voice_even_when_two_are_asked_for() -> None:
    sound = track(
        [(p, o, n) for (_, o, n), p in zip(TURNS, [200, 230, 210, 240, 220], strict=True)], 11.0
    )
    frames = frames_of(sound)
    heard = split_voices(frames, speech_frames(frames, sound), voices=2)
    assert {s.voice for s in heard.segments} == {0}
    assert len(heard.pitches) == 1


def test_a_voice_that_answers_at_once_is_split_from_the_first() -> None:
    sound = track([(220.0, 1.0, 1.5), (420.0, 2.6, 1.2)], 5.0)  # 0.1 s gap: one run
    frames = frames_of(sound)
    heard = split_voices(frames, speech_frames(frames, sound))
    assert [s.voice for s in heard.segments] == [0, 1]
    assert heard.segments[1].onset == pytest.approx(2.6, abs=0.15)


def test_smoothing_bridges_pauses_and_drops_clicks() -> None:
    active = np.zeros(300, dtype=bool)
    active[10:50] = active[60:100] = True  # a 0.1 s pause: bridged
    active[200:205] = True  # a 50 ms click: dropped
    assert runs(smooth(active)) == [(10, 100)]


def test_held_notes_are_heard_as_music_not_voices() -> None:
    t = np.arange(8 * RATE) / RATE
    notes = np.repeat([262.0, 330.0, 392.0, 523.0], 2 * RATE)
    playing = (t % 1.0) < 0.5  # notes of half a second with rests between
    tone = (0.3 * np.sin(2 * np.pi * np.cumsum(notes) / RATE) * playing).astype(np.float32)
    frames = frames_of(tone)
    heard = split_voices(frames, speech_frames(frames, tone))
    assert heard.steadiness > 0.6


def _storyboard_speech(film: Path) -> list[tuple[str, float, float]]:
    board = load_storyboard(storyboards_dir() / f"{film.stem}.yaml")
    subjects = {p.id: p.subject for p in board.participants}
    return [
        (subjects[b.who], b.at, beat_end(b) or b.at)
        for b in board.beats
        if b.action == "speak" and b.who is not None
    ]


@pytest.mark.parametrize("name", ["toddler-blocks", "baby-floor-faces"])
def test_on_practice_films_adults_are_the_lower_voice_and_speech_is_found(
    name: str, tmp_path: Path
) -> None:
    film = practice_dir() / f"{name}.mp4"
    heard = analyse_sound(film, workspace=tmp_path, show_bar=False)
    assert heard.voices == 2
    truth = _storyboard_speech(film)
    right = 0
    for subject, onset, offset in truth:  # the voice heard most during each speech
        heard_for = [0.0, 0.0]
        for s in heard.segments:
            heard_for[s.voice] += max(0.0, min(s.offset, offset) - max(s.onset, onset))
        expected = 0 if subject == "adult" else 1
        right += heard_for[expected] > heard_for[1 - expected]
    assert right / len(truth) >= 0.9, (right, len(truth))


def test_the_analysis_is_cached_and_a_damaged_cache_is_redone(tmp_path: Path) -> None:
    film = practice_dir() / "toddler-blocks.mp4"
    first = analyse_sound(film, workspace=tmp_path, show_bar=False)
    [cached] = (tmp_path / "cache" / "moments").glob("toddler-blocks-*.json")
    assert analyse_sound(film, workspace=tmp_path, show_bar=False) == first
    cached.write_text("{not json", encoding="utf-8")
    with pytest.warns(Warning, match="cannot be used"):
        again = analyse_sound(film, workspace=tmp_path, show_bar=False)
    assert again.segments == first.segments


def test_bad_settings_are_refused_in_words() -> None:
    film = practice_dir() / "toddler-blocks.mp4"
    with pytest.raises(Exception, match="voices must be a whole number"):
        analyse_sound(film, voices=0)
    with pytest.raises(Exception, match="detector must be one of"):
        analyse_sound(film, detector="magic")

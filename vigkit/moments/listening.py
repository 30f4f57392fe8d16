"""``analyse_sound``: a film's speech as segments per voice, with what could be heard.

One pass over the sound (``sound.read_sound``), voice activity (``voice``), the split
into voices (``speakers``), and plain sentences on what was and was not there – no sound
track, only silence, one voice, music rather than speech – so the finder can say what it
looked at instead of failing. The result is cached in the workspace
(``cache/moments/``), keyed by the film (path, size, modification time) and the settings,
so changing how moments are ranked never means listening again.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..coding.workspace import Workspace, default_workspace_path
from ..core.atomic import atomic_write_text
from ..core.errors import MediaError, VigkitError, VigkitWarning
from ..core.wording import joined_with_and, number_word
from ..media.probe import MediaInfo, probe
from ..privacy.ledger import note_made
from ..views.motion import checked_film
from .segments import Segment
from .sound import RATE, read_sound
from .speakers import split_voices
from .voice import DETECTORS, HOP, frames_of, noise_floor_db, speech_frames

#: Where the cache goes inside a workspace.
CACHE_FOLDER = Path("cache") / "moments"
#: Bump when the analysis changes, so old cache files are not reused.
FORMAT = 1
#: The most voices a film may be split into.
MOST_VOICES = 6
#: Less speech than this (s) in a whole film is taken as none.
LEAST_SPEECH = 1.0
#: A film whose quietest tenth is louder than this (dB of full scale) is never quiet.
LOUD_THROUGHOUT = -45.0
#: A sound whose voiced frames hold their pitch this often is music or a tone, not voices.
STEADY = 0.6


@dataclass(frozen=True)
class SoundAnalysis:
    """What was heard in a film: speech segments per voice and notes in plain words."""

    source: Path
    duration: float
    has_sound: bool
    segments: tuple[Segment, ...]
    voices: int  # how many voices were told apart (0: no speech)
    pitches: tuple[float, ...]  # median pitch of each voice, Hz, lowest first
    speech_seconds: float
    is_music: bool
    notes: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"<SoundAnalysis of {self.source.name}: {len(self.segments)} segments, "
            f"{self.voices} voices, {self.speech_seconds:.1f} s of speech>"
        )


def analyse_sound(
    film: str | Path,
    *,
    voices: int = 2,
    detector: str = "energy",
    workspace: Workspace | str | Path | None = None,
    cache: bool = True,
    show_bar: bool = True,
) -> SoundAnalysis:
    """The speech in ``film``, split into at most ``voices`` voices (lowest voice first).

    ``detector`` is ``"energy"`` (the kit's own) or ``"webrtc"``. A missing or unreadable
    film is a ``MediaError``; a film without sound, or with only silence or music, is not
    an error: the result says so in ``notes``.
    """
    if isinstance(voices, bool) or not isinstance(voices, int) or not 1 <= voices <= MOST_VOICES:
        raise VigkitError(f"voices must be a whole number from 1 to {MOST_VOICES}, not {voices!r}")
    if detector not in DETECTORS:
        raise VigkitError(f"detector must be one of {', '.join(DETECTORS)}, not {detector!r}")
    path = checked_film(film)
    info = probed(path)
    if not info.has_audio:
        return _silent(path, info.duration, has_sound=False)
    key = cache_key(path, voices, detector)
    where = cache_path(path, key, workspace)
    if cache:
        cached = _load(where, key, path)
        if cached is not None:
            return cached
    sound = read_sound(path, info.duration, show_bar=show_bar)
    result = _analysed(path, info.duration, sound, voices, detector)
    if cache:
        _save(where, key, result, workspace)
    return result


def probed(path: Path) -> MediaInfo:
    """The film's header, or a ``MediaError`` saying it is not a film the kit can read."""
    try:
        return probe(path)
    except MediaError as error:
        raise MediaError(
            f"{error}. Moments are looked for in a video file (.mp4, .mov, .webm …): check "
            "that this is the film you meant"
        ) from None


def _analysed(
    path: Path, duration: float, sound: np.ndarray[Any, Any], voices: int, detector: str
) -> SoundAnalysis:
    frames = frames_of(sound, RATE)
    speech = speech_frames(frames, sound, detector=detector)
    seconds = float(speech.sum()) * HOP
    if seconds < LEAST_SPEECH:
        loudness = noise_floor_db(frames.level_db)
        return _silent(path, duration, has_sound=True, loudness=loudness)
    heard = split_voices(frames, speech, voices=voices)
    if heard.steadiness >= STEADY:
        note = (
            "The sound seems to be music or a steady tone rather than voices, so turns were "
            "not looked for."
        )
        return SoundAnalysis(path, duration, True, (), 0, (), seconds, True, (note,))
    count = len(heard.pitches) or 1
    notes = [_heard_words(seconds, duration, heard.pitches)]
    if count == 1 and voices > 1:
        notes.append(
            "Only one voice was heard, so there are no turns between people to look at "
            "(if two people speak at a like pitch, the kit cannot tell them apart)."
        )
    return SoundAnalysis(
        path, duration, True, heard.segments, count, heard.pitches, seconds, False, tuple(notes)
    )


def _heard_words(seconds: float, duration: float, pitches: tuple[float, ...]) -> str:
    voices = joined_with_and([f"{p:.0f} Hz" for p in pitches])
    count = number_word(len(pitches))
    told = f"in {count} voices (about {voices})" if len(pitches) > 1 else "in one voice"
    return f"Listened to {_span(duration)} of sound: {_span(seconds)} of speech {told}."


def _span(seconds: float) -> str:
    """``1 min 5 s`` or ``12.5 s``: a length in words."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def _silent(
    path: Path, duration: float, *, has_sound: bool, loudness: float = -120.0
) -> SoundAnalysis:
    if not has_sound:
        note = "The film has no sound track, so turns could not be looked for."
    elif loudness < -90:
        note = "The sound track is silent throughout, so there were no turns to look for."
    elif loudness > LOUD_THROUGHOUT:
        note = (
            "The sound is loud throughout, like music or a noisy room, so no voice stood "
            "out and turns were not looked for."
        )
    else:
        note = (
            "No voice stood out from the background noise in the sound track, so there "
            "were no turns to look for."
        )
    return SoundAnalysis(path, duration, has_sound, (), 0, (), 0.0, False, (note,))


# ------------------------------------------------------------------ the cache


def cache_key(film: Path, voices: int, detector: str) -> str:
    """What identifies a result: the film (path, size, modification time) and settings."""
    stat = film.stat()
    return f"{FORMAT}|{film.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{voices}|{detector}"


def cache_path(film: Path, key: str, workspace: Workspace | str | Path | None) -> Path:
    """Where the sound analysis of ``film`` with the settings in ``key`` is cached."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return workspace_root(workspace) / CACHE_FOLDER / f"{film.stem}-{digest}.json"


def workspace_root(workspace: Workspace | str | Path | None) -> Path:
    """The workspace's folder, for any of the ways a workspace may be given."""
    if isinstance(workspace, Workspace):
        return workspace.root
    if workspace is None:
        return default_workspace_path()
    return Path(workspace).expanduser().resolve()


def _load(where: Path, key: str, film: Path) -> SoundAnalysis | None:
    if not where.is_file():
        return None
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
        if data["key"] != key:
            raise ValueError("it belongs to another film or other settings")
        segments = tuple(
            Segment(int(s["voice"]), float(s["onset"]), float(s["offset"]), _number(s["pitch"]))
            for s in data["segments"]
        )
        return SoundAnalysis(
            film, float(data["duration"]), bool(data["has_sound"]), segments,
            int(data["voices"]), tuple(float(p) for p in data["pitches"]),
            float(data["speech_seconds"]), bool(data["is_music"]),
            tuple(str(n) for n in data["notes"]),
        )  # fmt: skip
    except Exception as error:  # whatever is wrong with a cache file, the answer is to redo it
        warnings.warn(
            f"{where}: the saved sound analysis cannot be used ({error}); listening again",
            VigkitWarning,
            stacklevel=3,
        )
        return None


def _number(value: Any) -> float:
    return float("nan") if value is None else float(value)


def _save(
    where: Path, key: str, result: SoundAnalysis, workspace: Workspace | str | Path | None
) -> None:
    """Write the cache atomically; a failure costs only speed next time, so warn."""
    data = asdict(result)
    data["source"] = str(result.source)
    data["segments"] = [
        {**asdict(s), "pitch": None if math.isnan(s.pitch) else s.pitch} for s in result.segments
    ]
    data["key"] = key
    try:
        Workspace(workspace_root(workspace))  # the folders and marker, if new
        atomic_write_text(where, json.dumps(data))
        note_made(where, [result.source], "moments", workspace=workspace)  # erased with it
    except (OSError, VigkitError) as error:
        warnings.warn(
            f"{where}: the sound analysis could not be saved for next time ({error})",
            VigkitWarning,
            stacklevel=3,
        )


__all__ = ["SoundAnalysis", "analyse_sound", "cache_path", "probed"]

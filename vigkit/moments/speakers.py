"""Who is speaking: speech frames split into voices by pitch and timbre.

Each speech frame's pitch comes from its autocorrelation (the first lag whose peak is
nearly the highest, which avoids halving the pitch) and its timbre from a few cepstral
coefficients of its spectrum (the shape of the vocal tract, so two voices of like pitch
still differ a little). Voiced frames are grouped by k-means into ``voices`` groups,
numbered from the lowest voice up; a two-way split of what is really one voice is found
out (the two halves of a single voice lie closer in pitch than two people's voices do)
and reported as one voice. Frames without a pitch take the voice of the nearest voiced
frame of the same stretch; a voice must hold for ``SHORTEST_TURN`` s to count.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .segments import Segment
from .sound import RATE
from .voice import HOP, Frames, runs

#: The range of human voice pitch looked for, in Hz (a deep man to a squealing baby).
PITCH_RANGE = (70.0, 650.0)
#: The sound each pitch is read from (s): three periods of a deep voice.
PITCH_WINDOW = 0.04
#: The band the pitch is read in (Hz): below the formants that fool autocorrelation.
PITCH_BAND = (60.0, 1000.0)
#: Where a frame's middle is, in samples from its start (its window is 25 ms).
WINDOW_CENTRE = 200
#: A frame is voiced when its autocorrelation peak reaches this (0..1).
VOICED = 0.7
#: Two groups of frames are two voices only if their median pitches are this many
#: semitones apart: one lively voice split at its middle gives about three, a man and a
#: woman or an adult and a child five to twelve.
APART = 4.0
#: A voice must have at least this share of the voiced frames to count (a child may say
#: little, so this is small).
LEAST_SHARE = 0.03
#: A change of voice must last this long (s) to count; shorter flickers are smoothed away.
SHORTEST_TURN = 0.2
#: Frames analysed at a time (bounds the memory of the FFTs on a long film).
BLOCK = 8192


@dataclass(frozen=True)
class Voices:
    """The voices heard: speech segments per voice and how each voice sounds."""

    segments: tuple[Segment, ...]
    pitches: tuple[float, ...]  # median pitch of each voice, Hz, lowest first
    separation: float  # semitones between the closest two voices (``APART``); nan for one
    steadiness: float  # share of voiced frames whose pitch holds still (music is steady)


def pitch_track(
    frames: Frames, speech: npt.NDArray[np.bool_], rate: int = RATE
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Pitch (Hz, nan where unvoiced) and voicing strength (0..1) of each speech frame.

    Each frame's ``PITCH_WINDOW`` of sound (long enough for three periods of a deep
    voice) is low-passed to ``PITCH_BAND`` (formants and hiss would otherwise make peaks
    at short lags), and its autocorrelation, divided by the window's own, is searched for
    the first lag within 90 % of the best peak (the pitch, not half of it).
    """
    pitch = np.full(frames.count, np.nan)
    strength = np.zeros(frames.count)
    where = np.flatnonzero(speech)
    low = int(rate / PITCH_RANGE[1])
    high = int(rate / PITCH_RANGE[0]) + 1
    size = round(PITCH_WINDOW * rate)
    hop = round(HOP * rate)
    padded = np.pad(frames.sound.astype(np.float64), (size, size))
    window = np.hanning(size)
    n = 2048
    freqs = np.fft.rfftfreq(n, 1 / rate)
    band = (freqs >= PITCH_BAND[0]) & (freqs <= PITCH_BAND[1])
    own = np.fft.irfft(np.abs(np.fft.rfft(window, n=n)) ** 2)[: high + 2]
    own = own / own[0]
    for start in range(0, len(where), BLOCK):
        index = where[start : start + BLOCK]
        centres = index * hop + WINDOW_CENTRE + size  # into ``padded``
        picks = centres[:, None] - size // 2 + np.arange(size)[None, :]
        windows = padded[picks] * window
        spectrum = np.abs(np.fft.rfft(windows, n=n, axis=1)) ** 2
        spectrum[:, ~band] = 0
        acf = np.fft.irfft(spectrum, axis=1)[:, : high + 2]
        energy = acf[:, :1]
        acf = acf / np.where(energy > 0, energy, 1.0) / np.maximum(own, 0.2)
        lags = acf[:, low : high + 1]
        best = lags.max(axis=1)
        is_peak = (lags[:, 1:-1] >= lags[:, :-2]) & (lags[:, 1:-1] >= lags[:, 2:])
        good = is_peak & (lags[:, 1:-1] >= 0.9 * best[:, None])
        first = np.argmax(good, axis=1) + 1
        found = good.any(axis=1)
        lag = first + low
        rows = np.arange(len(index))
        a, b, c = acf[rows, lag - 1], acf[rows, lag], acf[rows, lag + 1]
        bend = a - 2 * b + c
        safe = np.where(np.abs(bend) > 1e-12, bend, 1.0)
        shift = np.where(np.abs(bend) > 1e-12, 0.5 * (a - c) / safe, 0.0)
        exact = lag + np.clip(shift, -0.5, 0.5)
        voiced = found & (best >= VOICED)
        pitch[index[voiced]] = rate / exact[voiced]
        strength[index] = np.clip(best, 0, 1)
    return pitch, strength


def timbre(frames: Frames, count: int = 6) -> npt.NDArray[np.float64]:
    """The first ``count`` cepstral coefficients of each frame (after the level, c0)."""
    bins = frames.spectrum.shape[1]
    edges = np.unique(np.geomspace(4, bins - 1, 25).astype(int))
    bands = np.add.reduceat(frames.spectrum.astype(np.float64), edges, axis=1)[:, :-1]
    log = np.log(bands + 1e-10)
    n = log.shape[1]
    basis = np.cos(np.pi / n * (np.arange(n) + 0.5)[None, :] * np.arange(1, count + 1)[:, None])
    cepstra: npt.NDArray[np.float64] = log @ basis.T
    return cepstra


def split_voices(
    frames: Frames, speech: npt.NDArray[np.bool_], *, voices: int = 2, rate: int = RATE
) -> Voices:
    """The speech frames split into at most ``voices`` voices, as segments per voice."""
    pitch, _ = pitch_track(frames, speech, rate)
    voiced = np.flatnonzero(speech & np.isfinite(pitch))
    steadiness = _steadiness(pitch)
    if len(voiced) < 10:  # speech-like sound without pitch (whispers, noise): one voice
        labels = np.zeros(frames.count, dtype=int)
        return Voices(_segments(speech, labels, pitch), (), float("nan"), steadiness)
    log_pitch = np.log2(pitch[voiced])
    features = _features(log_pitch, timbre(frames)[voiced])
    groups, separation = _groups(features, log_pitch, voices)
    labels = np.full(frames.count, -1)
    labels[voiced] = groups
    labels = _spread(labels, speech)
    count = int(groups.max()) + 1
    pitches = tuple(float(2 ** np.median(log_pitch[groups == g])) for g in range(count))
    return Voices(_segments(speech, labels, pitch), pitches, separation, steadiness)


def _features(
    log_pitch: npt.NDArray[np.float64], cepstra: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Pitch (weighted most: it tells voices apart best) and timbre, each standardised."""

    def z(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        spread = x.std(axis=0)
        scaled: npt.NDArray[np.float64] = (x - x.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
        return scaled

    return np.column_stack([2.0 * z(log_pitch), 0.4 * z(cepstra[:, :4])])


def _groups(
    features: npt.NDArray[np.float64], log_pitch: npt.NDArray[np.float64], voices: int
) -> tuple[npt.NDArray[np.int_], float]:
    """k-means groups of the voiced frames, numbered from the lowest pitch, and how far
    apart the closest two are (semitones between their median pitches). While two groups
    are closer than ``APART`` they are one voice, and one group fewer is tried."""
    for count in range(voices, 1, -1):
        groups = _kmeans(features, log_pitch, count)
        medians = np.array([np.median(log_pitch[groups == g]) for g in range(count)])
        shares = np.bincount(groups, minlength=count) / len(groups)
        apart = float(np.diff(medians).min() * 12)
        if apart >= APART and shares.min() >= LEAST_SHARE:
            return groups, apart
    return np.zeros(len(features), dtype=int), float("nan")


def _kmeans(
    features: npt.NDArray[np.float64], log_pitch: npt.NDArray[np.float64], count: int
) -> npt.NDArray[np.int_]:
    """``count`` k-means groups, started at the pitch quantiles (so always the same
    answer) and numbered from the lowest median pitch."""
    order = np.argsort(log_pitch)
    starts = [order[int((g + 0.5) / count * len(order))] for g in range(count)]
    centres = features[starts].copy()
    groups = np.zeros(len(features), dtype=int)
    for _ in range(30):
        distance = ((features[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        groups = distance.argmin(axis=1)
        moved = np.array(
            [
                features[groups == g].mean(axis=0) if (groups == g).any() else centres[g]
                for g in range(count)
            ]
        )
        if np.allclose(moved, centres):
            break
        centres = moved
    medians = [
        float(np.median(log_pitch[groups == g])) if (groups == g).any() else np.inf
        for g in range(count)
    ]
    rank: npt.NDArray[np.int_] = np.argsort(np.argsort(medians))
    return rank[groups]


def _steadiness(pitch: npt.NDArray[np.float64]) -> float:
    """The share of voiced frames whose pitch moves under 0.03 semitones from the last:
    a held musical note is steady, a voice always glides."""
    step = np.abs(np.diff(12 * np.log2(pitch)))
    step = step[np.isfinite(step)]
    return float((step < 0.03).mean()) if len(step) >= 20 else 0.0


def _spread(labels: npt.NDArray[np.int_], speech: npt.NDArray[np.bool_]) -> npt.NDArray[np.int_]:
    """Unvoiced speech frames take the voice of the nearest voiced frame in their stretch,
    and voices that flicker for less than ``SHORTEST_TURN`` join their neighbours."""
    out: npt.NDArray[np.int_] = np.array(labels, dtype=int)
    shortest = round(SHORTEST_TURN / HOP)
    for start, stop in runs(speech):
        part = out[start:stop]
        known = np.flatnonzero(part >= 0)
        if not len(known):
            part[:] = 0
            continue
        part[:] = part[_nearest(part, known)]
        changed = True
        while changed:  # absorb the shortest flicker into the longer neighbour, repeatedly
            changed = False
            pieces = _pieces(part)
            if len(pieces) < 2:
                break
            i = min(range(len(pieces)), key=lambda k: pieces[k][1] - pieces[k][0])
            a, b, _ = pieces[i]
            if b - a >= shortest:
                break
            left = pieces[i - 1] if i > 0 else None
            right = pieces[i + 1] if i + 1 < len(pieces) else None
            longer = max((p for p in (left, right) if p), key=lambda p: p[1] - p[0])
            part[a:b] = longer[2]
            changed = True
    return out


def _nearest(part: npt.NDArray[np.int_], known: npt.NDArray[np.int_]) -> npt.NDArray[np.int_]:
    """For each index of ``part``, the nearest of ``known`` (sorted), without a big matrix."""
    spots = np.arange(len(part))
    right = np.clip(np.searchsorted(known, spots), 0, len(known) - 1)
    left = np.clip(right - 1, 0, len(known) - 1)
    choose_left = np.abs(spots - known[left]) <= np.abs(known[right] - spots)
    return np.where(choose_left, known[left], known[right])


def _pieces(part: npt.NDArray[np.int_]) -> list[tuple[int, int, int]]:
    """Runs of one voice in a stretch: ``(start, stop, voice)``."""
    edges = np.flatnonzero(np.diff(part)) + 1
    bounds = [0, *edges.tolist(), len(part)]
    return [(a, b, int(part[a])) for a, b in itertools.pairwise(bounds)]


def _segments(
    speech: npt.NDArray[np.bool_], labels: npt.NDArray[np.int_], pitch: npt.NDArray[np.float64]
) -> tuple[Segment, ...]:
    found = []
    for start, stop in runs(speech):
        for a, b, voice in _pieces(labels[start:stop]):
            heard = pitch[start + a : start + b]
            heard = heard[np.isfinite(heard)]
            median = float(np.median(heard)) if len(heard) else float("nan")
            found.append(
                Segment(voice, round((start + a) * HOP, 3), round((start + b) * HOP, 3), median)
            )
    return tuple(found)


__all__ = ["PITCH_RANGE", "Voices", "pitch_track", "split_voices", "timbre"]

"""Movement synchrony: a known lag recovered from series and from a real film's motion
energy (the same moving square in both halves, one half delayed by ffmpeg), no episode
from independent movement, ``nan`` where nothing moves, and properties of r (hypothesis)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigkit.core.errors import VigkitError
from vigkit.media.ffmpeg import run_ffmpeg
from vigkit.moments.segments import HALVES, Region
from vigkit.moments.synchrony import (
    region_energy,
    region_series,
    synchrony_episodes,
    windowed_cross_correlation,
)
from vigkit.views.motion import motion_energy

RATE = 10.0


def movement(count: int, seed: int) -> np.ndarray:
    """A series like a person's motion energy: bursts of movement of random strength."""
    rng = np.random.default_rng(seed)
    return np.abs(np.convolve(rng.normal(size=count + 4), np.ones(5) / 5, mode="valid"))


def test_a_known_lag_is_found_and_swapping_the_series_flips_it() -> None:
    rng = np.random.default_rng(7)
    source = movement(1205, 1)
    first = source[5:] + 0.05 * rng.normal(size=1200)
    second = source[:-5] + 0.05 * rng.normal(size=1200)  # first, 0.5 s later
    found = windowed_cross_correlation(first, second, rate=RATE)
    assert found.lags[0] == -1.0 and found.lags[-1] == 1.0 and len(found.lags) == 21
    assert np.median(found.peak_lag) == pytest.approx(0.5)
    [episode] = synchrony_episodes(found)
    assert episode.lag == pytest.approx(0.5) and episode.peak_r > 0.9
    assert episode.onset < 5 and episode.offset > 115
    swapped = windowed_cross_correlation(second, first, rate=RATE)
    np.testing.assert_allclose(swapped.r, found.r[:, ::-1])
    assert synchrony_episodes(swapped)[0].lag == pytest.approx(-0.5)


def test_r_is_pearson_r_of_the_two_windows() -> None:
    first, second = movement(300, 2), movement(300, 3)
    found = windowed_cross_correlation(first, second, rate=RATE, window=3.0, step=1.0)
    window, lag_index = 4, 13  # lag +0.3 s: a's window 1 sample back, b's 2 forward
    begin = round(found.times[window] * RATE - (30 - 1) / 2)
    expected = np.corrcoef(first[begin - 1 : begin + 29], second[begin + 2 : begin + 32])[0, 1]
    assert found.lags[lag_index] == pytest.approx(0.3)
    assert found.r[window, lag_index] == pytest.approx(expected)


def test_independent_movement_gives_no_episode_and_stillness_no_r() -> None:
    first, second = movement(1200, 4), movement(1200, 5)
    assert synchrony_episodes(windowed_cross_correlation(first, second, rate=RATE)) == []
    still = first.copy()
    still[300:700] = 0.02  # someone sits still for 40 s
    found = windowed_cross_correlation(still, first, rate=RATE)
    quiet = (found.times > 32.4) & (found.times < 67.5)  # every lag's window still
    assert quiet.any() and np.isnan(found.r[quiet]).all() and np.isnan(found.peak_r[quiet]).all()
    assert not np.isnan(found.peak_r[~quiet]).any()
    flat = windowed_cross_correlation(np.zeros(200), first[:200], rate=RATE)
    assert np.isnan(flat.r).all() and synchrony_episodes(flat) == []


def test_twenty_minutes_at_ten_a_second_take_well_under_a_second() -> None:
    first, second = movement(12_000, 6), movement(12_000, 7)
    began = time.perf_counter()
    found = windowed_cross_correlation(first, second, rate=RATE)
    assert time.perf_counter() - began < 0.5
    assert found.r.shape == (len(found.times), 21) and len(found.times) > 2300


def test_regions_and_their_mistakes() -> None:
    energy = np.zeros((3, 4, 8), dtype=np.float32)
    energy[:, :, :4] = 0.5
    energy[1, 0, 7] = 0.8
    series = region_series(energy, HALVES)
    assert series.shape == (3, 2)
    np.testing.assert_allclose(series[:, 0], 0.5)
    np.testing.assert_allclose(series[:, 1], [0, 0.05, 0])
    with pytest.raises(VigkitError, match=r"'Maya'.*no pixels"):
        region_series(energy, [Region("Maya", (0.5, 0.0, 0.51, 1.0))])
    with pytest.raises(VigkitError, match=r"'Kwame'.*fractions"):
        region_series(energy, [Region("Kwame", (0.0, 0.0, 1.5, 1.0))])
    with pytest.raises(VigkitError, match="as long as each other"):
        windowed_cross_correlation(np.zeros(10), np.zeros(11), rate=RATE)
    with pytest.raises(VigkitError, match="nan"):
        windowed_cross_correlation(np.full(50, np.nan), np.zeros(50), rate=RATE)
    short = windowed_cross_correlation(np.ones(20), np.ones(20), rate=RATE)
    assert short.r.shape == (0, 21) and synchrony_episodes(short) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 4), min_size=10, max_size=120),
    st.integers(0, 10_000),
    st.sampled_from([1.0, 2.5, 4.0]),
    st.sampled_from([0.1, 0.5]),
    st.sampled_from([0.0, 0.3, 1.0]),
)
def test_r_is_between_minus_one_and_one_and_swapping_flips_the_lags(
    levels: list[int], seed: int, window: float, step: float, max_lag: float
) -> None:
    first = np.array(levels, dtype=np.float64) / 100  # flat stretches are likely
    second = np.random.default_rng(seed).permutation(first) + first[::-1]
    found = windowed_cross_correlation(
        first, second, rate=RATE, window=window, step=step, max_lag=max_lag, floor=1e-3
    )
    values = found.r[~np.isnan(found.r)]
    assert ((values >= -1) & (values <= 1)).all()
    width, rng = round(window * RATE), np.random.default_rng(seed)
    for _ in range(min(6, found.r.size)):  # r is Pearson r of the two windows, or nan
        row, column = int(rng.integers(len(found.times))), int(rng.integers(len(found.lags)))
        begin = round(found.times[row] * RATE - (width - 1) / 2)
        lag = round(found.lags[column] * RATE)
        one = first[begin - lag // 2 :][:width]
        two = second[begin + lag - lag // 2 :][:width]
        assert len(one) == len(two) == width
        if min(one.std(), two.std()) < 1e-3:
            assert np.isnan(found.r[row, column])
        else:
            assert found.r[row, column] == pytest.approx(np.corrcoef(one, two)[0, 1], abs=1e-9)
    swapped = windowed_cross_correlation(
        second, first, rate=RATE, window=window, step=step, max_lag=max_lag, floor=1e-3
    )
    np.testing.assert_allclose(swapped.r, found.r[:, ::-1], atol=1e-9)
    np.testing.assert_array_equal(swapped.times, found.times)
    for episode in synchrony_episodes(found, threshold=0.5, min_length=0.0):
        assert 0.5 <= episode.peak_r <= 1 and abs(episode.lag) <= max_lag


# ------------------------------------------------------------------ a real film


def pattern(path: Path, seed: int, frames: int = 300, side: int = 64) -> Path:
    """Raw grey frames of a white square that moves in bursts, at random speeds."""
    rng = np.random.default_rng(seed)
    x, y, speed = 24.0, 24.0, (0.0, 0.0)
    pictures = np.zeros((frames, side, side), dtype=np.uint8)
    for frame in range(frames):
        if frame % 3 == 0:
            speed = (0.0, 0.0) if rng.random() < 0.3 else tuple(rng.uniform(-4, 4, 2))
        x, y = (float(np.clip(v + s, 0, side - 16)) for v, s in zip((x, y), speed, strict=True))
        pictures[frame, round(y) : round(y) + 16, round(x) : round(x) + 16] = 255
    path.write_bytes(pictures.tobytes())
    return path


def film_of(path: Path, left: Path, right: Path | None) -> Path:
    """A 128x64 film at 20 frames a second: ``left`` in the left half and ``right`` in
    the right (or ``left`` again, 0.5 s later, delayed by ffmpeg's ``tpad``)."""
    raw = ["-f", "rawvideo", "-pix_fmt", "gray", "-s", "64x64", "-r", "20", "-i"]
    if right is None:
        inputs = [*raw, left]
        graph = "[0]split[l][r];[r]tpad=start=10:start_mode=clone[d];[l][d]hstack=shortest=1"
    else:
        inputs = [*raw, left, *raw, right]
        graph = "[0][1]hstack=shortest=1"
    run_ffmpeg(
        [
            *inputs,
            "-filter_complex",
            f"{graph},format=yuv420p",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "10",
            path,
        ],
        action="make a test film",
    )
    return path


def test_halves_of_a_real_film_moving_together_half_a_second_apart(tmp_path: Path) -> None:
    one, other = pattern(tmp_path / "one.raw", 11), pattern(tmp_path / "other.raw", 12)
    delayed = motion_energy(
        film_of(tmp_path / "delayed.mp4", one, None), cache=False, show_bar=False
    )
    apart = motion_energy(film_of(tmp_path / "apart.mp4", one, other), cache=False, show_bar=False)
    series = region_energy(delayed)
    assert series.shape == (len(delayed.times), 2)
    found = windowed_cross_correlation(
        series[:, 0], series[:, 1], rate=delayed.fps, start=float(delayed.times[0])
    )
    [episode] = synchrony_episodes(found)
    assert episode.lag == pytest.approx(0.5, abs=0.1)
    assert episode.offset - episode.onset > 5 and episode.peak_r > 0.9
    independent = region_energy(apart)
    unrelated = windowed_cross_correlation(independent[:, 0], independent[:, 1], rate=apart.fps)
    assert synchrony_episodes(unrelated) == []


def test_the_finder_offers_moving_together_with_its_lag_in_words(tmp_path: Path) -> None:
    from vigkit.moments import find_moments

    one, other = pattern(tmp_path / "one.raw", 11), pattern(tmp_path / "other.raw", 12)
    delayed = find_moments(
        film_of(tmp_path / "delayed.mp4", one, None), workspace=tmp_path / "w", show_bar=False
    )
    together = delayed[delayed["kind"] == "synchrony"]
    assert len(together) >= 1, delayed.attrs["looked_at"]
    assert "the right about 0.5 s after the left" in together["reason"].iloc[0]
    assert set(together["principle"]) == {"receiving-initiatives"}
    apart = find_moments(
        film_of(tmp_path / "apart.mp4", one, other), workspace=tmp_path / "w", show_bar=False
    )
    assert not (apart["kind"] == "synchrony").any()
    assert "no stretch of moving together" in " ".join(apart.attrs["looked_at"])

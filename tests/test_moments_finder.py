"""``find_moments`` on the practice films (the issue's quality goal), its table, its
cache, what it says of films it cannot look at, the ``vigkit moments`` command and
notebook 05's step (never for a practice film)."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from vigkit import Workspace, guide
from vigkit.core.coursedir import practice_dir
from vigkit.core.errors import MediaError, VigkitError
from vigkit.course.suggestions import SHOWN
from vigkit.media.ffmpeg import ffmpeg_exe
from vigkit.moments import COLUMNS, TARGETS, find_moments, quality

FILMS = sorted(practice_dir().glob("*.mp4"))
KINDS = {"yes-cycle", "initiative-received", "waiting", "synchrony"}


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """Every practice film's candidates, worked out once (sound and movement)."""
    workspace = tmp_path_factory.mktemp("moments-work")
    return {f.stem: find_moments(f, workspace=workspace, show_bar=False) for f in FILMS}


def test_the_candidates_find_the_reference_moments_on_the_eight_practice_films(
    found: dict[str, pd.DataFrame],
) -> None:
    assert len(FILMS) == 8
    totals = [0, 0, 0, 0]
    for film in FILMS:
        q = quality(found[film.stem], pd.read_csv(film.with_suffix(".reference.csv")))
        assert q.moments > 0
        for i, value in enumerate((q.found, q.moments, q.hits, q.looked)):
            totals[i] += value
    recall, precision = totals[0] / totals[1], totals[2] / totals[3]
    assert recall >= 0.7, recall
    assert precision >= 0.5, precision


def test_the_table_is_ranked_with_principles_codes_and_reasons(
    found: dict[str, pd.DataFrame],
) -> None:
    from vigkit.coding.scheme import load_scheme

    scheme = load_scheme()
    for film in FILMS:
        table = found[film.stem]
        assert list(table.columns) == list(COLUMNS)
        assert table["rank"].tolist() == list(range(1, len(table) + 1))
        assert table["score"].is_monotonic_decreasing
        assert set(table["kind"]) <= KINDS
        assert all(
            code in scheme and code.startswith(p + ".")
            for p, code in zip(table["principle"], table["code"], strict=True)
        )
        assert (table["onset"] < table["offset"]).all() and (table["onset"] >= 0).all()
        assert all(r.endswith(".") and r[0].isupper() for r in table["reason"])
        said = " ".join(table.attrs["looked_at"])
        assert "Listened to" in said and "movement" in said
        assert "The speaker changed" in said and "rough guide" in said
        rate = table.attrs["turn_rate"]
        assert list(rate.columns) == ["time", "changes_per_minute"]
        assert len(rate) > 40 and (rate["changes_per_minute"] >= 0).all()
        assert all(a < b for a, b in table.attrs["overlaps"])
    assert set(TARGETS) & set(found["toddler-blocks"]["principle"])


def test_names_and_settings_change_the_reasons_not_the_listening(tmp_path: Path) -> None:
    film = practice_dir() / "toddler-blocks.mp4"
    find_moments(film, workspace=tmp_path, show_bar=False, movement=False)
    start = time.perf_counter()
    named = find_moments(
        film, names=["Dad", "Lily"], gap=1.0, workspace=tmp_path, show_bar=False, movement=False
    )
    assert time.perf_counter() - start < 1.0  # from the cache
    assert any("Lily" in r and "Dad" in r for r in named["reason"])
    assert len(find_moments(film, top=3, workspace=tmp_path, show_bar=False, movement=False)) == 3


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"gap": 0}, "gap must be"),
        ({"wait": float("nan")}, "wait must be"),
        ({"top": 0}, "top must be"),
        ({"names": ["", "x"]}, "names must be"),
        ({"regions": []}, "regions must be two"),
    ],
)
def test_bad_settings_are_refused_in_words(options: dict[str, object], words: str) -> None:
    with pytest.raises(VigkitError, match=words):
        find_moments(practice_dir() / "toddler-blocks.mp4", **options)  # type: ignore[arg-type]


def test_a_missing_or_broken_film_is_a_media_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=r"nowhere\.mp4"):
        find_moments(tmp_path / "nowhere.mp4")
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00not a film" * 100)
    with pytest.raises(MediaError, match=r"broken\.mp4"):
        find_moments(broken)


def _without_sound(tmp_path: Path) -> Path:
    film = tmp_path / "silent-picture.mp4"
    source = practice_dir() / "toddler-blocks.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-i",
            str(source),
            "-t",
            "12",
            "-an",
            "-c:v",
            "copy",
            str(film),
        ],
        check=True,
    )
    return film


def test_a_film_without_sound_is_looked_at_for_movement_only(tmp_path: Path) -> None:
    table = find_moments(_without_sound(tmp_path), workspace=tmp_path / "w", show_bar=False)
    said = " ".join(table.attrs["looked_at"])
    assert "no sound track" in said and "Looked at movement" in said
    assert set(table["kind"]) <= {"synchrony"}


def _command(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigkit", "moments", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def test_the_command_lists_the_top_candidates_and_writes_a_csv(tmp_path: Path) -> None:
    film = practice_dir() / "toddler-blocks.mp4"
    out = tmp_path / "out" / "moments.csv"
    result = _command(
        film,
        "--top",
        "4",
        "--csv",
        out,
        "--names",
        "Dad,Lily",
        "--no-movement",
        "--workspace",
        tmp_path / "w",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Listened to" in result.stdout and "suggestions: you decide" in result.stdout
    assert "  1. " in result.stdout and "  5. " not in result.stdout
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 4 and list(rows[0]) == list(COLUMNS)
    assert not list(out.parent.glob(".*"))  # written atomically: no temporary left


def test_the_command_looks_where_each_person_is(tmp_path: Path) -> None:
    film = practice_dir() / "toddler-blocks.mp4"
    boxes = ["--region", "Dad:0,0,0.6,1", "--region", "Lily:0.5,0.2,1,1"]
    result = _command(film, *boxes, "--workspace", tmp_path / "w", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Looked at movement where Dad and Lily are in the picture" in result.stdout
    once = _command(film, "--region", "Dad:0,0,0.6,1", cwd=tmp_path)
    assert once.returncode == 2 and "give it twice" in once.stderr
    outside = _command(film, "--region", "Dad:0,0,1.6,1", "--region", "L:0,0,1,1", cwd=tmp_path)
    assert outside.returncode == 2 and "inside the picture" in outside.stderr


def test_the_command_refuses_bad_films_and_options_with_exit_2(tmp_path: Path) -> None:
    for args, words in (
        (["nowhere.mp4"], "nowhere.mp4"),
        ([practice_dir() / "toddler-blocks.mp4", "--top", "0"], "--top"),
        ([practice_dir() / "toddler-blocks.mp4", "--gap", "-1"], "--gap"),
    ):
        result = _command(*args, cwd=tmp_path)
        assert result.returncode == 2, result
        assert "Traceback" not in result.stderr and words in result.stderr


def test_the_notebook_step_makes_no_suggestions_for_a_practice_film(tmp_path: Path) -> None:
    film = guide.my_film(practice_dir() / "toddler-blocks.mp4", workspace=tmp_path)
    shown = guide.where_to_look(film, workspace=tmp_path)
    assert len(shown) == 0 and "practice films" in shown.text
    assert "learning to see" in shown.text


def test_the_notebook_step_lists_suggestions_for_your_own_film(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "vigkit-work").root
    own = workspace / "films" / "home-play.mp4"
    own.parent.mkdir(parents=True)
    shutil.copy(practice_dir() / "toddler-blocks.mp4", own)
    film = guide.my_film(own, workspace=workspace)
    shown = guide.where_to_look(film, ("Dad", "Lily"), workspace=workspace)
    assert 0 < len(shown) <= SHOWN
    assert "suggestions, not findings" in shown.text and "1. 0:" in shown.text
    assert "<table" in shown._repr_html_() and "Lily" in shown._repr_html_()
    assert shown[0]["rank"] == 1 and set(COLUMNS) <= set(shown[0])

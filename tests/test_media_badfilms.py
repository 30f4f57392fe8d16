"""A guider's own films gone wrong (issue 18, "Bad input"): whatever the job, nothing
half-made is left in the output folder (hidden temporary files included), a film in a
read-only folder is still copied, an output folder that cannot be written is one clear
error, and odd names (spaces, quotes, non-Latin letters) work. The messages themselves are
in the bad-input corpus (tests/data/bad/cases-films.yaml)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from corpus_makers.films import ODD_NAME, SECONDS, cut_in_half, whole

from vigkit.core.errors import MediaError
from vigkit.media.cut import cut
from vigkit.media.moment import Moment
from vigkit.media.probe import probe
from vigkit.media.proxy import proxy
from vigkit.media.stills import stills

Job = Callable[[Path, Path], object]

JOBS: dict[str, Job] = {
    "proxy": lambda film, out: proxy(film, out / "copy.mp4"),
    "exact cut": lambda film, out: cut(Moment(film, 2.5, 3.5), out / "clip.mp4"),
    "quick cut": lambda film, out: cut(Moment(film, 2.5, 3.5), out / "clip.mp4", exact=False),
    "stills": lambda film, out: stills(film, [1.0, 3.5], out),
}


@pytest.mark.parametrize("kind", ["hevc.mov", "hevc-front.mov", "h264.mp4"])
@pytest.mark.parametrize("job", list(JOBS))
def test_a_film_cut_off_halfway_leaves_nothing(tmp_path: Path, kind: str, job: str) -> None:
    film = cut_in_half(tmp_path / f"half-{kind}", kind)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(MediaError, match=re.escape(film.name)) as refused:
        JOBS[job](film, out)
    assert "copy it again from the camera or phone" in str(refused.value) or (
        "try making a playable copy first" in str(refused.value)
    )
    assert sorted(os.listdir(out)) == []  # no copy, no hidden temporary file


def test_a_truncated_film_never_gives_a_copy_that_stops_halfway(tmp_path: Path) -> None:
    """HEVC with its index at the front: the header promises all of it, the copy stops."""
    film = cut_in_half(tmp_path / "IMG_0043.MOV", "hevc-front.mov")
    assert probe(film).duration == pytest.approx(SECONDS, abs=0.05)
    with pytest.raises(MediaError, match=r"IMG_0043\.MOV: the film seems damaged after 0:0"):
        proxy(film, tmp_path / "copy.mp4")
    assert [p.name for p in tmp_path.iterdir()] == ["IMG_0043.MOV"]


def test_a_truncated_playable_mp4_is_not_passed_on_as_it_is(tmp_path: Path) -> None:
    film = cut_in_half(tmp_path / "visit.mp4", "h264-front.mp4")
    with pytest.raises(MediaError, match=r"visit\.mp4"):
        proxy(film, tmp_path / "copy.mp4")


def test_a_film_in_a_read_only_folder_is_copied(tmp_path: Path) -> None:
    card = tmp_path / "card"
    card.mkdir()
    film = whole(card / ODD_NAME, "hevc.mov")
    card.chmod(0o555)
    try:
        copy = proxy(film, tmp_path / "workspace" / "copy.mp4")
        clip = cut(Moment(film, 1.0, 2.0), tmp_path / "workspace" / "clip.mp4", exact=False)
        taken = stills(film, [1.0], tmp_path / "workspace")
    finally:
        card.chmod(0o755)
    assert probe(copy).duration == pytest.approx(SECONDS, abs=0.1)
    assert clip.path.is_file()
    assert [p.name for p in taken] == ["Zoë's “play” 子供_00m01.00s.png"]
    assert sorted(p.name for p in card.iterdir()) == [ODD_NAME]  # nothing written beside it


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder")
@pytest.mark.parametrize("job", list(JOBS))
def test_a_read_only_output_folder_is_one_clear_error(tmp_path: Path, job: str) -> None:
    film = whole(tmp_path / 'home "visit" 3.mov', "hevc-front.mov")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(MediaError, match=r"out.*(cannot write|no permission)"):
            JOBS[job](film, out)
        assert os.listdir(out) == []
    finally:
        out.chmod(0o755)


def test_odd_names_work_for_every_job(tmp_path: Path) -> None:
    film = whole(tmp_path / 'home "visit" 3.mov', "hevc-front.mov")
    out = tmp_path / "Zoë's “clips” 子供"
    for job in JOBS.values():
        job(film, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        ["clip.mp4", "copy.mp4", 'home "visit" 3_00m01.00s.png', 'home "visit" 3_00m03.50s.png']
    )

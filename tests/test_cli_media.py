"""The media sub-commands through the real ``vigkit`` command: results, and exit 2 on
bad input with a message that names the film."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from vigkit.media import probe

from films import frame_number


def vigkit(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *map(str, args)], cwd=cwd, capture_output=True, text=True
    )


def assert_refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in result.stderr, result.stderr


def test_probe(film_dir: Path, tmp_path: Path) -> None:
    result = vigkit("probe", film_dir / "hevc.mov", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0:03.00" in result.stdout and "320x180" in result.stdout
    assert "hevc" in result.stdout and "needs a proxy" in result.stdout
    assert_refused(vigkit("probe", film_dir / "corrupt.mp4", cwd=tmp_path), "corrupt.mp4")
    assert_refused(vigkit("probe", "nowhere.mp4", cwd=tmp_path), "nowhere.mp4", "does not exist")


def test_proxy(film_dir: Path, tmp_path: Path) -> None:
    result = vigkit("proxy", film_dir / "hevc.mov", tmp_path / "p.mp4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert probe(tmp_path / "p.mp4").browser_playable
    work = tmp_path / "work"
    quick = vigkit("proxy", film_dir / "hevc.mov", "--quick", "--workspace", work, cwd=tmp_path)
    assert quick.returncode == 0, quick.stderr
    (made,) = (work / "proxies").iterdir()
    assert made.name.endswith("-quick.mp4") and f"made {made}" in quick.stdout
    assert_refused(
        vigkit("proxy", film_dir / "hevc.mov", "--max-height", "360", cwd=tmp_path),
        "--max-height needs OUT.mp4",
    )
    same = vigkit("proxy", film_dir / "landscape.mp4", tmp_path / "q.mp4", cwd=tmp_path)
    assert "no proxy needed" in same.stdout and not (tmp_path / "q.mp4").exists()


def test_cut_exact_and_fast(film_dir: Path, tmp_path: Path) -> None:
    exact = vigkit(
        "cut", film_dir / "landscape.mp4", "0:02.04", "3.04", tmp_path / "a.mp4", cwd=tmp_path
    )
    assert exact.returncode == 0, exact.stderr
    assert abs(probe(tmp_path / "a.mp4").duration - 1.0) <= 0.04
    fast = vigkit(
        "cut", film_dir / "landscape.mp4", "3", "5", tmp_path / "b.mp4", "--fast", cwd=tmp_path
    )
    assert fast.returncode == 0, fast.stderr
    assert "from the keyframe before" in fast.stdout and "0:02.00 to 0:05.00" in fast.stdout
    assert_refused(
        vigkit("cut", film_dir / "landscape.mp4", "5", "4", tmp_path / "c.mp4", cwd=tmp_path),
        "must end after it starts",
    )
    assert_refused(
        vigkit("cut", film_dir / "landscape.mp4", "5", "60", tmp_path / "c.mp4", cwd=tmp_path),
        "past the end of the film",
    )
    source = film_dir / "landscape.mp4"
    assert_refused(vigkit("cut", source, "1", "2", source, cwd=tmp_path), "source film")


def test_stills_and_contact_sheet(film_dir: Path, tmp_path: Path) -> None:
    result = vigkit("stills", film_dir / "landscape.mp4", "1", "0:02.5", "--out", "s", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    paths = [
        Path(line) if Path(line).is_absolute() else tmp_path / line
        for line in result.stdout.split()
    ]
    assert [frame_number(p) for p in paths] == [25, 62] or [frame_number(p) for p in paths] == [
        25,
        63,
    ]
    sheet = vigkit(
        "contact-sheet",
        *paths,
        "--out",
        "sheet.png",
        "--caption",
        "waits",
        "--caption",
        "looks up",
        "--columns",
        "2",
        cwd=tmp_path,
    )
    assert sheet.returncode == 0, sheet.stderr
    assert (tmp_path / "sheet.png").stat().st_size > 0
    assert_refused(
        vigkit("stills", film_dir / "landscape.mp4", "99", "--out", "s", cwd=tmp_path),
        "landscape.mp4",
    )
    assert_refused(
        vigkit("stills", film_dir / "landscape.mp4", "later", "--out", "s", cwd=tmp_path),
        "not a time",
    )


def test_reel_from_a_moments_file(film_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "moments.csv").write_text(
        "source,start,end,caption,code\n"
        f"{film_dir / 'landscape.mp4'},1,2,You waited and she looked up,"
        "encouraging-initiatives.waiting\n"
        f"{film_dir / 'silent.mp4'},0:02,0:03,,guiding\n"
    )
    result = vigkit("reel", "moments.csv", "reel.mp4", "--title", "Our review", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "from 2 moments" in result.stdout
    assert probe(tmp_path / "reel.mp4").browser_playable
    (tmp_path / "bad.csv").write_text("source,start,end\nlandscape.mp4,3,1\n")
    assert_refused(vigkit("reel", "bad.csv", "r.mp4", cwd=tmp_path), "bad.csv", "row 2")

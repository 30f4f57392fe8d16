"""Progress bars on the long jobs (reel, exact cut, stills, contact sheet, motion energy,
practice films) and how those jobs stop when interrupted.

Each bar is shown at once here (``SHOW_AFTER`` 0) and read from stderr: its words and
that it reached the total. ``show_bar=False`` and ``VIGKIT_PROGRESS=0`` keep it quiet.
An interrupt (``_thread.interrupt_main``, which wakes no blocked call, as from a widget or
IPython) stops each job and its ffmpeg at once and leaves nothing half-made. One run of
``vigkit cut`` shows the terminal bar with the time left, as a person sees it.
"""

from __future__ import annotations

import _thread
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from processes import ffmpegs_mentioning

from vigkit.core import progress as progress_module
from vigkit.core.coursedir import storyboards_dir
from vigkit.media.cut import cut
from vigkit.media.ffmpeg import run_ffmpeg
from vigkit.media.moment import Moment
from vigkit.media.reel import reel
from vigkit.media.sheet import contact_sheet
from vigkit.media.stills import stills
from vigkit.practice.render import render
from vigkit.practice.storyboard import load_storyboard
from vigkit.views.motion import motion_energy

from films import consent_everything, make_film

#: The long film's length: long enough that each job on it runs a few seconds.
SECONDS = 30
#: A practice film of the course, rendered whole only to be interrupted.
BOARD = "baby-floor-faces"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds, small: the bars are shown at once, so a short job shows one too."""
    return make_film(tmp_path_factory.mktemp("tiny") / "tiny.mp4", seconds=2.0, size=(160, 90))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 s of busy 720p with sound, keyframes 10 s apart (so stills decode a lot)."""
    film = tmp_path_factory.mktemp("big") / "big.mp4"
    run_ffmpeg(
        ["-f", "lavfi", "-i", f"testsrc2=s=1280x720:r=25:d={SECONDS}",
         "-f", "lavfi", "-i", f"sine=d={SECONDS}", "-c:v", "libx264", "-preset", "ultrafast",
         "-g", "250", "-pix_fmt", "yuv420p", "-c:a", "aac", film],
        action="make a long test film",
    )  # fmt: skip
    return consent_everything(film)


@pytest.fixture(scope="module")
def longer(big: Path) -> Path:
    """The long film six times over, copied (quick): motion energy reads films fast."""
    film = big.with_name("longer.mp4")
    run_ffmpeg(["-stream_loop", "5", "-i", big, "-c", "copy", film], action="loop the film")
    return film


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bars shown from the start (not after 2 s), whatever the environment says."""
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    monkeypatch.delenv(progress_module.PROGRESS_ENV, raising=False)


def shown_full(stderr: str, what: str) -> bool:
    """Whether the terminal bar said ``what`` and reached 100 %."""
    return any(what in line and "100%" in line for line in stderr.split("\r"))


# ------------------------------------------------------------------ the bars


@pytest.mark.usefixtures("bars")
def test_each_job_shows_its_bar_up_to_the_end(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    reel([Moment(tiny, 0.2, 1.0), Moment(tiny, 1.0, 1.8)], tmp_path / "reel.mp4", title="A")
    assert shown_full(capsys.readouterr().err, "making the reel")

    cut(Moment(tiny, 0.5, 1.5), tmp_path / "clip.mp4")
    assert shown_full(capsys.readouterr().err, "cutting 0:00.50–0:01.50 of tiny.mp4")

    pictures = stills(tiny, [0.2, 1.0, 1.6], tmp_path / "stills")
    said = capsys.readouterr().err
    assert shown_full(said, "taking 3 stills") and "3/3" in said

    contact_sheet(pictures, tmp_path / "sheet.png")
    said = capsys.readouterr().err
    assert shown_full(said, "making the contact sheet") and "3/3" in said

    motion_energy(tiny, cache=False)
    said = capsys.readouterr().err
    assert shown_full(said, "measuring movement in tiny.mp4") and "20/20" in said  # 2 s at 10/s

    whole = load_storyboard(storyboards_dir() / f"{BOARD}.yaml")
    board = replace(whole, duration=1.0, beats=(), codes=())
    render(board, tmp_path / "practice")
    said = capsys.readouterr().err
    assert shown_full(said, f"drawing the practice film {BOARD}") and "25/25" in said


@pytest.mark.usefixtures("bars")
def test_show_bar_false_and_vigkit_progress_0_keep_jobs_quiet(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    capsys.readouterr()
    stills(tiny, [0.5], tmp_path / "stills", show_bar=False)
    motion_energy(tiny, cache=False, show_bar=False)
    cut(Moment(tiny, 0.5, 1.5), tmp_path / "clip.mp4", show_bar=False)
    assert capsys.readouterr().err == ""
    monkeypatch.setenv(progress_module.PROGRESS_ENV, "0")
    reel([Moment(tiny, 0.2, 1.0)], tmp_path / "reel.mp4")
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------ interrupts


def interrupt_once_ffmpeg_runs(marker: str) -> list[float]:
    """In a thread: once an ffmpeg mentioning ``marker`` has run a moment, interrupt the
    main thread (and kill those ffmpegs 15 s later, so a test of code that ignores the
    interrupt still ends). Returns a list that gets the moment of the interrupt."""
    moments: list[float] = []

    def watch() -> None:
        deadline = time.monotonic() + 60
        running: set[int] = set()
        while not running:  # an ffmpeg that runs on (not a quick look at the film)
            assert time.monotonic() < deadline, f"no ffmpeg ran long on {marker}"
            seen = set(ffmpegs_mentioning(marker))
            time.sleep(0.1)
            running = seen & set(ffmpegs_mentioning(marker))
        moments.append(time.monotonic())
        _thread.interrupt_main()
        time.sleep(15)
        for pid in running & set(ffmpegs_mentioning(marker)):
            os.kill(pid, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()
    return moments


JOBS: dict[str, Callable[[Path, Path], object]] = {
    "reel": lambda big, out: reel(
        [Moment(big, 1, 14), Moment(big, 15, 29)], out / "reel.mp4", show_bar=False
    ),
    "cut": lambda big, out: cut(Moment(big, 0, 29), out / "clip.mp4", show_bar=False),
    "stills": lambda big, out: stills(big, [9.9 - i / 10 for i in range(60)], out, show_bar=False),
    "motion": lambda big, out: motion_energy(
        big.with_name("longer.mp4"), workspace=out, show_bar=False
    ),
    "practice film": lambda big, out: render(
        load_storyboard(storyboards_dir() / f"{BOARD}.yaml"), out, show_bar=False
    ),
}


@pytest.fixture
def default_sigint() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt (as in a kernel), whatever pytest set."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("default_sigint", "longer")
@pytest.mark.parametrize("job", sorted(JOBS))
def test_an_interrupted_job_stops_at_once_and_leaves_nothing(
    job: str, big: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # motion's ffmpeg writes to a pipe: known by its film
    marker = str(big.with_name("longer.mp4") if job == "motion" else out)
    moments = interrupt_once_ffmpeg_runs(marker)
    with pytest.raises(KeyboardInterrupt):
        JOBS[job](big, out)
    stopped = time.monotonic()
    assert moments and stopped - moments[0] < 4, "the interrupt waited for the job to end"
    assert ffmpegs_mentioning(marker) == []
    assert [p.relative_to(out).as_posix() for p in out.rglob("*")] == []


# ------------------------------------------------------------------ the terminal


def test_the_command_line_shows_a_bar_with_the_time_left_on_stderr(
    big: Path, tmp_path: Path
) -> None:
    clip = tmp_path / "clip.mp4"
    # "always": a quiet machine cuts 10 s in under the 2 s a bar waits for
    env = {**os.environ, progress_module.PROGRESS_ENV: "always"}
    done = subprocess.run(
        [sys.executable, "-m", "vigkit", "cut", big, "0", "10", clip],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"made {clip}: 0:00.00 to 0:10.00\n"  # stdout as it always was
    bars = [line for line in done.stderr.split("\r") if "cutting 0:00–0:10 of big.mp4" in line]
    assert bars, done.stderr
    # tqdm's "[elapsed<left, rate]": the time left, counting down
    assert any(re.search(r"\[\d\d:\d\d<\d\d:\d\d", line) for line in bars), bars

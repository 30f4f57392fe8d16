"""Stopping the kit mid-render, for real: ``vigkit reel`` and ``vigkit proxy`` killed
(SIGKILL) or interrupted (SIGINT, as Ctrl-C sends it) while ffmpeg is writing, and
``run_ffmpeg`` interrupted in-process as a notebook's "interrupt the kernel" does.

Afterwards no ffmpeg is left running (found in /proc by the test's own folder in its command
line), and no temporary file is left: removed at once on an interrupt, swept by the next
run in that folder after a kill. Plus a full disk while ffmpeg writes.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from corpus_makers.cancel import full_disk
from processes import ffmpegs_mentioning, processes_mentioning

from vigkit.core.atomic import atomic_path
from vigkit.media.ffmpeg import run_ffmpeg
from vigkit.media.proxy import proxy

from films import consent_everything

SECONDS = 30
"""The test films' length: long enough that a reel or proxy of them takes several seconds."""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``big.mp4`` (720p, 25 fps, busy picture, sound), ``big.mkv`` (the same
    in Matroska, so it needs a proxy) and ``moments.csv`` (two long moments of it)."""
    folder = tmp_path_factory.mktemp("big")
    film = folder / "big.mp4"
    run_ffmpeg(
        ["-f", "lavfi", "-i", f"testsrc2=s=1280x720:r=25:d={SECONDS}",
         "-f", "lavfi", "-i", f"sine=d={SECONDS}", "-c:v", "libx264", "-preset", "ultrafast",
         "-pix_fmt", "yuv420p", "-c:a", "aac", film],
        action="make a long test film",
    )  # fmt: skip
    run_ffmpeg(["-i", film, "-c", "copy", folder / "big.mkv"], action="copy the test film")
    consent_everything(film)
    consent_everything(folder / "big.mkv")
    (folder / "moments.csv").write_text(
        f"source,start,end,caption,code\n{film},0:01,0:14,first,\n{film},0:15,0:29,second,\n",
        encoding="utf-8",
    )
    return folder


def ffmpegs_writing(folder: Path) -> list[int]:
    """ffmpeg processes with ``folder`` in their command line."""
    return ffmpegs_mentioning(str(folder))


@pytest.fixture
def out(tmp_path: Path) -> Iterator[Path]:
    """The output folder of one test; any process left writing there is ended afterwards
    (these are the test's own: the old code leaves ffmpeg running)."""
    folder = tmp_path / "out"
    folder.mkdir()
    yield folder
    for pid in processes_mentioning(str(folder)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.02)


def rendering(folder: Path) -> bool:
    """ffmpeg is running and has written part of its (temporary) film in ``folder``."""
    return bool(ffmpegs_writing(folder)) and any(
        p.stat().st_size > 0 for p in folder.iterdir() if p.name.startswith(".")
    )


COMMANDS = {
    "reel": lambda big, out: ["reel", big / "moments.csv", out / "reel.mp4"],
    "proxy": lambda big, out: ["proxy", big / "big.mkv", out / "proxy.mp4"],
}


def start_kit(args: list[str | Path], cwd: Path) -> subprocess.Popen[str]:
    """``python -m vigkit ARGS`` as a terminal starts it: the leader of its own process group."""
    return subprocess.Popen(
        [sys.executable, "-m", "vigkit", *map(str, args)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_killed_kit_leaves_no_ffmpeg_and_its_temporary_is_swept(
    command: str, big: Path, out: Path
) -> None:
    kit = start_kit(COMMANDS[command](big, out), cwd=out.parent)
    wait_until(lambda: rendering(out), 60, "ffmpeg to start writing")
    os.kill(kit.pid, signal.SIGKILL)
    kit.communicate(timeout=30)
    assert kit.returncode == -signal.SIGKILL
    time.sleep(0.5)  # the parent-death signal is immediate; give a wrong ffmpeg time to show
    assert ffmpegs_writing(out) == [], "ffmpeg runs on after the kit was killed"
    left = temporaries(out)
    # The half-made film (and, for a reel, its caption pictures' work folder) is left, each
    # naming its writer, so the next run knows it is stale.
    assert left and all(f".vigkit-{kit.pid}-" in name for name in left), left
    assert any(name.endswith(".tmp.mp4") for name in left), left
    assert not (out / f"{command}.mp4").exists()
    # The next run in that folder sweeps it: its writer is gone.
    cut = subprocess.run(
        [sys.executable, "-m", "vigkit", "cut", "--fast", big / "big.mp4", "0", "1",
         out / "clip.mp4"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert cut.returncode == 0, cut.stderr
    assert sorted(p.name for p in out.iterdir()) == ["clip.mp4"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_interrupted_kit_stops_ffmpeg_and_removes_its_temporary_at_once(
    command: str, big: Path, out: Path
) -> None:
    kit = start_kit(COMMANDS[command](big, out), cwd=out.parent)
    wait_until(lambda: rendering(out), 60, "ffmpeg to start writing")
    os.killpg(kit.pid, signal.SIGINT)  # Ctrl-C in a terminal: to the foreground group
    interrupted = time.monotonic()
    stdout, stderr = kit.communicate(timeout=30)
    assert time.monotonic() - interrupted < 5, "the kit did not stop promptly"
    assert kit.returncode == 130, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    assert stderr.startswith("vigkit: stopped; nothing half-made was kept"), stderr
    assert all(line.startswith("vigkit: ") for line in stderr.splitlines()), stderr
    assert ffmpegs_writing(out) == []
    assert list(out.iterdir()) == []


# ------------------------------------------------------------------ in-process


def interrupt_when_rendering(folder: Path, interrupt: Callable[[], None]) -> list[float]:
    """In a thread: wait until ffmpeg writes into ``folder``, interrupt the main thread, and
    (so a test of code that ignores it still ends) kill ffmpeg 15 s later. Returns a list
    that gets the moment of the interrupt."""
    moments: list[float] = []

    def watch() -> None:
        wait_until(lambda: rendering(folder), 60, "ffmpeg to start writing")
        moments.append(time.monotonic())
        interrupt()
        time.sleep(15)
        for pid in ffmpegs_writing(folder):
            os.kill(pid, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()
    return moments


def signal_to_the_kernel() -> None:
    """What Jupyter's "interrupt the kernel" does: SIGINT to the kernel's process."""
    os.kill(os.getpid(), signal.SIGINT)


def interrupt_main() -> None:
    """An interrupt raised in the main thread without a signal that wakes it (as from
    another thread, or IPython's own machinery)."""
    _thread.interrupt_main()


@pytest.mark.parametrize("interrupt", [signal_to_the_kernel, interrupt_main])
def test_run_ffmpeg_interrupted_stops_ffmpeg_and_leaves_no_partial_film(
    interrupt: Callable[[], None], big: Path, out: Path
) -> None:
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        moments = interrupt_when_rendering(out, interrupt)
        with pytest.raises(KeyboardInterrupt):
            proxy(big / "big.mkv", out / "proxy.mp4")
        stopped = time.monotonic()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert moments and stopped - moments[0] < 4, "the interrupt waited for the whole film"
    assert ffmpegs_writing(out) == []
    assert list(out.iterdir()) == []


def test_run_ffmpeg_on_a_full_disk_names_the_film(big: Path, tmp_path: Path) -> None:
    from vigkit.core.atomic import DiskFullError  # here, so the other tests run on old code

    folder = tmp_path / "full"
    with full_disk(folder) as mounted:
        if not mounted:  # not root: ffmpeg writing to /dev/full is as full a disk
            with pytest.raises(DiskFullError) as info:
                run_ffmpeg(
                    ["-i", big / "big.mp4", "-t", "1", "-c", "copy", "-f", "mp4", "/dev/full"],
                    action="copy",
                )
            assert "/dev/full" in str(info.value)
            return
        target = folder / "clip.mp4"
        with pytest.raises(DiskFullError) as info, atomic_path(target) as tmp:
            run_ffmpeg(["-i", big / "big.mp4", "-t", "1", "-c", "copy", tmp], action="copy")
        assert str(info.value) == (
            f"the disk is full while writing {target} – free some space and run again "
            "(nothing was written)"
        )
        assert sorted(p.name for p in folder.iterdir()) == [".filler"]


def test_a_full_disk_in_a_hidden_work_folder_names_the_users_folder(tmp_path: Path) -> None:
    from vigkit.media.ffmpeg import disk_full

    for work in (".stills-k3x9_q2a", f".reel.vigkit-{os.getpid()}-k3x9_q2a.tmp"):
        error = disk_full(tmp_path / "stills" / work / "still-00001.png")
        assert str(error).startswith(f"the disk is full while writing into {tmp_path / 'stills'} –")
    assert str(disk_full(tmp_path / ".hidden" / "clip.mp4")).startswith(
        f"the disk is full while writing {tmp_path / '.hidden' / 'clip.mp4'} –"
    )

"""The moment finder's long jobs: a bar with the time left in the terminal, and Ctrl-C
stops it at once – ffmpeg included – with nothing half-made kept in the workspace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from processes import ffmpegs_mentioning

from vigkit.core.coursedir import practice_dir
from vigkit.media.ffmpeg import ffmpeg_exe

#: Pink noise that comes and goes three times in two seconds, like syllables.
BABBLE = "anoisesrc=d=600:c=pink:a=0.3,volume='0.2+0.8*gt(sin(3*t),0)':eval=frame"


@pytest.fixture(scope="module")
def long_sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten minutes of babble-like sound under a tiny, slow picture: cheap to make, and
    long enough that listening to it takes seconds."""
    film = tmp_path_factory.mktemp("long") / "ten-minutes.mp4"
    subprocess.run(
        [
            ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi",
            "-i", "color=c=gray:s=64x36:r=2:d=600",
            "-f", "lavfi", "-i", BABBLE,
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(film),
        ],
        check=True,
    )  # fmt: skip
    return film


def _start(
    *args: object, workspace: Path, stderr: Any = subprocess.PIPE, **env: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vigkit", "moments", *map(str, args), "--workspace", str(workspace)],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        start_new_session=True,  # its own group, as a terminal's foreground job
        env={**os.environ, **env},
    )


def test_the_command_shows_a_bar_for_listening_and_for_movement(tmp_path: Path) -> None:
    kit = _start(
        practice_dir() / "toddler-blocks.mp4", workspace=tmp_path, VIGKIT_PROGRESS="always"
    )
    _, stderr = kit.communicate(timeout=120)
    assert kit.returncode == 0, stderr
    assert "listening to toddler-blocks.mp4" in stderr
    assert "measuring movement in toddler-blocks.mp4" in stderr


def test_ctrl_c_stops_the_finder_and_keeps_nothing_half_made(
    long_sound: Path, tmp_path: Path
) -> None:
    said = tmp_path / "stderr.txt"
    with said.open("w") as errors:
        kit = _start(
            long_sound, "--no-movement", workspace=tmp_path / "w", stderr=errors,
            VIGKIT_PROGRESS="always",
        )  # fmt: skip
        # Its bar shows as it starts listening; ffmpeg may be done in half a second, the
        # analysis after it takes seconds more. Interrupt a moment after the bar shows:
        # past the instant ffmpeg is started, where Python drops a KeyboardInterrupt raised
        # in its fork handlers ("Exception ignored in _releaseLock").
        deadline = time.monotonic() + 30
        while "listening to" not in said.read_text() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "listening to" in said.read_text(), "the finder never started listening"
        time.sleep(0.3)
        os.killpg(kit.pid, signal.SIGINT)
        stopped = time.monotonic()
        kit.communicate(timeout=30)
    stderr = said.read_text()
    assert time.monotonic() - stopped < 5, "the finder did not stop promptly"
    assert kit.returncode == 130, stderr
    assert "Traceback" not in stderr and "stopped; nothing half-made was kept" in stderr
    assert ffmpegs_mentioning(str(long_sound)) == []
    cache = tmp_path / "w" / "cache" / "moments"
    assert not cache.exists() or list(cache.iterdir()) == []

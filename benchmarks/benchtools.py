"""What the benchmark scripts share: the kit's ffmpeg run quietly, a check that a cached
test film is complete, and one line describing the machine the figures come from."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path


def ffmpeg(*args: str | Path) -> None:
    """Run the kit's ffmpeg quietly, as a user would from a terminal or ``subprocess``."""
    from vigkit.media.ffmpeg import ffmpeg_exe

    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
    result = subprocess.run(command + [str(a) for a in args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {result.stderr.strip()[-500:]}")


def film_ok(
    path: Path,
    minutes: float,
    size: tuple[int, int],
    *,
    fps: float | None = None,
    audio: bool = False,
) -> bool:
    """Whether ``path`` is a complete test film of ``minutes`` at ``size`` (and ``fps``,
    with sound if ``audio``), so a cached one can be reused."""
    from vigkit.media import probe

    if not path.is_file():
        return False
    try:
        info = probe(path)
    except Exception:
        return False
    return (
        abs(info.duration - minutes * 60) < 1.0
        and (info.width, info.height) == size
        and (fps is None or abs(info.fps - fps) < 0.01)
        and (info.has_audio or not audio)
    )


def machine() -> str:
    """Cores, load, Python, ffmpeg and moviepy versions: what the figures depend on."""
    from vigkit.media.ffmpeg import ffmpeg_exe

    try:
        version = subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-version"], capture_output=True, text=True
        ).stdout.splitlines()[0]
        version = version.split(" Copyright")[0]
    except Exception as error:
        version = f"ffmpeg version unknown ({error})"
    try:
        moviepy = metadata.version("moviepy")  # moviepy.__version__ is wrong in 2.2.1
    except metadata.PackageNotFoundError:
        moviepy = "not installed"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{os.cpu_count()} cores ({platform.machine()}, {platform.system()}), "
        f"load average {load}; Python {platform.python_version()}; {version}; "
        f"moviepy {moviepy}"
    )

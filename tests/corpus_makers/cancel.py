"""A full disk for real: a tiny tmpfs mounted in the case's folder and filled to the last
page, so every write there fails with ENOSPC ("No space left on device"), as on a full
laptop or USB stick. Mounting needs root (CI runs as root); elsewhere the case is skipped.
Also a short test film (outside the full disk) for the media commands to read."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SIZE = "200k"
"""The tmpfs's size: small, so it fills in a moment."""


def can_mount() -> bool:
    """Whether this process may mount a tmpfs (root, with the capability to mount)."""
    return os.geteuid() == 0 and shutil.which("mount") is not None


def mount_full(folder: Path) -> bool:
    """Mount a tmpfs of ``SIZE`` at ``folder`` (made if need be) and fill it; False if the
    system refuses the mount. The caller unmounts it with :func:`unmount`."""
    folder.mkdir(parents=True, exist_ok=True)
    if not can_mount():
        return False
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0777", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        return False
    fill(folder)
    return True


def fill(folder: Path) -> None:
    """Write into ``folder`` until the disk says it is full, leaving no page free."""
    fd = os.open(folder / ".filler", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):  # ENOSPC: on to the next, smaller chunk
                while os.write(fd, b"\0" * chunk):
                    pass
    finally:
        os.close(fd)


def unmount(folder: Path) -> None:
    """Unmount the tmpfs at ``folder`` (no error if it is not mounted)."""
    subprocess.run(["umount", str(folder)], capture_output=True, check=False)


@contextlib.contextmanager
def full_disk(folder: Path) -> Iterator[bool]:
    """A full tmpfs at ``folder`` for the block (True), or False where it cannot be mounted."""
    mounted = mount_full(folder)
    try:
        yield mounted
    finally:
        if mounted:
            unmount(folder)


def full_folder(case: Path) -> None:
    """``{tmp}/full``: a full disk, unmounted when the test run ends."""
    folder = case / "full"
    if not mount_full(folder):
        pytest.skip("a full disk needs root to mount a tmpfs")
    atexit.register(unmount, folder)


def full_folder_and_film(case: Path) -> None:
    """``{tmp}/full`` (a full disk) and ``{tmp}/film.mp4``, a 2-second H.264 film, and
    ``{tmp}/film.mkv``, the same in Matroska (which browsers cannot play: it needs a proxy)."""
    from vigkit.media.ffmpeg import run_ffmpeg

    from films import consent_everything

    film = case / "film.mp4"
    run_ffmpeg(
        ["-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=2", "-c:v", "libx264", "-preset",
         "ultrafast", "-pix_fmt", "yuv420p", film],
        action="make a test film",
    )  # fmt: skip
    run_ffmpeg(["-i", film, "-c", "copy", case / "film.mkv"], action="copy a test film")
    consent_everything(film)  # so the job gets as far as the full disk
    full_folder(case)

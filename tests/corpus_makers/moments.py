"""Films the moment finder cannot look through, for cases-moments.yaml (issue 20): random
bytes named .mp4, an empty film, a folder named like a film, a text file named .mp4. Made
at run time in the case's folder; no espeak-ng or ffmpeg needed, so each case starts fast.
"""

from __future__ import annotations

import random
from pathlib import Path


def corrupt(folder: Path) -> None:
    """``visit.mp4``: 64 kB of random bytes, as a damaged copy may look."""
    (folder / "visit.mp4").write_bytes(random.Random(20).randbytes(64_000))


def empty(folder: Path) -> None:
    """``visit.mp4``: a film of 0 bytes, as a copy that never started leaves it."""
    (folder / "visit.mp4").write_bytes(b"")


def folder_named_like_a_film(folder: Path) -> None:
    """``visit.mp4/``: a folder, as a phone's export sometimes makes one."""
    (folder / "visit.mp4").mkdir()


def notes(folder: Path) -> None:
    """``visit.mp4``: a guider's notes saved under a film's name."""
    (folder / "visit.mp4").write_text("Maya, 10 minutes, kitchen table\n", encoding="utf-8")

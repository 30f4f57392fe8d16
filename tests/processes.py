"""Which ffmpeg processes are running (read from /proc), for tests that an interrupted job
leaves none behind."""

from __future__ import annotations

import os
from pathlib import Path


def processes_mentioning(text: str) -> list[int]:
    """Running processes (not zombies, not this one) whose command line contains ``text``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if text.encode() in command and state != "Z":
            found.append(int(entry))
    return found


def ffmpegs_mentioning(text: str) -> list[int]:
    """Running ffmpeg processes (not zombies) whose command line contains ``text``."""
    found = []
    for pid in processes_mentioning(text):
        try:
            if b"ffmpeg" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found

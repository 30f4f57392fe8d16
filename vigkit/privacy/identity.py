"""Which film a file is: a content fingerprint that survives renames and moves, and
whether a file is one of the course's practice films (made by the kit, no real people).

The fingerprint hashes the size and three 1 MiB samples (start, middle, end), so even a
20-minute film is recognised in milliseconds; it names a film, it is not a checksum.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..core.coursedir import practice_dir
from ..core.errors import VigkitError

#: Bytes read at each of the three sample places.
SAMPLE = 1 << 20
#: Marks fingerprints made this way (change it if the way changes).
VERSION = "v1"

_known: dict[tuple[str, int, int], str] = {}


def film_fingerprint(path: str | Path) -> str:
    """``v1-`` and 32 hex digits identifying the content of ``path``."""
    target = Path(path)
    try:
        status = target.stat()
        key = (str(target.resolve()), status.st_size, status.st_mtime_ns)
        if key in _known:
            return _known[key]
        digest = hashlib.sha256(str(status.st_size).encode())
        with open(target, "rb") as handle:
            for offset in _sample_offsets(status.st_size):
                handle.seek(offset)
                digest.update(handle.read(SAMPLE))
    except OSError as error:
        raise VigkitError(
            f"{target}: cannot read this file ({error.strerror or error}); check it is there "
            "and readable"
        ) from None
    fingerprint = f"{VERSION}-{digest.hexdigest()[:32]}"
    _known[key] = fingerprint
    return fingerprint


def _sample_offsets(size: int) -> list[int]:
    if size <= 3 * SAMPLE:
        return [0]
    return [0, size // 2 - SAMPLE // 2, size - SAMPLE]


def is_practice_film(path: str | Path) -> bool:
    """Whether ``path`` is in the course's practice films folder (``media/practice``)."""
    try:
        folder = practice_dir().resolve()
    except VigkitError:  # no course here
        return False
    resolved = Path(os.path.abspath(path)).resolve()
    return resolved.is_file() and folder in resolved.parents

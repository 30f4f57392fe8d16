"""Motion energy: where and when a film moves, as a small grey block of numbers.

The film is decoded once by the ffmpeg bundled with the kit, thinned to a few frames a
second and shrunk to a thumbnail-sized grey picture (``fps`` and ``scale`` filters), and
piped into numpy as raw bytes. The motion energy is the absolute difference between each
frame and the next, scaled to 0..1: ``energy[t, y, x]`` is how much the picture changed
at ``(x, y)`` between two frames. A coarse map needs no exact picture, so the decoder
skips work that only makes frames prettier (the deblocking filter). Results are cached in
the workspace (``cache/motion/``), keyed by the film's path, size and modification time
and the parameters; the film is only read.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..coding.workspace import Workspace, default_workspace_path
from ..core.atomic import atomic_path
from ..core.errors import MediaError, VigkitError, VigkitWarning
from ..core.progress import progress_bar
from ..media.ffmpeg import ffmpeg_exe, last_words, piped_output
from ..media.probe import MediaInfo, probe
from ..privacy.ledger import note_made

#: Default width of the grey picture, in pixels (the height keeps the film's shape).
WIDTH = 64
#: Default frames per second looked at (motion between frames a tenth of a second apart).
FPS = 10.0
#: Allowed ranges, so a typo cannot ask for gigabytes.
WIDTH_RANGE = (8, 320)
FPS_RANGE = (0.5, 30.0)
#: Where the cache goes inside a workspace.
CACHE_FOLDER = Path("cache") / "motion"
#: Bump when the way energy is computed changes, so old cache files are not reused.
FORMAT = 1
#: Decoder options that speed decoding without changing a coarse motion map: the
#: deblocking filter is skipped (about 12 % less CPU on a phone-like 720p film; the map
#: correlates 0.999 with the exact one). Measured and left out (benchmarks/bench_motion.py):
#: ``-flags2 fast`` (no gain with this ffmpeg's H.264 decoder) and ``-skip_frame noref``
#: (a third less CPU, but the ``fps`` filter then repeats frames: correlation 0.81, holes).
DECODER_OPTIONS: tuple[str, ...] = ("-skip_loop_filter", "all")


@dataclass(frozen=True, eq=False)
class MotionEnergy:
    """How much a film's picture changes, per place and time.

    ``energy`` has shape ``(time, height, width)`` (float32, 0 = no change, 1 = black to
    white); slice ``i`` compares frames ``i`` and ``i + 1`` (``1 / fps`` seconds apart)
    and ``times[i]`` is the moment halfway between them, in seconds from the film's start.
    """

    source: Path
    fps: float
    duration: float
    energy: npt.NDArray[np.float32]
    times: npt.NDArray[np.float64]

    @property
    def width(self) -> int:
        """Width of the grey picture, in pixels."""
        return int(self.energy.shape[2])

    @property
    def height(self) -> int:
        """Height of the grey picture, in pixels."""
        return int(self.energy.shape[1])

    def per_time(self) -> npt.NDArray[np.float32]:
        """Mean energy of each time slice (for a line plot against :attr:`times`)."""
        means: npt.NDArray[np.float32] = self.energy.mean(axis=(1, 2), dtype=np.float32)
        return means

    def __repr__(self) -> str:
        slices, height, width = self.energy.shape
        return (
            f"<MotionEnergy of {self.source.name}: {slices} slices of {width}×{height} "
            f"at {self.fps:g} per second>"
        )


def motion_energy(
    video: str | Path,
    *,
    width: int = WIDTH,
    fps: float = FPS,
    workspace: Workspace | str | Path | None = None,
    cache: bool = True,
    show_bar: bool = True,
) -> MotionEnergy:
    """The motion energy of ``video`` at ``width`` pixels and ``fps`` frames a second.

    With ``cache`` (the default) the result is kept in the workspace
    (``WORKSPACE/cache/motion/``) and reused while the film is unchanged; a damaged cache
    file is recomputed with a warning. A missing, empty or unreadable film is a
    ``VigkitError`` that says what to do. While the film is read, a bar shows the time
    left (``show_bar``).
    """
    _check_parameters(width, fps)
    film = checked_film(video)
    info = _probed(film)
    height = _height(info, width)
    key = cache_key(film, width, fps)
    path = cache_path(film, width, fps, workspace)
    if cache:
        cached = _load_cache(path, key, height, width)
        if cached is not None:
            return _result(film, fps, info.duration, cached)
    expected = max(1, round(info.duration * fps))  # frames the fps filter will give
    with progress_bar(expected, f"measuring movement in {film.name}", show=show_bar) as shown:
        frames = _decode(film, width, height, fps, shown)
    changes = _differences(frames)
    if cache:
        _save_cache(film, path, key, changes, workspace)
    return _result(film, fps, info.duration, changes)


# ------------------------------------------------------------------ the film


def _check_parameters(width: int, fps: float) -> None:
    low, high = WIDTH_RANGE
    if isinstance(width, bool) or not isinstance(width, int) or not low <= width <= high:
        raise VigkitError(f"width must be a whole number of pixels from {low} to {high}")
    slowest, fastest = FPS_RANGE
    if not isinstance(fps, (int, float)) or not slowest <= fps <= fastest:
        raise VigkitError(f"fps must be from {slowest:g} to {fastest:g} frames a second")


def checked_film(video: str | Path) -> Path:
    """The film as an absolute path, or a ``MediaError`` saying what is wrong with it (the
    moment finder checks its films the same way)."""
    film = Path(os.path.abspath(Path(video).expanduser()))
    if not film.exists():
        raise MediaError(f"{film}: there is no film here; check the path and the file name")
    if film.is_dir():
        raise MediaError(
            f"{film}: this is a folder, not a film; give the path of the film file inside it"
        )
    if not os.access(film, os.R_OK):
        raise MediaError(f"{film}: the film cannot be read (no permission); copy it somewhere")
    if film.stat().st_size == 0:
        raise MediaError(
            f"{film}: the file is empty (0 bytes); copy the film again from the camera or phone"
        )
    return film


def _probed(film: Path) -> MediaInfo:
    try:
        return probe(film)
    except MediaError as error:
        raise MediaError(
            f"{error}. Motion is measured in a video file (.mp4, .mov, .webm …): check that "
            "this is the film you meant"
        ) from None


def _height(info: MediaInfo, width: int) -> int:
    """The grey picture's height for ``width``: the film's shape as displayed, even."""
    return max(2, round(width * info.height / info.width / 2) * 2)


def ffmpeg_command(film: Path, width: int, height: int, fps: float) -> list[str]:
    """The ffmpeg command that writes the small grey film to standard output."""
    return [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
        *DECODER_OPTIONS, "-i", str(film),
        "-map", "0:V:0", "-an", "-sn", "-dn",
        "-vf", f"fps={fps:g},scale={width}:{height}:flags=area,format=gray",
        "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1",
    ]  # fmt: skip


def _decode(
    film: Path,
    width: int,
    height: int,
    fps: float,
    shown: Callable[[float], None] = lambda done: None,
) -> npt.NDArray[np.uint8]:
    """Frames of the small grey film, shape ``(n, height, width)``; ``shown`` hears how
    many have been read so far."""
    data, code, said = piped_output(
        ffmpeg_command(film, width, height, fps), lambda got: shown(got // (width * height))
    )
    if code != 0:
        raise MediaError(f"{film}: could not read the film's picture: {last_words(said)}")
    count = len(data) // (width * height)
    if count < 2:
        raise MediaError(
            f"{film}: the film is too short to show movement (it needs at least two frames "
            f"{1 / fps:g} s apart); choose a longer film"
        )
    frames = np.frombuffer(data, dtype=np.uint8, count=count * width * height)
    return frames.reshape(count, height, width)


def _differences(frames: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """``|frame[i + 1] - frame[i]|`` for each pair, exact in 8 bits."""
    later, earlier = frames[1:], frames[:-1]
    changes: npt.NDArray[np.uint8] = np.maximum(later, earlier) - np.minimum(later, earlier)
    return changes


def _result(
    film: Path, fps: float, duration: float, changes: npt.NDArray[np.uint8]
) -> MotionEnergy:
    energy = changes.astype(np.float32)
    energy *= np.float32(1 / 255)
    times = (np.arange(len(changes), dtype=np.float64) + 0.5) / fps
    return MotionEnergy(source=film, fps=float(fps), duration=duration, energy=energy, times=times)


# ------------------------------------------------------------------ the cache


def cache_key(film: Path, width: int, fps: float) -> str:
    """What identifies a result: the film (path, size, modification time) and parameters."""
    stat = film.stat()
    options = " ".join(DECODER_OPTIONS)
    return f"{FORMAT}|{film.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{width}|{fps:g}|{options}"


def cache_path(
    video: str | Path,
    width: int = WIDTH,
    fps: float = FPS,
    workspace: Workspace | str | Path | None = None,
) -> Path:
    """Where the motion energy of ``video`` at these settings is cached."""
    film = Path(os.path.abspath(Path(video).expanduser()))
    digest = hashlib.sha256(cache_key(film, width, fps).encode()).hexdigest()[:16]
    return _workspace_root(workspace) / CACHE_FOLDER / f"{film.stem}-{digest}.npz"


def _workspace_root(workspace: Workspace | str | Path | None) -> Path:
    if isinstance(workspace, Workspace):
        return workspace.root
    if workspace is None:
        return default_workspace_path()
    return Path(workspace).expanduser().resolve()


def _load_cache(path: Path, key: str, height: int, width: int) -> npt.NDArray[np.uint8] | None:
    """The cached differences, or ``None`` if there are none (or they cannot be used)."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored["key"]) != key:
                raise ValueError("it belongs to another film or other settings")
            changes = np.asarray(stored["changes"])
        if changes.dtype != np.uint8 or changes.ndim != 3 or changes.shape[1:] != (height, width):
            raise ValueError(f"it holds an array of shape {changes.shape} ({changes.dtype})")
        return changes
    except Exception as error:  # whatever is wrong with a cache file, the answer is to redo it
        warnings.warn(
            f"{path}: the saved motion energy cannot be used ({error}); working it out again",
            VigkitWarning,
            stacklevel=3,
        )
        return None


def _save_cache(
    film: Path,
    path: Path,
    key: str,
    changes: npt.NDArray[np.uint8],
    workspace: Workspace | str | Path | None,
) -> None:
    """Write the cache file atomically; a failure costs only speed next time, so warn."""
    try:
        Workspace(_workspace_root(workspace))  # the folders and marker, if new
        with atomic_path(path) as temporary, open(temporary, "wb") as handle:
            np.savez_compressed(handle, key=np.array(key), changes=changes)
        note_made(path, [film], "motion", workspace=workspace)  # erased with the film
    except (OSError, VigkitError) as error:
        warnings.warn(
            f"{path}: the motion energy could not be saved for next time ({error})",
            VigkitWarning,
            stacklevel=3,
        )

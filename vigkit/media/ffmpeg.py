"""Running the ffmpeg binary that ships with imageio-ffmpeg (no system install needed).

``IMAGEIO_FFMPEG_EXE`` points the kit at another ffmpeg. Failures become
:class:`~vigkit.core.errors.MediaError` with ffmpeg's own last words, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..core.errors import MediaError


def ffmpeg_exe() -> str:
    """The ffmpeg to run: ``$IMAGEIO_FFMPEG_EXE`` or the one bundled with imageio-ffmpeg."""
    import imageio_ffmpeg

    try:
        exe = str(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError as error:
        raise MediaError(
            f"ffmpeg cannot be found ({error}); reinstall the kit with 'make lab', or set "
            "IMAGEIO_FFMPEG_EXE to an ffmpeg program"
        ) from None
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        raise MediaError(
            f"ffmpeg is not at {exe}: check IMAGEIO_FFMPEG_EXE, or unset it to use the "
            "ffmpeg that comes with the kit"
        )
    return exe


#: Output options that keep none of the source's metadata: no container tags (title,
#: artist, GPS ``location``, comment, creation time, device), no chapters, and no stream
#: tags (handler names, languages). These are films of children: a clip or reel for others
#: must not say who filmed it, where or on what.
WITHOUT_METADATA: tuple[str, ...] = (
    "-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1",
    "-metadata:s", "handler_name=", "-fflags", "+bitexact",
)  # fmt: skip


def run_ffmpeg(
    args: Sequence[str | Path],
    *,
    action: str,
    source: Path | None = None,
    loglevel: str = "error",
) -> subprocess.CompletedProcess[str]:
    """Run ffmpeg (quietly unless ``loglevel`` asks for its reports on stderr); on failure
    raise ``MediaError`` saying what could not be done."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", loglevel, "-y"]
    command += [str(a) for a in args]
    result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    if result.returncode != 0:
        where = f"{source}: " if source is not None else ""
        raise MediaError(f"{where}could not {action}: {last_words(result.stderr)}")
    return result


def last_words(stderr: str, lines: int = 3) -> str:
    """The end of ffmpeg's complaint, which usually says what went wrong."""
    said = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    return " / ".join(said[-lines:]) or "ffmpeg gave no reason"


def check_source(path: str | Path) -> Path:
    """A film that exists and can be read, or a clear ``MediaError``."""
    source = Path(path)
    if not source.exists():
        raise MediaError(f"{source}: the film does not exist; check the path")
    if source.is_dir():
        raise MediaError(f"{source}: this is a folder, not a film")
    if not os.access(source, os.R_OK):
        raise MediaError(f"{source}: the film cannot be read (no permission)")
    return source


def check_output(path: str | Path, sources: Sequence[Path] = ()) -> Path:
    """An output path that is not a source film and whose folder can be written."""
    out = Path(path)
    resolved = out.resolve()
    for source in sources:
        if resolved == Path(source).resolve():
            raise MediaError(
                f"{out}: this is the source film; choose another name (the kit never "
                "overwrites a film)"
            )
    writable_folder(out.parent)
    return out


def writable_folder(folder: Path) -> Path:
    """``folder``, made if need be, once it is known it can be written, or a ``MediaError``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MediaError(f"{folder}: cannot make this folder ({error.strerror})") from None
    if not os.access(folder, os.W_OK):
        raise MediaError(f"{folder}: cannot write in this folder (no permission)")
    return folder

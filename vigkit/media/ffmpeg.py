"""Running the ffmpeg binary that ships with imageio-ffmpeg (no system install needed).

``IMAGEIO_FFMPEG_EXE`` points the kit at another ffmpeg. Failures become
:class:`~vigkit.core.errors.MediaError` with ffmpeg's own last words, never a traceback; a
full disk is a :class:`~vigkit.core.atomic.DiskFullError`. ffmpeg never outlives the kit,
and an interrupt stops it at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from ..core.atomic import DiskFullError, is_kit_temporary
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
    progress: Callable[[float], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ffmpeg (quietly unless ``loglevel`` asks for its reports on stderr); on failure
    raise ``MediaError`` saying what could not be done, or ``DiskFullError`` naming the output.

    ``progress`` is called with the seconds of output written so far, as ffmpeg reports
    them (``-progress``, about twice a second); ffmpeg's stdout then carries the reports,
    so a job that reads ffmpeg's stdout cannot also ask for progress.

    ffmpeg never outlives the call: it dies with the kit (see :func:`ffmpeg_process`), and
    an interrupt (Ctrl-C, a notebook's "interrupt the kernel") stops it before the
    ``KeyboardInterrupt`` goes on, so ``atomic_path`` then removes the half-written film.
    """
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", loglevel, "-y"]
    if progress is not None:
        command += ["-progress", "pipe:1", "-stats_period", "0.5"]
    command += [str(a) for a in args]
    process = ffmpeg_process(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader = ProgressReader(progress) if progress is not None else None
    try:
        stdout, stderr = wait_for(process, on_stdout=reader)
    except BaseException:
        stop_process(process)
        raise
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    if result.returncode != 0:
        if DISK_FULL in stderr:  # ffmpeg's exit status is then -ENOSPC
            raise disk_full(Path(args[-1]))
        where = f"{source}: " if source is not None else ""
        raise MediaError(f"{where}could not {action}: {last_words(result.stderr)}")
    return result


def film_header(path: Path) -> str:
    """What ``ffmpeg -i`` says of a film (its container, length and streams; nothing is
    decoded)."""
    return ffmpeg_says(["-i", path])[1]


def ffmpeg_says(args: Sequence[str | Path]) -> tuple[str, str]:
    """ffmpeg's stdout and stderr for ``args``, whatever its exit status (for jobs that read
    what it prints), started like every ffmpeg so that it cannot outlive the kit."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", *map(str, args)]
    process = ffmpeg_process(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        return wait_for(process)
    except BaseException:
        stop_process(process)
        raise


def disk_full(output: Path) -> DiskFullError:
    """The error for a full disk while ffmpeg wrote ``output``: named as the user knows it,
    so a file in one of the kit's hidden work folders (``.stills-…`` of earlier versions, or
    one from ``temporary_folder``) names the folder the user chose, not the hidden one."""
    if _WORK_FOLDER.match(output.parent.name) or is_kit_temporary(output.parent.name):
        return DiskFullError(output.parent.parent, into_folder=True)
    return DiskFullError(output)


_WORK_FOLDER = re.compile(r"^\.[a-z]+-[a-z0-9_]{8}$")  # tempfile.mkdtemp(prefix=".stills-")


DISK_FULL = "No space left on device"
"""What ffmpeg says (strerror of ENOSPC) when it cannot write for want of space."""

POLL_SECONDS = 0.2
"""How often the wait for ffmpeg returns to Python, where a pending interrupt is raised."""

STOP_SECONDS = 0.5
"""How long ffmpeg may take to stop when asked before it is killed."""


def ffmpeg_process(command: Sequence[str], **options: Any) -> subprocess.Popen[bytes]:
    """Start ``command`` (no stdin unless given) so that it cannot outlive the kit: in its own
    process group, so a terminal's Ctrl-C reaches only the kit, which stops it and cleans
    up; and on Linux with a parent-death signal, so it is killed if the kit is killed."""
    options.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.Popen(
        list(command),
        preexec_fn=_child_setup(os.getpid()) if os.name == "posix" else None,
        **options,
    )


class ProgressReader:
    """Turns the ``key=value`` lines of ffmpeg's ``-progress`` reports into calls of
    ``report(seconds written)``; chunks may split lines anywhere."""

    def __init__(self, report: Callable[[float], None]) -> None:
        self.report = report
        self._rest = b""

    def __call__(self, chunk: bytes) -> None:
        lines = (self._rest + chunk).split(b"\n")
        self._rest = lines.pop()
        for line in lines:
            key, _, value = line.strip().partition(b"=")
            if key == b"out_time_us" and value.lstrip(b"-").isdigit():
                self.report(max(int(value), 0) / 1_000_000)


def wait_for(
    process: subprocess.Popen[bytes], *, on_stdout: Callable[[bytes], None] | None = None
) -> tuple[str, str]:
    """``process``'s output (stdout, stderr) once it ends; ``on_stdout`` (if given) gets
    stdout's chunks as they come instead. The wait wakes every ``POLL_SECONDS``: an
    interrupt that is not a signal to this thread (``_thread.interrupt_main``, a signal
    another thread caught) is raised only when Python runs, and a blocked wait would hold
    it until the film is done."""
    output: dict[int, list[bytes]] = {}
    with selectors.DefaultSelector() as selector:
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                selector.register(stream, selectors.EVENT_READ)
                output[stream.fileno()] = []
        while selector.get_map():
            for key, _ in selector.select(timeout=POLL_SECONDS):
                data = os.read(key.fd, 65536)
                if data and on_stdout is not None and key.fileobj is process.stdout:
                    on_stdout(data)
                elif data:
                    output[key.fd].append(data)
                else:
                    selector.unregister(key.fileobj)
    while True:  # it has closed its output, so it is ending
        try:
            process.wait(timeout=POLL_SECONDS)
            break
        except subprocess.TimeoutExpired:
            continue
    texts = [
        b"".join(output.get(s.fileno(), [])).decode("utf-8", "replace") if s else ""
        for s in (process.stdout, process.stderr)
    ]
    for stream in (process.stdout, process.stderr):  # read to the end: let the pipes go
        if stream is not None:
            stream.close()
    return texts[0], texts[1]


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Stop a child and wait until it is gone: ask (SIGTERM), then kill after
    ``STOP_SECONDS``. Another interrupt meanwhile (a second Ctrl-C) only hurries the kill;
    it is not raised, as the first is already on its way."""
    while True:
        try:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            break
        except KeyboardInterrupt:
            with contextlib.suppress(OSError):
                process.kill()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


def _child_setup(parent: int) -> Callable[[], None]:
    """What the child does between fork and exec: its own process group, and (Linux) the
    parent-death signal, checked against a parent that died before it was set."""
    prctl = _prctl()

    def setup() -> None:
        os.setpgid(0, 0)
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
            if os.getppid() != parent:  # the kit died before the signal was armed
                os._exit(1)

    return setup


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """Linux's ``prctl`` from the C library, looked up before forking; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function: Callable[..., int] = libc.prctl
    except (OSError, AttributeError):  # pragma: no cover - a C library without prctl
        return None
    return function


#: The most bytes ``read_all`` takes at a time: a read takes what the pipe holds, so a bar
#: moves on and an interrupt is heard while ffmpeg is still working.
READ_CHUNK = 1 << 22


def read_all(stream: IO[bytes], heard: Callable[[int], None] = lambda got: None) -> bytes:
    """Everything ``stream`` (ffmpeg's output) gives, read as it comes, with one join at the
    end; ``heard`` is told the bytes read so far."""
    chunks: list[bytes] = []
    got = 0
    with stream:
        while chunk := stream.read1(READ_CHUNK):  # type: ignore[attr-defined]
            chunks.append(chunk)
            got += len(chunk)
            heard(got)
    return b"".join(chunks)


def piped_output(
    command: Sequence[str], heard: Callable[[int], None] = lambda got: None
) -> tuple[bytes, int, str]:
    """Run ``command`` (ffmpeg writing to stdout) and return its output, exit status and
    what it said on stderr; ``heard`` is told the bytes read so far. Stderr goes to a
    file, so a chatty ffmpeg cannot block; an interrupt stops ffmpeg before it is raised."""
    with tempfile.TemporaryFile() as errors:
        process = ffmpeg_process(command, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        try:
            data = read_all(process.stdout, heard)
        except BaseException:  # e.g. the kernel interrupted: leave no ffmpeg behind
            stop_process(process)
            raise
        code = process.wait()
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace")
    return data, code, said


def last_words(stderr: str, lines: int = 3) -> str:
    """The end of ffmpeg's complaint, which usually says what went wrong."""
    said = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    return " / ".join(said[-lines:]) or "ffmpeg gave no reason"


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

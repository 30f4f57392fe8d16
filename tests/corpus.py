"""Runs the bad-input corpus fast and under limits: one server process imports the kit once,
then forks a child for each case, which runs the command line's ``main`` exactly as
``python -m vigkit`` does, with a memory limit (RLIMIT_AS) and a time limit.

The child is the leader of its own process group, so a case that overruns its time is
killed with every ffmpeg it started. Run as ``python tests/corpus.py --serve``; the test
talks to it in JSON lines (one case in, one result out).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MEMORY_LIMIT_BYTES = 1 << 30  # 1 GB of address space for each case
TIME_LIMIT_SECONDS = 10.0


@dataclass(frozen=True)
class CaseResult:
    """What one case did: exit status, output, how long it took and how much it used."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    timed_out: bool


def _run_child(args: list[str], cwd: str, memory: int, out: int, err: int, code: str) -> None:
    """In the forked child: limits, folder, output files, then the command line (or, for
    the runner's own test, a line of Python)."""
    os.setpgid(0, 0)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.chdir(cwd)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.argv = [str(Path(sys.executable).parent / "vigkit"), *args]
    status = 1
    try:
        if code:
            exec(code, {})
            status = 0
        else:
            from vigkit.cli.main import main

            status = main(args)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    except BaseException as error:
        import traceback

        traceback.print_exception(error)
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def run_case(
    args: list[str], cwd: str, memory: int, timeout: float, code: str = ""
) -> dict[str, Any]:
    """Fork, run one case, wait at most ``timeout`` seconds; the result as a dict."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _run_child(args, cwd, memory, out.fileno(), err.fileno(), code)
        timed_out = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > timeout:
                timed_out = True
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                done, status, usage = os.wait4(pid, 0)
                break
            time.sleep(0.005)
        seconds = time.monotonic() - start
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # ffmpeg or other children left behind by the case
        out.seek(0)
        err.seek(0)
        return {
            "returncode": os.waitstatus_to_exitcode(status),
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
            "seconds": seconds,
            "max_rss_mb": usage.ru_maxrss / 1024,
            "timed_out": timed_out,
        }


def serve() -> None:
    """Import the kit once, then run cases read as JSON lines from stdin."""
    import vigkit.cli.main  # noqa: F401 - imported before forking, so each case starts fast

    for line in sys.stdin:
        case = json.loads(line)
        result = run_case(
            case["args"], case["cwd"], case["memory"], case["timeout"], case.get("code", "")
        )
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


class CorpusRunner:
    """The test's side: starts the server and sends it one case at a time."""

    def __init__(self) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        self._server = subprocess.Popen(
            [sys.executable, __file__, "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )

    def run(
        self,
        args: list[str],
        cwd: Path,
        memory: int = MEMORY_LIMIT_BYTES,
        timeout: float = TIME_LIMIT_SECONDS,
        code: str = "",
    ) -> CaseResult:
        """Run ``vigkit ARGS`` in ``cwd`` under the limits (or ``code``, to test the runner)."""
        assert self._server.stdin is not None and self._server.stdout is not None
        request = {
            "args": args,
            "cwd": str(cwd),
            "memory": memory,
            "timeout": timeout,
            "code": code,
        }
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        ready, _, _ = select.select([self._server.stdout], [], [], timeout + 30)
        assert ready, "the corpus server stopped answering"
        line = self._server.stdout.readline()
        assert line, f"the corpus server died (exit {self._server.poll()})"
        return CaseResult(**json.loads(line))

    def close(self) -> None:
        """Stop the server."""
        if self._server.stdin is not None:
            self._server.stdin.close()
        self._server.wait(timeout=30)


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve()

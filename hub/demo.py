"""A local demo JupyterHub for the vigkit course: a supervisor and three trainees on 127.0.0.1.

``make hub`` (or ``python hub/demo.py``) lays out a demo folder (``hub-demo/``: the shared,
read-only course, one home per user, the course's exchange and ``cohort.yaml``), starts
JupyterHub (``hub/jupyterhub_config.py``: dummy login with the printed password, the simple
local spawner, the Python ``configurable-http-proxy``) and on Ctrl-C stops the hub, its
proxy, every single-user server and kernel: each carries ``$VIGKIT_HUB_DEMO`` (the demo
folder), so none is left running. A demo only: every user runs as the same Unix user.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from vigkit.cohort import create_course

REPO = Path(__file__).resolve().parents[1]
CONFIG = Path(__file__).resolve().with_name("jupyterhub_config.py")
COURSE = "vig-demo"  # the course id; it names the hub groups
SUPERVISORS = ("s01",)
TRAINEES = ("t01", "t02", "t03")
USERS = SUPERVISORS + TRAINEES
#: Every process of a demo hub has this variable, set to the demo folder.
MARKER = "VIGKIT_HUB_DEMO"
#: The course parts every user reads and nobody changes (hard links into each home).
SHARED = ("exercises", "media/practice", "examples")
#: The course part each user gets a copy of, to run and save (never overwritten).
OWN = ("notebooks",)
START_TIMEOUT = 60.0  # seconds for the hub to answer
STOP_TIMEOUT = 40.0  # seconds for the hub to stop its servers and proxy


def groups() -> dict[str, list[str]]:
    """The hub groups of the course: ``{course}-supervisors`` and ``{course}-trainees``."""
    return {f"{COURSE}-supervisors": list(SUPERVISORS), f"{COURSE}-trainees": list(TRAINEES)}


def _read_only(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    folder.chmod(0o555)


def _writable(folder: Path) -> None:
    if folder.exists():
        for path in (folder, *folder.rglob("*")):
            if path.is_dir():
                path.chmod(0o755)


def _remove(folder: Path) -> None:
    _writable(folder)
    shutil.rmtree(folder, ignore_errors=True)


def prepare_root(root: Path) -> None:
    """The demo folder: ``course/`` (a read-only copy of this checkout's course),
    ``home/``, ``exchange/`` and ``cohort.yaml`` (course ``vig-demo``), ``hub/`` (state)."""
    course = root / "course"
    _remove(course)
    for part in SHARED + OWN:
        shutil.copytree(REPO / part, course / part)
    _read_only(course)
    for folder in ("home", "exchange", "hub"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    exchange = root / "exchange"
    (root / "cohort.yaml").write_text(f"course: {COURSE}\nexchange: {exchange}\n", encoding="utf-8")
    if not (exchange / COURSE).exists():  # the roster: pseudonyms, as the notebooks use them
        create_course(
            COURSE,
            exchange,
            supervisors=[name.upper() for name in SUPERVISORS],
            trainees=[name.upper() for name in TRAINEES],
        )


def prepare_home(root: Path, name: str) -> Path:
    """``home/NAME/course``: the user's own copy of the notebooks (made once) and the
    shared course files as read-only hard links (the same bytes on disk, served by the
    user's own server; a hard link, not a symbolic one, so nothing leads outside the
    home). Returns the home."""
    home = root / "home" / name
    course = home / "course"
    for part in SHARED:
        target = course / part
        _remove(target)
        for source in sorted((root / "course" / part).rglob("*")):
            path = target / source.relative_to(root / "course" / part)
            if source.is_dir():
                path.mkdir(parents=True, exist_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, path)
            except OSError:  # another file system: a copy
                shutil.copy2(source, path)
        _read_only(target)
    for part in OWN:
        if not (course / part).exists():
            shutil.copytree(root / "course" / part, course / part)
            _writable(course / part)
            for path in (course / part).rglob("*"):
                if path.is_file():
                    path.chmod(0o644)
    (home / "vigkit-work").mkdir(exist_ok=True)
    return home


def demo_processes(root: Path) -> list[int]:
    """Running processes (not zombies) of the demo hub in ``root``, by ``$VIGKIT_HUB_DEMO``."""
    wanted = f"{MARKER}={root}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes().split(b"\0")
            state = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if wanted in environ and state != "Z":
            found.append(int(entry))
    return found


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.HTTPError):
        return False


def start_hub(
    root: Path, port: int, password: str, *, expose_app: bool = False
) -> subprocess.Popen[bytes]:
    """Start JupyterHub for the demo in ``root`` (logs in ``hub/jupyterhub.log``)."""
    env = dict(os.environ)
    env.update(
        {
            MARKER: str(root),
            "VIGKIT_HUB_PORT": str(port),
            "VIGKIT_HUB_HUB_PORT": str(free_port()),
            "VIGKIT_HUB_API_PORT": str(free_port()),
            "VIGKIT_HUB_PASSWORD": password,
            "VIGKIT_HUB_EXPOSE_APP": "1" if expose_app else "",
        }
    )
    log = (root / "hub" / "jupyterhub.log").open("ab")
    with log:
        return subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
            cwd=root / "hub",
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the launcher, which stops it in order
        )


def describe(pid: int) -> str:
    """``PID command line`` (shortened), to say which process it is."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        command = "?"
    return f"{pid} {command[:120].strip()}"


def stop_hub(hub: subprocess.Popen[bytes], root: Path) -> list[str]:
    """Stop the hub (it stops its servers and proxy), then end anything of the demo still
    running. Returns the processes that had to be ended that way (``describe``)."""
    if hub.poll() is None:
        hub.send_signal(signal.SIGTERM)
        try:
            hub.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(hub.pid, signal.SIGKILL)
            hub.wait()
    deadline = time.monotonic() + 5  # kernels may take a moment after their server
    while demo_processes(root) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [describe(pid) for pid in demo_processes(root)]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in demo_processes(root):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 5
        while demo_processes(root) and time.monotonic() < deadline:
            time.sleep(0.1)
    return left


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO / "hub-demo", help="the demo folder")
    parser.add_argument("--port", type=int, default=int(os.environ.get("HUB_PORT", "8000")))
    parser.add_argument("--password", default=os.environ.get("HUB_PASSWORD") or None)
    parser.add_argument(
        "--expose-app", action="store_true", help="window.jupyterapp in JupyterLab (tests)"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    password = args.password or secrets.token_urlsafe(9)
    if demo_processes(root):
        print(f"a demo hub is already running in {root}; stop it first (Ctrl-C)", file=sys.stderr)
        return 2
    prepare_root(root)
    pid_file = root / "hub" / "launcher.pid"  # for `make hub-stop`
    pid_file.write_text(f"{os.getpid()}\n", encoding="utf-8")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    hub = start_hub(root, args.port, password, expose_app=args.expose_app)
    url = f"http://127.0.0.1:{args.port}/"
    deadline = time.monotonic() + START_TIMEOUT
    while not _answers(url + "hub/api/") and not stop.is_set():
        if hub.poll() is not None or time.monotonic() > deadline:
            stop_hub(hub, root)
            pid_file.unlink(missing_ok=True)
            print(f"the hub did not start; see {root / 'hub' / 'jupyterhub.log'}", file=sys.stderr)
            return 1
        time.sleep(0.2)
    people = ", ".join(f"{n} (supervisor)" for n in SUPERVISORS) + ", " + ", ".join(TRAINEES)
    print(
        f"vigkit demo hub: {url}\n  users: {people} (trainees)\n  password: {password}\n"
        f"  homes: {root / 'home'}; exchange: {root / 'exchange'}\n"
        f"  log: {root / 'hub' / 'jupyterhub.log'}\n  Ctrl-C stops it.",
        flush=True,
    )
    while not stop.wait(0.2):
        if hub.poll() is not None:
            print(f"the hub stopped; see {root / 'hub' / 'jupyterhub.log'}", file=sys.stderr)
            break
    left = stop_hub(hub, root)
    pid_file.unlink(missing_ok=True)
    forced = f" ({len(left)} ended by force: {'; '.join(left)})" if left else ""
    print(f"stopped: hub, proxy and servers{forced}")
    return 0 if hub.returncode in (0, -signal.SIGTERM) or stop.is_set() else 1


if __name__ == "__main__":
    sys.exit(main())

"""The demo JupyterHub (``hub/demo.py``, as ``make hub`` starts it) for tests and benchmarks.

``running_hub`` starts the launcher on a free loopback port in a throw-away demo folder and
stops it as Ctrl-C would, then lists any process of the demo still running (there must be
none) and ends them. ``login`` signs a browser context in through the hub's real login
form; ``HubLab`` lets ``browser.NotebookTab`` open a notebook on a user's server.

Use the fixtures (``hub``) with ``pytest_plugins = ["browser", "hub"]`` in a test module.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hub"))

import demo  # noqa: E402  (hub/demo.py)

PASSWORD = "vigkit-hub-test"
START_TIMEOUT = 90.0  # seconds for the hub to answer
STOP_TIMEOUT = 60.0  # seconds for Ctrl-C to stop hub, proxy, servers and kernels


@dataclass
class Hub:
    """A running demo hub: where it is, its folder, and how it was started."""

    origin: str  # http://127.0.0.1:PORT
    root: Path
    process: subprocess.Popen[bytes]
    log: Path
    password: str = PASSWORD
    left_running: list[int] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def home(self, name: str) -> Path:
        return self.root / "home" / name

    def logs(self) -> str:
        """The launcher's output and the hub's log (for failure messages)."""
        hub_log = self.root / "hub" / "jupyterhub.log"
        text = self.log.read_text(errors="replace")
        return text + (hub_log.read_text(errors="replace")[-6000:] if hub_log.exists() else "")

    def stop(self) -> list[int]:
        """Ctrl-C (SIGINT to the launcher's process group), then wait; the processes of the
        demo still running after that (ended here) are returned and kept in
        ``left_running``."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.left_running = demo.demo_processes(self.root)
            for pid in self.left_running:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        return self.left_running


@contextlib.contextmanager
def running_hub(root: Path, port: int | None = None) -> Iterator[Hub]:
    """Start the demo hub in ``root`` (as ``make hub`` does, JupyterLab's app exposed to
    tests) on a free loopback port; stop it after."""
    from browser import free_port

    port = port or free_port()
    root.mkdir(parents=True, exist_ok=True)
    log_path = root / "launcher.log"
    args = [sys.executable, str(REPO / "hub" / "demo.py"), "--root", str(root)]
    args += ["--port", str(port), "--password", PASSWORD, "--expose-app"]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            args,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", root.resolve(), process, log_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while "Ctrl-C stops it" not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the demo hub did not start:\n{hub.logs()}")
            time.sleep(0.2)
        yield hub
    finally:
        hub.stop()


@dataclass(frozen=True)
class HubLab:
    """A user's server on the hub, as ``browser.NotebookTab`` opens notebooks on it (the
    browser's hub cookies sign it in: no token in the address)."""

    hub: Hub
    user: str

    @property
    def base_url(self) -> str:
        return f"/user/{self.user}/"

    @property
    def root(self) -> Path:
        return self.hub.home(self.user)

    def url(self, path: str = "") -> str:
        return self.hub.url(self.base_url + path)

    def notebook_url(self, notebook: str) -> str:
        """The notebook in a JupyterLab workspace of its own (so it is the one shown)."""
        return self.url(f"lab/workspaces/{Path(notebook).stem}/tree/{quote(notebook)}")


def login(context: Any, hub: Hub, user: str, *, spawn: bool = False) -> Any:
    """Sign ``user`` in through the hub's login form in a new tab of ``context``; the tab
    then shows the hub's home page, or (``spawn``) the hub starts the user's server and
    the tab shows their JupyterLab."""
    lands = f"/user/{user}/lab" if spawn else "/hub/home"
    next_url = f"/hub/spawn?next={quote(lands)}" if spawn else lands
    page = context.new_page()
    page.goto(hub.url(f"hub/login?next={quote(next_url, safe='')}"))
    page.fill("#username_input", user)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(lambda url: urlsplit(url).path.startswith(lands), timeout=150_000)
    return page


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """One demo hub for the test module (started once: each user's server costs seconds)."""
    with running_hub(tmp_path_factory.mktemp("hub") / "hub-demo") as running:
        yield running

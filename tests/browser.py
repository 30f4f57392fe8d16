"""A real JupyterLab (or Voilà) in headless Chromium, for widget tests and benchmarks.

``running_lab`` starts ``jupyter lab`` on loopback in a throw-away setup (its own config,
data and runtime folders, a workspace inside the server root, the kit's privacy settings
from ``etc/jupyter``, optionally under a JupyterHub-like base URL). The ``chromium`` and
``page`` fixtures drive Debian's Chromium (never a downloaded browser); helpers write a
notebook, open it, run its cells and save it through JupyterLab's own commands.
``running_voila`` starts standalone Voilà the same way (``start_voila`` fixture).

Use the fixtures (``page``, ``start_lab``, ``open_notebook``) with
``pytest_plugins = ["browser"]`` in a test module; import nothing else from here at run
time there (pytest must load this module as a plugin first).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SKIP_ENV = "VIGKIT_SKIP_BROWSER"
TOKEN = "vigkit-browser-token"
START_TIMEOUT = 90.0  # seconds for JupyterLab to answer (first start on a busy machine)


def chromium_path() -> Path:
    """Debian's Chromium; without it the browser tests fail loudly (or skip if told to)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{CHROMIUM} is missing and {SKIP_ENV}=1")
    pytest.fail(
        f"the browser tests need Chromium at {CHROMIUM}: install it with "
        f"'apt-get install chromium' (or set {SKIP_ENV}=1 to skip them)",
        pytrace=False,
    )


def free_port() -> int:
    """A loopback port nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: where it serves from and how to reach it."""

    origin: str  # http://127.0.0.1:PORT
    base_url: str  # "/" or "/user/trainee/"
    root: Path
    log: Path
    token: str = TOKEN

    def url(self, path: str = "", **query: str) -> str:
        """``path`` under the base URL, with the token."""
        params = "&".join(f"{k}={quote(v)}" for k, v in {**query, "token": self.token}.items())
        return f"{self.origin}{self.base_url}{path}?{params}"

    def notebook_url(self, notebook: str) -> str:
        """Where JupyterLab opens ``notebook`` (relative to the root)."""
        return self.url(f"lab/tree/{quote(notebook)}")

    def write_notebook(self, notebook: str, cells: list[str]) -> Path:
        """Write a notebook of code cells at ``notebook`` (relative to the root)."""
        return write_notebook(self.root / notebook, cells)


def lab_env(scratch: Path, root: Path) -> dict[str, str]:
    """The environment of a throw-away JupyterLab: nothing of the user's is read or written."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JUPYTER_", "JPY_")) and key != "VIGKIT_SERVER_ROOT"
    }
    for name in ("config", "data", "runtime"):
        (scratch / name).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(scratch / "config"),
        JUPYTER_DATA_DIR=str(scratch / "data"),
        JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
        # the kit's own settings, as `make lab` uses them (no news, no update checks)
        JUPYTER_CONFIG_PATH=str(REPO / "etc" / "jupyter"),
        VIGKIT_WORKSPACE=str(root / "vigkit-work"),
        PYTHONUNBUFFERED="1",
    )
    return env


@contextlib.contextmanager
def running_lab(root: Path, scratch: Path, base_url: str = "/") -> Iterator[Lab]:
    """Start JupyterLab serving ``root`` (logs and settings in ``scratch``); stop it after."""
    port = free_port()
    log_path = scratch / "lab.log"
    scratch.mkdir(parents=True, exist_ok=True)
    args = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.base_url={base_url}",
        f"--IdentityProvider.token={TOKEN}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run JupyterLab commands
    ]
    if os.getuid() == 0:
        args.append("--allow-root")  # containers and CI run as root
    with log_path.open("w") as log:
        server = subprocess.Popen(
            args,
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=lab_env(scratch, root),
            start_new_session=True,
        )
    lab = Lab(f"http://127.0.0.1:{port}", base_url, root, log_path)
    try:
        _wait_until_up(lab, server)
        yield lab
    finally:
        _stop(server)


def _wait_until_up(
    lab: Lab, server: subprocess.Popen[bytes], path: str = "api/status", what: str = "JupyterLab"
) -> None:
    """Wait until ``path`` answers (for Voilà, any HTTP answer, even an error, will do)."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(lab.url(path), timeout=5) as response:
                if path == "api/status":
                    json.loads(response.read())
                return
        except urllib.error.HTTPError:
            if path != "api/status":
                return
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"{what} stopped:\n{lab.log.read_text()}") from None
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"{what} did not answer in {START_TIMEOUT:.0f} s:\n{lab.log.read_text()}"
            ) from None
        time.sleep(0.25)


def _stop(server: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@dataclass(frozen=True)
class Voila(Lab):
    """A running standalone Voilà: one notebook (``notebook``) or the whole root (tree)."""

    notebook: str | None = None

    def page_url(self, notebook: str) -> str:
        """Where Voilà shows ``notebook`` (relative to the root), rendered as an app."""
        if self.notebook is not None:
            assert notebook == self.notebook, f"this Voilà shows {self.notebook} only"
            return self.url()
        return self.url(f"voila/render/{quote(notebook)}")


@contextlib.contextmanager
def running_voila(
    root: Path, scratch: Path, base_url: str = "/", notebook: str | None = None
) -> Iterator[Voila]:
    """Start standalone Voilà serving ``root`` with the kit's settings; stop it after.

    Without ``notebook``: ``voila ROOT`` (every notebook, at ``voila/render/PATH``). With
    it: ``voila --Voila.root_dir=ROOT ROOT/NOTEBOOK`` and ``$VIGKIT_SERVER_ROOT``, as
    ``make voila NB=...`` starts it (the notebook at the base URL).
    """
    port = free_port()
    log_path = scratch / "voila.log"
    scratch.mkdir(parents=True, exist_ok=True)
    env = lab_env(scratch, root)
    args = [
        sys.executable,
        "-m",
        "voila",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--Voila.port={port}",
        f"--Voila.base_url={base_url}",
        f"--Voila.root_dir={root}",
        str(root / notebook) if notebook else str(root),
    ]
    if notebook:
        env["VIGKIT_SERVER_ROOT"] = str(root)
    with log_path.open("w") as log:
        server = subprocess.Popen(
            args,
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    voila = Voila(f"http://127.0.0.1:{port}", base_url, root, log_path, notebook=notebook)
    try:
        _wait_until_up(voila, server, "voila/api/themes/", "Voilà")
        yield voila
    finally:
        _stop(server)


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A Python 3 notebook of code cells, as a person would save it."""
    notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]  # type: ignore[no-untyped-call]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)  # type: ignore[no-untyped-call]
    return path


# ------------------------------------------------------------------ JupyterLab, driven

_NOTEBOOK = "window.jupyterapp.shell.currentWidget"

_OPENED = f"""async () => {{
  await window.jupyterapp.restored;
  const panel = {_NOTEBOOK};
  await panel.context.ready;
  await panel.sessionContext.ready;
  return true;
}}"""

# True once the kernel is idle and every code cell whose count is given has run again.
_IDLE = f"""(counts) => {{
  const panel = {_NOTEBOOK};
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== "idle") return false;
  return panel.content.widgets.every((cell, i) =>
    cell.model.type !== "code" || counts[i] === "skip" ||
    (cell.model.executionCount !== null && cell.model.executionCount !== counts[i]));
}}"""

_PROBLEMS = f"""() => {{
  const panel = {_NOTEBOOK};
  const found = [];
  panel.content.widgets.forEach((cell, i) => {{
    if (cell.model.type !== "code") return;
    for (const output of cell.model.outputs.toJSON()) {{
      if (output.output_type === "error") found.push(`cell ${{i}}: ${{output.evalue}}`);
      if (output.name === "stderr") found.push(`cell ${{i}}: stderr: ${{output.text}}`);
    }}
  }});
  const text = panel.content.node.innerText;
  for (const bad of ["Error displaying widget", "Failed to load model", "Traceback",
                     "could not be loaded"])
    if (text.includes(bad)) found.push(bad);
  return found;
}}"""

_COUNTS = f"""() => {_NOTEBOOK}.content.widgets.map((cell) =>
  cell.model.type === "code" ? cell.model.executionCount : null)"""
# Forgets the counts a saved notebook carries, so a new run's counts always differ (a fresh
# kernel numbers the cells 1, 2, ... again, just as they were saved).
_FORGET_COUNTS = f"""() => {_NOTEBOOK}.content.widgets.map((cell) => {{
  if (cell.model.type === "code") cell.model.executionCount = null;
  return null;
}})"""


class NotebookTab:
    """A notebook open in JupyterLab in a Playwright ``page``, driven by JupyterLab's own
    commands (``window.jupyterapp``): run all, run one cell, save."""

    def __init__(self, page: Any, lab: Lab, notebook: str, timeout: float = 60) -> None:
        self.page = page
        page.goto(lab.notebook_url(notebook))
        page.wait_for_function(
            f"() => window.jupyterapp && {_NOTEBOOK} && {_NOTEBOOK}.sessionContext",
            timeout=timeout * 1000,
        )
        page.evaluate(_OPENED)
        page.wait_for_function(
            f"() => {{ const k = {_NOTEBOOK}.sessionContext.session?.kernel;"
            " return k && k.status === 'idle'; }",
            timeout=timeout * 1000,
        )

    def run_all(self, timeout: float = 60) -> None:
        """Run every cell (JupyterLab's Run All) and wait until each has run."""
        counts = self.page.evaluate(_FORGET_COUNTS)
        self.page.evaluate(
            "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
        )
        self.page.wait_for_function(_IDLE, arg=counts, timeout=timeout * 1000)

    def run_cell(self, index: int, timeout: float = 30) -> str:
        """Run cell ``index`` and return the text of its output."""
        counts = self.page.evaluate(_COUNTS)
        wanted = [c if i == index else "skip" for i, c in enumerate(counts)]
        self.page.evaluate(
            f"""(i) => {{
              {_NOTEBOOK}.content.activeCellIndex = i;
              window.jupyterapp.commands.execute('notebook:run-cell');
            }}""",
            index,
        )
        self.page.wait_for_function(_IDLE, arg=wanted, timeout=timeout * 1000)
        return str(
            self.page.evaluate(
                f"(i) => {_NOTEBOOK}.content.widgets[i].outputArea.node.innerText", index
            )
        )

    def execute(self, code: str, timeout: float = 30) -> None:
        """Run ``code`` in the notebook's kernel, as a cell would, without adding a cell."""
        self.page.evaluate(
            f"""async (code) => {{
              const kernel = {_NOTEBOOK}.sessionContext.session.kernel;
              const reply = await kernel.requestExecute({{ code }}).done;
              if (reply.content.status !== "ok") throw new Error(reply.content.evalue);
            }}""",
            code,
        )

    def problems(self) -> list[str]:
        """What a run left in the notebook: error outputs, stderr and widget failures."""
        found: list[str] = self.page.evaluate(_PROBLEMS)
        return found

    def active_cell(self) -> int:
        """The index of the notebook's active cell."""
        return int(self.page.evaluate(f"() => {_NOTEBOOK}.content.activeCellIndex"))

    def save(self, timeout: float = 20) -> None:
        """Save the notebook (File > Save) and wait until it is on disk."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        self.page.wait_for_function(
            f"() => !{_NOTEBOOK}.context.model.dirty", timeout=timeout * 1000
        )


def read_operations(path: Path, count: int, timeout: float = 15) -> list[dict[str, Any]]:
    """A tagging journal's operations once it has ``count`` of them (or after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = path.read_text(encoding="utf-8").splitlines()[1:] if path.exists() else []
        if len(lines) >= count or time.monotonic() > deadline:
            return [json.loads(line) for line in lines]
        time.sleep(0.1)


# ------------------------------------------------------------------ fixtures


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the course (notebooks, exercises, practice films) to serve and run, so the
    checkout's notebooks and workspace are never touched."""
    root = tmp_path / "course"
    for folder in ("notebooks", "exercises", "media/practice", "examples"):
        shutil.copytree(REPO / folder, root / folder)
    monkeypatch.setenv("VIGKIT_COURSE_DIR", str(root))
    return root


@pytest.fixture
def journal_operations() -> Callable[..., list[dict[str, Any]]]:
    """``journal_operations(path, count)``: the journal's operations once it has ``count``."""
    return read_operations


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright, shared by the session's tests."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # WebGL (ipyvolume) in a headless browser without a GPU runs on SwiftShader, which
        # Chromium keeps only behind this switch as it phases out the automatic fallback.
        browser = playwright.chromium.launch(
            executable_path=str(executable),
            headless=True,
            # no background networking: this machine's closed network refuses it noisily
            args=["--no-sandbox", "--enable-unsafe-swiftshader", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def start_lab(tmp_path: Path) -> Iterator[Callable[..., Lab]]:
    """``start_lab(root, base_url="/")`` starts a JupyterLab that is stopped after the test."""
    with contextlib.ExitStack() as stack:

        def start(root: Path, base_url: str = "/") -> Lab:
            scratch = Path(tempfile.mkdtemp(prefix="lab-", dir=tmp_path))
            return stack.enter_context(running_lab(root, scratch, base_url))

        yield start


@pytest.fixture
def start_voila(tmp_path: Path) -> Iterator[Callable[..., Voila]]:
    """``start_voila(root, base_url="/", notebook=None)`` starts a standalone Voilà that is
    stopped after the test (see ``running_voila``)."""
    with contextlib.ExitStack() as stack:

        def start(root: Path, base_url: str = "/", notebook: str | None = None) -> Voila:
            scratch = Path(tempfile.mkdtemp(prefix="voila-", dir=tmp_path))
            return stack.enter_context(running_voila(root, scratch, base_url, notebook))

        yield start


@pytest.fixture
def open_notebook(page: Any) -> Callable[[Lab, str], NotebookTab]:
    """``open_notebook(lab, "folder/name.ipynb")`` opens it in the test's browser tab."""
    return lambda lab, notebook: NotebookTab(page, lab, notebook)


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies and cache) at a laptop's size."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()

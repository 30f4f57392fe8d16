"""`make lab-headless` starts a real JupyterLab on loopback that opens the start notebook,
with the kit's privacy settings (no news, no update checks) in force."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "vigkit-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode())


def status(url: str) -> int:
    """The HTTP status a plain GET gets (errors included), without following redirects."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=5)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.slow
def test_make_lab_headless_serves_the_start_notebook_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "lab-headless",
            f"LAB_PORT={port}",
            f"LAB_ARGS=--IdentityProvider.token={TOKEN}",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "VIGKIT_WORKSPACE": str(tmp_path / "work")},
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "lab.log").read_text()
                assert time.monotonic() < deadline, "JupyterLab did not start in 120 s"
                time.sleep(0.5)
        notebook = json.loads(
            get(f"{base}/api/contents/notebooks/00_start_here.ipynb?token={TOKEN}")
        )
        assert notebook["type"] == "notebook"
        page = get(f"{base}/lab/tree/notebooks/00_start_here.ipynb?token={TOKEN}")
        config = json.loads(
            re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)[1]  # type: ignore[index]
        )
        assert "@jupyterlab/apputils-extension:announcements" in config["disabledExtensions"]
        assert config["news"] == {"disabled": True}
        # The server listens on loopback only: the films are not offered to the network.
        log_text = (tmp_path / "lab.log").read_text()
        assert f"http://127.0.0.1:{port}/lab" in log_text
        assert "doctor" not in log_text or "OK: the kit is ready" in log_text
        assert "Extension Manager is 'readonly'" in log_text  # does not query PyPI
        # Voila's server extension is off in the lab: its /voila/files/ would serve films
        # with no token and no Host check. The lab's own /files/ asks for the token.
        film = "media/practice/baby-floor-faces.mp4"
        assert status(f"{base}/voila/files/{film}") == 404
        assert status(f"{base}/files/{film}") == 302  # to the login page
        assert status(f"{base}/files/{film}?token={TOKEN}") == 200
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

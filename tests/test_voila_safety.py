"""``make voila`` serves safely, asked with the real ``curl`` (urllib if there is none):
a random token in the printed address, nothing without it, a foreign ``Host`` or
``Origin`` refused (DNS rebinding), the workspace's exports, reels, proxies, codings and
hidden folders never served, and a practice film or the user's own film served with
range requests. Voilà is started by ``make voila`` itself (``-o media``: the practice
films are not built), on a free loopback port, serving a throw-away kit folder."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from vigkit.coding.workspace import Workspace

from films import make_film

if TYPE_CHECKING:
    from browser import Voila

pytest_plugins = ["browser"]

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = "course/show.ipynb"
PRACTICE = "media/practice/practice.mp4"
OWN = "vigkit-work/films/own.mp4"
#: Files a kit folder holds that Voilà must never serve (the workspace's private parts,
#: hidden folders, films elsewhere in the kit folder, a link from the films folder).
PRIVATE = {
    "vigkit-work/exports/ana-cycle-1-reel.mp4": "film",
    "vigkit-work/exports/ana-cycle-1-stills/00-00-01.00.png": "film",
    "vigkit-work/exports/ana-own.vtt": "WEBVTT\n\n00:01.000 --> 00:02.000\nnote: mum is upset\n",
    "vigkit-work/exports/ana-own.csv": "clip,coder,note\nown,ana,mum is upset\n",
    "vigkit-work/proxies/own-0123456789.mp4": "film",
    "vigkit-work/codings/own/ana.journal.jsonl": '{"op": "add"}\n',
    "vigkit-work/clips/own.json": '{"source": "/home/ana/films/own.mp4"}\n',
    "vigkit-work/reflections/ana.record.json": "{}\n",
    "vigkit-work/films/.hidden/own.mp4": "film",
    "vigkit-work/films/notes.vtt": "WEBVTT\n",
    ".secret/film.mp4": "film",
    "films/landscape.mp4": "film",
    "media/practice/practice.reference.csv": "clip,coder,code\n",
    NOTEBOOK: None,  # written as a notebook below
}
LINK = "vigkit-work/films/linked.mp4"  # a link in the films folder to the reel
CURL = shutil.which("curl")


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes


def ask(url: str, headers: dict[str, str] | None = None, cookies: Path | None = None) -> Reply:
    """GET ``url`` as sent (no ``..`` folded, redirects not followed), with ``headers``
    (``Host`` too) and, if given, a cookie jar that is read and written."""
    headers = headers or {}
    if CURL is None:
        return _ask_urllib(url, headers)
    with tempfile.TemporaryDirectory() as scratch:
        head, body = Path(scratch) / "head", Path(scratch) / "body"
        args = [CURL, "-sS", "--path-as-is", "--max-time", "90", "-D", head, "-o", body]
        for name, value in headers.items():
            args += ["-H", f"{name}: {value}"]
        if cookies is not None:
            args += ["-b", cookies, "-c", cookies]
        subprocess.run([*args, url], check=True, timeout=120)
        lines = head.read_text("latin-1").splitlines()
        fields = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
        return Reply(
            int(lines[0].split()[1]),
            {name.strip().lower(): value.strip() for name, value in fields.items()},
            body.read_bytes(),
        )


def _ask_urllib(url: str, headers: dict[str, str]) -> Reply:
    """``ask`` without curl (no cookie jar: the cookie tests need curl)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=90) as response:
            return Reply(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def make_kit_folder(root: Path, film: Path) -> None:
    """A kit folder as people have it: practice films, a workspace with its own films,
    exports, proxies, codings and records, and a notebook to show."""
    from browser import write_notebook  # the plugin is loaded by now

    Workspace(root / "vigkit-work")
    for name, text in PRIVATE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if text == "film":
            shutil.copy(film, path)
        elif text is not None:
            path.write_text(text)
    for name in (PRACTICE, OWN):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(film, root / name)
    (root / LINK).symlink_to(Path("../exports/ana-cycle-1-reel.mp4"))
    write_notebook(root / NOTEBOOK, ["print(6 * 7)"])


def make_voila_command(root: Path, notebook: str, port: int) -> list[str]:
    """``make voila`` for ``notebook``, run in the kit folder ``root`` on ``port`` with
    this interpreter's environment, without building the practice films (``-o media``)."""
    return [
        "make",
        "--no-print-directory",
        "-f",
        str(REPO / "Makefile"),
        "-o",
        "media",
        "voila",
        f"NB={notebook}",
        f"VENV={Path(sys.executable).parent.parent}",
        f"VOILA_PORT={port}",
        "VIGKIT_NO_BROWSER=1",
        "VOILA_ARGS=--Voila.port_retries=0",
    ]


@contextlib.contextmanager
def running_make_voila(root: Path, scratch: Path, notebook: str) -> Iterator[Voila]:
    """``make voila NB=NOTEBOOK`` in ``root``, a kit folder (the kit's ``etc/jupyter``
    settings are copied in; the workspace is ``root/vigkit-work``, the practice films are
    in ``root/media/practice``); the token is read from the address it prints (empty if
    it prints none)."""
    from browser import Voila, _stop, _wait_until_up, free_port, lab_env

    port = free_port()
    scratch.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "etc" / "jupyter", root / "etc" / "jupyter", dirs_exist_ok=True)
    log_path = scratch / "voila.log"
    env = lab_env(scratch, root)
    env.update(VIGKIT_COURSE_DIR=str(root), PYTHONPATH=str(REPO))
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(name, None)
    with log_path.open("w") as log:
        server = subprocess.Popen(
            make_voila_command(root, notebook, port),
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    origin = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(Voila(origin, "/", root, log_path, token=""), server, "voila/api/themes/")
        found = re.search(rf"{re.escape(origin)}/\?token=(\w+)", log_path.read_text())
        yield Voila(origin, "/", root, log_path, found.group(1) if found else "", notebook)
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Voila]:
    """``make voila`` showing a notebook of a throw-away kit folder."""
    root = tmp_path_factory.mktemp("kit")
    film = make_film(tmp_path_factory.mktemp("film") / "film.mp4", seconds=2.0)
    make_kit_folder(root, film)
    with running_make_voila(root, tmp_path_factory.mktemp("voila"), NOTEBOOK) as running:
        yield running


def _film(voila: Voila, name: str, token: bool = True) -> str:
    address = f"{voila.origin}/voila/files/{name}"
    return f"{address}?token={voila.token}" if token else address


@pytest.mark.slow
def test_the_printed_address_carries_a_random_token(voila: Voila) -> None:
    assert re.fullmatch(r"[0-9a-f]{48}", voila.token), voila.log.read_text()
    assert f"{voila.origin}/?token={voila.token}" in voila.log.read_text()
    page = ask(voila.url())
    assert page.status == 200 and b"42" in page.body  # the notebook ran and is shown


@pytest.mark.slow
@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.evil.example",
        "localhost.evil.example:{port}",
    ],
)
def test_a_foreign_host_gets_403(voila: Voila, host: str) -> None:
    port = voila.origin.rsplit(":", 1)[1]
    header = {"Host": host.format(port=port)}
    for url in (
        voila.url(),
        _film(voila, PRACTICE),
        f"{voila.origin}/voila/static/voila.js",
        f"{voila.origin}/api/kernels?token={voila.token}",
    ):
        assert ask(url, header).status == 403, url


@pytest.mark.slow
@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}"])
def test_this_computers_names_are_served(voila: Voila, host: str) -> None:
    port = voila.origin.rsplit(":", 1)[1]
    assert ask(_film(voila, PRACTICE), {"Host": host.format(port=port)}).status == 200


@pytest.mark.slow
def test_without_the_token_nothing_is_served(voila: Voila) -> None:
    film = (voila.root / PRACTICE).read_bytes()
    for url in (
        f"{voila.origin}/",
        f"{voila.origin}/?token=not-the-token",
        _film(voila, PRACTICE, token=False),
        f"{_film(voila, PRACTICE, token=False)}?token=not-the-token",
        f"{voila.origin}/api/kernels",
    ):
        reply = ask(url)
        assert reply.status in (302, 403), url
        assert b"42" not in reply.body and film[:100] not in reply.body
        if reply.status == 302:
            assert "/login" in reply.headers["location"]


@pytest.mark.slow
@pytest.mark.parametrize("name", [PRACTICE, OWN])
def test_a_course_film_is_served_with_range_requests(voila: Voila, name: str) -> None:
    film = (voila.root / name).read_bytes()
    whole = ask(_film(voila, name))
    assert whole.status == 200 and whole.body == film
    assert whole.headers["accept-ranges"] == "bytes"
    part = ask(_film(voila, name), {"Range": "bytes=100-299"})
    assert part.status == 206
    assert part.headers["content-range"] == f"bytes 100-299/{len(film)}"
    assert part.body == film[100:300]


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        *[name for name in PRIVATE if name != NOTEBOOK],
        NOTEBOOK,
        LINK,
        "vigkit-work/vigkit-workspace.json",
        # the way up from an allowed folder, plain and URL-quoted
        "media/practice/../../vigkit-work/exports/ana-cycle-1-reel.mp4",
        "media/practice/%2e%2e/%2e%2e/vigkit-work/exports/ana-cycle-1-reel.mp4",
        "vigkit-work/films/../exports/ana-cycle-1-reel.mp4",
        "vigkit-work/films/%2E%2E/proxies/own-0123456789.mp4",
        "vigkit-work/films//own.mp4/../../exports/ana-own.vtt",
    ],
)
def test_the_workspace_and_hidden_files_are_never_served(voila: Voila, name: str) -> None:
    reply = ask(_film(voila, name))
    assert reply.status in (403, 404), f"{name} was served ({reply.status})"
    assert b"WEBVTT" not in reply.body and b"mum is upset" not in reply.body


@pytest.mark.slow
@pytest.mark.skipif(CURL is None, reason="the cookie jar needs curl")
def test_a_foreign_origin_is_refused_even_with_the_login_cookie(
    voila: Voila, tmp_path: Path
) -> None:
    jar = tmp_path / "cookies"
    assert ask(_film(voila, PRACTICE), cookies=jar).status == 200  # the token logs in
    plain = _film(voila, PRACTICE, token=False)
    assert ask(plain, cookies=jar).status == 200  # the cookie does, as in the browser
    assert ask(plain, {"Origin": voila.origin}, cookies=jar).status == 200
    assert ask(plain, {"Origin": "http://evil.example"}, cookies=jar).status == 403


# ------------------------------------------------------------------ the rules, as data


def test_the_allowlist_holds_the_practice_films_and_the_films_folder_only() -> None:
    from vigkit.course.voila_app import allowed, course_allowlist, course_denylist

    root = Path("/kit")
    rules = (
        course_allowlist(root, root / "media" / "practice", root / "vigkit-work"),
        course_denylist(root, root / "vigkit-work"),
    )
    for name in (
        PRACTICE,
        OWN,
        "media/practice/baby-floor-faces.jpg",
        "vigkit-work/films/a b/c.MOV",
    ):
        assert allowed(name, *rules), name
    for name in [*PRIVATE, "media/practice/../../vigkit-work/exports/r.mp4", "media/x.svg"]:
        assert not allowed(name, *rules), name
    # a workspace elsewhere in the kit folder, or outside it (then nothing of it)
    inner = course_allowlist(root, None, root / "people" / "ana")
    assert allowed(
        "people/ana/films/own.mp4", inner, course_denylist(root, root / "people" / "ana")
    )
    assert course_allowlist(root, None, Path("/home/ana/work")) == []
    # the workspace as the kit folder itself: its private folders are still denied
    top = course_allowlist(root, None, root), course_denylist(root, root)
    assert allowed("films/own.mp4", *top) and not allowed("exports/reel.mp4", *top)


def test_the_kits_voila_json_is_the_launchers_rules_for_its_own_layout() -> None:
    from vigkit.course.voila_app import course_allowlist, course_denylist

    settings = json.loads((REPO / "etc" / "jupyter" / "voila.json").read_text())[
        "VoilaConfiguration"
    ]
    root = REPO
    assert settings["file_allowlist"] == course_allowlist(
        root, root / "media" / "practice", root / "vigkit-work"
    )
    assert settings["file_denylist"] == course_denylist(root, root / "vigkit-work")


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1:8866", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("LOCALHOST:8866", True),
        ("[::1]:8866", True),
        ("evil.example:8866", False),
        ("127.0.0.1.nip.io", False),
        ("192.168.1.5:8866", False),
        ("", False),
    ],
)
def test_local_hosts(host: str, local: bool) -> None:
    from vigkit.course.voila_app import is_local_host

    assert is_local_host(host) is local


def test_an_empty_token_is_refused(tmp_path: Path) -> None:
    notebook = tmp_path / "show.ipynb"
    notebook.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "vigkit.course.voila_app",
            str(notebook),
            "--Voila.token=",
            "--no-browser",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO), "JUPYTER_CONFIG_DIR": str(tmp_path)},
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("vigkit: ") and "token" in done.stderr
    assert done.stdout == ""

"""The Player widget's Python side and how it finds a film's URL on the Jupyter server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from vigkit.core.errors import MediaError, VigkitError
from vigkit.media.moment import Moment
from vigkit.media.probe import probe
from vigkit.widgets import Player, serving
from vigkit.widgets import player as player_module
from vigkit.widgets.serving import (
    SERVER_ROOT_ENV,
    files_url,
    pick_server_root,
    server_root,
    url_path,
    voila_root,
)

# ------------------------------------------------------------------ serving: URL paths


def test_url_path_is_relative_to_the_server_root(tmp_path: Path) -> None:
    film = tmp_path / "films" / "home.mp4"
    assert url_path(film, tmp_path) == "films/home.mp4"
    assert url_path(film, tmp_path / "films") == "home.mp4"
    assert files_url(film, tmp_path) == "/files/films/home.mp4"
    assert files_url(film, tmp_path, "/user/trainee") == "/user/trainee/files/films/home.mp4"
    assert files_url(film, tmp_path, "/user/trainee/") == "/user/trainee/files/films/home.mp4"


def test_url_path_quotes_each_segment(tmp_path: Path) -> None:
    film = tmp_path / "Zoë's films" / "play time #2 100%?.mp4"
    assert url_path(film, tmp_path) == "Zo%C3%AB%27s%20films/play%20time%20%232%20100%25%3F.mp4"
    assert url_path(tmp_path / "日本" / "a b.mp4", tmp_path) == "%E6%97%A5%E6%9C%AC/a%20b.mp4"


def test_url_path_takes_relative_paths_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert url_path("../films/a.mp4", tmp_path) == "films/a.mp4"
    assert url_path("a.mp4", "..") == "notebooks/a.mp4"


def test_a_film_outside_the_root_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "lab").mkdir()
    with pytest.raises(VigkitError) as error:
        url_path(tmp_path / "elsewhere" / "film.mp4", tmp_path / "lab")
    message = str(error.value)
    assert "outside the folder JupyterLab was started in" in message
    assert str(tmp_path / "lab") in message and "Move the film" in message
    with pytest.raises(VigkitError, match="outside"):
        url_path(tmp_path / "lab" / ".." / "film.mp4", tmp_path / "lab")


def test_links_are_followed_as_the_server_follows_them(tmp_path: Path) -> None:
    (tmp_path / "real" / "films").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "escape").symlink_to(tmp_path / "outside")
    # a root given through a link still serves the films inside it
    assert url_path(tmp_path / "real" / "films" / "a.mp4", tmp_path / "link") == "films/a.mp4"
    assert url_path(tmp_path / "link" / "films" / "a.mp4", tmp_path / "real") == "films/a.mp4"
    # a link inside the root that leads outside it is refused by the server: say so now
    with pytest.raises(VigkitError, match="outside"):
        url_path(tmp_path / "real" / "escape" / "a.mp4", tmp_path / "real")


def test_hidden_folders_are_not_served(tmp_path: Path) -> None:
    with pytest.raises(VigkitError, match=r"hidden folders.*'\.cache'"):
        url_path(tmp_path / ".cache" / "a.mp4", tmp_path)
    # a hidden folder above the root does not matter
    assert url_path(tmp_path / ".lab" / "a.mp4", tmp_path / ".lab") == "a.mp4"


# ------------------------------------------------------------------ serving: which server


def _server(pid: int, root: Path, key: str = "root_dir") -> dict[str, Any]:
    return {"pid": pid, key: str(root), "base_url": "/", "url": "http://127.0.0.1:8888/"}


def test_the_server_that_started_the_kernel_wins(tmp_path: Path) -> None:
    servers = [_server(10, tmp_path / "a"), _server(20, tmp_path)]
    film = tmp_path / "a" / "film.mp4"
    assert pick_server_root(servers, film, parent_pid=20) == tmp_path
    assert pick_server_root(servers, film, parent_pid=99) == tmp_path / "a"  # deepest holder
    assert pick_server_root([_server(5, tmp_path, "notebook_dir")], film) == tmp_path


def test_the_notebook_locates_the_server_before_the_film(tmp_path: Path) -> None:
    servers = [_server(10, tmp_path / "course"), _server(20, tmp_path / "films")]
    film = tmp_path / "films" / "a.mp4"
    notebook = str(tmp_path / "course" / "week1.ipynb")
    assert pick_server_root(servers, film, session_path=notebook) == tmp_path / "course"
    assert pick_server_root(servers, film) == tmp_path / "films"
    assert pick_server_root(servers, tmp_path / "x.mp4") is None
    assert pick_server_root([], film) is None


def test_server_root_honours_the_override_then_falls_back_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert server_root("a.mp4", {SERVER_ROOT_ENV: str(tmp_path)}) == tmp_path
    monkeypatch.setattr(serving, "running_servers", lambda: [])
    monkeypatch.chdir(tmp_path)
    assert server_root("a.mp4", {}) == tmp_path
    servers = [_server(os.getppid(), tmp_path / "lab")]
    monkeypatch.setattr(serving, "running_servers", lambda: servers)
    assert server_root("a.mp4", {}) == tmp_path / "lab"


def test_voila_root_comes_from_the_page_that_started_the_kernel(tmp_path: Path) -> None:
    course = tmp_path / "kit" / "course" / "week 1"
    env = {"VOILA_BASE_URL": "/user/ana/"}
    # `voila FOLDER`: the page is <base>voila/render/<path under the root>
    page = {**env, "SCRIPT_NAME": "/user/ana/voila/render/course/week%201/a.ipynb"}
    assert voila_root(page, course) == tmp_path / "kit"
    top = {**env, "SCRIPT_NAME": "/user/ana/voila/render/a.ipynb"}
    assert voila_root(top, tmp_path / "kit") == tmp_path / "kit"
    # `voila NAME.ipynb` (the page is the base URL), or a page that does not fit: the
    # notebook's folder, Voilà's own default root
    assert voila_root({**env, "SCRIPT_NAME": "/user/ana/"}, course) == course
    other = {**env, "SCRIPT_NAME": "/user/ana/voila/render/elsewhere/a.ipynb"}
    assert voila_root(other, course) == course
    assert voila_root({}, course) == course


def test_standalone_voila_is_not_mistaken_for_a_lab_next_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "course"
    course.mkdir()
    monkeypatch.chdir(course)
    lab = [_server(os.getppid() + 1, tmp_path)]  # a JupyterLab whose root holds the film
    monkeypatch.setattr(serving, "running_servers", lambda: lab)
    voila = {"VOILA_BASE_URL": "/", "SCRIPT_NAME": "/voila/render/course/a.ipynb"}
    assert server_root(course / "a.mp4", voila) == tmp_path
    assert server_root(course / "a.mp4", {"VOILA_BASE_URL": "/", "SCRIPT_NAME": "/"}) == course
    assert server_root("a.mp4", {**voila, SERVER_ROOT_ENV: str(tmp_path / "x")}) == (tmp_path / "x")
    # Voilà as a JupyterLab extension: the server that started the kernel, as usual
    lab = [_server(os.getppid(), tmp_path / "lab")]
    assert server_root("a.mp4", {"VOILA_BASE_URL": "/", "SCRIPT_NAME": "/"}) == tmp_path / "lab"


def test_running_servers_reads_the_runtime_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    info = _server(os.getpid(), tmp_path / "lab")
    (tmp_path / f"jpserver-{os.getpid()}.json").write_text(json.dumps(info))
    assert serving.running_servers() == [info]
    monkeypatch.setenv(SERVER_ROOT_ENV, "")
    monkeypatch.setenv("JPY_SESSION_NAME", "")
    assert server_root(tmp_path / "lab" / "a.mp4") == tmp_path / "lab"


# ------------------------------------------------------------------ the widget


@pytest.fixture
def root(film_dir: Path, tmp_path: Path) -> Path:
    """A server root holding a copy of the test films in a folder with an awkward name."""
    films = tmp_path / "films with space" / "Zoë"
    films.mkdir(parents=True)
    for name in ("landscape.mp4", "hevc.mov", "corrupt.mp4"):
        shutil.copy(film_dir / name, films / name)
    return tmp_path


class Sent:
    """Records the custom messages a widget sends to the browser."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def __call__(self, content: dict[str, Any], buffers: object = None) -> None:
        self.messages.append(content)


def test_player_streams_a_playable_film_by_url(root: Path) -> None:
    film = root / "films with space" / "Zoë" / "landscape.mp4"
    player = Player(film, root=root)
    assert player.src == "films%20with%20space/Zo%C3%AB/landscape.mp4"
    assert player.status == "ready" and player.message == ""
    assert player.fps == 25 and player.duration == pytest.approx(6.0, abs=0.05)
    assert player.label == "landscape.mp4" and player.playing_film == film
    assert (player.start, player.end, player.loop) == (None, None, True)
    assert (player.current_time, player.playing, player.rate) == (0.0, False, 1.0)
    state = player.get_state()
    assert {"src", "current_time", "playing", "rate", "fps", "status"} <= set(state)
    # no film bytes travel with the widget: its whole state is small text
    assert len(json.dumps({k: v for k, v in state.items() if k not in ("_esm", "_css")})) < 2000
    assert "data:video" not in json.dumps(state)


def test_player_finds_the_root_from_the_environment(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SERVER_ROOT_ENV, str(root / "films with space"))
    monkeypatch.chdir(root / "films with space" / "Zoë")
    assert Player("landscape.mp4").src == "Zo%C3%AB/landscape.mp4"


def test_player_refuses_a_film_outside_the_server_root(film_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(VigkitError, match="outside the folder JupyterLab was started in"):
        Player(film_dir / "landscape.mp4", root=tmp_path)


def test_player_reports_a_missing_or_damaged_film(root: Path) -> None:
    with pytest.raises(MediaError, match="does not exist"):
        Player(root / "nope.mp4", root=root)
    with pytest.raises(MediaError):
        Player(root / "films with space" / "Zoë" / "corrupt.mp4", root=root)


def test_player_loops_a_moment(root: Path) -> None:
    film = root / "films with space" / "Zoë" / "landscape.mp4"
    player = Player(film, "0:01.5", 3, root=root)
    assert (player.start, player.end) == (1.5, 3.0)
    from_moment = Player(Moment(film, 2, 4), root=root)
    assert (from_moment.start, from_moment.end) == (2.0, 4.0)
    assert Player(film, start=2, root=root).end is None
    assert Player(film, end=2, root=root).start == 0.0
    assert Player(film, 5, 60, root=root).end == pytest.approx(6.0, abs=0.05)  # clipped
    with pytest.raises(VigkitError, match="must end after it starts"):
        Player(film, 3, 2, root=root)
    with pytest.raises(VigkitError, match="must start inside the film"):
        Player(film, 7, 8, root=root)
    with pytest.raises(VigkitError, match="is not a time"):
        Player(film, "soon", 8, root=root)


def test_seek_and_play_moment_tell_the_browser(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    player = Player(root / "films with space" / "Zoë" / "landscape.mp4", root=root)
    sent = Sent()
    monkeypatch.setattr(player, "send", sent)
    player.seek("0:02.5")
    assert player.current_time == 2.5
    player.seek(99)
    assert player.current_time == pytest.approx(6.0, abs=0.05)  # kept inside the film
    player.play_moment(1, "0:02")
    assert (player.start, player.end) == (1.0, 2.0)
    assert sent.messages == [
        {"type": "seek", "time": 2.5},
        {"type": "seek", "time": player.duration},
        {"type": "play_moment", "start": 1.0, "end": 2.0},
    ]
    with pytest.raises(VigkitError, match="must end after it starts"):
        player.play_moment(2, 1)
    assert len(sent.messages) == 3


def test_playing_and_rate_are_traits_the_browser_shares(root: Path) -> None:
    player = Player(root / "films with space" / "Zoë" / "landscape.mp4", root=root)
    player.playing = True
    player.rate = 0.25
    player.set_state({"playing": False, "rate": 2.0})  # as the browser changes them
    player._handle_custom_msg({"type": "time", "time": 1.25}, [])  # as the browser reports it
    player._handle_custom_msg({"type": "time", "time": "soon"}, [])  # ignored
    player._handle_custom_msg(["not", "a", "dict"], [])  # ignored
    assert (player.current_time, player.playing, player.rate) == (1.25, False, 2.0)
    with pytest.raises(VigkitError, match=r"speed must be from 0\.25 to 2"):
        player.rate = 3


def test_an_unplayable_film_offers_a_playable_copy(
    root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    film = root / "films with space" / "Zoë" / "hevc.mov"
    assert not probe(film).browser_playable
    workspace = root / "work"
    player = Player(film, root=root, workspace=workspace)
    assert (player.status, player.src, player.playing_film) == ("unplayable", "", None)
    assert (
        "cannot play (HEVC video in a .mov file)" in player.message
        and "playable copy" in player.message
    )
    assert player.duration == pytest.approx(3.0, abs=0.05)
    states: list[str] = []
    player.observe(lambda change: states.append(change["new"]), names="status")
    player._handle_custom_msg({"type": "make_proxy"}, [])  # the button, as the browser sends it
    assert states == ["making", "ready"]
    copy = player.playing_film
    assert copy is not None and copy.parent == workspace / "proxies" and copy.exists()
    assert probe(copy).browser_playable and (workspace / "vigkit-workspace.json").exists()
    assert player.src == f"work/proxies/{copy.name}" and player.message == ""
    # the next player of the same film plays the copy at once
    again = Player(film, root=root, workspace=workspace)
    assert (again.status, again.playing_film) == ("ready", copy)
    # a workspace the server cannot serve is explained in the widget, before any work
    elsewhere = Player(film, root=root, workspace=tmp_path_factory.mktemp("outside"))
    elsewhere._handle_custom_msg({"type": "make_proxy"}, [])
    assert elsewhere.status == "failed" and "outside the folder" in elsewhere.message
    with pytest.raises(VigkitError, match="outside the folder"):
        elsewhere.make_playable_copy()


def test_the_proxy_goes_to_the_default_workspace(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGKIT_WORKSPACE", str(root / "default-work"))
    player = Player(root / "films with space" / "Zoë" / "hevc.mov", root=root)
    assert player.proxy_path().parent == root / "default-work" / "proxies"


def test_the_browser_code_and_style_ship_with_the_package() -> None:
    folder = Path(player_module.__file__).parent
    script = (folder / "player.js").read_text(encoding="utf-8")
    shared = (folder / "dom.js").read_text(encoding="utf-8")
    assert str(Player._esm) == f"{shared}\n{script}" and (folder / "player.css").exists()
    for needed in ('"data-lm-suppress-shortcuts"', 'preload: "metadata"', "jupyter-config-data"):
        assert needed in str(Player._esm)
    assert len(script) < 20_000  # it travels once per widget model


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_time_readout_counts_frames(tmp_path: Path) -> None:
    module = tmp_path / "player.mjs"
    module.write_text(str(Player._esm))  # dom.js + player.js, as the browser gets it
    cases = [(0, 25), (1.04, 25), (59.999, 25), (61.5, 30), (3725.2, 25), (0.5, 29.97)]
    script = (
        f"import {{ formatTime, filmUrl, filesPath, baseUrl }} from {json.dumps(module.as_uri())};"
        f"const out = {json.dumps(cases)}.map(([t, f]) => formatTime(t, f));"
        "out.push(filmUrl('a%20b.mp4', 1.5, 3, '/user/x/'), filmUrl('a.mp4', null, null, '/'));"
        "out.push(filmUrl('a.mp4', null, 2, '/user/x/', 'voila/files/'), filesPath(null));"
        "const page = (config) => ({ getElementById: () => ({ textContent: config }) });"
        'out.push(filesPath(page(\'{"appUrl": "voila/", "baseUrl": "/u/"}\')));'
        'out.push(filesPath(page(\'{"appUrl": "/lab"}\')), baseUrl(page(\'{"baseUrl": "/u"}\')));'
        "console.log(JSON.stringify(out));"
    )
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [
        "0:00.00",
        "0:01.01",
        "0:59.24",
        "1:01.15",
        "1:02:05.05",
        "0:00.14",
        "/user/x/files/a%20b.mp4#t=1.5,3",
        "/files/a.mp4",
        "/user/x/voila/files/a.mp4",
        "files/",
        "voila/files/",
        "files/",
        "/u/",
    ]

"""``make voila``: Voilà started safely for the course (``python -m vigkit.course.voila_app``).

Plain Voilà starts with no token, takes any ``Host`` (so a web page can reach it through
DNS rebinding) and serves ``voila/files/`` with no check but its allowlist. This launcher is
Voilà itself, configured: a random token (printed as a ``?token=`` address, as JupyterLab
does, and handed to the browser it opens); jupyter_server's own Host check
(``allow_remote_access`` off: only loopback addresses and ``localhost``); ``voila/files/``
behind the same token or login cookie, Host and Origin checks as Voilà's pages; and an
allowlist made at launch from where the course's films are – the practice films and the
films folder of the workspace, nothing else of the workspace (no exports, reels, proxies,
codings, journals), no hidden folder, checked again where a link really leads.
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
import tempfile
import threading
import webbrowser
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Bool
from voila.app import Voila  # type: ignore[import-untyped]
from voila.static_file_handler import AllowListFileHandler  # type: ignore[import-untyped]

from ..coding.workspace import FOLDERS, default_workspace_path
from ..core.coursedir import practice_dir
from ..core.errors import VigkitError
from ..media.playable import COPIES_FOLDER
from ..widgets.serving import SERVER_ROOT_ENV
from .own_film import FILMS_FOLDER

#: Films a browser plays, as the player asks for them.
FILM_ENDINGS = ("mp4", "m4v", "webm", "ogv", "mov")
#: Pictures next to the practice films (no SVG: it can carry scripts).
PICTURE_ENDINGS = ("png", "jpg", "jpeg", "gif")
#: Host names taken as this computer besides loopback addresses (jupyter_server's default).
LOCAL_HOSTNAMES = ("localhost",)
#: Never served, whatever the allowlist says: hidden files and folders (and ``..``),
#: notebooks and Python files (Voilà's own default).
ALWAYS_DENIED = (r"(?:.*/)?\..*", r".*\.(?:ipynb|py)")

_NAME = r"[^/.\\][^/\\]*"  # one path segment, not hidden, no backslash


def folder_under(folder: Path, root: Path) -> str | None:
    """``folder``'s path under ``root`` as Voilà's URLs spell it (``a/b``, ``""`` for the
    root itself), or ``None`` if it is outside ``root`` or in a hidden folder."""
    for here, top in (
        (Path(os.path.abspath(folder)), Path(os.path.abspath(root))),
        (folder.resolve(), root.resolve()),
    ):
        if here.is_relative_to(top):
            parts = here.relative_to(top).parts
            if any(part.startswith(".") for part in parts):
                return None
            return PurePosixPath(*parts).as_posix() if parts else ""
    return None


def files_in(folder: str, endings: Iterable[str]) -> str:
    """A pattern for files with these endings anywhere in ``folder`` (a path under the
    root), in no hidden folder."""
    prefix = re.escape(folder) + "/" if folder else ""
    return rf"{prefix}(?:{_NAME}/)*{_NAME}\.(?:{'|'.join(endings)})"


def course_allowlist(root: Path, practice: Path | None, workspace: Path) -> list[str]:
    """What Voilà may serve: films and pictures of the practice films' folder, and films
    in the workspace's films folder (where the course has people put their own)."""
    allowed = []
    where = folder_under(practice, root) if practice is not None else None
    if where is not None:
        allowed.append(files_in(where, FILM_ENDINGS + PICTURE_ENDINGS))
    films = folder_under(workspace / FILMS_FOLDER, root)
    if films is not None:
        allowed.append(files_in(films, FILM_ENDINGS))
    return allowed


def course_denylist(root: Path, workspace: Path) -> list[str]:
    """What Voilà never serves: hidden files, notebooks, and all of the workspace but its
    films folder (exports, reels, proxies, codings, journals, reflections, clip records)."""
    denied = list(ALWAYS_DENIED)
    where = folder_under(workspace, root)
    if where is not None:
        prefix = re.escape(where) + "/" if where else ""
        private = "|".join(re.escape(name) for name in (*FOLDERS, COPIES_FOLDER))
        denied.append(rf"{prefix}(?:{private})(?:/.*)?")
        if where:
            denied.append(rf"{prefix}(?!{re.escape(FILMS_FOLDER)}/).*")
    return denied


def is_local_host(host: str) -> bool:
    """Whether a ``Host`` header names this computer: a loopback address or ``localhost``
    (the rule of jupyter_server's ``allow_remote_access=False``), with or without a port."""
    match = re.fullmatch(r"(.*?)(:\d+)?", host.strip())
    name = (match.group(1) if match else host).lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name in LOCAL_HOSTNAMES


def allowed(path: str, allowlist: Sequence[str], denylist: Sequence[str]) -> bool:
    """Voilà's rule for ``voila/files/PATH``: some allow pattern matches, no deny pattern."""

    def matches(patterns: Sequence[str]) -> bool:
        return any(re.fullmatch(pattern, path, re.IGNORECASE) for pattern in patterns)

    return matches(allowlist) and not matches(denylist)


class CourseFileHandler(JupyterHandler, AllowListFileHandler):  # type: ignore[misc]
    """Voilà's ``voila/files/`` with the checks its pages have (local Host, the token or
    login cookie, an Origin of this server), and the allow rules applied again to the
    file a link leads to (a link in the films folder to an export is refused)."""

    @web.authenticated
    def get(self, path: str, include_body: bool = True) -> Any:
        """The file (range requests answered by tornado), once the request is checked."""
        if not self.check_origin():
            raise web.HTTPError(403)
        return AllowListFileHandler.get(self, path, include_body)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """tornado's checks, then the allow rules on the real path under the real root."""
        checked = super().validate_absolute_path(root, absolute_path)
        if checked is None:
            return None
        real, real_root = Path(os.path.realpath(checked)), Path(os.path.realpath(root))
        if not real.is_relative_to(real_root):
            raise web.HTTPError(404)
        under = PurePosixPath(*real.relative_to(real_root).parts).as_posix()
        if not allowed(under, self.allowlist, self.denylist):
            raise web.HTTPError(404)
        return str(checked)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A short plain answer (Jupyter's error page needs settings Voilà has not)."""
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(f"{status_code} {self._reason}\n")


def _local_only(handler: type[web.RequestHandler]) -> type[web.RequestHandler]:
    """``handler`` refusing (403) a foreign ``Host``; Jupyter's handlers check it already."""
    if issubclass(handler, JupyterHandler):
        return handler

    class LocalOnly(handler):  # type: ignore[valid-type,misc]
        def prepare(self) -> Any:
            if not is_local_host(self.request.host):
                raise web.HTTPError(403)
            return super().prepare()

    LocalOnly.__name__ = LocalOnly.__qualname__ = f"LocalOnly{handler.__name__}"
    return LocalOnly


class CourseVoila(Voila):  # type: ignore[misc]
    """Voilà for the course: token on by default, this computer only, course films only."""

    auto_token = Bool(True, config=True, help="Generate a random token (on for the course).")

    def initialize(self, argv: list[str] | None = None) -> None:
        """Voilà's set-up, then the course's allowlist and where the kernels find the root."""
        super().initialize(argv)
        if self.token == "":
            raise VigkitError(
                "Voilà for the course always needs a token: leave out --Voila.token= (a "
                "random one is made and printed) or give one"
            )
        root = Path(self.root_dir)
        workspace = default_workspace_path()
        try:
            practice: Path | None = practice_dir()
        except VigkitError:
            practice = None
        config = self.voila_configuration
        config.file_allowlist = course_allowlist(root, practice, workspace)
        denied = [*config.file_denylist, *course_denylist(root, workspace)]
        config.file_denylist = list(dict.fromkeys(denied))
        os.environ[SERVER_ROOT_ENV] = str(root)  # the kernels' players find films by it
        folders = [practice, workspace / FILMS_FOLDER]
        served = [folder_under(f, root) for f in folders if f is not None]
        shown = ", ".join(f"{where}/" if where else "./" for where in served if where is not None)
        self.log.info("Films are served from these folders only: %s", shown or "none")

    def init_settings(self) -> dict[str, Any]:
        """Voilà's settings with jupyter_server's Host check on (Voilà turns it off)."""
        settings: dict[str, Any] = super().init_settings()
        settings["allow_remote_access"] = False
        settings["local_hostnames"] = list(LOCAL_HOSTNAMES)
        provider = self.identity_provider
        if not (provider.token or getattr(provider, "hashed_password", "")):
            raise VigkitError("Voilà for the course needs a token or a password; none is set")
        return settings

    def init_handlers(self) -> list[Any]:
        """Voilà's handlers, its file handler checked like its pages, all Host-checked."""
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            if handler is AllowListFileHandler:
                handler = CourseFileHandler
            handlers.append((pattern, _local_only(handler), *rest))
        return handlers

    def launch_browser(self) -> None:
        """Open the page in a browser with the token (through a private redirect file, so
        the token is not on a command line)."""
        try:
            browser = webbrowser.get(self.browser or None)
        except webbrowser.Error as error:
            self.log.warning("No web browser found: %s.", error)
            return
        url = url_path_join(self.connection_url, "")
        if self.identity_provider.token:
            url += f"?token={self.identity_provider.token}"
        fd, page = tempfile.mkstemp(prefix="vigkit-voila-", suffix=".html")  # mode 0600
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(f'<meta http-equiv="refresh" content="0;url={escape(url)}">\n')
        threading.Thread(
            target=browser.open, args=(Path(page).as_uri(),), kwargs={"new": 2}, daemon=True
        ).start()


def main(argv: list[str] | None = None) -> int:
    """Start Voilà for the course with Voilà's own arguments; a bad set-up exits 2."""
    app = CourseVoila()
    try:
        app.initialize(argv)
        app.start()
    except VigkitError as error:
        print(f"vigkit: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

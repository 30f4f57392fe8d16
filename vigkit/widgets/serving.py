"""Where the Jupyter server serves a film from, so widgets can play it by URL.

Widgets play films through the server's ``/files/`` handler (range requests: seeking is
cheap, nothing goes through the kernel). That URL is relative to the folder the server was
started in (its *root*), not to the notebook's folder (the kernel's working directory), so
the kit finds the root: ``$VIGKIT_SERVER_ROOT`` if set, else the running server that
started this kernel, else (standalone Voilà, which no server list names) the root Voilà's
page address shows, else the one whose root holds the film, else the working directory.
The browser adds the server's base URL (``/user/NAME/`` on JupyterHub) and the files
prefix (``files/``, or ``voila/files/`` on a Voilà page) itself.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote

from ..coding.workspace import Workspace, workspace_folder
from ..core.errors import VigkitError

#: Environment variable naming the server's root folder (overrides the search).
SERVER_ROOT_ENV = "VIGKIT_SERVER_ROOT"


def url_path(film: str | Path, root: str | Path) -> str:
    """The film's path under ``/files/``: relative to ``root``, each segment URL-quoted.

    Raises ``VigkitError`` if the server cannot serve it: outside ``root`` (also after
    following links), or inside a hidden folder (the server refuses those).
    """
    film_abs, root_abs = Path(os.path.abspath(film)), Path(os.path.abspath(root))
    film_real, root_real = film_abs.resolve(), root_abs.resolve()
    if not film_real.is_relative_to(root_real):
        raise VigkitError(
            f"{film_abs}: this film is outside the folder JupyterLab was started in "
            f"({root_abs}), so the browser cannot load it. Move the film into that folder "
            "(or a folder inside it), or start JupyterLab from a folder that contains it."
        )
    if film_abs.is_relative_to(root_abs):
        relative = PurePosixPath(*film_abs.relative_to(root_abs).parts)
    else:  # the root was given through a link: the server joins the real paths
        relative = PurePosixPath(*film_real.relative_to(root_real).parts)
    hidden = [part for part in relative.parts if part.startswith(".")]
    if hidden:
        raise VigkitError(
            f"{film_abs}: JupyterLab does not serve files in hidden folders (names "
            f"starting with '.', here '{hidden[0]}'); move the film or rename the folder."
        )
    return "/".join(quote(part, safe="") for part in relative.parts)


def files_url(film: str | Path, root: str | Path, base_url: str = "/") -> str:
    """The film's full URL path on a server at ``base_url`` (the browser builds the same)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return f"{base}files/{url_path(film, root)}"


def pick_server_root(
    servers: Iterable[Mapping[str, Any]],
    film: str | Path,
    *,
    parent_pid: int | None = None,
    session_path: str | None = None,
) -> Path | None:
    """The root of the server this kernel belongs to, from server info records.

    Prefers the server whose process started the kernel (``parent_pid``); then one whose
    root holds the notebook (``session_path``, ``$JPY_SESSION_NAME``), then the film; the
    deepest root wins a tie. ``None`` if no record fits.
    """
    roots: list[tuple[int | None, Path]] = []
    for info in servers:
        root = info.get("root_dir") or info.get("notebook_dir")
        if root:
            roots.append((info.get("pid"), Path(os.path.abspath(root))))
    for pid, root in roots:
        if parent_pid is not None and pid == parent_pid:
            return root
    for target in (session_path, film):
        if not target:
            continue
        where = Path(os.path.abspath(target))
        holding = [root for _, root in roots if where.is_relative_to(root)]
        if holding:
            return max(holding, key=lambda root: len(root.parts))
    return None


def running_servers() -> list[dict[str, Any]]:
    """Info records of the Jupyter servers running in this runtime folder."""
    try:
        from jupyter_server.serverapp import list_running_servers
    except ImportError:  # pragma: no cover - jupyter_server is a dependency of jupyterlab
        return []
    try:
        return list(list_running_servers())
    except OSError:
        return []


def server_root(film: str | Path, env: Mapping[str, str] | None = None) -> Path:
    """The folder the Jupyter server serves files from, for this kernel and film."""
    env = os.environ if env is None else env
    override = env.get(SERVER_ROOT_ENV)
    if override:
        return Path(os.path.abspath(Path(override).expanduser()))
    servers = running_servers()
    parent_pid = os.getppid()
    if is_voila_kernel(env) and not any(info.get("pid") == parent_pid for info in servers):
        # Standalone Voilà started this kernel: it is in no server list, and a JupyterLab
        # running next to it (whose root may hold the film too) serves other files.
        return voila_root(env, Path.cwd())
    session = env.get("JPY_SESSION_NAME")
    found = pick_server_root(
        servers,
        film,
        parent_pid=parent_pid,
        session_path=session if session and os.path.isabs(session) else None,
    )
    return found if found is not None else Path.cwd()


#: Set by Voilà (standalone or as a server extension) in the environment of its kernels.
VOILA_ENV = ("VOILA_BASE_URL", "VOILA_SERVER_URL", "VOILA_PREHEAT")


def is_voila_kernel(env: Mapping[str, str]) -> bool:
    """Whether Voilà started this kernel (it sets ``VOILA_*`` variables for its kernels)."""
    return any(env.get(name) for name in VOILA_ENV)


def voila_root(env: Mapping[str, str], cwd: Path) -> Path:
    """The root folder of the Voilà that runs this notebook in ``cwd`` (its folder).

    Voilà starts the kernel in the notebook's folder and says which page asked for it
    (``$SCRIPT_NAME``). Showing a folder (``voila FOLDER``), the page is
    ``<base>voila/render/<notebook's path under the root>``, so the root is ``cwd`` less
    the notebook's folders. Showing one notebook (``voila NAME.ipynb``), the page is the
    base URL and Voilà's root is, unless told otherwise, the notebook's folder: ``cwd``.
    (``make voila`` starts Voilà with the kit's folder as its root and sets
    ``$VIGKIT_SERVER_ROOT`` to match.)
    """
    base = env.get("VOILA_BASE_URL") or "/"
    base = base if base.endswith("/") else base + "/"
    page = env.get("SCRIPT_NAME") or ""
    render = f"{base}voila/render/"
    if page.startswith(render):
        folders = PurePosixPath(unquote(page[len(render) :])).parent.parts
        if cwd.parts[len(cwd.parts) - len(folders) :] == folders:
            return Path(*cwd.parts[: len(cwd.parts) - len(folders)])
    return cwd


def still_folder(film: Path, workspace: Workspace | str | Path | None, folder: Path) -> Path:
    """Where a picker keeps its stills of ``film`` in ``workspace`` (under ``folder``, e.g.
    ``cache/faces``): one folder per version of the film (path, size, modification time),
    inside the workspace so the server serves them by URL."""
    stat = film.stat()
    key = f"{film.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()
    digest = hashlib.sha256(key).hexdigest()[:10]
    return workspace_folder(workspace) / folder / f"{film.stem}-{digest}"

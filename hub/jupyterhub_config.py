"""JupyterHub settings of the vigkit demo hub (started by ``hub/demo.py``, which sets the
``VIGKIT_HUB_*`` variables): loopback only, dummy login with one password, the simple local
spawner, one home per user under the demo folder, and JupyterLab with the kit's settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import demo

c: Any = get_config()  # type: ignore[name-defined]  # noqa: F821

ROOT = Path(os.environ[demo.MARKER])
HOMES = ROOT / "home"
BIN = Path(sys.executable).parent

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["VIGKIT_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["VIGKIT_HUB_HUB_PORT"])
c.JupyterHub.db_url = f"sqlite:///{ROOT / 'hub' / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(ROOT / "hub" / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # a stopped hub leaves no single-user server behind
c.JupyterHub.cleanup_proxy = True

# The Python configurable-http-proxy from PyPI (no Node.js), on loopback.
c.ConfigurableHTTPProxy.command = [str(BIN / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['VIGKIT_HUB_API_PORT']}"

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["VIGKIT_HUB_PASSWORD"]
c.Authenticator.allowed_users = set(demo.USERS)
c.JupyterHub.load_groups = {name: {"users": users} for name, users in demo.groups().items()}

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.notebook_dir = str(HOMES / "{username}")  # the server sees its own home only
c.Spawner.default_url = "/lab/tree/course/notebooks/00_start_here.ipynb"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.args = ["--allow-root"] if os.getuid() == 0 else []
if os.environ.get("VIGKIT_HUB_EXPOSE_APP"):
    c.Spawner.args.append("--LabApp.expose_app_in_browser=True")  # tests drive JupyterLab
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90


def _home(spawner: Any, part: str = "") -> str:
    return str(HOMES / spawner.user.name / part)


c.Spawner.environment = {
    demo.MARKER: str(ROOT),
    # the kit's Jupyter settings, as `make lab` uses them (no news, no update checks)
    "JUPYTER_CONFIG_PATH": str(demo.REPO / "etc" / "jupyter"),
    "VIGKIT_COURSE_DIR": lambda spawner: _home(spawner, "course"),
    "VIGKIT_WORKSPACE": lambda spawner: _home(spawner, "vigkit-work"),
    "VIGKIT_COHORT": str(ROOT / "cohort.yaml"),
}


def _prepare_home(spawner: Any) -> None:
    demo.prepare_home(ROOT, spawner.user.name)


c.Spawner.pre_spawn_hook = _prepare_home

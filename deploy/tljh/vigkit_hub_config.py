"""The vigkit course on The Littlest JupyterHub: hub groups, their Unix group, the server
role that may read its user's groups, and where each server finds the course.

deploy/tljh/install.sh copies this file into /opt/tljh/config/jupyterhub_config.d/ (as
vigkit-course.py); `sudo tljh-config reload` applies it. Edit COURSE and the accounts (hub
user names) here.
"""

COURSE = "vig-2027"
SUPERVISORS = ["supervisor1"]
TRAINEES = ["trainee1", "trainee2", "trainee3"]

c = get_config()  # noqa: F821  (given by JupyterHub to its config files)

# One hub group per role: the kit asks the hub which groups its user is in.
c.JupyterHub.load_groups = {
    f"{COURSE}-supervisors": {"users": SUPERVISORS},
    f"{COURSE}-trainees": {"users": TRAINEES},
}
# The supervisors' Unix accounts (jupyter-NAME) join the Unix group of the same name when
# their server starts (TLJH's users.extra_user_groups; the group must exist: install.sh).
c.UserCreatingSpawner.user_groups = {
    **(c.UserCreatingSpawner.get("user_groups") or {}),
    f"{COURSE}-supervisors": SUPERVISORS,
}
# A server's own token may read its user's groups, besides JupyterHub's default scopes.
c.JupyterHub.load_roles = [
    *[role for role in c.JupyterHub.get("load_roles") or [] if role.get("name") != "server"],
    {
        "name": "server",
        "description": "Post activity, be reached, and read its own user's groups (vigkit)",
        "scopes": ["users:activity!user", "access:servers!server", "read:users:groups!user"],
    },
]
c.Spawner.environment = {
    **(c.Spawner.get("environment") or {}),
    "VIGKIT_COURSE_DIR": "/opt/vigkit/course",
    "VIGKIT_COHORT": "/etc/vigkit/cohort.yaml",
    "VIGKIT_WORKSPACE": "~/vigkit-work",
    "VIGKIT_SERVER_ROOT": "/",
}
# The server's root is "/", so that course films (/opt/vigkit/course), shared films in the
# exchange (/srv/vigkit/exchange) and one's own films (home) can all be played by URL; file
# permissions, not the root, decide what each account can open.
c.Spawner.notebook_dir = "/"
# Everyone starts on their own copy of the first notebook. TLJH's home for a hub user NAME is
# /home/jupyter-NAME; for names of 18 characters or more TLJH shortens it, and such a user
# opens notebooks/ in their home themselves.
c.Spawner.default_url = "/lab/tree/home/jupyter-{username}/notebooks/00_start_here.ipynb"

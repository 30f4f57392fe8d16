"""The course on a real JupyterHub (the demo hub of ``make hub``), in headless Chromium.

One hub for the module, as few servers as possible. The cohort flow runs as named steps
that share one ``Flow``: a trainee logs in through the real login form, codes the tagging
notebook in their own copy (the film plays under ``/user/NAME/files/``), their server's
token reads their own hub groups, and the server's files API stays inside their home (no
other home, no exchange); a second trainee cannot open the first one's server. The last
test stops the hub as Ctrl-C does and finds no process of it left.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import pytest

if TYPE_CHECKING:
    from hub import Hub

pytest_plugins = ["browser", "hub"]

TRAINEE, OTHER = "t01", "t02"
CODER = "T01"  # the trainee's pseudonym, typed into the notebook's settings cell
NOTEBOOK = "course/notebooks/03_code_a_film.ipynb"
CLIP = "group-bridge-building"
FILM = f"course/media/practice/{CLIP}.mp4"
TAGGER_VIDEO = "document.querySelector('.vigkit-tagger video')"
SECRET = "t02's own words"
COURSE_FOLDER = '"name": "vig-demo"'  # in a listing of the exchange

# Run `code` in the notebook's kernel and return what it printed.
_RUN = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code });
  let out = "";
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === "stream") out += msg.content.text;
    if (msg.header.msg_type === "error") out += msg.content.evalue;
  };
  await future.done;
  return out;
}"""

WHOAMI = """\
import json, os, urllib.error, urllib.request
def ask(path):
    request = urllib.request.Request(
        os.environ["JUPYTERHUB_API_URL"] + path,
        headers={"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]},
    )
    try:
        with urllib.request.urlopen(request) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return {"status": error.code}
user = os.environ["JUPYTERHUB_USER"]
print(json.dumps([ask("/user"), ask("/users/" + user), ask("/groups")]))
"""


@dataclass
class Flow:
    """What the steps share: the hub, the browser, and each user's signed-in tab."""

    hub: Hub
    browser: Any
    tabs: dict[str, Any] = field(default_factory=dict)
    notebooks: dict[str, Any] = field(default_factory=dict)
    film_responses: list[Any] = field(default_factory=list)

    def tab(self, user: str, *, spawn: bool = False) -> Any:
        """``user``'s tab, signed in through the login form the first time (``spawn``:
        with their server started)."""
        from hub import login

        if user not in self.tabs:
            context = self.browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(60_000)
            self.tabs[user] = login(context, self.hub, user, spawn=spawn)
        return self.tabs[user]

    def get(self, user: str, path: str) -> tuple[int, str]:
        """``GET /path`` on the hub with ``user``'s cookies, sent as written (no ``..``
        taken out on the way, as a browser would) and no redirect followed."""
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.tab(user).context.cookies())
        host, port = urlsplit(self.hub.origin).netloc.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            connection.request("GET", "/" + path, headers={"Cookie": cookies})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()


def trainee_logs_in_and_gets_a_server(flow: Flow) -> None:
    from browser import NotebookTab

    from hub import HubLab

    page = flow.tab(TRAINEE, spawn=True)  # the hub starts the trainee's server
    assert page.url.startswith(flow.hub.url(f"user/{TRAINEE}/lab")), page.url
    home = flow.hub.home(TRAINEE)
    assert (home / NOTEBOOK).is_file() and (home / FILM).is_file()
    page.on("response", lambda r: flow.film_responses.append(r) if "/files/" in r.url else None)
    flow.notebooks[TRAINEE] = NotebookTab(page, HubLab(flow.hub, TRAINEE), NOTEBOOK, timeout=90)


def servers_token_reads_its_own_groups(flow: Flow) -> None:
    whoami, user, groups = json.loads(flow.tabs[TRAINEE].evaluate(_RUN, WHOAMI))
    print(f"with the server's JUPYTERHUB_API_TOKEN: GET /hub/api/user: {whoami}")
    print(f"  GET /hub/api/users/{TRAINEE}: {user}; GET /hub/api/groups: {groups}")
    assert whoami["name"] == TRAINEE and whoami["kind"] == "user", whoami
    assert whoami["groups"] == ["vig-demo-trainees"], whoami
    assert groups == {"status": 403}, groups  # not the course's other groups


def trainee_tags_the_film(flow: Flow) -> None:
    from browser import read_operations

    page, tab = flow.tabs[TRAINEE], flow.notebooks[TRAINEE]
    page.evaluate(  # the trainee types their pseudonym into the settings cell
        """(coder) => {
          const cell = window.jupyterapp.shell.currentWidget.content.widgets[1].model;
          cell.sharedModel.setSource(cell.sharedModel.getSource().replace('"T07"', `"${coder}"`));
        }""",
        CODER,
    )
    tab.run_all(timeout=120)
    assert tab.problems() == [], tab.problems()
    page.wait_for_function(f"() => {TAGGER_VIDEO} && {TAGGER_VIDEO}.readyState >= 2")
    src = page.evaluate(f"() => {TAGGER_VIDEO}.getAttribute('src')")
    assert src == f"/user/{TRAINEE}/files/{quote(FILM)}", src
    video = page.locator(".vigkit-tagger video")
    video.scroll_into_view_if_needed()
    video.click()  # the notebook's words: click the film to start it
    page.wait_for_function(f"() => !{TAGGER_VIDEO}.paused && {TAGGER_VIDEO}.currentTime > 0.5")
    for key in "124":
        page.keyboard.press(key)
        page.wait_for_timeout(300)
    journal = flow.hub.home(TRAINEE) / "vigkit-work" / "codings" / CLIP / f"{CODER}.journal.jsonl"
    ops = read_operations(journal, 3)
    assert [(op["op"], op["event"]["code"]) for op in ops] == [
        ("add", "being-attentive"),
        ("add", "encouraging-initiatives"),
        ("add", "developing-attuned-interactions"),
    ], ops
    onsets = [op["event"]["onset"] for op in ops]
    assert onsets == sorted(onsets) and onsets[0] > 0.5, onsets
    page.wait_for_function(  # the film plays on, from the trainee's own server
        f"(t) => !{TAGGER_VIDEO}.paused && {TAGGER_VIDEO}.currentTime > t", arg=onsets[-1] + 0.3
    )
    mine = [r for r in flow.film_responses if f"/user/{TRAINEE}/files/" in r.url]
    assert mine and all(r.status in (200, 206) for r in mine), flow.film_responses
    page.keyboard.press("Space")


def files_api_stays_in_the_home(flow: Flow) -> None:
    status, text = flow.get(TRAINEE, f"user/{TRAINEE}/api/contents/course")
    assert status == 200, text
    assert {item["name"] for item in json.loads(text)["content"]} >= {"notebooks", "media"}
    status, text = flow.get(TRAINEE, f"user/{TRAINEE}/files/{quote(FILM)}")
    assert status == 200 and len(text) > 1000, status
    flow.hub.home(OTHER).mkdir(parents=True, exist_ok=True)
    (flow.hub.home(OTHER) / "secret.txt").write_text(SECRET)
    exchange = flow.hub.root / "exchange"
    tries = [
        f"api/contents/../{OTHER}/secret.txt",
        f"api/contents/%2e%2e/{OTHER}/secret.txt",
        f"api/contents/..%2F{OTHER}%2Fsecret.txt",
        f"api/contents/{quote(str(flow.hub.home(OTHER)))}/secret.txt",
        f"api/contents/{quote(str(flow.hub.home(OTHER)), safe='')}%2Fsecret.txt",
        f"files/../{OTHER}/secret.txt",
        f"files/..%2F{OTHER}%2Fsecret.txt",
        "api/contents/../../exchange",
        "api/contents/..%2F..%2Fexchange",
        f"api/contents/{quote(str(exchange), safe='')}",
        "files/..%2F..%2Fcohort.yaml",
    ]
    statuses = {}
    for path in tries:
        status, text = flow.get(TRAINEE, f"user/{TRAINEE}/{path}")
        statuses[path] = status
        assert status in (400, 403, 404), (path, status, text[:300])
        assert SECRET not in text and "exchange:" not in text and COURSE_FOLDER not in text, path
    # Another user's server: the trainee's hub login is no key to it (the hub's answer, at
    # the end of its redirects, is "not yours" or "not running", never the file).
    answer = flow.tabs[TRAINEE].context.request.get(
        flow.hub.url(f"user/{OTHER}/api/contents/secret.txt")
    )
    assert answer.status in (403, 404, 424, 503), (answer.status, answer.url)
    assert SECRET not in answer.text()
    print(f"files API outside the home: {statuses}; another's server: {answer.status}")


def other_trainee_cannot_open_the_server(flow: Flow) -> None:
    page = flow.tab(OTHER)  # signed in, no server of their own started
    answer = page.goto(flow.hub.url(f"user/{TRAINEE}/lab/tree/{quote(NOTEBOOK)}"))
    assert answer.status == 403, (answer.status, page.url)
    assert page.url.startswith(flow.hub.url("hub/")), page.url  # the hub said no
    assert "jupyterapp" not in page.content()
    api = page.context.request.get(flow.hub.url(f"user/{TRAINEE}/api/contents/course"))
    assert api.status == 403, (api.status, api.url)


#: The cohort on the hub, step by step, in order. Still to come with the notebooks' cohort
#: steps: the trainee submits (``guide.submit_coding``), the supervisor (``flow.tab("s01",
#: spawn=True)``) collects and compares (``guide.collect_group``) and sends feedback
#: (``guide.send_feedback``), the trainee sees it (``guide.supervisor_feedback``), and the
#: second trainee cannot read the first one's submission through the kit.
FLOW: list[Callable[[Flow], None]] = [
    trainee_logs_in_and_gets_a_server,
    servers_token_reads_its_own_groups,
    trainee_tags_the_film,
    files_api_stays_in_the_home,
    other_trainee_cannot_open_the_server,
]


@pytest.fixture(scope="module")
def flow(hub: Hub, chromium: Any) -> Iterator[Flow]:
    shared = Flow(hub, chromium)
    try:
        yield shared
    finally:
        for tab in shared.tabs.values():
            tab.context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_a_trainee_codes_on_the_hub_and_nobody_else_gets_in(flow: Flow) -> None:
    for step in FLOW:  # a failure's traceback names its step
        step(flow)


@pytest.mark.browser
@pytest.mark.slow
def test_ctrl_c_stops_hub_proxy_servers_and_kernels(flow: Flow, hub: Hub) -> None:
    from hub import demo

    running = demo.demo_processes(hub.root)
    assert len(running) >= 4, running  # hub, proxy, the trainee's server and kernel
    left = hub.stop()
    assert hub.process.returncode == 0, hub.logs()
    assert left == [], f"still running after Ctrl-C: {left}\n{hub.logs()}"
    assert f"password: {hub.password}" in hub.log.read_text()  # `make hub` prints it
    assert "stopped: hub, proxy and servers" in hub.log.read_text()
    assert "ended by force" not in hub.log.read_text()

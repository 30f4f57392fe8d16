"""The course on a real JupyterHub (the demo hub of ``make hub``), in headless Chromium.

One hub for the module, three servers. The cohort flow runs as named steps (``FLOW``)
that share one ``Flow``: a trainee logs in through the real login form, codes the tagging
notebook in their own copy (the film plays under ``/user/NAME/files/``) and sends the
coding; their server's token reads their own hub groups; the server's files API stays
inside their home (no other home, no exchange); a second trainee cannot open the first
one's server. The supervisor compares the group from the exchange (notebook 07) and sends
feedback, which the trainee reads in notebook 04; the second trainee, on their own server,
is refused the first one's work by the kit. The last test stops the hub as Ctrl-C does and
finds no process of it left.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import pytest

if TYPE_CHECKING:
    from hub import Hub

pytest_plugins = ["browser", "hub"]

REPO = Path(__file__).resolve().parents[1]

TRAINEE, OTHER = "t01", "t02"
CODER = "T01"  # the trainee's pseudonym, typed into the notebook's settings cell
NOTEBOOK = "course/notebooks/03_code_a_film.ipynb"
CLIP = "group-bridge-building"
FILM = f"course/media/practice/{CLIP}.mp4"
TAGGER_VIDEO = "document.querySelector('.vigkit-tagger video')"
SUPERVISOR, PSEUDONYM = "s01", "S01"
NOTE = "You saw the children's turns well; look again at 0:02 with me."
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

# The index of the first cell whose source holds `text`.
_CELL_WITH = """(text) => window.jupyterapp.shell.currentWidget.content.widgets
  .findIndex((cell) => cell.model.sharedModel.getSource().includes(text))"""

# In cell `i`, replace each [old, new] (as a person edits the settings cell); say what was missing.
_EDIT = """([i, edits]) => {
  const cell = window.jupyterapp.shell.currentWidget.content.widgets[i].model.sharedModel;
  let source = cell.getSource();
  const missing = edits.filter(([old]) => !source.includes(old)).map(([old]) => old);
  for (const [old, replacement] of edits) source = source.replace(old, replacement);
  cell.setSource(source);
  return missing;
}"""


def edit_settings(page: Any, edits: dict[str, str]) -> None:
    """Change the notebook's settings cell (its first code cell) as a person would."""
    assert page.evaluate(_EDIT, [1, list(edits.items())]) == [], edits


def run_all(tab: Any) -> None:
    """Run All, and see no error: a cell that fails stops Run All, so say which it was."""
    try:
        tab.run_all(timeout=120)
    except Exception as error:
        counts = tab.page.evaluate(
            """() => window.jupyterapp.shell.currentWidget.content.widgets.map(
              (c) => c.model.type === "code" ? c.model.executionCount : "-")"""
        )
        raise AssertionError(f"Run All stopped: {tab.problems()}, cells run: {counts}") from error
    assert tab.problems() == [], tab.problems()


def run_cell_with(flow: Flow, user: str, text: str) -> str:
    """Run the cell of ``user``'s open notebook that holds ``text``; its output's text."""
    index = flow.tabs[user].evaluate(_CELL_WITH, text)
    assert index >= 0, f"no cell with {text!r}"
    return str(flow.notebooks[user].run_cell(index, timeout=60))


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

    def open(self, user: str, notebook: str) -> Any:
        """Open ``notebook`` (under the home) in ``user``'s tab, starting their server if
        it is not running; returns the ``NotebookTab``."""
        from browser import NotebookTab

        from hub import HubLab

        page = self.tab(user, spawn=True)
        if not urlsplit(page.url).path.startswith(f"/user/{user}/"):
            page.goto(self.hub.url(f"hub/spawn?next={quote(f'/user/{user}/lab')}"))
            page.wait_for_url(lambda url: f"/user/{user}/lab" in url, timeout=150_000)
        self.notebooks[user] = NotebookTab(page, HubLab(self.hub, user), notebook, timeout=90)
        return self.notebooks[user]

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
    edit_settings(page, {'CODER = "T07"': f'CODER = "{CODER}"'})
    run_all(tab)
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


def trainee_sends_the_coding(flow: Flow) -> None:
    said = run_cell_with(flow, TRAINEE, "guide.send_coding(")
    assert f"Sent: your coding of {CLIP}, 3 tags" in said, said
    [submission] = (flow.hub.root / "exchange" / "vig-demo" / "people" / CODER).glob(
        "submissions/*/manifest.json"
    )
    assert json.loads(submission.read_text())["coder"] == CODER


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
    status, _ = flow.get(TRAINEE, f"user/{TRAINEE}/api/contents/..%2F..%2Fexchange%2Fvig-demo")
    assert status == 404, status  # not even one's own submission, by the files API
    print(f"files API outside the home: {statuses}; another's server: {answer.status}")


def other_trainee_cannot_open_the_server(flow: Flow) -> None:
    page = flow.tab(OTHER)  # signed in, no server of their own started
    answer = page.goto(flow.hub.url(f"user/{TRAINEE}/lab/tree/{quote(NOTEBOOK)}"))
    assert answer.status == 403, (answer.status, page.url)
    assert page.url.startswith(flow.hub.url("hub/")), page.url  # the hub said no
    assert "jupyterapp" not in page.content()
    api = page.context.request.get(flow.hub.url(f"user/{TRAINEE}/api/contents/course"))
    assert api.status == 403, (api.status, api.url)


def supervisor_collects_compares_and_sends_feedback(flow: Flow) -> None:
    from vigkit import Coding, Workspace

    # The supervisor coded the film before (their coding of the group example).
    coding = Coding.read(REPO / "examples" / "group" / f"{CLIP}__{PSEUDONYM}.csv")
    journal = Workspace(flow.hub.home(SUPERVISOR) / "vigkit-work").journal(
        CLIP, PSEUDONYM, role="supervisor"
    )
    for event in coding.events.itertuples():
        offset = None if event.offset == event.onset else event.offset
        journal.add(event.code, event.onset, offset, subject=event.subject)
    tab = flow.open(SUPERVISOR, "course/notebooks/07_supervisor.ipynb")
    edit_settings(
        flow.tabs[SUPERVISOR],
        {
            'FOLDER = "examples/group"': 'FOLDER = "exchange"',
            'TRAINEE = "T03"': f'TRAINEE = "{CODER}"',
            'NOTE = ""': f"NOTE = {NOTE!r}",
            "COMMENTS = []": 'COMMENTS = [("0:02", "Here: she looks up and waits")]',
        },
    )
    run_all(tab)
    whoami, _, _ = json.loads(flow.tabs[SUPERVISOR].evaluate(_RUN, WHOAMI))
    assert whoami["groups"] == ["vig-demo-supervisors"], whoami  # what makes them supervisor
    compared = flow.tabs[SUPERVISOR].evaluate(_RUN, "print(sorted(group.coders))")
    assert compared.strip() == f"['{PSEUDONYM}', '{CODER}']", compared  # from the exchange
    said = run_cell_with(flow, SUPERVISOR, "guide.send_feedback(")
    assert f"Sent to {CODER}: your note, 1 comment on moments" in said, said


def trainee_sees_the_feedback(flow: Flow) -> None:
    tab = flow.open(TRAINEE, "course/notebooks/04_compare_with_supervisor.ipynb")
    edit_settings(flow.tabs[TRAINEE], {'CODER = "T07"': f'CODER = "{CODER}"'})
    for text in ("# Your settings", "guide.compare_with_supervisor("):
        run_cell_with(flow, TRAINEE, text)
    said = run_cell_with(flow, TRAINEE, "guide.supervisor_feedback(")
    assert f"Feedback from your supervisor {PSEUDONYM}" in said and NOTE in said, said
    assert "she looks up and waits" in said, said
    assert tab.problems() == [], tab.problems()


def other_trainee_cannot_read_it_through_the_kit(flow: Flow) -> None:
    from browser import write_notebook

    write_notebook(flow.hub.home(OTHER) / "peek.ipynb", ["from vigkit import cohort, guide"])
    flow.open(OTHER, "peek.ipynb").run_all()
    tries = [
        f"cohort.my_submissions({CODER!r})",
        f"cohort.feedback_for({CODER!r})",
        f"cohort.collect(supervisor={PSEUDONYM!r}, clip={CLIP!r})",
        f"cohort.collect(supervisor='T02', clip={CLIP!r})",
        f"guide.supervisor_feedback({CODER!r}, {CLIP!r})",
    ]
    for code in tries:
        said = flow.tabs[OTHER].evaluate(
            _RUN, f"try:\n    print(repr({code}))\nexcept Exception as e:\n    print('REFUSED', e)"
        )
        assert said.startswith("REFUSED"), (code, said)
        assert NOTE not in said and "manifest" not in said, (code, said)
    print(f"through the kit, {OTHER} is told: {said}")


#: The cohort on the hub, step by step, in order.
FLOW: list[Callable[[Flow], None]] = [
    trainee_logs_in_and_gets_a_server,
    servers_token_reads_its_own_groups,
    trainee_tags_the_film,
    trainee_sends_the_coding,
    files_api_stays_in_the_home,
    other_trainee_cannot_open_the_server,
    supervisor_collects_compares_and_sends_feedback,
    trainee_sees_the_feedback,
    other_trainee_cannot_read_it_through_the_kit,
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

"""The exchange in one-user mode (every server one account, as in containers): settings,
submitting, collecting, feedback, pseudonyms bound to accounts, damaged and tampered
submissions, shared films without metadata, and the hub's groups asked of a hub's API."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from vigkit.agreement.group import compare_many
from vigkit.coding import Workspace, load_scheme
from vigkit.cohort import (
    CohortError,
    CohortSettings,
    MomentComment,
    cohort_settings,
    collect,
    create_course,
    feedback_for,
    my_submissions,
    open_course,
    return_feedback,
    submit,
)
from vigkit.cohort.films import source_tags
from vigkit.cohort.manifest import MANIFEST, MANIFEST_SUM
from vigkit.core.errors import ConsentError
from vigkit.media.ffmpeg import run_ffmpeg
from vigkit.privacy.erase import erase_film
from vigkit.privacy.identity import film_fingerprint
from vigkit.privacy.ledger import made_from
from vigkit.privacy.register import record_consent

from films import make_film

CODES = load_scheme().codes
HUB_ENV = ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN")


@pytest.fixture(autouse=True)
def _no_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in HUB_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def course(tmp_path: Path) -> CohortSettings:
    (tmp_path / "ex").mkdir()
    made = create_course(
        "vig-2027", tmp_path / "ex", supervisors=["S01"], trainees=["T01", "T02", "T03"]
    )
    assert made.settings is not None
    return made.settings


def as_account(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Run as hub user ``name`` on a hub whose API is not asked (one-user mode)."""
    monkeypatch.setenv("JUPYTERHUB_USER", name)


def tag(workspace: Workspace, clip: str, coder: str, onsets: list[float]) -> None:
    journal = workspace.journal(clip, coder)
    for i, onset in enumerate(onsets):
        journal.add(code=CODES[(i * 7) % len(CODES)], onset=onset)


def test_settings_come_from_the_file_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "cohort.yaml"
    good.write_text("course: vig-2027\nexchange: ex\n", encoding="utf-8")
    monkeypatch.setenv("VIGKIT_COHORT", str(good))
    settings = cohort_settings()
    assert (settings.course, settings.exchange, settings.source) == (
        "vig-2027", tmp_path / "ex", good
    )  # fmt: skip
    bad = tmp_path / "bad.yaml"
    bad.write_text("course: VIG 2027\nexchange: /x\nexhange: /y\n", encoding="utf-8")
    with pytest.raises(CohortError) as said:
        cohort_settings(bad)
    assert "line 1: 'VIG 2027' cannot be a course id" in str(said.value)
    assert "line 3: unknown field 'exhange'" in str(said.value)
    with pytest.raises(CohortError, match="there is no cohort settings file here"):
        cohort_settings(tmp_path / "none.yaml")
    with pytest.raises(CohortError, match=r"exchange folder .*ex is not there"):
        open_course(settings)


def test_trainees_submit_and_the_supervisor_collects_compares_and_returns_feedback(
    course: CohortSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spaces = {}
    for coder, onsets in {"T01": [1, 5, 9], "T02": [1.5, 5, 12], "T03": [2, 6]}.items():
        as_account(monkeypatch, f"user-{coder}")
        spaces[coder] = Workspace(tmp_path / coder)
        tag(spaces[coder], "home-visit", coder, [float(o) for o in onsets])
        first = submit(
            "coding", coder=coder, clip="home-visit", workspace=spaces[coder], settings=course
        )
        assert first.manifest.scheme == "attuned-interactions"
    as_account(monkeypatch, "user-T01")
    tag(spaces["T01"], "home-visit", "T01", [14.0])
    second = submit(
        "coding", coder="T01", clip="home-visit", workspace=spaces["T01"], settings=course
    )
    assert [s.id for s in my_submissions("T01", course)][-1] == second.id
    assert len(my_submissions("T01", course)) == 2

    as_account(monkeypatch, "user-S01")
    got = collect(supervisor="S01", clip="home-visit", settings=course)
    assert got.problems == []
    assert sorted(got.latest) == ["T01", "T02", "T03"]
    assert got.latest["T01"].id == second.id
    assert [s.id for s in got.history["T01"]][-1] == second.id and len(got.history["T01"]) == 2
    codings = dict(got.codings("home-visit"))
    assert got.latest["T02"].coding() == codings["T02"]
    assert codings["T01"] == spaces["T01"].coding("home-visit", "T01")
    group = compare_many(list(codings.values()))
    assert group is not None
    made = return_feedback(
        got.latest["T01"], supervisor="S01", note="You saw the waiting; well done.",
        comments=[MomentComment(5.0, "Here she waits for him", CODES[0])],
        figures={"kappa": 0.61, "verdict": "developing"}, settings=course,
    )  # fmt: skip
    assert made.path.is_file()

    as_account(monkeypatch, "user-T01")
    mine = feedback_for("T01", settings=course)
    assert [(f.note, f.comments, f.figures) for f in mine] == [
        (made.note, made.comments, {"kappa": 0.61, "verdict": "developing"})
    ]
    as_account(monkeypatch, "user-T02")
    assert feedback_for("T02", settings=course) == []


def test_a_pseudonym_belongs_to_the_first_account_that_used_it(
    course: CohortSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = Workspace(tmp_path / "ws")
    tag(space, "clip", "T01", [1.0])
    as_account(monkeypatch, "alice")
    submit("coding", coder="T01", clip="clip", workspace=space, settings=course)
    as_account(monkeypatch, "bob")
    for attempt in (
        lambda: submit("coding", coder="T01", clip="clip", workspace=space, settings=course),
        lambda: my_submissions("T01", course),
        lambda: feedback_for("T01", settings=course),
        lambda: collect(supervisor="T01", settings=course),
    ):
        with pytest.raises(CohortError) as said:
            attempt()
        assert "T01" in str(said.value) and "alice" not in str(said.value)
    owner = json.loads((course.root / "people" / "T01" / "owner.json").read_text())
    assert "alice" not in json.dumps(owner) and len(owner["account"]) == 64
    with pytest.raises(CohortError, match="X99 is not on the roster"):
        my_submissions("X99", course)
    with pytest.raises(CohortError, match="only the course's supervisors may collect"):
        collect(supervisor="T02", settings=course)


def _tamper(path: Path, text: bytes) -> None:
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
    path.write_bytes(text)


def test_damaged_tampered_and_unknown_submissions_are_named_and_never_shown(
    course: CohortSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = Workspace(tmp_path / "ws")
    subs = {}
    for coder in ("T01", "T02", "T03"):
        as_account(monkeypatch, coder)
        tag(space, "clip", coder, [1.0, 2.0])
        subs[coder] = submit("coding", coder=coder, clip="clip", workspace=space, settings=course)
    # T01's coding changed after submitting; T02's manifest claims it is T03's work.
    coding = subs["T01"].folder / "coding.csv"
    _tamper(coding, coding.read_bytes().replace(b"1.0", b"7.0"))
    manifest = subs["T02"].folder / MANIFEST
    _tamper(manifest, manifest.read_bytes().replace(b'"T02"', b'"T03"'))
    # T03's second submission is cut off (its manifest checksum is gone).
    tag(space, "clip", "T03", [4.0])
    late = submit("coding", coder="T03", clip="clip", workspace=space, settings=course)
    os.chmod(late.folder, 0o755)
    (late.folder / MANIFEST_SUM).unlink()
    # Someone not on the roster, and a half-written submission left in a hidden folder.
    stranger = course.root / "people" / "X99" / "submissions"
    stranger.mkdir(parents=True)
    shutil.copytree(subs["T03"].folder, stranger / subs["T03"].id)
    (course.root / "people" / "T03" / "submissions" / ".half.vigkit-1-x.tmp").mkdir()

    as_account(monkeypatch, "S01")
    got = collect(supervisor="S01", settings=course)
    assert sorted(got.latest) == ["T03"] and got.latest["T03"].id == subs["T03"].id
    said = "\n".join(got.problems)
    assert f"T01's submission {subs['T01'].id} was skipped: coding.csv was changed" in said
    assert f"T02's submission {subs['T02'].id} was skipped: the manifest was changed" in said
    assert f"T03's submission {late.id} was skipped: manifest.sha256 is missing" in said
    assert "people/X99 was skipped: X99 is not a trainee on the course's roster" in said
    assert ".half" not in said and len(got.problems) == 4
    assert [c for c, _ in got.codings("clip")] == ["T03"]


def test_a_film_is_shared_only_with_consent_and_without_its_metadata(
    course: CohortSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = make_film(tmp_path / "plain.mp4", seconds=2.0, size=(160, 90), consent=False)
    film = tmp_path / "IMG_0042.mp4"
    secrets = {
        "title": "Maya at home with Jane",
        "location": "+51.5074-000.1278/",
        "com.apple.quicktime.model": "iPhone 15 Pro of Jane",
    }
    args: list[str | Path] = ["-i", plain, "-map", "0", "-c", "copy"]
    for key, value in secrets.items():
        args += ["-metadata", f"{key}={value}"]
    args += ["-metadata:s:v", "handler_name=Jane's iPhone camera", "-movflags", "use_metadata_tags"]
    run_ffmpeg([*args, film], action="tag a test film")
    assert set(secrets.values()) <= set(source_tags(film).values())
    space = Workspace(tmp_path / "ws")
    space.register_clip("visit", source=film, duration=2.0)
    tag(space, "visit", "T01", [0.5])
    as_account(monkeypatch, "T01")
    record_consent(
        film,
        clip="visit",
        given_on="2026-01-01",
        uses=["own-review"],
        recorded_by="T01",
        workspace=space,
    )
    with pytest.raises(ConsentError, match="supervision"):
        submit(
            "coding", coder="T01", clip="visit", workspace=space, share_film=True, settings=course
        )
    assert my_submissions("T01", course) == []
    assert os.listdir(course.root / "people" / "T01" / "submissions") == []

    record_consent(
        film, clip="visit", given_on="2026-01-01", uses=["own-review", "supervision"],
        recorded_by="T01", workspace=space,
    )  # fmt: skip
    made = submit(
        "coding", coder="T01", clip="visit", workspace=space, share_film=True, settings=course
    )
    fingerprint = film_fingerprint(film)
    assert [(f.clip, f.fingerprint) for f in made.manifest.films] == [("visit", fingerprint)]
    copy = made.path(f"films/{fingerprint}.mp4")
    data = copy.read_bytes()
    for value in [*secrets.values(), "Jane's iPhone camera"]:
        assert value.encode() not in data
    assert not set(secrets.values()) & set(source_tags(copy).values())
    assert made_from(copy, workspace=space) is not None  # audited; erased with the film
    erase_film("visit", space)
    assert not copy.exists()
    as_account(monkeypatch, "S01")
    after = collect(supervisor="S01", settings=course)
    assert after.problems == [] and after.latest["T01"].id == made.id
    as_account(monkeypatch, "T01")
    plain_only = submit("coding", coder="T01", clip="visit", workspace=space, settings=course)
    assert [f.name for f in plain_only.manifest.files] == ["coding.csv"]
    assert plain_only.manifest.films == made.manifest.films


HUB_USERS = {
    "tok-sup": ("sam", ["vig-2027-supervisors"]),
    "tok-t": ("tia", ["vig-2027-trainees"]),
    "tok-narrow": ("sam", None),  # a server token without read:users:groups
}


class _Hub(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        token = self.headers.get("Authorization", "").removeprefix("token ")
        if self.path != "/hub/api/user" or token not in HUB_USERS:
            self.send_response(403)
            self.end_headers()
            return
        name, groups = HUB_USERS[token]
        model = {"name": name, "kind": "user"} | ({"groups": groups} if groups is not None else {})
        body = json.dumps(model).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hub_api() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hub/api"
    server.shutdown()
    server.server_close()


def test_on_a_hub_only_members_of_the_supervisors_group_collect(
    course: CohortSettings, hub_api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first check against an answer shaped like the hub's (tests/test_hub* use a real hub)."""
    monkeypatch.setenv("JUPYTERHUB_API_URL", hub_api)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-t")
    with pytest.raises(CohortError, match="tia is not in the hub group 'vig-2027-supervisors'"):
        collect(supervisor="S01", settings=course)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-sup")
    assert collect(supervisor="S01", settings=course).latest == {}
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-narrow")
    with pytest.raises(CohortError, match="scope read:users:groups!user"):
        collect(supervisor="S01", settings=course)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "wrong")
    with pytest.raises(CohortError, match="refused to say who you are \\(HTTP 403\\)"):
        collect(supervisor="S01", settings=course)
    monkeypatch.setenv("JUPYTERHUB_API_URL", "http://hub.example.org:8081/hub/api")
    with pytest.raises(CohortError, match="not on this computer"):
        collect(supervisor="S01", settings=course)


def _submit_at(
    start: multiprocessing.synchronize.Barrier,
    settings: CohortSettings,
    space: Path,
    account: str,
    coder: str,
) -> None:
    os.environ["JUPYTERHUB_USER"] = account
    start.wait()
    try:
        submit("coding", coder=coder, clip="clip", workspace=space, settings=settings)
    except CohortError:
        os._exit(3)
    os._exit(0)


def test_submissions_at_the_same_instant_all_land_whole(
    course: CohortSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = Workspace(tmp_path / "ws")
    tag(space, "clip", "T01", [1.0])
    tag(space, "clip", "T02", [1.0])
    context = multiprocessing.get_context("fork")
    # Six submissions by T01 at once, and two accounts claiming the new T02 at once.
    jobs = [("alice", "T01")] * 6 + [("bob", "T02"), ("carol", "T02")]
    start = context.Barrier(len(jobs))
    workers = [
        context.Process(target=_submit_at, args=(start, course, space.root, a, c)) for a, c in jobs
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    codes = [w.exitcode for w in workers]
    assert codes[:6] == [0] * 6 and sorted(codes[6:]) == [0, 3]
    as_account(monkeypatch, "S01")
    got = collect(supervisor="S01", settings=course)
    assert got.problems == [] and len(got.history["T01"]) == 6 and len(got.history["T02"]) == 1
    assert len({s.id for s in got.history["T01"]}) == 6
    assert all(
        not n.startswith(".") for n in os.listdir(course.root / "people" / "T01" / "submissions")
    )


def test_the_command_line_round_trip(tmp_path: Path) -> None:
    def vigkit(*args: str | Path, user: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "JUPYTERHUB_USER": user}
        for name in ("JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN"):
            env.pop(name, None)
        return subprocess.run(
            [sys.executable, "-m", "vigkit", *map(str, args)], cwd=tmp_path, env=env,
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    (tmp_path / "ex").mkdir()
    settings = tmp_path / "cohort.yaml"
    made = vigkit("cohort", "create", "vig-2027", "--exchange", "ex", "--supervisor", "S01",
                  "--trainee", "T01", "--settings", settings, user="sam")  # fmt: skip
    assert made.returncode == 0, made.stderr
    tag(Workspace(tmp_path / "ws"), "clip", "T01", [1.0, 3.0])
    sent = vigkit("cohort", "submit", "coding", "clip", "--coder", "T01", "--workspace", "ws",
                  "--settings", settings, user="tia")  # fmt: skip
    assert sent.returncode == 0 and "Submitted coding as T01" in sent.stdout, sent.stderr
    ident = sent.stdout.split(": ")[1].split()[0]
    got = vigkit("cohort", "collect", "--supervisor", "S01", "--settings", settings, user="sam")
    assert got.returncode == 0 and f"T01        coding    clip             {ident}" in got.stdout
    back = vigkit("cohort", "feedback", "send", ident, "--supervisor", "S01", "--note", "Good eye",
                  "--comment", "0:03:she waits", "--figure", "kappa=0.5", "--settings", settings,
                  user="sam")  # fmt: skip
    assert back.returncode == 0, back.stderr
    shown = vigkit(
        "cohort", "feedback", "show", "--coder", "T01", "--settings", settings, user="tia"
    )
    assert (
        "Good eye" in shown.stdout
        and "at 3 s: she waits" in shown.stdout
        and "kappa: 0.5" in shown.stdout
    )
    other = vigkit(
        "cohort", "feedback", "show", "--coder", "T01", "--settings", settings, user="tom"
    )
    assert other.returncode == 2 and "Good eye" not in other.stdout + other.stderr
    assert other.stderr.startswith("vigkit: T01 is already used by another account")

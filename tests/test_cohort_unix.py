"""The exchange in Unix mode, with real throw-away accounts and groups (made with useradd and
groupadd, removed afterwards): the kit runs as each of them in its own process, so the
kernel's permissions, not the kit's courtesy, keep one trainee out of another's work. Also a
real full disk (a tiny tmpfs) and an exchange the account may not write. Needs root (CI)."""

from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from vigkit.cli.main import main
from vigkit.coding import Workspace, load_scheme
from vigkit.cohort import CohortSettings, collect, create_course, submit
from vigkit.cohort.settings import settings_text

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="making Unix accounts needs root")

ROOT = Path(__file__).resolve().parents[1]
CODES = load_scheme().codes


def reachable(path: Path) -> bool:
    """Whether any account may run or read ``path``: every folder above it searchable."""
    target = path.resolve()
    for folder in target.parents:
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return False
    return bool(os.stat(target).st_mode & stat.S_IROTH)


class Reach:
    """Makes folders other accounts cannot reach (a venv under /root, say) reachable, as
    read-only bind mounts in a folder of their own, unmounted afterwards."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.mounts: list[Path] = []

    def __call__(self, path: Path) -> Path:
        if reachable(path):
            return path
        target = self.base / str(len(self.mounts))
        target.mkdir(parents=True)
        os.chmod(self.base, 0o755)
        subprocess.run(["mount", "--bind", "-o", "ro", path, target], check=True)
        self.mounts.append(target)
        return target

    def close(self) -> None:
        for target in reversed(self.mounts):
            subprocess.run(["umount", target], check=True)
            target.rmdir()  # empty once unmounted; never removed with what was mounted
        with contextlib.suppress(FileNotFoundError):
            self.base.rmdir()


def interpreter(reach: Reach) -> Path:
    """This Python, or one of its version, that other accounts may run."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (Path(sys.executable), Path(f"/usr/bin/{version}")):
        if candidate.exists() and reachable(candidate):
            return candidate
    prefix = Path(sys.base_prefix).resolve()
    return reach(prefix) / Path(sys.executable).resolve().relative_to(prefix)


def site_folders(reach: Reach) -> list[str]:
    """The checkout and this Python's site-packages, as other accounts reach them."""
    folders = [ROOT, *{Path(sysconfig.get_paths()[k]) for k in ("purelib", "platlib")}]
    return [str(reach(folder)) for folder in folders]


@dataclass(frozen=True)
class Said:
    """What one command did: exit status, output, messages."""

    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Accounts:
    course: str
    group: str
    supervisor: str
    trainee1: str
    trainee2: str
    outsider: str
    python: Path
    paths: tuple[str, ...]
    scratch: Path

    def run(self, user: str, *args: str | Path) -> Said:
        """``vigkit ARGS`` as ``user`` (their own group and, for the supervisor, the course's)."""
        return self.run_many(user, [args])[0]

    def run_many(self, user: str, commands: list[tuple[str | Path, ...]]) -> list[Said]:
        """Several ``vigkit`` commands as ``user``, one after another in one process."""
        entry = pwd.getpwnam(user)
        extra = [self.group] if user == self.supervisor else []
        home = self.scratch / "home" / user
        code = (
            "import contextlib, io, json, site, sys\n"
            f"sys.path.insert(0, {self.paths[0]!r})\n"
            f"for p in {list(self.paths[1:])!r}: site.addsitedir(p)\n"
            "from vigkit.cli.main import main\nsaid = []\n"
            "for args in json.loads(sys.argv[1]):\n"
            "    out, err = io.StringIO(), io.StringIO()\n"
            "    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
            "        status = main(args)\n"
            "    said.append((status, out.getvalue(), err.getvalue()))\n"
            "print(json.dumps(said))"
        )
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "VIGKIT_WORKSPACE": str(home / "ws")}
        wanted = json.dumps([[str(a) for a in args] for args in commands])
        done = subprocess.run(
            [str(self.python), "-s", "-c", code, wanted], user=entry.pw_uid, group=entry.pw_gid,
            extra_groups=extra, env=env, cwd=home, capture_output=True, text=True, timeout=60,
            check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return [Said(*result) for result in json.loads(done.stdout)]

    def read(self, user: str, path: Path) -> str:
        """What ``user`` gets when listing or reading ``path`` directly (not through the kit)."""
        entry = pwd.getpwnam(user)
        code = (
            "import os, sys\np = sys.argv[1]\n"
            "try:\n    print(os.listdir(p) if os.path.isdir(p) else open(p).read())\n"
            "except PermissionError as e:\n    print('denied')"
        )
        done = subprocess.run(
            [str(self.python), "-s", "-c", code, str(path)], user=entry.pw_uid,
            group=entry.pw_gid, extra_groups=[], capture_output=True, text=True, check=False,
        )  # fmt: skip
        return done.stdout.strip()


@pytest.fixture(scope="module")
def accounts() -> Iterator[Accounts]:
    tag = secrets.token_hex(3)
    course = f"vgk-{tag}"
    group = f"{course}-supervisors"
    names = [f"vgk-{tag}-{who}" for who in ("s", "t1", "t2", "x")]
    scratch = Path(tempfile.mkdtemp(prefix=f"vgk-{tag}-", dir="/tmp"))
    os.chmod(scratch, 0o755)
    reach = Reach(Path(f"/tmp/vgk-{tag}-mounts"))
    made: list[str] = []
    try:
        subprocess.run(["groupadd", group], check=True)
        for name in names:
            extra = ["-G", group] if name.endswith("-s") else []
            subprocess.run(
                ["useradd", "-M", "-U", "-s", "/usr/sbin/nologin", *extra, name], check=True
            )
            made.append(name)
            home = scratch / "home" / name
            home.mkdir(parents=True)
            os.chown(home, pwd.getpwnam(name).pw_uid, pwd.getpwnam(name).pw_gid)
        python, paths = interpreter(reach), tuple(site_folders(reach))
        yield Accounts(course, group, *names, python, paths, scratch)
    finally:
        reach.close()
        for name in made:
            subprocess.run(["userdel", name], check=False, capture_output=True)
        subprocess.run(["groupdel", group], check=False, capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)
        for name in made:
            with pytest.raises(KeyError):
                pwd.getpwnam(name)


def _workspace_of(accounts: Accounts, user: str, coder: str) -> Path:
    """A workspace in ``user``'s home with their coding of clip ``visit``, owned by them."""
    folder = accounts.scratch / "home" / user / "ws"
    journal = Workspace(folder).journal("visit", coder)
    journal.add(code=CODES[0], onset=1.0)
    journal.add(code=CODES[5], onset=4.0)
    entry = pwd.getpwnam(user)
    for dirpath, _, files in os.walk(folder):
        os.chown(dirpath, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(os.path.join(dirpath, name), entry.pw_uid, entry.pw_gid)
    return folder


def test_each_account_sees_only_what_is_theirs(accounts: Accounts) -> None:
    exchange = accounts.scratch / "exchange"
    exchange.mkdir()
    course = create_course(
        accounts.course, exchange, supervisors=["S01"], trainees=["T01", "T02"], unix_groups=True
    )
    settings = accounts.scratch / "cohort.yaml"
    settings.write_text(settings_text(accounts.course, exchange), encoding="utf-8")
    assert grp.getgrgid(course.people.stat().st_gid).gr_name == accounts.group
    ws1 = _workspace_of(accounts, accounts.trainee1, "T01")
    ws2 = _workspace_of(accounts, accounts.trainee2, "T02")
    t1, t2, sup = accounts.trainee1, accounts.trainee2, accounts.supervisor

    here = ("--settings", settings)
    sent = accounts.run(
        t1, "cohort", "submit", "coding", "visit", "--coder", "T01", "--workspace", ws1, *here
    )
    assert sent.returncode == 0, sent.stderr
    ident = sent.stdout.split(": ")[1].split()[0]
    box = course.person_folder("T01") / "submissions" / ident
    assert stat.S_IMODE(os.stat(box / "coding.csv").st_mode) == 0o440
    assert os.stat(course.person_folder("T01")).st_mode & stat.S_ISGID

    # T02's account: the kit refuses in words, and the files themselves are closed.
    *peeks, nosy, mine = accounts.run_many(t2, [
        ("cohort", "submit", "coding", "visit", "--coder", "T01", "--workspace", ws2, *here),
        ("cohort", "status", "--coder", "T01", *here),
        ("cohort", "feedback", "show", "--coder", "T01", *here),
        ("cohort", "collect", "--supervisor", "S01", *here),
        ("cohort", "submit", "coding", "visit", "--coder", "T02", "--workspace", ws2, *here),
    ])  # fmt: skip
    for peek in peeks:
        assert peek.returncode == 2, peek.stderr
        assert "T01 belongs to another account (permission denied)" in peek.stderr
        assert "Traceback" not in peek.stderr and ident not in peek.stdout + peek.stderr
    assert nosy.returncode == 2 and f"Unix group '{accounts.group}'" in nosy.stderr, nosy.stderr
    assert mine.returncode == 0, mine.stderr
    assert accounts.read(t2, course.people) == "denied"
    assert accounts.read(t2, course.person_folder("T01")) == "denied"
    assert accounts.read(t2, box / "coding.csv") == "denied"

    # The supervisor (in the course's group) collects everyone's and returns feedback.
    got, back = accounts.run_many(sup, [
        ("cohort", "collect", "--supervisor", "S01", *here),
        ("cohort", "feedback", "send", ident, "--supervisor", "S01", "--note", "Well seen", *here),
    ])  # fmt: skip
    assert got.returncode == 0, got.stderr
    assert "2 of 2 trainees submitted" in got.stdout and ident in got.stdout
    assert back.returncode == 0, back.stderr
    shown = accounts.run(t1, "cohort", "feedback", "show", "--coder", "T01", *here)
    assert shown.returncode == 0 and "Well seen" in shown.stdout, shown.stderr
    other = accounts.run(t2, "cohort", "feedback", "show", "--coder", "T02", *here)
    assert other.returncode == 0 and "No feedback for T02 yet" in other.stdout
    # An account outside the supervisors' group cannot act as the supervisor.
    outsider = accounts.run(accounts.outsider, "cohort", "collect", "--supervisor", "S01", *here)
    assert outsider.returncode == 2 and accounts.group in outsider.stderr, outsider.stderr


def test_an_exchange_the_account_may_not_write_is_named(accounts: Accounts) -> None:
    exchange = accounts.scratch / "closed"
    exchange.mkdir()
    create_course(accounts.course, exchange, supervisors=["S01"], trainees=["T01"])
    settings = accounts.scratch / "closed.yaml"
    settings.write_text(settings_text(accounts.course, exchange), encoding="utf-8")
    ws = _workspace_of(accounts, accounts.trainee1, "T01")
    missing = accounts.scratch / "gone.yaml"
    missing.write_text(settings_text(accounts.course, accounts.scratch / "gone"), encoding="utf-8")
    sent, made, lost = accounts.run_many(accounts.trainee1, [
        ("cohort", "submit", "coding", "visit", "--coder", "T01", "--workspace", ws,
         "--settings", settings),
        ("cohort", "create", "c2", "--exchange", exchange, "--supervisor", "S01"),
        ("cohort", "status", "--settings", missing),
    ])  # fmt: skip
    mine = exchange / accounts.course / "people" / "T01"  # made by create_course, as root
    assert (
        sent.returncode == 2 and f"you cannot write to {mine} (permission denied)" in sent.stderr
    ), sent.stderr
    assert (
        made.returncode == 2
        and f"you cannot write to the exchange folder {exchange}" in made.stderr
    )
    assert (
        lost.returncode == 2 and "exchange folder" in lost.stderr and "is not there" in lost.stderr
    )
    assert sorted(os.listdir(mine)) == ["feedback", "submissions"]  # nothing was added
    assert os.listdir(mine / "submissions") == []


def test_a_full_exchange_disk_submits_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk], capture_output=True, check=False
    )
    assert mounted.returncode == 0, mounted.stderr
    try:
        course = create_course("vig-2027", disk, supervisors=["S01"], trainees=["T01"])
        settings = CohortSettings("vig-2027", disk)
        ws = Workspace(tmp_path / "ws")
        journal = ws.journal("visit", "T01")
        for i in range(40):
            journal.add(code=CODES[i % len(CODES)], onset=float(i), note="x" * 100)
        first = submit("coding", coder="T01", clip="visit", workspace=ws, settings=settings)
        assert collect(supervisor="S01", settings=settings).latest["T01"] == first
        with open(disk / "filler", "wb", buffering=0) as filler:  # fill to the last byte
            try:
                while True:
                    filler.write(b"\0" * 4096)
                    filler.flush()
            except OSError:
                pass
        (tmp_path / "s.yaml").write_text(settings_text("vig-2027", disk), encoding="utf-8")
        capsys.readouterr()
        code = main(
            [
                "cohort",
                "submit",
                "coding",
                "visit",
                "--coder",
                "T01",
                "--workspace",
                str(ws.root),
                "--settings",
                str(tmp_path / "s.yaml"),
            ]
        )
        said = capsys.readouterr().err
        assert code == 2 and "the exchange's disk is full while submitting" in said, said
        assert "nothing was submitted" in said
        box = course.person_folder("T01") / "submissions"
        assert os.listdir(box) == [first.id]
        assert [s.id for s in collect(supervisor="S01", settings=settings).history["T01"]] == [
            first.id
        ]
    finally:
        subprocess.run(["umount", disk], check=False)

"""How the command line ends on mistakes and conditions a user causes (issue 16): times such as
-0:01 read as times, NaN and infinity refused, output folders made only inside existing ones
(and every output option's --help says so), and the safety net in main that turns a full
disk, a refused permission, deep or huge input into exit 2 with what to do."""

from __future__ import annotations

import argparse
import errno
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from vigkit.cli.main import _parser, user_caused

DATA = Path(__file__).parent / "data"


def vigkit(*args: str | Path, cwd: Path, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False, **options,  # type: ignore[call-overload]
    )  # fmt: skip


def test_a_negative_time_is_a_time_not_an_option(tmp_path: Path) -> None:
    for args in (("cut", "film.mp4", "-0:01", "1", "out.mp4"),
                 ("stills", "film.mp4", "-1:02.5", "--out", "stills")):  # fmt: skip
        done = vigkit(*args, cwd=tmp_path)
        assert done.returncode == 2
        assert re.match(r"vigkit: (cut|stills): argument (START|TIME): '-[\d:.]+' is before the "
                        "start of the film", done.stderr), done.stderr  # fmt: skip
        assert "unrecognized" not in done.stderr and "expected one argument" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "61"])
def test_hold_still_takes_0_to_60_seconds(tmp_path: Path, value: str) -> None:
    done = vigkit("reel", "moments.csv", "out.mp4", "--hold-still", value, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("vigkit: reel: argument --hold-still: ")
    assert "time" in done.stderr or "at most 60" in done.stderr


def test_a_missing_output_folder_is_made_only_inside_an_existing_one(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_bytes((DATA / "good.csv").read_bytes())
    made = vigkit("export", "good.csv", "exports/good.eaf", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "exports" / "good.eaf").is_file()
    refused = vigkit("export", "good.csv", "typo/exports/good.eaf", cwd=tmp_path)
    assert refused.returncode == 2
    assert "the folder typo does not exist, so the kit will not make typo/exports" in (
        refused.stderr
    )
    assert not (tmp_path / "typo").exists()


def test_every_output_option_says_the_folder_rule_in_its_help() -> None:
    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    outputs = {
        "cut": "OUT.mp4", "proxy": "OUT.mp4", "reel": "OUT.mp4", "stills": "--out",
        "contact-sheet": "--out", "import": "OUT", "export": "OUT", "portfolio": "OUT",
        "compare": "--timeline",
    }  # fmt: skip
    for command, option in outputs.items():
        text = " ".join(commands.choices[command].format_help().split())
        assert "a missing folder is made only if the folder above it exists" in text, command
        assert option in text, command
    practice = commands.choices["practice"]
    steps = next(a for a in practice._actions if isinstance(a, argparse._SubParsersAction))
    assert "a missing folder is made only if" in " ".join(
        steps.choices["render"].format_help().split()
    )


def test_deeply_nested_input_ends_with_exit_2(tmp_path: Path) -> None:
    """JSON nested 50,000 deep in a coding file: a clear message, never 'inside the kit'."""
    (tmp_path / "deep.jsonl").write_text("[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    done = vigkit("validate", "deep.jsonl", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("vigkit: ") and "deep.jsonl" in done.stderr
    assert "inside the kit" not in done.stderr


def test_a_file_too_big_for_the_disk_ends_with_exit_2(tmp_path: Path) -> None:
    """A real write refused by the system (a 1 kB file-size limit, EFBIG): exit 2, naming
    the file, and no half-written export."""
    (tmp_path / "good.csv").write_bytes((DATA / "good.csv").read_bytes())

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    done = vigkit("export", "good.csv", "good.xlsx", cwd=tmp_path, preexec_fn=small_files)
    assert done.returncode == 2, done.stderr
    assert "larger than this disk allows" in done.stderr and "inside the kit" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.csv"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny disk needs root")
def test_a_full_disk_ends_with_exit_2_naming_the_file(tmp_path: Path) -> None:
    """A real full disk (a 64 kB tmpfs): "the disk is full while writing ...", exit 2."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk],
                      capture_output=True, check=False).returncode:  # fmt: skip
        pytest.skip("cannot mount a tmpfs here")
    try:
        (disk / "filler").write_bytes(b"\0" * 60_000)
        (tmp_path / "good.csv").write_bytes((DATA / "good.csv").read_bytes())
        done = vigkit("export", "good.csv", disk / "good.xlsx", cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert "the disk is full while writing" in done.stderr, done.stderr
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
    finally:
        subprocess.run(["umount", disk], check=False)


def test_the_safety_net_knows_which_errors_users_cause() -> None:
    args = argparse.Namespace(out=Path("reel.mp4"), film=Path("home.mov"))
    full = user_caused(OSError(errno.ENOSPC, "No space left on device"), args)
    assert full == (
        "the disk is full while writing reel.mp4; free some space (or write to another disk) "
        "and run the command again"
    )
    denied = user_caused(PermissionError(errno.EACCES, "Permission denied", "/srv/x"), args)
    assert denied is not None and denied.startswith("permission denied for /srv/x")
    gone = user_caused(FileNotFoundError(errno.ENOENT, "No such file", "a.csv"), args)
    assert gone is not None and gone.startswith("a.csv: there is no such file or folder")
    read_only = user_caused(OSError(errno.EROFS, "Read-only file system", "/mnt/x"), args)
    assert read_only is not None and "read-only" in read_only
    deep = user_caused(RecursionError(), args)
    assert deep is not None and "reel.mp4, home.mov" in deep and "nested too deeply" in deep
    assert "not enough memory" in (user_caused(MemoryError(), args) or "")
    assert user_caused(OSError(errno.EBADF, "Bad file descriptor"), args) is None  # a kit bug


def test_output_closed_early_is_not_an_error(tmp_path: Path) -> None:
    reader = subprocess.Popen(
        [sys.executable, "-m", "vigkit", "scheme", "--long"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()
    assert "inside the kit" not in reader.stderr.read()
    reader.wait(timeout=60)

"""The workspace folder layout and atomic file writes."""

from __future__ import annotations

import gc
import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vigkit import ClipRecord, Coding, CodingError, JournalError, VigkitError, Workspace
from vigkit.coding.workspace import FOLDERS, MARKER
from vigkit.core.atomic import atomic_path, atomic_write_bytes, atomic_write_text, atomic_writer

# ------------------------------------------------------------------ workspace


def test_workspace_creates_its_folders_and_marker(tmp_path: Path) -> None:
    root = tmp_path / "new" / "work"
    workspace = Workspace(root)
    assert workspace.root == root
    for folder in ("clips", "codings", "reflections", "exports"):
        assert (root / folder).is_dir()
    assert set(FOLDERS) == {"clips", "codings", "reflections", "exports"}
    marker = json.loads((root / MARKER).read_text(encoding="utf-8"))
    assert marker["format"] == 1
    assert marker["created"].endswith("Z")
    assert workspace.clips_dir == root / "clips"
    assert workspace.codings_dir == root / "codings"
    assert workspace.reflections_dir == root / "reflections"
    assert workspace.exports_dir == root / "exports"
    assert workspace.codings() == []
    assert not [p for p in root.iterdir() if p.name.startswith(".")]


def test_workspace_in_an_existing_empty_folder(tmp_path: Path) -> None:
    Workspace(tmp_path)
    assert (tmp_path / MARKER).is_file()


def test_workspace_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_text("my work", encoding="utf-8")
    with pytest.raises(VigkitError) as info:
        Workspace(tmp_path)
    assert str(tmp_path) in str(info.value)
    assert "not a vigkit workspace" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.docx"]


def test_workspace_refuses_a_file(tmp_path: Path) -> None:
    path = tmp_path / "file.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(VigkitError, match="this is a file"):
        Workspace(path)
    assert path.read_text(encoding="utf-8") == "x"


def test_workspace_reopens(tmp_path: Path) -> None:
    first = Workspace(tmp_path / "w")
    marker = (tmp_path / "w" / MARKER).read_text(encoding="utf-8")
    first.register_clip("C1", duration=12.5)
    (tmp_path / "w" / "reflections" / "note.md").write_text("kept", encoding="utf-8")
    again = Workspace(tmp_path / "w")
    assert (tmp_path / "w" / MARKER).read_text(encoding="utf-8") == marker
    assert again.clip("C1").duration == 12.5
    assert (tmp_path / "w" / "reflections" / "note.md").read_text(encoding="utf-8") == "kept"
    assert str(tmp_path / "w") in repr(again)


def test_register_clip_round_trip(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w")
    record = workspace.register_clip("family-a_01.v2", source=tmp_path / "film.mp4", duration=93.25)
    assert record == ClipRecord("family-a_01.v2", str(tmp_path / "film.mp4"), 93.25)
    assert workspace.clip("family-a_01.v2") == record
    assert (workspace.clips_dir / "family-a_01.v2.json").is_file()
    assert Workspace(tmp_path / "w").clip("family-a_01.v2") == record
    assert workspace.register_clip("C2") == ClipRecord("C2")
    assert workspace.clip("C2") == ClipRecord("C2", None, None)
    assert workspace.clip("never-registered") == ClipRecord("never-registered")
    workspace.register_clip("C2", duration=5)
    assert workspace.clip("C2").duration == 5.0


@pytest.mark.parametrize(
    "clip", ["", "../escape", "a/b", "with space", ".hidden", "-dash", "x" * 65, "é"]
)
def test_bad_clip_ids_are_refused(tmp_path: Path, clip: str) -> None:
    workspace = Workspace(tmp_path / "w")
    with pytest.raises(VigkitError):
        workspace.register_clip(clip)
    with pytest.raises(VigkitError):
        workspace.clip(clip)
    with pytest.raises(VigkitError):
        workspace.journal_path(clip, "T01")
    assert list(workspace.clips_dir.iterdir()) == []


@pytest.mark.parametrize("duration", [0, -1.0])
def test_register_clip_refuses_a_bad_duration(tmp_path: Path, duration: float) -> None:
    with pytest.raises(VigkitError, match="positive"):
        Workspace(tmp_path / "w").register_clip("C1", duration=duration)


def test_damaged_clip_record(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w")
    (workspace.clips_dir / "C1.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(VigkitError, match="cannot be read"):
        workspace.clip("C1")


def test_journal_gets_the_clip_duration(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w")
    workspace.register_clip("C1", duration=30)
    journal = workspace.journal("C1", "T01")
    assert journal.duration == 30
    assert journal.path == workspace.codings_dir / "C1" / "T01.journal.jsonl"
    journal.add("guiding", 29.5)
    with pytest.raises(CodingError) as info:
        journal.add("guiding", 31)
    assert "past the end of the clip" in str(info.value)
    with pytest.raises(CodingError):
        journal.add("guiding", 10, offset="0:31")
    assert len(workspace.coding("C1", "T01")) == 1


def test_codings_lists_pairs(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w")
    workspace.journal("C2", "T01").add("guiding", 1)
    workspace.journal("C1", "T02").add("guiding", 1)
    workspace.journal("C1", "S01", role="supervisor").add("being-attentive", 2)
    assert workspace.codings() == [("C1", "S01"), ("C1", "T02"), ("C2", "T01")]
    assert workspace.codings("C1") == [("C1", "S01"), ("C1", "T02")]
    assert workspace.codings("C9") == []
    coding = workspace.coding("C1", "S01")
    assert coding.coders == ("S01",)
    assert list(coding.events["role"]) == ["supervisor"]


def test_coding_of_an_unknown_pair(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w")
    workspace.journal("C1", "T01").add("guiding", 1)
    with pytest.raises(JournalError) as info:
        workspace.coding("C1", "T99")
    message = str(info.value)
    assert "T99 has not tagged clip C1" in message
    assert "Known codings: C1/T01" in message
    with pytest.raises(JournalError, match="Known codings: none"):
        Workspace(tmp_path / "empty").coding("C1", "T01")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_coding_reads_back_equal(tmp_path: Path, fmt: str) -> None:
    workspace = Workspace(tmp_path / "w")
    journal = workspace.journal("C1", "T01")
    journal.add("guiding", 1.5, 3, subject="adult", note='first, "quoted"\nsecond line')
    journal.add("Waiting", "0:02.25", subject="child")
    journal.add("being-attentive", 7)
    journal.undo()
    path = workspace.export_coding("C1", "T01", format=fmt)
    assert path == workspace.exports_dir / f"C1__T01.{fmt}"
    back = Coding.read(path)
    assert back == workspace.coding("C1", "T01")
    assert len(back) == 2


def test_export_coding_refuses_other_formats(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "w")
    workspace.journal("C1", "T01").add("guiding", 1)
    with pytest.raises(VigkitError, match="csv or jsonl"):
        workspace.export_coding("C1", "T01", format="xlsx")
    assert list(workspace.exports_dir.iterdir()) == []


# ------------------------------------------------------------------ atomic writes


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_text_creates_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "note.txt"
    atomic_write_text(path, "first ✓\n")
    assert path.read_text(encoding="utf-8") == "first ✓\n"
    atomic_write_text(path, "second")
    assert path.read_text(encoding="utf-8") == "second"
    assert listing(path.parent) == ["note.txt"]


def test_atomic_writer_keeps_newlines_as_written(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    atomic_write_text(path, "a\nb\r\nc")
    assert path.read_bytes() == b"a\nb\r\nc"


def test_atomic_write_bytes(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    atomic_write_bytes(path, b"\x00\xff")
    atomic_write_bytes(path, b"\x01")
    assert path.read_bytes() == b"\x01"
    assert listing(tmp_path) == ["data.bin"]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text("old content", encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk on fire"), atomic_writer(path) as handle:
        handle.write("new content, half of it")
        handle.flush()
        raise RuntimeError("disk on fire")
    assert path.read_text(encoding="utf-8") == "old content"
    assert listing(tmp_path) == ["record.json"]


def test_failed_write_of_a_new_file_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    with pytest.raises(KeyboardInterrupt), atomic_writer(path) as handle:
        handle.write("partial")
        raise KeyboardInterrupt
    assert listing(tmp_path) == []


def test_atomic_path_keeps_the_suffix_and_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / "still.png"
    path.write_bytes(b"old")
    with pytest.raises(ValueError), atomic_path(path) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.name.endswith(".png")
        assert tmp != path
        tmp.write_bytes(b"new")
        raise ValueError("encoder failed")
    assert path.read_bytes() == b"old"
    assert listing(tmp_path) == ["still.png"]
    with atomic_path(path) as tmp:
        tmp.write_bytes(b"new")
    assert path.read_bytes() == b"new"
    assert listing(tmp_path) == ["still.png"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "private.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    atomic_write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    atomic_write_bytes(path, b"newer")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == "newer"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        path = tmp_path / "fresh.txt"
        atomic_write_text(path, "x")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    finally:
        os.umask(mask)


# ------------------------------------------------------- temporaries, sweeping, full disk
# (the kit's names below are imported inside the tests, so the rest run on older code too)


def kit_temporary(folder: Path, pid: int, name: str = "film", suffix: str = ".mp4") -> Path:
    """A file named as the kit names its temporaries, as if process ``pid`` were writing."""
    path = folder / f".{name}.vigkit-{pid}-k3x9_q2a.tmp{suffix}"
    path.write_bytes(b"half a film")
    return path


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def a_dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert finished.returncode == 0
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """A process of the test's own that stays alive (it stands for another kit writing)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    time.sleep(0.1)
    yield child.pid
    child.kill()
    child.wait()


def test_temporary_names_carry_the_writers_pid(tmp_path: Path) -> None:
    from vigkit.core.atomic import is_kit_temporary

    with atomic_path(tmp_path / "review reel.mp4") as tmp:
        assert tmp.name.startswith(f".review reel.vigkit-{os.getpid()}-")
        assert tmp.name.endswith(".tmp.mp4")
        assert is_kit_temporary(tmp.name)
        tmp.write_bytes(b"film")
    with atomic_path(tmp_path / ("x" * 250 + ".csv")) as tmp:  # still a legal name
        tmp.write_bytes(b"a,b\n")
    assert listing(tmp_path) == ["review reel.mp4", "x" * 250 + ".csv"]
    for name in (".hidden", "notes.tmp", ".notes.tmp", "film.vigkit-1-abcdefgh.tmp.mp4"):
        assert not is_kit_temporary(name), name


def test_stale_temporaries_are_swept_at_the_next_write_in_that_folder(
    tmp_path: Path, live_pid: int
) -> None:
    dead = kit_temporary(tmp_path, a_dead_pid(), "dead")  # its writer was killed
    live = kit_temporary(tmp_path, live_pid, "live")  # a write under way elsewhere
    mine = kit_temporary(tmp_path, os.getpid(), "mine")  # this process, another thread
    ancient = kit_temporary(tmp_path, live_pid, "ancient")
    age(ancient, 2 * 3600)  # alive, but untouched for two hours
    reused = kit_temporary(tmp_path, live_pid, "reused")
    age(reused, 600)  # written before its "writer" started: the pid was reused
    old_style = tmp_path / ".film.q__e3kbg.tmp.mp4"  # named as before issue 16
    old_style.write_bytes(b"x")
    age(old_style, 2 * 3600)
    fresh_old_style = tmp_path / ".clip.hdfgu98i.tmp.mp4"
    fresh_old_style.write_bytes(b"x")
    users = [tmp_path / name for name in (".hidden", "notes.tmp", ".draft.tmp.txt")]
    for path in users:
        path.write_text("the user's", encoding="utf-8")
        age(path, 2 * 3600)
    work = tmp_path / f".reel.vigkit-{a_dead_pid()}-abcdefgh.tmp"  # a killed run's work folder
    (work / "inside").mkdir(parents=True)
    (work / "title.png").write_bytes(b"png")
    live_work = tmp_path / f".reel.vigkit-{live_pid}-abcdefgh.tmp"
    live_work.mkdir()
    (live_work / "title.png").write_bytes(b"png")
    old_style_folder = tmp_path / ".stills-abcdefgh"  # not the kit's pattern: kept
    old_style_folder.mkdir()
    age(old_style_folder, 2 * 3600)
    link = tmp_path / f".link.vigkit-{a_dead_pid()}-abcdefgh.tmp.mp4"
    link.symlink_to(users[0])

    atomic_write_text(tmp_path / "coding.csv", "onset\n")

    left = set(listing(tmp_path))
    for path in (dead, ancient, reused, old_style, work):
        assert path.name not in left, path.name
    for path in (live, mine, fresh_old_style, *users, live_work, old_style_folder, link):
        assert path.name in left, path.name
    assert "coding.csv" in left


def test_a_temporary_folder_is_removed_afterwards_and_swept_after_a_kill(
    tmp_path: Path,
) -> None:
    from vigkit.core.atomic import is_kit_temporary, temporary_folder

    with temporary_folder(tmp_path / "reel.mp4") as work:
        assert work.parent == tmp_path and is_kit_temporary(work.name)
        assert work.name.startswith(f".reel.vigkit-{os.getpid()}-")
        (work / "title.png").write_bytes(b"png")
    assert listing(tmp_path) == []
    with pytest.raises(KeyboardInterrupt), temporary_folder(tmp_path / "reel.mp4") as work:
        (work / "title.png").write_bytes(b"png")
        raise KeyboardInterrupt
    assert listing(tmp_path) == []
    killed = subprocess.run(
        [sys.executable, "-c",
         "import os, sys; from pathlib import Path; from vigkit.core.atomic import "
         "temporary_folder\nwith temporary_folder(Path(sys.argv[1]) / 'reel.mp4') as w:\n"
         "    (w / 'caption.png').write_bytes(b'png'); os._exit(9)", str(tmp_path)],
        check=False,
    )  # fmt: skip
    assert killed.returncode == 9
    assert len(listing(tmp_path)) == 1
    atomic_write_text(tmp_path / "next.csv", "onset\n")
    assert listing(tmp_path) == ["next.csv"]


def test_sweeping_a_folder_that_cannot_be_read_is_quiet(tmp_path: Path) -> None:
    from vigkit.core.atomic import sweep_stale_temporaries

    assert sweep_stale_temporaries(tmp_path / "missing") == []
    dead = kit_temporary(tmp_path, a_dead_pid())
    assert sweep_stale_temporaries(tmp_path) == [dead]


def test_a_write_refuses_to_replace_a_pipe_or_folder(tmp_path: Path) -> None:
    pipe = tmp_path / "out.csv"
    os.mkfifo(pipe)
    with pytest.raises(VigkitError, match="not a plain file"):
        atomic_write_text(pipe, "x")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(VigkitError, match="not a plain file"):
        atomic_write_text(tmp_path / "folder.csv", "x")
    assert listing(tmp_path) == ["folder.csv", "out.csv"]


def test_disk_full_inside_the_block_is_one_clear_error(tmp_path: Path) -> None:
    """/dev/full answers every write with ENOSPC, as a full disk does (no root needed)."""
    from vigkit.core.atomic import DiskFullError

    target = tmp_path / "coding.csv"
    target.write_text("old", encoding="utf-8")
    with (
        pytest.raises(DiskFullError) as info,
        atomic_path(target),
        open("/dev/full", "wb", buffering=0) as full,
    ):
        full.write(b"onset\n")
    assert str(info.value) == (
        f"the disk is full while writing {target} – free some space and run again "
        "(nothing was written)"
    )
    assert isinstance(info.value, VigkitError)
    assert target.read_text(encoding="utf-8") == "old"
    assert listing(tmp_path) == ["coding.csv"]


@pytest.fixture
def full_folder(tmp_path: Path) -> Iterator[Path | None]:
    """A folder on a real, full disk (a tiny tmpfs filled up), or None where the test
    cannot mount one (not root): then /dev/full stands in."""
    from corpus_makers.cancel import full_disk

    folder = tmp_path / "full"
    with full_disk(folder) as mounted:
        yield folder if mounted else None


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(
    full_folder: Path | None, tmp_path: Path
) -> None:
    from vigkit.core.atomic import DiskFullError

    if full_folder is None:  # not root: the same check through /dev/full
        test_disk_full_inside_the_block_is_one_clear_error(tmp_path)
        return
    assert os.statvfs(full_folder).f_bavail == 0
    new = full_folder / "record.json"
    with pytest.raises(
        DiskFullError, match=re.escape(f"the disk is full while writing {new} – free")
    ):
        atomic_write_text(new, '{"ok": true}\n' * 1000)
    with pytest.raises(DiskFullError, match=r"record\.bin"):
        atomic_write_bytes(full_folder / "record.bin", b"\0" * 100_000)
    assert listing(full_folder) == [".filler"]
    # Room for the old file only: the new one cannot be written, the old one stays.
    (full_folder / ".filler").unlink()
    old = full_folder / "notes.txt"
    old.write_text("old notes\n", encoding="utf-8")
    from corpus_makers.cancel import fill

    fill(full_folder)
    with pytest.raises(DiskFullError, match=r"notes\.txt"):
        atomic_write_text(old, "new notes\n" * 10_000)
    assert old.read_text(encoding="utf-8") == "old notes\n"
    assert listing(full_folder) == [".filler", "notes.txt"]


def test_a_full_disk_under_a_spreadsheet_leaves_no_noise(tmp_path: Path) -> None:
    """openpyxl leaves its zip archive open when a write fails; its clean-up fails again
    when Python frees it. That must not print "Exception ignored ... Traceback" after the
    kit's message. (/dev/full: every write fails with ENOSPC, as on a full disk.)"""
    from openpyxl import Workbook

    from vigkit.core.atomic import DiskFullError

    unraisable: list[object] = []
    previous = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        with (
            pytest.raises(DiskFullError, match=r"sheet\.xlsx"),
            atomic_path(tmp_path / "sheet.xlsx"),
        ):
            book = Workbook()
            book.active.append(["x" * 1000] * 100)
            book.save("/dev/full")
        gc.collect()
    finally:
        sys.unraisablehook = previous
    assert unraisable == []
    assert listing(tmp_path) == []

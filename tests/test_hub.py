"""The demo hub's folders (``hub/demo.py``), without starting a hub: the shared course is
read-only, each home gets its own notebooks (kept across starts) and the course files as
hard links inside it (the server serves them; nothing leads out of the home)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hub"))

import demo  # noqa: E402  (hub/demo.py)

NOTEBOOK = Path("course/notebooks/03_code_a_film.ipynb")
FILM = Path("course/media/practice/group-bridge-building.mp4")


def test_each_home_has_its_own_notebooks_and_the_shared_course_read_only(
    tmp_path: Path,
) -> None:
    root = tmp_path / "hub-demo"
    demo.prepare_root(root)
    settings = yaml.safe_load((root / "cohort.yaml").read_text())
    assert settings == {"course": "vig-demo", "exchange": str(root / "exchange")}
    assert (root / "home").is_dir()
    roster = yaml.safe_load((root / "exchange" / "vig-demo" / "course.yaml").read_text())
    assert (roster["supervisors"], roster["trainees"]) == (["S01"], ["T01", "T02", "T03"])
    assert demo.groups() == {
        "vig-demo-supervisors": ["s01"],
        "vig-demo-trainees": ["t01", "t02", "t03"],
    }

    one, two = demo.prepare_home(root, "t01"), demo.prepare_home(root, "t02")
    shared = root / "course" / FILM.relative_to("course")
    for home in (one, two):
        film = home / FILM
        assert film.is_file() and not film.is_symlink()
        assert os.path.samefile(film, shared)  # the same bytes, not a copy per user
        assert stat.S_IMODE(film.stat().st_mode) == 0o444
        assert stat.S_IMODE(film.parent.stat().st_mode) == 0o555
        assert (home / NOTEBOOK).stat().st_mode & stat.S_IWUSR
        assert not any(p.is_symlink() for p in home.rglob("*"))
    assert not os.path.samefile(one / NOTEBOOK, two / NOTEBOOK)
    assert (one / NOTEBOOK).read_bytes() == (REPO / "notebooks" / NOTEBOOK.name).read_bytes()

    # The trainee's saved notebook survives the next start of the hub and of the server.
    (one / NOTEBOOK).write_text("my own work", encoding="utf-8")
    demo.prepare_root(root)
    demo.prepare_home(root, "t01")
    assert (one / NOTEBOOK).read_text(encoding="utf-8") == "my own work"
    assert os.path.samefile(one / FILM, root / "course" / FILM.relative_to("course"))

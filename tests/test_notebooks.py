"""The course's notebooks keep their promises on disk: every notebook is there, none carries
embedded media, saved widget state or an absolute path, and each reads as a guided
workbook (a title, a settings cell, numbered steps, one call per code cell, no logic)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
COURSE = [
    "00_start_here", "01_the_principles", "02_spot_initiatives", "03_code_a_film",
    "04_compare_with_supervisor", "05_my_own_film", "06_reflect_and_track", "07_supervisor",
    "08_explore_space_time", "09_my_shared_review",
]  # fmt: skip
CHECKED = "# NBVAL_CHECK_OUTPUT"
#: Output types that could carry a picture, a film or a page with one in it.
MEDIA_TYPES = re.compile(r"^(image|video|audio)/|^text/html$|^application/(pdf|javascript)$")
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/])/(?:home|Users|tmp|root|work|mnt|var|opt|media/[a-z])/|\b[A-Za-z]:\\\\|file://"
)
EMBEDDED = re.compile(r"data:(image|video|audio)/|;base64,")
CONTROL_FLOW = (ast.For, ast.While, ast.If, ast.With, ast.Try, ast.FunctionDef, ast.ClassDef,
                ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.DictComp, ast.SetComp,
                ast.GeneratorExp)  # fmt: skip


def load(name: str) -> dict[str, Any]:
    notebook: dict[str, Any] = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text("utf-8"))
    return notebook


def source(cell: dict[str, Any]) -> str:
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else str(text)


def test_every_notebook_of_the_course_is_there() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == COURSE


@pytest.mark.parametrize("name", COURSE)
def test_no_media_no_widget_state_and_no_absolute_paths(name: str) -> None:
    notebook = load(name)
    assert "widgets" not in notebook.get("metadata", {}), "saved widget state"
    text = json.dumps(notebook)
    assert not EMBEDDED.search(text), "embedded media"
    assert not ABSOLUTE_PATH.search(text), ABSOLUTE_PATH.search(text)
    for number, cell in enumerate(notebook["cells"], start=1):
        assert not cell.get("attachments"), f"cell {number} has attachments"
        outputs = cell.get("outputs", [])
        if outputs:
            assert source(cell).startswith(CHECKED), f"cell {number}: outputs not checked"
        for output in outputs:
            for kind in output.get("data", {}):
                assert not MEDIA_TYPES.search(kind), f"cell {number}: {kind} output"
                assert "widget" not in kind, f"cell {number}: a widget output"


@pytest.mark.parametrize("name", COURSE)
def test_each_notebook_reads_as_a_guided_workbook(name: str) -> None:
    cells = load(name)["cells"]
    assert cells[0]["cell_type"] == "markdown" and source(cells[0]).startswith("# ")
    code = [c for c in cells if c["cell_type"] == "code"]
    settings = [c for c in code if "# Your settings" in source(c)]
    assert len(settings) == 1, "one settings cell"
    assert code.index(settings[0]) <= 1, "the settings come first"
    steps = [c for c in cells if re.match(r"## Step \d+", source(c))]
    assert len(steps) >= 2
    for cell in code:
        if cell is settings[0]:
            continue
        tree = ast.parse(source(cell))
        statements = [s for s in tree.body if not isinstance(s, ast.Import | ast.ImportFrom)]
        assert len(statements) <= 1, f"more than one call:\n{source(cell)}"
        assert not any(isinstance(n, CONTROL_FLOW) for n in ast.walk(tree)), source(cell)


@pytest.mark.parametrize("name", COURSE)
def test_the_settings_cell_only_sets_values(name: str) -> None:
    cell = next(c for c in load(name)["cells"] if "# Your settings" in source(c))
    for statement in ast.parse(source(cell)).body:
        assert isinstance(statement, ast.Assign | ast.Import | ast.ImportFrom), source(cell)
        if isinstance(statement, ast.Assign):
            assert isinstance(statement.value, ast.Constant | ast.Tuple | ast.List), source(cell)


def test_the_rules_catch_what_they_forbid() -> None:
    assert ABSOLUTE_PATH.search('"/home/jo/films/a.mp4"')
    assert ABSOLUTE_PATH.search('"C:\\\\Users\\\\jo"')
    assert not ABSOLUTE_PATH.search('"../media/practice/a.mp4"')
    assert not ABSOLUTE_PATH.search("https://example.org/home/x")
    assert EMBEDDED.search('"image/png": "iVBOR;base64,AAA"')
    assert MEDIA_TYPES.search("image/png") and MEDIA_TYPES.search("text/html")
    assert not MEDIA_TYPES.search("text/plain")

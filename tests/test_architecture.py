"""The house keeps its shape: imports go down the stages of the work, modules stay small,
docs/architecture.md names every module, and every documented import works.

Each rule is a function over plain data, so the tests below also feed it a broken
example and see it fail: a rule that cannot fail would prove nothing.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from importgraph import find_cycle, import_graph, module_names

import vigkit

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "vigkit"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

#: The stages, bottom to top: a package may import its own modules and lower layers only.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("_version", "core"),
    ("coding",),
    ("privacy",),
    ("media", "agreement", "sequences"),
    ("formats", "widgets"),
    ("views",),
    ("practice", "reflection", "moments"),
    ("supervision", "cohort"),
    ("course",),
    ("cli",),
)
#: The package's own front door may import anything: it only re-exports.
FRONT_DOOR = {"vigkit", "vigkit.__main__"}
#: A module longer than this must be one concern that reads better whole, and say so.
MAX_LINES = 400
KEPT_WHOLE = "Kept whole"


def _room(module: str) -> str:
    """The top-level part of vigkit a module lives in (``vigkit.coding.journal`` → ``coding``)."""
    return module.split(".")[1] if module.count(".") else ""


def _layer_of(room: str) -> int:
    for number, rooms in enumerate(LAYERS):
        if room in rooms:
            return number
    raise AssertionError(f"vigkit/{room} is in no layer: add it to LAYERS and docs/architecture.md")


def layer_violations(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Every import that goes up a layer or sideways to a sibling package, as a sentence."""
    found = []
    for module, targets in sorted(graph.items()):
        if module in FRONT_DOOR:
            continue
        for target in sorted(targets):
            here, there = _room(module), _room(target)
            if here == there:
                continue
            if target == "vigkit" or _layer_of(there) >= _layer_of(here):
                sideways = target != "vigkit" and _layer_of(there) == _layer_of(here)
                way = "sideways" if sideways else "up"
                found.append(f"{module} imports {target} ({way}: {here} → {there or 'vigkit'})")
    return found


def test_imports_go_down_the_layers_only() -> None:
    assert layer_violations(import_graph(PACKAGE)) == []


def test_no_module_imports_in_a_cycle() -> None:
    assert find_cycle(import_graph(PACKAGE)) is None


def test_every_package_of_vigkit_is_in_a_layer() -> None:
    rooms = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    for room in rooms:
        _layer_of(room)


def test_the_import_rules_catch_a_broken_layout(tmp_path: Path) -> None:
    # A made-up vigkit whose core reaches up into the course, whose views import a
    # sibling's module and whose coding modules import each other.
    files = {
        "__init__.py": "from .course import step\n",
        "core/__init__.py": "",
        "core/errors.py": "def helper():\n    from ..course.step import run\n",
        "coding/__init__.py": "",
        "coding/a.py": "from . import b\n",
        "coding/b.py": "from .a import thing\n",
        "widgets/__init__.py": "",
        "formats/__init__.py": "",
        "formats/elan.py": "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..widgets import Player\n",
        "course/__init__.py": "",
        "course/step.py": "def run():\n    pass\n",
    }
    for name, text in files.items():
        path = tmp_path / "vigkit" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    graph = import_graph(tmp_path / "vigkit")
    assert layer_violations(graph) == [
        "vigkit.core.errors imports vigkit.course (up: core → course)",
        "vigkit.core.errors imports vigkit.course.step (up: core → course)",
        "vigkit.formats.elan imports vigkit.widgets (sideways: formats → widgets)",
    ]
    assert find_cycle(graph) in (
        ["vigkit.coding.a", "vigkit.coding.b", "vigkit.coding.a"],
        ["vigkit.coding.b", "vigkit.coding.a", "vigkit.coding.b"],
    )
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


# ---------------------------------------------------------------- small modules
def _docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""


def long_modules_without_a_reason(paths: Iterable[Path]) -> list[str]:
    """Modules over MAX_LINES lines whose docstring does not say why they are kept whole."""
    found = []
    for path in paths:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and KEPT_WHOLE not in _docstring(path):
            found.append(f"{path.relative_to(path.parents[1])}: {lines} lines")
    return found


def test_modules_are_small_or_say_why_they_are_kept_whole(tmp_path: Path) -> None:
    assert long_modules_without_a_reason(module_names(PACKAGE).values()) == []

    long = tmp_path / "pkg" / "long.py"
    long.parent.mkdir()
    body = "\n".join(f"x{n} = {n}" for n in range(MAX_LINES))
    long.write_text(f'"""Many numbers."""\n{body}\n')
    assert long_modules_without_a_reason([long]) == ["pkg/long.py: 401 lines"]
    long.write_text(f'"""Many numbers. {KEPT_WHOLE}: they are one table."""\n{body}\n')
    assert long_modules_without_a_reason([long]) == []


def test_every_module_has_a_docstring() -> None:
    missing = [name for name, path in module_names(PACKAGE).items() if not _docstring(path)]
    assert missing == []


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


# ---------------------------------------------------------------- docs/architecture.md
FENCED = re.compile(r"```(\w*)\n(.*?)```", flags=re.DOTALL)


def _inline_code(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", FENCED.sub("", text))


def _documented_paths(text: str) -> set[str]:
    """Every ``vigkit/...`` path in inline code (a glob such as ``schemes/*.yaml`` too)."""
    paths = set()
    for code in _inline_code(text):
        code = code.strip()
        if code.startswith("vigkit/"):
            paths.add(code.rstrip("/"))
    return paths


def undocumented_modules(text: str, package_dir: Path) -> list[str]:
    """Modules (and packages) of the package that the architecture text does not name."""
    named = _documented_paths(text)
    root = package_dir.parent
    missing = []
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if path.name == "__init__.py":
            relative = path.parent.relative_to(root).as_posix()
        if relative not in named and f"{relative}/__init__.py" not in named:
            missing.append(relative)
    return missing


def documented_paths_that_are_gone(text: str, root: Path) -> list[str]:
    """Paths the architecture text names that do not exist (globs must match something)."""
    return sorted(path for path in _documented_paths(text) if not list(root.glob(path)))


def test_architecture_doc_names_every_module() -> None:
    assert undocumented_modules(ARCHITECTURE.read_text(encoding="utf-8"), PACKAGE) == []


@pytest.mark.parametrize("document", _documents(), ids=lambda path: path.name)
def test_every_path_a_document_names_exists(document: Path) -> None:
    assert documented_paths_that_are_gone(document.read_text(encoding="utf-8"), ROOT) == []


def test_architecture_doc_checks_catch_a_stale_doc(tmp_path: Path) -> None:
    (tmp_path / "vigkit" / "core").mkdir(parents=True)
    for name in ("__init__.py", "core/__init__.py", "core/errors.py", "core/new.py"):
        (tmp_path / "vigkit" / name).write_text('"""x"""\n')
    text = "| `vigkit/__init__.py` | … |\n| `vigkit/core` | … |\n| `vigkit/core/errors.py` | … |\n"
    text += "| `vigkit/core/old.py` | gone |\n"
    assert undocumented_modules(text, tmp_path / "vigkit") == ["vigkit/core/new.py"]
    assert documented_paths_that_are_gone(text, tmp_path) == ["vigkit/core/old.py"]


def test_architecture_doc_lists_the_layers_as_the_test_does() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    for rooms in LAYERS:
        for room in rooms:
            if room != "_version":
                assert f"`vigkit/{room}`" in text


# ---------------------------------------------------------------- documented names
def _python_blocks(text: str) -> list[str]:
    blocks = FENCED.findall(text)
    return [body for language, body in blocks if language in ("python", "py", "pycon")]


def documented_imports(text: str) -> list[tuple[str, str | None]]:
    """(module, name) for every vigkit import in the Python blocks and inline code of a text."""
    found: list[tuple[str, str | None]] = []
    candidates = [line for block in _python_blocks(text) for line in block.splitlines()]
    candidates += [code for code in _inline_code(text) if re.match(r"(from|import) vigkit", code)]
    for line in candidates:
        line = line.strip().removeprefix(">>> ")
        match = re.match(r"from (vigkit[\w.]*) import \(?([\w, ]+)\)?$", line)
        if match:
            names = [part.split(" as ")[0].strip() for part in match[2].split(",")]
            found += [(match[1], name) for name in names if name]
            continue
        match = re.match(r"import (vigkit[\w.]*)(?: as \w+)?$", line)
        if match:
            found.append((match[1], None))
    return found


def documented_dotted_names(text: str) -> set[str]:
    """``vigkit.a.b`` names in inline code (``vigkit.compare(x)`` counts as ``vigkit.compare``)."""
    names = set()
    for code in _inline_code(text):
        if re.match(r"(from|import) ", code):
            continue  # an import: documented_imports checks it
        for match in re.finditer(r"\bvigkit(?:\.\w+)+", code):
            names.add(match[0])
    return names


def _resolve(dotted: str) -> object:
    """The object a dotted name means: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:end]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[end:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


def test_every_public_name_imports() -> None:
    for name in vigkit.__all__:
        assert getattr(vigkit, name) is not None, name


@pytest.mark.parametrize("document", _documents(), ids=lambda path: path.name)
def test_every_documented_import_works(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    broken = []
    for module, name in documented_imports(text):
        try:
            imported = importlib.import_module(module)
            if name is not None and name != "*":
                getattr(imported, name)
        except (ImportError, AttributeError) as error:
            broken.append(f"from {module} import {name}: {error}")
    for dotted in sorted(documented_dotted_names(text)):
        try:
            _resolve(dotted)
        except (ImportError, AttributeError) as error:
            broken.append(f"{dotted}: {error}")
    assert broken == []


def test_the_documented_name_checks_catch_a_stale_doc() -> None:
    text = (
        "```python\nfrom vigkit import compare, nothing_here\nimport vigkit.media\n```\n"
        "Use `from vigkit.grouphelp import x` or `vigkit.media.cut` and `vigkit.portfolio.gone()`."
    )
    assert documented_imports(text) == [
        ("vigkit", "compare"),
        ("vigkit", "nothing_here"),
        ("vigkit.media", None),
        ("vigkit.grouphelp", "x"),
    ]
    assert documented_dotted_names(text) == {"vigkit.media.cut", "vigkit.portfolio.gone"}
    with pytest.raises(AttributeError):
        _resolve("vigkit.portfolio.gone")
    with pytest.raises(AttributeError):
        _resolve("vigkit.nothing_here")


def _public(module: str) -> set[str]:
    """What a module offers notebooks: the names in its ``__all__``."""
    return set(getattr(importlib.import_module(module), "__all__", ()))


def _is_public_module(module: str) -> bool:
    """``vigkit``, or a module each part of which its parent lists in ``__all__``."""
    parts = module.split(".")
    return parts[0] == "vigkit" and all(
        parts[end] in _public(".".join(parts[:end])) for end in range(1, len(parts))
    )


def notebook_imports_that_are_not_public(sources: Iterable[str]) -> list[str]:
    """Imports of vigkit in notebook cells that reach past the public names."""
    found = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # a cell of shell commands or magics
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("vigkit"):
                module = node.module or ""
                if not _is_public_module(module):
                    found.append(f"from {module} import ...: {module} is not public")
                    continue
                found += [
                    f"from {module} import {alias.name}"
                    for alias in node.names
                    if alias.name not in _public(module)
                ]
            elif isinstance(node, ast.Import):
                found += [
                    f"import {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("vigkit") and not _is_public_module(alias.name)
                ]
    return found


def _notebook_sources(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


@pytest.mark.parametrize(
    "notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda path: path.name
)
def test_notebooks_use_only_public_names(notebook: Path) -> None:
    assert notebook_imports_that_are_not_public(_notebook_sources(notebook)) == []


def test_the_notebook_check_catches_a_private_import() -> None:
    cells = [
        "from vigkit import Tagger\nfrom vigkit.course import film",
        "from vigkit.course import _steps\nfrom vigkit.coding.journal import Journal",
        "import vigkit.reflection\nimport vigkit.core.atomic",
        "%matplotlib inline",
    ]
    assert notebook_imports_that_are_not_public(cells) == [
        "from vigkit.course import _steps",
        "from vigkit.coding.journal import ...: vigkit.coding.journal is not public",
        "import vigkit.core.atomic",
    ]

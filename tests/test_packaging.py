"""The project installs and starts as the README says: dependencies, CLI, Makefile, CI."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import vigkit

ROOT = Path(__file__).resolve().parents[1]


def _requirements(items: list[str]) -> dict[str, str]:
    """name -> version constraint, names normalised as PyPI/conda compare them."""
    result = {}
    for item in items:
        requirement = item.split(";")[0].split("#")[0].strip()
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
        assert match, item
        name = re.sub(r"[-_.]+", "-", match[1]).lower()
        result[name] = match[2].replace(" ", "")
    return result


def test_environment_yml_installs_the_same_dependencies_as_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    conda_deps = _requirements(conda)
    conda_deps.pop("pip")
    python = conda_deps.pop("python")
    assert python == project["requires-python"]
    assert conda_deps == _requirements(project["dependencies"])
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]


def test_known_fragile_dependencies_are_pinned() -> None:
    deps = _requirements(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    )
    assert "ipython-genutils" in deps  # ipyvolume imports it without declaring it
    assert deps["jupyterlab"].endswith("<5") and deps["ipywidgets"].endswith("<9")


def test_package_is_typed_and_has_a_console_script() -> None:
    assert (Path(vigkit.__file__).parent / "py.typed").exists()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"vigkit": "vigkit.cli:main"}
    result = subprocess.run(
        [Path(sys.executable).parent / "vigkit", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.strip() == f"vigkit {vigkit.__version__}"


def test_public_api_is_small_and_importable() -> None:
    for name in vigkit.__all__:
        assert getattr(vigkit, name) is not None
    assert {"load_scheme", "Scheme", "Coding", "CodingError", "Workspace", "Journal"} <= set(
        vigkit.__all__
    )


def test_top_level_layout() -> None:
    for folder in ("notebooks", "vigkit", "media", "exercises", "tests", "benchmarks", "docs"):
        assert (ROOT / folder).is_dir(), folder
    assert (ROOT / "docs" / "architecture.md").exists()


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    assert first_block is not None
    assert [line.strip() for line in first_block[1].strip().splitlines()] == [
        "make lab",
        "make test",
    ]
    assert "```python" in readme


def test_makefile_has_the_documented_targets() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "lab-headless", "test", "bench"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "-eq 5" in makefile  # "no tests collected" fails


def test_ci_script_is_executable_and_fails_when_no_tests_ran() -> None:
    ci = ROOT / ".ci" / "run"
    assert ci.stat().st_mode & stat.S_IXUSR
    text = ci.read_text()
    assert "make test" in text and '"$status" -eq 5' in text
    assert "apt-get install -y" in text and "chromium" in text


def test_make_test_fails_when_pytest_collects_nothing(tmp_path: Path) -> None:
    """Run the Makefile's own pytest recipe on a folder with no tests: it must fail."""
    empty = tmp_path / "no-tests-here"
    empty.mkdir()
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "pytest",
            f"PYTEST_PATHS={empty}",
            f"PYTEST_ARGS=-p no:cacheprovider --rootdir={tmp_path}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "pytest ran no tests - failing" in result.stdout


def test_the_readme_python_example_runs(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    example = re.search(r"```python\n(.*?)```", readme, re.S)
    assert example is not None
    assert len(example[1].strip().splitlines()) == 5
    result = subprocess.run(
        [sys.executable, "-c", example[1]], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    saved = (tmp_path / "home-play-T07.csv").read_text().splitlines()
    assert len(saved) == 2 and "encouraging-initiatives.waiting" in saved[1]
    assert (tmp_path / "my-work" / "codings" / "home-play" / "T07.journal.jsonl").exists()

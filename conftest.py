"""Test-wide set-up: notebooks run under nbval in a fresh, throw-away workspace, served
from the checkout as `make lab` serves them, and must take under 3 minutes together."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent
#: The longest the course's notebooks may take together under nbval (seconds).
NOTEBOOK_BUDGET = 180.0
_notebook_seconds: list[float] = []


def pytest_configure(config: pytest.Config) -> None:
    # Kernels started by nbval inherit these: notebooks never touch a real workspace, and
    # films resolve under the folder `make lab` serves (the checkout).
    os.environ["VIGKIT_WORKSPACE"] = tempfile.mkdtemp(prefix="vigkit-test-workspace-")
    os.environ.setdefault("VIGKIT_SERVER_ROOT", str(ROOT))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add up the time of every notebook cell nbval runs."""
    if report.nodeid.split("::")[0].endswith(".ipynb"):
        _notebook_seconds.append(report.duration)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when the notebooks together take longer than the budget."""
    total = sum(_notebook_seconds)
    if total > NOTEBOOK_BUDGET:
        print(f"\nnotebooks took {total:.0f} s together, over the {NOTEBOOK_BUDGET:.0f} s budget")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

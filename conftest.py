"""Test-wide set-up: notebooks run under nbval in a fresh, throw-away workspace."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Kernels started by nbval inherit this, so notebooks never touch a real workspace.
    os.environ["VIGKIT_WORKSPACE"] = tempfile.mkdtemp(prefix="vigkit-test-workspace-")

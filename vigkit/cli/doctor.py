"""The ``vigkit doctor`` sub-command: where work is saved, and whether the bundled ffmpeg
runs (exit 2 when it does not, with what to do)."""

from __future__ import annotations

import argparse
from typing import Any

from .._version import __version__
from ..coding.workspace import default_workspace_path
from ..core.errors import VigkitError


def add_doctor_command(commands: Any) -> None:
    """Register ``doctor`` on the main parser's sub-parsers."""
    doctor = commands.add_parser("doctor", help="check that the kit is set up and can play films")
    doctor.set_defaults(run=_run_doctor)


def _run_doctor(args: argparse.Namespace) -> int:
    """Say where things are and check the bundled ffmpeg runs; exit 2 if it does not."""
    import platform
    import subprocess

    import imageio_ffmpeg

    print(f"vigkit {__version__} on Python {platform.python_version()}")
    print(f"your work is saved in: {default_workspace_path()}")
    try:
        ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
        version = subprocess.run(
            [ffmpeg, "-hide_banner", "-version"], capture_output=True, text=True, check=True
        ).stdout.split("\n", 1)[0]
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        raise VigkitError(
            f"the ffmpeg that comes with imageio-ffmpeg cannot run ({error}); "
            "reinstall with 'make lab' or 'pip install --force-reinstall imageio-ffmpeg'"
        ) from None
    print(f"ffmpeg: {version} ({ffmpeg})")
    print("OK: the kit is ready")
    return 0

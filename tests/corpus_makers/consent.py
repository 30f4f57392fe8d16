"""Inputs for the consent cases (``cases-consent.yaml``): a film and workspaces whose
consent register is damaged or from a newer kit."""

from __future__ import annotations

import json
import os
from pathlib import Path


def film(folder: Path) -> None:
    """``film.mp4``: a file standing for a film (consent reads its content, not its frames)."""
    (folder / "film.mp4").write_bytes(os.urandom(4096))


def _register(folder: Path, text: str) -> None:
    film(folder)
    (folder / "ws").mkdir()
    (folder / "ws" / "consent.json").write_text(text, encoding="utf-8")


def damaged_register(folder: Path) -> None:
    """A register cut off part-way (as an editor crash might leave it)."""
    _register(folder, '{"format": 1, "films": {"film": {"source": "film.mp4", "given_')


def impossible_day_in_register(folder: Path) -> None:
    """A register edited by hand: 31 February as the day consent was given."""
    entry = {"source": "film.mp4", "given_on": "31/02/2026", "uses": {}}
    _register(folder, json.dumps({"format": 1, "films": {"film": entry}}))


def unknown_use_in_register(folder: Path) -> None:
    """A register edited by hand with a use the kit does not know."""
    entry = {"source": "film.mp4", "uses": {"teaching": {"until": None}}}
    _register(folder, json.dumps({"format": 1, "films": {"film": entry}}))


def newer_register(folder: Path) -> None:
    """A register written by a later vigkit (format 2)."""
    _register(folder, json.dumps({"format": 2, "films": {}}))

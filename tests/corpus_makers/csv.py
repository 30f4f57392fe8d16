"""Workspaces made at run time for the readers' corpus (tests/data/bad/cases-csv.yaml):
a portfolio's workspace with no record, two records, or a damaged coding beside a good
record."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "demo-workspace"
RECORD = EXAMPLE / "reflections" / "P-demo.record.json"


def _workspace(folder: Path) -> Path:
    """An empty workspace ``folder/ws`` (its marker file, no records)."""
    workspace = folder / "ws"
    (workspace / "reflections").mkdir(parents=True)
    marker = {"format": 1, "created": "2026-01-15T09:00:00.000Z"}
    (workspace / "vigkit-workspace.json").write_text(json.dumps(marker) + "\n")
    return workspace


def workspace_without_record(folder: Path) -> None:
    """A workspace whose reflections/ folder is empty."""
    _workspace(folder)


def workspace_with_two_records(folder: Path) -> None:
    """A workspace with records for two practitioners (so one must be chosen)."""
    workspace = _workspace(folder)
    data = json.loads(RECORD.read_text(encoding="utf-8"))
    for name in ("P01", "P02"):
        data["practitioner"] = name
        (workspace / "reflections" / f"{name}.record.json").write_text(json.dumps(data))


def workspace_with_damaged_coding(folder: Path) -> None:
    """The demo workspace, with the practitioner's coding of one clip damaged in row 3."""
    workspace = folder / "ws"
    shutil.copytree(EXAMPLE, workspace)
    coding = workspace / "codings" / "nursery-teddy-bedtime" / "P-demo.csv"
    lines = coding.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("code")] = "being-atentive"
    lines[2] = ",".join(cells)
    coding.write_text("\n".join(lines) + "\n", encoding="utf-8")


def workspace_with_damaged_reference(folder: Path) -> None:
    """The demo workspace, with a supervisor's reference coding that is not UTF-8."""
    workspace = folder / "ws"
    shutil.copytree(EXAMPLE, workspace)
    reference = workspace / "codings" / "toddler-blocks" / "S-demo.reference.csv"
    reference.write_bytes(reference.read_bytes() + "S-demo,caf\xe9\n".encode("latin-1"))

"""A workspace with real films, real files made from them and consent register entries, for
the retention tests (audit and erase)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from vigkit.coding.workspace import Workspace
from vigkit.media import Moment, contact_sheet, cut, stills
from vigkit.privacy.ledger import note_made
from vigkit.privacy.register import record_consent

from films import make_film

TODAY = date(2026, 12, 1)


def write_register(workspace: Path, films: dict[str, tuple[Path, date | None]]) -> None:
    """Record each film's consent (own review) with its erase-by date, as a guider would."""
    for clip, (source, erase_by) in films.items():
        record_consent(
            source, clip=clip, people=["M1:child"], given_on="2026-10-01", uses=["own-review"],
            erase_by=erase_by, recorded_by="T1", workspace=workspace,
        )  # fmt: skip


@dataclass
class Setup:
    """Paths of the films and of everything made from them."""

    workspace: Path
    films: dict[str, Path]
    made: dict[str, list[Path]]  # film -> files made from it alone
    shared: Path  # a contact sheet of stills of home-a and home-b
    unrelated: list[Path]


def make_setup(root: Path) -> Setup:
    """Films home-a (overdue), home-b (due in 14 days), home-d (due in 15 days, nothing
    made), and an unregistered film c.mp4 with a cut made from it."""
    ws = root / "ws"
    Workspace(ws)
    own = root / "own"
    own.mkdir()
    films = {
        "home-a": make_film(own / "a.mp4", seconds=2),
        "home-b": make_film(own / "b.mp4", seconds=1.6, size=(256, 144)),
        "home-d": make_film(own / "d.mp4", seconds=1.2, size=(192, 108)),
        "c": make_film(own / "c.mp4", seconds=1.4, size=(160, 96)),
    }
    made: dict[str, list[Path]] = {name: [] for name in films}
    a_stills = stills(films["home-a"], [0.2, 1.0], ws / "exports" / "stills-a")
    for still in a_stills:
        note_made(still, [films["home-a"]], "still", workspace=ws)
    made["home-a"] += a_stills
    a_cut = ws / "exports" / "a-cut.mp4"
    cut(Moment(films["home-a"], 0.4, 1.2), a_cut)
    note_made(a_cut, [films["home-a"]], "cut", workspace=ws)
    made["home-a"].append(a_cut)
    b_cut = ws / "exports" / "b-cut.mp4"
    cut(Moment(films["home-b"], 0.2, 1.0), b_cut)
    note_made(b_cut, [films["home-b"]], "cut", workspace=ws)
    made["home-b"].append(b_cut)
    b_stills = stills(b_cut, [0.3], ws / "exports" / "stills-b")
    note_made(b_stills[0], [b_cut], "still", workspace=ws)  # from a kit-made cut
    made["home-b"] += b_stills
    shared = contact_sheet([a_stills[0], b_stills[0]], ws / "exports" / "sheet.png")
    note_made(shared, [a_stills[0], b_stills[0]], "sheet", workspace=ws)
    c_cut = root / "elsewhere" / "c-cut.mp4"
    c_cut.parent.mkdir()
    cut(Moment(films["c"], 0.0, 1.0), c_cut)
    note_made(c_cut, [films["c"]], "cut", workspace=ws)
    made["c"].append(c_cut)
    write_register(
        ws,
        {
            "home-a": (films["home-a"], TODAY - timedelta(days=3)),
            "home-b": (films["home-b"], TODAY + timedelta(days=14)),
            "home-d": (films["home-d"], TODAY + timedelta(days=15)),
        },
    )
    notes = ws / "reflections" / "T1-notes.txt"
    notes.write_text("what went well\n")
    journal = ws / "codings" / "home-a" / "T1.journal.jsonl"
    journal.parent.mkdir(parents=True)
    journal.write_text('{"header": "a journal of pseudonymous tags"}\n')
    return Setup(ws, films, made, shared, [notes, journal])


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }

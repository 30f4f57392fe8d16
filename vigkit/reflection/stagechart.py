"""The accreditation stages as a table (one row per stage, for pandas and the portfolio) and
a chart: for each stage, how far its cycles, new clients and hours have come.

The chart tells the three measures apart by colour (Okabe–Ito), hatching and a label written
at each bar's end ("4 of 6 cycles"), so it reads without colour; ``stage_description`` says
the same in words for a screen reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from .stageprogress import PathProgress, StageProgress, hours_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: (measure, colour, hatch) – colour is never the only difference.
MEASURES = (
    ("cycles", "#0072B2", ""),
    ("new clients", "#E69F00", "//"),
    ("hours of supervision", "#009E73", ".."),
)
COLUMNS = [
    "stage",
    "label",
    "cycles",
    "cycles_needed",
    "new_clients",
    "new_clients_needed",
    "hours",
    "hours_needed",
    "self_assessment",
    "ready",
    "signed_off_by",
    "signed_off_on",
]


def _counts(p: StageProgress) -> tuple[tuple[float, float], ...]:
    t = p.target
    return (
        (len(p.cycles), t.cycles),
        (len(p.new_clients), t.new_clients),
        (p.hours, t.supervision_hours),
    )


def stage_table(progress: PathProgress) -> pd.DataFrame:
    """One row per stage: what counted, what the stage asks for, and the sign-off."""
    rows: list[dict[str, Any]] = []
    for p in progress.stages:
        t = p.target
        rows.append(
            {
                "stage": t.stage,
                "label": t.label,
                "cycles": len(p.cycles),
                "cycles_needed": t.cycles,
                "new_clients": len(p.new_clients),
                "new_clients_needed": t.new_clients,
                "hours": p.hours,
                "hours_needed": t.supervision_hours,
                "self_assessment": bool(p.self_assessment.strip()),
                "ready": p.ready,
                "signed_off_by": p.sign_off.by if p.sign_off else "",
                "signed_off_on": p.sign_off.date if p.sign_off else None,
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows, columns=COLUMNS)
    return table


def stage_state(p: StageProgress) -> str:
    """``signed off``, ``ready for sign-off``, ``in progress`` or ``not started``."""
    if p.sign_off is not None:
        return "signed off"
    if p.ready:
        return "ready for sign-off"
    return "in progress" if p.cycles or p.sessions else "not started"


def stage_description(progress: PathProgress) -> str:
    """The chart in words: each stage's counts and state."""
    parts = []
    for p in progress.stages:
        (c, cn), (k, kn), (h, hn) = _counts(p)
        parts.append(
            f"{p.target.label}: {int(c)} of {int(cn)} cycles, {int(k)} of {int(kn)} new clients, "
            f"{hours_text(h)} of {hours_text(hn)} hours of supervision – {stage_state(p)}"
        )
    return "; ".join(parts) + "."


def stage_figure(progress: PathProgress, *, width: float = 8.0) -> Figure:
    """For each stage, three bars: the share of its cycles, new clients and hours done."""
    from ..views.figures import new_figure

    stages = progress.stages
    figure = new_figure(figsize=(width, 1.0 + 1.25 * len(stages)), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title("Your accreditation stages: how far each has come")
    axes.set_xlabel("Share of what the stage asks for")
    axes.set_xlim(0, 1.55)  # room on the right for the labels
    axes.set_xticks([0, 0.5, 1], ["0%", "50%", "100%"])
    axes.axvline(1, color="#555555", linewidth=1, linestyle="--")
    axes.spines[["top", "right"]].set_visible(False)
    height = 0.26
    for row, p in enumerate(stages):
        for k, ((name, colour, hatch), (have, need)) in enumerate(
            zip(MEASURES, _counts(p), strict=True)
        ):
            y = row + (k - 1) * height
            share = 1.0 if need == 0 else min(have / need, 1.0)
            axes.barh(
                y,
                share,
                height=height * 0.9,
                color=colour,
                hatch=hatch,
                edgecolor="#1f2328",
                linewidth=0.6,
                label=name if row == 0 else None,
                gid=f"stage-{p.stage}-{name.split()[0]}",
            )
            axes.text(
                share + 0.02,
                y,
                f"{hours_text(have)} of {hours_text(need)} {name}",
                va="center",
                fontsize=8,
            )
    axes.set_yticks(range(len(stages)), [f"{p.target.label}\n({stage_state(p)})" for p in stages])
    axes.invert_yaxis()
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    return figure

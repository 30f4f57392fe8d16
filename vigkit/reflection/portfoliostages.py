"""The portfolio's accreditation section: each stage as a table row and the stages chart as
inline SVG, for a trainee guider's record (other records have no such section)."""

from __future__ import annotations

import html
from pathlib import Path

from ..core.errors import VigkitError
from ..privacy.dates import spoken_day
from ..views.figures import svg_markup
from .recorddata import PracticeRecord
from .stagechart import stage_description, stage_figure, stage_state
from .stageprogress import hours_text, stage_progress
from .stagetargets import StageTargets


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def stages_section(record: PracticeRecord, targets: StageTargets | str | Path | None = None) -> str:
    """The section's HTML ('' for a record that is not a trainee guider's); ``targets``: a
    service's stage targets (default AVIGuk's)."""
    if record.kind != "vig-trainee":
        return ""
    try:
        progress = stage_progress(record, targets)
    except VigkitError as error:
        return (
            '<section class="stages" aria-labelledby="stages-title">'
            '<h2 id="stages-title">Your accreditation stages</h2>'
            f"<p>{_e(error)}</p></section>"
        )
    rows = []
    for p in progress.stages:
        t = p.target
        signed = (
            f"{_e(p.sign_off.by)}, {_e(spoken_day(p.sign_off.date))}" if p.sign_off else "not yet"
        )
        rows.append(
            f'<tr><th scope="row">{_e(t.label)}</th>'
            f"<td>{len(p.cycles)} of {t.cycles}</td>"
            f"<td>{len(p.new_clients)} of {t.new_clients}</td>"
            f"<td>{hours_text(p.hours)} of {hours_text(t.supervision_hours)}</td>"
            f"<td>{'written' if p.self_assessment.strip() else 'not yet'}</td>"
            f"<td>{signed}</td><td>{_e(stage_state(p))}</td></tr>"
        )
    description = stage_description(progress)
    chart = svg_markup(stage_figure(progress), f"Bar chart: {description}", "chart stage-chart")
    return "\n".join(
        [
            '<section class="stages" aria-labelledby="stages-title">',
            '<h2 id="stages-title">Your accreditation stages</h2>',
            f"<p>Targets: {_e(progress.targets.label)} (version {_e(progress.targets.version)})."
            " A cycle counts once its shared review is dated, for the stage open on that day.</p>",
            '<table class="stage-table"><caption>Accreditation stages</caption><thead><tr>'
            '<th scope="col">Stage</th><th scope="col">Cycles</th>'
            '<th scope="col">New clients</th><th scope="col">Hours of supervision</th>'
            '<th scope="col">Self-assessment</th><th scope="col">Signed off</th>'
            f'<th scope="col">State</th></tr></thead><tbody>{"".join(rows)}</tbody></table>',
            f"<figure>{chart}<figcaption>For each stage, the share of its cycles (plain bars), "
            "new clients (striped) and hours of supervision (dotted) done so far; the dashed "
            f"line is all the stage asks for. {_e(description)}</figcaption></figure>",
            "</section>",
        ]
    )

"""The portfolio page as HTML: the cover, the TME section, each cycle's sections, and the CSS.

Everything is inline (CSS, charts as SVG, stills as data: URIs), so the page is one file.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..coding.scheme import load_scheme
from ..coding.table import Coding
from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..core.timecode import format_time
from ..views.figures import svg_markup
from .portfolioinputs import (
    _STILL_WIDTH,
    _cycle_stills,
    _practitioner_coding,
    _reference_coding,
    cycle_clip,
    resolve_film,
)
from .portfoliostages import stages_section
from .prompts import PromptSet, load_prompts
from .recorddata import Cycle, PracticeRecord, SelectedMoment
from .stagetargets import StageTargets
from .tme import changes
from .tmeprogress import tme_figure

if TYPE_CHECKING:
    from ..agreement import Comparison

_KIND_NAMES = {
    "verp": "Video Enhanced Reflective Practice (VERP)",
    "vig-trainee": "Video Interaction Guidance – guider in training",
    "vig-client": "Video Interaction Guidance",
}
_PROMPT_FILES = ("verp", "vig-shared-review", "trainee-self-assessment")

NO_STILLS = "This portfolio contains no images from your films."


def stills_sentence(count: int) -> str:
    """The privacy sentence on the first page for ``count`` embedded stills."""
    if count == 0:
        return NO_STILLS
    noun = "still" if count == 1 else "stills"
    return (
        f"This portfolio contains {count} {noun} from your films – share it only as your "
        "consent allows."
    )


def render_html(
    record: PracticeRecord,
    *,
    workspace: Workspace | None = None,
    include_stills: bool = False,
    codings: Mapping[str, Coding] | None = None,
    references: Mapping[str, Coding] | None = None,
    override: str | None = None,
    blur_faces: bool = False,
    targets: StageTargets | str | Path | None = None,
) -> str:
    """The portfolio page as one self-contained HTML document (stills only from films
    consented for a ``portfolio``, or with a logged ``override``)."""
    codings = codings or {}
    references = references or {}
    prompts = _prompt_texts(record.kind)
    films = [resolve_film(c.film or cycle_clip(c), workspace) for c in record.cycles]
    images: list[list[list[str]]] = [
        _cycle_stills(cycle, film, override, blur_faces, workspace)
        if include_stills
        else [[] for _ in cycle.moments]
        for cycle, film in zip(record.cycles, films, strict=True)
    ]
    count = sum(len(s) for cycle in images for s in cycle)
    parts = [_cover(record, count), _tme_section(record), stages_section(record, targets)]
    for cycle, film, cycle_images in zip(record.cycles, films, images, strict=True):
        parts.append(
            _cycle_section(
                record, cycle, film, cycle_images, prompts, workspace, codings, references
            )
        )
    title = f"Practice portfolio – {record.practitioner}"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(parts)
        + "\n</main>\n</body>\n</html>\n"
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _date(day: dt.date) -> str:
    """A date as people write it: 2 February 2026 (on every platform)."""
    return f"{day.day} {day:%B %Y}"


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_e(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _prompt_texts(kind: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name in _PROMPT_FILES:
        prompt_set: PromptSet = load_prompts(name)
        for prompt in prompt_set.prompts:
            if not prompt.kinds or kind in prompt.kinds:
                texts.setdefault(prompt.id, prompt.text)
            else:
                texts.setdefault(f"~{prompt.id}", prompt.text)
    return texts


def _prompt_text(prompts: Mapping[str, str], key: str) -> str:
    return prompts.get(key) or prompts.get(f"~{key}") or key.replace("-", " ").capitalize()


def _cover(record: PracticeRecord, stills: int) -> str:
    question = record.helping_question or "No helping question has been written yet."
    return (
        '<section class="cover" aria-labelledby="cover-title">\n'
        f'<h1 id="cover-title">Practice portfolio: {_e(record.practitioner)}</h1>\n'
        f'<p class="privacy"><strong>{_e(stills_sentence(stills))}</strong></p>\n'
        "<dl>\n"
        f"<dt>Practitioner (pseudonym)</dt><dd>{_e(record.practitioner)}</dd>\n"
        f"<dt>Kind of practice</dt><dd>{_e(_KIND_NAMES.get(record.kind, record.kind))}</dd>\n"
        f"<dt>Helping question</dt><dd>{_e(question)}</dd>\n"
        f"<dt>Cycles</dt><dd>{len(record.cycles)}</dd>\n"
        f"<dt>Date</dt><dd>{_e(_date(dt.date.today()))}</dd>\n"
        "</dl>\n"
        "<p>This portfolio gathers what you noticed, what was working and how your targets "
        "moved across your cycles, ready to take to supervision.</p>\n"
        "</section>"
    )


def _tme_svg(record: PracticeRecord) -> str:
    label = "Line chart: how each TME target has moved from the start through the cycles"
    return svg_markup(tme_figure(record), label, "chart tme-chart")


def _tme_section(record: PracticeRecord) -> str:
    parts = [
        '<section class="tme" aria-labelledby="tme-title">',
        '<h2 id="tme-title">Your targets (TME)</h2>',
    ]
    if not record.targets:
        parts.append("<p>No TME targets have been set yet.</p></section>")
        return "\n".join(parts)
    scale = record.scale
    parts.append(
        f"<p>Each target was rated from {scale.low} to {scale.high} at the start and after "
        "each cycle; the dashed line shows the hoped-for level.</p>"
    )
    parts.append(
        f"<figure>{_tme_svg(record)}<figcaption>How each target has moved since the "
        "start.</figcaption></figure>"
    )
    cycles = len(record.cycles)
    head = "".join(f'<th scope="col">After cycle {n}</th>' for n in range(1, cycles + 1))
    rows = []
    for target in record.targets:
        cells = "".join(
            f"<td>{'' if target.rating(n) is None else target.rating(n)}</td>"
            for n in range(1, cycles + 1)
        )
        moved = [c for c in changes(target) if c is not None]
        change = f"{moved[-1]:+d}" if moved else ""
        rows.append(
            f'<tr><th scope="row">{_e(target.description)}</th><td>{target.baseline}</td>'
            f"{cells}<td>{target.hoped_for}</td><td>{change}</td></tr>"
        )
    parts.append(
        '<table class="tme-table"><caption>TME ratings</caption><thead><tr>'
        f'<th scope="col">Target</th><th scope="col">Start</th>{head}'
        '<th scope="col">Hoped for</th><th scope="col">Change so far</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    parts.append("</section>")
    return "\n".join(parts)


def _cycle_section(
    record: PracticeRecord,
    cycle: Cycle,
    film: Path | None,
    images: list[list[str]],
    prompts: Mapping[str, str],
    workspace: Workspace | None,
    codings: Mapping[str, Coding],
    references: Mapping[str, Coding],
) -> str:
    n = cycle.number
    clip = cycle_clip(cycle)
    parts = [
        f'<section class="cycle" aria-labelledby="cycle-{n}-title">',
        f'<h2 id="cycle-{n}-title">Cycle {n}</h2>',
        f"<p><strong>Film:</strong> {_e(cycle.film or clip or 'not chosen yet')}</p>",
        f"<h3>Moments you chose (cycle {n})</h3>",
    ]
    if cycle.moments:
        parts.append('<ol class="moments">')
        for moment, stills in zip(cycle.moments, images, strict=True):
            parts.append(_moment_item(record, moment, stills))
        parts.append("</ol>")
    else:
        parts.append("<p>No moments have been chosen for this cycle yet.</p>")
    parts.append(f"<h3>Reflections (cycle {n})</h3>")
    if cycle.reflections:
        parts.append('<dl class="reflections">')
        for key, answer in cycle.reflections.items():
            parts.append(f"<dt>{_e(_prompt_text(prompts, key))}</dt><dd>{_paragraphs(answer)}</dd>")
        parts.append("</dl>")
    else:
        parts.append("<p>No reflections written for this cycle yet.</p>")
    if cycle.self_assessment:
        parts.append(f'<h3>Self-assessment (cycle {n})</h3><dl class="reflections">')
        for key, answer in cycle.self_assessment.items():
            parts.append(f"<dt>{_e(_prompt_text(prompts, key))}</dt><dd>{_paragraphs(answer)}</dd>")
        parts.append("</dl>")
    coding = _practitioner_coding(clip, record.practitioner, workspace, codings)
    reference = _reference_coding(clip, film, workspace, references)
    parts.append(_coding_section(n, coding))
    if coding is not None and reference is not None:
        parts.append(_agreement_section(n, coding, reference))
    parts.append(f"<h3>Supervisor comments (cycle {n})</h3>")
    if cycle.comments:
        parts.append('<ul class="comments">')
        for comment in cycle.comments:
            parts.append(
                f'<li><blockquote>{_paragraphs(comment.text)}</blockquote><p class="who">– '
                f"{_e(comment.author)}, {_e(_date(comment.date))}</p></li>"
            )
        parts.append("</ul>")
    else:
        parts.append("<p>No supervisor comments yet.</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _moment_item(record: PracticeRecord, moment: SelectedMoment, stills: list[str]) -> str:
    scheme = _scheme(record.scheme)
    span = f"{format_time(moment.start, 0)}–{format_time(moment.end, 0)}"
    labels = ", ".join(_label(scheme, code) for code in moment.codes) or "no principle named"
    words = moment.working or "(no words written yet)"
    pictures = "".join(
        f'<img src="{uri}" width="{_STILL_WIDTH}" alt="Still from {_e(moment.clip)} at '
        f'{_e(span)}: {_e(moment.working or labels)}">'
        for uri in stills
    )
    return (
        f'<li><p class="when">{_e(span)} · <span class="principles">{_e(labels)}</span></p>'
        f'<p class="working">“{_e(words)}”</p>'
        + (f'<div class="stills">{pictures}</div>' if pictures else "")
        + "</li>"
    )


def _scheme(name: str) -> Any:
    try:
        return load_scheme(name)
    except VigkitError:
        return None


def _label(scheme: Any, code: str) -> str:
    if scheme is None:
        return code
    try:
        return str(scheme.label_of(code))
    except (KeyError, VigkitError):
        return code


def _coding_section(n: int, coding: Coding | None) -> str:
    head = f"<h3>Your coding (cycle {n})</h3>"
    if coding is None or len(coding) == 0:
        return head + "<p>No coding of this film was found.</p>"
    rolled = coding.rolled_up()
    counts = rolled.events["code"].value_counts()
    rows = "".join(
        f'<tr><th scope="row">{_e(category.label)}</th>'
        f"<td>{int(counts.get(category.id, 0))}</td></tr>"
        for category in coding.scheme.categories
    )
    return (
        head
        + f"<p>You tagged {len(coding)} moment{'' if len(coding) == 1 else 's'}.</p>"
        + '<table class="coding"><caption>Moments per principle</caption><thead><tr>'
        + '<th scope="col">Principle</th><th scope="col">Moments</th></tr></thead>'
        + f"<tbody>{rows}</tbody></table>"
    )


def _agreement_section(n: int, coding: Coding, reference: Coding) -> str:
    from ..agreement import compare

    try:
        comparison = compare(coding, reference)
    except VigkitError as error:
        return f"<h3>Agreement with your supervisor (cycle {n})</h3><p>{_e(error)}</p>"
    summary = comparison.summary()
    kappa = summary["alignment_kappa"]
    kappa_text = "–" if kappa is None or math.isnan(kappa) else f"{kappa:.2f}"
    found = summary["matched"]
    total = summary["reference_events"]
    feedback = comparison.feedback()
    return (
        f"<h3>Agreement with your supervisor (cycle {n})</h3>"
        f'<p class="agreement">You found {found} of the {total} moments your supervisor '
        f"marked; alignment kappa {kappa_text}.</p>"
        f"<figure>{_timeline_svg(comparison)}<figcaption>Your tags and your supervisor's on "
        "the film's time line: circles were tagged by both with the same code, diamonds with "
        "different codes, triangles only by your supervisor, squares only by you."
        "</figcaption></figure>"
        f'<div class="feedback">{_feedback_html(feedback.text)}</div>'
    )


def _timeline_svg(comparison: Comparison) -> str:
    from ..views import timeline_figure

    label = (
        f"Time line of the tags of {comparison.coder_name} and {comparison.reference_name} "
        f"on {comparison.clip}"
    )
    return svg_markup(timeline_figure(comparison), label, "chart timeline-chart")


def _feedback_html(text: str) -> str:
    """Feedback paragraphs as HTML, with its "- " lines as lists."""
    out = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        intro = [line for line in lines if not line.startswith("- ")]
        items = [line[2:] for line in lines if line.startswith("- ")]
        out += [f"<p>{_e(line)}</p>" for line in intro]
        if items:
            out.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>")
    return "".join(out)


_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2328; background: #fff; line-height: 1.5; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.9rem; margin-top: 0; }
h2 { font-size: 1.45rem; border-bottom: 2px solid #0072b2; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
.privacy { background: #fff4d6; border-left: 5px solid #e69f00; padding: .6rem .9rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
dl.reflections { display: block; }
dl.reflections dt { margin-top: .8rem; }
dl.reflections dd p { margin: .2rem 0 0; }
figure { margin: 1rem 0; }
svg.chart { width: 100%; height: auto; display: block; }
figcaption { font-size: .9rem; color: #444; }
table { border-collapse: collapse; margin: .6rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #c8ccd0; padding: .3rem .6rem; text-align: left; }
td { text-align: center; }
ol.moments li { margin-bottom: .8rem; }
.when { margin: 0; font-weight: 600; }
.principles { font-weight: 400; color: #005a8c; }
.working { margin: .2rem 0; font-style: italic; }
.stills img { margin: .3rem .4rem 0 0; border-radius: 4px; max-width: 100%; height: auto; }
.agreement { font-weight: 600; }
.feedback { background: #eef6fb; padding: .4rem .9rem; border-radius: 6px; }
ul.comments { list-style: none; padding: 0; }
blockquote { margin: .4rem 0 0; padding-left: .8rem; border-left: 4px solid #009e73; }
.who { margin: .1rem 0 .6rem .8rem; color: #444; }
@page { size: A4; margin: 16mm; }
@media print {
  main { max-width: none; padding: 0; }
  section.cycle, section.tme, section.stages { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, tr, figure, img { break-inside: avoid; page-break-inside: avoid; }
}
"""

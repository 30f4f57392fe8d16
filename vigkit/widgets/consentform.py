"""``ConsentForm``: record a film's consent in notebook 05 – who is in it, the day consent
was given, each use (with an end date, and "only with faces blurred" for a training group),
the erase-by day and notes. Save records it in the workspace's consent register and says
"Saved", or what is wrong in plain words; an existing entry fills the form."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

from ..coding.workspace import Workspace
from ..core.errors import VigkitError
from ..privacy.consent import ROLES, USE_LABELS, USES, FilmConsent, Person, UseConsent
from ..privacy.dates import FORMS, parse_optional_day
from ..privacy.register import ConsentRegister, record_consent

#: The erase-by day suggested: this many months after consent was given (AVIGuk's usual).
SUGGESTED_MONTHS = 2


def _day_text(day: dt.date | None) -> str:
    return f"{day.day}/{day.month}/{day.year}" if day is not None else ""


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day if it is shorter)."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class _PersonRow:
    def __init__(self, form: ConsentForm, person: Person | None = None) -> None:
        self.pseudonym = widgets.Text(
            value=person.pseudonym if person else "",
            placeholder="pseudonym, e.g. P1",
            layout=widgets.Layout(width="12em"),
        )
        self.role = widgets.Dropdown(
            options=ROLES,
            value=person.role if person else ROLES[0],
            layout=widgets.Layout(width="12em"),
        )
        self.remove = widgets.Button(description="Remove", layout=widgets.Layout(width="7em"))
        self.remove.on_click(lambda _: form.remove_person(self))
        self.widget = widgets.HBox([self.pseudonym, self.role, self.remove])


class _UseRow:
    def __init__(self, use: str, given: UseConsent | None) -> None:
        self.use = use
        self.consented = widgets.Checkbox(
            value=given is not None,
            description=f"{use}: {USE_LABELS[use]}",
            indent=False,
            layout=widgets.Layout(width="28em"),
        )
        self.until = widgets.Text(
            value=_day_text(given.until) if given else "",
            placeholder="until (optional)",
            layout=widgets.Layout(width="10em"),
        )
        self.blurred = widgets.Checkbox(
            value=bool(given and given.faces_blurred),
            description="only with faces blurred",
            indent=False,
        )
        parts = [self.consented, self.until]
        if use == "training-group":
            parts.append(self.blurred)
        self.widget = widgets.HBox(parts)

    def consent(self) -> UseConsent | None:
        if not self.consented.value:
            return None
        until = parse_optional_day(self.until.value, f"{self.use}, until")
        return UseConsent(self.use, until, bool(self.blurred.value))


class ConsentForm:
    """A form for the consent of ``film`` (a path, or a film from ``my_film``)."""

    def __init__(
        self,
        film: str | Path | Any,
        *,
        clip: str | None = None,
        workspace: Workspace | str | Path | None = None,
        recorded_by: str = "",
    ) -> None:
        self.film = Path(getattr(film, "path", film))
        self._clip = clip if clip is not None else getattr(film, "clip", None)
        self.workspace = workspace
        register = ConsentRegister(workspace)
        earlier: FilmConsent | None = None
        try:
            earlier = register.get(self._clip) if self._clip else None
            earlier = earlier or (register.find(self.film) if self.film.exists() else None)
        except VigkitError as error:
            self._initial_error = " ".join(str(error).split())
        else:
            self._initial_error = ""
        self.entry = earlier
        if earlier is not None and self._clip is None:
            self._clip = earlier.clip

        self.people_box = widgets.VBox([])
        self.people: list[_PersonRow] = []
        for person in earlier.people if earlier else ():
            self.add_person(person)
        self.add_button = widgets.Button(description="Add a person", icon="plus")
        self.add_button.on_click(lambda _: self.add_person())
        self.given_on = widgets.Text(
            value=_day_text(earlier.given_on) if earlier else "",
            description="Consent given on",
            placeholder="e.g. 3/3/2026",
            style={"description_width": "10em"},
        )
        self.uses = {use: _UseRow(use, earlier.use(use) if earlier else None) for use in USES}
        self.erase_by = widgets.Text(
            value=_day_text(earlier.erase_by) if earlier else "",
            description="Erase by",
            placeholder="e.g. two months after the work ends",
            style={"description_width": "10em"},
        )
        self.given_on.observe(self._suggest_erase_by, names="value")
        self._suggest_erase_by()
        self.notes = widgets.Textarea(
            value=earlier.notes if earlier else "",
            description="Notes",
            placeholder="where the signed form is kept, what was agreed (no names)",
            style={"description_width": "10em"},
            layout=widgets.Layout(width="100%"),
        )
        self.recorded_by = widgets.Text(
            value=recorded_by or (earlier.recorded_by if earlier else ""),
            description="Recorded by",
            placeholder="your pseudonym",
            style={"description_width": "10em"},
        )
        self.save_button = widgets.Button(description="Save", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.status = widgets.Label(
            value=f"Not read: {self._initial_error}" if self._initial_error else ""
        )
        self.status.add_class("vigkit-save-status")
        title = f"Consent for {self._clip or self.film.name}"
        self.widget = widgets.VBox(
            [
                widgets.HTML(value=f"<h4>{html.escape(title)}</h4>"),
                widgets.HTML(value=f"<p>Film: <code>{html.escape(str(self.film))}</code></p>"),
                widgets.HTML(value="<b>People in the film</b> (pseudonyms only)"),
                self.people_box,
                self.add_button,
                self.given_on,
                widgets.HTML(value="<b>What the film may be used for</b>"),
                *[row.widget for row in self.uses.values()],
                self.erase_by,
                self.notes,
                self.recorded_by,
                widgets.HBox([self.save_button, self.status]),
            ]
        )

    # ------------------------------------------------------------ people
    def add_person(self, person: Person | None = None) -> None:
        """Add a row for one more person (empty, or filled from ``person``)."""
        self.people.append(_PersonRow(self, person))
        self.people_box.children = [row.widget for row in self.people]

    def remove_person(self, row: _PersonRow) -> None:
        """Take a person's row away."""
        self.people.remove(row)
        self.people_box.children = [r.widget for r in self.people]

    def _suggest_erase_by(self, _: Any = None) -> None:
        try:
            given = parse_optional_day(self.given_on.value, "given on")
        except VigkitError:
            given = None
        if given is not None:
            suggestion = _day_text(months_later(given, SUGGESTED_MONTHS))
            self.erase_by.placeholder = f"e.g. {suggestion} (two months on), or leave empty"

    # ------------------------------------------------------------ saving
    def save(self) -> FilmConsent | None:
        """Record what the form says; show "Saved" or what is wrong. Returns the entry."""
        try:
            people = [
                Person(row.pseudonym.value.strip(), row.role.value)
                for row in self.people
                if row.pseudonym.value.strip()
            ]
            uses = [c for c in (row.consent() for row in self.uses.values()) if c is not None]
            if not self.given_on.value.strip():
                raise VigkitError(f"consent given on: write the day, as {FORMS}")
            if not self.film.is_file():
                raise VigkitError(f"{self.film}: the film is not there; check its path")
            entry = record_consent(
                self.film,
                clip=self._clip,
                people=people,
                given_on=self.given_on.value,
                uses=uses,
                erase_by=self.erase_by.value or None,
                notes=self.notes.value,
                recorded_by=self.recorded_by.value,
                workspace=self.workspace,
            )
        except (VigkitError, OSError) as error:
            if isinstance(error, OSError):
                text = f"{error.strerror or error} ({error.filename or self.film})"
            else:
                text = " ".join(str(error).split())
            self.status.value = f"Not saved: {text}"
            return None
        self.entry = entry
        self._clip = entry.clip
        self.status.value = f"Saved {dt.datetime.now():%H:%M}"
        return entry

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


__all__ = ["ConsentForm", "months_later"]

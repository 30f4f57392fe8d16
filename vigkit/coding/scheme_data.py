"""Coding schemes as data: categories of principles, their behaviours, colours and keys,
and the look-ups of a code (its category, label, colour, a did-you-mean hint)."""

from __future__ import annotations

import difflib
import functools
import html
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Behaviour:
    """One observable behaviour within a category; ``id`` is ``category-id.behaviour-id``."""

    id: str
    label: str
    description: str
    category: str


@dataclass(frozen=True)
class Category:
    """One principle category with its colour, keyboard key and behaviours."""

    id: str
    label: str
    description: str
    colour: str
    key: str
    behaviours: tuple[Behaviour, ...]


@dataclass(frozen=True)
class Scheme:
    """A versioned coding scheme; immutable, so it can be shared between codings."""

    id: str
    version: str
    label: str
    description: str
    source: str
    categories: tuple[Category, ...]
    subjects: tuple[str, ...] = ()

    @functools.cached_property
    def _index(self) -> dict[str, Category | Behaviour]:
        index: dict[str, Category | Behaviour] = {}
        for category in self.categories:
            index[category.id] = category
            for behaviour in category.behaviours:
                index[behaviour.id] = behaviour
        return index

    @property
    def codes(self) -> tuple[str, ...]:
        """Every valid code: each category id followed by its behaviour ids, in order."""
        return tuple(self._index)

    @property
    def behaviours(self) -> tuple[Behaviour, ...]:
        """All behaviours of all categories, in ladder order."""
        return tuple(b for c in self.categories for b in c.behaviours)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._index

    def category_of(self, code: str) -> Category:
        """The category of ``code`` (a category id or a behaviour id)."""
        return self._category_map[self.rollup(code)]

    @functools.cached_property
    def _category_map(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories}

    def rollup(self, code: str) -> str:
        """The category id a code belongs to; a category maps to itself."""
        item = self._lookup(code)
        return item.category if isinstance(item, Behaviour) else item.id

    def label_of(self, code: str) -> str:
        """The short, readable label of a code (for buttons, legends and captions)."""
        return self._lookup(code).label

    def description_of(self, code: str) -> str:
        """The one-sentence description of a code (tooltips, feedback)."""
        return self._lookup(code).description

    def colour_of(self, code: str) -> str:
        """The category colour of a code, as ``#RRGGBB``."""
        return self.category_of(code).colour

    def is_category(self, code: str) -> bool:
        """Whether ``code`` is a category (rather than a behaviour)."""
        return isinstance(self._lookup(code), Category)

    def resolve(self, text: str) -> str | None:
        """The code a person meant: an exact id, an id in other case, or a unique label."""
        if text in self._index:
            return text
        wanted = text.strip().casefold()
        if wanted in self._folded:
            return self._folded[wanted]
        return None

    @functools.cached_property
    def _folded(self) -> dict[str, str]:
        folded: dict[str, str] = {}
        ambiguous: set[str] = set()
        for code, item in self._index.items():
            folded[code.casefold()] = code
            label = item.label.casefold()
            if label in folded and folded[label] != code:
                ambiguous.add(label)
            folded.setdefault(label, code)
        for label in ambiguous - {c.casefold() for c in self._index}:
            del folded[label]
        return folded

    def suggest(self, text: str) -> str | None:
        """The nearest valid code to a mistyped one, for "did you mean" hints."""
        candidates = list(self._index) + [
            short for code in self._index if (short := code.rpartition(".")[2]) != code
        ]
        best = difflib.get_close_matches(text.strip().casefold(), candidates, n=1, cutoff=0.6)
        if not best:
            return None
        if best[0] in self._index:
            return best[0]
        return next(code for code in self._index if code.endswith("." + best[0]))

    def _lookup(self, code: str) -> Category | Behaviour:
        try:
            return self._index[code]
        except KeyError:
            hint = self.suggest(code)
            maybe = f" (did you mean '{hint}'?)" if hint else ""
            raise KeyError(f"'{code}' is not a code of scheme '{self.id}'{maybe}") from None

    def table(self) -> pd.DataFrame:
        """The scheme as a tidy table: one row per code, category rows first in each group."""
        rows = []
        for category in self.categories:
            rows.append(
                {
                    "code": category.id,
                    "level": "category",
                    "key": category.key,
                    "label": category.label,
                    "description": category.description,
                    "colour": category.colour,
                }
            )
            rows += [
                {
                    "code": b.id,
                    "level": "behaviour",
                    "key": "",
                    "label": b.label,
                    "description": b.description,
                    "colour": category.colour,
                }
                for b in category.behaviours
            ]
        table: pd.DataFrame = pd.DataFrame(rows)
        return table

    def __repr__(self) -> str:
        return (
            f"<Scheme {self.id} v{self.version}: {len(self.categories)} categories, "
            f"{len(self.behaviours)} behaviours>"
        )

    def _repr_html_(self) -> str:
        """A readable ladder of the principles for notebooks (text only, no media)."""
        parts = [
            f"<p><b>{html.escape(self.label)}</b> "
            f"<small>({html.escape(self.id)}, version {html.escape(self.version)})</small></p>",
            "<table><thead><tr><th>key</th><th>principle</th><th>behaviours</th></tr></thead>"
            "<tbody>",
        ]
        for category in self.categories:
            behaviours = "<br>".join(
                f'<span title="{html.escape(b.description)}">{html.escape(b.label)}</span>'
                for b in category.behaviours
            )
            parts.append(
                f'<tr><td style="text-align:center"><kbd>{html.escape(category.key)}</kbd></td>'
                f'<td style="border-left:6px solid {category.colour};text-align:left" '
                f'title="{html.escape(category.description)}">'
                f"<b>{html.escape(category.label)}</b></td>"
                f'<td style="text-align:left">{behaviours}</td></tr>'
            )
        parts.append("</tbody></table>")
        parts.append(f"<p><small>Source: {html.escape(self.source)}</small></p>")
        return "".join(parts)

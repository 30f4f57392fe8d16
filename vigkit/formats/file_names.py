"""Who coded a file and which clip it is of, found in the file itself where it says so: a
BORIS observation's ``coder`` (or ``observer``) independent variable (the kit writes one), and
the coder and clip in a WebVTT file the kit wrote. Where the file does not say, one
:class:`MissingName` error names the option to add (``--coder``, ``--clip``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..coding.events import check_name
from ..core.errors import VigkitError
from ..core.limits import parse_json
from ..core.textfile import read_text_file
from .common import FormatError
from .webvtt_text import EVENT_NOTE

#: BORIS independent variables that say who coded an observation (any letter case).
CODER_VARIABLES = ("coder", "observer")
_EXAMPLES = {"coder": "T07", "clip": "home-play"}
_VTT_QUESTIONS = {
    ("coder",): "who made its captions",
    ("clip",): "which film its captions are for",
    ("coder", "clip"): "who made its captions or which film they are for",
}
_VTT_HINT = "Save the file as UTF-8 (WebVTT files are UTF-8)."


class MissingName(VigkitError):
    """A file that does not say who coded it (or of which clip), and nobody said either."""

    def __init__(
        self, path: Path, names: tuple[str, ...], reason: str, options: dict[str, str] | None = None
    ) -> None:
        self.path = path
        self.names = names
        self.reason = reason
        self.options = {name: (options or {}).get(name, f"--{name}") for name in names}
        add = " and ".join(f"{self.options[name]} {name.upper()}" for name in names)
        example = " ".join(f"{self.options[name]} {_EXAMPLES[name]}" for name in names)
        python = " and ".join(f"{name}=" for name in names)
        super().__init__(f"{path}: {reason}; add {add} (e.g. {example}; {python} in Python)")

    def for_options(self, options: dict[str, str]) -> MissingName:
        """The same error, naming other options (e.g. ``--reference-coder`` for coder)."""
        return MissingName(self.path, self.names, self.reason, {**self.options, **options})


def names_from_file(path: Path, fmt: str, given: dict[str, Any]) -> dict[str, str]:
    """The ``coder`` and ``clip`` the WebVTT reader needs and was not given, from the file;
    :class:`MissingName` when the file does not say. (The BORIS reader finds its coder
    itself, with :func:`observation_coder`, in the project it has read.)"""
    if fmt == "webvtt" and not {"coder", "clip"} <= set(given):
        found = _vtt_names(path, {"coder", "clip"} - set(given))
        return {name: found[name] for name in ("coder", "clip") if name not in given}
    return {}


def observation_coder(path: Path, name: str, chosen: Mapping[str, Any]) -> str:
    """The coder a BORIS observation names in its independent variables (``coder`` or
    ``observer``); BORIS itself records no coder, so :class:`MissingName` otherwise."""
    variables = chosen.get("independent_variables")
    found = {
        str(key).strip().casefold(): value
        for key, value in (variables.items() if isinstance(variables, dict) else ())
    }
    for variable in CODER_VARIABLES:
        value = found.get(variable)
        if isinstance(value, str) and value.strip():
            coder, reason = check_name(value, "coder")
            if reason:
                raise MissingName(
                    path, ("coder",), f"observation '{name}', variable '{variable}': {reason}"
                )
            return coder
    raise MissingName(
        path,
        ("coder",),
        f"BORIS does not record who coded observation '{name}', and it has no 'coder' "
        "independent variable",
    )


def _vtt_names(path: Path, wanted: set[str]) -> dict[str, str]:
    """The coder and clip of a WebVTT file the kit wrote (from its ``vigkit-event`` notes),
    where every note agrees or every caption has its note; :class:`MissingName` otherwise."""
    text = read_text_file(path, FormatError, encoding_hint=_VTT_HINT)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    seen: dict[str, list[str]] = {"coder": [], "clip": []}
    notes = 0
    for line in lines:
        words = line.split(maxsplit=2)
        if len(words) < 3 or words[:2] != ["NOTE", EVENT_NOTE]:
            continue
        try:
            data = parse_json(words[2])
        except ValueError:
            continue  # the reader reports a damaged note, with its line
        if isinstance(data, dict):
            notes += 1
            for name, values in seen.items():
                value = data.get(name)
                if isinstance(value, str) and value not in values:
                    values.append(value)
    cues = sum("-->" in line for line in lines)  # a NOTE cannot hold "-->"
    every_cue_has_its_note = notes > 0 and notes >= cues
    names: dict[str, str] = {}
    missing: list[str] = []
    for name, values in seen.items():
        if len(values) == 1 or (values and every_cue_has_its_note):
            names[name] = values[0]  # other notes keep their own: only a default
        elif name in wanted:
            missing.append(name)
    if missing:
        several = [f"{name}s {', '.join(seen[name])}" for name in missing if seen[name]]
        reason = (
            f"its captions name several {' and '.join(several)}, and some have no vigkit note"
            if several
            else "a WebVTT file does not say " + _VTT_QUESTIONS[tuple(missing)]
        )
        raise MissingName(path, tuple(missing), reason)
    return names

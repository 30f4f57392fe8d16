"""Practice films drawn from storyboards, each with an exact reference coding.

``load_storyboard`` reads and checks a storyboard (YAML); ``render`` draws it into a film,
its reference coding and a thumbnail; ``reference_coding`` gives the answer key alone.
See ``docs/storyboards.md``.
"""

from .model import Storyboard
from .reference import reference_coding
from .render import RenderedFilm, render
from .storyboard import StoryboardError, load_storyboard, parse_storyboard

__all__ = [
    "RenderedFilm",
    "Storyboard",
    "StoryboardError",
    "load_storyboard",
    "parse_storyboard",
    "reference_coding",
    "render",
]

"""The media engine: probe films, make proxies, cut moments, take stills, render reels.

Everything runs the ffmpeg that ships with imageio-ffmpeg, seeking on the input (``-ss``
before ``-i``) so nothing decodes more of a film than it needs. Outputs are written
atomically; source films are never modified.
"""

from ..core.errors import MediaError
from .cut import CutResult, cut
from .moment import Moment, read_moments
from .probe import MediaInfo, probe
from .proxy import proxy
from .reel import reel
from .sheet import contact_sheet
from .stills import stills

__all__ = [
    "CutResult",
    "MediaError",
    "MediaInfo",
    "Moment",
    "contact_sheet",
    "cut",
    "probe",
    "proxy",
    "read_moments",
    "reel",
    "stills",
]

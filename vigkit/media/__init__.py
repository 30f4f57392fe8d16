"""The media engine: probe films, make proxies, cut moments, take stills, render reels.

Everything runs the ffmpeg that ships with imageio-ffmpeg, seeking on the input (``-ss``
before ``-i``) so nothing decodes more of a film than it needs. Outputs are written
atomically; source films are never modified.
"""

from ..errors import MediaError
from .moment import Moment
from .probe import MediaInfo, probe

__all__ = ["MediaError", "MediaInfo", "Moment", "probe"]

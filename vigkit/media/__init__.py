"""The media engine: probe films, make playable copies, cut moments, take stills, render reels.

Everything runs the ffmpeg that ships with imageio-ffmpeg, seeking on the input (``-ss``
before ``-i``) so nothing decodes more of a film than it needs. Outputs are written
atomically; source films are never modified. Face blurring (``blur_faces``, ``KeepFace``,
``BlurResult``, ``faces_in_still``, ``blur_picture``) loads on first use, as it needs numpy
and the face detector.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ..core.errors import MediaError
from .cut import CutResult, cut
from .moment import Moment, read_moments
from .playable import playable_copy
from .probe import MediaInfo, probe
from .proxy import proxy
from .reel import reel
from .sheet import contact_sheet
from .stills import stills

if TYPE_CHECKING:
    from .blur import BlurResult, blur_faces, faces_in_still
    from .blurpicture import blur_picture
    from .facetrack import KeepFace

#: Names loaded on first use: name -> module.
_LAZY = {
    "BlurResult": ".blur",
    "KeepFace": ".facetrack",
    "blur_faces": ".blur",
    "blur_picture": ".blurpicture",
    "faces_in_still": ".blur",
}


def __getattr__(name: str) -> Any:
    """Import the face-blurring names on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'vigkit.media' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name], __name__), name)


__all__ = [
    "BlurResult",
    "CutResult",
    "KeepFace",
    "MediaError",
    "MediaInfo",
    "Moment",
    "blur_faces",
    "blur_picture",
    "contact_sheet",
    "cut",
    "faces_in_still",
    "playable_copy",
    "probe",
    "proxy",
    "read_moments",
    "reel",
    "stills",
]

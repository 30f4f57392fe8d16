"""How vigkit lays a coding out in an ELAN file (see :mod:`vigkit.formats.elan`): the names
of its tiers, types and header properties, and how long its points are; shared by the
reader and the writer."""

from __future__ import annotations

import re

#: Files from elsewhere: annotations shorter than this (seconds) are point events.
DEFAULT_POINT_UNDER = 0.1
#: How long (ms) a point event is in the files vigkit writes.
POINT_LENGTH_MS = 1
#: The shortest interval (ms) vigkit writes, so that no interval reads back as a point.
MIN_INTERVAL_MS = 2

CODE_TYPE = "vigkit-code"
SUBJECT_TYPE = "vigkit-subject"
NOTE_TYPE = "vigkit-note"
SUBJECTS_CV = "vigkit subjects"  # a space: no scheme id can be the same
ATTACHED = ("subject", "note")  # dependent tiers "<tier> subject", "<tier> note"

PROPERTY_CLIP = "vigkit-clip"
PROPERTY_SCHEME = "vigkit-scheme"
PROPERTY_SCHEME_VERSION = "vigkit-scheme-version"
PROPERTY_POINT = "vigkit-point-length"

LANE = re.compile(r"^(?P<base>.*\S) \((?P<lane>[2-9]|[1-9]\d+)\)$")

"""ELAN (.eaf) files: a supervisor's or researcher's ELAN coding read as a ``Coding``, and
a trainee's coding written for ELAN.

How a coding looks in ELAN (and so what :func:`read_eaf` expects of files vigkit wrote):

- one tier per coder, named by the pseudonym (``T07``), its annotations the coder's tags;
  ELAN lets no two annotations of one tier overlap, so overlapping tags go on extra
  tiers ``T07 (2)``, ``T07 (3)``, … (read back as coder ``T07``);
- the tag's subject and note on dependent tiers ``T07 subject`` and ``T07 note``
  (symbolic association: one value per tag);
- the scheme as a controlled vocabulary: one entry per code (id = the code, value = its
  label, description = its description);
- a point event as a 1 ms annotation; the header says so, and in such a file only 1 ms
  annotations are points. In files from elsewhere an annotation shorter than
  ``point_under`` seconds is a point.

Files are parsed (in ``elan_xml``) with expat rather than with pympi: pympi neither keeps
line numbers nor checks references, and it stops on the first missing attribute with a
``KeyError``.
Every problem in a file is collected and reported at once; nothing is half imported.
"""

from __future__ import annotations

from .elan_layout import DEFAULT_POINT_UNDER, MIN_INTERVAL_MS, POINT_LENGTH_MS
from .elan_read import read_eaf
from .elan_write import write_eaf

__all__ = [
    "DEFAULT_POINT_UNDER",
    "MIN_INTERVAL_MS",
    "POINT_LENGTH_MS",
    "read_eaf",
    "write_eaf",
]

"""GSEQ's SDIS files (``.sds``, the Sequential Data Interchange Standard of Bakeman & Quera):
codings written as timed-event data GSEQ can pool or compare, and SDIS files read back.

What the file looks like, and where each fact comes from:

- SDIS is GSEQ's data language and knows five data types – Event, State, Timed event,
  Interval and Multievent; GSEQ compiles an SDIS file into its own MDS file before
  analysis (Bakeman's GSEQ page, https://sites.gsu.edu/bakeman/gseq/ ; Mangold's GSEQ
  page, https://www.mangold-international.com/en/products/software/gseq.html ; Quera &
  Bakeman, "SDIS-GSEQ 2.0", Measuring Behavior 1998). The kit writes **timed-event** data:
  the only type that keeps each tag's onset and offset in the clip.
- The layout follows the SDIS files BORIS writes for GSEQ (``export_aggregated_events`` in
  olivierfriard/BORIS ``boris/export_events.py``, v9.12.3, commit 73bdf077): a ``%``
  comment line, the declaration ``Timed <seconds>;``, then per observation a session
  label ``<…>`` on its own line, events ``code,onset-offset`` with times in seconds to
  three decimals, separated by white space, and ``/`` ending the session; code names are
  ``subject_behaviour`` with spaces, ``-`` and ``/`` turned into ``_``; a point event is
  written lasting 0.001 s.
- Code names here: the scheme id with ``.`` as ``__`` and ``-`` as ``_`` (scheme ids
  have neither ``_`` nor ``--``, so the id can be read back), the subject in front as
  BORIS does; only letters, digits and ``_``, starting with a letter.

What could **not** be checked against GSEQ's own documentation from here, and so is not
written: the list of codes inside the declaration (BORIS writes none; the kit lists the
codes and their subjects in ``% vigkit-code`` comments instead), session start and end
times, GSEQ variables (factors) for coder and clip (the session label ``<clip coder>``
names them), and any limit GSEQ sets on a code name's length. The reader accepts
declarations that list codes (``Timed a b ($set = c d) * sex (m f);``: the sets' names,
parentheses and the variables after ``*`` are not codes) and then refuses undeclared
codes; it also accepts session times ``,time``, variable values ``(…)``, ``&`` and
m:ss / h:mm:ss times.

SDIS cannot hold notes, tag ids, creation times, the links between tags (``answers``) or
a point's zero length; roles and the clip's length live only in ``% vigkit-…`` comments.
:func:`write_sdis` says which of these the file lost, in plain sentences.
"""

from __future__ import annotations

from .sdis_read import DATA_TYPES, read_sdis
from .sdis_text import POINT_SECONDS, code_from_name, sdis_name
from .sdis_write import sdis_losses, write_sdis

__all__ = [
    "DATA_TYPES",
    "POINT_SECONDS",
    "code_from_name",
    "read_sdis",
    "sdis_losses",
    "sdis_name",
    "write_sdis",
]

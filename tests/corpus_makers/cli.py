"""Inputs made at run time for the command-line cases (``cases-cli.yaml``): a short film,
moments files that point at it, and BORIS projects compressed with gzip."""

from __future__ import annotations

import gzip
import shutil
import tempfile
from pathlib import Path

DATA = Path(__file__).parent.parent / "data"
_made: dict[str, Path] = {}


def film(folder: Path) -> None:
    """``film.mp4``: a 3-second film (made once a session, then copied)."""
    if "film" not in _made:
        from films import make_film

        _made["film"] = make_film(Path(tempfile.mkdtemp(prefix="vigkit-cli-")) / "film.mp4", 3)
    shutil.copy(_made["film"], folder / "film.mp4")


def moment_past_the_end(folder: Path) -> None:
    """``moments.csv`` whose third row runs past the end of the 3-second film."""
    film(folder)
    (folder / "moments.csv").write_text(
        "source,start,end,caption,code\nfilm.mp4,0,1,first,\nfilm.mp4,0:01.5,0:09,too long,\n",
        encoding="utf-8",
    )


def moment_with_unknown_code(folder: Path) -> None:
    """``moments.csv`` whose second row names a code that is not in the scheme."""
    film(folder)
    (folder / "moments.csv").write_text(
        "source,start,end,caption,code\nfilm.mp4,0,1,first,guiding.scafolding\n",
        encoding="utf-8",
    )


def boris_gz(folder: Path) -> None:
    """``project.boris.gz``: the sample BORIS project, compressed."""
    data = (DATA / "formats" / "home-visits.boris").read_bytes()
    (folder / "project.boris.gz").write_bytes(gzip.compress(data))


def captions(folder: Path) -> None:
    """``captions.vtt``: the subtitle editor's sample (not made by the kit)."""
    shutil.copy(DATA / "formats" / "subtitle-editor.vtt", folder / "captions.vtt")


def film_and_moments(folder: Path) -> None:
    """``moments.csv`` with one good moment of the film."""
    film(folder)
    (folder / "moments.csv").write_text(
        "source,start,end,caption,code\nfilm.mp4,0,1,first,guiding\n", encoding="utf-8"
    )

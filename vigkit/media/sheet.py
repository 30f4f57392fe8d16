"""Contact sheets: stills laid out as a PNG grid with their times and captions, for
portfolios and supervision. Drawn with Pillow in DejaVu; written atomically."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from ..coding.workspace import Workspace
from ..core.atomic import atomic_path
from ..core.errors import MediaError
from ..core.progress import progress_bar
from ..core.timecode import format_time, parse_time
from ..privacy.gate import check_use
from ..privacy.ledger import note_made
from .fonts import dejavu
from .inputs import check_target
from .stills import time_from_name
from .text import fit_text, line_height, wrap_text
from .verify import verify_picture

CELL_WIDTH = 320
MARGIN = 32
GAP = 24
CAPTION_LINES = 3
_BACKGROUND = (255, 255, 255)
_LETTERBOX = (236, 236, 236)
_FRAME = (200, 200, 200)
_INK = (33, 33, 33)
_SOFT_INK = (64, 64, 64)
_TITLE_SIZE = 26
_TIME_SIZE = 16
_CAPTION_SIZE = 15
_LINE_GAP = 4


def contact_sheet(
    stills: Sequence[str | Path],
    out: str | Path,
    captions: Sequence[str | None] | None = None,
    columns: int = 4,
    *,
    times: Sequence[float | str | None] | None = None,
    title: str | None = None,
    use: str = "own-review",
    override: str | None = None,
    blur_faces: bool = False,
    workspace: Workspace | str | Path | None = None,
    show_bar: bool = True,
) -> Path:
    """Lay stills out as a PNG grid for portfolios: each still with its time and caption,
    at most ``columns`` a row. Times come from ``times``, else from the names :func:`stills`
    gives. The films the stills come from must be consented for ``use``
    (``override``: a logged reason to go ahead); ``blur_faces`` blurs every face. A bar
    counts the stills read (and blurred), with the time left (``show_bar``)."""
    paths = [Path(p) for p in stills]
    if not paths:
        raise MediaError(f"{out}: no stills were given, so there is no contact sheet to make")
    for name, values in (("captions", captions), ("times", times)):
        if values is not None and len(values) != len(paths):
            raise MediaError(
                f"{out}: {len(values)} {name} were given for {len(paths)} stills; give one "
                "per still (None or '' for none)"
            )
    if isinstance(columns, bool) or not isinstance(columns, int) or columns < 1:
        raise MediaError(f"{out}: columns must be a whole number, 1 or more (not {columns!r})")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise MediaError(f"{out}: these stills do not exist: {', '.join(missing)}")
    odd = [str(p) for p in paths if not p.is_file()]
    if odd:
        raise MediaError(
            f"{out}: these stills are folders or other things that are not pictures: "
            f"{', '.join(odd)}; give the stills' files"
        )
    target = check_target(out, paths, suffixes=(".png",), what="a contact sheet is a PNG picture")

    labels = [_label(p, None if times is None else times[i]) for i, p in enumerate(paths)]
    steps = len(paths) * (2 if blur_faces else 1)
    with progress_bar(steps, "making the contact sheet", unit="still", show=show_bar) as shown:
        thumbs = []
        for path in paths:  # each read as a picture before the check
            thumbs.append(_thumbnail(path))
            shown(len(thumbs))
        check_use(paths, use, action="making a contact sheet", override=override,
                  faces_blurred=blur_faces, workspace=workspace)  # fmt: skip
        if blur_faces:
            for index, path in enumerate(paths):
                thumbs[index] = _thumbnail(path, blur_faces=True)
                shown(len(paths) + index + 1)
    box_height = min(CELL_WIDTH, max(t.height for t in thumbs))
    time_font, caption_font = dejavu(_TIME_SIZE, bold=True), dejavu(_CAPTION_SIZE)
    caption_line = line_height(caption_font)
    text_height = line_height(time_font)
    if captions is not None:
        text_height += _LINE_GAP + CAPTION_LINES * caption_line
    cell_height = box_height + 10 + text_height

    columns = min(columns, len(paths))
    rows = math.ceil(len(paths) / columns)
    title_font = dejavu(_TITLE_SIZE, bold=True)
    title_height = line_height(title_font) + GAP if title else 0
    sheet = Image.new(
        "RGB",
        (
            2 * MARGIN + columns * CELL_WIDTH + (columns - 1) * GAP,
            2 * MARGIN + title_height + rows * cell_height + (rows - 1) * GAP,
        ),
        _BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    if title:
        draw.text(
            (MARGIN, MARGIN),
            fit_text(title, title_font, sheet.width - 2 * MARGIN),
            font=title_font,
            fill=_INK,
        )
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        x = MARGIN + column * (CELL_WIDTH + GAP)
        y = MARGIN + title_height + row * (cell_height + GAP)
        _paste_letterboxed(sheet, draw, thumb, x, y, box_height)
        y += box_height + 10
        draw.text((x, y), labels[index], font=time_font, fill=_INK)
        y += line_height(time_font) + _LINE_GAP
        caption = captions[index] if captions is not None else None
        text = "" if caption is None or caption != caption else str(caption)  # NaN: none
        for line in wrap_text(text, caption_font, CELL_WIDTH, CAPTION_LINES):
            draw.text((x, y), line, font=caption_font, fill=_SOFT_INK)
            y += caption_line
    with atomic_path(target) as tmp:
        sheet.save(tmp, format="PNG", optimize=True)  # a new picture: no text, EXIF or ICC
        verify_picture(tmp, film=target, what="the contact sheet", width=sheet.width)
    note_made(target, paths, "sheet", workspace=workspace, faces_blurred=blur_faces)
    return target


def _label(path: Path, given: float | str | None) -> str:
    """The time under a still: the one given, else read from its name, else the name."""
    if given is not None and given != "":
        try:
            return format_time(parse_time(given))
        except ValueError as error:
            raise MediaError(f"{path}: the time for this still is wrong: {error}") from None
    named = time_from_name(path)
    if named is None:
        return path.stem
    seconds, decimals = named
    return format_time(seconds, decimals)


def _thumbnail(path: Path, blur_faces: bool = False) -> Image.Image:
    """The still as RGB, turned as its EXIF says (faces blurred if asked), fitted into a
    ``CELL_WIDTH`` square."""
    try:
        with Image.open(path) as opened:
            picture = ImageOps.exif_transpose(opened)
            picture.load()
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise MediaError(f"{path}: this still cannot be read as a picture ({error})") from None
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        picture = picture.convert("RGBA")
        flat = Image.new("RGB", picture.size, _BACKGROUND)
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    picture = picture.convert("RGB")
    if blur_faces:
        from .blurpicture import blur_image

        picture = blur_image(picture)
    scale = CELL_WIDTH / picture.width
    if picture.height * scale > CELL_WIDTH:  # portrait: as tall as a landscape cell is wide
        scale = CELL_WIDTH / picture.height
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    return picture.resize(size, Image.Resampling.LANCZOS)


def _paste_letterboxed(
    sheet: Image.Image, draw: ImageDraw.ImageDraw, thumb: Image.Image, x: int, y: int, box: int
) -> None:
    """Centre ``thumb`` in a ``CELL_WIDTH`` x ``box`` cell with grey bars and a thin frame."""
    if thumb.height > box:  # a taller still than the cells allow (cells are at most square)
        thumb = thumb.resize(
            (max(1, round(thumb.width * box / thumb.height)), box), Image.Resampling.LANCZOS
        )
    if thumb.size != (CELL_WIDTH, box):
        draw.rectangle((x, y, x + CELL_WIDTH - 1, y + box - 1), fill=_LETTERBOX)
    sheet.paste(thumb, (x + (CELL_WIDTH - thumb.width) // 2, y + (box - thumb.height) // 2))
    draw.rectangle((x - 1, y - 1, x + CELL_WIDTH, y + box), outline=_FRAME)

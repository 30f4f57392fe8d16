"""Title cards and caption bands for reels, drawn with Pillow in DejaVu (no ffmpeg drawtext).

Sizes scale with the frame's short side, so a caption reads the same in landscape and
portrait reels. The look is calm and warm: a soft background for the title, a dark
translucent band with the principle's colour for each moment's caption.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from .fonts import dejavu
from .text import Font, wrap_text

#: The title card: a soft, warm paper colour with dark slate text and a gold accent line.
TITLE_BACKGROUND = (246, 241, 233)
TITLE_TEXT = (47, 58, 69)
TITLE_SUBTEXT = (104, 112, 120)
TITLE_ACCENT = (214, 160, 60)
#: The caption band: near-black at about 80% opacity, so the film shows through faintly
#: and white words stay readable over a bright scene.
BAND_COLOUR = (16, 18, 22, 205)
BAND_TEXT = (255, 255, 255, 255)
BAND_SUBTEXT = (236, 236, 236, 255)
#: Stripe colour when a caption has words but no principle code.
NEUTRAL_STRIPE = "#BDB7AE"
#: At most this many lines of the principle and of the guider's words (landscape;
#: portrait frames, narrower, get one more); longer text ends with an ellipsis.
MAX_PRINCIPLE_LINES = 2
MAX_WORD_LINES = 3


def title_card(title: str, size: tuple[int, int]) -> Image.Image:
    """The opening card: the first line of ``title`` large and centred, any further lines
    (names, date, cycle) smaller beneath it, on a calm uniform background."""
    width, height = size
    unit = min(width, height) / 720
    card = Image.new("RGB", size, TITLE_BACKGROUND)
    draw = ImageDraw.Draw(card)
    heading, _, rest = title.strip().partition("\n")
    big = dejavu(max(12, round(54 * unit)), bold=True)
    small = dejavu(max(10, round(32 * unit)))
    max_width = width * 0.8
    blocks: list[tuple[list[str], Font, tuple[int, int, int]]] = [
        (wrap_text(heading, big, max_width, max_lines=4), big, TITLE_TEXT)
    ]
    if rest.strip():
        blocks.append(
            (wrap_text(rest.strip(), small, max_width, max_lines=4), small, TITLE_SUBTEXT)
        )
    gap = round(34 * unit)  # space for the accent line between heading and subtext
    heights = [len(lines) * _line_height(font) for lines, font, _ in blocks]
    total = sum(heights) + gap
    y = (height - total) / 2
    for index, (lines, font, colour) in enumerate(blocks):
        for line in lines:
            x = (width - font.getlength(line)) / 2
            draw.text((x, y), line, font=font, fill=colour)
            y += _line_height(font)
        if index == 0:
            accent = round(90 * unit)
            thickness = max(2, round(4 * unit))
            top = y + (gap - thickness) / 2
            draw.rectangle(
                ((width - accent) / 2, top, (width + accent) / 2, top + thickness - 1),
                fill=TITLE_ACCENT,
            )
            y += gap
    return card


def caption_band(
    size: tuple[int, int],
    principle: str | None = None,
    words: str | None = None,
    colour: str | None = None,
) -> Image.Image | None:
    """The lower-third band for a moment (RGBA, the frame's width, its own height), or
    ``None`` when there is neither a principle nor words to show.

    Line 1 names the principle in bold, line 2 gives the guider's words, wrapped; a stripe
    in the principle's colour (``#RRGGBB``) marks the band's left side.
    """
    principle = (principle or "").strip() or None
    words = (words or "").strip() or None
    if principle is None and words is None:
        return None
    width, height = size
    unit = min(width, height) / 720
    bold = dejavu(max(10, round(32 * unit)), bold=True)
    regular = dejavu(max(10, round(29 * unit)))
    margin = round(width * 0.05)  # inside the title-safe area
    stripe = max(4, round(12 * unit))
    text_x = margin + stripe + round(22 * unit)
    max_width = width - text_x - margin
    pad = round(22 * unit)
    between = round(8 * unit)
    extra = 1 if height > width else 0
    lines: list[tuple[str, Font, tuple[int, int, int, int]]] = []
    if principle is not None:
        wrapped = wrap_text(principle, bold, max_width, MAX_PRINCIPLE_LINES + extra)
        lines += [(line, bold, BAND_TEXT) for line in wrapped]
    if words is not None:
        wrapped = wrap_text(words, regular, max_width, MAX_WORD_LINES + extra)
        lines += [(line, regular, BAND_SUBTEXT) for line in wrapped]
    text_height = sum(_line_height(font) for _, font, _ in lines)
    if principle is not None and words is not None:
        text_height += between
    band_height = text_height + 2 * pad
    band = Image.new("RGBA", (width, band_height), BAND_COLOUR)
    draw = ImageDraw.Draw(band)
    stripe_rgb = _rgb(colour or NEUTRAL_STRIPE)
    draw.rectangle(
        (margin, pad, margin + stripe - 1, band_height - pad - 1), fill=(*stripe_rgb, 255)
    )
    text = Image.new("RGBA", band.size, (0, 0, 0, 0))
    text_draw = ImageDraw.Draw(text)
    y = pad
    previous: Font | None = None
    for line, font, fill in lines:
        if previous is bold and font is regular:
            y += between
        text_draw.text((text_x, y), line, font=font, fill=fill)
        y += _line_height(font)
        previous = font
    return Image.alpha_composite(band, text)


def save_png(image: Image.Image, path: str | Path) -> Path:
    """Write ``image`` as a PNG (for ffmpeg to read as an input) and return its path."""
    target = Path(path)
    image.save(target, format="PNG")
    return target


def _line_height(font: Font) -> int:
    ascent, descent = font.getmetrics()
    return round((ascent + descent) * 1.12)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)

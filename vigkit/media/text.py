"""Fitting text into pixels for pictures the kit draws (caption bands, title cards,
contact sheets): wrapping at words and ending cut text with an ellipsis."""

from __future__ import annotations

from PIL import ImageFont

Font = ImageFont.FreeTypeFont


def wrap_text(text: str, font: Font, max_width: float, max_lines: int | None = None) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` pixels (words kept whole when
    they fit); with ``max_lines``, the last line ends in an ellipsis if text was cut."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if font.getlength(candidate) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while font.getlength(word) > max_width and len(word) > 1:  # a very long word
                cut = _longest_prefix(word, font, max_width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        if line:
            lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit_text(lines[-1], font, max_width, always=True)
    return lines


def fit_text(text: str, font: Font, width: float, always: bool = False) -> str:
    """``text``, ending in "…" (shortened to fit ``width`` pixels, at a word if it can) if
    it is too wide, or if ``always`` (to show that more text was cut)."""
    if not always and font.getlength(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1 and font.getlength(" ".join(words) + "…") > width:
        words.pop()
    text = " ".join(words).rstrip(" ,;:.-\u2013")
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def line_height(font: Font) -> int:
    """Pixels from one line of ``font`` to the next."""
    ascent, descent = font.getmetrics()
    return int(ascent + descent)


def _longest_prefix(word: str, font: Font, max_width: float) -> int:
    cut = len(word)
    while cut > 1 and font.getlength(word[:cut]) > max_width:
        cut -= 1
    return cut

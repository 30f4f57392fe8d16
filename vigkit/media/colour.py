"""Phones' HDR pictures (HLG or PQ, 10-bit BT.2020) as SDR BT.709 8-bit, tone-mapped: the
ffmpeg filters every copy, cut, still, reel and blurred film of an HDR film goes through,
so its colours are not washed out in a browser or a still. SDR films get no filter.

Chosen by measurement (a colour test pattern made HLG and PQ as phones do, white at the
203 cd/m² of BT.2408, then brought back): ``mobius`` keeps the mean luma within 1 % and
the saturation within 7 % of the SDR original; ``hable`` darkens it by a fifth, ``clip``
and ``linear`` more; no tone mapping (what the kit did before) loses 40 % of saturation.
"""

from __future__ import annotations

from .probe import MediaInfo

#: ffmpeg's names for what an HDR film says when it leaves its colours out: BT.2020.
_DEFAULT_PRIMARIES = "bt2020"
_DEFAULT_MATRIX = "bt2020nc"

#: The output tags of a tone-mapped film: SDR BT.709, limited range (as HD players expect).
SDR_TAGS: tuple[str, ...] = (
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
    "-color_range", "tv",
)  # fmt: skip


#: ffmpeg output options that keep every frame at its own time when re-encoding: none
#: repeated or dropped to even out a variable frame rate (only a frame with the same time
#: as the one before is dropped), none rounded to a 1/fps grid (the encoder counts in the
#: film's own time base).
KEEP_TIMES: tuple[str, ...] = ("-fps_mode", "vfr", "-enc_time_base", "demux")


#: The filter that marks frames SDR BT.709 (for frames that come without their colours
#: said, e.g. raw frames on a pipe: ffmpeg tags the film from the frames, not the options).
SDR_PARAMS = "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"


def tone_map(info: MediaInfo) -> str:
    """The filter chain (no leading or trailing comma) that makes ``info``'s HDR picture
    SDR BT.709 8-bit 4:2:0; empty for an SDR film. To linear light (100 cd/m² as 1.0),
    BT.709 primaries, ``mobius`` tone mapping (keeps colour: ``desat=0``), BT.709 gamma."""
    if not info.hdr:
        return ""
    primaries = info.color_primaries if info.color_primaries != "unknown" else _DEFAULT_PRIMARIES
    matrix = info.color_matrix if info.color_matrix != "unknown" else _DEFAULT_MATRIX
    return (
        f"zscale=tin={info.color_transfer}:pin={primaries}:min={matrix}:t=linear:npl=100,"
        "format=gbrpf32le,zscale=p=bt709,tonemap=mobius:desat=0,"
        "zscale=t=bt709:m=bt709:r=tv,format=yuv420p"
    )


def sdr_tags(info: MediaInfo) -> list[str]:
    """ffmpeg output options that tag a tone-mapped copy of ``info`` as SDR BT.709 (none for
    an SDR film, whose own tags stay)."""
    return list(SDR_TAGS) if info.hdr else []


def chain(*filters: str) -> str:
    """Filters joined into one ffmpeg chain, leaving out empty ones (e.g. :func:`tone_map`
    of an SDR film)."""
    return ",".join(f for f in filters if f)

"""Small test films made with ffmpeg's lavfi sources; each frame shows its own number.

The picture is 16 vertical stripes, black or white: stripe ``b`` (left to right) is bit
``b`` of the frame number. :func:`frame_number` reads it back from any still or frame,
at any width, so tests can check timing by what is *in* the picture.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from vigkit.media.ffmpeg import run_ffmpeg

BITS = 16


def make_film(
    path: Path,
    seconds: float = 6.0,
    size: tuple[int, int] = (320, 180),
    fps: int = 25,
    audio: bool = True,
    video_codec: str = "libx264",
    keyframe_every: int | None = None,
    rotation: int | None = None,
    consent: bool = True,
) -> Path:
    """Write a film whose frames carry their frame numbers (and a 440 Hz tone); with
    ``consent`` (the default), record every use as consented in the test workspace."""
    width, height = size
    stripe = width / BITS
    picture = (
        f"color=black:s={width}x{height}:r={fps}:d={seconds},format=gray,"
        f"geq=lum='255*mod(floor(N/pow(2\\,floor(X/{stripe})))\\,2)',format=yuv420p"
    )
    args: list[str | Path] = ["-f", "lavfi", "-i", picture]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    args += ["-c:v", video_codec, "-pix_fmt", "yuv420p"]
    if video_codec == "libx264":
        args += ["-preset", "ultrafast"]
    if keyframe_every:
        args += ["-g", str(keyframe_every), "-keyint_min", str(keyframe_every)]
    if audio:
        args += ["-c:a", "libopus" if path.suffix == ".webm" else "aac"]
    if video_codec == "libx265":
        args += ["-tag:v", "hvc1", "-x265-params", "log-level=error"]
    target = path if rotation is None else path.with_name("unrotated-" + path.name)
    run_ffmpeg([*args, target], action="make a test film")
    if rotation is not None:
        run_ffmpeg(
            ["-display_rotation", str(rotation), "-i", target, "-c", "copy", path],
            action="rotate a test film",
        )
        target.unlink()
    return consent_everything(path) if consent else path


def consent_everything(film: Path, workspace: Path | None = None) -> Path:
    """Record in the workspace's consent register (default: the test session's) that every
    use of ``film`` is consented: test films show no one."""
    from vigkit.privacy.consent import USES
    from vigkit.privacy.identity import film_fingerprint
    from vigkit.privacy.register import record_consent

    record_consent(
        film,
        clip="test-" + film_fingerprint(film)[3:19],
        given_on="2026-01-01",
        uses=USES,
        recorded_by="tester",
        workspace=workspace,
    )
    return film


def frame_number(image: Path | Image.Image) -> int:
    """The frame number shown in a still of a test film (stripes read left to right)."""
    picture = (Image.open(image) if isinstance(image, Path) else image).convert("L")
    width, height = picture.size
    value = 0
    for bit in range(BITS):
        x = int((bit + 0.5) * width / BITS)
        if picture.getpixel((x, height // 2)) > 128:  # type: ignore[operator]
            value |= 1 << bit
    return value

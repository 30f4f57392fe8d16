"""Test films of real faces, made from photographs that ship in installed packages, with
the true place of every face on every frame.

The photographs and where their faces are (measured by hand on a 10-pixel grid over each
photograph, enlarged: the skin from the hairline or hat brim to the chin, cheek to cheek,
without ears and hair):

- Grace Hopper, matplotlib ``mpl-data/sample_data/grace_hopper.jpg`` (512x600, a public
  domain US Navy portrait): face at left 175, top 140, 187 x 198.
- Eileen Collins, scikit-image ``data/astronaut.png`` (512x512, NASA): face at 182, 78,
  87 x 100.
- The cameraman, scikit-image ``data/camera.png`` (512x512, grey, turned three-quarters to
  his camera): face at 200, 132, 53 x 65.
- scikit-image ``data/lfw_subset.npy``: the first 100 of its 25x25 grey crops are faces
  from Labeled Faces in the Wild; the whole crop counts as face.

A film is a camera moving over a world: a background photograph without faces
(scikit-image's ``rocket.jpg`` or ``coffee.png``) with portraits standing on it, each able
to move on its own. Each frame is that world seen through the camera's window, so pans,
zooms and faces walking in and out of the picture all have exactly known face boxes. The
frames go to ffmpeg (H.264 with a tone, and metadata that a shared film must not keep).
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import numpy.typing as npt
import skimage
from PIL import Image

from vigkit.media.ffmpeg import ffmpeg_exe

from films import consent_everything

Box = tuple[float, float, float, float]
Frame = npt.NDArray[np.uint8]

SKIMAGE_DATA = Path(skimage.__file__).parent / "data"
MPL_DATA = Path(matplotlib.get_data_path()) / "sample_data"

#: Metadata written into every test film; none of it may reach a blurred copy.
SECRET_METADATA = {
    "title": "Family Smith at home",
    "comment": "filmed by J. Guider",
    "location": "+51.5072-000.1276/",
}


@dataclass(frozen=True)
class Photo:
    """A photograph (RGB) and the true box of the face in it (left, top, width, height)."""

    name: str
    picture: Frame
    face: Box


def _rgb(path: Path) -> Frame:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


@functools.cache
def hopper() -> Photo:
    return Photo("hopper", _rgb(MPL_DATA / "grace_hopper.jpg"), (175, 140, 187, 198))


@functools.cache
def astronaut() -> Photo:
    return Photo("astronaut", _rgb(SKIMAGE_DATA / "astronaut.png"), (182, 78, 87, 100))


@functools.cache
def cameraman() -> Photo:
    return Photo("cameraman", _rgb(SKIMAGE_DATA / "camera.png"), (200, 132, 53, 65))


@functools.cache
def lfw(index: int) -> Photo:
    """One of the Labeled Faces in the Wild crops (``index`` 0..99 are faces)."""
    crops = np.load(SKIMAGE_DATA / "lfw_subset.npy")
    grey = np.rint(crops[index] * 255).astype(np.uint8)
    return Photo(f"lfw{index}", np.repeat(grey[..., None], 3, axis=2), (0, 0, 25, 25))


@functools.cache
def background(name: str = "rocket.jpg") -> Frame:
    """A photograph with no face in it."""
    return _rgb(SKIMAGE_DATA / name)


@dataclass(frozen=True)
class Standing:
    """A portrait in the world: ``where(t)`` gives its left, top and width (world units)
    at frame ``t``; its height follows the photograph's shape."""

    photo: Photo
    where: Callable[[int], tuple[float, float, float]]


@dataclass(frozen=True)
class Scene:
    """A film: ``frames`` frames of ``size`` at ``fps``; the camera's window at frame t is
    ``camera(t)`` = left, top, width of the world seen (its height follows the frame's
    shape); the world is the background (``world`` wide, its shape kept) with portraits."""

    name: str
    frames: int
    size: tuple[int, int]
    camera: Callable[[int], tuple[float, float, float]]
    people: Sequence[Standing]
    world: float = 1000.0
    backdrop: str = "rocket.jpg"
    fps: int = 25


@dataclass(frozen=True)
class FaceFilm:
    """A film made from a scene: its path, and on every frame the true box of each face
    that shows (name -> box in film pixels, clipped to the picture)."""

    path: Path
    scene: Scene
    faces: list[dict[str, tuple[int, int, int, int]]]

    @property
    def size(self) -> tuple[int, int]:
        return self.scene.size


def render(scene: Scene) -> tuple[list[Frame], list[dict[str, tuple[int, int, int, int]]]]:
    """The scene's frames and the true face boxes on each."""
    width, height = scene.size
    back = Image.fromarray(background(scene.backdrop))
    world_height = scene.world * back.height / back.width
    frames, faces = [], []
    for t in range(scene.frames):
        left, top, seen = scene.camera(t)
        seen_height = seen * height / width
        scale = width / seen
        box = (
            left / scene.world * back.width,
            top / world_height * back.height,
            (left + seen) / scene.world * back.width,
            (top + seen_height) / world_height * back.height,
        )
        frame = back.transform(
            (width, height), Image.Transform.EXTENT, box, Image.Resampling.BILINEAR
        )
        shown: dict[str, tuple[int, int, int, int]] = {}
        for person in scene.people:
            photo = person.photo
            x, y, w = person.where(t)
            ph, pw = photo.picture.shape[:2]
            paste_w = max(1, round(w * scale))
            paste_h = max(1, round(w * ph / pw * scale))
            paste_x, paste_y = round((x - left) * scale), round((y - top) * scale)
            if (
                paste_x >= width
                or paste_y >= height
                or paste_x + paste_w <= 0
                or paste_y + paste_h <= 0
            ):
                continue
            portrait = Image.fromarray(photo.picture).resize(
                (paste_w, paste_h), Image.Resampling.LANCZOS
            )
            covered = (paste_x, paste_y, paste_w, paste_h)
            if any(clip_box(_overlap(face, covered), scene.size) for face in shown.values()):
                raise ValueError(f"{scene.name}, frame {t}: a portrait covers a face")
            frame.paste(portrait, (paste_x, paste_y))
            fx, fy, fw, fh = photo.face
            sx, sy = paste_w / pw, paste_h / ph
            face = clip_box((paste_x + fx * sx, paste_y + fy * sy, fw * sx, fh * sy), scene.size)
            if face is not None:
                shown[photo.name] = face
        frames.append(np.asarray(frame))
        faces.append(shown)
    return frames, faces


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> Box:
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return (left, top, max(right - left, 0), max(bottom - top, 0))


def clip_box(box: Box, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The whole pixels of ``box`` inside the picture (a pixel counts if its centre is in)."""
    left, top = max(round(box[0]), 0), max(round(box[1]), 0)
    right = min(round(box[0] + box[2]), size[0])
    bottom = min(round(box[1] + box[3]), size[1])
    if right <= left or bottom <= top:
        return None
    return (left, top, right - left, bottom - top)


def make_face_film(
    scene: Scene, folder: Path, *, audio: bool = True, rotation: int | None = None
) -> FaceFilm:
    """Encode the scene into ``folder/NAME.mp4`` (H.264, a 440 Hz tone, secret metadata).
    With ``rotation``, the picture is stored turned and tagged to be shown upright, as
    phones film."""
    frames, faces = render(scene)
    width, height = scene.size
    stored = frames
    turns = {90: 1, 180: 2, 270: 3}.get(rotation or 0, 0)
    if turns:
        stored = [np.ascontiguousarray(np.rot90(f, k=-turns)) for f in frames]
        height, width = stored[0].shape[:2]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{scene.name}.mp4"
    plain = path.with_name(f"unturned-{path.name}") if turns else path
    command = [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
        "-framerate", str(scene.fps), "-i", "pipe:0",
    ]  # fmt: skip
    seconds = scene.frames / scene.fps
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:d={seconds}"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p"]
    if audio:
        command += ["-c:a", "aac", "-shortest"]
    for key, value in SECRET_METADATA.items():
        command += ["-metadata", f"{key}={value}"]
    command += [str(plain)]
    subprocess.run(command, input=b"".join(f.tobytes() for f in stored), check=True)
    if turns:
        subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
             "-display_rotation", str(90 * turns), "-i", str(plain), "-c", "copy",
             str(path)],
            check=True,
        )  # fmt: skip
        os.unlink(plain)
    consent_everything(path)  # a test film of photographs: every use consented
    return FaceFilm(path, scene, faces)


def read_grey(path: Path, size: tuple[int, int]) -> npt.NDArray[np.uint8]:
    """Every frame of a film as shown (upright), grey (the Y plane), ``(n, height, width)``."""
    width, height = size
    data = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(path),
         "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return np.frombuffer(data, dtype=np.uint8).reshape(-1, height, width)


# ------------------------------------------------------------------ the scenes


def pan_scene() -> Scene:
    """Grace Hopper's portrait passes through the picture as the camera pans right to left:
    the backdrop alone, her face coming in at the right edge, crossing, leaving at the left,
    and the backdrop alone again."""
    frames = 100
    return Scene(
        "pan",
        frames,
        (320, 240),
        camera=lambda t: (900 - t * 8.0, 100, 300),
        people=[Standing(hopper(), lambda t: (430, 60, 220))],
    )


def zoom_scene() -> Scene:
    """The camera zooms in on the astronaut from wide (face about 25 pixels across) to
    close (about 150), drifting so her face ends partly outside the picture."""
    frames = 75
    return Scene(
        "zoom",
        frames,
        (320, 240),
        camera=lambda t: (
            300 + t * 3.2 + 160 * (t / frames) ** 2,
            120 + t * 1.4,
            900 * (1 - t / frames) + 130 * t / frames,
        ),
        people=[Standing(astronaut(), lambda t: (420, 180, 300))],
        backdrop="coffee.png",
    )


def two_scene() -> Scene:
    """Two people side by side, each moving a little on their own: Grace Hopper (left) and
    the astronaut (right), whom the guider keeps visible."""
    frames = 60
    return Scene(
        "two",
        frames,
        (320, 240),
        camera=lambda t: (100, 100, 600),
        people=[
            Standing(hopper(), lambda t: (130 - 1.0 * t, 160 + 20 * np.sin(t / 9), 300)),
            Standing(astronaut(), lambda t: (440 + 1.0 * t, 200, 360)),
        ],
    )


def crowd_scene() -> Scene:
    """Small faces (Labeled Faces in the Wild) of several sizes moving across a still
    camera's picture, some walking in and out, with a stretch in the middle where no one is
    there."""
    frames = 100

    def walker(
        start: float, speed: float, y: float, w: float
    ) -> Callable[[int], tuple[float, float, float]]:
        def where(t: int) -> tuple[float, float, float]:
            if 30 <= t < 67:  # everyone is out of the picture for a while
                return (-5000.0, y, w)
            return (start + speed * t, y, w)

        return where

    return Scene(
        "crowd",
        frames,
        (320, 240),
        camera=lambda t: (0, 0, 1000),
        people=[
            Standing(lfw(0), walker(100, 6, 40, 160)),
            Standing(lfw(10), walker(1040, -8, 270, 190)),
            Standing(lfw(40), walker(450, 2, 480, 240)),
        ],
        world=1000,
        backdrop="coffee.png",
    )


def cameraman_scene() -> Scene:
    """The cameraman, turned three-quarters away, as the camera drifts down and right."""
    return Scene(
        "cameraman",
        50,
        (240, 320),
        camera=lambda t: (350 + 2 * t, 50 + 1.5 * t, 400),
        people=[Standing(cameraman(), lambda t: (300, 50, 500))],
    )

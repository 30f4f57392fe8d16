"""Speed of the agreement engine on large codings (not a timed test; run by ``make bench``).

- ``compare`` of two codings of 10,000 events each, every measure computed: target < 1 s.
- ``compare_many`` of 30 coders x 500 events: target < 5 s.
For scale (reference notes): pygamma-agreement's fast gamma takes about 23 s for
2 coders x 1,800 units on a 2-core machine.
"""

from __future__ import annotations

import random
import time
import warnings

import vigkit
from vigkit import Coding


def random_coding(
    coder: str, events: int, seconds: float, rng: random.Random, mean_interval: float = 0.0
) -> Coding:
    """A plausible coding: codes from the scheme, a third of the events intervals
    (or, with ``mean_interval``, every event an interval of that mean length)."""
    codes = vigkit.load_scheme().codes
    rows = []
    for _ in range(events):
        onset = rng.uniform(0, seconds - 10)
        if mean_interval:
            length = min(rng.expovariate(1 / mean_interval), seconds - onset)
        else:
            length = rng.choice([0.0, 0.0, rng.uniform(0.5, 8.0)])
        rows.append(
            {"clip": "film", "coder": coder, "code": rng.choice(codes), "onset": onset,
             "offset": onset + length}
        )  # fmt: skip
    return Coding(rows, duration=seconds)


def best_of(runs: int, action) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def everything(result: vigkit.Comparison) -> None:
    result.summary()
    result.per_code()
    result.feedback(detail="supervisor")


def main() -> None:
    warnings.simplefilter("ignore")
    rng = random.Random(7)
    hours = 3 * 3600.0
    a = random_coding("T01", 10_000, hours, rng)
    b = random_coding("S01", 10_000, hours, rng)
    print("compare: 2 codings x 10,000 events over 3 hours, every measure")
    seconds = best_of(3, lambda: everything(vigkit.compare(a, b, tolerance=2.0)))
    verdict = "PASS" if seconds < 1 else "MISS"
    print(f"  {seconds:.2f} s (target < 1 s): {verdict}")
    seconds_b = best_of(3, lambda: everything(vigkit.compare(a, b, level="behaviour")))
    print(f"  behaviour level (47 codes): {seconds_b:.2f} s")

    print("compare: the same, every event an interval (long ones link the film into one cluster)")
    for mean in (3.0, 20.0):
        la = random_coding("T01", 10_000, hours, rng, mean_interval=mean)
        lb = random_coding("S01", 10_000, hours, rng, mean_interval=mean)
        seconds = best_of(1, lambda la=la, lb=lb: everything(vigkit.compare(la, lb)))
        print(f"  intervals of {mean:g} s on average: {seconds:.2f} s")

    group = [random_coding(f"T{i:02d}", 500, 1800.0, rng) for i in range(30)]
    print("compare_many: 30 coders x 500 events over 30 minutes, each vs T00")
    seconds = best_of(3, lambda: vigkit.compare_many(group, reference="T00").summary())
    verdict = "PASS" if seconds < 5 else "MISS"
    print(f"  {seconds:.2f} s (target < 5 s): {verdict}")


if __name__ == "__main__":
    main()

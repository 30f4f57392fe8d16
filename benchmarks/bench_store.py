"""Speed of the coding store, against what a notebook user would otherwise write.

- Reading a 20,000-event CSV with full validation vs ``pandas.read_csv`` (no checks).
- Saving tags one at a time: the journal (one fsynced line per tag) vs rewriting the whole
  CSV after every tag with ``DataFrame.to_csv`` (the usual notebook habit, not even fsynced).
- Replaying a 10,000-operation journal (opening a coding).

Prints times and ratios; not a timed test. Run with ``make bench``.
"""

from __future__ import annotations

import random
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

import vigkit


def timed(label: str, action, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = min(_once(action) for _ in range(repeat))
    print(f"  {label:<58} {best * 1000:9.1f} ms")
    return best


def _once(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def read_big(path: Path) -> vigkit.Coding:
    return vigkit.Coding.read_csv(path)


def main() -> None:
    warnings.simplefilter("ignore")
    scheme = vigkit.load_scheme()
    rng = random.Random(1)
    folder = Path(tempfile.mkdtemp(prefix="vigkit-bench-"))

    print("Reading a coding of 20,000 events (CSV)")
    records = []
    for i in range(20_000):
        onset = rng.uniform(0, 3600)
        records.append(
            {
                "clip": "film",
                "coder": f"T{i % 12:02d}",
                "code": rng.choice(scheme.codes),
                "onset": onset,
                "offset": onset + rng.choice([0, rng.uniform(0, 5)]),
                "note": rng.choice(["", "waits, then smiles", 'says "look!"']),
            }
        )
    big = folder / "big.csv"
    vigkit.Coding(records, scheme).to_csv(big)
    ours = timed("vigkit Coding.read_csv (every row validated)", lambda: read_big(big))
    plain = timed("pandas.read_csv (no validation)", lambda: pd.read_csv(big))
    print(f"  ratio vigkit/pandas: {ours / plain:.1f}x  ({20_000 / ours:,.0f} events/s)")

    tags = 300
    print(f"\nSaving {tags} tags one at a time")

    def journal_tags() -> None:
        path = folder / f"j{time.perf_counter_ns()}.journal.jsonl"
        journal = vigkit.Journal(path, clip="film", coder="T01")
        for i in range(tags):
            journal.add("guiding", i * 0.5)

    def rewrite_csv_each_time() -> None:
        rows: list[dict[str, object]] = []
        path = folder / f"r{time.perf_counter_ns()}.csv"
        for i in range(tags):
            rows.append({"clip": "film", "coder": "T01", "code": "guiding", "onset": i * 0.5})
            pd.DataFrame(rows).to_csv(path, index=False)

    journal_time = timed("vigkit Journal.add (fsynced, crash-safe)", journal_tags, repeat=2)
    rewrite_time = timed("DataFrame.to_csv after every tag (no fsync)", rewrite_csv_each_time, 2)
    print(
        f"  per tag: journal {journal_time / tags * 1000:.2f} ms, "
        f"rewrite {rewrite_time / tags * 1000:.2f} ms; ratio rewrite/journal: "
        f"{rewrite_time / journal_time:.1f}x"
    )

    print("\nOpening a coding: replaying a journal of 10,000 operations")
    path = folder / "long.journal.jsonl"
    journal = vigkit.Journal(path, clip="film", coder="T02")
    ids = []
    for i in range(10_000):
        if i % 10 == 9 and ids:
            journal.delete(ids.pop())
        else:
            ids.append(journal.add(rng.choice(scheme.codes), i * 0.2)["id"])
    replay_time = timed("vigkit.replay", lambda: vigkit.replay(path))
    print(f"  {10_000 / replay_time:,.0f} operations/s")


if __name__ == "__main__":
    main()

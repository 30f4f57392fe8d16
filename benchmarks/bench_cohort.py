"""Speed of the exchange (not a timed test; run by ``make bench``).

30 trainees each submit their codings of 8 clips from their own workspace's journals (240
submissions, 40 tags each), then the supervisor collects them all, every checksum verified,
reads each clip's codings from the exchange and compares the group (``compare_many``).
Target: collected and compared in < 10 s.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
import warnings
from pathlib import Path

from benchtools import machine

from vigkit.agreement.group import compare_many
from vigkit.coding import Workspace, load_scheme
from vigkit.cohort import CohortSettings, collect, create_course, submit

TRAINEES = [f"T{i:02d}" for i in range(1, 31)]
CLIPS = [f"visit-{i}" for i in range(1, 9)]
TAGS = 40


def main() -> None:
    warnings.simplefilter("ignore")
    for name in ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN"):
        os.environ.pop(name, None)
    print(machine())
    rng = random.Random(19)
    codes = load_scheme().codes
    folder = Path(tempfile.mkdtemp(prefix="vigkit-bench-cohort-"))
    try:
        (folder / "ex").mkdir()
        create_course("bench", folder / "ex", supervisors=["S01"], trainees=TRAINEES)
        settings = CohortSettings("bench", folder / "ex")
        spaces = {}
        for coder in TRAINEES:
            spaces[coder] = Workspace(folder / "ws" / coder)
            for clip in CLIPS:
                journal = spaces[coder].journal(clip, coder)
                for _ in range(TAGS):
                    journal.add(code=rng.choice(codes), onset=round(rng.uniform(0, 300), 2))

        start = time.perf_counter()
        for coder in TRAINEES:
            for clip in CLIPS:
                submit("coding", coder=coder, clip=clip, workspace=spaces[coder], settings=settings)
        submitted = time.perf_counter() - start
        count = len(TRAINEES) * len(CLIPS)
        print(f"submit: {count} codings of {TAGS} tags, from the journals")
        print(f"  {submitted:6.2f} s in all, {submitted / count * 1000:5.1f} ms each")

        start = time.perf_counter()
        got = collect(supervisor="S01", settings=settings)
        collected = time.perf_counter() - start
        assert not got.problems and len(got.latest) == len(TRAINEES)
        start = time.perf_counter()
        for clip in CLIPS:
            codings = [coding for _, coding in got.codings(clip)]
            assert len(codings) == len(TRAINEES)
            compare_many(codings).summary()
        compared = time.perf_counter() - start
        total = collected + compared
        print(f"collect: {count} submissions of {len(TRAINEES)} trainees, checksums verified")
        print(f"  {collected:6.2f} s")
        print(f"compare: {len(CLIPS)} clips x {len(TRAINEES)} codings read and compared")
        print(f"  {compared:6.2f} s")
        verdict = "ok" if total < 10 else "SLOW"
        print(f"collected and compared: {total:.2f} s (target < 10 s: {verdict})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""How fast a tag is saved when four people tag at once on the demo JupyterHub.

Starts the demo hub (``hub/demo.py``, as ``make hub``), signs the supervisor and the three
trainees in through the login form (one headless Chromium page each, their own servers),
opens a Tagger on a practice film in each home, and then has all four press code keys at
the same time (``--tags`` each, one every 50 ms after the last was saved), measuring per
press the time from the key to the tag's ✓ (written to that user's journal, fsynced, and
answered) as ``bench_tagger.py`` does. Targets: median ≤ 100 ms, 95th percentile ≤ 250 ms.
It also prints the time from the key to the journal line's own time (taken as the line is
written, just before its fsync): how much of the wait is on the way in, and how much is
the ✓ coming back; and who used the CPU meanwhile (the browsers run on the hub's own cores here,
which on a real hub they do not; ``--browser-nice`` lowers their priority). Not a timed
test: it exits 0 on a MISS. Run with ``python benchmarks/bench_hub.py [--users N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_tagger import PRESSES, report
from benchtools import machine
from browser import CHROMIUM, NotebookTab, write_notebook

from hub import HubLab, demo, login, running_hub

FILM = "course/media/practice/group-bridge-building.mp4"
NOTEBOOK = "bench/tag.ipynb"


# The wall-clock time of each key press on the Tagger, to set beside the journal's "at".
PRESSED_AT = """() => {
  window.pressedAt = [];
  document.querySelector(".vigkit-tagger").addEventListener(
    "keydown", () => window.pressedAt.push(Date.now()), { capture: true });
}"""


def descendants(pid: int) -> list[int]:
    """Every process started (directly or not) by ``pid``, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()
            parents[int(entry)] = int(stat[1])
    found, todo = [], [pid]
    while todo:
        children = [child for child, parent in parents.items() if parent == todo[-1]]
        todo.pop()
        found += children
        todo += children
    return found


def lower_browsers(nice: int) -> int:
    """Run this script's Chromium at ``nice`` (on a real hub the users' browsers are on
    their own computers, not on the hub's cores); returns how many processes."""
    count = 0
    for pid in descendants(os.getpid()):
        with contextlib.suppress(OSError):
            if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]:
                os.setpriority(os.PRIO_PROCESS, pid, nice)
                count += 1
    return count


#: What each process of the run is, by a word in its command line (first match wins).
KINDS = {
    "ipykernel": "kernels",
    "jupyterhub.singleuser": "servers",
    "configurable-http-proxy": "proxy",
    "jupyterhub": "hub",
    "chrom": "browsers",
}


def cpu_seconds(pids: list[int]) -> dict[str, float]:
    """CPU time used so far (user + system, seconds) by ``pids``, summed by kind."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            kind = next((k for word, k in KINDS.items() if word.encode() in command), "other")
            used[kind] = used.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags", type=int, default=60, help="presses per user")
    parser.add_argument("--users", type=int, default=4, help="how many tag at once (1-4)")
    parser.add_argument(
        "--browser-nice", type=int, default=0, help="CPU priority of the browsers (0-19)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    users = list(demo.USERS)[: args.users]
    with (
        tempfile.TemporaryDirectory(prefix="vigkit-bench-hub-") as folder,
        running_hub(Path(folder) / "hub-demo") as hub,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        pages: dict[str, Any] = {}
        for user in users:
            started = time.monotonic()
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(90_000)
            page = login(context, hub, user, spawn=True)
            write_notebook(
                hub.home(user) / NOTEBOOK,
                [f"from vigkit import Tagger\nTagger('../{FILM}', coder='B{user.upper()}')"],
            )
            tab = NotebookTab(page, HubLab(hub, user), NOTEBOOK, timeout=90)
            tab.run_all(timeout=90)
            page.wait_for_function(
                "() => document.querySelector('.vigkit-tagger')?.vigkitTagger &&"
                " document.querySelector('.vigkit-tagger video').readyState >= 2"
            )
            page.evaluate(
                "() => document.querySelector('.vigkit-tagger').vigkitTagger.player.play()"
            )
            pages[user] = page
            print(
                f"{user}: signed in, server started, Tagger ready in "
                f"{time.monotonic() - started:.1f} s"
            )
        if args.browser_nice:
            count = lower_browsers(args.browser_nice)
            print(f"{count} browser processes at nice {args.browser_nice}")
        # All four at once: each page runs its presses; collect them when all are done.
        pids = descendants(os.getpid()) + demo.demo_processes(hub.root)
        before, started = cpu_seconds(pids), time.monotonic()
        for page in pages.values():
            page.evaluate(PRESSED_AT)
            page.evaluate(f"(n) => {{ window.benchPresses = ({PRESSES})(n); }}", args.tags)
        seen: dict[str, list[list[float]]] = {
            user: page.evaluate("() => window.benchPresses") for user, page in pages.items()
        }
        wall, after = time.monotonic() - started, cpu_seconds(pids)
        pressed_at = {user: page.evaluate("() => window.pressedAt") for user, page in pages.items()}
        browser.close()
        onsets: dict[str, list[Any]] = {}
        written: list[float] = []  # key press (browser clock) -> journal line's "at"
        for user in users:
            journal = (
                hub.home(user)
                / "vigkit-work"
                / "codings"
                / Path(FILM).stem
                / f"B{user.upper()}.journal.jsonl"
            )
            lines = journal.read_text(encoding="utf-8").splitlines()[1:]
            ops = [json.loads(line) for line in lines]
            onsets[user] = [op["event"]["onset"] for op in ops]
            written += [
                datetime.fromisoformat(op["at"].replace("Z", "+00:00")).timestamp() * 1000 - at
                for op, at in zip(ops, pressed_at[user], strict=False)
            ]
    print(machine())
    share = ", ".join(
        f"{kind} {(after[kind] - before.get(kind, 0.0)) / wall:.0%}"
        for kind in sorted(after, key=lambda k: before.get(k, 0.0) - after[k])
    )
    print(f"CPU while tagging ({wall:.1f} s; 100% = one core): {share}")
    for user in users:
        times = sorted(ms for ms, _ in seen[user])
        print(f"  {user}: median {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms")
    written.sort()
    print(
        f'  key -> journal line written (its "at", ms): median '
        f"{statistics.median(written):.0f} ms, p95 {written[int(0.95 * len(written))]:.0f} ms"
    )
    print(f"{len(users)} user(s) tagging at once on the demo hub:")
    return report(
        [press for user in users for press in seen[user]],
        [onset for user in users for onset in onsets[user]],
    )


if __name__ == "__main__":
    sys.exit(main())

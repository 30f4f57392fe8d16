"""How fast the Player shows a film's first frame, small or big, in a real JupyterLab.

The player streams films by URL from the Jupyter server (range requests), so a 500 MB film
should start about as fast as a 5 MB one. This times, in headless Chromium, from the
moment the widget appears to the video's ``loadeddata`` (first frame ready):

- ``small``: a 10 s, 720p film of about 5 MB, index at the front (as the kit's proxies);
- ``big, index at the end``: about 500 MB (17 minutes), index at the end as phones write;
- ``big, index at the front``: the same with the index moved to the front.

Target: big ≤ 1.5 × small. The browser fetches about 2 MB before the first frame either
way; what still grows with the film is its index (``moov``: 8 kB for 10 s, 650 kB for 17
minutes), which the browser reads and parses first. Also prints how many bytes the
browser fetched before the first frame, and how much a saved notebook grows per player
(target: under 10 KB, no video).

The films are made once with ffmpeg (a noisy synthetic picture at 4 Mb/s, so they do not
compress away) under the system temp folder, which is also the server root, and kept for
the next run. Not a timed test: it exits 0 on a MISS. Run with ``make bench`` or
``python benchmarks/bench_player.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser import CHROMIUM, NotebookTab, running_lab

from vigkit.media.ffmpeg import run_ffmpeg

ROOT = Path(tempfile.gettempdir()) / "vigkit-bench-player"
FILMS = {
    "small": "films/small.mp4",
    "big, index at the end": "films/big-index-at-end.mp4",
    "big, index at the front": "films/big-index-at-front.mp4",
}
LOOPS = 100  # the big films are this many copies of the small one
TARGET_RATIO = 1.5
TARGET_NOTEBOOK_BYTES = 10_000

# Records, for every player video that appears, when it appeared and when its first frame
# was ready (performance.now(), ms).
WATCH = """
window.__vigkitBench = [];
new MutationObserver((changes) => {
  for (const change of changes) for (const node of change.addedNodes) {
    if (!(node instanceof Element)) continue;
    for (const video of node.querySelectorAll('video.vigkit-player-video')) {
      const entry = { src: video.getAttribute('src'), shown: performance.now(), loaded: null };
      window.__vigkitBench.push(entry);
      video.addEventListener('loadeddata', () => { entry.loaded = performance.now(); },
                             { once: true });
    }
  }
}).observe(document, { childList: true, subtree: true });
"""


def make_films() -> None:
    """The small film and the two big ones, made once and kept."""
    films = ROOT / "films"
    films.mkdir(parents=True, exist_ok=True)
    small = ROOT / FILMS["small"]
    if not small.exists():
        print("making the small film (10 s, 720p, 4 Mb/s) ...", flush=True)
        picture = "testsrc2=s=1280x720:r=25:d=10,noise=alls=30:allf=t+u"
        run_ffmpeg(
            ["-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", "sine=f=440:d=10"]
            + ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
            + ["-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M", "-g", "50"]
            + ["-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", small],
            action="make the small benchmark film",
        )
    at_end, at_front = (
        ROOT / FILMS["big, index at the end"],
        ROOT / FILMS["big, index at the front"],
    )
    if not at_end.exists():
        print(f"making the big film ({LOOPS} copies of the small one) ...", flush=True)
        run_ffmpeg(
            ["-stream_loop", str(LOOPS - 1), "-i", small, "-c", "copy", at_end],
            action="make the big benchmark film",
        )
    if not at_front.exists():
        run_ffmpeg(
            ["-i", at_end, "-c", "copy", "-movflags", "+faststart", at_front],
            action="move the big film's index to the front",
        )


def index_bytes(path: Path) -> int:
    """The size of an MP4's index (its ``moov`` box): what a browser reads before playing."""
    with path.open("rb") as film:
        position, size = 0, path.stat().st_size
        while position < size:
            film.seek(position)
            header = film.read(16)
            length, kind = struct.unpack(">I4s", header[:8])
            if length == 1:
                length = struct.unpack(">Q", header[8:16])[0]
            if kind == b"moov":
                return int(length)
            if length < 8:
                break
            position += length
    return 0


def time_first_frames(tab: NotebookTab, cells: dict[str, int], repeat: int) -> dict[str, Any]:
    """Milliseconds from display to first frame for each film, ``repeat`` times each."""
    page = tab.page
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    fetched: dict[str, int] = {}
    urls: dict[str, str] = {}

    def on_request(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["request"]["url"]

    def on_data(event: dict[str, Any]) -> None:
        url = urls.get(event["requestId"], "")
        if "/files/" in url:
            fetched[url] = fetched.get(url, 0) + int(event["dataLength"])

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.dataReceived", on_data)
    results: dict[str, Any] = {name: {"ms": [], "bytes": []} for name in cells}
    for _ in range(repeat):
        for name, index in cells.items():
            page.evaluate("() => { window.__vigkitBench.length = 0; }")
            fetched.clear()
            tab.run_cell(index)
            page.wait_for_function(
                "() => window.__vigkitBench.some((e) => e.loaded !== null)", timeout=60_000
            )
            entry = page.evaluate("() => window.__vigkitBench.find((e) => e.loaded !== null)")
            results[name]["ms"].append(entry["loaded"] - entry["shown"])
            results[name]["bytes"].append(sum(fetched.values()))
            time.sleep(0.3)  # let the fetch settle before the next film
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per film (default 5)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"bench_player: needs Chromium at {CHROMIUM} (apt-get install chromium)")
        return 1
    make_films()
    for name, film in FILMS.items():
        path = ROOT / film
        megabytes, index = path.stat().st_size / 1e6, index_bytes(path) / 1e3
        print(f"  {name:<26} {megabytes:8.1f} MB, index {index:6.1f} kB  {film}")

    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="vigkit-bench-lab-"))
    cells = ["from vigkit.widgets import Player"] + [f"Player({f!r})" for f in FILMS.values()]
    with running_lab(ROOT, scratch) as lab, sync_playwright() as playwright:
        notebook = lab.write_notebook("bench-player.ipynb", cells)
        empty_size = notebook.stat().st_size
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(WATCH)
        tab = NotebookTab(page, lab, notebook.name)
        tab.run_all()  # warm-up: the kernel imports the kit, every film is opened once
        results = time_first_frames(tab, {name: i + 1 for i, name in enumerate(FILMS)}, args.repeat)
        tab.save()
        growth = (notebook.stat().st_size - empty_size) / len(FILMS)
        has_video = "data:video" in notebook.read_text(encoding="utf-8")
        browser.close()
    notebook.unlink()

    print(f"\nDisplay to first frame (loadeddata), median of {args.repeat} (best):")
    medians = {}
    for name, result in results.items():
        medians[name] = statistics.median(result["ms"])
        fetched = statistics.median(result["bytes"]) / 1e6
        print(
            f"  {name:<26} {medians[name]:7.0f} ms  ({min(result['ms']):.0f} ms)"
            f"   fetched {fetched:6.2f} MB"
        )
    small = medians["small"]
    for name in FILMS:
        if name == "small":
            continue
        ratio = medians[name] / small
        verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
        print(f"  {name} / small = {ratio:.2f}  (target ≤ {TARGET_RATIO})  {verdict}")
    verdict = "PASS" if growth < TARGET_NOTEBOOK_BYTES and not has_video else "MISS"
    print(
        f"\nSaved notebook growth per player: {growth:.0f} bytes "
        f"(target < {TARGET_NOTEBOOK_BYTES}, no video inside: {not has_video})  {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every phone format's playable copy plays in the real Chromium: time advances, the picture
is the size it should be, and a seek shows the frame the film shows at that time (so tags
made while watching the copy land on the film's own frames)."""

from __future__ import annotations

import functools
import json
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from phonefilms import FORMATS

from vigkit.media.probe import probe

pytest_plugins = ["browser"]

#: Plays each film a little, then seeks to a time inside frame 7 (a third of the way
#: in) and reads the counter's 16 stripes from the picture drawn on a canvas.
PLAY = """async ([name, seek, expected]) => {
  const video = document.createElement("video");
  video.muted = true;
  video.src = name;
  document.body.append(video);
  await new Promise((ok, fail) => { video.onloadeddata = ok; video.onerror = () => fail(
    new Error(name + ": " + (video.error && video.error.message))); });
  await video.play();
  const started = performance.now();
  while (video.currentTime < 0.3 && !video.ended && performance.now() - started < 10000)
    await new Promise(r => setTimeout(r, 50));
  const played = video.currentTime;
  video.pause();
  video.currentTime = seek;
  await new Promise(r => { video.onseeked = r; });
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth; canvas.height = video.videoHeight;
  const context = canvas.getContext("2d");
  const read = () => {
    context.drawImage(video, 0, 0);
    let shown = 0;
    for (let bit = 0; bit < 16; bit++) {
      const x = Math.floor((bit + 0.5) * canvas.width / 16);
      const [r] = context.getImageData(x, Math.floor(canvas.height / 2), 1, 1).data;
      if (r > 128) shown |= 1 << bit;
    }
    return shown;
  };
  // the new picture reaches the canvas a moment after "seeked" (headless: no compositor)
  let shown = read();
  const seeked = performance.now();
  while (shown !== expected && performance.now() - seeked < 2000) {
    await new Promise(r => setTimeout(r, 40));
    shown = read();
  }
  return {played, width: video.videoWidth, height: video.videoHeight, shown};
}"""


class RangeHandler(SimpleHTTPRequestHandler):
    """Files with byte ranges, as a browser needs to seek in a film."""

    def do_GET(self) -> None:
        asked = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if asked is None or not path.is_file():
            super().do_GET()
            return
        data = path.read_bytes()
        start = int(asked[1])
        end = min(int(asked[2]) if asked[2] else len(data) - 1, len(data) - 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.wfile.write(data[start : end + 1])

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_every_playable_copy_plays_in_chromium(
    phone_copies: dict[str, Path], chromium: Any, tmp_path: Path
) -> None:
    from test_media_phone import frame_at, times_in

    page_file = tmp_path / "films.html"
    links = {}
    for index, (name, copy) in enumerate(phone_copies.items()):
        link = tmp_path / f"film{index}{copy.suffix}"
        link.symlink_to(copy)
        links[name] = link.name
    page_file.write_text("<!doctype html><title>films</title><body></body>", encoding="utf-8")
    # Over HTTP, not file://: a canvas may read back pictures only from its own origin.
    handler = functools.partial(RangeHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{page_file.name}")
        results = {}
        for spec in FORMATS:
            seek = times_in(spec)[1]
            expected = frame_at(spec, seek)
            results[spec.name] = page.evaluate(PLAY, [links[spec.name], seek, expected])
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    wrong = {}
    for spec in FORMATS:
        got, info = results[spec.name], probe(phone_copies[spec.name])
        want = {
            "played": True,
            "size": (info.width, info.height),
            "shown": frame_at(spec, times_in(spec)[1]),
        }
        seen = {
            "played": got["played"] > 0.2,
            "size": (got["width"], got["height"]),
            "shown": got["shown"],
        }
        if seen != want:
            wrong[spec.name] = (seen, want)
    assert not wrong, json.dumps(wrong, indent=1)

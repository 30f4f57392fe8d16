"""``Player``: a film player for notebooks that streams the film by URL, never by bytes.

The browser loads the film from the Jupyter server's ``/files/`` handler (see
:mod:`vigkit.widgets.serving`), so a 1.5 GB film costs the notebook nothing and seeking uses range
requests. Films a browser cannot play (HEVC, ``.mov``) get a "Make a playable copy" button
that makes a proxy in the workspace with the media engine. The JavaScript side
(``player.js``) times everything itself and is built so the Tagger can reuse it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..coding.workspace import Workspace, workspace_folder
from ..core.errors import VigkitError
from ..core.progress import TimeLeft, progress_words
from ..core.timecode import format_time, parse_time
from ..media.moment import Moment
from ..media.playable import Quality, copy_path, existing_copy, playable_copy
from ..media.probe import MediaInfo, probe
from .esm import esm
from .serving import server_root, url_path

_HERE = Path(__file__).parent
#: Playback speeds offered (the browser plays any speed in this range).
MIN_RATE, MAX_RATE = 0.25, 2.0


class Player(anywidget.AnyWidget):
    """Plays ``video`` (optionally looping ``start``–``end``) in the notebook.

    ``current_time``, ``playing`` and ``rate`` follow the browser; set ``playing`` or
    ``rate`` to control it, and use :meth:`seek` and :meth:`play_moment` to move. The film
    must be inside the folder JupyterLab serves (``root``, found by
    :func:`vigkit.widgets.serving.server_root` if not given); ``workspace`` is where playable
    copies go. Other keywords set traits (``loop=False``).
    """

    _esm = esm("player.js")  # dom.js + player.js
    _css = _HERE / "player.css"

    #: The film's path under the server's ``/files/`` (URL-quoted); empty if not playable.
    src = traitlets.Unicode("").tag(sync=True)
    #: The film's name, for people and screen readers.
    label = traitlets.Unicode("").tag(sync=True)
    #: The moment to loop, in seconds (``None``: the whole film).
    start = traitlets.Float(None, allow_none=True).tag(sync=True)
    end = traitlets.Float(None, allow_none=True).tag(sync=True)
    #: Whether the moment plays again from its start when it ends.
    loop = traitlets.Bool(True).tag(sync=True)
    fps = traitlets.Float(25.0).tag(sync=True)
    duration = traitlets.Float(0.0).tag(sync=True)
    #: Where the browser is in the film (seconds): sent as it plays (twice a second) and on
    #: every seek, as it was when sent (the kernel hears it only when it is idle).
    current_time = traitlets.Float(0.0).tag(sync=True)
    playing = traitlets.Bool(False).tag(sync=True)
    rate = traitlets.Float(1.0).tag(sync=True)
    #: "ready", "unplayable" (a copy can be made), "making" or "failed".
    status = traitlets.Unicode("ready").tag(sync=True)
    #: Plain words shown instead of the film when it cannot play.
    message = traitlets.Unicode("").tag(sync=True)
    #: How much of the playable copy is made (0–1) while ``status`` is "making", else None.
    progress = traitlets.Float(None, allow_none=True).tag(sync=True)

    def __init__(
        self,
        video: str | Path | Moment,
        start: float | str | None = None,
        end: float | str | None = None,
        *,
        workspace: Workspace | str | Path | None = None,
        root: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(video, Moment):
            start = video.start if start is None else start
            end = video.end if end is None else end
            video = video.source
        self.film = Path(os.path.abspath(video))
        self.info: MediaInfo = probe(self.film)
        self._workspace = workspace
        self._root = Path(os.path.abspath(root)) if root is not None else server_root(self.film)
        moment = _moment(self.info, start, end)
        if self.info.browser_playable:
            url_path(self.film, self._root)  # a film the server cannot serve: say so now
        super().__init__(label=self.film.name, start=moment[0], end=moment[1], **kwargs)
        self.on_msg(self._on_message)
        if self.info.browser_playable:
            self._use(self.film, self.info)
            return
        existing = existing_copy(self.film, self._workspace_root())
        if existing is not None:
            self._use(existing, probe(existing))
            return
        self.src = ""
        self.duration, self.fps = self.info.duration, self.info.fps
        self.status = "unplayable"
        self.message = self._unplayable()

    def _unplayable(self) -> str:
        return (
            f"{self.film.name} is in a format browsers cannot play "
            f"({self.info.video_codec.upper()} video in a {self.film.suffix or 'plain'} file). "
            "The kit can make a playable copy in your workspace; your film is not changed."
        )

    # ------------------------------------------------------------ Python → browser
    def seek(self, time: float | str) -> None:
        """Move to ``time`` (seconds or ``m:ss.s``) in every view of this player."""
        seconds = _clamp(_seconds(time, self.film), 0.0, self.duration)
        self.current_time = seconds
        self.send({"type": "seek", "time": seconds})

    def play_moment(self, start: float | str, end: float | str) -> None:
        """Play ``start``–``end`` from its start (looping it while ``loop`` is on)."""
        first, last = _moment(self.info, start, end)
        with self.hold_trait_notifications():
            self.start, self.end = first, last
        self.send({"type": "play_moment", "start": first, "end": last})

    @traitlets.validate("rate")
    def _check_rate(self, proposal: dict[str, Any]) -> float:
        rate = float(proposal["value"])
        if not MIN_RATE <= rate <= MAX_RATE:
            raise VigkitError(
                f"the speed must be from {MIN_RATE:g} to {MAX_RATE:g} times (not {rate:g})"
            )
        return rate

    # ------------------------------------------------------------ films browsers cannot play
    @property
    def playing_film(self) -> Path | None:
        """The file the browser plays: the film, its proxy, or ``None`` (not yet playable)."""
        return self._playing

    def proxy_path(self, quality: Quality = "quick") -> Path:
        """Where this film's playable copy of ``quality`` is (or will be) in the workspace."""
        return copy_path(self.film, quality, self._workspace_root())

    def make_playable_copy(self, quality: Quality = "quick") -> Path:
        """Make (or reuse) the browser-playable copy in the workspace and play it; the
        widget shows how far the copy has got and the time left meanwhile."""
        best = (self.film, self.proxy_path("full"))
        if self._playing is not None and (quality == "quick" or self._playing in best):
            return self._playing
        target = self.proxy_path(quality)
        url_path(target, self._root)  # the copy must be servable: say so before the work
        what = "making a playable copy"
        clock = TimeLeft()
        with self.hold_trait_notifications():
            self.status, self.progress = "making", 0.0
            self.message = progress_words(what, 0.0, None)

        def report(fraction: float) -> None:
            if fraction - (self.progress or 0.0) >= 0.005 or fraction >= 1.0:
                with self.hold_trait_notifications():
                    self.progress = fraction
                    self.message = progress_words(what, fraction, clock.seconds_left(fraction))

        try:
            made = playable_copy(
                self.film, quality, workspace=self._workspace_root(), on_progress=report
            )
            info = probe(made)
        except VigkitError as error:
            self.status, self.message, self.progress = "failed", str(error), None
            raise
        except BaseException:  # interrupted: nothing was kept, the button comes back
            self.status, self.message, self.progress = "unplayable", self._unplayable(), None
            raise
        self._use(made, info)
        return made

    # ------------------------------------------------------------ internals
    _playing: Path | None = None

    def _use(self, path: Path, info: MediaInfo) -> None:
        src = url_path(path, self._root)
        with self.hold_trait_notifications():
            self._playing = path
            self.fps, self.duration = info.fps, info.duration
            self.src, self.status, self.message, self.progress = src, "ready", "", None

    def _workspace_root(self) -> Path:
        return workspace_folder(self._workspace)

    def _on_message(self, _widget: object, content: Any, _buffers: object) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "time" and isinstance(content.get("time"), (int, float)):
            self.current_time = float(content["time"])
        elif content.get("type") == "make_proxy":
            try:
                self.make_playable_copy()
            except VigkitError as error:  # shown in the widget: nobody sees a callback's error
                self.status, self.message = "failed", str(error)


def _seconds(value: float | str, film: Path) -> float:
    try:
        return parse_time(value)
    except ValueError as error:
        raise VigkitError(f"{film.name}: {error}") from None


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _moment(
    info: MediaInfo, start: float | str | None, end: float | str | None
) -> tuple[float | None, float | None]:
    """Checked bounds in seconds: an end alone counts from 0, a start alone plays on."""
    if start is None and end is None:
        return None, None
    first = _seconds(start, info.path) if start is not None else 0.0
    last = _seconds(end, info.path) if end is not None else info.duration
    length = format_time(info.duration)
    if first < 0 or first >= info.duration:
        raise VigkitError(
            f"{info.path.name}: the moment must start inside the film (0:00.00–{length}), "
            f"not at {format_time(first)}"
        )
    if last <= first:
        raise VigkitError(
            f"{info.path.name}: the moment must end after it starts "
            f"({format_time(first)} → {format_time(last)})"
        )
    return first, (min(last, info.duration) if end is not None else None)

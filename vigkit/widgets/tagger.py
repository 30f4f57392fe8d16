"""``Tagger``: tag moments of a film with a scheme's codes, saved at once to a journal.

The browser takes the time of every tag at the key or button press (``player.time()``)
and sends it with the code; Python appends it to the workspace journal (fsynced) and
acknowledges it with the event's id. Python never reads the player's time for a tag: it
hears from the browser only when the kernel is idle.

Each Tagger is one writer of its journal, with its own undo and redo (``z``, ``y``): undo
in one tab never takes back another tab's tag. ``r`` links the Tagger's latest tag to the
initiative it receives (:meth:`Tagger.link_last`), so chains of turns can be counted. A
background thread looks at the journal file twice a second and shows what other tabs or
notebooks added, without a restart.

``suggestions`` (plain rows, e.g. the moment finder's) are shown as a lane under the
timeline: ``a`` tags the current one, ``x`` sets it aside (:mod:`.suggestions` keeps both).

Kept whole: tagging, linking, undo and the lane answer the browser under one lock from one
journal state, and read best as one class.
"""

from __future__ import annotations

import math
import os
import threading
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeGuard

import anywidget
import traitlets

from ..coding.events import ROLES, check_name, clip_name
from ..coding.journal import Journal
from ..coding.links import last_initiative
from ..coding.scheme import Scheme, load_scheme
from ..coding.table import Coding
from ..coding.workspace import KIND_SCHEMES, Workspace, registered_kind
from ..core.errors import JournalError, VigkitError
from ..core.timecode import format_time
from ..media.moment import Moment
from .esm import css, esm
from .player import Player
from .suggestions import Decisions, Suggestion, decisions_path, read_suggestions

_HERE = Path(__file__).parent
LEVELS = ("category", "behaviour")
INTERVALS = ("start", "end", None)
POLL_SECONDS = 0.5  # how often a tagger looks for other tabs' tags in its journal


class Tagger(anywidget.AnyWidget):
    """Tag moments of ``video`` with the codes of ``scheme`` as ``coder`` (default: the
    scheme of the clip's kind: the principles of attuned interactions, or for a clip kept
    as a shared review the shared-review scheme).

    Every tag goes to the journal of (clip, coder) in ``workspace`` before it is shown as
    saved. ``level`` is ``"category"`` (one button per principle, keys 1–6) or
    ``"behaviour"`` (one button per behaviour). ``subjects`` (default: the scheme's)
    offers a choice of who is tagged. ``clip`` names the clip (default: the film's name).
    ``suggestions`` (a DataFrame or rows with onset, offset, kind, principle, code,
    reason, score) are shown as a lane under the timeline, to tag (``a``) or set aside (``x``).
    """

    _esm = esm("lane.js", "tagger.js")  # dom.js + the suggestions lane + tagger.js
    _css = css("tagger.css", "lane.css")  # common.css + tagger.css + the lane's

    #: The film player shown inside the tagger (a child widget).
    player = anywidget.WidgetTrait().tag(sync=True)
    #: The buttons: code, label, colour, key, description, category (and its label).
    codes = traitlets.List(traitlets.Dict()).tag(sync=True)
    level = traitlets.Unicode("category").tag(sync=True)
    #: Who can be tagged (empty: no choice shown) and the current choice.
    subjects = traitlets.List(traitlets.Unicode()).tag(sync=True)
    subject = traitlets.Unicode("").tag(sync=True)
    #: The saved tags, by onset: id, code, subject, onset, offset, note.
    events = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: Intervals started and not yet ended: code -> {time, subject}.
    running = traitlets.Dict().tag(sync=True)
    #: A warning shown in the widget (an ignored message, a tag that was not saved).
    warning = traitlets.Unicode("").tag(sync=True)
    #: The last thing undone or redone, in words (shown briefly).
    status = traitlets.Unicode("").tag(sync=True)
    #: Whether this tagger has a change of its own to undo, and an undone one to redo.
    can_undo = traitlets.Bool(False).tag(sync=True)
    can_redo = traitlets.Bool(False).tag(sync=True)
    clip = traitlets.Unicode("").tag(sync=True)
    coder = traitlets.Unicode("").tag(sync=True)
    #: The suggestions still to decide on, in time order (see ``Suggestion.shown``).
    suggestions = traitlets.List(traitlets.Dict()).tag(sync=True)

    def __init__(
        self,
        video: str | Path | Moment,
        scheme: Scheme | str | Path | None = None,
        *,
        coder: str,
        role: str = "trainee",
        workspace: Workspace | str | Path | None = None,
        level: str = "category",
        subjects: list[str] | tuple[str, ...] | None = None,
        clip: str | None = None,
        root: str | Path | None = None,
        suggestions: Any = None,
    ) -> None:
        film = video.source if isinstance(video, Moment) else video
        clip_id = clip if clip is not None else clip_name(Path(film))
        if scheme is None:  # the scheme of the clip's kind: a shared review's own principles
            scheme = KIND_SCHEMES[registered_kind(workspace, clip_id)]
        self.scheme = load_scheme(scheme)
        if level not in LEVELS:
            raise VigkitError(f"level must be 'category' or 'behaviour', not {level!r}")
        if role not in ROLES:
            raise VigkitError(f"unknown role {role!r} (use one of: {', '.join(ROLES)})")
        reason = check_name(coder, "coder")[1]
        if reason:
            raise VigkitError(reason)
        who = list(self.scheme.subjects if subjects is None else subjects)
        if any(not isinstance(s, str) or not s.strip() for s in who):
            raise VigkitError(f"subjects must be non-empty names, not {who!r}")
        player = Player(video, workspace=workspace, root=root)  # a missing film stops here
        try:
            self.workspace = _workspace(workspace)
            _register(self.workspace, clip_id, Path(os.path.abspath(film)), player.info.duration)
            self.journal: Journal = self.workspace.journal(
                clip_id, coder, role=role, scheme=self.scheme
            )
            found = read_suggestions(
                suggestions, self.scheme, clip=clip_id, duration=player.info.duration
            )
        except BaseException:
            player.close()
            raise
        super().__init__(
            player=player,
            codes=code_buttons(self.scheme, level),
            level=level,
            subjects=who,
            clip=clip_id,
            coder=coder,
        )
        self._all: dict[str, Suggestion] = {s.id: s for s in found}
        self.decisions = Decisions(
            decisions_path(self.workspace.root, clip_id, coder), clip_id, coder
        )
        if found and self.decisions.problem:
            self.warning = self.decisions.problem
        # ipykernel 7 may handle the browser's messages in another thread while a cell runs
        self._lock = threading.RLock()
        self.on_msg(self._on_message)
        self._refresh()
        self._stop = threading.Event()
        threading.Thread(
            target=_watch,
            args=(weakref.ref(self), self._stop),
            name=f"vigkit-tagger-{clip_id}-{coder}",
            daemon=True,
        ).start()

    @property
    def coding(self) -> Coding:
        """The current coding (the replay of the journal)."""
        with self._lock:
            return self.journal.coding

    def undo(self) -> str | None:
        """Undo this tagger's latest add, delete or note edit; say what was undone."""
        with self._lock:
            done = self.journal.undo()
            self.status = done or "nothing to undo"
            self._refresh()
            return done

    def redo(self) -> str | None:
        """Redo this tagger's latest undone change; say what was redone."""
        with self._lock:
            done = self.journal.redo()
            self.status = done or "nothing to redo"
            self._refresh()
            return done

    def catch_up(self) -> bool:
        """Show what other tabs or notebooks wrote to the journal since; say if anything."""
        with self._lock:
            self.journal.catch_up()
            if self.journal.state.last_seq == self._shown:
                return False
            self._refresh()
            return True

    def link_last(self) -> dict[str, Any] | None:
        """Mark this tagger's latest tag as receiving the last initiative before it (the
        other person's latest earlier tag, else the latest earlier tag); say what was
        linked in ``status``. Return the linked tag, or None (said in ``warning``)."""
        with self._lock:
            self.journal.catch_up()
            latest = self.journal.latest_own_tag()
            if latest is None:
                self.warning = (
                    "Nothing to link yet: tag the reception first (its code's key), then "
                    "press r to link it to the initiative it receives."
                )
                return None
            events = self.journal.coding.to_records()
            initiative = last_initiative(events, latest)
            if initiative is None:
                self.warning = (
                    f"Your last tag ({self._describe(latest)}) has no tag before it to "
                    "receive: tag the initiative first, then the reception, then press r."
                )
                return None
            linked = self.journal.link(str(latest["id"]), str(initiative["id"]))
            self.warning = ""
            self.status = f"Linked: {self._describe(latest)} receives {self._describe(initiative)}"
            self._refresh()
            return linked

    def _describe(self, event: Mapping[str, Any]) -> str:
        who = f" ({event['subject']})" if event.get("subject") else ""
        return f"{self.scheme.label_of(str(event['code']))}{who} at {format_time(event['onset'])}"

    def accept(self, suggestion_id: str, subject: str | None = None) -> dict[str, Any]:
        """Tag suggestion ``suggestion_id`` (its principle, or its behaviour at the behaviour
        level) with its times and "Suggested: <reason>" as the note; return the event."""
        with self._lock:
            item = self._open(suggestion_id)
            who = self.subject if subject is None else subject
            if who and who not in self.subjects:
                raise VigkitError(
                    f"unknown subject {who!r} (use one of: {', '.join(self.subjects)})"
                )
            offset = item.offset if item.offset - item.onset >= 0.001 else None
            event = self.journal.add(
                item.tag_code(self.level),
                item.onset,
                offset,
                subject=who,
                note=f"Suggested: {item.reason}",
            )
            self.warning = ""
            self._decide(lambda: self.decisions.accept(item.id, str(event["id"])))
            return event

    def dismiss(self, suggestion_id: str) -> None:
        """Set suggestion ``suggestion_id`` aside: the lane no longer shows it, now or later."""
        with self._lock:
            item = self._open(suggestion_id)
            self._decide(lambda: self.decisions.dismiss(item.id))

    def _open(self, suggestion_id: str) -> Suggestion:
        item = self._all.get(str(suggestion_id))
        if item is None:
            raise VigkitError(f"there is no suggestion {suggestion_id!r} in this tagger")
        if not any(s["id"] == item.id for s in self.suggestions):
            raise VigkitError(f"suggestion {suggestion_id!r} was already tagged or set aside")
        return item

    def _decide(self, write: Any) -> None:
        """Save a decision; if the file cannot be written, say so (the tag stays saved)."""
        try:
            write()
        except (VigkitError, OSError) as error:
            self.warning = f"Your choice on this suggestion was not kept for next time: {error}"
        self._refresh()

    def close(self) -> None:
        """Stop looking at the journal and close the widget (and its player)."""
        stop = getattr(self, "_stop", None)
        if stop is not None:
            stop.set()
        super().close()

    # ------------------------------------------------------------ browser → Python
    def _on_message(self, _widget: object, content: Any, _buffers: object) -> None:
        if isinstance(content, dict):
            with self._lock:
                self._handle(content)

    def _handle(self, content: dict[str, Any]) -> None:
        kind = content.get("type")
        try:
            if kind == "tag":
                self._tag(content)
            elif kind == "delete":
                self.journal.delete(str(content.get("id")))
            elif kind == "note":
                self.journal.edit_note(str(content.get("id")), str(content.get("note", "")))
            elif kind == "undo":
                self.undo()
                self._ack(content.get("ref"), None)
            elif kind == "redo":
                self.redo()
                self._ack(content.get("ref"), None)
            elif kind == "link":
                linked = self.link_last()
                self._ack(content.get("ref"), str(linked["id"]) if linked else None)
            elif kind == "accept":
                subject = content.get("subject")
                event = self.accept(str(content.get("id")), subject if subject else "")
                self._ack(content.get("ref"), str(event["id"]))
            elif kind == "dismiss":
                self.dismiss(str(content.get("id")))
                self._ack(content.get("ref"), None)
            elif kind == "cancel":
                self.running = {k: v for k, v in self.running.items() if k != content.get("code")}
            else:
                return
        except (VigkitError, OSError) as error:  # shown in the widget: nobody sees a callback's
            self._warn(f"Not saved: {error}", content.get("ref"))
            return
        self._refresh()

    def _tag(self, content: dict[str, Any]) -> None:
        ref = content.get("ref")
        code, time, interval = content.get("code"), content.get("time"), content.get("interval")
        subject = content.get("subject") or ""
        if not isinstance(code, str) or code not in self.scheme:
            self._warn(f"Ignored a tag with the unknown code {code!r}; nothing was saved.", ref)
            return
        if not _is_time(time) or interval not in INTERVALS:
            self._warn(f"Ignored a tag with a bad time or interval ({time!r}, {interval!r}).", ref)
            return
        if not isinstance(subject, str) or (subject and subject not in self.subjects):
            self._warn(f"Ignored a tag for the unknown subject {subject!r}.", ref)
            return
        seconds = min(max(float(time), 0.0), self.player.duration or float(time))
        if interval == "start":
            self.running = {**self.running, code: {"time": seconds, "subject": subject}}
            self._ack(ref, None)
            return
        onset, offset = seconds, None
        if interval == "end":
            started = self.running.get(code)
            if started is None:
                self._warn(f"Ignored the end of an interval of {code} that was not started.", ref)
                return
            self.running = {k: v for k, v in self.running.items() if k != code}
            subject = started["subject"]
            onset, offset = sorted((float(started["time"]), seconds))
            if offset - onset < 0.001:
                offset = None
        event = self.journal.add(code, onset, offset, subject=subject)
        self.warning = ""
        self._ack(ref, event["id"])

    # ------------------------------------------------------------ Python → browser
    def _ack(self, ref: Any, event_id: str | None) -> None:
        if ref is not None:
            self.send({"type": "ack", "ref": ref, "id": event_id})

    def _warn(self, message: str, ref: Any = None) -> None:
        self.warning = message
        if ref is not None:
            self.send({"type": "ack", "ref": ref, "id": None, "warning": message})

    def _refresh(self) -> None:
        keep = ("id", "code", "subject", "onset", "offset", "note", "answers")
        journal = self.journal
        records = journal.coding.to_records()  # reads the journal up to its end, once
        state = journal.state  # and only that state from here: one consistent view
        self._shown = state.last_seq
        self.events = [{k: r[k] for k in keep} for r in records]
        self.can_undo = state.undoable(journal.writer) is not None
        self.can_redo = state.redoable(journal.writer) is not None
        shown = {str(r["id"]) for r in records}
        lane = [
            s.shown(self.scheme, self.level)
            for s in self._all.values()
            if not self.decisions.hides(s.id, shown)
        ]
        if lane != self.suggestions:
            self.suggestions = lane

    def __repr__(self) -> str:
        return f"<Tagger {self.clip} by {self.coder}: {len(self.events)} tags>"


def code_buttons(scheme: Scheme, level: str) -> list[dict[str, Any]]:
    """One button per code: categories (with their keys) or behaviours (without)."""
    buttons: list[dict[str, Any]] = []
    for category in scheme.categories:
        items = [category] if level == "category" else list(category.behaviours)
        for item in items:
            buttons.append(
                {
                    "code": item.id,
                    "label": item.label,
                    "description": item.description,
                    "colour": category.colour,
                    "key": category.key if level == "category" else "",
                    "category": category.id,
                    "category_label": category.label,
                }
            )
    return buttons


def _watch(tagger_ref: weakref.ref[Tagger], stop: threading.Event) -> None:
    """Catch a tagger up with its journal every ``POLL_SECONDS`` until it is closed."""
    while not stop.wait(POLL_SECONDS):
        tagger = tagger_ref()
        if tagger is None:
            return
        try:
            tagger.catch_up()
        except JournalError as error:  # changed by another program: say so, stop following
            tagger._warn(f"{error} (other tabs' tags are no longer shown here)")
            return
        except OSError:  # the journal's folder went away (e.g. a test's temporary folder)
            return
        except Exception as error:  # a thread's traceback would land in some cell's output
            tagger._warn(f"Other tabs' tags are no longer shown here ({error}).")
            return
        finally:
            del tagger


def _workspace(where: Workspace | str | Path | None) -> Workspace:
    return where if isinstance(where, Workspace) else Workspace(where)


def _register(workspace: Workspace, clip: str, film: Path, duration: float) -> None:
    """Register the clip with the film's length, unless it is known (as this film)."""
    record = workspace.clip(clip)
    known = Path(record.source) if record.source else None
    if known is not None and known.exists() and not known.samefile(film):
        raise VigkitError(
            f"clip '{clip}' in {workspace.root} is another film ({known}), not {film}; "
            "give this film its own name with clip='...'"
        )
    if record.duration is None:
        workspace.register_clip(clip, film, duration)


def _is_time(value: Any) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


__all__ = ["Tagger", "clip_name", "code_buttons"]

// vigkit Tagger: tag moments of a film with a scheme's codes.
//
// The time of a tag is read here, at the key or button press (`player.time()`), and sent
// with the code; Python writes it to the journal (fsynced) and answers with an "ack"
// carrying the event's id. Until then the tag shows as "saving…" (the kernel hears us only
// when it is idle). The film player is the Tagger's child widget, rendered inside it.
// `make` comes from dom.js, which Python (vigkit.widgets.esm) puts in front of this file.
// Undo (z) and redo (y) reach only this tagger's own changes; other tabs' tags arrive in
// `events` when Python sees them in the journal.
// Suggestions (the model's `suggestions`) show in a lane under the strip (lane.js, before
// this file): a tags the current one (as a tag, "saving…" until Python answers), x sets it
// aside, n / p move between them.
// r links this tagger's latest tag to the initiative it receives (Python finds the tag it
// answers: the other person's latest tag before it); the list shows "↩ receives …".
// Kept whole: one render() whose views, keys and messages share the same state.

const UNDO_KEYS = ["z", "Z"];
const REDO_KEYS = ["y", "Y"];
const LINK_KEYS = ["r", "R"];

/** The keys of `codes` for the hint on the film: "[1]–[6]" when they run on, else each. */
function keysOf(codes) {
  const keys = codes.map((c) => c.key).filter(Boolean).sort();
  const running = keys.every((k, i) => i === 0 || Number(k) === Number(keys[i - 1]) + 1);
  if (running && keys.length > 2) return `[${keys[0]}]–[${keys[keys.length - 1]}]`;
  return keys.map((k) => `[${k}]`).join(" ");
}

/** The digit a key press stands for, with or without Shift ("!" is still "1"). */
function digitOf(event) {
  const match = /^(?:Digit|Numpad)(\d)$/.exec(event.code || "");
  if (match) return match[1];
  return /^\d$/.test(event.key) ? event.key : null;
}

async function render({ model, el, host, signal }) {
  const root = make("div", "vigkit-tagger", {
    role: "group",
    tabindex: "0",
    "aria-label": `Tagger: ${model.get("clip")} as ${model.get("coder")}`,
  });
  // JupyterLab would otherwise take our keys (digits, z, space) as notebook shortcuts.
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const slot = make("div", "vigkit-tagger-player");
  const tools = make("div", "vigkit-tagger-tools", { role: "toolbar", "aria-label": "Tagging" });
  const subjectLabel = make("label", "vigkit-tagger-subject", { text: "Who " });
  const subject = make("select", "", { "aria-label": "Who is tagged" });
  subjectLabel.append(subject);
  const intervalToggle = make("button", "vigkit-button vigkit-tagger-button vigkit-tagger-interval", {
    type: "button",
    text: "⟷ Interval",
    "aria-label": "Tag intervals",
    "aria-pressed": "false",
    title: "Tag intervals: a press starts one, the next press of the same code ends it (or hold Shift)",
  });
  const undo = make("button", "vigkit-button vigkit-tagger-button vigkit-tagger-undo", {
    type: "button",
    text: "↶ Undo",
    "aria-label": "Undo",
    title: "Undo your last change in this tagger (z)",
  });
  const redo = make("button", "vigkit-button vigkit-tagger-button vigkit-tagger-redo", {
    type: "button",
    text: "↷ Redo",
    "aria-label": "Redo",
    title: "Redo the change you last undid (y)",
  });
  const receives = make("button", "vigkit-button vigkit-tagger-button vigkit-tagger-receives", {
    type: "button",
    text: "↩ Receives",
    "aria-label": "This receives the last initiative",
    title: "Link your last tag to the initiative it receives: the other person's latest tag before it (r)",
  });
  tools.append(subjectLabel, intervalToggle, undo, redo, receives);
  const codes = make("div", "vigkit-tagger-codes", { role: "group", "aria-label": "Codes" });
  const warning = make("p", "vigkit-tagger-warning", { role: "alert" });
  const status = make("p", "vigkit-tagger-status", { role: "status" });
  const table = make("table", "vigkit-tagger-list", { "aria-label": "Tags" });
  const head = make("thead");
  const headRow = make("tr");
  for (const name of ["Time", "Code", "Who", "Note", "", ""]) headRow.append(make("th", "", { text: name }));
  head.append(headRow);
  const body = make("tbody");
  table.append(head, body);
  root.append(slot, tools, codes, warning, status, table);
  el.append(root);

  // ------------------------------------------------------------------ the player inside
  const player = await childPlayer(host, model, slot, signal, warning);
  if (!player) return () => root.remove();
  const strip = make("div", "vigkit-tagger-strip", {
    role: "group",
    "aria-label": "Tags on the film's timeline (click to jump)",
  });
  const playhead = make("div", "vigkit-tagger-playhead");
  strip.append(playhead);
  const stage = player.root.querySelector(".vigkit-player-stage");
  if (stage) stage.after(strip);
  else slot.append(strip);
  const video = player.video;
  const time = (t) => player.formatTime(t);

  // ------------------------------------------------------------------ state
  const byCode = new Map(model.get("codes").map((c) => [c.code, c]));
  const pending = new Map(); // ref -> { code, time, start, subject, interval }
  const asked = new Set(); // refs of undo and redo requests not answered yet
  let counter = 0;
  const viewId = Math.random().toString(36).slice(2, 8);
  let intervalMode = false;

  /** Intervals running as this view sees them: Python's, with our unanswered presses. */
  function running() {
    const now = new Map(Object.entries(model.get("running") || {}));
    for (const tag of pending.values()) {
      if (tag.interval === "start") now.set(tag.code, { time: tag.time, subject: tag.subject });
      if (tag.interval === "end") now.delete(tag.code);
    }
    return now;
  }

  /** Tag suggestion `s` (Python picks the code for the level and writes the note). */
  function acceptSuggestion(s) {
    const ref = `${viewId}-${++counter}`;
    const who = subject.value;
    pending.set(ref, { code: s.tag_code, time: s.offset, start: s.onset, subject: who, interval: "accept" });
    model.send({ type: "accept", ref, id: s.id, subject: who });
    showAll();
    return ref;
  }
  function dismissSuggestion(s) {
    const ref = `${viewId}-${++counter}`;
    model.send({ type: "dismiss", ref, id: s.id });
    return ref;
  }
  const lane = suggestionLane({
    model,
    player,
    strip,
    time,
    accept: acceptSuggestion,
    dismiss: dismissSuggestion,
    focus: () => root.focus({ preventScroll: true }),
  });

  function tag(code, shift) {
    const info = byCode.get(code);
    if (!info) return;
    if (player.model.get("status") !== "ready" || !player.model.get("src")) {
      warning.textContent = "The film is not playing yet: make it playable first, then tag.";
      warning.hidden = false;
      return;
    }
    const t = player.time(); // the moment of the press: what tagging is about
    const now = running();
    let interval = null;
    let start = t;
    let who = subject.value;
    if (now.has(code)) {
      interval = "end";
      start = now.get(code).time;
      who = now.get(code).subject;
    } else if (shift || intervalMode) {
      interval = "start";
    }
    const ref = `${viewId}-${++counter}`;
    pending.set(ref, { code, time: t, start, subject: who, interval, sentAt: performance.now() });
    model.send({ type: "tag", ref, code, time: t, subject: subject.value, interval });
    warning.textContent = "";
    showAll();
  }

  // ------------------------------------------------------------------ view
  function showCodes() {
    codes.replaceChildren();
    const level = model.get("level");
    const groups = new Map();
    for (const info of model.get("codes")) {
      let box = codes;
      if (level === "behaviour") {
        if (!groups.has(info.category)) {
          const set = make("fieldset", "vigkit-tagger-group");
          set.style.setProperty("--vigkit-code-colour", info.colour);
          set.append(make("legend", "", { text: info.category_label }));
          groups.set(info.category, set);
          codes.append(set);
        }
        box = groups.get(info.category);
      }
      const b = make("button", "vigkit-button vigkit-tagger-button vigkit-tagger-code", {
        type: "button",
        "data-code": info.code,
        "aria-label": info.label,
        title: `${info.description}${info.key ? ` (key ${info.key}; Shift+${info.key} starts an interval)` : ""}`,
      });
      b.style.setProperty("--vigkit-code-colour", info.colour);
      if (info.key) b.append(make("kbd", "", { text: info.key }));
      b.append(make("span", "", { text: info.label }));
      b.addEventListener("mousedown", (event) => event.preventDefault()); // keep keys on the tagger
      b.addEventListener("click", (event) => {
        tag(info.code, event.shiftKey);
        if (event.detail > 0) root.focus({ preventScroll: true });
      });
      box.append(b);
    }
  }

  /** The player's first-time hint, with this tagger's keys after "play / pause". */
  function showHint() {
    if (!player.setHint) return; // an older player: no hint
    const keys = keysOf(model.get("codes"));
    const own = keys ? [`${keys}: tag (hold Shift for a stretch)`] : [];
    const suggested = lane.count() ? LANE_HINT : [];
    const [first, ...rest] = player.hintItems;
    player.setHint([first, ...own, "[r]: it receives the last initiative", "[z]: undo", ...suggested, ...rest]);
  }

  function showSubjects() {
    const names = model.get("subjects") || [];
    subjectLabel.hidden = names.length === 0;
    const chosen = subject.value || model.get("subject");
    subject.replaceChildren(make("option", "", { value: "", text: "—" }));
    for (const name of names) subject.append(make("option", "", { value: name, text: name }));
    subject.value = names.includes(chosen) ? chosen : "";
  }

  function rows() {
    const list = (model.get("events") || []).map((e) => ({ ...e, saved: true }));
    for (const [ref, p] of pending) {
      if (p.interval === "start") continue;
      const ranged = p.interval === "end" || p.interval === "accept";
      const [onset, offset] = ranged ? [p.start, p.time].sort((a, b) => a - b) : [p.time, p.time];
      list.push({ id: ref, code: p.code, subject: p.subject, onset, offset, note: "", saved: false });
    }
    return list.sort((a, b) => a.onset - b.onset);
  }

  let listDirty = false;
  function showList() {
    if (body.contains(document.activeElement) && document.activeElement.tagName === "INPUT") {
      listDirty = true; // do not take the note someone is typing away from them
      return;
    }
    listDirty = false;
    body.replaceChildren();
    const shown = rows();
    const byId = new Map(shown.map((e) => [e.id, e]));
    for (const event of shown) {
      const info = byCode.get(event.code) || { label: event.code, colour: "#888" };
      const row = make("tr", event.saved ? "" : "vigkit-tagger-saving", { "data-id": event.id });
      const at = event.offset > event.onset ? `${time(event.onset)}–${time(event.offset)}` : time(event.onset);
      const jump = make("button", "vigkit-tagger-time", { type: "button", text: at, title: "Jump here" });
      jump.addEventListener("click", () => player.seek(event.onset));
      const code = make("td", "vigkit-tagger-code-cell");
      const swatch = make("span", "vigkit-tagger-swatch", { "aria-hidden": "true" });
      swatch.style.background = info.colour;
      code.append(swatch, document.createTextNode(info.label));
      const answered = event.answers && byId.get(event.answers);
      if (answered) {
        const what = (byCode.get(answered.code) || { label: answered.code }).label;
        const who = answered.subject ? ` (${answered.subject})` : "";
        code.append(make("span", "vigkit-tagger-answers", { text: `↩ receives ${what}${who} at ${time(answered.onset)}` }));
        row.classList.add("vigkit-tagger-linked");
      }
      const note = make("input", "vigkit-tagger-note", {
        type: "text",
        "aria-label": `Note on ${info.label} at ${time(event.onset)}`,
        placeholder: event.saved ? "add a note" : "",
      });
      note.value = event.note || "";
      note.disabled = !event.saved;
      note.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === "Escape") note.blur();
        e.stopPropagation(); // typing a note never tags or plays
      });
      note.addEventListener("change", () => model.send({ type: "note", id: event.id, note: note.value }));
      note.addEventListener("blur", () => listDirty && setTimeout(showList));
      const remove = make("button", "vigkit-tagger-delete", {
        type: "button",
        text: "×",
        "aria-label": `Delete ${info.label} at ${time(event.onset)}`,
        title: "Delete this tag",
      });
      remove.disabled = !event.saved;
      remove.addEventListener("click", () => model.send({ type: "delete", id: event.id }));
      const state = make("td", "vigkit-tagger-state", { text: event.saved ? "✓" : "saving…" });
      state.title = event.saved ? "Saved" : "Waiting for the kernel to save it";
      const cells = [jump, code, event.subject || "", note, remove, state];
      for (const cell of cells) {
        if (cell instanceof HTMLTableCellElement) row.append(cell);
        else {
          const td = make("td");
          if (typeof cell === "string") td.textContent = cell;
          else td.append(cell);
          row.append(td);
        }
      }
      row.addEventListener("click", (e) => {
        if (!["INPUT", "BUTTON"].includes(e.target.tagName)) player.seek(event.onset);
      });
      body.append(row);
    }
    table.hidden = body.childElementCount === 0;
  }

  function showStrip() {
    const length = player.duration();
    for (const mark of strip.querySelectorAll(".vigkit-tagger-mark")) mark.remove();
    if (!(length > 0)) return;
    const place = (mark, onset, offset, colour) => {
      mark.style.left = `${(100 * onset) / length}%`;
      if (offset > onset) mark.style.width = `${(100 * (offset - onset)) / length}%`;
      mark.style.background = colour;
      strip.insertBefore(mark, playhead);
    };
    for (const event of rows()) {
      const info = byCode.get(event.code) || { label: event.code, colour: "#888" };
      const mark = make("button", `vigkit-tagger-mark${event.offset > event.onset ? " vigkit-tagger-bar" : ""}`, {
        type: "button",
        title: `${info.label} at ${time(event.onset)}`,
        "aria-label": `${info.label} at ${time(event.onset)}`,
        tabindex: "-1",
      });
      mark.addEventListener("click", (e) => {
        e.stopPropagation();
        player.seek(event.onset);
      });
      place(mark, event.onset, event.offset, info.colour);
    }
    for (const [code, run] of running()) {
      const info = byCode.get(code) || { colour: "#888" };
      const mark = make("div", "vigkit-tagger-mark vigkit-tagger-bar vigkit-tagger-running");
      mark.title = `${info.label} running since ${time(run.time)}`;
      place(mark, run.time, Math.max(run.time, video.currentTime), info.colour);
    }
  }
  function showPlayhead() {
    const length = player.duration();
    playhead.style.left = length > 0 ? `${(100 * video.currentTime) / length}%` : "0";
  }

  function showButtons() {
    const now = running();
    for (const b of codes.querySelectorAll(".vigkit-tagger-code")) {
      const on = now.has(b.dataset.code);
      b.classList.toggle("vigkit-tagger-on", on);
      b.setAttribute("aria-pressed", String(on));
    }
    intervalToggle.setAttribute("aria-pressed", String(intervalMode));
    // Until Python answers, a tag or an undo on its way may give something to undo or redo.
    const waiting = pending.size > 0 || asked.size > 0;
    undo.disabled = !(model.get("can_undo") || waiting);
    redo.disabled = !(model.get("can_redo") || asked.size > 0);
  }
  function ask(type) {
    const ref = `${viewId}-${++counter}`;
    asked.add(ref);
    model.send({ type, ref });
    showButtons();
  }
  function showWarning() {
    warning.textContent = model.get("warning") || "";
    warning.hidden = !warning.textContent;
  }
  let statusTimer = null;
  function showStatus(text) {
    status.textContent = text;
    clearTimeout(statusTimer);
    if (text) statusTimer = setTimeout(() => (status.textContent = ""), 4000);
  }
  function showAll() {
    showButtons();
    showList();
    showStrip();
    showWarning();
  }

  // ------------------------------------------------------------------ events
  const cleanups = [];
  function on(target, type, handler) {
    target.addEventListener(type, handler);
    cleanups.push(() => target.removeEventListener(type, handler));
  }
  root.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const tagName = event.target && event.target.tagName;
    if (tagName === "INPUT" || tagName === "SELECT" || tagName === "TEXTAREA") return;
    if (player.hideHint && !["Shift", "Tab"].includes(event.key)) player.hideHint();
    if (UNDO_KEYS.includes(event.key) || REDO_KEYS.includes(event.key)) {
      event.preventDefault(); // sent even if the button looks disabled: Python decides
      ask(UNDO_KEYS.includes(event.key) ? "undo" : "redo");
      return;
    }
    if (LINK_KEYS.includes(event.key)) {
      event.preventDefault();
      ask("link");
      return;
    }
    if (event.key === "Escape" && running().size) {
      event.preventDefault();
      for (const code of running().keys()) model.send({ type: "cancel", code });
      return;
    }
    const suggestion = LANE_KEYS[event.key];
    if (suggestion && lane.act(suggestion)) {
      event.preventDefault();
      return;
    }
    const digit = digitOf(event);
    const info = digit && model.get("codes").find((c) => c.key === digit);
    if (info) {
      event.preventDefault();
      tag(info.code, event.shiftKey);
      return;
    }
    if (event.key === " " && event.target.classList.contains("vigkit-tagger-code")) {
      event.preventDefault(); // space plays, even with a code button focused
      player.toggle();
    }
  });
  root.addEventListener("click", (event) => {
    if (event.target === root) root.focus({ preventScroll: true });
  });
  strip.addEventListener("click", (event) => {
    const box = strip.getBoundingClientRect();
    if (box.width > 0) player.seek(((event.clientX - box.left) / box.width) * player.duration());
  });
  intervalToggle.addEventListener("click", () => {
    intervalMode = !intervalMode;
    showButtons();
  });
  undo.addEventListener("click", () => ask("undo"));
  redo.addEventListener("click", () => ask("redo"));
  receives.addEventListener("click", () => ask("link"));
  for (const b of [undo, redo, receives]) b.addEventListener("mousedown", (event) => event.preventDefault());
  subject.addEventListener("change", () => {
    model.set("subject", subject.value);
    model.save_changes();
  });
  on(video, "timeupdate", () => {
    showPlayhead();
    if (running().size) showStrip();
  });
  on(video, "seeked", showPlayhead);
  on(video, "loadedmetadata", () => {
    showStrip();
    lane.show();
    showPlayhead();
  });
  let frame = null;
  const followPlayhead = () => {
    showPlayhead();
    frame = requestAnimationFrame(followPlayhead);
  };
  on(video, "play", () => (frame = frame ?? requestAnimationFrame(followPlayhead)));
  on(video, "pause", () => {
    cancelAnimationFrame(frame);
    frame = null;
  });

  function onMessage(msg) {
    if (!msg || msg.type !== "ack") return;
    pending.delete(msg.ref);
    asked.delete(msg.ref);
    lane.settled(msg.ref);
    showAll();
    if (msg.warning) warning.textContent = msg.warning;
    warning.hidden = !warning.textContent;
  }
  const modelEvents = [
    ["msg:custom", onMessage],
    ["change:events", showAll],
    ["change:running", showAll],
    ["change:can_undo", showButtons],
    ["change:can_redo", showButtons],
    ["change:warning", showWarning],
    ["change:status", () => showStatus(model.get("status"))],
    ["change:subjects", showSubjects],
    ["change:suggestions", () => {
      lane.show();
      showHint();
    }],
    ["change:codes", () => {
      byCode.clear();
      for (const c of model.get("codes")) byCode.set(c.code, c);
      showCodes();
      showHint();
      showAll();
    }],
  ];
  for (const [name, handler] of modelEvents) model.on(name, handler);

  showCodes();
  showHint();
  showSubjects();
  showAll();
  showPlayhead();
  lane.show();
  root.vigkitTagger = { player, tag, pending, running, root, lane };

  return () => {
    for (const [name, handler] of modelEvents) model.off(name, handler);
    for (const undoIt of cleanups) undoIt();
    cancelAnimationFrame(frame);
    clearTimeout(statusTimer);
    root.remove();
  };
}

export default { render };

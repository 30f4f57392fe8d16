// vigkit Player: plays a film by URL through the Jupyter server (/files/... or, in Voilà,
// /voila/files/...), never as bytes.
//
// All timing happens here in the browser: the kernel only hears from us when it is idle, so
// anything that needs "when" (the Tagger's tags) must read `api.time()` at the key press.
//
// Reuse (the Tagger): `initialize` returns `exports` with `createPlayer`, `playerOf`,
// `formatTime`, `filmUrl`, `baseUrl`, so a parent anywidget can
//   const child = await host.getWidget(model.get("player"));
//   await child.render({ el: slot });
//   const player = child.exports.playerOf(slot);   // { video, time(), seek(), ... }
// Every rendered player also hangs its API on its root element as `root.vigkitPlayer`.
//
// `make` comes from dom.js, which Python (vigkit.widgets.esm) puts in front of this file.

const RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];
const JUMP = 2; // seconds moved by the ±2 s buttons and the arrow keys
const SYNC_MS = 500; // at most this often is current_time sent to Python while playing
const LOOP_WINDOW = 0.75; // seconds past a moment's end that still count as "played to it"
// The first-time hint on the film; [x] is a key. The Tagger adds its own items.
const HINT = [
  "Click the film or [space]: play / pause",
  `[←] [→]: ${JUMP} s back / on`,
  "[,] [.]: one frame",
];

// The base URL and the files path come from dom.js (shared with the pickers' stills).
export { serverBaseUrl as baseUrl, serverFilesPath as filesPath };

/** The film's URL: `src` is the path under the server's root (already quoted), plus a
 * media fragment. */
export function filmUrl(
  src,
  start = null,
  end = null,
  base = serverBaseUrl(),
  files = serverFilesPath(),
) {
  if (!src) return "";
  let url = `${base}${files}${src}`;
  if (start != null) url += `#t=${+start.toFixed(3)}${end != null ? `,${+end.toFixed(3)}` : ""}`;
  return url;
}

/** m:ss.ff (h:mm:ss.ff from an hour), ff = the frame within the second. */
export function formatTime(seconds, fps) {
  if (!Number.isFinite(seconds)) return "-:--.--";
  const rate = fps > 0 ? fps : 25;
  const t = Math.max(0, seconds);
  let whole = Math.floor(t + 1e-6);
  let frame = Math.floor((t - whole) * rate + 1e-3);
  if (frame >= Math.ceil(rate)) {
    whole += 1;
    frame = 0;
  }
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ff = String(frame).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}.${ff}` : `${m}:${ss}.${ff}`;
}

/** The player API rendered inside `el` (or `el` itself), if any. */
export function playerOf(el) {
  if (!el) return undefined;
  if (el.vigkitPlayer) return el.vigkitPlayer;
  const root = el.querySelector(".vigkit-player");
  return root ? root.vigkitPlayer : undefined;
}

function button(text, label, key) {
  const title = key ? `${label} (${key})` : label;
  return make("button", "vigkit-player-button", {
    type: "button",
    text,
    "aria-label": label,
    title,
  });
}

/** `node` shows the hint `items` (as `HINT`). */
function fillHint(node, items) {
  node.replaceChildren();
  items.forEach((text, i) => {
    const item = make("span", "vigkit-player-hint-item");
    text.split(/\[(.+?)\]/).forEach((part, k) => item.append(k % 2 ? make("kbd", "", { text: part }) : part));
    node.append(...(i ? [" · ", item] : [item]));
  });
}

/**
 * Build a player in `el` for `model` (traits: src, label, start, end, loop, fps, duration,
 * current_time, playing, rate, status, message, progress). Returns its API (`destroy()`).
 */
export function createPlayer({ model, el }) {
  const hintId = `vigkit-player-hint-${Math.random().toString(36).slice(2, 10)}`;
  const root = make("div", "vigkit-player", {
    role: "group",
    tabindex: "0",
    "aria-label": `Film player: ${model.get("label") || "film"}`,
    "aria-describedby": hintId, // the keys, for screen readers
  });
  // JupyterLab would otherwise take our keys (space, j, k, arrows) as notebook shortcuts.
  root.setAttribute("data-lm-suppress-shortcuts", "true");

  const stage = make("div", "vigkit-player-stage");
  const video = make("video", "vigkit-player-video", { preload: "metadata", playsinline: "" });
  video.disablePictureInPicture = true;
  const notice = make("div", "vigkit-player-notice", { role: "status" });
  const noticeText = make("p", "vigkit-player-message");
  const progress = make("progress", "vigkit-player-progress", { max: "1", "aria-label": "Copy made so far" });
  const makeCopy = button("Make a playable copy", "Make a playable copy of this film");
  makeCopy.classList.add("vigkit-player-make-copy");
  notice.append(noticeText, progress, makeCopy);
  // On the film until it first plays or hears a key: what clicks and keys do.
  const hint = make("p", "vigkit-player-hint", { id: hintId, role: "note" });
  fillHint(hint, HINT);
  let hintDone = false;
  stage.append(video, hint, notice);

  const bar = make("div", "vigkit-player-controls", {
    role: "toolbar",
    "aria-label": "Player controls",
  });
  const back = button(`−${JUMP} s`, `Back ${JUMP} seconds`, "←");
  const frameBack = button("◂|", "Back one frame", ",");
  const play = button("▶ Play", "Play", "space or k");
  play.classList.add("vigkit-player-play");
  const frameNext = button("|▸", "Forward one frame", ".");
  const next = button(`+${JUMP} s`, `Forward ${JUMP} seconds`, "→");
  const loop = button("⟲ Loop", "Loop the moment", "o");
  loop.classList.add("vigkit-player-loop");
  const speedLabel = make("label", "vigkit-player-speed", { text: "Speed " });
  const speed = make("select", "", { "aria-label": "Playback speed", title: "Speed (< and >)" });
  speedLabel.append(speed);
  const readout = make("span", "vigkit-player-time", {
    role: "timer",
    title: "minutes:seconds.frames",
    "aria-label": "Time in the film",
  });
  bar.append(back, frameBack, play, frameNext, next, loop, speedLabel, readout);
  root.append(stage, bar);
  el.append(root);

  const fps = () => model.get("fps") || 25;
  const duration = () =>
    Number.isFinite(video.duration) && video.duration > 0 ? video.duration : model.get("duration");
  const moment = () => ({ start: model.get("start"), end: model.get("end") });
  const looping = () => model.get("loop") && model.get("end") != null;

  // ------------------------------------------------------------------ Python ← browser
  // The time goes as a custom message, not a trait change: those are sent in order and at
  // once, where ipywidgets holds back and merges trait changes while one is in flight, so a
  // stale time could land after a newer one (or after a Python seek).
  let lastSent = -1;
  let lastSentAt = 0;
  function sendTime(force) {
    const now = performance.now();
    const t = Math.round(video.currentTime * 1000) / 1000;
    if (t === lastSent || (!force && now - lastSentAt < SYNC_MS)) return;
    lastSent = t;
    lastSentAt = now;
    model.send({ type: "time", time: t });
  }
  function sendPlaying() {
    const playing = !video.paused && !video.ended;
    if (model.get("playing") !== playing) {
      model.set("playing", playing);
      model.save_changes();
    }
  }

  // ------------------------------------------------------------------ actions
  let askedToPause = false; // the next "pause" event is ours (not the media fragment's end)
  function playVideo() {
    const started = video.play();
    if (started && started.catch) {
      started.catch((error) => {
        if (error && error.name === "AbortError") return;
        showNotice(`The film did not start (${error.message}). Click ▶ Play to start it.`);
        sendPlaying();
      });
    }
  }
  function pauseVideo() {
    if (video.paused) return;
    askedToPause = true; // "pause" fires later, as a task
    video.pause();
  }
  function seek(t) {
    const end = duration();
    video.currentTime = Math.max(0, Number.isFinite(end) && end > 0 ? Math.min(t, end) : t);
    if (video.readyState > 0) sendTime(true); // Python knows at once, not after "seeked"
  }
  function step(frames) {
    pauseVideo();
    const rate = fps();
    const index = Math.floor(video.currentTime * rate + 1e-3) + frames;
    const last = Math.max(0, Math.ceil(duration() * rate) - 1);
    seek((Math.max(0, Math.min(index, last)) + 0.5) / rate); // mid-frame: no rounding slips
  }
  function setRate(rate) {
    const value = Math.min(2, Math.max(0.25, rate));
    video.playbackRate = value;
    video.defaultPlaybackRate = value;
  }
  function playMoment(start) {
    seek(start ?? moment().start ?? 0);
    playVideo();
  }
  function toggle() {
    if (video.paused || video.ended) playVideo();
    else pauseVideo();
  }

  // ------------------------------------------------------------------ view
  for (const rate of RATES) speed.append(make("option", "", { value: String(rate), text: `${rate}×` }));
  function showRate() {
    const value = String(model.get("rate"));
    if (![...speed.options].some((o) => o.value === value)) {
      speed.append(make("option", "", { value, text: `${value}×` }));
    }
    speed.value = value;
  }
  function showTime() {
    readout.textContent = `${formatTime(video.currentTime, fps())} / ${formatTime(duration(), fps())}`;
  }
  function showPlaying() {
    const playing = !video.paused && !video.ended;
    play.textContent = playing ? "❚❚ Pause" : "▶ Play";
    play.setAttribute("aria-label", playing ? "Pause" : "Play");
    play.title = `${playing ? "Pause" : "Play"} (space or k)`;
  }
  function showLoop() {
    loop.hidden = model.get("end") == null;
    loop.setAttribute("aria-pressed", String(!!model.get("loop")));
  }
  function showNotice(text, offerCopy = false, busy = false) {
    noticeText.textContent = text;
    notice.hidden = !text;
    makeCopy.hidden = !offerCopy;
    makeCopy.disabled = busy;
    showProgress(busy && !!text);
  }
  /** While a copy is made: the bar at `progress` (0–1; undefined in an older kit: busy). */
  function showProgress(making) {
    progress.hidden = !making;
    const done = model.get("progress");
    if (Number.isFinite(done)) progress.value = Math.max(0, Math.min(1, done));
    else progress.removeAttribute("value");
  }
  const showHint = () => (hint.hidden = hintDone || video.hidden);
  const hideHint = () => (hint.hidden = hintDone = true);
  function showStatus() {
    const status = model.get("status");
    const ready = status === "ready" && !!model.get("src");
    root.dataset.status = status;
    video.hidden = !ready;
    bar.hidden = !ready;
    for (const control of [back, frameBack, play, frameNext, next, loop, speed]) {
      control.disabled = !ready;
    }
    if (ready) showNotice("");
    else showNotice(model.get("message"), status === "unplayable", status === "making");
    showHint();
  }
  let loadedSrc = null;
  let fragmentEnd = null; // the end in the URL's media fragment, until the browser acts on it
  function load() {
    showStatus();
    const src = model.get("src");
    if (model.get("status") !== "ready" || !src || src === loadedSrc) return;
    loadedSrc = src;
    const { start, end } = moment();
    video.src = filmUrl(src, start, end);
    fragmentEnd = end;
    setRate(model.get("rate"));
    const resume = model.get("current_time");
    if (resume > 0 && (start == null || resume > start)) seek(resume); // where Python left it
  }

  // ------------------------------------------------------------------ looping the moment
  // Loop only when playing crossed the end, not when someone jumped past it to look on.
  const crossedEnd = (t) => looping() && t >= moment().end && t < moment().end + LOOP_WINDOW;
  function checkLoop(t) {
    if (!video.paused && crossedEnd(t)) seek(moment().start ?? 0);
  }
  let frameCallback = null;
  function watchFrames() {
    if (!video.requestVideoFrameCallback) return;
    frameCallback = video.requestVideoFrameCallback((_now, meta) => {
      checkLoop(meta.mediaTime);
      watchFrames();
    });
  }

  // ------------------------------------------------------------------ events
  const listeners = [];
  function on(target, type, handler) {
    target.addEventListener(type, handler);
    listeners.push(() => target.removeEventListener(type, handler));
  }
  on(video, "timeupdate", () => {
    showTime();
    checkLoop(video.currentTime);
    sendTime(false);
  });
  on(video, "loadedmetadata", () => {
    showTime();
    sendTime(true);
    sendPlaying(); // a new view starts paused, whatever Python last heard
  });
  on(video, "seeked", () => {
    showTime();
    sendTime(true);
  });
  on(video, "play", () => {
    hideHint();
    if (model.get("status") === "ready") showNotice("");
    showPlaying();
    sendPlaying();
  });
  on(video, "pause", () => {
    const asked = askedToPause;
    askedToPause = false;
    const t = video.currentTime;
    if (!asked && !video.ended && fragmentEnd != null && t >= fragmentEnd - 0.05) {
      // The media fragment (#t=start,end) paused us, once, as playing passed its end.
      const end = fragmentEnd;
      fragmentEnd = null;
      if (crossedEnd(t + 0.05)) {
        seek(moment().start ?? 0); // loop instead
        playVideo();
        return;
      }
      if (model.get("end") !== end || t > end + LOOP_WINDOW) {
        playVideo(); // the moment has changed since, or someone jumped past it: play on
        return;
      }
    }
    showPlaying();
    sendPlaying();
    sendTime(true);
  });
  on(video, "ended", () => {
    if (looping() && moment().end >= duration() - LOOP_WINDOW) {
      seek(moment().start ?? 0); // a moment running to the film's end loops too
      playVideo();
      return;
    }
    showPlaying();
    sendPlaying();
    sendTime(true);
  });
  on(video, "ratechange", () => {
    if (model.get("rate") !== video.playbackRate) {
      model.set("rate", video.playbackRate);
      model.save_changes();
    }
  });
  on(video, "error", () => {
    const error = video.error;
    const url = decodeURI(video.currentSrc || video.src);
    showNotice(
      `The film could not be loaded from ${url} (${error ? error.message || `error ${error.code}` : "unknown error"}). ` +
        "Check that it is inside the folder the server (JupyterLab or Voilà) was started in and that the server is still running.",
    );
  });
  // A click on the picture gives the player the keys and plays or pauses, once.
  on(video, "click", () => {
    root.focus({ preventScroll: true });
    toggle();
  });
  // A click on a button leaves the keys with the player: space still plays after "+2 s".
  for (const control of [back, frameBack, play, frameNext, next, loop]) {
    on(control, "mousedown", (event) => event.preventDefault());
    on(control, "click", (event) => event.detail > 0 && root.focus({ preventScroll: true }));
  }
  on(play, "click", toggle);
  on(back, "click", () => seek(video.currentTime - JUMP));
  on(next, "click", () => seek(video.currentTime + JUMP));
  on(frameBack, "click", () => step(-1));
  on(frameNext, "click", () => step(1));
  on(loop, "click", () => {
    model.set("loop", !model.get("loop"));
    model.save_changes();
  });
  on(speed, "change", () => {
    setRate(Number(speed.value));
    model.set("rate", Number(speed.value));
    model.save_changes();
  });
  on(makeCopy, "click", () => {
    showNotice("Making a playable copy …", true, true);
    model.send({ type: "make_proxy" });
  });
  on(root, "keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target && event.target.tagName;
    if (tag === "SELECT" || tag === "INPUT" || tag === "TEXTAREA") return;
    if (tag === "BUTTON" && (event.key === " " || event.key === "Enter")) return;
    if (event.key === " ") event.preventDefault(); // never scroll the page
    if (model.get("status") !== "ready") return;
    if (!["Shift", "Tab"].includes(event.key)) hideHint();
    const actions = {
      " ": toggle,
      k: toggle,
      ArrowLeft: () => seek(video.currentTime - JUMP),
      ArrowRight: () => seek(video.currentTime + JUMP),
      j: () => seek(video.currentTime - JUMP),
      l: () => seek(video.currentTime + JUMP),
      ",": () => step(-1),
      ".": () => step(1),
      "<": () => speedBy(-1),
      ">": () => speedBy(1),
      o: () => loop.click(),
      Home: () => seek(moment().start ?? 0),
    };
    const action = actions[event.key];
    if (!action) return; // not ours: a Tagger around us may want it
    event.preventDefault();
    action();
  });
  function speedBy(steps) {
    const index = RATES.findIndex((r) => r >= video.playbackRate - 1e-6);
    const value = RATES[Math.max(0, Math.min(RATES.length - 1, (index < 0 ? 3 : index) + steps))];
    setRate(value);
  }

  function onMessage(msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "seek") seek(msg.time);
    else if (msg.type === "play_moment") playMoment(msg.start);
  }
  const modelEvents = [
    ["msg:custom", onMessage],
    ["change:src", load],
    ["change:status", load],
    ["change:message", showStatus],
    ["change:progress", showStatus],
    [
      "change:playing",
      () => {
        const want = model.get("playing");
        if (want && (video.paused || video.ended)) playVideo();
        else if (!want && !video.paused) pauseVideo();
      },
    ],
    ["change:rate", () => {
      setRate(model.get("rate"));
      showRate();
    }],
    ["change:loop", showLoop],
    ["change:end", showLoop],
    ["change:fps", showTime],
  ];
  for (const [name, handler] of modelEvents) model.on(name, handler);

  showRate();
  showLoop();
  showPlaying();
  showTime();
  load();
  watchFrames();

  const api = {
    root,
    video,
    model,
    /** Seconds into the film now (read at the moment of the call, in the browser). */
    time: () => video.currentTime,
    /** The frame index shown now (0-based). */
    frame: () => Math.floor(video.currentTime * fps() + 1e-3),
    fps,
    duration,
    playing: () => !video.paused && !video.ended,
    play: playVideo,
    pause: pauseVideo,
    toggle,
    seek,
    step,
    jump: (seconds) => seek(video.currentTime + seconds),
    playMoment,
    formatTime: (t) => formatTime(t, fps()),
    // the first-time hint: setHint(items like hintItems), hideHint()
    hint,
    hintItems: HINT,
    setHint: (items) => fillHint(hint, items),
    hideHint,
    destroy() {
      for (const [name, handler] of modelEvents) model.off(name, handler);
      for (const undo of listeners) undo();
      if (frameCallback !== null && video.cancelVideoFrameCallback) {
        video.cancelVideoFrameCallback(frameCallback);
      }
      video.pause();
      video.removeAttribute("src");
      video.load(); // let go of the connection to the server
      root.remove();
    },
  };
  root.vigkitPlayer = api;
  return api;
}

export default {
  initialize() {
    return {
      createPlayer,
      playerOf,
      formatTime,
      filmUrl,
      baseUrl: serverBaseUrl,
      filesPath: serverFilesPath,
    };
  },
  render({ model, el }) {
    const player = createPlayer({ model, el });
    return () => player.destroy();
  },
};

// vigkit CompareView: the film on top, each coder's marks on a timeline under it, and the
// feedback beside it. Clicking a mark loops its moment.
//
// Python sends everything as data (lanes, marks with their shapes, words and the stretch
// each one replays, the order of the moments to look at again); this file only draws it
// and plays. A click drives the player child directly, here in the browser: the kernel
// hears us only when it is idle, so going through it would make a click wait on a
// running cell. The chosen mark goes back to Python in the `selected` trait.
// `make` comes from vigkit/widgets/dom.js, which Python puts in front of this file.

const SVG_NS = "http://www.w3.org/2000/svg";
// The drawing is redrawn at the width it is shown at (pixels), so its text stays readable.
const WIDTH = 960; // until the page says how wide it is
const MIN_WIDTH = 360;
const LABEL_WIDTH = 160; // lane labels on the left
const RIGHT = 18;
const TOP = 20; // room above the top lane (a group's "found by" counts)
const LANE_HEIGHT = 46;
const AXIS_HEIGHT = 30;
const SIZE = 7; // half the width of a mark's shape
const LABEL_CHARACTERS = 18;
const DASHED_LINK = "vigkit-compare-link vigkit-compare-link-different"; // different codes
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  return node;
}

/** m:ss (h:mm:ss from an hour), for the time axis. */
export function clock(seconds) {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Seconds between axis ticks: the smallest step giving at most 12 ticks. */
export function tickStep(length) {
  return TICK_STEPS.find((step) => length / step <= 12) ?? TICK_STEPS[TICK_STEPS.length - 1];
}

/** A status's shape (circle, diamond, triangle or square) centred on (x, y). */
export function shape(kind, x, y, r = SIZE) {
  const points = (list) => svg("polygon", { points: list.map((p) => p.join(",")).join(" ") });
  if (kind === "diamond") {
    const d = r * 1.3;
    return points([[x, y - d], [x + d, y], [x, y + d], [x - d, y]]);
  }
  if (kind === "triangle") {
    const d = r * 1.25;
    return points([[x, y - d], [x + d, y + r], [x - d, y + r]]);
  }
  if (kind === "square") return svg("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r });
  return svg("circle", { cx: x, cy: y, r });
}

/** A small drawing of one shape, for the legend. */
function legendShape(kind, filled, colour = "currentColor") {
  const size = { width: 18, height: 18, "aria-hidden": "true" };
  const icon = svg("svg", { viewBox: "-10 -10 20 20", ...size });
  const mark = shape(kind, 0, 0, 6);
  mark.style.fill = filled ? colour : "var(--vigkit-compare-paper)";
  mark.style.stroke = colour;
  mark.style.strokeWidth = "2";
  icon.append(mark);
  return icon;
}

function shortened(text) {
  return text.length > LABEL_CHARACTERS ? `${text.slice(0, LABEL_CHARACTERS - 1)}…` : text;
}

async function render({ model, el, host, signal }) {
  const root = make("div", "vigkit-compare", {
    role: "region",
    "aria-label": model.get("title") || "Comparison",
  });
  // JupyterLab would otherwise take our keys (Enter, space, arrows) as notebook shortcuts.
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const heading = make("h3", "vigkit-compare-title");
  const subtitle = make("p", "vigkit-compare-subtitle");
  const body = make("div", "vigkit-compare-body");
  const main = make("div", "vigkit-compare-main");
  const slot = make("div", "vigkit-compare-player");
  const figure = make("div", "vigkit-compare-timeline");
  const nav = make("div", "vigkit-compare-nav", {
    role: "group",
    "aria-label": "Moments to look at again",
  });
  const navLabel = make("span", "vigkit-compare-nav-label", { text: "Moments to look at again:" });
  const previous = make("button", "vigkit-button vigkit-compare-button", {
    type: "button",
    text: "◀ Previous",
    "aria-label": "Previous moment to look at again",
  });
  const counter = make("span", "vigkit-compare-counter", { "aria-live": "polite" });
  const next = make("button", "vigkit-button vigkit-compare-button", {
    type: "button",
    text: "Next ▶",
    "aria-label": "Next moment to look at again",
  });
  nav.append(navLabel, previous, counter, next);
  const status = make("p", "vigkit-compare-status", { role: "status", "aria-live": "polite" });
  const legend = make("div", "vigkit-compare-legend", { role: "group", "aria-label": "Legend" });
  const warning = make("p", "vigkit-compare-warning", { role: "alert" });
  warning.hidden = true;
  main.append(slot, figure, nav, status, legend, warning);
  const aside = make("aside", "vigkit-compare-feedback", { "aria-label": "Feedback" });
  body.append(main, aside);
  root.append(heading, subtitle, body);
  el.append(root);

  // ------------------------------------------------------------------ the player on top
  const player = await childPlayer(host, model, slot, signal, warning);
  const video = player ? player.video : null;

  // ------------------------------------------------------------------ data
  const marks = () => model.get("marks") || [];
  const lanes = () => model.get("lanes") || [];
  const moments = () => model.get("moments") || [];
  const length = () => Math.max(model.get("end") || 0, 1e-6);
  const colours = () => new Map((model.get("codes") || []).map((c) => [c.code, c]));
  let width = WIDTH;
  const plotWidth = () => width - LABEL_WIDTH - RIGHT;
  const x = (t) => LABEL_WIDTH + (Math.min(Math.max(t, 0), length()) / length()) * plotWidth();
  const y = (lane) => TOP + lane * LANE_HEIGHT + LANE_HEIGHT / 2;
  const height = () => TOP + lanes().length * LANE_HEIGHT + AXIS_HEIGHT;

  // ------------------------------------------------------------------ playing a moment
  function filmReady() {
    return !!player && player.model.get("status") === "ready" && !!player.model.get("src");
  }
  /** Loop the mark's stretch (set on the player's model, so every view of it loops it). */
  function playStretch(mark) {
    if (!filmReady()) {
      warning.textContent = "The film is not ready to play yet: make it playable first (above).";
      warning.hidden = false;
      return;
    }
    warning.hidden = true;
    player.model.set({ start: mark.start, end: mark.end, loop: true });
    player.model.save_changes();
    player.playMoment(mark.start);
  }
  /** Choose mark `row`: play its moment, show it, and tell Python. */
  function choose(row) {
    const mark = marks()[row];
    if (!mark) return;
    playStretch(mark);
    model.set("selected", row);
    model.save_changes();
    showSelected();
  }

  // ------------------------------------------------------------------ the timeline
  const drawing = svg("svg", {
    class: "vigkit-compare-svg",
    role: "group",
    "aria-label":
      "Timeline, one row per coder. Arrow keys move between marks; Enter or space replays one.",
  });
  figure.append(drawing);
  let markNodes = [];
  let linkNodes = new Map(); // row of the coder's mark -> its line to the partner
  let playhead = null;

  function drawLanes() {
    lanes().forEach((lane, i) => {
      const top = TOP + i * LANE_HEIGHT;
      drawing.append(
        svg("rect", {
          class: `vigkit-compare-lane${i % 2 ? " vigkit-compare-lane-odd" : ""}`,
          x: 0,
          y: top,
          width,
          height: LANE_HEIGHT,
        }),
      );
      // The name, and under it the rest of the label (the role): "S-demo" / "(supervisor)".
      const label = svg("text", { class: "vigkit-compare-lane-label", x: 8, y: y(i) - 2 });
      const full = lane.label || lane.name;
      const rest = full.startsWith(lane.name) ? full.slice(lane.name.length).trim() : "";
      label.append(svg("tspan", { text: shortened(lane.name) }));
      if (rest) {
        const role = { class: "vigkit-compare-lane-role", x: 8, dy: 15, text: shortened(rest) };
        label.append(svg("tspan", role));
      }
      const whole = `${full}${lane.role === "reference" ? ", the reference" : ""}`;
      label.append(svg("title", { text: whole }));
      drawing.append(label);
    });
  }
  function drawAxis() {
    const bottom = TOP + lanes().length * LANE_HEIGHT;
    const axis = svg("g", { class: "vigkit-compare-axis", "aria-hidden": "true" });
    axis.append(svg("line", { x1: LABEL_WIDTH, x2: width - RIGHT, y1: bottom, y2: bottom }));
    const step = tickStep(length() * (WIDTH / width)); // fewer ticks when narrow
    for (let t = 0; t <= length() + 1e-6; t += step) {
      axis.append(svg("line", { x1: x(t), x2: x(t), y1: bottom, y2: bottom + 5 }));
      const tick = { x: x(t), y: bottom + 19, "text-anchor": "middle", text: clock(t) };
      axis.append(svg("text", tick));
    }
    drawing.append(axis);
  }
  function drawLinks() {
    linkNodes = new Map();
    const all = marks();
    all.forEach((mark, row) => {
      const mate = all[mark.partner];
      if (!mate || mark.lane === referenceLane()) return;
      const line = svg("line", {
        class: mark.status === "agreed" ? "vigkit-compare-link" : DASHED_LINK,
        x1: x(mark.onset),
        y1: y(mark.lane),
        x2: x(mate.onset),
        y2: y(mate.lane),
        "aria-hidden": "true",
      });
      drawing.append(line);
      linkNodes.set(row, line);
    });
  }
  function referenceLane() {
    return lanes().findIndex((lane) => lane.role === "reference");
  }
  function drawMark(mark, row, codes, shapes) {
    const info = codes.get(mark.code) || { colour: "#777777", label: mark.code };
    const look = shapes[mark.status] || { shape: "circle", filled: true };
    const node = svg("g", {
      class: "vigkit-compare-mark",
      role: "button",
      tabindex: "-1",
      "aria-label": mark.words,
      "data-row": row,
      "data-status": mark.status,
      "data-shape": look.shape,
    });
    node.style.setProperty("--vigkit-code-colour", info.colour);
    node.append(svg("title", { text: mark.words }));
    const cx = x(mark.onset);
    const cy = y(mark.lane);
    if (mark.offset > mark.onset) {
      node.append(
        svg("rect", {
          class: "vigkit-compare-bar",
          x: cx,
          y: cy - 4,
          width: Math.max(x(mark.offset) - cx, 1),
          height: 8,
          rx: 2,
        }),
      );
    }
    node.append(svg("circle", { class: "vigkit-compare-ring", cx, cy, r: SIZE + 6 }));
    node.append(svg("circle", { class: "vigkit-compare-focus", cx, cy, r: SIZE + 10 }));
    const body = shape(look.shape, cx, cy);
    const fill = look.filled ? " vigkit-compare-filled" : "";
    body.setAttribute("class", `vigkit-compare-shape${fill}`);
    node.append(body);
    if (mark.found_by >= 0) {
      node.append(
        svg("text", {
          class: "vigkit-compare-found",
          x: cx,
          y: cy - SIZE - 6,
          "text-anchor": "middle",
          "aria-hidden": "true",
          text: String(mark.found_by),
        }),
      );
    }
    node.addEventListener("click", (event) => {
      event.stopPropagation();
      choose(row);
    });
    return node;
  }
  function drawMarks() {
    const codes = colours();
    const shapes = model.get("shapes") || {};
    markNodes = marks().map((mark, row) => drawMark(mark, row, codes, shapes));
    // Draw in time order, so tabbing and the arrow keys follow the film.
    for (const row of timeOrder()) drawing.append(markNodes[row]);
  }
  function timeOrder() {
    return marks()
      .map((mark, row) => [mark.onset, mark.lane, row])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map((item) => item[2]);
  }
  function draw() {
    const focused = markNodes.indexOf(document.activeElement);
    drawing.replaceChildren();
    drawing.setAttribute("viewBox", `0 0 ${width} ${height()}`);
    drawing.setAttribute("height", String(height()));
    const plot = svg("rect", {
      class: "vigkit-compare-plot",
      x: LABEL_WIDTH,
      y: TOP,
      width: plotWidth(),
      height: lanes().length * LANE_HEIGHT,
    });
    plot.append(svg("title", { text: "Click to go to this moment of the film" }));
    plot.addEventListener("click", (event) => {
      const box = plot.getBoundingClientRect();
      if (player && box.width > 0) player.seek(((event.clientX - box.left) / box.width) * length());
    });
    drawLanes();
    drawing.append(plot);
    drawAxis();
    drawLinks();
    drawMarks();
    playhead = svg("line", {
      class: "vigkit-compare-playhead",
      y1: TOP - 4,
      y2: TOP + lanes().length * LANE_HEIGHT,
      "aria-hidden": "true",
    });
    drawing.append(playhead);
    showPlayhead();
    showSelected();
    if (focused >= 0) focusMark(focused); // a redraw must not take the keys away
  }
  function fitWidth() {
    const shown = Math.max(MIN_WIDTH, Math.round(figure.clientWidth));
    if (figure.clientWidth > 0 && shown !== width) {
      width = shown;
      draw();
    }
  }
  function showPlayhead() {
    if (!playhead || !video) return;
    const at = x(video.currentTime || 0);
    playhead.setAttribute("x1", at);
    playhead.setAttribute("x2", at);
  }

  // ------------------------------------------------------------------ the chosen mark
  function showSelected() {
    const row = model.get("selected");
    const mark = marks()[row];
    markNodes.forEach((node, i) => {
      const chosen = !!mark && (i === row || i === mark.partner);
      node.classList.toggle("vigkit-compare-selected", chosen);
      if (chosen && i === row) node.setAttribute("aria-current", "true");
      else node.removeAttribute("aria-current");
    });
    for (const [i, line] of linkNodes) {
      const chosen = !!mark && (i === row || i === mark.partner);
      line.classList.toggle("vigkit-compare-link-selected", chosen);
    }
    const keep = mark ? row : timeOrder()[0];
    markNodes.forEach((node, i) => node.setAttribute("tabindex", i === keep ? "0" : "-1"));
    const time = (t) => (player ? player.formatTime(t) : clock(t));
    status.textContent = mark
      ? `${mark.words} Replaying ${time(mark.start)}–${time(mark.end)} in a loop.`
      : "Click a mark (or press Enter on it) to replay that moment.";
    showNav(mark);
  }
  function targets(mark) {
    if (mark) return { before: mark.previous, after: mark.next };
    return { before: -1, after: moments().length ? moments()[0] : -1 };
  }
  function showNav(mark) {
    const count = moments().length;
    const { before, after } = targets(mark);
    previous.disabled = before < 0;
    next.disabled = after < 0;
    if (!count) counter.textContent = "none";
    else if (mark && mark.step > 0) counter.textContent = `${mark.step} of ${count}`;
    else counter.textContent = `${count} in all`;
  }

  // ------------------------------------------------------------------ keys on the timeline
  function focusMark(row) {
    const node = markNodes[row];
    if (!node) return;
    for (const other of markNodes) other.setAttribute("tabindex", "-1");
    node.setAttribute("tabindex", "0");
    node.focus();
  }
  function nearestOnLane(from, lane) {
    let best = -1;
    marks().forEach((mark, row) => {
      if (mark.lane !== lane) return;
      const distance = Math.abs(mark.onset - from.onset);
      if (best < 0 || distance < Math.abs(marks()[best].onset - from.onset)) best = row;
    });
    return best;
  }
  drawing.addEventListener("keydown", (event) => {
    const node = event.target.closest && event.target.closest(".vigkit-compare-mark");
    if (!node || event.ctrlKey || event.metaKey || event.altKey) return;
    const row = Number(node.dataset.row);
    const order = timeOrder();
    const at = order.indexOf(row);
    const mark = marks()[row];
    const moves = {
      Enter: () => choose(row),
      " ": () => choose(row),
      ArrowRight: () => focusMark(order[Math.min(at + 1, order.length - 1)]),
      ArrowLeft: () => focusMark(order[Math.max(at - 1, 0)]),
      ArrowDown: () => focusMark(nearestOnLane(mark, mark.lane + 1)),
      ArrowUp: () => focusMark(nearestOnLane(mark, mark.lane - 1)),
      Home: () => focusMark(order[0]),
      End: () => focusMark(order[order.length - 1]),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    event.stopPropagation();
    move();
  });
  previous.addEventListener("click", () => {
    const { before } = targets(marks()[model.get("selected")]);
    if (before >= 0) choose(before);
  });
  next.addEventListener("click", () => {
    const { after } = targets(marks()[model.get("selected")]);
    if (after >= 0) choose(after);
  });

  // ------------------------------------------------------------------ legend and feedback
  function showLegend() {
    const present = new Set(marks().map((m) => m.status));
    const shapes = model.get("shapes") || {};
    const shapeList = make("ul", "vigkit-compare-legend-list", { "aria-label": "Shapes" });
    for (const [status, look] of Object.entries(shapes)) {
      if (!present.has(status)) continue;
      const item = make("li", "", { "data-status": status });
      item.append(legendShape(look.shape, look.filled), make("span", "", { text: look.words }));
      shapeList.append(item);
    }
    const colourList = make("ul", "vigkit-compare-legend-list", { "aria-label": "Colours" });
    for (const code of model.get("codes") || []) {
      const item = make("li");
      const swatch = make("span", "vigkit-compare-swatch", { "aria-hidden": "true" });
      swatch.style.background = code.colour;
      item.append(swatch, make("span", "", { text: code.label }));
      colourList.append(item);
    }
    const lines = make("ul", "vigkit-compare-legend-list", { "aria-label": "Lines" });
    const kinds = [
      ["agreed", "", "a line joins the same moment: solid, same code"],
      ["named-differently", "vigkit-compare-link-different", "dashed, different codes"],
    ];
    for (const [status, extra, words] of kinds) {
      if (!present.has(status)) continue;
      const icon = svg("svg", { viewBox: "0 0 24 10", width: 24, height: 10 });
      icon.setAttribute("aria-hidden", "true");
      const sample = { class: `vigkit-compare-link ${extra}`, x1: 1, x2: 23, y1: 5, y2: 5 };
      icon.append(svg("line", sample));
      const item = make("li");
      item.append(icon, make("span", "", { text: words }));
      lines.append(item);
    }
    legend.replaceChildren(shapeList, colourList);
    if (lines.childElementCount) legend.append(lines);
  }
  function showFeedback() {
    aside.replaceChildren(make("h4", "vigkit-compare-feedback-title", { text: "Feedback" }));
    const byWords = new Map();
    for (const row of [...moments(), ...marks().keys()]) {
      const words = marks()[row].words;
      if (!byWords.has(words)) byWords.set(words, row);
    }
    for (const paragraph of model.get("feedback") || []) {
      aside.append(make("p", "", { text: paragraph.text }));
      if (!paragraph.items.length) continue;
      const list = make("ul");
      for (const text of paragraph.items) {
        const item = make("li");
        const row = byWords.get(text);
        if (row === undefined) item.textContent = text;
        else {
          // A moment of the feedback is a mark on the timeline: replay it from here too.
          const link = make("button", "vigkit-compare-feedback-moment", {
            type: "button",
            text,
            title: "Replay this moment",
          });
          link.addEventListener("click", () => choose(row));
          item.append(link);
        }
        list.append(item);
      }
      aside.append(list);
    }
  }
  function showTitle() {
    heading.textContent = model.get("title");
    subtitle.textContent = model.get("subtitle");
  }

  // ------------------------------------------------------------------ events
  const cleanups = [];
  function on(target, type, handler) {
    target.addEventListener(type, handler);
    cleanups.push(() => target.removeEventListener(type, handler));
  }
  let frame = null;
  const followPlayhead = () => {
    showPlayhead();
    frame = requestAnimationFrame(followPlayhead);
  };
  if (video) {
    on(video, "timeupdate", showPlayhead);
    on(video, "seeked", showPlayhead);
    on(video, "loadedmetadata", showPlayhead);
    on(video, "play", () => (frame = frame ?? requestAnimationFrame(followPlayhead)));
    on(video, "pause", () => {
      cancelAnimationFrame(frame);
      frame = null;
    });
  }
  const redraw = () => {
    draw();
    showLegend();
    showFeedback();
  };
  const modelEvents = [
    ["change:selected", showSelected],
    ["change:marks", redraw],
    ["change:lanes", redraw],
    ["change:codes", redraw],
    ["change:shapes", redraw],
    ["change:moments", redraw],
    ["change:end", draw],
    ["change:feedback", showFeedback],
    ["change:title", showTitle],
    ["change:subtitle", showTitle],
  ];
  for (const [name, handler] of modelEvents) model.on(name, handler);

  showTitle();
  redraw();
  const resizing = new ResizeObserver(() => requestAnimationFrame(fitWidth));
  resizing.observe(figure);
  fitWidth();
  root.vigkitCompare = { player, choose, marks, root };

  return () => {
    resizing.disconnect();
    for (const [name, handler] of modelEvents) model.off(name, handler);
    for (const undo of cleanups) undo();
    cancelAnimationFrame(frame);
    root.remove();
  };
}

export default { render };

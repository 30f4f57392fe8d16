// vigkit RegionPicker: a still of a film on which the user drags a box around person 1,
// then person 2; a drawn box can be dragged to move it, or focused (Tab) and moved with
// the arrow keys (Shift + arrows resize it, Delete takes it away). The boxes go to Python
// (`boxes`, fractions of the picture) and the names typed under the still (`names`).
// The still comes by URL from the Jupyter server (/files/... under its base URL, or
// /voila/files/... on a Voilà page), never as data in the notebook.
// `make` comes from dom.js, which Python (vigkit.widgets.esm) puts in front of this file.

/** The sentence under the still (vigkit.widgets.regionpicker.summary says the same). */
function regionSummary(drawn, names) {
  const halves = "Until both are drawn, the left and right halves of the picture are used.";
  if (drawn[0] && drawn[1]) {
    return `Movement will be looked at in the two boxes: ${names[0]} and ${names[1]}.`;
  }
  if (!drawn[0] && !drawn[1]) {
    return `Drag a box around person 1 (${names[0]}), then around person 2 (${names[1]}). ${halves}`;
  }
  const missing = drawn[0] ? 2 : 1;
  return `Now drag a box around person ${missing} (${names[missing - 1]}). ${halves}`;
}

const clamp = (v) => Math.min(1, Math.max(0, v));
const percent = (v) => `${Math.round(v * 100)}%`;
const percent4 = (v) => `${(v * 100).toFixed(2)}%`;

function render({ model, el }) {
  const root = make("div", "vigkit-regionpicker", {
    role: "group",
    "aria-label": `Where each person is: ${model.get("label")}`,
  });
  // JupyterLab would otherwise take the arrow keys, Delete and Enter as notebook shortcuts.
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const frame = make("div", "vigkit-regionpicker-frame");
  const img = make("img", "vigkit-regionpicker-still", {
    alt: `Still of ${model.get("label")}`,
    src: filesUrl(model.get("src")),
    draggable: "false",
  });
  frame.append(img);
  const least = model.get("min_side") || 0.05;
  let selected = 0; // the person (0 or 1) the next drag draws
  const shapes = [0, 1].map((i) => {
    const box = make("div", `vigkit-regionpicker-box vigkit-regionpicker-person${i + 1}`, {
      tabindex: "0",
      role: "img",
    });
    box.dataset.person = String(i + 1);
    box.hidden = true;
    const tag = make("span", "vigkit-regionpicker-tag");
    box.append(tag);
    frame.append(box);
    return { box, tag };
  });
  const rows = make("div", "vigkit-regionpicker-people");
  const inputs = [0, 1].map((i) => {
    const label = make("label", "vigkit-regionpicker-person", { text: `Person ${i + 1}: ` });
    const input = make("input", "vigkit-regionpicker-name", {
      type: "text",
      "aria-label": `Name of person ${i + 1} (a pseudonym)`,
    });
    const draw = make("button", "vigkit-button vigkit-regionpicker-draw", {
      type: "button",
      text: "Draw this box",
      title: `Drag on the picture for person ${i + 1}; from the keyboard this puts a box to move`,
    });
    draw.dataset.person = String(i + 1);
    input.addEventListener("change", () => {
      const names = [...model.get("names")];
      names[i] = input.value;
      model.set("names", names);
      model.save_changes();
    });
    draw.addEventListener("click", (event) => {
      selected = i;
      // A click without a pointer (Enter, Space) puts a half to adjust with the keyboard.
      if (event.detail === 0 && !drawn(i)) {
        setBox(i, i === 0 ? [0, 0, 0.5, 1] : [0.5, 0, 1, 1]);
        shapes[i].box.focus();
      }
      show();
    });
    label.append(input);
    const row = make("div", "vigkit-regionpicker-row");
    row.append(label, draw);
    rows.append(row);
    return input;
  });
  const status = make("p", "vigkit-regionpicker-status", { role: "status" });
  const help = make("p", "vigkit-regionpicker-help", {
    text:
      "Drag on the picture to draw a box, drag a box to move it. Keyboard: Tab to a box, " +
      "arrow keys move it, Shift and arrow keys resize it, Delete takes it away.",
  });
  root.append(frame, rows, status, help);

  const drawn = (i) => (model.get("boxes")[i] || []).length === 4;
  function setBox(i, box) {
    const boxes = [...model.get("boxes")];
    while (boxes.length < 2) boxes.push([]);
    boxes[i] = box.map((v) => Math.round(v * 10000) / 10000);
    model.set("boxes", boxes);
    model.save_changes();
  }

  function place(i, box) {
    const { box: node, tag } = shapes[i];
    node.hidden = !box || box.length !== 4;
    if (node.hidden) return;
    const [left, top, right, bottom] = box;
    Object.assign(node.style, {
      left: percent4(left),
      top: percent4(top),
      width: percent4(right - left),
      height: percent4(bottom - top),
    });
    const name = model.get("names")[i] || "";
    tag.textContent = `${i + 1} ${name}`;
    node.setAttribute(
      "aria-label",
      `Person ${i + 1} (${name}): from ${percent(left)} to ${percent(right)} across, ` +
        `${percent(top)} to ${percent(bottom)} down`,
    );
  }
  function show() {
    const names = model.get("names");
    const boxes = model.get("boxes");
    [0, 1].forEach((i) => {
      place(i, boxes[i]);
      shapes[i].box.classList.toggle("vigkit-regionpicker-selected", i === selected);
      if (document.activeElement !== inputs[i]) inputs[i].value = names[i] || "";
    });
    status.textContent = regionSummary([drawn(0), drawn(1)], names);
  }

  // Mouse, pen and touch: drag on the picture to draw, drag a box to move it.
  let drag = null;
  const at = (event) => {
    const rect = img.getBoundingClientRect();
    return [
      clamp((event.clientX - rect.left) / (rect.width || 1)),
      clamp((event.clientY - rect.top) / (rect.height || 1)),
    ];
  };
  frame.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    const hit = event.target.closest(".vigkit-regionpicker-box");
    const [x, y] = at(event);
    if (hit) {
      const i = Number(hit.dataset.person) - 1;
      selected = i;
      hit.focus();
      drag = { mode: "move", i, x, y, box: [...model.get("boxes")[i]] };
    } else {
      drag = { mode: "draw", i: selected, x, y, box: [x, y, x, y] };
    }
    frame.setPointerCapture(event.pointerId);
    show();
  });
  frame.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const [x, y] = at(event);
    if (drag.mode === "draw") {
      drag.now = [Math.min(drag.x, x), Math.min(drag.y, y), Math.max(drag.x, x), Math.max(drag.y, y)];
    } else {
      drag.now = moved(drag.box, x - drag.x, y - drag.y);
    }
    place(drag.i, drag.now);
  });
  const finish = (event) => {
    if (!drag) return;
    const { i, mode, now } = drag;
    drag = null;
    if (frame.hasPointerCapture(event.pointerId)) frame.releasePointerCapture(event.pointerId);
    if (now && now[2] - now[0] >= least && now[3] - now[1] >= least) {
      setBox(i, now);
      if (mode === "draw" && !drawn(1 - i)) selected = 1 - i;
    }
    show();
  };
  frame.addEventListener("pointerup", finish);
  frame.addEventListener("pointercancel", finish);

  /** `box` moved by (dx, dy), kept inside the picture. */
  function moved(box, dx, dy) {
    const [l, t, r, b] = box;
    const mx = Math.min(Math.max(dx, -l), 1 - r);
    const my = Math.min(Math.max(dy, -t), 1 - b);
    return [l + mx, t + my, r + mx, b + my];
  }

  // The keyboard, on a focused box.
  shapes.forEach(({ box }, i) => {
    box.addEventListener("focus", () => {
      selected = i;
      show();
    });
    box.addEventListener("keydown", (event) => {
      const current = model.get("boxes")[i];
      if (!current || current.length !== 4) return;
      const step = 0.01;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      let next = null;
      if (event.key in moves) {
        const [dx, dy] = moves[event.key];
        if (event.shiftKey) {
          const [l, t, r, b] = current;
          next = [l, t, clamp(Math.max(r + dx, l + least)), clamp(Math.max(b + dy, t + least))];
        } else {
          next = moved(current, dx, dy);
        }
      } else if (event.key === "Delete" || event.key === "Backspace") {
        next = [];
      } else {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      if (next.length && (next[2] - next[0] < least || next[3] - next[1] < least)) return;
      setBox(i, next);
      if (!next.length) inputs[i].focus();
      show();
    });
  });

  show();
  model.on("change:boxes", show);
  model.on("change:names", show);
  el.append(root);
  return () => {
    model.off("change:boxes", show);
    model.off("change:names", show);
  };
}

export default { render };

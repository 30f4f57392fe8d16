// vigkit FacePicker: a still of a film with each face found as a numbered button over it;
// pressing one (click, Enter or Space) toggles "keep visible" and tells Python (`kept`).
// The still comes by URL from the Jupyter server (/files/... under its base URL, or
// /voila/files/... on a Voilà page), never as data in the notebook.
// `make` comes from dom.js, which Python (vigkit.widgets.esm) puts in front of this file.

/** The sentence under the still (vigkit.widgets.facepicker.summary says the same). */
function pickerSummary(kept, count, none) {
  if (count === 0) return none;
  if (kept.length === 0) return "Every face will be blurred. Click a face to keep it visible.";
  if (kept.length === count) return "Every face will stay visible; none is blurred.";
  const names = [...kept].sort((a, b) => a - b).map((i) => String(i + 1));
  if (names.length === 1) return `Face ${names[0]} will stay visible; the others are blurred.`;
  const listed = `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `Faces ${listed} will stay visible; the others are blurred.`;
}

function render({ model, el }) {
  const root = make("div", "vigkit-facepicker", {
    role: "group",
    "aria-label": `Faces to keep visible: ${model.get("label")}`,
  });
  // JupyterLab would otherwise take Enter and Space as notebook shortcuts.
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const frame = make("div", "vigkit-facepicker-frame");
  const img = make("img", "vigkit-facepicker-still", {
    alt: `Still of ${model.get("label")}`,
    src: filesUrl(model.get("src")),
  });
  frame.append(img);
  const status = make("p", "vigkit-facepicker-status", { role: "status" });
  const none = model.get("message") || "No faces were found on this still; try another time.";
  const buttons = [];
  const width = model.get("width") || 1;
  const height = model.get("height") || 1;
  model.get("faces").forEach((box, i) => {
    const [left, top, w, h] = box;
    const button = make("button", "vigkit-facepicker-face", {
      type: "button",
      text: String(i + 1),
      "aria-pressed": "false",
      "aria-label": `Face ${i + 1}: keep visible`,
      title: `Face ${i + 1}: press to keep it visible, again to blur it`,
    });
    button.dataset.face = String(i + 1);
    Object.assign(button.style, {
      left: `${(100 * left) / width}%`,
      top: `${(100 * top) / height}%`,
      width: `${(100 * w) / width}%`,
      height: `${(100 * h) / height}%`,
    });
    button.addEventListener("click", (event) => {
      event.preventDefault();
      const kept = new Set(model.get("kept"));
      if (kept.has(i)) kept.delete(i);
      else kept.add(i);
      model.set("kept", [...kept].sort((a, b) => a - b));
      model.save_changes();
    });
    buttons.push(button);
    frame.append(button);
  });
  root.append(frame, status);

  function show() {
    const kept = new Set(model.get("kept"));
    buttons.forEach((button, i) => {
      const on = kept.has(i);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.classList.toggle("vigkit-facepicker-kept", on);
    });
    status.textContent = pickerSummary([...kept], buttons.length, none);
    status.classList.toggle("vigkit-facepicker-none", buttons.length === 0);
  }
  show();
  model.on("change:kept", show);
  el.append(root);
  return () => model.off("change:kept", show);
}

export default { render };

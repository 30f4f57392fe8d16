// vigkit widgets' shared DOM helpers. This file is not a module of its own: Python
// (`vigkit.widgets.esm.esm`) puts it in front of each widget's script, so every widget
// gets the same helpers without a third copy or a bundler.

/** A new element: `make("button", "my-class", { type: "button", text: "Play" })`; the
 * `text` attribute becomes the element's text, every other one an attribute. */
function make(tag, className, attrs = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  return node;
}

/** Render the child Player widget named by the model's `player` trait into `slot` and
 * return its controls (`time()`, `seek()`, `playMoment()`, …); if it cannot, say so in
 * `warning` (shown) and return null. */
async function childPlayer(host, model, slot, signal, warning) {
  try {
    const child = await host.getWidget(model.get("player"));
    await child.render({ el: slot, signal });
    return child.exports.playerOf(slot);
  } catch (error) {
    warning.textContent = `The film player could not be shown: ${error.message}`;
    warning.hidden = false;
    return null;
  }
}

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

/** The page's settings (`<script id="jupyter-config-data">`), or {} if there are none. */
function pageConfig(doc = globalThis.document) {
  const config = doc && doc.getElementById("jupyter-config-data");
  if (!config) return {};
  try {
    return JSON.parse(config.textContent || "{}") || {};
  } catch (_error) {
    return {};
  }
}

/** The server's base URL ("/" or "/user/NAME/" on JupyterHub), from the page config. */
function serverBaseUrl(doc = globalThis.document) {
  const base = pageConfig(doc).baseUrl || "/";
  return base.endsWith("/") ? base : `${base}/`;
}

/** Where the server serves files, under the base URL: Voilà pages (their config says
 * `appUrl: "voila/"`, standalone or as a server extension) serve them from `voila/files/`
 * (only names its `file_allowlist` allows), JupyterLab and Notebook from `files/`. */
function serverFilesPath(doc = globalThis.document) {
  const app = String(pageConfig(doc).appUrl || "");
  return /^\/?voila\/?$/.test(app) ? "voila/files/" : "files/";
}

/** A file's URL on this server: `src` is its path under the server's root (quoted). */
function filesUrl(src, doc = globalThis.document) {
  return `${serverBaseUrl(doc)}${serverFilesPath(doc)}${src}`;
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

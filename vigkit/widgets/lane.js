// vigkit Tagger's suggestions lane: where to look first, under the timeline strip.
//
// One mark per suggestion (the model's `suggestions`, in time order), placed on the strip's
// time scale and coloured by its principle. Clicking a mark (or n / p) makes it the current
// suggestion and plays the film from a second before it; a (or "Tag it") asks Python to tag
// it, x (or ×) sets it aside. The Tagger (tagger.js, after this file) sends those messages
// and shows the tag as "saving…" until Python answers; here a decided suggestion is hidden
// at once and comes back only if Python says it could not be saved.
// `make` comes from dom.js, which Python (vigkit.widgets.esm) puts in front of this file.

const LANE_TITLE = "Suggestions – where to look first (you decide)";
const LEAD_IN = 1; // seconds played before a suggestion's onset
const LANE_KEYS = { a: "accept", A: "accept", x: "dismiss", X: "dismiss", n: "next", N: "next", p: "previous", P: "previous" };
/** The player's first-time hint items for the lane (only with suggestions). */
const LANE_HINT = ["[n] [p]: next / previous suggestion", "[a]: tag it", "[x]: set it aside"];

/**
 * The lane for `model` under `strip`, with `player`'s controls. `accept(s)` and
 * `dismiss(s)` send the decision (and return its ref); `focus()` gives the keys back to
 * the Tagger. Returns { show(), act(name) → bool, settled(ref), count(), root }.
 */
function suggestionLane({ model, player, strip, time, accept, dismiss, focus }) {
  const box = make("section", "vigkit-tagger-lane-box", { "aria-label": LANE_TITLE });
  const title = make("p", "vigkit-tagger-lane-title");
  title.append(make("strong", "", { text: LANE_TITLE }));
  const keys = make("span", "vigkit-tagger-lane-keys");
  for (const [key, words] of [["n", "next"], ["p", "previous"], ["a", "tag it"], ["x", "set aside"]]) {
    keys.append(" ", make("kbd", "", { text: key }), ` ${words}`);
  }
  title.append(keys);
  const lane = make("div", "vigkit-tagger-lane", { role: "group", "aria-label": "Suggestions on the film's timeline" });
  const line = make("div", "vigkit-tagger-lane-current");
  const said = make("p", "vigkit-tagger-lane-said", { role: "status", "aria-live": "polite" });
  const take = make("button", "vigkit-button vigkit-tagger-lane-accept", {
    type: "button",
    text: "Tag it (a)",
    title: "Tag this suggestion with its principle, its reason in the note (a)",
  });
  const drop = make("button", "vigkit-tagger-lane-dismiss", {
    type: "button",
    text: "×",
    "aria-label": "Set this suggestion aside",
    title: "Set this suggestion aside (x)",
  });
  line.append(said, take, drop);
  box.append(title, lane, line);
  strip.after(box);

  let current = null; // the id of the current suggestion
  let notice = ""; // what the line says with no current suggestion
  const leaving = new Map(); // ref -> id of a suggestion decided here, not answered yet

  const all = () => model.get("suggestions") || [];
  const shown = () => {
    const gone = new Set(leaving.values());
    return all().filter((s) => !gone.has(s.id));
  };

  function pick(s, play) {
    current = s ? s.id : null;
    notice = "";
    if (s && play) player.playMoment(Math.max(0, s.onset - LEAD_IN));
    show();
  }

  function move(step) {
    const list = shown();
    if (!list.length) return;
    const at = list.findIndex((s) => s.id === current);
    let next;
    if (at >= 0) next = list[Math.min(list.length - 1, Math.max(0, at + step))];
    else if (step > 0) next = list.find((s) => s.onset >= player.time() - LEAD_IN) || list[list.length - 1];
    else next = [...list].reverse().find((s) => s.onset < player.time() - LEAD_IN) || list[0];
    pick(next, true);
  }

  function decide(how) {
    const list = shown();
    const at = list.findIndex((s) => s.id === current);
    if (at < 0) {
      notice = "Click a suggestion first (or press n).";
      show();
      return;
    }
    const s = list[at];
    leaving.set(how === "accept" ? accept(s) : dismiss(s), s.id);
    const rest = shown();
    pick(rest[Math.min(at, rest.length - 1)] || null, false); // the next one waits, unplayed
  }

  function act(name) {
    if (!all().length) return false;
    if (name === "accept" || name === "dismiss") decide(name);
    else move(name === "next" ? 1 : -1);
    return true;
  }

  function show() {
    const list = shown();
    box.hidden = all().length === 0;
    lane.replaceChildren();
    const length = player.duration();
    if (!list.some((s) => s.id === current)) current = null;
    list.forEach((s, i) => {
      const words = `Suggestion ${i + 1} of ${list.length} at ${time(s.onset)}: ${s.reason}`;
      const mark = make("button", "vigkit-tagger-suggestion", {
        type: "button",
        "data-id": s.id,
        title: `${s.principle_label}: ${s.reason}`,
        "aria-label": words,
        "aria-current": String(s.id === current),
        tabindex: "-1",
      });
      if (length > 0) {
        mark.style.left = `${(100 * s.onset) / length}%`;
        if (s.offset > s.onset) {
          mark.style.width = `${(100 * (s.offset - s.onset)) / length}%`;
          mark.style.marginLeft = "0"; // a stretch starts where it starts; a point is centred
        }
      }
      mark.style.setProperty("--vigkit-code-colour", s.colour);
      mark.addEventListener("mousedown", (event) => event.preventDefault()); // keys stay put
      mark.addEventListener("click", (event) => {
        event.stopPropagation();
        pick(s, true);
        focus();
      });
      lane.append(mark);
    });
    const s = list.find((item) => item.id === current);
    take.hidden = drop.hidden = !s;
    if (s) {
      const at = s.offset > s.onset ? `${time(s.onset)}–${time(s.offset)}` : time(s.onset);
      said.textContent = `${list.indexOf(s) + 1} of ${list.length} · ${at} · ${s.principle_label}: ${s.reason}`;
    } else said.textContent = list.length ? notice : "";
    line.hidden = !said.textContent;
  }

  for (const b of [take, drop]) b.addEventListener("mousedown", (event) => event.preventDefault());
  take.addEventListener("click", () => {
    decide("accept");
    focus();
  });
  drop.addEventListener("click", () => {
    decide("dismiss");
    focus();
  });

  return {
    root: box,
    show,
    act,
    count: () => all().length,
    /** Python answered `ref`: its suggestion shows again unless `suggestions` left it out. */
    settled(ref) {
      if (leaving.delete(ref)) show();
    },
  };
}

import type { DrawOptions } from "./draw-diagram.js";
import type { FaultSpan, JournalMessage } from "./report-types.js";
import type { TraceResult } from "./trace-value.js";

/**
 * The diagram's data as report.html carries it: one array per field (column),
 * one entry per message in send order, so 100,000 messages are a few arrays
 * of numbers for the browser's JSON.parse rather than 100,000 objects of text.
 */
export interface ViewerData {
  lanes: string[];
  types: string[];
  whys: string[];
  id: number[];
  /** Index into lanes. */
  src: number[];
  dest: number[];
  send: number[];
  /** Time from the send to the recv or to the drop; -1 when neither happened (in flight at the end). Shorter than a second absolute time. */
  end: number[];
  /** 0 delivered; k > 0 dropped, why = whys[k - 1]; -1 in flight at the end. */
  fate: number[];
  /** Index into types. */
  type: number[];
  /** The bodies without their `type` when it is the message's type (it is in `type`; the viewer puts it back, first). */
  body: unknown[];
  /** As FaultSpan, with toNs null for never healed (JSON has no Infinity). */
  faults: (Omit<FaultSpan, "toNs"> & { toNs: number | null })[];
  /** The first LOST_BUTTONS lost values (each a button). */
  lost: unknown[];
  /** How many more lost values there were. */
  lostMore: number;
  /**
   * For each of `lost` (by JSON text): indices of the messages whose body is
   * cut here but whose whole body carried it (the page's own search finds the
   * rest), at most lostCarriersCap of them.
   */
  lostCarriers: Record<string, number[]>;
  lostCarriersCap: number;
  /** How many bodies were cut to bodyChars characters for the page (clipBody). */
  clipped: number;
  bodyChars: number;
  /** Messages a window holds at first. */
  size: number;
}

/** The code the page runs, passed in rather than imported, since each function is inlined on its own. */
export interface ViewerLib {
  drawDiagram: (messages: JournalMessage[], o: DrawOptions) => string;
  traceValue: (messages: readonly JournalMessage[], value: unknown, faults: readonly FaultSpan[], lanes?: readonly string[], alsoCarriers?: readonly number[]) => TraceResult;
}

// The little of the DOM the viewer touches (the project compiles without the DOM library).
interface El {
  textContent: string | null;
  innerHTML: string;
  value: string;
  checked: boolean;
  type: string;
  className: string;
  min: string;
  max: string;
  disabled: boolean;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  addEventListener(type: string, f: (e: { target: unknown }) => void): void;
  appendChild(child: El): El;
  querySelector(sel: string): El | null;
  scrollTop: number;
  scrollLeft: number;
  clientHeight: number;
  clientWidth: number;
  getBoundingClientRect(): { top: number; left: number; width: number; height: number };
}
export interface ViewerDoc {
  getElementById(id: string): El | null;
  createElement(tag: string): El;
  createTextNode(text: string): El;
  defaultView: { requestAnimationFrame(f: () => void): number; history: { replaceState(s: unknown, t: string, url: string): void } } | null;
}

/**
 * The diagram's behaviour in report.html: draws a window of messages with
 * lib.drawDiagram, moves it (buttons, slider, window size), filters by lane
 * and message type, and traces a value with lib.traceValue (typed, a lost
 * value clicked, or `#trace=<JSON value>` in the URL on load), writing the
 * findings into #trace-result and moving the window to the first message
 * that carried it.
 *
 * Self-contained like drawDiagram and traceValue: diagramSection inlines it
 * with toString() and calls it with the page's document.
 */
export function diagramViewer(doc: ViewerDoc, data: ViewerData, lib: ViewerLib, hash: string): void {
  const $ = (id: string): El => {
    const e = doc.getElementById(id);
    if (!e) throw new Error("report.html has no #" + id);
    return e;
  };
  const secs = (ns: number): string => (ns / 1e9).toFixed(3) + " s";
  const fmt = (n: number): string => n.toLocaleString("en-US");
  const N = data.id.length;
  const L = data.lanes;
  const msgs: JournalMessage[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const f = data.fate[i]!;
    const type = data.types[data.type[i]!]!;
    const b = data.body[i];
    const end = data.send[i]! + data.end[i]!;
    msgs[i] = {
      id: data.id[i]!,
      src: L[data.src[i]!]!,
      dest: L[data.dest[i]!]!,
      sendNs: data.send[i]!,
      recvNs: f === 0 ? end : null,
      type,
      body: type !== "" && b !== null && typeof b === "object" && !Array.isArray(b) && !("type" in b) ? Object.assign({ type }, b) : b,
      drop: f > 0 ? { atNs: end, why: data.whys[f - 1]! } : undefined,
    };
  }
  const faults: FaultSpan[] = data.faults.map((f) => ({ ...f, toNs: f.toNs === null ? Infinity : f.toNs }));
  const laneOn = L.map(() => true);
  const typeOn = data.types.map(() => true);
  let traced: Set<number> | null = null; // message indices
  let tracedIds = new Set<number>();
  let traceOnly = false;
  let vis: number[] = [];
  let start = 0;
  let size = data.size;
  let pending = false;

  const view = $("diagram-view");
  const slider = $("diagram-slider");
  const sizeSel = $("diagram-size");
  const where = $("diagram-window");
  const result = $("trace-result");
  const input = $("trace-input");

  const select = (): void => {
    vis = [];
    for (let i = 0; i < N; i++) {
      if (laneOn[data.src[i]!] && laneOn[data.dest[i]!] && typeOn[data.type[i]!] && (!traceOnly || traced === null || traced.has(i))) vis.push(i);
    }
  };
  const maxStart = (): number => Math.max(0, vis.length - size);
  const render = (): void => {
    pending = false;
    start = Math.max(0, Math.min(start, maxStart()));
    const win = vis.slice(start, start + size).map((i) => msgs[i]!);
    view.innerHTML = lib.drawDiagram(win, { lanes: L.filter((_, i) => laneOn[i]), faults, highlight: tracedIds });
    slider.max = String(maxStart());
    slider.value = String(start);
    const a = win[0];
    const b = win[win.length - 1];
    where.textContent =
      a && b
        ? `Messages ${fmt(start + 1)} to ${fmt(start + win.length)} of ${fmt(vis.length)}${vis.length < N ? ` shown by the filters (the run has ${fmt(N)})` : ""}, sent ${secs(a.sendNs)} to ${secs(b.sendNs)}.`
        : `No message passes the filters (the run has ${fmt(N)}).`;
    where.setAttribute("data-start", String(start));
    where.setAttribute("data-count", String(win.length));
  };
  const later = (): void => {
    if (pending) return;
    pending = true;
    if (doc.defaultView) doc.defaultView.requestAnimationFrame(render);
    else render();
  };
  // Position in vis of the first visible message at or after message index i.
  const posOf = (i: number): number => {
    let lo = 0;
    let hi = vis.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (vis[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const showMessage = (i: number): void => {
    start = Math.max(0, posOf(i) - 10);
    render();
    // Scroll the diagram's own box (not the page, which would take the controls away) to put the message's middle in its middle.
    const el = view.querySelector(`.msg[data-id="${msgs[i]!.id}"]`);
    if (el) {
      const r = el.getBoundingClientRect();
      const v = view.getBoundingClientRect();
      view.scrollTop += r.top + r.height / 2 - v.top - view.clientHeight / 2;
      view.scrollLeft += r.left + r.width / 2 - v.left - view.clientWidth / 2;
    }
  };

  const checkboxes = (boxId: string, cls: string, names: string[], on: boolean[], count: (k: number) => number): void => {
    const box = $(boxId);
    names.forEach((name, k) => {
      const label = doc.createElement("label");
      const cb = doc.createElement("input");
      cb.type = "checkbox";
      cb.className = cls;
      cb.value = name;
      cb.checked = true;
      cb.addEventListener("change", () => {
        on[k] = cb.checked;
        select();
        render();
      });
      label.appendChild(cb);
      label.appendChild(doc.createTextNode(` ${name} (${fmt(count(k))}) `));
      box.appendChild(label);
    });
  };
  const perLane = L.map(() => 0);
  const perType = data.types.map(() => 0);
  for (let i = 0; i < N; i++) {
    perLane[data.src[i]!]!++;
    if (data.dest[i] !== data.src[i]) perLane[data.dest[i]!]!++;
    perType[data.type[i]!]!++;
  }
  checkboxes("diagram-lanes", "lane-filter", L, laneOn, (k) => perLane[k]!);
  checkboxes("diagram-types", "type-filter", data.types.map((t) => t || "(no type)"), typeOn, (k) => perType[k]!);

  const runTrace = (text: string): void => {
    const t = text.trim();
    result.innerHTML = "";
    if (t === "") {
      traced = null;
      tracedIds = new Set();
      result.removeAttribute("data-count");
      result.removeAttribute("data-never");
      select();
      render();
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      value = t; // not JSON: look for it as a string
    }
    const key = JSON.stringify(value);
    const known = key !== undefined && Object.prototype.hasOwnProperty.call(data.lostCarriers, key) ? data.lostCarriers[key] : undefined;
    const r = lib.traceValue(msgs, value, faults, L, known);
    if (data.clipped > 0) {
      r.lines.push(
        `${fmt(data.clipped)} message ${data.clipped === 1 ? "body is" : "bodies are"} cut to about ${fmt(data.bodyChars)} characters in this page, and a typed value is found only in what was kept` +
          (known
            ? `; this one is a lost value, looked for in the whole bodies when the page was made${known.length >= data.lostCarriersCap ? ` (the page lists only the first ${fmt(data.lostCarriersCap)} cut bodies that carried it)` : ""}.`
            : " (the lost values listed were looked for in the whole bodies)."),
      );
    }
    traced = new Set(r.carriers);
    tracedIds = new Set(r.carriers.map((i) => msgs[i]!.id));
    result.setAttribute("data-count", String(r.carriers.length));
    result.setAttribute("data-never", r.neverDelivered.join(" "));
    for (const line of r.lines) {
      const p = doc.createElement("p");
      p.textContent = line;
      result.appendChild(p);
    }
    if (r.carriers.length > 0) {
      const p = doc.createElement("p");
      const jump = (label: string, id: string, i: number): void => {
        const b = doc.createElement("button");
        b.type = "button";
        b.setAttribute("id", id);
        b.textContent = label;
        b.addEventListener("click", () => showMessage(i));
        p.appendChild(b);
      };
      jump("Show the first message", "trace-first", r.carriers[0]!);
      if (r.last) jump("Show where it was last seen", "trace-last", r.last.index);
      result.appendChild(p);
    }
    select();
    if (r.carriers.length > 0) showMessage(r.carriers[0]!);
    else render();
    try {
      if (doc.defaultView) doc.defaultView.history.replaceState(null, "", "#trace=" + encodeURIComponent(t));
    } catch {
      // a page opened from file:// may refuse; the trace itself is done
    }
  };

  for (const opt of [250, 1000, 5000]) {
    const o = doc.createElement("option");
    o.value = String(opt);
    o.textContent = fmt(opt);
    if (opt === size) o.setAttribute("selected", "");
    sizeSel.appendChild(o);
  }
  sizeSel.value = String(size);
  sizeSel.addEventListener("change", () => {
    size = Number(sizeSel.value) || data.size;
    render();
  });
  slider.min = "0";
  slider.addEventListener("input", () => {
    start = Number(slider.value) || 0;
    later();
  });
  $("diagram-first").addEventListener("click", () => {
    start = 0;
    render();
  });
  $("diagram-prev").addEventListener("click", () => {
    start -= size;
    render();
  });
  $("diagram-next").addEventListener("click", () => {
    start += size;
    render();
  });
  $("diagram-last").addEventListener("click", () => {
    start = maxStart();
    render();
  });
  $("trace-button").addEventListener("click", () => runTrace(input.value));
  input.addEventListener("keydown", (e) => {
    if ((e as unknown as { key: string }).key === "Enter") runTrace(input.value);
  });
  $("trace-clear").addEventListener("click", () => {
    input.value = "";
    runTrace("");
  });
  const only = $("trace-only");
  only.addEventListener("change", () => {
    traceOnly = only.checked;
    select();
    render();
  });
  const lostBox = $("trace-lost");
  data.lost.forEach((v) => {
    const b = doc.createElement("button");
    b.type = "button";
    b.className = "lost-value";
    const text = JSON.stringify(v) ?? String(v);
    b.setAttribute("data-value", text);
    b.textContent = text;
    b.addEventListener("click", () => {
      input.value = text;
      runTrace(text);
    });
    lostBox.appendChild(b);
  });
  if (data.lostMore > 0) lostBox.appendChild(doc.createTextNode(` and ${fmt(data.lostMore)} more (type one into the box)`));

  select();
  render();
  const m = /^#trace=(.*)$/.exec(hash);
  if (m) {
    let text = m[1]!;
    try {
      text = decodeURIComponent(text);
    } catch {
      // keep it as written
    }
    input.value = text;
    runTrace(text);
  }
}

import { jsonText } from "../model/json-text.js";
import { diagramViewer, type ViewerData } from "./diagram-viewer.js";
import { drawDiagram } from "./draw-diagram.js";
import { laneOrder } from "./lane-order.js";
import type { FaultSpan, JournalMessage } from "./report-types.js";
import { bodyValues, traceValue } from "./trace-value.js";
import { clipBody } from "./clip-body.js";
import { watchValues } from "./watch-values.js";

export interface DiagramSectionOptions {
  /** Lanes left to right; an src or dest missing from it gets a lane after these, in laneOrder. */
  lanes: string[];
  faults: FaultSpan[];
  /** Values the checker found lost, offered as buttons that trace them. */
  lost?: unknown[];
  /**
   * readJournal's `watched`, when it read with `maxBodyChars` and `watch:
   * lost`: for each lost value (by its JSON text), the messages whose body it
   * cut but whose whole body carried it. The bodies this section cuts for the
   * page are searched here.
   */
  lostCarriers?: Record<string, number[]>;
  /** Messages in a window at first (default 1,000). */
  windowSize?: number;
  /** Characters of JSON each body may take in the page (default: 16 MB shared out, at least 300 and at most 4,000 a body). */
  pageBodyChars?: number;
}

/** The page's data budget for bodies, shared out among the messages. */
const PAGE_BODY_TOTAL = 16_000_000;
/** Lost values offered as buttons (and searched in whole bodies); a run of the drops-gossip fixture at --rate 500 loses 12,000. */
const LOST_BUTTONS = 200;
/** At most this many cut carriers listed per lost value: a read_ok listing every value would otherwise put its index under each. */
const LOST_CARRIERS_CAP = 1000;

/** JSON for inside a <script>: no `<` at all, so neither `</script>` nor `<!--` can end or change the script. */
const scriptJson = (v: unknown): string => (jsonText(v) ?? "null").replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/**
 * The page's code: drawDiagram, traceValue and diagramViewer, each inlined
 * from its own source with Function.prototype.toString, so the browser runs
 * the very functions the tests run (one copy of the logic). Each is written
 * self-contained for this (traceValue calls bodyValues by the name both have
 * here and in their module). `__name` is defined because tsx (esbuild with
 * keepNames) wraps inner functions in `__name(fn, "name")` calls that land
 * inside the source toString returns. In JavaScript source `</script` and
 * `<!--` can only sit inside a string, regex, template or comment, where
 * `<\/` and `<\!` mean the same.
 */
function viewerScript(): string {
  const code = [
    "(function () {",
    '"use strict";',
    "var __name = function (f) { return f; };",
    `var drawDiagram = ${drawDiagram.toString()};`,
    `var traceValue = ${traceValue.toString()};`,
    `var bodyValues = ${bodyValues.toString()};`,
    `var diagramViewer = ${diagramViewer.toString()};`,
    'var data = JSON.parse(document.getElementById("diagram-data").textContent);',
    "diagramViewer(document, data, { drawDiagram: drawDiagram, traceValue: traceValue }, location.hash);",
    "})();",
  ].join("\n");
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** A body without its `type` when that is `type` (see ViewerData.body): a sixth of the data for 100,000 small messages. */
function withoutType(body: unknown, type: string): unknown {
  if (type === "" || body === null || typeof body !== "object" || Array.isArray(body) || (body as Record<string, unknown>).type !== type) return body;
  const { type: _, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** The columns report.html carries (see ViewerData). */
function viewerData(messages: readonly JournalMessage[], lanes: string[], opts: DiagramSectionOptions, size: number): ViewerData {
  const laneIx = new Map(lanes.map((l, i) => [l, i] as const));
  const types: string[] = [];
  const typeIx = new Map<string, number>();
  const whys: string[] = [];
  const whyIx = new Map<string, number>();
  const ix = (list: string[], map: Map<string, number>, s: string): number => {
    let i = map.get(s);
    if (i === undefined) map.set(s, (i = list.push(s) - 1));
    return i;
  };
  const lost = (opts.lost ?? []).slice(0, LOST_BUTTONS);
  const bodyChars = Math.floor(opts.pageBodyChars ?? Math.max(300, Math.min(4000, PAGE_BODY_TOTAL / Math.max(1, messages.length))));
  const watch = watchValues(lost);
  const d: ViewerData = {
    ...{ lanes, types, whys, id: [], src: [], dest: [], send: [], end: [], fate: [], type: [], body: [], faults: [] },
    ...{ lost, lostMore: (opts.lost ?? []).length - lost.length, lostCarriers: {}, lostCarriersCap: LOST_CARRIERS_CAP, clipped: 0, bodyChars, size },
  };
  for (const m of messages) {
    d.id.push(m.id);
    d.src.push(laneIx.get(m.src)!);
    d.dest.push(laneIx.get(m.dest)!);
    d.send.push(m.sendNs);
    const end = m.recvNs ?? (m.drop ? m.drop.atNs : null);
    d.end.push(end === null ? -1 : end - m.sendNs);
    d.fate.push(m.recvNs !== null ? 0 : m.drop ? ix(whys, whyIx, m.drop.why) + 1 : -1);
    d.type.push(ix(types, typeIx, m.type));
    const c = clipBody(withoutType(m.body, m.type), bodyChars);
    if (c.clipped) {
      d.clipped++;
      if (lost.length) watch.see(d.body.length, m.body);
    }
    d.body.push(c.body);
  }
  for (const [key, mine] of Object.entries(watch.carriers)) {
    const all = [...new Set([...(opts.lostCarriers?.[key] ?? []), ...mine])].sort((a, b) => a - b);
    if (all.length) d.lostCarriers[key] = all.slice(0, LOST_CARRIERS_CAP);
  }
  d.faults = opts.faults.map((f) => ({ ...f, toNs: f.toNs === Infinity ? null : f.toNs }));
  return d;
}

const CSS = `
#diagram .diagram-controls, #diagram .diagram-trace { margin: .4em 0; }
#diagram .diagram-controls button, #diagram .diagram-trace button { margin-right: .3em; }
#diagram #diagram-slider { width: 30em; vertical-align: middle; }
#diagram #diagram-window { margin-left: .6em; color: #444; }
#diagram .diagram-filters label { margin-right: .8em; white-space: nowrap; }
#diagram #trace-input { width: 12em; }
#diagram #trace-lost button { font-family: monospace; margin: .1em; }
#diagram #trace-result { background: #fff8ec; border-left: 4px solid #e8710a; padding: 0 .6em; }
#diagram #trace-result:empty { display: none; }
#diagram #trace-result p { margin: .3em 0; }
#diagram #diagram-view { max-height: 80vh; overflow: auto; border: 1px solid #ddd; }
`;

/**
 * The diagram part of report.html: a <div id="diagram"> with the window's
 * controls (#diagram-first, #diagram-prev, #diagram-slider, #diagram-next,
 * #diagram-last, #diagram-size, #diagram-window), the filters (checkboxes
 * input.lane-filter in #diagram-lanes, input.type-filter in #diagram-types),
 * the trace (#trace-input, #trace-button, #trace-clear, #trace-only,
 * button.lost-value in #trace-lost, findings in #trace-result with
 * data-count and data-never), and #diagram-view holding the window's SVG
 * (g.lane[data-lane], g.msg[data-id][data-type]); then the data as one JSON
 * <script id="diagram-data"> and the viewer's code (see viewerScript).
 *
 * The first window (the first windowSize messages) is drawn here too, so the
 * page shows it before the script runs; the browser then only ever draws one
 * window's arrows. URL `#trace=<JSON value>` traces that value on load.
 */
export function diagramSection(messages: readonly JournalMessage[], opts: DiagramSectionOptions): string {
  const size = Math.max(1, Math.floor(opts.windowSize ?? 1000));
  const known = new Set(opts.lanes);
  const lanes = [...opts.lanes, ...laneOrder(messages.flatMap((m) => [m.src, m.dest]).filter((l) => !known.has(l)))];
  const data = viewerData(messages, lanes, opts, size);
  const first = drawDiagram(messages.slice(0, size), { lanes, faults: opts.faults });
  return `<div id="diagram">
<style>${CSS}</style>
<div class="diagram-controls">
<button type="button" id="diagram-first" title="the first window">|&#9664;</button><button type="button" id="diagram-prev">&#9664; earlier</button>
<input type="range" id="diagram-slider" min="0" max="${Math.max(0, messages.length - size)}" value="0" aria-label="first message of the window">
<button type="button" id="diagram-next">later &#9654;</button><button type="button" id="diagram-last" title="the last window">&#9654;|</button>
<label>messages a window <select id="diagram-size"></select></label>
<span id="diagram-window">Messages 1 to ${Math.min(size, messages.length)} of ${messages.length}.</span>
</div>
<details class="diagram-filters"><summary>Filters: lanes and message types</summary>
<div id="diagram-lanes"><b>Lanes:</b> </div>
<div id="diagram-types"><b>Types:</b> </div>
</details>
<div class="diagram-trace">
<label>Trace a value (JSON, e.g. 7 or "a"): <input id="trace-input" type="text" spellcheck="false"></label>
<button type="button" id="trace-button">Trace</button><button type="button" id="trace-clear">Clear</button>
<label><input type="checkbox" id="trace-only"> only messages that carry it</label>
<div id="trace-lost">${(opts.lost ?? []).length ? "<b>Lost values</b> (click one to trace it): " : ""}</div>
<div id="trace-result" aria-live="polite"></div>
</div>
<div id="diagram-view">${first}</div>
</div>
<script type="application/json" id="diagram-data">${scriptJson(data)}</script>
<script>
${viewerScript()}
</script>
`;
}

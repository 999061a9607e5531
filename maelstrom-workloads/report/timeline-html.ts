import type { Op } from "../model/op.js";
import { escapeXml as esc, num, shorten, showValue } from "./plots/svg-text.js";
import type { FaultSpan } from "./report-types.js";
import { processOrder, timelineOps, type TimelineOp } from "./timeline/timeline-ops.js";

export interface TimelineOptions {
  title?: string;
  faults: FaultSpan[];
  /** Above this many ops, only the first and the last maxOps/2 are drawn (default 20,000). */
  maxOps?: number;
}

// Jepsen's timeline: 16 px per history entry, 100 px columns.
const ROW = 16;
const COL = 100;
const GAP = 6;
const GUTTER = 80;
const HEAD = 22;
const ELIDED = 48;
const FAULT_COL = 110;

/** Jepsen's timeline colours (checker/timeline.clj), a grey for ops never completed and for nemesis records. */
const STYLE = `body{font-family:sans-serif;font-size:12px;margin:12px}
h1{font-size:18px;margin:0 0 6px}
p{margin:4px 0;max-width:70em}
.timeline{position:relative}
.op,.fault,.head,.t,.elided{position:absolute;box-sizing:border-box}
.op{width:${COL}px;padding:1px 3px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;font-size:11px;line-height:14px;border:1px solid rgba(0,0,0,.15);border-radius:2px}
.op.ok{background:#6DB6FE}.op.fail{background:#FFAA26}.op.info{background:#FEB5DA;border-bottom:2px dashed #c0307a}
.op.open{background:#eeeeee;border-bottom:2px dashed #888}.op.nemesis{background:#dddddd}
.heads{position:sticky;top:0;height:${HEAD}px;z-index:2;background:#fff}
.head{top:0;width:${COL}px;height:${HEAD}px;font-weight:bold;text-align:center;border-bottom:1px solid #999}
.t{left:0;width:${GUTTER - 6}px;text-align:right;color:#666;font-size:10px}
.fault{opacity:1}.fault .band{position:absolute;top:0;bottom:0;left:0;right:0}
.fault .label{position:absolute;top:0;right:0;width:${FAULT_COL - 4}px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;font-size:10px;padding:1px 2px}
.elided{left:0;right:0;height:${ELIDED}px;background:repeating-linear-gradient(45deg,#fafafa,#fafafa 6px,#eee 6px,#eee 12px);text-align:center;line-height:${ELIDED}px;color:#444}
`;
const FAULT_BG: Record<FaultSpan["kind"], string> = {
  partition: "rgba(85,85,85,.10)",
  kill: "rgba(214,39,40,.10)",
  pause: "rgba(148,103,189,.12)",
  loss: "rgba(255,127,14,.12)",
  latency: "rgba(31,119,180,.10)",
};
const FAULT_FG: Record<FaultSpan["kind"], string> = { partition: "#333", kill: "#a51d1e", pause: "#6b4a8f", loss: "#b35900", latency: "#1f5f8f" };

/** The first history position whose time is at or after `ns` (history.length if none). */
function rowAt(history: readonly Op[], ns: number): number {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history[mid]!.time < ns) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lanes for overlapping spans (rows [from, to)), first fit. */
function lanes(spans: readonly { from: number; to: number }[]): number[] {
  const ends: number[] = [];
  return spans.map((s) => {
    let i = ends.findIndex((e) => e <= s.from);
    if (i < 0) i = ends.push(0) - 1;
    ends[i] = Math.max(s.to, s.from + 1);
    return i;
  });
}

function opTitle(o: TimelineOp): string {
  const who = o.process === "nemesis" ? "nemesis" : `process ${o.process}`;
  const took = o.outcome === "open" ? "never completed" : `${num((o.toNs - o.fromNs) / 1e6)} ms`;
  const lines = [`${who} ${o.f} ${o.outcome === "nemesis" ? "" : `${o.outcome} `}at ${num(o.fromNs / 1e9)} s, ${took}`, `value: ${showValue(o.value)}`];
  if (o.result !== undefined && o.to !== o.from) lines.push(`${o.outcome === "nemesis" ? "then" : "result"}: ${showValue(o.result)}`);
  if (o.error !== undefined) lines.push(`error: ${showValue(o.error)}`);
  if (o.outcome === "info") lines.push("outcome unknown: it may have taken effect at any time after its invocation");
  return lines.join("\n");
}

function opText(o: TimelineOp): string {
  const v = showValue(o.value, 40);
  const r = o.to !== o.from && o.result !== undefined && o.result !== null && showValue(o.result, 40) !== v ? ` → ${showValue(o.result, 40)}` : "";
  return shorten(`${o.f} ${v}${r}`, 80);
}

/**
 * Jepsen's timeline.html: one column per process (the clients by number,
 * then the nemesis), history positions flowing down (16 px per history
 * entry, so concurrent ops sit side by side and short ops stay readable,
 * with the time in seconds in the left gutter), each op a box from its
 * invocation to its completion coloured by outcome (ok blue, fail orange,
 * info pink with a dashed foot, never completed grey), its f, value and
 * result as text and on hover. Faults in force are shaded across the columns
 * and labelled in a column of their own on the right. Absolute-positioned
 * divs only, no script. Above `maxOps` ops, the first and the last maxOps/2
 * (by invocation) are drawn and the page says how many were left out.
 */
export function timelineHtml(history: readonly Op[], opts: TimelineOptions): string {
  const all = timelineOps(history);
  const max = Math.max(2, opts.maxOps ?? 20_000);
  const elide = all.length > max;
  // Rows kept: [0, headEnd) and [tailStart, n). Ops invoked in between are left out.
  const n = history.length;
  const headEnd = elide ? all[Math.floor(max / 2)]!.from : n;
  const tailStart = elide ? all[all.length - Math.floor(max / 2)]!.from : n;
  const ops = elide ? all.filter((o) => o.from < headEnd || o.from >= tailStart) : all;
  const y = (row: number) => HEAD + (row < headEnd ? row * ROW : row < tailStart ? headEnd * ROW : headEnd * ROW + ELIDED + (row - tailStart) * ROW);
  const bottomOf = (row: number) => (row >= headEnd && row < tailStart ? y(headEnd) : y(row) + ROW);

  const columns = processOrder(ops);
  const colX = new Map(columns.map((p, i) => [p, GUTTER + i * (COL + GAP)]));
  const faultX = GUTTER + columns.length * (COL + GAP);
  const height = y(n - 1) + ROW + 4;
  const parts: string[] = [];

  // The column heads stay in view while the page scrolls down.
  const heads = columns.map((p) => `<div class="head" style="left:${colX.get(p)}px">${p === "nemesis" ? "nemesis" : `process ${p}`}</div>`);
  if (opts.faults.length) heads.push(`<div class="head" style="left:${faultX}px;width:${FAULT_COL}px">faults</div>`);
  parts.push(`<div class="heads">${heads.join("")}</div>`);

  // A time label every 20 rows, and on the first row after the elided part.
  for (let row = 0; row < n; row++) {
    if (row >= headEnd && row < tailStart) continue;
    if (row % 20 === 0 || row === tailStart) parts.push(`<div class="t" style="top:${y(row)}px">${num(history[row]!.time / 1e9)} s</div>`);
  }

  const spans = opts.faults.map((s) => ({ s, from: rowAt(history, s.fromNs), to: Number.isFinite(s.toNs) ? rowAt(history, s.toNs) : n }));
  const lane = lanes(spans);
  const lanesUsed = Math.max(0, ...lane.map((l) => l + 1));
  spans.forEach(({ s, from, to }, i) => {
    const top = y(Math.min(from, n - 1));
    const h = Math.max(ROW, (to >= n ? height - 4 : y(to)) - top);
    const until = Number.isFinite(s.toNs) ? `${num(s.toNs / 1e9)} s` : "the end (never healed)";
    const labelX = faultX + (lane[i] ?? 0) * FAULT_COL;
    parts.push(
      `<div class="fault ${s.kind}" style="top:${top}px;height:${h}px;left:${GUTTER}px;width:${labelX + FAULT_COL - GUTTER}px" title="${esc(`${s.label}: from ${num(s.fromNs / 1e9)} s to ${until}`)}">` +
        `<div class="band" style="background:${FAULT_BG[s.kind]}"></div><div class="label" style="color:${FAULT_FG[s.kind]};border-left:3px solid ${FAULT_FG[s.kind]}">${esc(shorten(s.label, 60))}</div></div>`,
    );
  });

  for (const o of ops) {
    const top = y(o.from);
    const h = Math.max(ROW, bottomOf(o.to) - top);
    parts.push(`<div class="op ${o.outcome}" style="left:${colX.get(o.process)}px;top:${top}px;height:${h}px" title="${esc(opTitle(o))}">${esc(opText(o))}</div>`);
  }

  if (elide) {
    const left = all.length - ops.length;
    parts.push(
      `<div class="elided" id="elided" style="top:${y(headEnd)}px">${left} ops invoked between ${num(history[headEnd]!.time / 1e9)} s and ${num(history[tailStart]!.time / 1e9)} s are not drawn</div>`,
    );
  }

  const title = `${opts.title ? `${opts.title} ` : ""}timeline`;
  const note = elide
    ? `<p class="note"><b>This history has ${all.length} ops; to keep the page light, only the first ${Math.floor(max / 2)} and the last ${Math.floor(max / 2)} (by invocation) are drawn.</b> <a href="#elided">Jump to the gap</a>; history.jsonl has them all.</p>`
    : "";
  const width = faultX + (opts.faults.length ? lanesUsed * FAULT_COL : 0) + 10;
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<p>One column per process (clients, then the nemesis). History entries flow down, ${ROW} px each, in the order they happened; the left gutter gives the time in seconds. Each op is a box from its invocation to its completion: ok blue, fail orange, info (outcome unknown) pink with a dashed foot, never completed grey, nemesis records grey. Hover a box for its f, value, result and latency. Shaded: faults in force, labelled on the right.</p>`,
    note,
    `<div class="timeline" style="height:${height}px;width:${width}px">`,
    ...parts,
    `</div>`,
    `</body></html>`,
    "",
  ].join("\n");
}

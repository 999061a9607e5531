import { FAULT_COLOR } from "./plots/plot-frame.js";
import { linearScale, linearTicks } from "./plots/scales.js";
import { escapeXml, num, shorten } from "./plots/svg-text.js";
import type { FaultSpan } from "./report-types.js";

/** Where each node's row lies and the time axis, for a picture drawn in absolute coordinates. */
export interface RowLayout {
  width: number;
  left: number;
  right: number;
  /** The top of the first row and the bottom of the last. */
  top: number;
  bottom: number;
  endNs: number;
  /** ns since the history's origin -> x pixel, clamped to the rows' area. */
  x: (ns: number) => number;
  /** Each node's row: its top and height, in the order given. */
  rows: ReadonlyMap<string, { y: number; height: number }>;
}

const WIDTH = 1100;
const LEFT = 56;
const FAULT_LABEL_LANES = 4;
const TOP = 30 + FAULT_LABEL_LANES * 11;
const CHAR_PX = 5.2;

/** Rows one under the other, `height(node)` pixels each, over a time axis from 0 to endNs. */
export function rowLayout(nodes: readonly string[], height: (node: string) => number, endNs: number): RowLayout {
  const end = Math.max(endNs, 1);
  const right = WIDTH - 16;
  const lin = linearScale(0, end, LEFT, right);
  const rows = new Map<string, { y: number; height: number }>();
  let y = TOP;
  for (const n of nodes) {
    if (rows.has(n)) continue;
    const h = height(n);
    rows.set(n, { y, height: h });
    y += h;
  }
  return { width: WIDTH, left: LEFT, right, top: TOP, bottom: y, endNs: end, x: (ns) => Math.max(LEFT, Math.min(right, lin(ns))), rows };
}

export interface RowsParts {
  /** A class on the root. */
  kind: string;
  title: string;
  faults: readonly FaultSpan[];
  /** The data, in the layout's coordinates. */
  body: string;
  /** Legend entries: a colour and its meaning. */
  legend: ReadonlyArray<{ color: string; label: string }>;
  /** Lines under the picture (what was left out). */
  notes: readonly string[];
}

/**
 * A standalone SVG of one row per node over time: the row names on the
 * left, the faults shaded (a kill or pause on its node's row only;
 * partitions, loss and latency across every row, as they touch the whole
 * network), each fault's label in lanes above the rows and in its hover
 * text, then the data, the time axis, the legend and the notes.
 */
export function nodeRowsSvg(l: RowLayout, p: RowsParts): string {
  const out: string[] = [];
  const h = l.bottom + 40 + 16 + 13 * p.notes.length;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="node-rows ${escapeXml(p.kind)}" width="${l.width}" height="${num(h, 0)}" viewBox="0 0 ${l.width} ${num(h, 0)}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(p.title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text class="title" x="${(l.left + l.right) / 2}" y="18" text-anchor="middle" font-size="14">${escapeXml(p.title)}</text>`,
  );
  out.push(`<g class="rows">`);
  let i = 0;
  for (const [node, r] of l.rows) {
    if (i++ % 2 === 1) out.push(`<rect x="${l.left}" y="${num(r.y, 1)}" width="${l.right - l.left}" height="${num(r.height, 1)}" fill="#f7f7f7"/>`);
    out.push(`<text class="row-name" data-node="${escapeXml(node)}" x="${l.left - 6}" y="${num(r.y + r.height / 2, 1)}" dy="0.32em" text-anchor="end">${escapeXml(shorten(node, 8))}</text>`);
  }
  out.push(`</g>`, `<g class="faults">`);
  const laneEnds: number[] = [];
  const labels: string[] = [];
  for (const s of [...p.faults].sort((a, b) => a.fromNs - b.fromNs)) {
    const x0 = l.x(s.fromNs);
    const x1 = Math.max(x0 + 1, l.x(Number.isFinite(s.toNs) ? s.toNs : l.endNs));
    const until = Number.isFinite(s.toNs) ? `${num(s.toNs / 1e9)} s` : "the end (never healed)";
    const title = `${s.label}: from ${num(s.fromNs / 1e9)} s to ${until}`;
    const color = FAULT_COLOR[s.kind];
    const onRow = s.kind === "kill" || s.kind === "pause";
    const spans = onRow ? s.nodes.flatMap((n) => (l.rows.has(n) ? [l.rows.get(n)!] : [])) : [{ y: l.top, height: l.bottom - l.top }];
    const rects = spans.map((r) => `<rect x="${num(x0, 1)}" y="${num(r.y, 1)}" width="${num(x1 - x0, 1)}" height="${num(r.height, 1)}" fill="${color}" fill-opacity="${onRow ? 0.22 : 0.1}"/>`);
    out.push(`<g class="fault" data-kind="${s.kind}" data-nodes="${escapeXml(s.nodes.join(" "))}"><title>${escapeXml(title)}</title>${rects.join("")}</g>`);
    const text = shorten(s.label, 40);
    const tx = x0 + 2;
    let lane = laneEnds.findIndex((e) => e < tx);
    if (lane < 0 && laneEnds.length < FAULT_LABEL_LANES) lane = laneEnds.push(0) - 1;
    if (lane < 0) continue;
    laneEnds[lane] = tx + text.length * CHAR_PX + 4;
    labels.push(`<text class="fault-label" x="${num(tx, 1)}" y="${30 + 9 + 11 * lane}" font-size="9" fill="${color}">${escapeXml(text)}<title>${escapeXml(title)}</title></text>`);
  }
  out.push(`</g>`, `<g class="fault-labels">`, ...labels, `</g>`);
  out.push(`<g class="data">`, p.body, `</g>`);
  out.push(`<g class="axes">`, `<rect x="${l.left}" y="${l.top}" width="${l.right - l.left}" height="${num(l.bottom - l.top, 1)}" fill="none" stroke="#333"/>`);
  for (const t of linearTicks(0, l.endNs / 1e9, 10)) {
    const x = num(l.x(t * 1e9), 1);
    out.push(`<line x1="${x}" y1="${num(l.bottom, 1)}" x2="${x}" y2="${num(l.bottom + 4, 1)}" stroke="#333"/>`, `<text class="x-tick" x="${x}" y="${num(l.bottom + 15, 1)}" text-anchor="middle">${num(t)}</text>`);
  }
  out.push(`<text class="x-label" x="${l.left}" y="${num(l.bottom + 30, 1)}">Time (s)</text>`);
  let lx = l.left + 70;
  for (const it of p.legend) {
    out.push(`<g class="legend-item"><rect x="${num(lx, 1)}" y="${num(l.bottom + 22, 1)}" width="10" height="10" fill="${it.color}"/><text x="${num(lx + 14, 1)}" y="${num(l.bottom + 31, 1)}">${escapeXml(it.label)}</text></g>`);
    lx += 24 + it.label.length * 6;
  }
  out.push(`</g>`);
  p.notes.forEach((n, j) => out.push(`<text class="note" x="${l.left}" y="${num(l.bottom + 50 + 13 * j, 1)}" font-size="10" fill="#555">${escapeXml(n)}</text>`));
  out.push(`</svg>`, "");
  return out.join("\n");
}

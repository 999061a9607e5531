import type { FaultSpan } from "../report-types.js";
import { linearScale, linearTicks } from "./scales.js";
import { escapeXml, num, shorten } from "./svg-text.js";

/** Options every plot takes. */
export interface PlotOptions {
  /** The workload or test name: the title reads "<title> latency", "<title> rate". */
  title?: string;
  /** Pixels; 900 x 440 by default (Jepsen's plots are 900 x 400; the rest holds notes). */
  width?: number;
  height?: number;
  /** Where the time axis ends, ns; by default the later of the history's last op and the last fault that ended. */
  endNs?: number;
}

/** Where a plot's area lies in the SVG, and its time axis. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  endNs: number;
  /** ns since the history's origin -> x pixel. */
  x: (ns: number) => number;
}

const LEGEND_WIDTH = 190;

/** The frame of a plot: the plot area, with room for the title, the axes and the legend on the right. */
export function plotFrame(opts: PlotOptions, endNs: number): Frame {
  const width = opts.width ?? 900;
  const height = opts.height ?? 440;
  const left = 70;
  const right = width - LEGEND_WIDTH;
  const top = 34;
  // Under the axis: its ticks, its label, and up to three lines of notes.
  const bottom = height - 84;
  const end = Math.max(opts.endNs ?? endNs, 1);
  return { width, height, left, right, top, bottom, endNs: end, x: linearScale(0, end, left, right) };
}

/** The end of a plot's time axis: the last op, or the last fault that ended if later. */
export function timeEndNs(lastOpNs: number, faults: readonly FaultSpan[]): number {
  let end = lastOpNs;
  for (const s of faults) {
    if (Number.isFinite(s.toNs)) end = Math.max(end, s.toNs);
    end = Math.max(end, s.fromNs);
  }
  return end;
}

/** Translucent fills per kind of fault. */
export const FAULT_COLOR: Record<FaultSpan["kind"], string> = {
  partition: "#555555",
  kill: "#d62728",
  pause: "#9467bd",
  loss: "#ff7f0e",
  latency: "#1f77b4",
};

const LABEL_LANES = 5;
const CHAR_PX = 5.2;

/**
 * The faults as bands over the whole height of the plot area, each a
 * `g.fault` with its label in a title (for hover), and their labels as short
 * text at the top, to draw over the data. Labels go in lanes so that
 * overlapping faults (two kills at once) do not print over each other; a
 * label that finds no free lane is left to the hover text.
 */
export function faultBands(faults: readonly FaultSpan[], f: Frame): { bands: string; labels: string } {
  const laneEnds: number[] = [];
  const bands: string[] = [];
  const labels: string[] = [];
  for (const s of [...faults].sort((a, b) => a.fromNs - b.fromNs)) {
    const x0 = Math.max(f.left, Math.min(f.right, f.x(s.fromNs)));
    const x1 = Math.max(x0, Math.min(f.right, f.x(Number.isFinite(s.toNs) ? s.toNs : f.endNs)));
    const w = Math.max(1, x1 - x0);
    const color = FAULT_COLOR[s.kind];
    const until = Number.isFinite(s.toNs) ? `${num(s.toNs / 1e9)} s` : "the end (never healed)";
    const title = `${s.label}: from ${num(s.fromNs / 1e9)} s to ${until}`;
    bands.push(
      `<g class="fault" data-kind="${s.kind}"><title>${escapeXml(title)}</title>` +
        `<rect x="${num(x0, 1)}" y="${f.top}" width="${num(w, 1)}" height="${f.bottom - f.top}" fill="${color}" fill-opacity="0.12"/></g>`,
    );
    const text = shorten(s.label, 40);
    const tx = x0 + 2;
    let lane = laneEnds.findIndex((end) => end < tx);
    if (lane < 0 && laneEnds.length < LABEL_LANES) lane = laneEnds.push(0) - 1;
    if (lane < 0) continue;
    laneEnds[lane] = tx + text.length * CHAR_PX + 4;
    labels.push(
      `<text class="fault-label" x="${num(tx, 1)}" y="${num(f.top + 10 + 10 * lane, 1)}" font-size="9" fill="${color}" stroke="white" stroke-width="2.5" paint-order="stroke">${escapeXml(text)}</text>`,
    );
  }
  return { bands: bands.join("\n"), labels: labels.join("\n") };
}

/** One legend entry: an SVG fragment drawn around (0, 0) and its text. */
export interface LegendItem {
  swatch: string;
  label: string;
}

/** The parts a plot fills in; renderPlot draws the frame around them. */
export interface PlotParts {
  /** A class on the root, also the prefix of every id in the file (so that plots inlined in one page do not clash). */
  kind: string;
  title: string;
  yLabel: string;
  /** y ticks: pixel and text. */
  yTicks: { y: number; label: string }[];
  faults: readonly FaultSpan[];
  legend: LegendItem[];
  /** Definitions (markers) to put in <defs>. */
  defs?: string;
  /** The data, drawn clipped to the plot area. */
  body: string;
  /** Lines under the plot saying how it was drawn (thinning, zero latencies). */
  notes: string[];
}

/** A standalone SVG file: title, axes with ticks and labels, fault bands, the data, the legend on the right and notes below. */
export function renderPlot(f: Frame, p: PlotParts): string {
  const clip = `${p.kind}-clip`;
  const xTicks = linearTicks(0, f.endNs / 1e9, 10);
  const axis: string[] = [];
  for (const t of xTicks) {
    const x = num(f.x(t * 1e9), 1);
    axis.push(`<line x1="${x}" y1="${f.bottom}" x2="${x}" y2="${f.bottom + 4}" stroke="#333"/>`);
    axis.push(`<text class="x-tick" x="${x}" y="${f.bottom + 16}" text-anchor="middle">${num(t)}</text>`);
  }
  for (const t of p.yTicks) {
    const y = num(t.y, 1);
    axis.push(`<line x1="${f.left}" y1="${y}" x2="${f.right}" y2="${y}" stroke="#eee"/>`);
    axis.push(`<line x1="${f.left - 4}" y1="${y}" x2="${f.left}" y2="${y}" stroke="#333"/>`);
    axis.push(`<text class="y-tick" x="${f.left - 6}" y="${y}" dy="0.32em" text-anchor="end">${escapeXml(t.label)}</text>`);
  }
  const midY = (f.top + f.bottom) / 2;
  const shaded = faultBands(p.faults, f);
  // As many entries as fit beside the plot area; the rest are counted.
  const room = Math.max(1, Math.floor((f.bottom - f.top) / 15));
  const items = p.legend.length <= room ? p.legend : [...p.legend.slice(0, room - 1), { swatch: "", label: `and ${p.legend.length - room + 1} more` }];
  const legend = items.map(
    (it, i) =>
      `<g class="legend-item" transform="translate(${f.right + 22},${f.top + 6 + 15 * i})">${it.swatch}` +
      `<text x="14" dy="0.32em">${escapeXml(shorten(it.label, 28))}</text></g>`,
  );
  const notes = p.notes.slice(0, 3).map((n, i) => `<text class="note" x="${f.left}" y="${f.bottom + 46 + 13 * i}" font-size="10" fill="#555">${escapeXml(n)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot ${p.kind}" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(p.title)}</title>`,
    `<defs><clipPath id="${clip}"><rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}"/></clipPath>${p.defs ?? ""}</defs>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text class="title" x="${(f.left + f.right) / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(p.title)}</text>`,
    `<g class="axes">`,
    ...axis,
    `</g>`,
    `<g class="faults">`,
    shaded.bands,
    `</g>`,
    `<g class="data" clip-path="url(#${clip})">`,
    p.body,
    `</g>`,
    `<g class="fault-labels">`,
    shaded.labels,
    `</g>`,
    `<rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}" fill="none" stroke="#333"/>`,
    `<text class="x-label" x="${(f.left + f.right) / 2}" y="${f.bottom + 32}" text-anchor="middle">Time (s)</text>`,
    `<text class="y-label" transform="translate(16,${midY}) rotate(-90)" text-anchor="middle">${escapeXml(p.yLabel)}</text>`,
    `<g class="legend">`,
    ...legend,
    `</g>`,
    ...notes,
    `</svg>`,
    "",
  ].join("\n");
}

import type { Op } from "../../model/op.js";
import type { FaultSpan } from "../report-types.js";
import { latencyAxis } from "./latency-axis.js";
import { clientFs, latencyPoints, type LatencyPoint } from "./latency-points.js";
import { plotFrame, renderPlot, timeEndNs, type Frame, type LegendItem, type PlotOptions } from "./plot-frame.js";
import { shapePath, TYPE_COLOR, TYPES } from "./shapes.js";
import { escapeXml, num, showValue } from "./svg-text.js";

export interface LatencyRawOptions extends PlotOptions {
  /** Up to this many completed ops, each is its own `.point` element with its details on hover (default 2,000). */
  pointLimit?: number;
  /** Above pointLimit, at most this many dots in all (default 40,000; see latencyRawSvg). */
  maxDots?: number;
}

const R = 2.5;
const ms = (p: LatencyPoint) => (p.completeNs - p.invokeNs) / 1e6;

function tooltip(p: LatencyPoint, prefix = ""): string {
  const lines = [
    `${prefix}${p.f} ${p.type}: ${num(ms(p))} ms, invoked at ${num(p.invokeNs / 1e9)} s (process ${p.process}, op ${p.index})`,
    `value: ${showValue(p.value)}`,
  ];
  if (p.result !== undefined && p.result !== null) lines.push(`result: ${showValue(p.result)}`);
  if (p.error !== undefined) lines.push(`error: ${showValue(p.error)}`);
  return escapeXml(lines.join("\n"));
}

/** The slowest op of each f (the first of equals). */
function slowestPerF(points: readonly LatencyPoint[]): Set<LatencyPoint> {
  const best = new Map<string, LatencyPoint>();
  for (const p of points) {
    const b = best.get(p.f);
    if (b === undefined || ms(p) > ms(b)) best.set(p.f, p);
  }
  return new Set(best.values());
}

/**
 * Thins one series to at most one op per cell of `cell` pixels, keeping the
 * slowest op of each cell (so the top of every column of dots, and the
 * slowest op of all, survive), in first-seen order.
 */
function thin(points: readonly { p: LatencyPoint; x: number; y: number }[], cell: number) {
  const cells = new Map<string, { p: LatencyPoint; x: number; y: number }>();
  for (const d of points) {
    const key = `${Math.floor(d.x / cell)},${Math.floor(d.y / cell)}`;
    const had = cells.get(key);
    if (had === undefined || ms(d.p) > ms(had.p)) cells.set(key, d);
  }
  return [...cells.values()];
}

function body(points: readonly LatencyPoint[], fs: readonly string[], f: Frame, y: (ms: number) => number, o: LatencyRawOptions, kind: string) {
  const slowest = slowestPerF(points);
  const shape = (p: LatencyPoint) => fs.indexOf(p.f);
  const series = fs.flatMap((fn) => TYPES.map((t) => ({ f: fn, type: t, points: points.filter((p) => p.f === fn && p.type === t) })));
  if (points.length <= (o.pointLimit ?? 2000)) {
    const out = series.flatMap((s) =>
      s.points.map(
        (p) =>
          `<path class="point${slowest.has(p) ? " slowest" : ""}" data-index="${p.index}" d="${shapePath(shape(p), f.x(p.invokeNs), y(ms(p)), R)}" fill="${TYPE_COLOR[p.type]}"><title>${tooltip(p)}</title></path>`,
      ),
    );
    return { body: out.join("\n"), defs: "", notes: [] as string[] };
  }
  // Many ops: one path per series whose vertices carry a marker of the
  // series' shape and colour, so a dot costs about a dozen bytes and the file
  // has a few elements instead of one per op.
  const maxDots = o.maxDots ?? 40_000;
  const placed = series.map((s) => s.points.map((p) => ({ p, x: f.x(p.invokeNs), y: y(ms(p)) })));
  let cell = 1;
  let kept = placed.map((s) => thin(s, cell));
  while (kept.reduce((a, s) => a + s.length, 0) > maxDots) {
    cell *= 2;
    kept = placed.map((s) => thin(s, cell));
  }
  const defs: string[] = [];
  const out: string[] = [];
  series.forEach((s, i) => {
    const dots = kept[i]!;
    if (dots.length === 0) return;
    const id = `${kind}-m${fs.indexOf(s.f)}-${s.type}`;
    defs.push(
      `<marker id="${id}" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" viewBox="-5 -5 10 10" overflow="visible"><path d="${shapePath(fs.indexOf(s.f), 0, 0, R)}" fill="${TYPE_COLOR[s.type]}"/></marker>`,
    );
    const d = dots.map((dot) => `M${num(dot.x, 1)} ${num(dot.y, 1)}`).join("");
    out.push(
      `<path class="points" data-f="${escapeXml(s.f)}" data-type="${s.type}" data-ops="${s.points.length}" data-dots="${dots.length}" fill="none" stroke="none" marker-start="url(#${id})" marker-mid="url(#${id})" marker-end="url(#${id})" d="${d}"/>`,
    );
  });
  for (const p of slowest) {
    out.push(
      `<path class="point slowest" data-index="${p.index}" d="${shapePath(shape(p), f.x(p.invokeNs), y(ms(p)), R + 1)}" fill="${TYPE_COLOR[p.type]}" stroke="#000" stroke-width="0.6"><title>${tooltip(p, "slowest ")}</title></path>`,
    );
  }
  const dots = kept.reduce((a, s) => a + s.length, 0);
  const notes = [
    `${points.length} ops drawn as ${dots} dots: of the ops of one f and outcome that fall in the same ${cell} px square, only the slowest is drawn.`,
    `The slowest op of each f has a black outline and its details on hover.`,
  ];
  return { body: out.join("\n"), defs: defs.join("\n"), notes };
}

/**
 * Jepsen's latency-raw plot as SVG: one point per completed client op at its
 * invocation time, its latency (ms) on a log scale (a slower op is higher
 * up), coloured by outcome (ok, info, fail) with one shape per f, over the
 * faults in force as shaded bands. Up to `pointLimit` ops each is a `.point`
 * with its details on hover; more are drawn as `.points` paths, thinned per
 * pixel (see the note in the file), with the slowest op of each f always
 * drawn as its own `.point.slowest`.
 */
export function latencyRawSvg(history: readonly Op[], faults: readonly FaultSpan[], opts: LatencyRawOptions = {}): string {
  const points = latencyPoints(history);
  const fs = clientFs(history);
  const f = plotFrame(opts, timeEndNs(history.at(-1)?.time ?? 0, faults));
  const axis = latencyAxis(points.map(ms), f);
  const kind = "latency-raw";
  const drawn = body(points, fs, f, axis.y, opts, kind);
  const legend: LegendItem[] = fs.flatMap((fn, i) =>
    TYPES.filter((t) => points.some((p) => p.f === fn && p.type === t)).map((t) => ({
      swatch: `<path d="${shapePath(i, 0, 0, R + 0.5)}" fill="${TYPE_COLOR[t]}"/>`,
      label: `${fn} ${t}`,
    })),
  );
  return renderPlot(f, {
    kind,
    title: `${opts.title ? `${opts.title} ` : ""}latency (raw)`,
    yLabel: "Latency (ms)",
    yTicks: axis.ticks,
    faults,
    legend,
    defs: drawn.defs,
    body: drawn.body,
    notes: [...(points.length === 0 ? ["No client op completed."] : []), ...axis.notes, ...drawn.notes],
  });
}

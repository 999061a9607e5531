import type { Op } from "../../model/op.js";
import type { FaultSpan } from "../report-types.js";
import { clientFs } from "./latency-points.js";
import { plotFrame, renderPlot, timeEndNs, type LegendItem, type PlotOptions } from "./plot-frame.js";
import { bucketWidthNs, linearScale, linearTicks } from "./scales.js";
import { shapePath, TYPE_COLOR, TYPES } from "./shapes.js";
import { escapeXml, num } from "./svg-text.js";

/**
 * Completions per second of client ops with one f and outcome, per bucket
 * of `widthNs` of completion time from 0 to `endNs`, empty buckets as 0.
 */
export function completionRates(history: readonly Op[], f: string, type: "ok" | "info" | "fail", widthNs: number, endNs: number): number[] {
  const n = Math.max(1, Math.ceil(endNs / widthNs));
  const counts = new Array<number>(n).fill(0);
  for (const op of history) {
    if (typeof op.process !== "number" || op.type !== type || op.f !== f) continue;
    counts[Math.min(n - 1, Math.floor(op.time / widthNs))]! += 1;
  }
  return counts.map((c) => c / (widthNs / 1e9));
}

/**
 * Jepsen's rate plot as SVG: completions per second of client ops, per f
 * and outcome (one `.rate` line each: the outcome's colour, the f's point
 * shape), per time bucket of completion time (about 100 buckets over the
 * run, said in a note), over the faults in force as shaded bands. Nemesis
 * ops are not counted.
 */
export function rateSvg(history: readonly Op[], faults: readonly FaultSpan[], opts: PlotOptions = {}): string {
  const fs = clientFs(history);
  const f = plotFrame(opts, timeEndNs(history.at(-1)?.time ?? 0, faults));
  const width = bucketWidthNs(f.endNs);
  const series = fs.flatMap((fn, i) =>
    TYPES.map((t) => ({ f: fn, i, type: t, rates: completionRates(history, fn, t, width, f.endNs) })).filter((s) => s.rates.some((r) => r > 0)),
  );
  const max = Math.max(1, ...series.flatMap((s) => s.rates));
  const ticks = linearTicks(0, max, 6);
  const top = ticks.at(-1)! >= max ? ticks.at(-1)! : max;
  const y = linearScale(0, top, f.bottom, f.top + 6);
  const lines = series.map((s) => {
    const xy = s.rates.map((r, b) => [f.x((b + 0.5) * width), y(r)] as const);
    const color = TYPE_COLOR[s.type];
    return (
      `<g class="rate" data-f="${escapeXml(s.f)}" data-type="${s.type}"><title>${escapeXml(`${s.f} ${s.type}`)}</title>` +
      `<polyline points="${xy.map(([px, py]) => `${num(px, 1)},${num(py, 1)}`).join(" ")}" fill="none" stroke="${color}" stroke-width="1.2"/>` +
      `<path d="${xy.map(([px, py]) => shapePath(s.i, px, py, 2)).join("")}" fill="${color}"/></g>`
    );
  });
  const legend: LegendItem[] = series.map((s) => ({
    swatch: `<line x1="-6" x2="6" stroke="${TYPE_COLOR[s.type]}"/><path d="${shapePath(s.i, 0, 0, 2.5)}" fill="${TYPE_COLOR[s.type]}"/>`,
    label: `${s.f} ${s.type}`,
  }));
  return renderPlot(f, {
    kind: "rate",
    title: `${opts.title ? `${opts.title} ` : ""}rate`,
    yLabel: "Throughput (ops/s)",
    yTicks: ticks.map((t) => ({ y: y(t), label: num(t, 2) })),
    faults,
    legend,
    body: lines.join("\n"),
    notes: [
      ...(series.length === 0 ? ["No client op completed."] : []),
      `Completions per second in each ${num(width / 1e6)} ms bucket of completion time, drawn at the bucket's middle.`,
    ],
  });
}

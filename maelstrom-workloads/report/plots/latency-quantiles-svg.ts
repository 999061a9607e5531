import type { Op } from "../../model/op.js";
import type { FaultSpan } from "../report-types.js";
import { latencyAxis } from "./latency-axis.js";
import { clientFs, latencyPoints } from "./latency-points.js";
import { plotFrame, renderPlot, timeEndNs, type LegendItem, type PlotOptions } from "./plot-frame.js";
import { bucketWidthNs, quantile } from "./scales.js";
import { QUANTILE_COLOR, shapePath } from "./shapes.js";
import { escapeXml, num } from "./svg-text.js";

/** The quantiles drawn, as Jepsen draws them. */
export const QUANTILES = [0.5, 0.95, 0.99, 1] as const;

/** One f's latency quantiles per time bucket: the bucket's middle (ns) and each quantile's latency (ms). */
export interface QuantileBucket {
  midNs: number;
  count: number;
  q: Map<number, number>;
}

/**
 * Latency quantiles (ms) of one set of ops per bucket of `widthNs` of
 * invocation time, buckets without ops left out (as Jepsen's lines join the
 * buckets that have ops), ascending.
 */
export function latencyQuantiles(ops: readonly { invokeNs: number; latencyMs: number }[], widthNs: number, qs: readonly number[] = QUANTILES): QuantileBucket[] {
  const buckets = new Map<number, number[]>();
  for (const o of ops) {
    const b = Math.floor(o.invokeNs / widthNs);
    const list = buckets.get(b);
    if (list) list.push(o.latencyMs);
    else buckets.set(b, [o.latencyMs]);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([b, lat]) => {
      lat.sort((x, y) => x - y);
      return { midNs: (b + 0.5) * widthNs, count: lat.length, q: new Map(qs.map((q) => [q, quantile(lat, q)])) };
    });
}

/**
 * Jepsen's latency-quantiles plot as SVG: per f, the 0.5, 0.95, 0.99 and 1
 * quantiles of latency (ms, log scale) per time bucket of invocation time,
 * one `.quantile` line each (the quantile's colour, the f's point shape),
 * over the faults in force as shaded bands. The bucket is the nice width
 * that gives about 100 buckets over the run (bucketWidthNs), said in a note.
 */
export function latencyQuantilesSvg(history: readonly Op[], faults: readonly FaultSpan[], opts: PlotOptions = {}): string {
  const points = latencyPoints(history);
  const fs = clientFs(history);
  const f = plotFrame(opts, timeEndNs(history.at(-1)?.time ?? 0, faults));
  const width = bucketWidthNs(f.endNs);
  const perF = fs.map((fn) =>
    latencyQuantiles(
      points.filter((p) => p.f === fn).map((p) => ({ invokeNs: p.invokeNs, latencyMs: (p.completeNs - p.invokeNs) / 1e6 })),
      width,
    ),
  );
  const axis = latencyAxis(perF.flatMap((bs) => bs.flatMap((b) => [...b.q.values()])), f);
  const lines: string[] = [];
  const legend: LegendItem[] = [];
  fs.forEach((fn, i) => {
    const buckets = perF[i]!;
    if (buckets.length === 0) return;
    for (const q of [...QUANTILES].reverse()) {
      const color = QUANTILE_COLOR.get(q)!;
      const xy = buckets.map((b) => [f.x(b.midNs), axis.y(b.q.get(q)!)] as const);
      lines.push(
        `<g class="quantile" data-f="${escapeXml(fn)}" data-q="${q}"><title>${escapeXml(`${fn} ${q}`)}</title>` +
          `<polyline points="${xy.map(([x, y]) => `${num(x, 1)},${num(y, 1)}`).join(" ")}" fill="none" stroke="${color}" stroke-width="1.2"/>` +
          `<path d="${xy.map(([x, y]) => shapePath(i, x, y, 2)).join("")}" fill="${color}"/></g>`,
      );
      legend.push({ swatch: `<line x1="-6" x2="6" stroke="${color}"/><path d="${shapePath(i, 0, 0, 2.5)}" fill="${color}"/>`, label: `${fn} ${q}` });
    }
  });
  return renderPlot(f, {
    kind: "latency-quantiles",
    title: `${opts.title ? `${opts.title} ` : ""}latency quantiles`,
    yLabel: "Latency (ms)",
    yTicks: axis.ticks,
    faults,
    legend,
    body: lines.join("\n"),
    notes: [
      ...(points.length === 0 ? ["No client op completed."] : []),
      `Quantiles of the latencies of the ops invoked in each ${num(width / 1e6)} ms bucket, drawn at the bucket's middle.`,
      ...axis.notes,
    ],
  });
}

import type { Frame } from "./plot-frame.js";
import { decades, logDomain, logScale } from "./scales.js";
import { num } from "./svg-text.js";

/** A log-scale latency axis in ms: a slower op is higher up (a smaller y). */
export interface LatencyAxis {
  y: (ms: number) => number;
  ticks: { y: number; label: string }[];
  notes: string[];
}

const PAD = 6;
const ZERO_ROW = 14;

/**
 * The y axis for latencies (ms) on a log scale over whole decades, as
 * Jepsen draws them. A latency of 0 (completed at the instant it was
 * invoked, common on the simulator's virtual time) has no place on a log
 * scale: such ops go on a row of their own under the lowest decade, marked 0.
 */
export function latencyAxis(values: readonly number[], f: Frame): LatencyAxis {
  let min = Infinity;
  let max = 0;
  let zeros = false;
  for (const v of values) {
    if (v > 0) {
      if (v < min) min = v;
      if (v > max) max = v;
    } else zeros = true;
  }
  const [lo, hi] = min === Infinity ? [1, 10] : logDomain(min, max);
  const zeroY = f.bottom - PAD;
  const log = logScale(lo, hi, f.bottom - PAD - (zeros ? ZERO_ROW : 0), f.top + PAD);
  const y = (ms: number) => (ms > 0 ? log(Math.max(ms, lo)) : zeroY);
  const ds = decades(lo, hi);
  const every = Math.ceil(ds.length / 10);
  // Over one or two decades, 2 and 5 times each decade too, so the axis has more than two labels.
  const marks = ds.length <= 3 ? ds.flatMap((d) => [d, 2 * d, 5 * d]).filter((v) => v <= hi) : ds.filter((_, i) => i % every === 0);
  const ticks = marks.map((d) => ({ y: log(d), label: num(d, 6) }));
  if (zeros) ticks.unshift({ y: zeroY, label: "0" });
  const notes = zeros ? ["Ops that completed at the instant they were invoked (latency 0) are on the row marked 0."] : [];
  return { y, ticks, notes };
}

/** The 1, 2 or 5 times a power of ten nearest above `raw` (raw > 0). */
export function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5]) if (m * p >= raw * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/** Ticks at multiples of a nice step covering [lo, hi], about `count` of them. */
export function linearTicks(lo: number, hi: number, count = 8): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep((hi - lo) / count);
  const out: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi * (1 + 1e-9) + 1e-12; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/** A linear map from [d0, d1] to [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The decades around the positive values [min, max]: [10^floor(log10 min), 10^ceil(log10 max)], at least one decade wide. */
export function logDomain(min: number, max: number): [number, number] {
  const lo = 10 ** Math.floor(Math.log10(min));
  let hi = 10 ** Math.ceil(Math.log10(max));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}

/** A log10 map from [lo, hi] (both > 0) to [r0, r1]. */
export function logScale(lo: number, hi: number, r0: number, r1: number): (v: number) => number {
  const lin = linearScale(Math.log10(lo), Math.log10(hi), r0, r1);
  return (v) => lin(Math.log10(v));
}

/** The powers of ten from lo to hi. */
export function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.round(Math.log10(lo)); e <= Math.round(Math.log10(hi)); e++) out.push(Number((10 ** e).toPrecision(12)));
  return out;
}

/**
 * The width of the time buckets for a run of `durationNs`: a nice step (1,
 * 2 or 5 times a power of ten, 1 ms at least) that gives about 100 buckets.
 * Jepsen uses fixed windows (10 s for rates, 30 s for quantiles) over its
 * minutes-long tests; Maelstrom runs are often 10-60 s, where those would
 * leave one or two buckets.
 */
export function bucketWidthNs(durationNs: number): number {
  return Math.max(1e6, niceStep(Math.max(durationNs, 1) / 100));
}

/** The value at quantile q (0..1) of ascending values, as Jepsen takes it: the element at floor(n q), the last for q = 1. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("quantile of no values");
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

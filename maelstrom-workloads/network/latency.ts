import type { Rng } from "../model/random.js";

/**
 * Per-message network latency, as Maelstrom draws it (MAELSTROM.md §3.2).
 * Only server↔server and server↔service messages get a latency; anything to
 * or from a client (an id starting with "c") gets 0, which is the caller's job.
 */

export const latencyDists = ["constant", "uniform", "exponential"] as const;
export type LatencyDist = (typeof latencyDists)[number];

export interface LatencySpec {
  /** `--latency`: the mean one-way latency, in milliseconds (an integer ≥ 0). */
  mean: number;
  /** `--latency-dist`. */
  dist: LatencyDist;
}

export function isLatencyDist(s: string): s is LatencyDist {
  return (latencyDists as readonly string[]).includes(s);
}

/**
 * Why Maelstrom would refuse this spec at start-up, or undefined if it is fine.
 * A `uniform` or `exponential` distribution needs a mean above 0: Maelstrom's
 * uniform draw needs a non-empty range [0, 2L), and its exponential divides by L.
 */
export function latencySpecProblem(spec: LatencySpec): string | undefined {
  if (!Number.isFinite(spec.mean) || spec.mean < 0) return `the mean latency must be a number >= 0 ms, got ${spec.mean}`;
  if (spec.dist !== "constant" && spec.mean <= 0) {
    return `--latency-dist ${spec.dist} needs --latency above 0 (got ${spec.mean}); Maelstrom fails at start-up with this combination too`;
  }
  return undefined;
}

/**
 * A function that draws one message's latency, in whole milliseconds (≥ 0),
 * from `rng`:
 * - `constant`: always L (truncated to whole ms);
 * - `uniform`: an integer uniform in [0, 2L), so the true mean is L − 0.5;
 * - `exponential`: exponential with rate 1/L, truncated toward zero (so the
 *   true mean is 1/(e^(1/L) − 1), about L − 0.5 for large L).
 * Throws (as Maelstrom would fail) for a uniform or exponential mean of 0.
 */
export function latencySampler(latency: LatencySpec, rng: Rng): () => number {
  const problem = latencySpecProblem(latency);
  if (problem !== undefined) throw new Error(problem);
  const mean = latency.mean;
  switch (latency.dist) {
    case "constant": {
      const ms = Math.trunc(mean);
      return () => ms;
    }
    case "uniform": {
      const hi = Math.trunc(2 * mean);
      if (hi <= 0) throw new Error(`--latency-dist uniform needs 2 × latency >= 1 ms, got latency ${mean}`);
      return () => rng.int(0, hi);
    }
    case "exponential":
      // Inverse transform: 1 − u is in (0, 1], so the log is finite and ≤ 0.
      // `+ 0` turns the −0 that u = 0 would give into 0.
      return () => Math.trunc(-Math.log(1 - rng.next()) * mean) + 0;
    default: {
      const never: never = latency.dist;
      throw new Error(`unknown latency distribution ${JSON.stringify(never)}`);
    }
  }
}

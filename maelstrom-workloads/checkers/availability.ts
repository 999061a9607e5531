import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";

/** The `--availability` option: absent, "total", or a lower bound in [0, 1]. */
export type Availability = "total" | number | null | undefined;

/**
 * Maelstrom's availability checker (MAELSTROM.md §7.2).
 *
 * ok-fraction = #ok ops / #invoke ops over the whole history (1 when there
 * are no invocations). Nemesis ops are `info`, so they count in neither.
 * Final reads count.
 *
 * Maelstrom computes ok-fraction as a single-precision float and compares
 * the double bound against it, so e.g. `--availability 0.9` with exactly
 * 9/10 ok fails (0.9f < 0.9). We report the exact (double) fraction but
 * compare with `Math.fround` of it, to give the same verdicts.
 */
export function availabilityChecker(history: readonly Op[], availability?: Availability): CheckResult {
  let invokes = 0;
  let oks = 0;
  for (const op of history) {
    if (op.type === "invoke") invokes++;
    else if (op.type === "ok") oks++;
  }
  const okFraction = invokes === 0 ? 1 : oks / invokes;
  const asFloat = Math.fround(okFraction);
  let valid: boolean;
  if (availability === undefined || availability === null) valid = true;
  else if (availability === "total") valid = asFloat === 1;
  else if (typeof availability === "number") valid = availability <= asFloat;
  else throw new Error(`Don't know how to handle availability ${JSON.stringify(availability)}`);
  return { "valid?": valid, "ok-fraction": okFraction };
}

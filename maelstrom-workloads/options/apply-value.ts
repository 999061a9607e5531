/** Reading one occurrence of an option into the values so far: parse, check the range, store. */

import type { AnyOptionRow, OptionValues } from "./option-table.js";
import { limitProblem } from "./resolve-options.js";

/** What was wrong with a value: what would have been accepted, and maybe a hint. */
export interface ValueProblem {
  expected: string;
  hint?: string;
}

/**
 * Reads `text` as a value of `row` into `values` (in place): a later value
 * replaces an earlier one, except for options that accumulate (-n). Returns
 * the problem, leaving `values` as it was, when the value is not accepted.
 */
export function applyValue(row: AnyOptionRow, text: string, values: OptionValues): ValueProblem | undefined {
  const parsed = row.kind.parse(text);
  if (!parsed.ok) return { expected: parsed.expected, ...(parsed.hint === undefined ? {} : { hint: parsed.hint }) };
  if ("limit" in row && row.limit !== undefined) {
    const problem = limitProblem(row.limit, numberIn(parsed.value));
    if (problem !== undefined) return { expected: problem };
  }
  const v = values as Record<string, unknown>;
  v[row.key] = "accumulates" in row && row.accumulates ? [...((v[row.key] as unknown[] | undefined) ?? []), ...(parsed.value as unknown[])] : parsed.value;
  return undefined;
}

/** The number a parsed value stands for (--concurrency parses to {n, perNode}). */
function numberIn(v: unknown): number {
  return typeof v === "number" ? v : (v as { n: number }).n;
}

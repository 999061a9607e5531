import type { CheckResult, Valid } from "./check-result.js";

/** A checker bound to its inputs (history, journal, options). */
export type Checker = () => CheckResult;

const PRIORITY = new Map<unknown, number>([
  [true, 0],
  ["unknown", 1],
  [false, 2],
]);

/**
 * Jepsen's merge-valid: the worst of the values, false > "unknown" > true.
 * An empty list is true. Anything that is not a validity value (e.g. a
 * missing "valid?") counts as "unknown".
 */
export function mergeValid(valids: Iterable<unknown>): Valid {
  let worst: Valid = true;
  for (const v of valids) {
    const candidate: Valid = v === true || v === false || v === "unknown" ? v : "unknown";
    if (PRIORITY.get(candidate)! > PRIORITY.get(worst)!) worst = candidate;
  }
  return worst;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const head = `${err.name}: ${err.message}`;
    if (err.stack === undefined) return head;
    return err.stack.includes(err.message) ? err.stack : `${head}\n${err.stack}`;
  }
  return String(err);
}

/** Jepsen's check-safe: a throw becomes `{"valid?": "unknown", "error": <message and stack>}`. */
export function checkSafe(checker: Checker): CheckResult {
  try {
    return checker();
  } catch (err) {
    return { "valid?": "unknown", error: describe(err) };
  }
}

/**
 * Runs each named checker, guarded by checkSafe, and returns
 * `{<name>: result, ..., "valid?": <merged validity>}` like Jepsen's compose.
 */
export function compose(checkers: Record<string, Checker>): CheckResult {
  const out: Record<string, CheckResult> = {};
  for (const [name, checker] of Object.entries(checkers)) {
    if (name === "valid?") throw new Error(`A checker may not be named "valid?"`);
    out[name] = checkSafe(checker);
  }
  return { ...out, "valid?": mergeValid(Object.values(out).map((r) => r?.["valid?"])) };
}

import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";
import { jsonEqual } from "./json-value.js";
import { isClientOp, pairCompletions } from "./pair-ops.js";

/** One echo error, as Maelstrom records it. */
export type EchoError = ["Expected a message with :echo", unknown, "But received", unknown];

/**
 * The `echo` field of a completion value, read the way Clojure's `(:echo v)`
 * would: only a JSON object has one; a string (the sent text of a `fail`),
 * an array or null yields null.
 */
function echoField(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const echo = (value as Record<string, unknown>)["echo"];
  return echo === undefined ? null : echo;
}

/**
 * Maelstrom's echo checker (MAELSTROM.md §5.1). Each client invocation is
 * paired with its `ok`/`fail` completion on the same process; `info`
 * completions (and invocations that never completed) are ignored. Every pair
 * whose completion value's `echo` differs from the sent value is an error; a
 * `fail` completion's value is the sent string itself, which has no `echo`,
 * so every `fail` is an error.
 *
 * Result: `{"valid?": <no errors>, "errors": [...]}`, errors in invocation order.
 */
export function echoChecker(history: readonly Op[]): CheckResult {
  const client = history.filter(isClientOp);
  const pairs = pairCompletions(client);
  const found: Array<{ at: number; error: EchoError }> = [];
  for (const op of client) {
    if (op.type !== "ok" && op.type !== "fail") continue;
    const inv = pairs.get(op.index);
    if (inv === undefined) continue;
    const sent = inv.value === undefined ? null : inv.value;
    if (!jsonEqual(sent, echoField(op.value))) {
      found.push({ at: inv.index, error: ["Expected a message with :echo", sent, "But received", op.value ?? null] });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const errors = found.map((f) => f.error);
  return { "valid?": errors.length === 0, errors };
}

import type { ResponseCheck } from "../run/client.js";
import { jsonText } from "../model/json-text.js";
import { closedResponse } from "../model/response-schema.js";

/**
 * Maelstrom's `txn_ok` schema for one txn workload: `txn` is a list of
 * 3-element micro-ops, each `["r", k, v]` or `[writeF, k, v]` (keys and values
 * anything, null included; for list-append a read's value must be a list or
 * null, Maelstrom's `[Element]`). As the `[...]` schemas of Prismatic, a
 * `txn` of null passes (it is recorded as given). Nothing ties the reply to
 * the request: as under Maelstrom, the reply's txn is the op's value.
 */
export function txnOkSchema(writeF: "w" | "append"): ResponseCheck {
  const readValue = writeF === "append" ? (v: unknown) => v === null || Array.isArray(v) : () => true;
  const microOp = (m: unknown, i: number): string | undefined => {
    if (!Array.isArray(m) || m.length !== 3) return `micro-op ${i} must be a 3-element array [f, k, v], got ${jsonText(m)}`;
    const [f, k, v] = m as unknown[];
    if (f !== "r" && f !== writeF) return `micro-op ${i} must start with "r" or "${writeF}", got ${jsonText(m)}`;
    if (k === undefined || v === undefined) return `micro-op ${i} must have a key and a value, got ${jsonText(m)}`;
    if (f === "r" && !readValue(v)) return `micro-op ${i} reads ${jsonText(v)}; a list-append read must return a list (or null)`;
    return undefined;
  };
  const txn = (v: unknown): string | undefined => {
    if (v === undefined) return "is missing";
    if (v === null) return undefined;
    if (!Array.isArray(v)) return `must be a JSON array of micro-ops, got ${jsonText(v)}`;
    const problems = v.map(microOp).filter((p) => p !== undefined);
    return problems.length ? problems.join("; ") : undefined;
  };
  return closedResponse("txn_ok", { txn });
}

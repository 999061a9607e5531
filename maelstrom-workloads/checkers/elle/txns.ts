import type { Op } from "../../model/op.js";
import { pairCompletions, isClientOp } from "../pair-ops.js";

/**
 * The transactions of a history, as Elle sees them: one per completed client
 * op with f "txn". An `ok` carries the completed micro-ops (reads filled in);
 * `fail` (did not happen) and `info` (may have happened) carry the invoked
 * ones, whose reads are null.
 */

/** One micro-op, as Maelstrom writes it: ["r", k, v], ["w", k, v] or ["append", k, v]. */
export type MopF = "r" | "w" | "append";
export type Mop = readonly [MopF, unknown, unknown];

export interface Txn {
  /** Dense number among all transactions, from 0, in completion order. */
  id: number;
  /** History index of the completion (the op Elle names). */
  index: number;
  /** History index of the invocation. */
  invokeIndex: number;
  process: number;
  type: "ok" | "info" | "fail";
  mops: readonly Mop[];
  /** Nanoseconds: invocation and completion. */
  invokeTime: number;
  completeTime: number;
}

const MOP_FS: ReadonlySet<string> = new Set(["r", "w", "append"]);

function parseMops(op: Op, allowed: ReadonlySet<MopF>): Mop[] {
  if (!Array.isArray(op.value)) {
    throw new Error(`Op ${op.index} (process ${String(op.process)}): a txn's value must be a list of micro-ops, got ${JSON.stringify(op.value)}`);
  }
  return op.value.map((m: unknown, i: number) => {
    if (!Array.isArray(m) || m.length !== 3 || typeof m[0] !== "string" || !MOP_FS.has(m[0]) || !allowed.has(m[0] as MopF)) {
      throw new Error(
        `Op ${op.index} (process ${String(op.process)}): micro-op ${i} ${JSON.stringify(m)} is not one of ${[...allowed].map((f) => `["${f}", k, v]`).join(", ")}`,
      );
    }
    return [m[0] as MopF, m[1], m[2]] as const;
  });
}

/** Builds the transactions of a history; throws a readable error on a malformed txn. */
export function buildTxns(history: readonly Op[], allowed: ReadonlySet<MopF>): Txn[] {
  const pairs = pairCompletions(history.filter(isClientOp));
  const txns: Txn[] = [];
  for (const op of history) {
    if (!isClientOp(op) || op.type === "invoke" || op.f !== "txn") continue;
    const inv = pairs.get(op.index);
    if (inv === undefined) continue;
    const source = op.type === "ok" ? op : inv;
    txns.push({
      id: txns.length,
      index: op.index,
      invokeIndex: inv.index,
      process: op.process as number,
      type: op.type,
      mops: parseMops(source, allowed),
      invokeTime: inv.time,
      completeTime: op.time,
    });
  }
  return txns;
}

/** A Map key for a JSON key or value: numbers as themselves, anything else as JSON text. */
export function valueKey(v: unknown): number | string {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return JSON.stringify(v ?? null);
}

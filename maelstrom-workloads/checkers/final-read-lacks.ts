import type { Op } from "../model/op.js";
import { compareJson } from "./json-value.js";
import { isClientOp, pairCompletions } from "./pair-ops.js";
import { elementKey } from "./set-full.js";

/** How many of a node's lacked values "lacks" lists (ascending); "lacks-count" counts them all. */
export const LACKS_LIMIT = 100;

/** One node's final reads, as results.json's workload "final-read-lacks" holds them. */
export interface NodeFinalReads {
  /** Final reads of this node that completed ok. */
  "read-count": number;
  /** Known values missing from all of them; null when none completed ok. */
  "lacks-count": number | null;
  /** The first LACKS_LIMIT of those values, ascending. */
  lacks: unknown[];
}

export interface FinalReadLacksOptions {
  /** The f of add ops ("broadcast" for broadcast). */
  addF: string;
  /** The f of read ops. */
  readF: string;
  /** The node a client process's ops went to. */
  nodeOf: (process: number) => string;
  /** Node ids in the order to list them (nodes no final read went to are left out). */
  nodes: readonly string[];
}

/**
 * Ours, not Maelstrom's: what each node's final reads (ops marked `final`)
 * lacked, beside set-full's lost/stable split. Jepsen calls a value lost only
 * when the latest-invoked read lacked it, so a value one node never got is
 * "stable" if another node's final read, invoked later, had it; this says
 * per node which values it never returned.
 *
 * A value is known once its add was acknowledged or any ok read returned it
 * (set-full's "known"); a node lacks it when it is in none of that node's ok
 * final reads (several client threads may read the same node).
 */
export function finalReadLacks(history: readonly Op[], o: FinalReadLacksOptions): Record<string, NodeFinalReads> {
  const ops = history.filter((op) => isClientOp(op) && (op.f === o.addF || op.f === o.readF));
  const invocationOf = pairCompletions(ops);
  const attempted = new Map<unknown, unknown>();
  const known = new Map<unknown, unknown>();
  const finals = new Map<string, { reads: number; had: Set<unknown> }>();
  const mainReads: unknown[][] = [];
  for (const op of ops) {
    if (op.f === o.addF) {
      if (op.type === "invoke") attempted.set(elementKey(op.value ?? null), op.value ?? null);
      else if (op.type === "ok") {
        const inv = invocationOf.get(op.index);
        const v = (inv !== undefined ? inv.value : op.value) ?? null;
        known.set(elementKey(v), v);
      }
    } else if (op.final && (op.type === "invoke" || op.type === "ok")) {
      const node = o.nodeOf(op.process as number);
      const f = finals.get(node) ?? { reads: 0, had: new Set<unknown>() };
      finals.set(node, f);
      if (op.type === "ok") {
        f.reads++;
        if (Array.isArray(op.value)) for (const v of op.value as unknown[]) f.had.add(elementKey(v));
      }
    } else if (op.type === "ok" && Array.isArray(op.value)) mainReads.push(op.value as unknown[]);
  }
  // A value is known once acknowledged or read: the final reads first, then (latest first, and only
  // while some attempted value is still unknown) the reads before them.
  for (const f of finals.values()) for (const key of f.had) if (attempted.has(key)) known.set(key, attempted.get(key));
  const wanted = new Set([...attempted.keys()].filter((key) => !known.has(key)));
  for (let i = mainReads.length - 1; i >= 0 && wanted.size > 0; i--) {
    for (const v of mainReads[i]!) {
      const key = elementKey(v);
      if (wanted.delete(key)) known.set(key, attempted.get(key));
    }
  }
  const out: Record<string, NodeFinalReads> = {};
  for (const node of o.nodes) {
    const f = finals.get(node);
    if (f === undefined) continue;
    if (f.reads === 0) {
      out[node] = { "read-count": 0, "lacks-count": null, lacks: [] };
      continue;
    }
    const lacks = [...known].filter(([key]) => !f.had.has(key)).map(([, v]) => v).sort(compareJson);
    out[node] = { "read-count": f.reads, "lacks-count": lacks.length, lacks: lacks.slice(0, LACKS_LIMIT) };
  }
  return out;
}

import type { Op } from "../../model/op.js";
import { type KafkaOp, type OpRef, assignedKeys, opRef } from "./history.js";

export interface CommitRegression {
  key: string;
  /** The offset an acknowledged commit had set before the assign began. */
  committed: number;
  /** What list_committed_offsets reported to the assign (null: the key was left out). */
  listed: number | null;
  ops: OpRef[];
  explanation: string;
}

export interface CommitErrors {
  "int-nonmonotonic-commit": CommitRegression[];
  "nonmonotonic-commit": CommitRegression[];
}

/** The committed offsets an ok assign recorded (ours: {keys, committed}), or undefined (a seek, or Jepsen's bare key list). */
function listed(op: Op): Record<string, number> | undefined {
  const v = op.value as { committed?: unknown } | null;
  return v && typeof v === "object" && !Array.isArray(v) && v.committed && typeof v.committed === "object" ? (v.committed as Record<string, number>) : undefined;
}

type Commits = Map<string, { offset: number; op: Op }>;

/** The commits of `keys` only (an assign names a few keys; copying every key at each assign was quadratic). */
function snapshot(keys: readonly string[], global: Commits, own: Commits | undefined): { global: Commits; own: Commits } {
  const g: Commits = new Map();
  const o: Commits = new Map();
  for (const key of keys) {
    const c = global.get(key);
    if (c) g.set(key, c);
    const m = own?.get(key);
    if (m) o.set(key, m);
  }
  return { global: g, own: o };
}

/**
 * Ours (Jepsen keeps no committed offsets in its history): committed offsets
 * going backwards. An ok poll committed the highest offset it read of each
 * key (the client's commit_offsets, acknowledged before the poll completed).
 * An assign that began after such a commit completed and was told a lower
 * offset for that key (or none) saw the commit undone: int-nonmonotonic-commit
 * when the commit was the same process's own, nonmonotonic-commit when
 * another process's. Maelstrom allows both (a consumer starting lower only
 * reads again), so they are reported but do not make a history invalid.
 */
export function commitErrors(history: readonly Op[], ops: KafkaOp[]): CommitErrors {
  const out: CommitErrors = { "int-nonmonotonic-commit": [], "nonmonotonic-commit": [] };
  const byIndex = new Map<number, KafkaOp>(ops.map((k) => [k.op.index, k]));
  /** key -> highest acknowledged commit so far, with its poll. */
  const global = new Map<string, { offset: number; op: Op }>();
  /** process -> key -> its own highest acknowledged commit. */
  const own = new Map<number | "nemesis", Map<string, { offset: number; op: Op }>>();
  /** process -> what global and own held, for the keys its pending assign names, when it was invoked. */
  const atInvoke = new Map<number | "nemesis", { global: Map<string, { offset: number; op: Op }>; own: Map<string, { offset: number; op: Op }> }>();
  for (const op of history) {
    if (op.process === "nemesis") continue;
    if (op.f === "assign") {
      if (op.type === "invoke") atInvoke.set(op.process, snapshot(assignedKeys(op) ?? [], global, own.get(op.process)));
      if (op.type !== "ok") continue;
      const committed = listed(op);
      const before = atInvoke.get(op.process);
      if (!committed || !before) continue;
      for (const key of assignedKeys(op) ?? []) {
        const got = typeof committed[key] === "number" ? committed[key] : null;
        const mine = before.own.get(key);
        const theirs = before.global.get(key);
        const worse = (c: { offset: number } | undefined) => c !== undefined && (got === null || got < c.offset);
        const kind = worse(mine) ? "int-nonmonotonic-commit" : worse(theirs) ? "nonmonotonic-commit" : undefined;
        if (!kind) continue;
        const c = kind === "int-nonmonotonic-commit" ? mine! : theirs!;
        out[kind].push({
          key,
          committed: c.offset,
          listed: got,
          ops: [opRef(c.op), opRef(op)],
          explanation: `key ${key}: op ${c.op.index} (process ${String(c.op.process)}) committed offset ${c.offset} and was acknowledged, but the assign op ${op.index} (process ${String(op.process)}) begun after it was told ${got === null ? "no committed offset" : `offset ${got}`}`,
        });
      }
      continue;
    }
    if (op.f !== "poll" || op.type !== "ok") continue;
    const k = byIndex.get(op.index);
    if (!k) continue;
    const mine = own.get(op.process) ?? new Map<string, { offset: number; op: Op }>();
    own.set(op.process, mine);
    for (const [key, pairs] of k.reads) {
      if (pairs.length === 0) continue;
      const offset = pairs.reduce((m, [o]) => Math.max(m, o), 0);
      if ((global.get(key)?.offset ?? -1) < offset) global.set(key, { offset, op });
      if ((mine.get(key)?.offset ?? -1) < offset) mine.set(key, { offset, op });
    }
  }
  return out;
}

import type { Op } from "../../maelstrom-workloads/model/op.js";
import type { Rng } from "../../maelstrom-workloads/model/random.js";

/**
 * Histories from a real in-memory store: clients invoke random txns
 * concurrently, and each txn takes effect atomically at one moment between
 * its invocation and completion (or never, for a fail; maybe, for an info).
 * Such a history is strict serializable by construction. Keys rotate as in
 * Elle's generator: a key retires after maxWritesPerKey writes.
 */
export interface StoreHistoryOptions {
  kind: "list-append" | "rw-register";
  processes: number;
  txns: number;
  keyCount: number;
  maxTxnLength: number;
  maxWritesPerKey: number;
  failRate: number;
  infoRate: number;
  /** A deliberate fault: reads see the store as it was when the txn was invoked (writes still land at the apply point). */
  staleReads?: boolean;
}

type Mop = [string, number, unknown];

export function storeHistory(rng: Rng, o: StoreHistoryOptions): Op[] {
  const ops: Op[] = [];
  const store = new Map<number, unknown>();
  const writes = new Map<number, number>();
  let nextKey = o.keyCount;
  const active = Array.from({ length: o.keyCount }, (_, i) => i);
  const wf = o.kind === "list-append" ? "append" : "w";
  const newTxn = (): Mop[] => {
    const n = rng.int(1, o.maxTxnLength + 1);
    return Array.from({ length: n }, (): Mop => {
      const slot = rng.int(0, active.length);
      const k = active[slot]!;
      if (rng.next() < 0.5) return ["r", k, null];
      const w = (writes.get(k) ?? 0) + 1;
      writes.set(k, w);
      if (w >= o.maxWritesPerKey) active[slot] = nextKey++;
      return [wf, k, w];
    });
  };
  const apply = (txn: Mop[], snapshot: Map<number, unknown>): Mop[] =>
    txn.map(([f, k, v]): Mop => {
      if (f === "r") {
        const cur = (o.staleReads === true ? snapshot : store).get(k);
        return ["r", k, cur === undefined ? null : Array.isArray(cur) ? [...cur] : cur];
      }
      if (f === "append") store.set(k, [...((store.get(k) as number[] | undefined) ?? []), v as number]);
      else store.set(k, v);
      return [f, k, v];
    });
  type Slot = { process: number; txn: Mop[] | null; done: Mop[] | null; snapshot: Map<number, unknown> };
  const slots: Slot[] = Array.from({ length: o.processes }, (_, p) => ({ process: p, txn: null, done: null, snapshot: store }));
  let started = 0;
  const push = (type: Op["type"], process: number, value: unknown): void => {
    ops.push({ index: ops.length, time: ops.length * 1_000_000, type, process, f: "txn", value });
  };
  while (started < o.txns || slots.some((s) => s.txn !== null)) {
    const s = rng.pick(slots);
    if (s.txn === null) {
      if (started >= o.txns) continue;
      started++;
      s.txn = newTxn();
      if (o.staleReads === true) s.snapshot = new Map(store);
      push("invoke", s.process, s.txn);
    } else if (s.done === null) {
      const r = rng.next();
      if (r < o.failRate) {
        push("fail", s.process, s.txn);
        s.txn = null;
      } else if (r < o.failRate + o.infoRate) {
        if (rng.next() < 0.5) apply(s.txn, s.snapshot);
        push("info", s.process, s.txn);
        s.txn = null;
        s.process += o.processes;
      } else {
        s.done = apply(s.txn, s.snapshot);
      }
    } else {
      push("ok", s.process, s.done);
      s.txn = null;
      s.done = null;
    }
  }
  return ops;
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { causalBroadcastChecker } from "../../../maelstrom-workloads/checkers/causal-broadcast.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

// The checker against a naive oracle on random sticky histories. A model
// cluster: thread t keeps to node t; a broadcast is delivered at once where
// it was made; a deliver step hands one pending message to a node, either
// any of them (a node with no causal buffer) or only one whose node-level
// dependencies (everything its origin had delivered) are there (a correct
// node). The oracle computes happened-before with plain sets, straight from
// its definition, and flags every (node, message) that some read holds
// before one of its predecessors; the checker must flag exactly those.

const command = fc.oneof(
  fc.record({ kind: fc.constant("broadcast" as const), thread: fc.nat(3) }),
  fc.record({ kind: fc.constant("read" as const), thread: fc.nat(3) }),
  fc.record({ kind: fc.constant("deliver" as const), node: fc.nat(3), pick: fc.nat(50) }),
);

interface Model {
  ops: Op[];
  /** Per node its delivery log. */
  logs: string[][];
  /** Per message, what its origin node had delivered when it was broadcast. */
  nodeDeps: Map<string, Set<string>>;
}

/** A history from the commands, with `nodes` nodes (thread t on node t mod nodes), then every message delivered everywhere and a final read per thread. */
function run(commands: readonly { kind: string; thread?: number; node?: number; pick?: number }[], nodes: number, buffered: boolean): Model {
  const m: Model = { ops: [], logs: Array.from({ length: nodes }, () => []), nodeDeps: new Map() };
  const add = (op: Omit<Op, "index" | "time">) => m.ops.push({ index: m.ops.length, time: m.ops.length * 1e6, ...op } as Op);
  let next = 0;
  const name = (n: number) => `n${n}`;
  const pending = (n: number) => [...m.nodeDeps.keys()].filter((x) => !m.logs[n]!.includes(x) && (!buffered || [...m.nodeDeps.get(x)!].every((d) => m.logs[n]!.includes(d))));
  const read = (t: number, final: boolean) => {
    const node = name(t % nodes);
    add({ type: "invoke", process: t, f: "read", value: { node }, ...(final ? { final } : {}) });
    add({ type: "ok", process: t, f: "read", value: { node, messages: [...m.logs[t % nodes]!] }, ...(final ? { final } : {}) });
  };
  for (const c of commands) {
    if (c.kind === "broadcast") {
      const t = c.thread!;
      const message = `m${next++}`;
      m.nodeDeps.set(message, new Set(m.logs[t % nodes]));
      m.logs[t % nodes]!.push(message);
      add({ type: "invoke", process: t, f: "broadcast", value: { node: name(t % nodes), message } });
      add({ type: "ok", process: t, f: "broadcast", value: { node: name(t % nodes), message } });
    } else if (c.kind === "read") read(c.thread!, false);
    else {
      const n = c.node! % nodes;
      const can = pending(n);
      if (can.length > 0) m.logs[n]!.push(can[c.pick! % can.length]!);
    }
  }
  // Heal: everything reaches everyone (in causal order when buffered: a message whose deps are there always exists).
  for (let n = 0; n < nodes; n++) for (let can = pending(n); can.length > 0; can = pending(n)) m.logs[n]!.push(can[0]!);
  for (let t = 0; t < 4; t++) read(t, true);
  return m;
}

/** Happened-before from the client histories, with sets: the (node, message) pairs some read holds before a predecessor. */
function oracle(ops: readonly Op[]): Set<string> {
  const past = new Map<number, Set<string>>();
  const deps = new Map<string, Set<string>>();
  const flagged = new Set<string>();
  for (const op of ops) {
    if (op.type !== "ok") continue;
    const p = past.get(op.process as number) ?? new Set<string>();
    past.set(op.process as number, p);
    const v = op.value as { node: string; message?: string; messages?: string[] };
    if (op.f === "broadcast") {
      deps.set(v.message!, new Set(p));
      p.add(v.message!);
      continue;
    }
    const before = new Set<string>();
    for (const x of v.messages!) {
      if ([...deps.get(x)!].some((d) => !before.has(d))) flagged.add(`${v.node} ${x}`);
      before.add(x);
    }
    for (const x of v.messages!) {
      p.add(x);
      for (const d of deps.get(x)!) p.add(d);
    }
  }
  return flagged;
}

describe("causal-broadcast checker against a naive oracle (fast-check)", () => {
  it("flags exactly the (node, message) pairs the oracle flags, on histories of nodes with no causal buffer", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), fc.integer({ min: 2, max: 4 }), (commands, nodes) => {
        const m = run(commands, nodes, false);
        const expected = oracle(m.ops);
        const r = causalBroadcastChecker(m.ops, { concurrency: 4 });
        const counts = r["anomaly-counts"] as Record<string, number>;
        expect(counts["causal-order"]).toBe(expected.size);
        const listed = ((r.anomalies as Record<string, Array<{ node: string; message: string }>>)["causal-order"] ?? []).map((f) => `${f.node} ${f.message}`);
        for (const f of listed) expect(expected.has(f), f).toBe(true);
        // A node that delivers on receipt still never loses, duplicates or invents, and its log only grows.
        for (const k of ["not-prefix", "lost", "duplicated", "never-broadcast"]) expect(counts[k], k).toBe(0);
        expect(r["valid?"]).toBe(expected.size === 0 && counts["read-your-writes"] === 0 && counts["monotonic-reads"] === 0 ? true : false);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it("finds nothing in histories of nodes that buffer by their node-level dependencies", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (commands, nodes) => {
        const m = run(commands, nodes, true);
        expect(oracle(m.ops).size).toBe(0);
        const r = causalBroadcastChecker(m.ops, { concurrency: 4 });
        expect(r["anomaly-types"]).toEqual([]);
        expect(r["valid?"]).toBe(true);
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it("finds at least one faulty history among random ones (the first property is not vacuous)", () => {
    const sample = fc.sample(fc.tuple(fc.array(command, { minLength: 40, maxLength: 60 }), fc.integer({ min: 2, max: 4 })), { seed: 3, numRuns: 100 });
    const flagged = sample.filter(([c, n]) => oracle(run(c, n, false).ops).size > 0).length;
    expect(flagged).toBeGreaterThan(10);
  });
});

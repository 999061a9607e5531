import { describe, expect, it } from "vitest";
import { LinKvGenerator, linKvOptionsProblem, linKvWorkload, PROCESSES_PER_KEY } from "../../maelstrom-workloads/lin-kv.js";
import { History } from "../../maelstrom-workloads/model/history.js";
import { seededRng } from "../../maelstrom-workloads/model/random.js";
import { MaelstromClient } from "../../maelstrom-workloads/run/client.js";
import { ClientThreads } from "../../maelstrom-workloads/run/client-threads.js";
import type { Workload } from "../../maelstrom-workloads/workload.js";
import { fakeNodeClient } from "../helpers/fake-node-client.js";

// Maelstrom's lin-kv workload (src/maelstrom/workload/lin_kv.clj) with
// Jepsen's linearizable-register generator under independent's
// concurrent-generator: thread groups of 2n per key, readers and writers,
// values 0..4, keys retired after 20 processes; the client's error mapping.

const nodes = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);
const gen = (n: number, concurrency: number, seed = 1) => new LinKvGenerator(n, concurrency, seededRng(seed));
const keyOf = (v: unknown) => (v as [number, unknown])[0];

describe("which free thread gets the next op (Jepsen's weighted choice of range, rotation within it)", () => {
  it("with every thread free, 3 nodes and 2n: readers and writers each about half the time, not n reads then n writes", () => {
    const g = gen(3, 6, 3);
    const free = [0, 1, 2, 3, 4, 5];
    const picks = Array.from({ length: 4000 }, () => g.pickThread(free));
    const reads = picks.filter((t) => t < 3).length;
    expect(reads / picks.length).toBeGreaterThan(0.45);
    expect(reads / picks.length).toBeLessThan(0.55);
    // not a fixed rotation: some reader pick is followed by another reader pick, and some writer by a writer
    const pairs = picks.slice(1).map((t, i) => [picks[i]! < 3, t < 3]);
    expect(pairs.some(([a, b]) => a && b)).toBe(true);
    expect(pairs.some(([a, b]) => !a && !b)).toBe(true);
    // within a range, threads in rotation
    expect(picks.filter((t) => t < 3).slice(0, 6)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it("4n on 2 nodes: group 0's readers (2 threads), its writers (2) and group 1's writers (4) weighted 1:1:2; only free threads are chosen", () => {
    const g = gen(2, 8, 5);
    const picks = Array.from({ length: 8000 }, () => g.pickThread([0, 1, 2, 3, 4, 5, 6, 7]));
    const share = (f: (t: number) => boolean) => picks.filter(f).length / picks.length;
    expect(share((t) => t < 2)).toBeCloseTo(0.25, 1);
    expect(share((t) => t >= 2 && t < 4)).toBeCloseTo(0.25, 1);
    expect(share((t) => t >= 4)).toBeCloseTo(0.5, 1);
    for (let i = 0; i < 200; i++) expect([1, 6]).toContain(g.pickThread([1, 6]));
  });
});

describe("the generator", () => {
  it.each([
    // n, concurrency, thread -> [key, role]
    [1, 2, [[0, "r"], [0, "w"]]],
    [3, 6, [[0, "r"], [0, "r"], [0, "r"], [0, "w"], [0, "w"], [0, "w"]]],
    // Jepsen's reserve names its readers by absolute thread ids 0..n-1: later groups have none, all 2n write.
    [2, 8, [[0, "r"], [0, "r"], [0, "w"], [0, "w"], [1, "w"], [1, "w"], [1, "w"], [1, "w"]]],
    [3, 12, [[0, "r"], [0, "r"], [0, "r"], [0, "w"], [0, "w"], [0, "w"], [1, "w"], [1, "w"], [1, "w"], [1, "w"], [1, "w"], [1, "w"]]],
  ] as const)("%i nodes, %i threads: groups of 2n on keys 0, 1, ..., threads 0..n-1 reading (group 0's only)", (n, c, table) => {
    const g = gen(n, c);
    const got = Array.from({ length: c }, (_, t) => {
      const ops = Array.from({ length: 30 }, () => g.next(t));
      expect(new Set(ops.map((o) => keyOf(o.value))).size).toBe(1);
      const fs = new Set(ops.map((o) => o.f));
      return [keyOf(ops[0]!.value), fs.has("read") ? (fs.size === 1 ? "r" : "mixed") : [...fs].every((f) => f === "write" || f === "cas") ? "w" : "mixed"];
    });
    expect(got).toEqual(table);
  });

  it("reads are [k, null]; writes [k, v] and cas [k, [from, to]] with values 0..4, a third writes and two thirds cas", () => {
    const g = gen(3, 6, 42);
    for (let i = 0; i < 50; i++) expect(g.next(i % 3)).toEqual({ f: "read", value: [0, null] });
    const ops = Array.from({ length: 3000 }, (_, i) => g.next(3 + (i % 3)));
    const writes = ops.filter((o) => o.f === "write");
    const cas = ops.filter((o) => o.f === "cas");
    expect(writes.length + cas.length).toBe(3000);
    expect(writes.length / 3000).toBeGreaterThan(0.3);
    expect(writes.length / 3000).toBeLessThan(0.37);
    const values = new Set<number>();
    for (const w of writes) {
      const [k, v] = w.value as [number, number];
      expect(k).toBe(0);
      values.add(v);
    }
    expect([...values].sort()).toEqual([0, 1, 2, 3, 4]);
    const froms = new Set<number>();
    const tos = new Set<number>();
    for (const o of cas) {
      const [k, [from, to]] = o.value as [number, [number, number]];
      expect(k).toBe(0);
      froms.add(from);
      tos.add(to);
    }
    expect([...froms].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...tos].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("the same seed gives the same ops", () => {
    const a = gen(2, 8, 9);
    const b = gen(2, 8, 9);
    expect(Array.from({ length: 40 }, (_, i) => a.next(i % 8))).toEqual(Array.from({ length: 40 }, (_, i) => b.next(i % 8)));
  });

  it("a key is retired once a 21st process would use it, and the group takes the next unused key", () => {
    // 3 nodes, 12 threads: group 0 (threads 0-5) on key 0, group 1 (threads 6-11) on key 1. Processes 0..11 to start.
    const g = gen(3, 12);
    let next = 12;
    const info = (t: number) => g.processChanged(t, next++ * 1000 + t); // any fresh process id
    // Group 0 starts with 6 processes (its first op counts them all); 14 infos bring it to 20, still on key 0.
    expect(keyOf(g.next(0).value)).toBe(0);
    for (let i = 0; i < PROCESSES_PER_KEY - 6; i++) {
      info(3 + (i % 3));
      expect(keyOf(g.next(i % 6).value), `after ${i + 1} infos`).toBe(0);
    }
    // The 15th would be the 21st process: the key is retired; key 2 is the first no group has had.
    info(4);
    expect(keyOf(g.next(0).value)).toBe(2);
    expect(g.keyOf(5)).toBe(2);
    // Group 1 was untouched; its turn comes next and takes key 3.
    expect(keyOf(g.next(6).value)).toBe(1);
    for (let i = 0; i < PROCESSES_PER_KEY - 6 + 1; i++) {
      info(6 + (i % 6));
      g.next(6);
    }
    expect(g.keyOf(11)).toBe(3);
    // Key 2 started with group 0's six current processes: 14 more infos before it is retired.
    for (let i = 0; i < PROCESSES_PER_KEY - 6; i++) {
      info(i % 6);
      expect(keyOf(g.next(0).value)).toBe(2);
    }
    info(0);
    expect(keyOf(g.next(3).value)).toBe(4);
  });

  it("counts a busy thread's process: processes of threads that asked for nothing still use the key", () => {
    const g = gen(1, 2);
    g.next(0); // processes 0 and 1
    // Only thread 0 asks; thread 1's process changes 19 times behind its back (once per op it would have made).
    for (let i = 0; i < 18; i++) {
      g.processChanged(1, 2 * (i + 1) + 1);
      g.next(0);
    }
    expect(g.keyOf(0)).toBe(0); // {0, 1, 3, 5, ..., 37}: 20 processes
    g.processChanged(1, 39);
    g.next(0);
    expect(g.keyOf(0)).toBe(1);
  });
});

describe("options lin-kv refuses", () => {
  it.each([
    [3, 3, /--concurrency: .*multiple of 6; got 3\. Pass --concurrency 2n/],
    [3, 9, /multiple of 6; got 9/],
    [3, 1, /multiple of 6; got 1/],
    [5, 5, /multiple of 10; got 5/],
    [1, 3, /multiple of 2; got 3/],
    [11, 22, /--node-count: lin-kv runs at most 10 nodes; got 11/],
  ])("%i nodes, %i threads", (n, c, message) => {
    expect(linKvOptionsProblem({ nodes: nodes(n), concurrency: c })).toMatch(message);
    expect(() => gen(n, c)).toThrow(message);
  });

  it.each([
    [1, 2],
    [3, 6],
    [3, 12],
    [5, 10],
    [10, 20],
    [10, 40],
  ])("takes %i nodes with %i threads", (n, c) => {
    expect(linKvOptionsProblem({ nodes: nodes(n), concurrency: c })).toBeUndefined();
  });
});

describe("the client", () => {
  /** One lin-kv client against a fake node n1 that answers each request with `answer(body)` (undefined: no answer). */
  function rig(answer: (req: Record<string, unknown>) => Record<string, unknown> | undefined, latencyMean = 0) {
    const { clock, sent: seen, client } = fakeNodeClient(answer);
    const w = linKvWorkload({ nodes: ["n1"], concurrency: 2, seed: 1, latencyMean, topology: "grid" });
    const run = async (f: string, value: unknown) => {
      const p = w.invoke(client, "n1", { f, value });
      let t = 0;
      let settled = false;
      void p.finally(() => (settled = true));
      await clock.advanceAsync(0);
      while (!settled && t < 20_000) {
        await clock.advanceAsync(100);
        t += 100;
      }
      return { completion: await p, ms: t };
    };
    return { w, run, seen };
  }

  it("sends Maelstrom's request bodies and records Jepsen's tuples", async () => {
    const { w, run, seen } = rig((req) => (req.type === "read" ? { type: "read_ok", value: 3 } : { type: `${String(req.type)}_ok` }));
    expect(w.reusableClient).toBe(true);
    expect(w.finalOp).toBeUndefined();
    expect((await run("read", [0, null])).completion).toEqual({ type: "ok", value: [0, 3] });
    expect((await run("write", [1, 4])).completion).toEqual({ type: "ok", value: [1, 4] });
    expect((await run("cas", [2, [1, 2]])).completion).toEqual({ type: "ok", value: [2, [1, 2]] });
    expect(seen.map(({ msg_id: _m, ...b }) => b)).toEqual([
      { type: "read", key: 0 },
      { type: "write", key: 1, value: 4 },
      { type: "cas", key: 2, from: 1, to: 2 },
    ]);
  });

  const values = { read: [0, null], write: [0, 1], cas: [0, [1, 2]] } as const;
  it.each([
    ["read", 20, "fail"],
    ["read", 13, "fail"],
    ["read", 0, "fail"],
    ["write", 0, "info"],
    ["write", 11, "fail"],
    ["cas", 22, "fail"],
    ["cas", 20, "fail"],
    ["cas", 13, "info"],
    ["cas", 1000, "info"],
  ] as const)("%s answered with error %i is %s (reads idempotent; definite codes fail)", async (f, code, type) => {
    const { run } = rig(() => ({ type: "error", code, text: "why" }));
    const { completion } = await run(f, values[f]);
    expect(completion.type).toBe(type);
    expect(completion.value).toEqual(values[f]);
  });

  it("a reply outside the closed schema is info with an exception, even for a read", async () => {
    const { run } = rig((req) => (req.type === "read" ? { type: "read_ok", value: 1, extra: true } : { type: "write_ok", value: 1 }));
    for (const [f, v] of [["read", [0, null]], ["write", [0, 1]]] as const) {
      const { completion } = await run(f, v);
      expect(completion).toMatchObject({ type: "info", exception: expect.stringMatching(/Malformed RPC response.*unexpected field/) });
    }
    const missing = rig(() => ({ type: "read_ok" }));
    expect((await missing.run("read", [0, null])).completion).toMatchObject({ type: "info", exception: expect.stringMatching(/value is missing/) });
    const nullValue = rig(() => ({ type: "read_ok", value: null }));
    expect((await nullValue.run("read", [0, null])).completion).toEqual({ type: "ok", value: [0, null] });
  });

  it.each([
    [0, 1000],
    [50, 1000],
    [250, 2500],
  ])("with --latency %i, a timeout comes after %i ms: a read fails, a write is info", async (latency, ms) => {
    const { run } = rig(() => undefined, latency);
    const read = await run("read", [0, null]);
    expect(read.completion).toMatchObject({ type: "fail", error: "net-timeout" });
    expect(read.ms).toBeGreaterThanOrEqual(ms);
    expect(read.ms).toBeLessThanOrEqual(ms + 100);
    expect((await run("write", [0, 1])).completion).toMatchObject({ type: "info", error: "net-timeout" });
  });
});

describe("client threads tell the workload of a new process", () => {
  it("after each info, before the thread's next op, with the process the history then shows", async () => {
    const told: Array<[number, number]> = [];
    const outcomes = ["info", "ok", "info"] as const;
    let i = 0;
    const w: Workload = {
      name: "fake",
      reusableClient: true,
      nextOp: () => ({ f: "x", value: null }),
      processChanged: (t, p) => told.push([t, p]),
      invoke: async () => ({ type: outcomes[i++] ?? "ok", value: null }),
      check: () => ({ "valid?": true }),
    };
    const history = new History(() => 0);
    const threads = new ClientThreads(["n1"], 2, w, history, () => ({ id: "c", close() {} }) as unknown as MaelstromClient);
    await threads.start({ index: 1 }, { f: "x", value: null });
    expect(told).toEqual([[1, 3]]);
    await threads.start({ index: 1 }, { f: "x", value: null });
    await threads.start({ index: 0 }, { f: "x", value: null });
    expect(told).toEqual([
      [1, 3],
      [0, 2],
    ]);
    expect(history.ops.filter((o) => o.type === "invoke").map((o) => o.process)).toEqual([1, 3, 0]);
  });
});

describe("the check", () => {
  const w = linKvWorkload({ nodes: ["n1"], concurrency: 2, seed: 1, latencyMean: 0, topology: "grid" });
  const op = (index: number, process: number, type: string, f: string, value: unknown) => ({ index, time: index * 1e6, process, type, f, value }) as never;
  it("is the linearizability checker's, per key: a read of a value overwritten before it began is invalid", () => {
    const stale = [op(0, 1, "invoke", "write", [0, 1]), op(1, 1, "ok", "write", [0, 1]), op(2, 1, "invoke", "write", [0, 2]), op(3, 1, "ok", "write", [0, 2]), op(4, 0, "invoke", "read", [0, null]), op(5, 0, "ok", "read", [0, 1])];
    const r = w.check(stale, {});
    expect(r).toMatchObject({ "valid?": false, failures: ["0"] });
    const fresh = [...stale.slice(0, 5), op(5, 0, "ok", "read", [0, 2])];
    expect(w.check(fresh, {})["valid?"]).toBe(true);
  });
});

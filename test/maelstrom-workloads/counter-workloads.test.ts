import { describe, expect, it } from "vitest";
import { gCounterWorkload } from "../../maelstrom-workloads/g-counter.js";
import { pnCounterWorkload } from "../../maelstrom-workloads/pn-counter.js";
import type { OpRequest } from "../../maelstrom-workloads/workload.js";
import { fakeNodeClient } from "../helpers/fake-node-client.js";

const ctx = (seed = 1) => ({ nodes: ["n1", "n2", "n3"], concurrency: 3, seed, latencyMean: 0, topology: "grid" });

function ops(factory: typeof gCounterWorkload, n: number, seed = 1): OpRequest[] {
  const w = factory(ctx(seed));
  return Array.from({ length: n }, (_, i) => w.nextOp(i % 3));
}

function tally(xs: OpRequest[]) {
  const adds = xs.filter((o) => o.f === "add");
  const deltas = new Map<number, number>();
  for (const a of adds) deltas.set(a.value as number, (deltas.get(a.value as number) ?? 0) + 1);
  return { addShare: adds.length / xs.length, deltas };
}

describe("the counter workloads' generators (Maelstrom's mix, seeded)", () => {
  it("pn-counter: half adds of -5..4, each about equally often, and half reads with value null", () => {
    const xs = ops(pnCounterWorkload, 20_000);
    const { addShare, deltas } = tally(xs);
    expect(addShare).toBeGreaterThan(0.48);
    expect(addShare).toBeLessThan(0.52);
    expect([...deltas.keys()].sort((a, b) => a - b)).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
    for (const c of deltas.values()) expect(c / (addShare * xs.length)).toBeCloseTo(0.1, 1);
    expect(xs.filter((o) => o.f === "read").every((o) => o.value === null && o.final === undefined)).toBe(true);
  });

  it("g-counter: the negative adds filtered out as Jepsen's filter does (it draws the mix again): 1/3 adds of 0..4, 2/3 reads", () => {
    const xs = ops(gCounterWorkload, 30_000);
    const { addShare, deltas } = tally(xs);
    expect(addShare).toBeGreaterThan(0.31);
    expect(addShare).toBeLessThan(0.356);
    expect([...deltas.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    for (const c of deltas.values()) expect(c / (addShare * xs.length)).toBeCloseTo(0.2, 1);
  });

  it("is the same sequence for the same seed, another for another seed", () => {
    expect(ops(gCounterWorkload, 50, 9)).toEqual(ops(gCounterWorkload, 50, 9));
    expect(ops(gCounterWorkload, 50, 9)).not.toEqual(ops(gCounterWorkload, 50, 10));
  });

  it("has a final phase of one read per thread flagged final, and clients that are not reusable", () => {
    for (const f of [gCounterWorkload, pnCounterWorkload]) {
      const w = f(ctx());
      expect(w.finalOp!(2)).toEqual({ f: "read", value: null, final: true });
      expect(w.reusableClient).toBe(false);
    }
    expect(gCounterWorkload(ctx()).name).toBe("g-counter");
    expect(pnCounterWorkload(ctx()).name).toBe("pn-counter");
  });
});

const rig = fakeNodeClient;

describe("the counter client (closed schemas, no error mapping)", () => {
  const w = gCounterWorkload(ctx());

  it("sends add {delta} and read, and completes ok with the delta and the value read", async () => {
    const r = rig((req) => (req.type === "add" ? { type: "add_ok" } : { type: "read_ok", value: 12 }));
    await expect(w.invoke(r.client, "n1", { f: "add", value: 3 })).resolves.toEqual({ type: "ok", value: 3 });
    await expect(w.invoke(r.client, "n1", { f: "read", value: null })).resolves.toEqual({ type: "ok", value: 12 });
    expect(r.sent.map(({ msg_id: _, ...b }) => b)).toEqual([{ type: "add", delta: 3 }, { type: "read" }]);
  });

  it.each([
    ["an extra field in add_ok", "add", { type: "add_ok", total: 5 }, /unexpected field\(s\) "total"/],
    ["a read value that is not an integer", "read", { type: "read_ok", value: 2.5 }, /value must be an integer, got 2.5/],
    ["a read value that is a string", "read", { type: "read_ok", value: "7" }, /value must be an integer/],
    ["a definite error reply (code 20): still only info", "add", { type: "error", code: 20, text: "key does not exist" }, /key does not exist/],
  ])("%s makes the op info with the exception recorded", async (_why, f, body, problem) => {
    const r = rig(() => body);
    const value = f === "add" ? 2 : null;
    const c = await w.invoke(r.client, "n1", { f, value });
    expect(c.type).toBe("info");
    expect(c.value).toBe(value);
    expect(c.exception).toMatch(problem);
    expect(c.error).toMatch(/^indeterminate: /);
  });

  it("a timeout (5 s) makes an add info, not fail", async () => {
    const r = rig(() => undefined);
    const p = w.invoke(r.client, "n1", { f: "add", value: 4 });
    await r.clock.advanceAsync(5000);
    const c = await p;
    expect(c).toMatchObject({ type: "info", value: 4 });
    expect(c.exception).toMatch(/^ClientTimeout: no reply from n1 to add .* within 5000 ms/);
  });
});

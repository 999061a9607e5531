import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Probe, type ProbeEffect, type ProbeEvent, probeStep, startProbe } from "../../../lib/swim/probe.js";
import { pickRandom, ProbeOrder, shuffled } from "../../../lib/swim/probe-order.js";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";

function run(p: Probe, events: ProbeEvent[]): ProbeEffect[] {
  const all: ProbeEffect[] = [];
  for (const e of events) {
    const r = probeStep(p, e);
    p = r.probe;
    all.push(...r.effects);
  }
  return all;
}

describe("probeStep", () => {
  const p = () => startProbe("n2", 7, ["n3", "n4", "n5"]);
  it.each<[string, ProbeEvent[], ProbeEffect[]]>([
    ["direct ack", [{ type: "ack" }, { type: "ping-timeout" }, { type: "period-end" }], [{ type: "health", delta: -1 }]],
    ["ack through a helper", [{ type: "ping-timeout" }, { type: "ack" }, { type: "period-end" }], [{ type: "ping-req", helpers: ["n3", "n4", "n5"] }, { type: "health", delta: -1 }]],
    [
      "no ack, every helper nacked: suspect, health unchanged",
      [{ type: "ping-timeout" }, { type: "nack", from: "n3" }, { type: "nack", from: "n4" }, { type: "nack", from: "n5" }, { type: "period-end" }],
      [{ type: "ping-req", helpers: ["n3", "n4", "n5"] }, { type: "suspect", target: "n2" }],
    ],
    [
      "no ack, one nack (twice) and one from a stranger: suspect, +2 for the silent helpers",
      [{ type: "ping-timeout" }, { type: "nack", from: "n3" }, { type: "nack", from: "n3" }, { type: "nack", from: "n9" }, { type: "period-end" }],
      [{ type: "ping-req", helpers: ["n3", "n4", "n5"] }, { type: "suspect", target: "n2" }, { type: "health", delta: 2 }],
    ],
    ["ack after the period ended is too late", [{ type: "ping-timeout" }, { type: "period-end" }, { type: "ack" }], [{ type: "ping-req", helpers: ["n3", "n4", "n5"] }, { type: "suspect", target: "n2" }, { type: "health", delta: 3 }]],
  ])("%s", (_, events, effects) => {
    expect(run(p(), events)).toEqual(effects);
  });

  it("counts only vouched helpers' silence against health", () => {
    const events: ProbeEvent[] = [{ type: "ping-timeout" }, { type: "nack", from: "n3" }, { type: "period-end" }];
    expect(run(startProbe("n2", 1, ["n3", "n4", "n5"], ["n3", "n4"]), events)).toEqual([{ type: "ping-req", helpers: ["n3", "n4", "n5"] }, { type: "suspect", target: "n2" }, { type: "health", delta: 1 }]);
    expect(run(startProbe("n2", 1, ["n4", "n5"], []), events).at(-1)).toEqual({ type: "suspect", target: "n2" });
  });

  it("with no helpers: no ping-req; a failure costs +1", () => {
    expect(run(startProbe("n2", 1, []), [{ type: "ping-timeout" }, { type: "period-end" }])).toEqual([{ type: "suspect", target: "n2" }, { type: "health", delta: 1 }]);
  });
});

describe("ProbeOrder", () => {
  it("visits every candidate once a round, in a new order each round", () => {
    const rng = seededRng(3);
    const o = new ProbeOrder();
    const ids = ["a", "b", "c", "d", "e"];
    const r1 = ids.map(() => o.next(ids, rng.next));
    const r2 = ids.map(() => o.next(ids, rng.next));
    expect([...r1].sort()).toEqual(ids);
    expect([...r2].sort()).toEqual(ids);
    expect(r1).not.toEqual(r2);
    expect(o.next([], rng.next)).toBeUndefined();
  });

  it("with a fixed set of n, never leaves one unprobed for 2n periods", () => {
    const rng = seededRng(5);
    const o = new ProbeOrder();
    const ids = ["a", "b", "c", "d", "e", "f"];
    const last = new Map(ids.map((id) => [id, 0]));
    for (let period = 1; period <= 300; period++) {
      last.set(o.next(ids, rng.next)!, period);
      for (const [id, at] of last) expect(period - at, id).toBeLessThan(2 * ids.length);
    }
  });

  it("skips members no longer candidates", () => {
    const rng = seededRng(1);
    const o = new ProbeOrder();
    const first = o.next(["a", "b", "c"], rng.next)!;
    const rest = [o.next(["a", "b"], rng.next), o.next(["a", "b"], rng.next)];
    expect(rest).not.toContain("c");
    expect(first).toBeDefined();
  });

  it("probes each of n steady candidates within 2(n+3) periods while up to 3 others come and go (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 60 }), (n, seed, churn) => {
        const rng = seededRng(seed);
        const o = new ProbeOrder();
        const stable = Array.from({ length: n }, (_, i) => `s${i}`);
        const lastSeen = new Map(stable.map((id) => [id, 0]));
        for (let period = 1; period <= 60; period++) {
          const extra = churn[period % (churn.length || 1)] ?? 0;
          const candidates = [...stable, ...Array.from({ length: extra % 4 }, (_, i) => `x${(period + i) % 5}`)];
          const got = o.next(candidates, rng.next);
          if (got !== undefined && lastSeen.has(got)) lastSeen.set(got, period);
          for (const [id, at] of lastSeen) expect(period - at, `${id} at period ${period}`).toBeLessThanOrEqual(2 * (n + 3));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("shuffled and pickRandom", () => {
  it("permute without loss and pick distinct items", () => {
    const rng = seededRng(9);
    expect([...shuffled([1, 2, 3, 4], rng.next)].sort()).toEqual([1, 2, 3, 4]);
    const picked = pickRandom(["a", "b", "c", "d"], 3, rng.next);
    expect(new Set(picked).size).toBe(3);
    expect(pickRandom(["a"], 3, rng.next)).toEqual(["a"]);
  });
});

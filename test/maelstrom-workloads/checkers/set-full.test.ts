import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  broadcastChecker,
  frequencyDistribution,
  setFullChecker,
  type ElementResult,
} from "../../../maelstrom-workloads/checkers/set-full.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

const MS = 1_000_000;

/**
 * A history builder. Each op gets the next index; its time is `t` (ns) if
 * given, else 1 ms after the previous op.
 */
function history(addF = "add") {
  const ops: Op[] = [];
  let clock = 0;
  const push = (type: OpType, process: Op["process"], f: string, value: unknown, t?: number): Op => {
    clock = t ?? clock + MS;
    const op: Op = { index: ops.length, time: clock, type, process, f, value };
    ops.push(op);
    return op;
  };
  return {
    ops,
    addInvoke: (p: number, v: unknown, t?: number) => push("invoke", p, addF, v, t),
    addOk: (p: number, v: unknown, t?: number) => push("ok", p, addF, v, t),
    addInfo: (p: number, v: unknown, t?: number) => push("info", p, addF, v, t),
    addFail: (p: number, v: unknown, t?: number) => push("fail", p, addF, v, t),
    /** invoke + ok, back to back. */
    add(p: number, v: unknown) {
      const inv = push("invoke", p, addF, v);
      const ok = push("ok", p, addF, v);
      return { inv, ok };
    },
    readInvoke: (p: number, t?: number) => push("invoke", p, "read", null, t),
    readOk: (p: number, vs: unknown, t?: number) => push("ok", p, "read", vs, t),
    readFail: (p: number, t?: number) => push("fail", p, "read", null, t),
    /** invoke + ok, back to back. */
    read(p: number, vs: unknown) {
      const inv = push("invoke", p, "read", null);
      const ok = push("ok", p, "read", vs);
      return { inv, ok };
    },
    nemesis: (f: string, v: unknown) => push("info", "nemesis", f, v),
  };
}

const outcome = (r: Record<string, unknown>) => ({
  stable: r["stable-count"],
  lost: r["lost"],
  neverRead: r["never-read"],
  stale: r["stale"],
  valid: r["valid?"],
});

describe("setFullChecker: outcomes", () => {
  it("an empty history has no attempts and is unknown, with no latency maps", () => {
    const r = setFullChecker([]);
    expect(r).toEqual({
      "valid?": "unknown",
      "attempt-count": 0,
      "stable-count": 0,
      "lost-count": 0,
      lost: [],
      "never-read-count": 0,
      "never-read": [],
      "stale-count": 0,
      stale: [],
      "worst-stale": [],
      "duplicated-count": 0,
      duplicated: {},
    });
    expect(r).not.toHaveProperty("stable-latencies");
    expect(r).not.toHaveProperty("lost-latencies");
  });

  it("an acknowledged element seen by a later read is stable, with latency 0 when never absent", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, [1]);
    const r = setFullChecker(h.ops);
    expect(outcome(r)).toEqual({ stable: 1, lost: [], neverRead: [], stale: [], valid: true });
    expect(r["attempt-count"]).toBe(1);
    expect(r["stable-latencies"]).toEqual({ "0": 0, "0.5": 0, "0.95": 0, "0.99": 0, "1": 0 });
    expect(r).not.toHaveProperty("lost-latencies");
  });

  it("a read that saw the element, then a later read that did not, makes it lost", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, [1]);
    h.read(1, []);
    const r = setFullChecker(h.ops);
    expect(outcome(r)).toEqual({ stable: 0, lost: [1], neverRead: [], stale: [], valid: false });
    expect(r["lost-count"]).toBe(1);
  });

  it("lost-latency is floor((last-present invoke time + 1 - known time) / 1 ms)", () => {
    const h = history();
    h.addInvoke(0, 1, 1 * MS);
    h.addOk(0, 1, 2 * MS); // known
    h.readInvoke(1, 2 * MS + 3_999_999); // last present: +1 ns makes it exactly 4 ms after known
    h.readOk(1, [1], 7 * MS);
    h.readInvoke(1, 8 * MS);
    h.readOk(1, [], 9 * MS);
    h.addInvoke(0, 2, 9 * MS + 1);
    h.addOk(0, 2, 10 * MS); // known at 10 ms
    h.readInvoke(1, 10 * MS + 2_999_998); // +1 ns: 2.999999 ms, floored to 2
    h.readOk(1, [2], 13 * MS);
    h.read(1, []);
    const r = setFullChecker(h.ops);
    expect(r["lost"]).toEqual([1, 2]);
    expect(r["lost-latencies"]).toEqual({ "0": 2, "0.5": 4, "0.95": 4, "0.99": 4, "1": 4 });
    expect(r).not.toHaveProperty("stable-latencies");
  });

  it("a known element that was never seen and then read absent is lost with lost-latency 0", () => {
    const h = history();
    h.add(0, 5);
    h.read(1, []);
    const r = setFullChecker(h.ops);
    expect(r["lost"]).toEqual([5]);
    expect(r["lost-latencies"]).toEqual({ "0": 0, "0.5": 0, "0.95": 0, "0.99": 0, "1": 0 });
  });

  it("an element absent only from a read that overlapped its add is never-read, not lost", () => {
    const h = history();
    h.addInvoke(0, 1);
    h.readInvoke(1); // invoked before the add is acknowledged
    h.readOk(1, []);
    h.addOk(0, 1);
    const r = setFullChecker(h.ops);
    expect(outcome(r)).toEqual({ stable: 0, lost: [], neverRead: [1], stale: [], valid: "unknown" });
  });

  it("the same absence after the add completed is lost", () => {
    const h = history();
    h.addInvoke(0, 1);
    h.addOk(0, 1);
    h.readInvoke(1);
    h.readOk(1, []);
    expect(setFullChecker(h.ops)["lost"]).toEqual([1]);
  });

  it("an element added after every read is never-read", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, [1]);
    h.add(0, 2);
    const r = setFullChecker(h.ops);
    expect(r["never-read"]).toEqual([2]);
    expect(r["stable-count"]).toBe(1);
    expect(r["valid?"]).toBe(true);
  });

  it("a read that completed before the add was invoked does not count as absent", () => {
    const h = history();
    h.read(1, []);
    h.add(0, 1);
    const r = setFullChecker(h.ops);
    expect(r["never-read"]).toEqual([1]);
    expect(r["lost"]).toEqual([]);
  });

  it("an add invoked while a read is in flight is judged by that read's invocation", () => {
    const h = history();
    h.readInvoke(1);
    h.add(0, 1); // invoke + ok while the read is pending
    h.readOk(1, []);
    // the read was invoked before the element was known: never-read
    expect(setFullChecker(h.ops)["never-read"]).toEqual([1]);
  });

  it("an unacknowledged add (info or fail) that no read saw is never-read, not lost", () => {
    const h = history();
    h.addInvoke(0, 1);
    h.addInfo(0, 1);
    h.addInvoke(1, 2);
    h.addFail(1, 2);
    h.read(3, []);
    const r = setFullChecker(h.ops);
    expect(outcome(r)).toEqual({ stable: 0, lost: [], neverRead: [1, 2], stale: [], valid: "unknown" });
  });

  it("an unacknowledged add that a read saw is known through that read", () => {
    const h = history();
    h.addInvoke(0, 1);
    h.addInfo(0, 1);
    h.read(2, [1]);
    const r = setFullChecker(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["valid?"]).toBe(true);
  });

  it("an unacknowledged add seen once then missing is lost (known via the read)", () => {
    const h = history();
    h.addInvoke(0, 1);
    h.addInfo(0, 1);
    h.read(2, [1]);
    h.read(2, []);
    expect(setFullChecker(h.ops)["lost"]).toEqual([1]);
  });

  it("failed and indeterminate reads are ignored", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, [1]);
    h.readInvoke(1);
    h.readFail(1);
    h.readInvoke(2);
    h.ops.push({ index: h.ops.length, time: 99 * MS, type: "info", process: 2, f: "read", value: null });
    const r = setFullChecker(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["lost"]).toEqual([]);
  });

  it("ignores values read that were never added", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, [1, 99, "x", { a: 1 }]);
    const r = setFullChecker(h.ops);
    expect(r["attempt-count"]).toBe(1);
    expect(r["stable-count"]).toBe(1);
    expect(r["valid?"]).toBe(true);
  });

  it("never reports duplicates, even when a read returns an element twice", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, [1, 1, 1]);
    const r = setFullChecker(h.ops);
    expect(r["duplicated-count"]).toBe(0);
    expect(r["duplicated"]).toEqual({});
    expect(r["valid?"]).toBe(true);
  });

  it("treats an ok read with a null value as reading nothing", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, null);
    expect(setFullChecker(h.ops)["lost"]).toEqual([1]);
  });

  it("throws on an ok read whose value is not an array", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, { messages: [1] });
    expect(() => setFullChecker(h.ops)).toThrow(/non-array/);
  });

  it("excludes nemesis ops", () => {
    const h = history();
    h.nemesis("start-partition", "one");
    h.add(0, 1);
    h.nemesis("stop-partition", "network-healed");
    h.read(1, [1]);
    expect(setFullChecker(h.ops)["stable-count"]).toBe(1);
  });

  it("uses JSON value equality for elements", () => {
    const h = history();
    h.add(0, { a: 1, b: [1, 2] });
    h.add(0, [1, 2]);
    h.read(1, [{ b: [1, 2], a: 1 }, [2, 1]]);
    const r = setFullChecker(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["lost"]).toEqual([[1, 2]]);
  });

  it("sorts lost, never-read and stale numerically", () => {
    const h = history();
    for (const v of [10, 2, 33, 4]) h.add(0, v);
    h.read(1, [33, 4, 10, 2]);
    h.read(1, [4]);
    h.add(0, 100);
    h.add(0, 9);
    const r = setFullChecker(h.ops);
    expect(r["lost"]).toEqual([2, 10, 33]);
    expect(r["never-read"]).toEqual([9, 100]);
  });

  it("a re-invoked add restarts tracking of that element, as in Jepsen", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, [1]); // stable so far
    h.addInvoke(0, 1); // state reset: no reads since
    h.addInfo(0, 1);
    expect(setFullChecker(h.ops)["never-read"]).toEqual([1]);
  });
});

describe("setFullChecker: latest read is by invocation index", () => {
  it("a later-invoked read that misses the element wins over an earlier-invoked one that completes later", () => {
    const h = history();
    h.add(0, 1);
    h.readInvoke(1); // A, invoked first
    h.readInvoke(2); // B, invoked second
    h.readOk(2, []); // B completes first, without the element
    h.readOk(1, [1]); // A completes last, with it
    expect(outcome(setFullChecker(h.ops))).toMatchObject({ lost: [1], valid: false });
  });

  it("a later-invoked read that sees the element makes it stable even if it completes first", () => {
    const h = history();
    h.add(0, 1);
    h.readInvoke(1); // A
    h.readInvoke(2); // B
    h.readOk(2, [1]); // B (later invoked) sees it
    h.readOk(1, []); // A completes last, without it
    const r = setFullChecker(h.ops);
    expect(outcome(r)).toMatchObject({ stable: 1, lost: [], valid: true });
  });
});

describe("setFullChecker: stable latency and staleness", () => {
  it("stable latency is floor((last-absent invoke time + 1 - known time) / 1 ms), and the element is stale", () => {
    const h = history();
    const add = h.add(0, 1); // ok at 2 ms
    const absent = h.readInvoke(1, 2 * MS + 4_999_998); // +1 ns: 4.999999 ms after known
    h.readOk(1, [], 8 * MS);
    h.read(1, [1]);
    const r = setFullChecker(h.ops);
    expect(outcome(r)).toEqual({ stable: 1, lost: [], neverRead: [], stale: [1], valid: true });
    expect(r["stale-count"]).toBe(1);
    expect(r["stable-latencies"]).toEqual({ "0": 4, "0.5": 4, "0.95": 4, "0.99": 4, "1": 4 });
    const expected: ElementResult = {
      element: 1,
      outcome: "stable",
      "stable-latency": 4,
      "lost-latency": null,
      known: add.ok,
      "last-absent": absent,
    };
    expect(r["worst-stale"]).toEqual([expected]);
  });

  it("an absent read invoked before the element was known gives latency 0, so not stale", () => {
    const h = history();
    h.addInvoke(0, 1);
    h.readInvoke(1);
    h.readOk(1, []);
    h.addOk(0, 1);
    h.read(1, [1]);
    const r = setFullChecker(h.ops);
    expect(r["stable-count"]).toBe(1);
    expect(r["stale"]).toEqual([]);
    expect(r["worst-stale"]).toEqual([]);
    expect((r["stable-latencies"] as Record<string, number>)["1"]).toBe(0);
  });

  it("known is the earlier of the add's ok and the first read that saw the element", () => {
    const h = history();
    h.addInvoke(0, 5, 1 * MS);
    h.readInvoke(1, 2 * MS);
    const firstSeen = h.readOk(1, [5], 3 * MS); // before the add's ok
    h.addOk(0, 5, 4 * MS);
    h.readInvoke(1, 10 * MS); // absent: 10 ms + 1 ns
    h.readOk(1, [], 11 * MS);
    h.read(1, [5]);
    const r = setFullChecker(h.ops);
    const [worst] = r["worst-stale"] as ElementResult[];
    expect(worst?.known).toBe(firstSeen);
    expect(worst?.["stable-latency"]).toBe(7); // (10 ms + 1 ns - 3 ms), floored; via the add's ok it would be 6
  });

  it("a stale element with a lost one is still invalid; stale alone is valid", () => {
    const h = history();
    h.add(0, 1);
    h.read(1, []);
    h.read(1, [1]); // 1 is stale but stable
    expect(setFullChecker(h.ops)["valid?"]).toBe(true);
    h.add(0, 2);
    h.read(1, [1, 2]);
    h.read(1, [1]); // 2 lost
    expect(setFullChecker(h.ops)["valid?"]).toBe(false);
  });

  it("worst-stale keeps the 8 highest latencies, highest first, ties by descending element", () => {
    const h = history();
    // Element v is known at time 0 (relative) and last absent (v % 10) ms later.
    const elements = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13];
    // Each absent read misses only its own element.
    let t = 0;
    for (const [i, v] of elements.entries()) {
      t += 100 * MS;
      h.addInvoke(v, v, t);
      h.addOk(v, v, t);
      h.readInvoke(1000 + v, t + (v % 10) * MS - 1);
      h.readOk(1000 + v, elements.slice(0, i), t + 50 * MS);
    }
    h.read(0, elements);
    const r = setFullChecker(h.ops);
    const worst = (r["worst-stale"] as ElementResult[]).map((e) => [e.element, e["stable-latency"]]);
    expect(worst).toEqual([
      [9, 9],
      [8, 8],
      [7, 7],
      [6, 6],
      [5, 5],
      [4, 4],
      [13, 3],
      [3, 3],
    ]);
    expect(r["stale"]).toEqual(elements);
    expect(r["stable-latencies"]).toEqual({ "0": 1, "0.5": 4, "0.95": 9, "0.99": 9, "1": 9 });
  });
});

describe("frequencyDistribution", () => {
  it.each([
    { values: [7], want: { "0": 7, "0.5": 7, "0.95": 7, "0.99": 7, "1": 7 } },
    { values: [5, 1, 3, 2, 4], want: { "0": 1, "0.5": 3, "0.95": 5, "0.99": 5, "1": 5 } },
    { values: [0, 10], want: { "0": 0, "0.5": 10, "0.95": 10, "0.99": 10, "1": 10 } },
    {
      values: Array.from({ length: 100 }, (_, i) => 99 - i),
      want: { "0": 0, "0.5": 50, "0.95": 95, "0.99": 99, "1": 99 },
    },
    {
      values: Array.from({ length: 20 }, (_, i) => i),
      want: { "0": 0, "0.5": 10, "0.95": 19, "0.99": 19, "1": 19 },
    },
  ])("picks sorted[min(n-1, floor(n*p))] for $values.length values", ({ values, want }) => {
    expect(frequencyDistribution(values)).toEqual(want);
  });

  it("is null for no values", () => {
    expect(frequencyDistribution([])).toBeNull();
  });

  it("returns members of the input, non-decreasing across points, min at 0 and max at 1", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 200 }), (values) => {
        const d = frequencyDistribution(values)!;
        const picks = ["0", "0.5", "0.95", "0.99", "1"].map((k) => d[k]!);
        for (const p of picks) expect(values).toContain(p);
        for (let i = 1; i < picks.length; i++) expect(picks[i]!).toBeGreaterThanOrEqual(picks[i - 1]!);
        expect(picks[0]).toBe(Math.min(...values));
        expect(picks[4]).toBe(Math.max(...values));
      }),
    );
  });
});

describe("broadcastChecker", () => {
  it("treats f broadcast as add", () => {
    const h = history("broadcast");
    h.add(0, 1);
    h.add(0, 2);
    h.read(1, [1]);
    const r = broadcastChecker(h.ops);
    expect(r["attempt-count"]).toBe(2);
    expect(r["lost"]).toEqual([2]);
    expect(r["stable-count"]).toBe(1);
  });

  it("ignores add ops, which the broadcast workload never makes", () => {
    const h = history("add");
    h.add(0, 1);
    h.read(1, [1]);
    expect(broadcastChecker(h.ops)["attempt-count"]).toBe(0);
    expect(setFullChecker(h.ops)["attempt-count"]).toBe(1);
  });

  it("does not treat final reads specially", () => {
    const h = history("broadcast");
    h.add(0, 1);
    h.read(1, [1]);
    h.readInvoke(1);
    h.ops.push({ index: h.ops.length, time: 1e9, type: "ok", process: 1, f: "read", value: [], final: true });
    expect(broadcastChecker(h.ops)["lost"]).toEqual([1]);
  });
});

/** mulberry32: a small deterministic PRNG so fast-check seeds the whole history. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random concurrent history over `procs` client processes: each process
 * runs a random script of adds (distinct elements, all acknowledged) and
 * reads (each returning a random subset of the elements invoked so far plus
 * some never-added junk), interleaved at random, with nemesis ops sprinkled
 * in. Then every process invokes one final read (concurrently); they complete
 * in random order and all return every element — except that the final read
 * invoked last omits `omit`, if given.
 */
function randomHistory(seed: number, elementCount: number, procs: number, omit?: number) {
  const rnd = prng(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const ops: Op[] = [];
  let clock = 0;
  const push = (type: OpType, process: Op["process"], f: string, value: unknown): Op => {
    clock += 1 + pick(3 * MS);
    const op: Op = { index: ops.length, time: clock, type, process, f, value };
    ops.push(op);
    return op;
  };
  const elements = Array.from({ length: elementCount }, (_, i) => i * 3 + pick(3));
  const scripts: Array<Array<{ f: "add"; v: number } | { f: "read" }>> = Array.from({ length: procs }, () => []);
  for (const v of elements) scripts[pick(procs)]!.push({ f: "add", v });
  for (let i = 0; i < elementCount; i++) {
    const s = scripts[pick(procs)]!;
    s.splice(pick(s.length + 1), 0, { f: "read" });
  }
  const invoked: number[] = [];
  const pending = new Map<number, { f: "add"; v: number } | { f: "read" }>();
  const next = scripts.map(() => 0);
  const busy = () => [...Array(procs).keys()].filter((p) => pending.has(p) || next[p]! < scripts[p]!.length);
  for (let live = busy(); live.length > 0; live = busy()) {
    const p = live[pick(live.length)]!;
    if (rnd() < 0.05) push("info", "nemesis", rnd() < 0.5 ? "start-partition" : "stop-partition", null);
    const cur = pending.get(p);
    if (cur === undefined) {
      const step = scripts[p]![next[p]!++]!;
      pending.set(p, step);
      if (step.f === "add") {
        invoked.push(step.v);
        push("invoke", p, "add", step.v);
      } else push("invoke", p, "read", null);
    } else {
      pending.delete(p);
      if (cur.f === "add") push("ok", p, "add", cur.v);
      else push("ok", p, "read", [...invoked.filter(() => rnd() < 0.5), -1 - pick(5)]);
    }
  }
  const order = [...Array(procs).keys()].sort(() => rnd() - 0.5);
  for (const p of order) push("invoke", p, "read", null);
  const lastInvoked = order[order.length - 1]!;
  const completion = [...order].sort(() => rnd() - 0.5);
  for (const p of completion) {
    const value = p === lastInvoked && omit !== undefined ? elements.filter((v) => v !== omit) : [...elements].reverse();
    const op = push("ok", p, "read", value);
    op.final = true;
  }
  return { ops, elements };
}

describe("setFullChecker: properties", () => {
  const params = fc.record({
    seed: fc.integer(),
    elementCount: fc.integer({ min: 1, max: 25 }),
    procs: fc.integer({ min: 1, max: 5 }),
  });

  it("everything acknowledged and read by every final read is stable and nothing is lost", () => {
    fc.assert(
      fc.property(params, ({ seed, elementCount, procs }) => {
        const { ops, elements } = randomHistory(seed, elementCount, procs);
        const r = setFullChecker(ops);
        expect(r["valid?"]).toBe(true);
        expect(r["attempt-count"]).toBe(elements.length);
        expect(r["stable-count"]).toBe(elements.length);
        expect(r["lost"]).toEqual([]);
        expect(r["never-read"]).toEqual([]);
        expect(r["stale-count"]).toBe((r["stale"] as unknown[]).length);
      }),
    );
  });

  it("omitting one element from only the last-invoked final read makes exactly that element lost", () => {
    fc.assert(
      fc.property(params, fc.nat(), ({ seed, elementCount, procs }, which) => {
        const probe = randomHistory(seed, elementCount, procs);
        const omit = probe.elements[which % probe.elements.length]!;
        const { ops, elements } = randomHistory(seed, elementCount, procs, omit);
        const r = setFullChecker(ops);
        expect(r["lost"]).toEqual([omit]);
        expect(r["stable-count"]).toBe(elements.length - 1);
        expect(r["never-read"]).toEqual([]);
        expect(r["valid?"]).toBe(false);
        expect(r).toHaveProperty("lost-latencies");
      }),
    );
  });

  it("every element gets exactly one outcome and the counts add up", () => {
    fc.assert(
      fc.property(params, fc.nat(), ({ seed, elementCount, procs }, which) => {
        const probe = randomHistory(seed, elementCount, procs);
        const omit = which % 2 === 0 ? probe.elements[which % probe.elements.length] : undefined;
        const r = setFullChecker(randomHistory(seed, elementCount, procs, omit).ops);
        const lists = [r["lost"], r["never-read"]] as unknown[][];
        expect((r["stable-count"] as number) + lists[0]!.length + lists[1]!.length).toBe(r["attempt-count"]);
        expect(r["lost-count"]).toBe(lists[0]!.length);
        expect(r["never-read-count"]).toBe(lists[1]!.length);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../maelstrom-workloads/checkers/json-value.js";
import { setFullChecker } from "../../../maelstrom-workloads/checkers/set-full.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

/** Element values whose canonical JSON collide (0 and -0) or look alike across types (1 and "1", [1] and "[1]"). */
const POOL: unknown[] = [0, -0, 1, 2, 1.5, 1e21, "1", "0", "[1]", "a", null, [1], [1, 2], { a: 1 }, true];
const step = fc.record({
  process: fc.nat(3),
  add: fc.boolean(),
  value: fc.nat(POOL.length - 1),
  read: fc.subarray([...POOL.keys()]),
  outcome: fc.constantFrom("ok" as const, "ok" as const, "fail" as const, "info" as const),
});

/** Each process invokes, then completes, in the generated order (ops of different processes interleave). */
function historyOf(steps: ReadonlyArray<{ process: number; add: boolean; value: number; read: number[]; outcome: "ok" | "fail" | "info" }>, label: (v: unknown) => unknown): Op[] {
  const ops: Op[] = [];
  const open = new Map<number, { f: string; value: unknown; done: unknown }>();
  for (const s of steps) {
    const o = open.get(s.process);
    const push = (type: Op["type"], f: string, value: unknown) => ops.push({ index: ops.length, time: ops.length * 1_000_000, type, process: s.process, f, value });
    if (o) {
      push(s.outcome, o.f, s.outcome === "ok" ? o.done : o.f === "add" ? o.value : null);
      open.delete(s.process);
    } else if (s.add) {
      const v = label(POOL[s.value]);
      push("invoke", "add", v);
      open.set(s.process, { f: "add", value: v, done: v });
    } else {
      push("invoke", "read", null);
      open.set(s.process, { f: "read", value: null, done: s.read.map((i) => label(POOL[i])) });
    }
  }
  return ops;
}

describe("set-full keys elements by value identity (canonical JSON), numbers without building strings", () => {
  it("gives the same outcomes as on the same history with every element replaced by its canonical JSON string", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const direct = setFullChecker(historyOf(steps, (v) => structuredClone(v))); // distinct objects, as parsed JSON gives
        const relabelled = setFullChecker(historyOf(steps, canonicalJson));
        for (const k of ["valid?", "attempt-count", "stable-count", "lost-count", "never-read-count", "stale-count", "stable-latencies", "lost-latencies"]) {
          expect(direct[k], k).toEqual(relabelled[k]);
        }
        for (const k of ["lost", "never-read", "stale"]) {
          expect((direct[k] as unknown[]).map(canonicalJson).sort(), k).toEqual([...(relabelled[k] as string[])].sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it("treats 0 and -0 as one element, 1 and \"1\" as two, and a bigint as the number it prints as", () => {
    const ops: Op[] = [
      { index: 0, time: 0, type: "invoke", process: 0, f: "add", value: -0 },
      { index: 1, time: 1, type: "ok", process: 0, f: "add", value: -0 },
      { index: 2, time: 2, type: "invoke", process: 0, f: "add", value: 5n },
      { index: 3, time: 3, type: "ok", process: 0, f: "add", value: 5n },
      { index: 4, time: 4, type: "invoke", process: 0, f: "add", value: "1" },
      { index: 5, time: 5, type: "ok", process: 0, f: "add", value: "1" },
      { index: 6, time: 6, type: "invoke", process: 1, f: "read", value: null },
      { index: 7, time: 7, type: "ok", process: 1, f: "read", value: [0, 5, 1] },
    ];
    const r = setFullChecker(ops);
    expect(r["stable-count"]).toBe(2);
    expect(r["lost-count"]).toBe(1);
    expect(r["lost"]).toEqual(["1"]);
  });
});

/** Jepsen's walk, element by element for every ok read, keyed by canonical JSON: the oracle for the checker's faster walk. */
function jepsenWalk(ops: readonly Op[]) {
  const states = new Map<string, { known: Op | null; present: Op | null; absent: Op | null }>();
  const invOf = new Map<number, Op>();
  const open = new Map<unknown, Op>();
  for (const op of ops) {
    if (op.type === "invoke") open.set(op.process, op);
    else {
      invOf.set(op.index, open.get(op.process)!);
      open.delete(op.process);
    }
  }
  for (const op of ops) {
    if (op.f === "add" && op.type === "invoke") states.set(canonicalJson(op.value), { known: null, present: null, absent: null });
    else if (op.f === "add" && op.type === "ok") {
      const s = states.get(canonicalJson(invOf.get(op.index)!.value));
      if (s && s.known === null) s.known = op;
    } else if (op.f === "read" && op.type === "ok") {
      const inv = invOf.get(op.index)!;
      const seen = new Set((op.value as unknown[]).map(canonicalJson));
      for (const [k, s] of states) {
        if (seen.has(k)) {
          s.known ??= op;
          if (s.present === null || s.present.index < inv.index) s.present = inv;
        } else if (s.absent === null || s.absent.index < inv.index) s.absent = inv;
      }
    }
  }
  const outcome = new Map<string, string>();
  for (const [k, s] of states) {
    const [a, p] = [s.absent?.index ?? -1, s.present?.index ?? -1];
    outcome.set(k, s.present !== null && a < p ? "stable" : s.known !== null && s.absent !== null && p < a && s.known.index < a ? "lost" : "never-read");
  }
  return outcome;
}

it("sorts every element into stable, lost and never-read as Jepsen's element-by-element walk does", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
      const ops = historyOf(steps, (v) => structuredClone(v));
      const r = setFullChecker(ops);
      const expected = jepsenWalk(ops);
      const got = new Map<string, string>();
      for (const key of ["lost", "never-read"] as const) for (const e of r[key] as unknown[]) got.set(canonicalJson(e), key);
      for (const [k, o] of expected) if (o !== "stable") expect(got.get(k), k).toBe(o);
      expect(r["stable-count"]).toBe([...expected.values()].filter((o) => o === "stable").length);
      expect(got.size).toBe([...expected.values()].filter((o) => o !== "stable").length);
    }),
    { numRuns: 400 },
  );
});

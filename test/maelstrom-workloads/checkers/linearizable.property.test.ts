import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLinearizable } from "../../../maelstrom-workloads/checkers/linearizable.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

/** One op of a generated history: what it did, its outcome, and when it was invoked and completed (any units). */
interface Spec {
  key: number;
  f: "read" | "write" | "cas";
  /** write: the value; cas: [from, to]; read: the value it returned. */
  arg: unknown;
  /** pending: invoked and never completed (the run ended first), which counts as info. */
  type: "ok" | "info" | "fail" | "pending";
  start: number;
  end: number;
}

/** The history of `specs`, each op on its own process, entries in time order (invocations first on ties). */
function toHistory(specs: readonly Spec[]): Op[] {
  const entries: { t: number; order: number; op: Omit<Op, "index" | "time"> }[] = [];
  specs.forEach((s, i) => {
    const inv = s.f === "read" ? [s.key, null] : [s.key, s.arg];
    const done = s.f === "read" && s.type === "ok" ? [s.key, s.arg] : inv;
    entries.push({ t: s.start, order: 0, op: { type: "invoke", process: i, f: s.f, value: inv } });
    if (s.type !== "pending") entries.push({ t: s.end, order: 1, op: { type: s.type as OpType, process: i, f: s.f, value: done } });
  });
  entries.sort((a, b) => a.t - b.t || a.order - b.order);
  return entries.map((e, index) => ({ index, time: e.t * 1000, ...e.op }));
}

/**
 * Brute force: is there an order of the key's ops that respects real time
 * (an op that completed before another was invoked comes first) and is a
 * legal sequence of register ops? Every ok op must be in it; an info op may
 * be anywhere after its invocation or absent; failed ops are absent. Read
 * of null fits any value, as in Knossos's cas-register. Written apart from
 * the checker, on purpose.
 */
function bruteForce(specs: readonly Spec[]): boolean {
  const ops = specs.filter((s) => s.type !== "fail");
  const n = ops.length;
  const seen = new Set<string>();
  const search = (placed: number, value: unknown): boolean => {
    if (ops.every((o, i) => o.type !== "ok" || placed & (1 << i))) return true;
    const memo = `${placed}:${String(value)}`;
    if (seen.has(memo)) return false;
    seen.add(memo);
    for (let i = 0; i < n; i++) {
      if (placed & (1 << i)) continue;
      const o = ops[i]!;
      // Every ok op that completed before this one began must already be placed.
      if (ops.some((p, j) => !(placed & (1 << j)) && p.type === "ok" && p.end < o.start)) continue; // (a pending op never completed)
      let next: unknown;
      if (o.f === "write") next = o.arg;
      else if (o.f === "read") {
        if (o.type !== "ok" || (o.arg !== null && o.arg !== value)) continue;
        next = value;
      } else {
        const [from, to] = o.arg as [number | null, number | null];
        if (from !== value) continue;
        next = to;
      }
      if (search(placed | (1 << i), next)) return true;
    }
    return false;
  };
  return search(0, null);
}

const value = fc.integer({ min: 0, max: 2 });
/** Written and compared values, null now and then (a write of null; a cas from null, which works on the initial register). */
const valueOrNull = fc.option(value, { freq: 6 });
const f = fc.constantFrom("read" as const, "write" as const, "cas" as const);

/** Any small single-key history: random ops, values, outcomes and overlapping intervals. */
const randomSpec = fc
  .record({ f, w: valueOrNull, from: valueOrNull, to: valueOrNull, read: fc.option(value, { freq: 6 }), type: fc.constantFrom("ok", "ok", "ok", "info", "fail", "pending"), start: fc.integer({ min: 0, max: 20 }), len: fc.integer({ min: 0, max: 12 }) })
  .map((r): Spec => ({
    key: 0,
    f: r.f,
    arg: r.f === "write" ? r.w : r.f === "cas" ? [r.from, r.to] : r.read,
    type: r.type as Spec["type"],
    start: 2 * r.start,
    end: 2 * (r.start + r.len) + 1,
  }));

describe("checkLinearizable: properties", () => {
  it("a real register's ops, each stretched to overlap others, are always linearizable", () => {
    const step = fc.record({
      key: fc.integer({ min: 0, max: 1 }),
      f,
      w: value,
      from: value,
      to: value,
      before: fc.integer({ min: 0, max: 40 }),
      after: fc.integer({ min: 0, max: 40 }),
      outcome: fc.constantFrom("ok", "ok", "ok", "ok", "info-done", "info-not-done"),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const registers = new Map<number, number | null>();
        const specs = steps.map((s, i): Spec => {
          // The op takes effect at 100 i + 50, inside its interval.
          const at = 100 * i + 50;
          const cur = registers.get(s.key) ?? null;
          const done = s.outcome !== "info-not-done";
          const type = s.outcome === "ok" ? "ok" : "info";
          const interval = { start: at - s.before, end: at + s.after };
          if (s.f === "read") return { key: s.key, f: s.f, arg: cur, type: done ? "ok" : "fail", ...interval };
          if (s.f === "write") {
            if (done) registers.set(s.key, s.w);
            return { key: s.key, f: s.f, arg: s.w, type, ...interval };
          }
          const ok = cur === s.from;
          if (ok && done) registers.set(s.key, s.to);
          return { key: s.key, f: s.f, arg: [s.from, s.to], type: ok ? type : "fail", ...interval };
        });
        const r = checkLinearizable(toHistory(specs));
        expect(r["valid?"], JSON.stringify(r, null, 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("on small random histories the checker agrees with a brute-force search over all orders", () => {
    fc.assert(
      fc.property(fc.array(randomSpec, { minLength: 1, maxLength: 9 }), (specs) => {
        const r = checkLinearizable(toHistory(specs));
        expect(r["valid?"]).toBe(bruteForce(specs));
      }),
      { numRuns: 1500 },
    );
  });

  it("random histories find both verdicts (the agreement above is not vacuous)", () => {
    const verdicts = fc.sample(fc.array(randomSpec, { minLength: 1, maxLength: 7 }), { numRuns: 300, seed: 1 }).map(bruteForce);
    expect(verdicts.filter((v) => v).length).toBeGreaterThan(30);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(30);
  });
});

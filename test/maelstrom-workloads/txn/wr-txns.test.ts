import { describe, expect, it } from "vitest";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";
import { type MicroOp, WrTxnGenerator, type WrTxnOptions } from "../../../maelstrom-workloads/txn/wr-txns.js";

// Elle 0.2.2's wr-txns, as Maelstrom's txn workloads draw their transactions.

const MAELSTROM: WrTxnOptions = { writeF: "w", keyCount: 10, minTxnLength: 1, maxTxnLength: 4, maxWritesPerKey: 16 };

function draw(opts: Partial<WrTxnOptions>, n: number, seed = 1): { txns: MicroOp[][]; gen: WrTxnGenerator } {
  const gen = new WrTxnGenerator({ ...MAELSTROM, ...opts }, seededRng(seed));
  return { txns: Array.from({ length: n }, () => gen.next()), gen };
}

describe("WrTxnGenerator (seeds 1-3)", () => {
  it("lengths are 1..--max-txn-length, each length drawn (about uniformly)", () => {
    const { txns } = draw({}, 4000);
    const counts = [0, 0, 0, 0, 0];
    for (const t of txns) counts[t.length]!++;
    expect(counts[0]).toBe(0);
    for (const l of [1, 2, 3, 4]) expect(counts[l]! / 4000).toBeGreaterThan(0.2);
  });

  it("reads carry null; writes carry 1, 2, 3, ... per key, never more than --max-writes-per-key, each value once", () => {
    for (const seed of [1, 2, 3]) {
      const { txns } = draw({ maxWritesPerKey: 5 }, 2000, seed);
      const written = new Map<unknown, number[]>();
      let reads = 0;
      for (const [f, k, v] of txns.flat()) {
        if (f === "r") {
          expect(v).toBeNull();
          reads++;
        } else {
          expect(f).toBe("w");
          written.set(k, [...(written.get(k) ?? []), v as number]);
        }
      }
      for (const [k, vs] of written) expect(vs, `key ${String(k)}`).toEqual(vs.map((_, i) => i + 1));
      for (const vs of written.values()) expect(vs.length).toBeLessThanOrEqual(5);
      expect(reads / txns.flat().length).toBeGreaterThan(0.45);
    }
  });

  it("a key written --max-writes-per-key times is retired: its slot takes one more than the largest active key; --key-count keys stay active", () => {
    const { gen, txns } = draw({ keyCount: 3, maxWritesPerKey: 2 }, 200);
    expect(gen.activeKeys).toHaveLength(3);
    const keys = [...new Set(txns.flat().map(([, k]) => k as number))];
    // Keys appear in order of creation: 0..2 at first, then each fresh key is the next integer.
    expect(Math.max(...keys)).toBe(keys.length - 1);
    expect(keys.length).toBeGreaterThan(20);
  });

  it("keys: the exponential distribution makes each active slot twice as likely as the one before (the last about half the time)", () => {
    const { txns } = draw({ maxWritesPerKey: 1_000_000 }, 5000);
    const count = new Map<number, number>();
    const mops = txns.flat();
    for (const [, k] of mops) count.set(k as number, (count.get(k as number) ?? 0) + 1);
    expect(count.get(9)! / mops.length).toBeCloseTo(0.5, 1);
    expect(count.get(8)! / mops.length).toBeCloseTo(0.25, 1);
    expect(count.get(9)! / count.get(8)!).toBeGreaterThan(1.7);
  });

  it("txn-list-append: the writes are appends, with the same values", () => {
    const w = draw({}, 300).txns;
    const a = draw({ writeF: "append" }, 300).txns;
    expect(a).toEqual(w.map((t) => t.map(([f, k, v]) => [f === "w" ? "append" : f, k, v])));
  });

  it("is deterministic from its seed, and refuses bad options", () => {
    expect(draw({}, 50, 9).txns).toEqual(draw({}, 50, 9).txns);
    expect(() => new WrTxnGenerator({ ...MAELSTROM, maxTxnLength: 0 }, seededRng(1))).toThrow(/maxTxnLength must be a whole number >= 1, got 0/);
    expect(() => new WrTxnGenerator({ ...MAELSTROM, minTxnLength: 5 }, seededRng(1))).toThrow(/minTxnLength 5 is above maxTxnLength 4/);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_VIRTUAL_NODES, HashRing } from "../../../lib/ring/hash-ring.js";
import { hashString } from "../../../lib/ring/hash-string.js";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);
const keys = (n: number) => Array.from({ length: n }, (_, i) => `key-${i}`);

describe("hashString", () => {
  // Pinned values: every node must place every point and key alike, on every
  // host and in every version; a change here reshuffles every ring.
  it.each([
    ["", 2872998923],
    ["a", 444641715],
    ["n1#0", 4103969895],
    ["key-1", 1675941015],
  ])("hashes %j to %i", (s, h) => {
    expect(hashString(s)).toBe(h);
  });

  it("sets each output bit about half the time over similar strings", () => {
    const counts = new Array<number>(32).fill(0);
    const total = 4096;
    for (let i = 0; i < total; i++) {
      const h = hashString(`n${i % 64}#${i >> 6}`);
      for (let b = 0; b < 32; b++) if ((h >>> b) & 1) counts[b]!++;
    }
    for (const c of counts) expect(Math.abs(c / total - 0.5)).toBeLessThan(0.05);
  });
});

describe("HashRing", () => {
  it("has no owner when empty, and one member owns everything", () => {
    expect(new HashRing([]).owner("x")).toBeUndefined();
    const one = new HashRing(["n1"]);
    expect(keys(50).every((k) => one.owner(k) === "n1")).toBe(true);
  });

  it("does not depend on the order members are given in, or on duplicates", () => {
    const a = new HashRing(["n1", "n2", "n3"]);
    const b = new HashRing(["n3", "n1", "n2", "n1"]);
    expect(b.members).toEqual(["n1", "n2", "n3"]);
    for (const k of keys(500)) expect(b.owner(k)).toBe(a.owner(k));
  });

  it("refuses a virtual node count that is not a whole number >= 1", () => {
    expect(() => new HashRing(["n1"], 0)).toThrow(/virtualNodes must be a whole number >= 1, got 0/);
    expect(() => new HashRing(["n1"], 1.5)).toThrow(/got 1.5/);
  });

  it.each([5, 25, 50])(`with the default ${DEFAULT_VIRTUAL_NODES} virtual nodes, every one of %i members owns 0.6 to 1.5 of its fair share of 20,000 keys`, (n) => {
    const ring = new HashRing(ids(n));
    const owned = new Map<string, number>();
    const all = keys(20_000);
    for (const k of all) {
      const o = ring.owner(k)!;
      owned.set(o, (owned.get(o) ?? 0) + 1);
    }
    const fair = all.length / n;
    expect(owned.size).toBe(n);
    for (const [m, c] of owned) {
      expect(c / fair, `${m} owns ${c} of ${all.length}`).toBeGreaterThan(0.6);
      expect(c / fair, `${m} owns ${c} of ${all.length}`).toBeLessThan(1.5);
    }
  });

  const membersArb = fc.uniqueArray(fc.stringMatching(/^n[0-9]{1,3}$/), { minLength: 2, maxLength: 30 });

  it("when a member leaves, only the keys it owned move (property)", () => {
    fc.assert(
      fc.property(membersArb, fc.nat(), fc.array(fc.string(), { maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (members, pick, ks, v) => {
        const gone = members[pick % members.length]!;
        const before = new HashRing(members, v);
        const after = new HashRing(members.filter((m) => m !== gone), v);
        for (const k of ks) {
          if (before.owner(k) === gone) expect(after.owner(k)).not.toBe(gone);
          else expect(after.owner(k)).toBe(before.owner(k));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("when a member joins, only the keys that move to it move (property)", () => {
    fc.assert(
      fc.property(membersArb, fc.stringMatching(/^m[0-9]{1,3}$/), fc.array(fc.string(), { maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (members, joining, ks, v) => {
        const before = new HashRing(members, v);
        const after = new HashRing([...members, joining], v);
        for (const k of ks) if (after.owner(k) !== joining) expect(after.owner(k)).toBe(before.owner(k));
      }),
      { numRuns: 200 },
    );
  });

  it("moves about 1/n of the keys when one of n members leaves", () => {
    const n = 25;
    const before = new HashRing(ids(n));
    const after = new HashRing(ids(n).filter((m) => m !== "n7"));
    const all = keys(20_000);
    const moved = all.filter((k) => before.owner(k) !== after.owner(k)).length / all.length;
    expect(moved).toBeGreaterThan(0.6 / n);
    expect(moved).toBeLessThan(1.5 / n);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MemberState, outranks, STATUSES, type Update } from "../../../lib/swim/member-status.js";
import { MemberTable } from "../../../lib/swim/member-table.js";

const s = (status: MemberState["status"], incarnation: number): MemberState => ({ status, incarnation });

describe("outranks (SWIM's precedence)", () => {
  it.each([
    // news, current, replaces?
    [s("alive", 2), s("alive", 1), true],
    [s("alive", 1), s("alive", 1), false],
    [s("alive", 1), s("suspect", 1), false],
    [s("alive", 2), s("suspect", 1), true],
    [s("alive", 2), s("dead", 1), true],
    [s("alive", 1), s("dead", 1), false],
    [s("suspect", 1), s("alive", 1), true],
    [s("suspect", 0), s("alive", 1), false],
    [s("suspect", 1), s("suspect", 1), false],
    [s("suspect", 2), s("dead", 1), true],
    [s("dead", 1), s("alive", 1), true],
    [s("dead", 1), s("suspect", 1), true],
    [s("dead", 0), s("alive", 1), false],
    [s("dead", 1), s("dead", 1), false],
  ])("%j over %j: %s", (news, current, want) => {
    expect(outranks(news, current)).toBe(want);
  });
});

describe("MemberTable", () => {
  const table = () => new MemberTable("n1", ["n1", "n2", "n3"]);

  it("starts with everyone alive at incarnation 0", () => {
    expect(table().snapshot()).toEqual({ n1: s("alive", 0), n2: s("alive", 0), n3: s("alive", 0) });
  });

  it("takes news that outranks, ignores the rest and strangers", () => {
    const t = table();
    expect(t.apply({ id: "n2", status: "suspect", incarnation: 0, from: "n3" })).toEqual({ kind: "changed", previous: s("alive", 0), update: { id: "n2", status: "suspect", incarnation: 0, from: "n3" } });
    expect(t.apply({ id: "n2", status: "alive", incarnation: 0 })).toEqual({ kind: "stale" });
    expect(t.apply({ id: "n2", status: "dead", incarnation: 0 }).kind).toBe("changed");
    expect(t.apply({ id: "n2", status: "alive", incarnation: 1 }).kind).toBe("changed");
    expect(t.apply({ id: "n9", status: "dead", incarnation: 5 })).toEqual({ kind: "stale" });
    expect(t.snapshot().n2).toEqual(s("alive", 1));
    expect(t.ids("alive")).toEqual(["n1", "n2", "n3"]);
  });

  it("counts the same suspicion from another node as a confirmation, not a change", () => {
    const t = table();
    t.apply({ id: "n2", status: "suspect", incarnation: 0, from: "n3" });
    expect(t.apply({ id: "n2", status: "suspect", incarnation: 0, from: "n1" })).toEqual({ kind: "confirmed", id: "n2", from: "n1" });
  });

  it.each([
    [{ status: "suspect", incarnation: 0 }, 1],
    [{ status: "dead", incarnation: 0 }, 1],
    [{ status: "suspect", incarnation: 4 }, 5],
    [{ status: "alive", incarnation: 7 }, 8], // an incarnation a former instance of us had: go above it
  ] as const)("refutes news that we are %j: alive at %i", (news, inc) => {
    const t = table();
    expect(t.apply({ id: "n1", ...news })).toEqual({ kind: "refuted", update: { id: "n1", status: "alive", incarnation: inc } });
    expect(t.get("n1")).toEqual(s("alive", inc));
    expect(t.incarnation).toBe(inc);
  });

  it("ignores news about itself that does not outrank its own state", () => {
    const t = new MemberTable("n1", ["n1", "n2"], 3);
    expect(t.apply({ id: "n1", status: "dead", incarnation: 2 })).toEqual({ kind: "stale" });
    expect(t.apply({ id: "n1", status: "alive", incarnation: 3 })).toEqual({ kind: "stale" });
    expect(t.get("n1")).toEqual(s("alive", 3));
  });

  it("converges, under any interleaving of the same news, to the greatest state per member (property)", () => {
    const ids = ["a", "b", "c", "d"];
    const update = fc.record({ id: fc.constantFrom(...ids), status: fc.constantFrom(...STATUSES), incarnation: fc.nat({ max: 5 }), from: fc.constantFrom("x", "y") });
    fc.assert(
      fc.property(fc.array(update, { maxLength: 40 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (news: Update[], seeds) => {
        // Three observers (none of them a subject) each get the news in their own order, each item any number of times from 1 to 2.
        const views = seeds.map((seed) => {
          const t = new MemberTable("obs", ["obs", ...ids]);
          const order = [...news, ...news.filter((_, i) => (i + seed) % 3 === 0)];
          const rotated = [...order.slice(seed % (order.length || 1)), ...order.slice(0, seed % (order.length || 1))].reverse();
          for (const u of seed % 2 ? rotated : [...rotated].reverse()) t.apply(u);
          return t.snapshot();
        });
        const greatest = (id: string) => news.filter((u) => u.id === id).reduce<MemberState>((best, u) => (outranks(u, best) ? { status: u.status, incarnation: u.incarnation } : best), s("alive", 0));
        for (const v of views) for (const id of ids) expect(v[id]).toEqual(greatest(id));
      }),
      { numRuns: 300 },
    );
  });
});

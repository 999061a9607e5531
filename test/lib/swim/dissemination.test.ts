import { describe, expect, it } from "vitest";
import { Dissemination, retransmitLimit } from "../../../lib/swim/dissemination.js";

describe("retransmitLimit", () => {
  it.each([
    [4, 1, 4],
    [4, 9, 4],
    [4, 10, 8],
    [4, 25, 8],
    [3, 100, 9],
  ])("lambda %i, n=%i: %i", (lambda, n, want) => {
    expect(retransmitLimit(lambda, n)).toBe(want);
  });
});

describe("Dissemination", () => {
  it("keeps one item per member: newer news replaces older and resets its count; older is dropped", () => {
    const q = new Dissemination(1);
    expect(q.add({ id: "n2", status: "suspect", incarnation: 1, from: "n1" })).toBe(true);
    q.take(5, 25);
    expect(q.inspect()).toEqual([["n2", 1]]);
    expect(q.add({ id: "n2", status: "alive", incarnation: 1 })).toBe(false);
    expect(q.add({ id: "n2", status: "suspect", incarnation: 1, from: "n1" })).toBe(false);
    expect(q.add({ id: "n2", status: "suspect", incarnation: 1, from: "n3" })).toBe(true); // a confirmation travels too
    expect(q.add({ id: "n2", status: "dead", incarnation: 1 })).toBe(true);
    expect(q.inspect()).toEqual([["n2", 0]]);
    expect(q.take(5, 25)).toEqual([{ id: "n2", status: "dead", incarnation: 1 }]);
  });

  it("hands out the least-sent first, newest first among equals, skipping and retiring", () => {
    const q = new Dissemination(1); // limit 2 at n=25
    q.add({ id: "a", status: "alive", incarnation: 1 });
    q.add({ id: "b", status: "alive", incarnation: 1 });
    expect(q.take(1, 25).map((u) => u.id)).toEqual(["b"]);
    q.add({ id: "c", status: "dead", incarnation: 0 });
    expect(q.take(2, 25, new Set(["c"])).map((u) => u.id)).toEqual(["a", "b"]); // b retires (2 sends)
    expect(q.inspect()).toEqual([["c", 0], ["a", 1]]);
    expect(q.take(9, 25).map((u) => u.id)).toEqual(["c", "a"]);
    expect(q.inspect()).toEqual([["c", 1]]);
    expect(q.take(0, 25)).toEqual([]);
  });
});

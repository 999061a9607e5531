import { describe, expect, it } from "vitest";
import { StallWatch } from "../../../lib/swim/stall.js";
import { Suspicion } from "../../../lib/swim/suspicion.js";

describe("StallWatch", () => {
  it.each([
    // marks (ms), what the last mark returns; beat 500, tolerance 1000
    [[0], 0], // the first mark has nothing to compare with
    [[0, 500, 1000], 0],
    [[0, 1500], 0], // a beat and a period late: still tolerated
    [[0, 1501], 1501], // more: a stall of the whole gap
    [[0, 500, 29_000], 28_500],
    [[0, 30_000, 30_001], 0], // noticed once, at the first event after it
  ])("marks %j: %i", (marks, want) => {
    const w = new StallWatch(500, 1000);
    let last = -1;
    for (const t of marks) last = w.mark(t);
    expect(last).toBe(want);
  });

  it("refuses a beat of 0", () => {
    expect(() => new StallWatch(0, 1000)).toThrow(/beatMs must be above 0/);
  });
});

describe("Suspicion.restart", () => {
  it("starts again from the given time with the full timeout, keeping who raised it and dropping its confirmations", () => {
    const sp = new Suspicion("n1", 1000, 2, 1500, 4500);
    sp.confirm("n3");
    expect(sp.deadline).toBe(1000 + 2607); // one of two confirmations: 4500 - 3000·log 2/log 3
    const again = sp.restart(30_000);
    expect([again.startedAt, again.confirmations, again.raisedBy, again.deadline]).toEqual([30_000, 0, "n1", 34_500]);
    expect(again.confirm("n3")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { SearchProgressLine } from "../../scripts/sim/search-progress.js";

describe("SearchProgressLine: a count of 1 takes the singular", () => {
  it("says 'after 1 run', '1 fault' and '[shrink] 1 run'", () => {
    const out: string[] = [];
    const p = new SearchProgressLine(10, (l) => out.push(l), false);
    try {
      p.update({ phase: "search", runs: 1, shrinkRuns: 0, bestFaults: 1 });
      expect(p.line()).toMatch(/^\[search \d+ s\] 1\/10 runs, [\d.]+ runs\/s, shortest failing schedule: 1 fault$/);
      p.update({ phase: "shrink", runs: 1, shrinkRuns: 1, bestFaults: 1 });
      expect(out).toEqual(["Found a failing run after 1 run; shrinking its 1 fault..."]);
      expect(p.line()).toMatch(/^\[shrink \d+ s\] 1 run, [\d.]+ runs\/s, shortest failing schedule: 1 fault \(from 1\)$/);
      p.update({ phase: "shrink", runs: 1, shrinkRuns: 2, bestFaults: 3 });
      expect(p.line()).toMatch(/\] 2 runs, .*: 3 faults \(from 1\)$/);
    } finally {
      p.stop();
    }
  });
});

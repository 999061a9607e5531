import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatScheduleFile, type FaultSchedule, parseFaultSchedule } from "../../../maelstrom-workloads/nemesis/fault-schedule.js";
import type { CaseRunner } from "../../../maelstrom-workloads/sim/search/case-runners.js";
import type { CaseResult, SearchCase } from "../../../maelstrom-workloads/sim/search/run-case.js";
import { scheduleArbitrary, type ScheduleSpace } from "../../../maelstrom-workloads/sim/search/schedule-arbitrary.js";
import { caseNumber, search } from "../../../maelstrom-workloads/sim/search/search.js";

const space: ScheduleSpace = { nodes: ["n1", "n2", "n3", "n4", "n5"], timeLimitMs: 30_000, kinds: ["partition", "kill", "pause", "loss", "latency"], targets: ["one", "minority", "majority"], maxFaults: 6 };

/**
 * A runner that judges a schedule without running it: "invalid" when `bad`
 * says so. It answers after a delay that depends on the case, so that with
 * several in flight, answers come back out of order.
 */
function fakeRunner(parallelism: number, bad: (s: FaultSchedule) => boolean, seen: SearchCase[] = []): CaseRunner {
  return {
    parallelism,
    run: async (c) => {
      seen.push(c);
      await new Promise((r) => setTimeout(r, (c.id * 7) % 5));
      const fails = bad(c.schedule);
      return { id: c.id, exitCode: fails ? 1 : 0, why: fails ? "bad" : undefined, historySha256: JSON.stringify(c.schedule), simulatedMs: 0, wallMs: 0 } satisfies CaseResult;
    },
    close: async () => {},
  };
}

/** Bad: n2 killed for at least 2 s, while some partition is in force at the kill's start. */
const killDuringPartition = (s: FaultSchedule) =>
  s.faults.some((k) => k.kind === "kill" && k.nodes.includes("n2") && k.forMs >= 2000 && s.faults.some((p) => p.kind === "partition" && p.atMs <= k.atMs && k.atMs < p.atMs + p.forMs));

describe("the search driver", () => {
  it("draws valid schedules that fit the run: nodes of the run, starts within the main phase, files that read back the same", () => {
    fc.assert(
      fc.property(scheduleArbitrary(space), (s) => {
        const text = formatScheduleFile(s);
        expect(parseFaultSchedule(text, "s.json", { nodes: space.nodes, timeLimitMs: space.timeLimitMs })).toEqual(s);
        expect(s.faults.map((f) => f.atMs)).toEqual([...s.faults.map((f) => f.atMs)].sort((a, b) => a - b));
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it("stops at the failing case of the lowest number and shrinks it to the smallest failing schedule, whatever the number of workers", async () => {
    const runOnce = async (k: number) => search({ arbitrary: scheduleArbitrary(space), seed: 5, budget: 2000, shard: { index: 1, count: 1 }, maxShrinkRuns: 2000, runner: fakeRunner(k, killDuringPartition) });
    const [one, four] = await Promise.all([runOnce(1), runOnce(4)]);
    expect(one.finding, "a failing case within 2000").toBeDefined();
    expect(four.finding!.caseNumber).toBe(one.finding!.caseNumber);
    expect(four.finding!.shrunk.schedule).toEqual(one.finding!.shrunk.schedule);
    // One fault per condition: the partition and the kill, nothing else; the kill as short as still fails.
    const shrunk = one.finding!.shrunk.schedule;
    expect(killDuringPartition(shrunk)).toBe(true);
    expect(shrunk.faults.map((f) => f.kind).sort()).toEqual(["kill", "partition"]);
    expect(shrunk.faults.find((f) => f.kind === "kill")!.forMs).toBe(2000);
    expect(shrunk.faults.find((f) => f.kind === "kill")).toMatchObject({ nodes: ["n2"] });
    // Every case before it was run and passed: it is the first failure in case order.
    expect(one.runs).toBe(one.finding!.caseNumber + 1);
  });

  it("runs nothing more once it has a failure, and nothing at all beyond its budget", async () => {
    const seen: SearchCase[] = [];
    const r = await search({ arbitrary: scheduleArbitrary(space), seed: 1, budget: 25, shard: { index: 1, count: 1 }, maxShrinkRuns: 0, runner: fakeRunner(3, () => false, seen) });
    expect(r.finding).toBeUndefined();
    expect(r.runs).toBe(25);
    expect(seen.map((c) => c.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it("splits the case numbers between shards: N shards of budget B run cases 0 … N·B−1 once each, the same cases as one search of N·B", async () => {
    const ids: number[][] = [];
    const draws = new Map<number, string>();
    for (let i = 1; i <= 3; i++) {
      const seen: SearchCase[] = [];
      await search({ arbitrary: scheduleArbitrary(space), seed: 9, budget: 10, shard: { index: i, count: 3 }, maxShrinkRuns: 0, runner: fakeRunner(2, () => false, seen) });
      ids.push(seen.map((c) => c.id));
      for (const c of seen) draws.set(c.id, JSON.stringify(c));
    }
    expect(ids.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(caseNumber({ index: 2, count: 3 }, 4)).toBe(13);
    const whole: SearchCase[] = [];
    await search({ arbitrary: scheduleArbitrary(space), seed: 9, budget: 30, shard: { index: 1, count: 1 }, maxShrinkRuns: 0, runner: fakeRunner(2, () => false, whole) });
    for (const c of whole) expect(JSON.stringify(c)).toBe(draws.get(c.id));
  });

  it("gives every case its own run seed unless one is given, and keeps the case's run seed while shrinking", async () => {
    const seen: SearchCase[] = [];
    const r = await search({ arbitrary: scheduleArbitrary(space), seed: 5, budget: 2000, shard: { index: 1, count: 1 }, maxShrinkRuns: 200, runner: fakeRunner(2, killDuringPartition, seen) });
    const shrinking = seen.filter((c) => c.id >= 1000 * r.finding!.caseNumber && c.id !== r.finding!.caseNumber);
    expect(new Set(seen.filter((c) => c.id < r.runs).map((c) => c.runSeed)).size).toBe(r.runs);
    expect(shrinking.length).toBeGreaterThan(0);
    for (const c of shrinking) expect(c.runSeed).toBe(r.finding!.runSeed);
    const fixed: SearchCase[] = [];
    await search({ arbitrary: scheduleArbitrary(space), seed: 5, budget: 5, shard: { index: 1, count: 1 }, runSeed: 77, maxShrinkRuns: 0, runner: fakeRunner(2, () => false, fixed) });
    expect(fixed.map((c) => c.runSeed)).toEqual([77, 77, 77, 77, 77]);
  });

  it("stops shrinking after its run limit, keeping the best schedule so far", async () => {
    const r = await search({ arbitrary: scheduleArbitrary(space), seed: 5, budget: 2000, shard: { index: 1, count: 1 }, maxShrinkRuns: 3, runner: fakeRunner(1, killDuringPartition) });
    expect(r.shrinkRuns).toBe(3);
    expect(killDuringPartition(r.finding!.shrunk.schedule)).toBe(true);
  });

  it("stops when told to, and says so", async () => {
    const stop = new AbortController();
    const runner = fakeRunner(2, () => false);
    const counting: CaseRunner = { ...runner, run: async (c) => (c.id === 10 && stop.abort("SIGINT"), runner.run(c)) };
    const r = await search({ arbitrary: scheduleArbitrary(space), seed: 1, budget: 1000, shard: { index: 1, count: 1 }, maxShrinkRuns: 0, runner: counting, stop: stop.signal });
    expect(r.stopped).toBe(true);
    expect(r.runs).toBeLessThan(15);
  });
});

import type fc from "fast-check";
import { deriveSeed } from "../../model/random.js";
import type { FaultSchedule } from "../../nemesis/fault-schedule.js";
import type { CaseRunner } from "./case-runners.js";
import { type CaseResult, isFailure } from "./run-case.js";
import { seededFcRandom } from "./seeded-fc-random.js";

/** The command line's defaults: runs per shard, faults per schedule, runs of shrinking. The power tests hold them to catching the faulty nodes. */
export const SEARCH_DEFAULTS = { budget: 500, maxFaults: 6, maxShrinkRuns: 1000 } as const;

/** Which part of a campaign this search is: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

export interface SearchOptions {
  /** What a case's schedule is drawn from (scheduleArbitrary). */
  arbitrary: fc.Arbitrary<FaultSchedule>;
  /** The search's seed: every case's schedule and run seed derive from it and the case's number. */
  seed: number;
  /** Cases this shard runs (the shrinking's runs come on top). */
  budget: number;
  shard: Shard;
  /** Every case's run seed; by default each case has its own, derived from the search seed. */
  runSeed?: number;
  /** The shrinking stops after this many runs (the best schedule so far stands). */
  maxShrinkRuns: number;
  runner: CaseRunner;
  onProgress?: (p: SearchProgress) => void;
  /** Aborting it stops the search (no new runs); what was found so far is returned. */
  stop?: AbortSignal;
}

export interface SearchProgress {
  phase: "search" | "shrink";
  /** Cases run (the budget's). */
  runs: number;
  shrinkRuns: number;
  /** The shortest failing schedule so far, in faults. */
  bestFaults: number | undefined;
}

export interface Finding {
  /** The case's number in the whole campaign (shard i of N runs cases i-1, i-1+N, ...). */
  caseNumber: number;
  runSeed: number;
  exitCode: number;
  /** The failing run's verdict as the case found it, unshrunk. */
  original: { schedule: FaultSchedule; result: CaseResult };
  /** The smallest failing schedule the shrinking reached, with the same exit code, and its run. */
  shrunk: { schedule: FaultSchedule; result: CaseResult };
}

export interface SearchOutcome {
  runs: number;
  shrinkRuns: number;
  finding: Finding | undefined;
  /** True if `stop` ended the search (or the shrinking) early. */
  stopped: boolean;
}

/** The number of the `j`th case of a shard: shards split the case numbers round-robin, so N shards of budget B run cases 0 … N·B−1 between them. */
export const caseNumber = (shard: Shard, j: number): number => shard.index - 1 + j * shard.count;

/** A case's run seed when each case has its own. */
export const caseRunSeed = (seed: number, n: number): number => deriveSeed(seed, `run ${n}`);

/**
 * fast-check's bias for the n-th value, as its own runner computes it from the
 * run's index: early cases lean to small values (few faults, early, short).
 */
const biasFactor = (n: number): number => 2 + Math.floor(Math.log10(n + 1));

/**
 * A fault search: generates this shard's cases (case n's schedule from
 * seed deriveSeed(seed, "case n") with fast-check's arbitrary, so a case is
 * the same whatever the shard count or the workers), runs them `parallelism`
 * at a time, and stops at the failing case of the lowest number (an invalid
 * run, or a crash). Then it shrinks that schedule with fast-check's shrinker
 * (the case's run seed stays): candidates are tried in fast-check's order,
 * `parallelism` at a time, and the first that fails with the same exit code
 * in that order is taken, so the result does not depend on the number of
 * workers. Returns the finding, with the shrunk schedule's run (its history's
 * digest, which an exact replay must reproduce).
 */
export async function search(o: SearchOptions): Promise<SearchOutcome> {
  const k = Math.max(1, o.runner.parallelism);
  let runs = 0;
  let shrinkRuns = 0;
  const progress = (phase: SearchProgress["phase"], bestFaults: number | undefined) => o.onProgress?.({ phase, runs, shrinkRuns, bestFaults });
  const stopped = () => o.stop?.aborted === true;

  // The search: keep k cases in flight, in case order; after a failure, start none but wait for those running.
  type Case = { n: number; runSeed: number; value: fc.Value<FaultSchedule> };
  // Set by the runners below (a closure TypeScript's narrowing cannot follow).
  const lowest: { failed?: { c: Case; r: CaseResult } } = {};
  const failedSoFar = () => lowest.failed;
  let j = 0;
  const runOne = async (): Promise<void> => {
    while (!lowest.failed && !stopped() && j < o.budget) {
      const n = caseNumber(o.shard, j++);
      const value = o.arbitrary.generate(seededFcRandom(deriveSeed(o.seed, `case ${n}`)), biasFactor(n));
      const c: Case = { n, runSeed: o.runSeed ?? caseRunSeed(o.seed, n), value };
      const r = await o.runner.run({ id: n, runSeed: c.runSeed, schedule: value.value });
      runs++;
      const before = failedSoFar();
      if (isFailure(r.exitCode) && (!before || n < before.c.n)) lowest.failed = { c, r };
      progress("search", failedSoFar()?.c.value.value.faults.length);
    }
  };
  await Promise.all(Array.from({ length: k }, runOne));
  if (!lowest.failed) return { runs, shrinkRuns, finding: undefined, stopped: stopped() };

  // The shrinking. Each schedule's verdict is kept (a run repeats exactly), so a candidate fast-check
  // offers again is judged without a run, and a batch's extra runs are never wasted or misjudged.
  const { c, r: first } = lowest.failed;
  let best = { value: c.value, result: first };
  const known = new Map<string, CaseResult>([[JSON.stringify(c.value.value), first]]);
  const fails = (r: CaseResult | undefined) => r !== undefined && r.exitCode === first.exitCode;
  // fast-check's shrinks only get smaller, so this ends; the cap makes sure of it even for candidates judged without a run.
  let considered = 0;
  const maxConsidered = 100 * (o.maxShrinkRuns + 1);
  progress("shrink", best.value.value.faults.length);
  shrinking: while (!stopped()) {
    const bestKey = JSON.stringify(best.value.value);
    const candidates = o.arbitrary.shrink(best.value.value_, best.value.context)[Symbol.iterator]();
    for (;;) {
      // Candidates in fast-check's order until `room` of them need a run; one already known to fail ends the batch.
      const room = Math.min(k, o.maxShrinkRuns - shrinkRuns);
      if (room <= 0) break shrinking; // the shrinking's run limit: the best so far stands
      const batch: { value: fc.Value<FaultSchedule>; key: string }[] = [];
      const toRun = new Map<string, fc.Value<FaultSchedule>>();
      let exhausted = false;
      while (toRun.size < room) {
        if (++considered > maxConsidered) break shrinking;
        const next = candidates.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const key = JSON.stringify(next.value.value);
        if (key === bestKey) continue; // the same schedule again is no smaller
        batch.push({ value: next.value, key });
        if (fails(known.get(key))) break;
        if (!known.has(key)) toRun.set(key, next.value);
      }
      const ran = await Promise.all([...toRun].map(([key, v], i) => o.runner.run({ id: c.n * 1000 + i, runSeed: c.runSeed, schedule: v.value }).then((res) => [key, res] as const)));
      shrinkRuns += ran.length;
      for (const [key, res] of ran) known.set(key, res);
      // The first failing candidate in fast-check's order, as a one-at-a-time shrinker would take it.
      const taken = batch.find((b) => fails(known.get(b.key)));
      progress("shrink", best.value.value.faults.length);
      if (taken) {
        best = { value: taken.value, result: { ...known.get(taken.key)!, id: c.n } };
        progress("shrink", best.value.value.faults.length);
        continue shrinking;
      }
      if (exhausted || stopped()) break shrinking; // nothing smaller fails: this is the shrunk schedule
    }
  }
  return {
    runs,
    shrinkRuns,
    finding: { caseNumber: c.n, runSeed: c.runSeed, exitCode: first.exitCode, original: { schedule: c.value.value, result: first }, shrunk: { schedule: best.value.value, result: best.result } },
    stopped: stopped(),
  };
}

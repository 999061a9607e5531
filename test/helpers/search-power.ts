import { join } from "node:path";
import type { FaultKind } from "../../maelstrom-workloads/nemesis/fault-schedule.js";
import type { TargetSpec } from "../../maelstrom-workloads/nemesis/process-faults.js";
import { WorkerPool } from "../../maelstrom-workloads/sim/search/case-runners.js";
import type { SearchRunSpec } from "../../maelstrom-workloads/sim/search/run-case.js";
import { scheduleArbitrary } from "../../maelstrom-workloads/sim/search/schedule-arbitrary.js";
import { SEARCH_DEFAULTS, search } from "../../maelstrom-workloads/sim/search/search.js";
import { ROOT } from "./run-harness.js";

/**
 * The fault search as `npm run sim -- search` runs it by default (its budget,
 * shrink limit and fault count; one shard; 2 worker threads), over the run
 * `spec` of the program `bin` (a path from the repository's root), drawing
 * faults of `kinds` on `targets` within `timeLimitMs`. For the power tests:
 * what the search finds within the default budget, with a fixed seed.
 */
export async function searchWithDefaults(spec: SearchRunSpec, bin: string, o: { kinds: FaultKind[]; timeLimitMs: number; seed?: number; targets?: TargetSpec[] }) {
  const pool = new WorkerPool(2, spec, join(ROOT, bin));
  try {
    return await search({
      arbitrary: scheduleArbitrary({ nodes: spec.options.nodes, timeLimitMs: o.timeLimitMs, kinds: o.kinds, targets: o.targets ?? ["one", "minority", "majority"], maxFaults: SEARCH_DEFAULTS.maxFaults }),
      seed: o.seed ?? 1,
      budget: SEARCH_DEFAULTS.budget,
      shard: { index: 1, count: 1 },
      maxShrinkRuns: SEARCH_DEFAULTS.maxShrinkRuns,
      runner: pool,
    });
  } finally {
    await pool.close();
  }
}

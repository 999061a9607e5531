/** The options part of a run's test.json, from the rows of the option table marked inTestJson. */

import type { TestInfo } from "../model/store-format.js";
import type { LatencyDist } from "../network/latency.js";
import { OPTIONS } from "./option-table.js";

/** What test.json records of a run's options (keys are the options' long names): its TestInfo without the run's name, command line and start time. */
export type TestJsonOptions = Omit<TestInfo, "name" | "argv" | "start-time">;

/**
 * The resolved options test.json is made from: TestOptions with its seed
 * chosen satisfies it, and so does a RunConfig given `workload: cfg.workloadName`.
 */
export interface TestJsonSource {
  bin: string;
  binArgs: readonly string[];
  workload: string;
  sessions: string;
  nodes: readonly string[];
  concurrency: number;
  rate: number;
  timeLimit: number;
  latency: { mean: number; dist: LatencyDist };
  loss: number;
  nemesis: readonly string[];
  nemesisInterval: number;
  nemesisTargets: readonly string[];
  topology: string;
  seed: number;
}

/** The options part of test.json, in the table's order, with the node program's arguments after --bin. */
export function testJsonOptions(o: TestJsonSource): TestJsonOptions {
  const out: Record<string, unknown> = {};
  for (const row of OPTIONS) {
    if (!("inTestJson" in row) || !row.inTestJson) continue;
    out[row.long.slice(2)] = o[row.key as keyof TestJsonSource];
    if (row.key === "bin") out["bin-args"] = o.binArgs;
  }
  return out as unknown as TestJsonOptions;
}

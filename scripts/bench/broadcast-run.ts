import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTest } from "../../maelstrom-workloads/harness/run-test.js";
import type { TestOptionsInput } from "../../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";

/** What the broadcast benchmarks read from one run. */
export interface BroadcastRun {
  /** The run's folder, with history.jsonl and journal.jsonl. */
  dir: string;
  /** results.json, by section (workload, net, ...). */
  results: Record<string, Record<string, unknown>>;
  /** Messages between nodes per client op (net.servers). */
  msgsPerOp: number;
  /** Stable latencies in ms (set-full's), NaN where the checker gave none. */
  stable: { median: number; p95: number; max: number };
}

/**
 * One run on the process host at the Gossip Glomers 3d/3e load (--rate 100,
 * --latency 100) with `input`'s other options, stored in a new temporary
 * folder named after `bench`. Says on stderr what it runs, as `label`; throws
 * if the run crashed.
 */
export async function broadcastRun(bench: string, label: string, input: TestOptionsInput): Promise<BroadcastRun> {
  const options = testOptions({ ...input, rate: 100, latency: 100, storeDir: mkdtempSync(join(tmpdir(), `${bench}-`)) });
  process.stderr.write(`running ${label} (${options.timeLimit} s + 10 s recovery)...\n`);
  const out = await runTest(runConfigFrom(options, []), () => {});
  const results = out.results as Record<string, Record<string, unknown>> | undefined;
  if (!results) throw new Error(`${label}: the run crashed: ${out.crash}`);
  const sl = (results.workload!["stable-latencies"] ?? {}) as Record<string, number>;
  const msgsPerOp = (results.net!.servers as Record<string, number>)["msgs-per-op"]!;
  return { dir: out.dir, results, msgsPerOp, stable: { median: sl["0.5"] ?? NaN, p95: sl["0.95"] ?? NaN, max: sl["1"] ?? NaN } };
}

/** The records of a run's JSON-lines file (history.jsonl, journal.jsonl), in order. */
export function* jsonLines<T>(dir: string, file: string): Generator<T> {
  for (const line of readFileSync(join(dir, file), "utf8").split("\n")) if (line !== "") yield JSON.parse(line) as T;
}

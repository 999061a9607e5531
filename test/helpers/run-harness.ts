import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type RunConfig, type RunHooks, runTest } from "../../maelstrom-workloads/harness/run-test.js";
import { WORKLOADS } from "../../maelstrom-workloads/workloads.js";

export const ROOT = resolve(import.meta.dirname, "../..");

/**
 * Runs the harness in-process with small, fixed settings (overridable) and a
 * temporary store. The seed is fixed so a failing run can be repeated; it is
 * part of what the caller passes or this default.
 */
export async function runHarness(overrides: Partial<RunConfig> & { workloadName: string; bin: string; nodeCount?: number }, hooks: RunHooks = {}) {
  const { nodeCount = 3, ...rest } = overrides;
  const nodes = Array.from({ length: nodeCount }, (_, i) => `n${i}`);
  const cfg: RunConfig = {
    workload: WORKLOADS[overrides.workloadName]!,
    binArgs: [],
    nodes,
    concurrency: nodes.length,
    rate: 10,
    timeLimit: 3,
    latency: { mean: 0, dist: "constant" },
    partition: false,
    nemesisInterval: 1,
    topology: "grid",
    availability: undefined,
    logStderr: false,
    logNetSend: false,
    logNetRecv: false,
    seed: 7,
    storeDir: mkdtempSync(join(tmpdir(), "harness-store-")),
    recoverySeconds: 1,
    argv: [],
    ...rest,
    bin: resolve(ROOT, overrides.bin),
  };
  const lines: string[] = [];
  const outcome = await runTest(cfg, (l) => lines.push(l), hooks);
  const read = (name: string) => (existsSync(join(outcome.dir, name)) ? JSON.parse(readFileSync(join(outcome.dir, name), "utf8")) : undefined);
  return { ...outcome, cfg, output: lines.join("\n"), file: read, label: `seed ${cfg.seed}, store ${outcome.dir}` };
}

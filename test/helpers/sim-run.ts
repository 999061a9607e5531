import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { runSim, type SimConfig } from "../../maelstrom-workloads/sim/run-sim.js";
import type { InstallNode } from "../../maelstrom-workloads/sim/sim-cluster.js";
import type { Workload } from "../../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import { ROOT } from "./run-harness.js";

/** nodes/echo.ts, loaded as `npm run sim -- --bin nodes/echo.ts` loads it. */
export const installEcho: InstallNode = await loadNodeProgram(join(ROOT, "nodes/echo.ts"));

/** nodes/broadcast.ts, loaded the same way: settings from its arguments, which it may refuse. */
export const installBroadcastProgram: InstallNode = await loadNodeProgram(join(ROOT, "nodes/broadcast.ts"));

/**
 * A simulated run with small settings (overridable; every other option takes
 * the option table's default, as `npm run sim -- test` would): 3 nodes,
 * --rate 10, --time-limit 5, --nemesis-interval 1, seed 7, a temporary store.
 */
export async function simRun(overrides: Partial<SimConfig> & { workloadName: string; install: InstallNode; nodeCount?: number }) {
  const { nodeCount = 3, ...rest } = overrides;
  const options = testOptions({
    workload: overrides.workloadName as Workload,
    bin: "test-program",
    nodeCount,
    rate: 10,
    timeLimit: 5,
    nemesisInterval: 1,
    seed: 7,
    storeDir: mkdtempSync(join(tmpdir(), "sim-store-")),
  });
  const cfg: SimConfig = { ...runConfigFrom(options, []), ...rest };
  const lines: string[] = [];
  const outcome = await runSim(cfg, (l) => lines.push(l));
  const text = (name: string) => readFileSync(join(outcome.dir, name), "utf8");
  return { ...outcome, cfg, output: lines.join("\n"), text, file: (name: string) => JSON.parse(text(name)) };
}

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { runSim, type SimConfig } from "../../maelstrom-workloads/sim/run-sim.js";
import type { InstallNode } from "../../maelstrom-workloads/sim/sim-cluster.js";
import { WORKLOADS } from "../../maelstrom-workloads/workloads.js";
import { ROOT } from "./run-harness.js";

/** nodes/echo.ts, loaded as `npm run sim -- --bin nodes/echo.ts` loads it. */
export const installEcho: InstallNode = await loadNodeProgram(join(ROOT, "nodes/echo.ts"));

/** nodes/broadcast.ts, loaded the same way: settings from its arguments, which it may refuse. */
export const installBroadcastProgram: InstallNode = await loadNodeProgram(join(ROOT, "nodes/broadcast.ts"));

/** A simulated run with small settings (overridable) in a temporary store. */
export async function simRun(overrides: Partial<SimConfig> & { workloadName: string; install: InstallNode; nodeCount?: number }) {
  const { nodeCount = 3, ...rest } = overrides;
  const nodes = Array.from({ length: nodeCount }, (_, i) => `n${i}`);
  const cfg: SimConfig = {
    workload: WORKLOADS[overrides.workloadName]!,
    bin: "test-program",
    binArgs: [],
    nodes,
    concurrency: nodes.length,
    rate: 10,
    timeLimit: 5,
    latency: { mean: 0, dist: "constant" },
    nemesis: [],
    nemesisInterval: 1,
    topology: "grid",
    availability: undefined,
    logStderr: false,
    logNetSend: false,
    logNetRecv: false,
    seed: 7,
    storeDir: mkdtempSync(join(tmpdir(), "sim-store-")),
    recoverySeconds: 10,
    argv: [],
    ...rest,
  };
  const lines: string[] = [];
  const outcome = await runSim(cfg, (l) => lines.push(l));
  const text = (name: string) => readFileSync(join(outcome.dir, name), "utf8");
  return { ...outcome, cfg, output: lines.join("\n"), text, file: (name: string) => JSON.parse(text(name)) };
}

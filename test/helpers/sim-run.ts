import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { installBroadcast } from "../../lib/broadcast/broadcast-node.js";
import { parseBroadcastArgs } from "../../lib/broadcast/broadcast-settings.js";
import { runSim, type SimConfig } from "../../maelstrom-workloads/sim/run-sim.js";
import type { InstallNode } from "../../maelstrom-workloads/sim/sim-cluster.js";
import { WORKLOADS } from "../../maelstrom-workloads/workloads.js";

/** The echo program, installed by hand. */
export const installEcho: InstallNode = (node) => {
  node.on("echo", z.object({ echo: z.unknown() }), (m) => ({ type: "echo_ok", echo: m.body.echo }));
};

/** nodes/broadcast.ts's program: settings from its arguments. */
export const installBroadcastProgram: InstallNode = (node, args) => {
  const parsed = parseBroadcastArgs(args);
  if (!parsed.ok) throw new Error(`broadcast: ${parsed.error}`);
  installBroadcast(node, parsed.settings);
};

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

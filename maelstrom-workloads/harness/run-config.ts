import { randomInt } from "node:crypto";
import { WORKLOADS } from "../workloads.js";
import type { RunConfig } from "./run-test.js";
import type { TestOptions } from "../options/index.js";

/** Maelstrom's fixed wait between healing and the final reads. */
export const RECOVERY_SECONDS = 10;

/** The run a parsed `maelstrom test` command line asks for; picks a seed when none was given. */
export function runConfigFrom(o: TestOptions, argv: readonly string[]): RunConfig {
  const workload = WORKLOADS[o.workload];
  if (!workload) throw new Error(`workload ${o.workload} is not implemented by this harness`);
  return {
    workloadName: o.workload,
    workload,
    bin: o.bin,
    binArgs: o.binArgs,
    nodes: o.nodes,
    concurrency: o.concurrency,
    rate: o.rate,
    timeLimit: o.timeLimit,
    latency: o.latency,
    nemesis: o.nemesis,
    nemesisInterval: o.nemesisInterval,
    topology: o.topology,
    availability: o.availability,
    logStderr: o.logStderr,
    logNetSend: o.logNetSend,
    logNetRecv: o.logNetRecv,
    seed: o.seed ?? randomInt(0, 2 ** 31),
    storeDir: o.storeDir,
    recoverySeconds: RECOVERY_SECONDS,
    argv,
  };
}

import type { CheckResult } from "../../maelstrom-workloads/checkers/check-result.js";
import type { JournalEvent } from "../../maelstrom-workloads/model/journal-event.js";
import type { Op } from "../../maelstrom-workloads/model/op.js";
import type { SimConfig } from "../../maelstrom-workloads/sim/run-sim.js";
import type { InstallNode } from "../../maelstrom-workloads/sim/sim-cluster.js";
import { simRun } from "./sim-run.js";

export interface SimPhasesOptions {
  workloadName: string;
  install: InstallNode;
  args?: readonly string[];
  nodeCount: number;
  rate: number;
  /** seconds */
  timeLimit: number;
  /** seconds of quiet before the final ops */
  recoverySeconds: number;
  /** ms per server-to-server message */
  latencyMs: number;
  /** Nemesis packages of the test's own (e.g. one fault on chosen nodes; the real ones are in NEMESES), given the run's clock. */
  nemeses?: SimConfig["nemesisPackages"];
  nemesisInterval?: number;
  seed?: number;
}

/**
 * runSim (through simRun, in a temporary store) with the test's own nemesis
 * packages, read back for tests: the history and the journal as values, the
 * workload's own check, the simulated time the run took. Everything is
 * virtual: a run of minutes takes well under a second.
 */
export async function simPhases(o: SimPhasesOptions): Promise<{ ops: readonly Op[]; journal: readonly JournalEvent[]; check: CheckResult; crash: string | undefined; simulatedMs: number; nodes: readonly string[] }> {
  const r = await simRun({
    workloadName: o.workloadName,
    install: o.install,
    binArgs: o.args ?? [],
    nodeCount: o.nodeCount,
    rate: o.rate,
    timeLimit: o.timeLimit,
    recoverySeconds: o.recoverySeconds,
    latency: { mean: o.latencyMs, dist: "constant" },
    nemesisPackages: o.nemeses,
    nemesisInterval: o.nemesisInterval ?? 10,
    seed: o.seed ?? 7,
  });
  const lines = (name: string): unknown[] => r.text(name).split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
  const check = (r.results?.workload ?? { "valid?": "unknown" }) as CheckResult;
  return { ops: lines("history.jsonl") as Op[], journal: lines("journal.jsonl") as JournalEvent[], check, crash: r.crash, simulatedMs: r.simulatedMs, nodes: r.cfg.nodes };
}

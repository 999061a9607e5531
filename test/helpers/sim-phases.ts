import { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import type { CheckResult } from "../../maelstrom-workloads/checkers/check-result.js";
import { History } from "../../maelstrom-workloads/model/history.js";
import type { JournalEvent } from "../../maelstrom-workloads/model/journal-event.js";
import type { Op } from "../../maelstrom-workloads/model/op.js";
import type { NemesisPackage } from "../../maelstrom-workloads/nemesis/nemesis-package.js";
import { Network } from "../../maelstrom-workloads/network/network.js";
import { RunFailure } from "../../maelstrom-workloads/run/run-failure.js";
import { runPhases } from "../../maelstrom-workloads/run/run-phases.js";
import { driveOnVirtualTime } from "../../maelstrom-workloads/sim/drive.js";
import { type InstallNode, SimCluster } from "../../maelstrom-workloads/sim/sim-cluster.js";
import { WORKLOADS } from "../../maelstrom-workloads/workloads.js";

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
  nemeses?: (clock: VirtualClock) => readonly NemesisPackage[];
  nemesisInterval?: number;
  seed?: number;
}

/**
 * The simulation host's run without its store: a SimCluster of `install` on
 * the Network and one VirtualClock, the real run (runPhases: init, setup,
 * the workload's generator and clients, the nemeses, heal, recovery, final
 * ops) driven by driveOnVirtualTime, then the workload's own checker. For
 * tests that need what runSim does not take: nemesis packages of their own,
 * the journal in memory, a look at a node. Everything is virtual: a run of
 * minutes takes well under a second.
 */
export async function simPhases(o: SimPhasesOptions): Promise<{ ops: readonly Op[]; journal: readonly JournalEvent[]; check: CheckResult; crash: string | undefined; clock: VirtualClock; nodes: readonly string[] }> {
  const seed = o.seed ?? 7;
  const nodes = Array.from({ length: o.nodeCount }, (_, i) => `n${i}`);
  const clock = new VirtualClock();
  const journal: JournalEvent[] = [];
  const network = new Network({ clock, latency: () => o.latencyMs, journal: (e) => journal.push(e), nowNs: () => Math.round(clock.now() * 1e6) });
  const cluster = new SimCluster({ ids: nodes, clock, network, install: o.install, args: o.args ?? [], seed, log: () => {}, logPath: (id) => `(no store)/node-logs/${id}.log`, now: () => clock.now(), onOutputStopped: () => {} });
  let origin = 0;
  const history = new History(() => (clock.now() - origin) * 1e6);
  const workload = WORKLOADS[o.workloadName]!({ nodes, concurrency: nodes.length, seed, topology: "grid" });
  const failure = new RunFailure();
  const run = runPhases({
    clock,
    network,
    cluster,
    history,
    workload,
    nemeses: o.nemeses?.(clock) ?? [],
    options: { seed, concurrency: nodes.length, rate: o.rate, timeLimit: o.timeLimit, nemesisInterval: o.nemesisInterval ?? 10, recoverySeconds: o.recoverySeconds },
    failure,
    hooks: { log: () => {}, phase: () => {}, historyStarts: () => (origin = clock.now()), fault: () => {}, phasesOver: () => {}, beforeKill: async () => {} },
  });
  await driveOnVirtualTime(clock, run);
  return { ops: history.ops, journal, check: workload.check(history.ops, {}), crash: failure.message, clock, nodes };
}

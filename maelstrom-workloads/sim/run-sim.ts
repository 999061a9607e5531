import { createWriteStream, type WriteStream } from "node:fs";
import { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import { History } from "../model/history.js";
import { plural } from "../model/plural.js";
import type { NemesisPackage } from "../nemesis/nemesis-package.js";
import { nemesisPackages } from "../nemesis/nemeses.js";
import { describeFailure } from "../run/describe-failure.js";
import { type RunConfig, workloadContext } from "../run/run-config.js";
import { runNetwork } from "../run/run-network.js";
import { RunRecord, type RunOutcome } from "../run/run-record.js";
import { runPhases } from "../run/run-phases.js";
import { NodeLogStamp } from "../run/node-log-stamp.js";
import type { Workload } from "../workload.js";
import { driveOnVirtualTime } from "./drive.js";
import { MessageText } from "./message-text.js";
import { type InstallNode, SimCluster } from "./sim-cluster.js";

/** One simulated run, resolved: a run's config plus the node program to install (`bin` names it, for test.json and messages). */
export type SimConfig = RunConfig & {
  install: InstallNode;
  /** Fault packages given as such (e.g. a test's own fault on chosen nodes), made with the run's clock; they run after those `nemesis` names, and test.json lists their names too. */
  nemesisPackages?: (clock: VirtualClock) => readonly NemesisPackage[];
};

/** As the process host's outcome (exit code 0 valid, 1 invalid, 2 unknown, 255 crashed, 128 + signal when interrupted), with the simulation's numbers. */
export interface SimOutcome extends RunOutcome {
  /** Simulated ms the run took, from the first node's start to the last one's stop. */
  simulatedMs: number;
  ops: number;
  /** Messages sent on the network (clients and servers). */
  messages: number;
}

/**
 * The simulation host: the run (runPhases) with every node an instance of
 * one node program in this process (SimCluster), on one VirtualClock driven
 * timer by timer (driveOnVirtualTime). One seed drives every random choice:
 * latencies, the op mix and values, the nemeses and each node's `random`.
 * History and journal times are virtual, so the same seed gives the same
 * history.jsonl and journal.jsonl, byte for byte. The store is the process
 * host's: results.json, history, journal, node-logs/<id>.log, test.json,
 * run.log, store/current and store/latest.
 */
export async function runSim(cfg: SimConfig, out: (line: string) => void, hooks: { interrupt?: AbortSignal } = {}): Promise<SimOutcome> {
  const clock = new VirtualClock();
  const givenNemeses = cfg.nemesisPackages?.(clock) ?? [];
  const messageText = new MessageText();
  const record = new RunRecord({ ...cfg, nemesis: [...cfg.nemesis, ...givenNemeses.map((p) => p.name)] }, {
    start: new Date(),
    out,
    interrupt: hooks.interrupt,
    // Written in 64 KiB chunks: one stream write per event costs more than the simulation itself.
    journalChunk: 65536,
    // The same bytes as JSON.stringify(e) (keys id, time, type, why for a drop, message), with the message's text made once.
    journalLine: (e) => `{"id":${JSON.stringify(e.id)},"time":${JSON.stringify(e.time)},"type":${JSON.stringify(e.type)},${e.type === "drop" ? `"why":${JSON.stringify(e.why)},` : ""}"message":${messageText.of(e.message)}}\n`,
    stops: (node) => `simulator stops routing ${node}'s output`,
  });
  const { store, failure, log } = record;
  let origin = 0;
  const network = runNetwork(cfg, clock, () => Math.round(clock.now() * 1e6), record.journal);
  const history = new History(() => (clock.now() - origin) * 1e6);
  // Each line of a node's log starts with its virtual time, on the journal's clock (as on the process host).
  const nodeLogs = new Map<string, { file: WriteStream; stamp: NodeLogStamp }>();
  for (const id of cfg.nodes) {
    const file = createWriteStream(store.nodeLogPath(id));
    file.on("error", (e) => failure.fail(`could not write ${id}'s log ${store.nodeLogPath(id)}: ${e.message}`));
    nodeLogs.set(id, { file, stamp: new NodeLogStamp(() => clock.now()) });
  }

  log(`maelstrom-nodes simulator: ${cfg.workloadName}, ${plural(cfg.nodes.length, "node")} (${cfg.nodes.join(" ")}), program ${cfg.bin}${cfg.binArgs.length ? " " + cfg.binArgs.join(" ") : ""}, on virtual time`);
  log(`seed ${cfg.seed} (repeat this run exactly with --seed ${cfg.seed}); store ${store.dir}`);
  record.writeRunning();

  const cluster = new SimCluster({
    ids: cfg.nodes,
    clock,
    network,
    install: cfg.install,
    messageText: (m) => messageText.of(m),
    args: cfg.binArgs,
    seed: cfg.seed,
    log: (id, line) => {
      const l = nodeLogs.get(id)!;
      l.file.write(l.stamp.text(line));
      if (cfg.logStderr) log(`[${id} stderr] ${line.replace(/\n$/, "")}`);
    },
    logPath: (id) => store.nodeLogPath(id),
    now: () => clock.now(),
    onOutputStopped: record.outputStopped,
  });

  let workload: Workload | undefined;
  try {
    workload = cfg.workload(workloadContext(cfg));
    const run = runPhases({
      clock,
      network,
      cluster,
      history,
      workload,
      nemeses: [...nemesisPackages(cfg.nemesis), ...givenNemeses],
      schedule: cfg.schedule,
      options: cfg,
      failure,
      hooks: {
        log,
        phase: () => {},
        historyStarts: () => (origin = clock.now()),
        fault: () => {},
        phasesOver: () => {},
        beforeKill: async () => record.writeHistory(history.ops),
      },
    });
    await driveOnVirtualTime(clock, run);
  } catch (e) {
    failure.fail(`the simulator failed: ${describeFailure(e)}`);
  } finally {
    await Promise.all([...nodeLogs.values()].map(({ file, stamp }) => new Promise<void>((r) => (file.destroyed ? r() : file.end(stamp.end(), r)))));
  }
  const outcome = await record.finish(workload, history.ops, network.lateness);
  return { ...outcome, simulatedMs: clock.now(), ops: history.counts.invoke, messages: record.netStats.sends };
}

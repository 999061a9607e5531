import { createWriteStream, type WriteStream } from "node:fs";
import { constants } from "node:os";
import { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import type { CheckResult } from "../checkers/check-result.js";
import { NetStats } from "../checkers/net-stats.js";
import { shownLine } from "../harness/crash-report.js";
import { RunStore } from "../harness/store.js";
import { summarise } from "../harness/summary.js";
import { History } from "../model/history.js";
import { deriveSeed, seededRng } from "../model/random.js";
import type { TestInfo } from "../model/store-format.js";
import { nemesisPackages } from "../nemesis/nemeses.js";
import { latencySampler } from "../network/latency.js";
import { Network } from "../network/network.js";
import { analyse } from "../run/analyse.js";
import { describeFailure } from "../run/describe-failure.js";
import type { OutputStopped } from "../run/output-stopped.js";
import { RunFailure } from "../run/run-failure.js";
import { runPhases } from "../run/run-phases.js";
import type { WorkloadFactory } from "../workload.js";
import type { RunConfig } from "../run/run-config.js";
import { driveOnVirtualTime } from "./drive.js";
import { MessageText } from "./message-text.js";
import { type InstallNode, SimCluster } from "./sim-cluster.js";

/** One simulated run, resolved: a run's config plus the node program to install (`bin` names it, for test.json and messages). */
export type SimConfig = RunConfig & { install: InstallNode };

export interface SimOutcome {
  /** As the process host's: 0 valid, 1 invalid, 2 unknown, 255 crashed, 128 + signal when interrupted. */
  exitCode: number;
  dir: string;
  results: CheckResult | undefined;
  crash: string | undefined;
  interrupted?: NodeJS.Signals;
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
 * run.log and store/latest.
 */
export async function runSim(cfg: SimConfig, out: (line: string) => void, hooks: { interrupt?: AbortSignal } = {}): Promise<SimOutcome> {
  const store = new RunStore(cfg.storeDir, cfg.workloadName, new Date());
  const clock = new VirtualClock();
  let origin = 0;
  const log = (line: string) => {
    store.runLog.write(line + "\n");
    out(line);
  };
  // The journal goes to journal.jsonl and into the net stats, never into memory.
  const netStats = new NetStats();
  const messageText = new MessageText();
  let journalText = "";
  const flushJournal = () => {
    if (journalText.length > 0) store.journal.write(journalText);
    journalText = "";
  };
  const network = new Network({
    clock,
    latency: latencySampler(cfg.latency, seededRng(deriveSeed(cfg.seed, "latency"))),
    nowNs: () => Math.round(clock.now() * 1e6),
    journal: (e) => {
      netStats.add(e);
      // Written in 64 KiB chunks: one stream write per event costs more than the simulation itself.
      // The same bytes as JSON.stringify(e) (keys id, time, type, message), with the message's text made once.
      journalText += `{"id":${JSON.stringify(e.id)},"time":${JSON.stringify(e.time)},"type":${JSON.stringify(e.type)},"message":${messageText.of(e.message)}}\n`;
      if (journalText.length >= 65536) flushJournal();
      if (cfg.logNetSend && e.type === "send") log(`net send ${JSON.stringify(e.message)}`);
      if (cfg.logNetRecv && e.type === "recv") log(`net recv ${JSON.stringify(e.message)}`);
    },
  });
  const history = new History(() => (clock.now() - origin) * 1e6);
  const failure = new RunFailure();
  const stopped: OutputStopped[] = [];
  const nodeLogs = new Map<string, WriteStream>();
  for (const id of cfg.nodes) {
    const w = createWriteStream(store.nodeLogPath(id));
    w.on("error", (e) => failure.fail(`could not write ${id}'s log ${store.nodeLogPath(id)}: ${e.message}`));
    nodeLogs.set(id, w);
  }
  let interrupted: NodeJS.Signals | undefined;
  const onInterrupt = () => {
    if (failure.failed) return;
    interrupted = (hooks.interrupt?.reason as NodeJS.Signals | undefined) ?? "SIGINT";
    failure.fail(`interrupted by ${interrupted}`);
  };
  hooks.interrupt?.addEventListener("abort", onInterrupt, { once: true });
  if (hooks.interrupt?.aborted) onInterrupt();

  log(`maelstrom-nodes simulator: ${cfg.workloadName}, ${cfg.nodes.length} nodes (${cfg.nodes.join(" ")}), program ${cfg.bin}${cfg.binArgs.length ? " " + cfg.binArgs.join(" ") : ""}, on virtual time`);
  log(`seed ${cfg.seed} (repeat this run exactly with --seed ${cfg.seed}); store ${store.dir}`);
  const testInfo: TestInfo = {
    name: cfg.workloadName,
    workload: cfg.workloadName,
    bin: cfg.bin,
    "bin-args": cfg.binArgs,
    nodes: cfg.nodes,
    concurrency: cfg.concurrency,
    rate: cfg.rate,
    "time-limit": cfg.timeLimit,
    latency: cfg.latency,
    nemesis: cfg.nemesis,
    "nemesis-interval": cfg.nemesisInterval,
    topology: cfg.topology,
    seed: cfg.seed,
    argv: cfg.argv,
    "start-time": new Date().toISOString(),
  };
  store.writeTestJson({ ...testInfo, status: "running", pid: process.pid });

  const cluster = new SimCluster({
    ids: cfg.nodes,
    clock,
    network,
    install: cfg.install,
    messageText: (m) => messageText.of(m),
    args: cfg.binArgs,
    seed: cfg.seed,
    log: (id, line) => {
      nodeLogs.get(id)!.write(line);
      if (cfg.logStderr) log(`[${id} stderr] ${line.replace(/\n$/, "")}`);
    },
    logPath: (id) => store.nodeLogPath(id),
    now: () => clock.now(),
    onOutputStopped: (s) => {
      stopped.push(s);
      log(`\n!!! ${s.node} wrote something Maelstrom cannot route, so (like Maelstrom) the simulator stops routing ${s.node}'s output for the rest of the test.\n!!!   why:  ${s.reason}\n!!!   line: ${shownLine(s)}\n`);
    },
  });

  let historyWritten = false;
  const writeHistory = () => {
    try {
      store.writeHistory(history.ops);
      historyWritten = true;
    } catch (e) {
      failure.fail(`could not write the history to ${store.dir}: ${describeFailure(e)}`);
    }
  };
  let workload: ReturnType<WorkloadFactory> | undefined;
  try {
    workload = cfg.workload({ nodes: cfg.nodes, concurrency: cfg.concurrency, seed: cfg.seed, topology: cfg.topology });
    const run = runPhases({
      clock,
      network,
      cluster,
      history,
      workload,
      nemeses: nemesisPackages(cfg.nemesis),
      options: { seed: cfg.seed, concurrency: cfg.concurrency, rate: cfg.rate, timeLimit: cfg.timeLimit, nemesisInterval: cfg.nemesisInterval, recoverySeconds: cfg.recoverySeconds },
      failure,
      hooks: {
        log,
        phase: () => {},
        historyStarts: () => (origin = clock.now()),
        fault: () => {},
        phasesOver: () => {},
        beforeKill: async () => writeHistory(),
      },
    });
    await driveOnVirtualTime(clock, run);
  } catch (e) {
    failure.fail(`the simulator failed: ${describeFailure(e)}`);
  } finally {
    hooks.interrupt?.removeEventListener("abort", onInterrupt);
    await Promise.all([...nodeLogs.values()].map((w) => new Promise<void>((r) => (w.destroyed ? r() : w.end(r)))));
  }
  flushJournal();
  if (!historyWritten) writeHistory();

  let results: CheckResult | undefined;
  if (!failure.failed && workload) {
    try {
      results = analyse(workload, history.ops, netStats, { availability: cfg.availability, lateness: network.lateness, stopped, seed: cfg.seed });
      store.writeJson("results.json", results);
    } catch (e) {
      results = undefined;
      failure.fail(`the analysis failed: ${describeFailure(e)}`);
    }
  }
  const crash = failure.message;
  let exitCode = 255;
  if (interrupted !== undefined) {
    exitCode = 128 + (constants.signals[interrupted] ?? 2);
    log(`\nInterrupted by ${interrupted} (exit ${exitCode}): ${history.ops.length} history entries so far are in ${store.dir}/history.jsonl; no results were computed.`);
  } else if (crash !== undefined) {
    log(`\nThe run crashed (exit 255): ${crash}\nNo results were computed; the history and logs are in ${store.dir}`);
  } else if (results) {
    exitCode = results["valid?"] === true ? 0 : results["valid?"] === false ? 1 : 2;
  }
  store.writeTestJson({
    ...testInfo,
    status: interrupted !== undefined ? "interrupted" : crash !== undefined ? "crashed" : "done",
    "exit-code": exitCode,
    crash: crash ?? null,
    ...(interrupted !== undefined ? { interrupted } : {}),
  });
  if (results) for (const line of summarise(results, store.dir, exitCode)) log(line);
  await store.close();
  const messages = netStats.sends;
  return { exitCode, dir: store.dir, results, crash, ...(interrupted !== undefined ? { interrupted } : {}), simulatedMs: clock.now(), ops: history.counts.invoke, messages };
}

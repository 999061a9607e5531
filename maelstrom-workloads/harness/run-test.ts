import { constants } from "node:os";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { RealClock } from "../../lib/runtime/real-clock.js";
import type { CheckResult } from "../checkers/check-result.js";
import { NetStats } from "../checkers/net-stats.js";
import type { Workload } from "../workload.js";
import { analyse } from "../run/analyse.js";
import { checkBinary, crashReport, shownLine } from "./crash-report.js";
import { describeFailure } from "../run/describe-failure.js";
import { History } from "../model/history.js";
import { latencySampler } from "../network/latency.js";
import { Network } from "../network/network.js";
import { nemesisPackages } from "../nemesis/nemeses.js";
import type { OutputStopped } from "../run/output-stopped.js";
import { RunCrashed } from "../run/run-crashed.js";
import { RunFailure } from "../run/run-failure.js";
import { runPhases } from "../run/run-phases.js";
import type { RunConfig } from "../run/run-config.js";
import { ProcessCluster } from "./process-cluster.js";
import { Progress } from "./progress.js";
import { deriveSeed, seededRng } from "../model/random.js";
import { RunStore } from "./store.js";
import type { TestInfo } from "../model/store-format.js";
import { summarise } from "./summary.js";

export { RunCrashed } from "../run/run-crashed.js";
export type { RunConfig } from "../run/run-config.js";

export interface RunOutcome {
  /** 0 valid, 1 invalid, 2 unknown, 255 crashed; 128 + the signal's number when interrupted (130 SIGINT, 143 SIGTERM). */
  exitCode: number;
  dir: string;
  results: CheckResult | undefined;
  crash: string | undefined;
  /** The signal that interrupted the run, if one did. */
  interrupted?: NodeJS.Signals;
}

export interface RunHooks {
  /**
   * Aborting it interrupts the run (its reason: the signal's name, e.g.
   * "SIGINT"): clients stop, every node is killed, the history so far and a
   * test.json saying "interrupted" are written, and no results are computed.
   */
  interrupt?: AbortSignal;
  /**
   * Called after the final ops, the client and nemesis teardown and the history
   * write, just before the nodes are killed (not after a crash). The nodes are
   * still running and their messages are routed and journaled; Maelstrom spends
   * this time writing test.jepsen. Tests use it to let nodes send.
   */
  beforeKill?: () => Promise<void>;
}

/**
 * The process host: one `maelstrom test` run with node processes in real time.
 * It builds what the run needs (the store, the network on the real clock, a
 * process per node, progress, crash reports, interrupt handling) and hands it
 * to runPhases, which does the run itself; then it writes the history if the
 * run could not, analyses, stores the results and picks the exit code. Any
 * crash (a node gone, init unanswered, setup failed) ends the run with 255.
 */
export async function runTest(config: RunConfig, out: (line: string) => void, hooks: RunHooks = {}): Promise<RunOutcome> {
  // Like Maelstrom, resolve the binary to an absolute path: nodes run in the temp directory.
  const cfg = { ...config, bin: resolve(config.bin) };
  const start = new Date();
  const store = new RunStore(cfg.storeDir, cfg.workloadName, start);
  const clock = new RealClock();
  const t0 = performance.now();
  let origin = t0;
  const log = (line: string) => {
    store.runLog.write(line + "\n");
    out(line);
  };
  // The journal goes to journal.jsonl and into the net stats, never into memory.
  const netStats = new NetStats();
  const network = new Network({
    clock,
    latency: latencySampler(cfg.latency, seededRng(deriveSeed(cfg.seed, "latency"))),
    nowNs: () => Math.round((performance.now() - t0) * 1e6),
    journal: (e) => {
      netStats.add(e);
      store.journal.write(JSON.stringify(e) + "\n");
      if (cfg.logNetSend && e.type === "send") log(`net send ${JSON.stringify(e.message)}`);
      if (cfg.logNetRecv && e.type === "recv") log(`net recv ${JSON.stringify(e.message)}`);
    },
  });
  const history = new History(() => (performance.now() - origin) * 1e6);
  const stopped: OutputStopped[] = [];
  const failure = new RunFailure();
  // An interrupt stops the run as a crash does (every wait ends); teardown still kills the nodes and writes the history.
  let interrupted: NodeJS.Signals | undefined;
  const onInterrupt = () => {
    if (failure.failed) return;
    interrupted = (hooks.interrupt?.reason as NodeJS.Signals | undefined) ?? "SIGINT";
    failure.fail(`interrupted by ${interrupted}`);
  };
  hooks.interrupt?.addEventListener("abort", onInterrupt, { once: true });
  if (hooks.interrupt?.aborted) onInterrupt();
  let cluster: ProcessCluster | undefined;
  // If the harness exits before teardown (a second Ctrl-C, a crash), still end every node's process group.
  const killNodesOnExit = () => cluster?.killNow();
  process.on("exit", killNodesOnExit);
  const progress = new Progress(out, () => ({ history: history.counts, grudge: network.currentGrudge }));

  log(`maelstrom-nodes local harness: ${cfg.workloadName}, ${cfg.nodes.length} nodes (${cfg.nodes.join(" ")}), bin ${cfg.bin}${cfg.binArgs.length ? " " + cfg.binArgs.join(" ") : ""}`);
  log(`seed ${cfg.seed} (repeat this run's random choices with --seed ${cfg.seed}); store ${store.dir}`);
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
    "start-time": start.toISOString(),
  };
  // store/latest already points here: say the run is not finished (test.json is rewritten at the end).
  store.writeTestJson({ ...testInfo, status: "running", pid: process.pid });

  let workload: Workload | undefined;
  let historyWritten = false;
  const writeHistory = () => {
    try {
      store.writeHistory(history.ops);
      historyWritten = true;
    } catch (e) {
      failure.fail(`could not write the history to ${store.dir}: ${describeFailure(e)}`);
    }
  };
  try {
    checkBinary(cfg.bin, config.bin);
    const nemeses = nemesisPackages(cfg.nemesis);
    workload = cfg.workload({ nodes: cfg.nodes, concurrency: cfg.concurrency, seed: cfg.seed, topology: cfg.topology });
    cluster = new ProcessCluster(
      cfg.nodes,
      network,
      (id) => ({
        id,
        bin: cfg.bin,
        args: cfg.binArgs,
        network,
        logPath: store.nodeLogPath(id),
        now: () => performance.now() - t0,
        echoStderr: cfg.logStderr ? (l) => log(`[${id} stderr] ${l}`) : undefined,
        onOutputStopped: (s) => {
          stopped.push(s);
          log(`\n!!! ${s.node} wrote something Maelstrom cannot route, so (like Maelstrom) the harness stops reading ${s.node}'s stdout for the rest of the test.\n!!!   why:  ${s.reason}\n!!!   line: ${shownLine(s)}\n`);
        },
        onExit: (n) => failure.fail(crashReport(n, store.nodeLogPath(n.id), "during the run")),
        onLogError: (e) => failure.fail(`could not write ${id}'s log ${store.nodeLogPath(id)}: ${e.message}`),
      }),
      (id) => store.nodeLogPath(id),
    );
    await runPhases({
      clock,
      network,
      cluster,
      history,
      workload,
      nemeses,
      options: cfg,
      failure,
      hooks: {
        log,
        phase: (name, seconds) => progress.phase(name, seconds),
        historyStarts: () => (origin = performance.now()),
        fault: (name, fault) => {
          if (name === "partition") progress.partition(fault);
        },
        phasesOver: () => progress.stop(),
        // The history is written before the nodes are killed; after a crash, after them.
        beforeKill: async () => {
          writeHistory();
          if (!failure.failed) await hooks.beforeKill?.();
        },
      },
    });
  } catch (e) {
    // Before the run began (a missing binary, say); runPhases itself stops the nodes it started.
    progress.stop();
    failure.fail(e instanceof RunCrashed ? e.message : `the harness failed: ${describeFailure(e)}`);
    cluster?.killNow();
    network.shutdown();
  } finally {
    process.off("exit", killNodesOnExit);
    hooks.interrupt?.removeEventListener("abort", onInterrupt); // from here on the run finishes as it is
  }

  // Whatever failed on the way, the history is written and test.json is rewritten.
  if (!historyWritten) writeHistory();
  let results: CheckResult | undefined;
  if (!failure.failed) {
    progress.phase("analysis");
    try {
      results = analyse(workload!, history.ops, netStats, { availability: cfg.availability, lateness: network.lateness, stopped, seed: cfg.seed });
      store.writeJson("results.json", results);
    } catch (e) {
      results = undefined;
      failure.fail(`the analysis failed: ${describeFailure(e)}`);
    }
  }
  const crash = failure.message;
  let exitCode: RunOutcome["exitCode"] = 255;
  if (interrupted !== undefined) {
    exitCode = 128 + (constants.signals[interrupted] ?? 2);
    log(`\nInterrupted by ${interrupted} (exit ${exitCode}): every node was killed; ${history.ops.length} history entries so far are in ${store.dir}/history.jsonl; no results were computed.`);
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
  return { exitCode, dir: store.dir, results, crash, ...(interrupted !== undefined ? { interrupted } : {}) };
}

import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { RealClock } from "../../lib/runtime/real-clock.js";
import type { Workload } from "../workload.js";
import { checkBinary, crashReport } from "./crash-report.js";
import { describeFailure } from "../run/describe-failure.js";
import { History } from "../model/history.js";
import { nemesisPackages } from "../nemesis/nemeses.js";
import { plural } from "../model/plural.js";
import { RunCrashed } from "../run/run-crashed.js";
import { runPhases } from "../run/run-phases.js";
import { type RunConfig, workloadContext } from "../run/run-config.js";
import { runNetwork } from "../run/run-network.js";
import { RunRecord, type RunOutcome } from "../run/run-record.js";
import { bundleNode, type NodeBundle, TYPESCRIPT_FILE } from "../run/bundle-node.js";
import { ProcessCluster } from "./process-cluster.js";
import { Progress } from "./progress.js";


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
  const record = new RunRecord(cfg, {
    start: new Date(),
    out,
    interrupt: hooks.interrupt,
    stops: (node) => `harness stops reading ${node}'s stdout`,
    interruptNote: "every node was killed; ",
    analysing: () => progress.phase("analysis"),
  });
  const { store, failure, log } = record;
  const clock = new RealClock();
  const t0 = performance.now();
  let origin = t0;
  const network = runNetwork(cfg, clock, () => Math.round((performance.now() - t0) * 1e6), record.journal);
  const history = new History(() => (performance.now() - origin) * 1e6);
  let cluster: ProcessCluster | undefined;
  // If the harness exits before teardown (a second Ctrl-C, a crash), still end every node's process group.
  const killNodesOnExit = () => cluster?.killNow();
  process.on("exit", killNodesOnExit);
  const progress = new Progress({ out, runLog: record.runLogOnly, read: () => ({ history: history.counts, ops: history.ops, grudge: network.currentGrudge }) });

  log(`maelstrom-nodes local harness: ${cfg.workloadName}, ${plural(cfg.nodes.length, "node")} (${cfg.nodes.join(" ")}), bin ${cfg.bin}${cfg.binArgs.length ? " " + cfg.binArgs.join(" ") : ""}`);
  log(`seed ${cfg.seed} (repeat this run's random choices with --seed ${cfg.seed}); store ${store.dir}`);
  record.writeRunning();

  let workload: Workload | undefined;
  let bundle: NodeBundle | undefined;
  const removeBundle = () => bundle?.removeSync();
  process.on("exit", removeBundle);
  try {
    // How each node starts: the binary itself, as Maelstrom does; a TypeScript file (ours, beyond
    // Maelstrom) is bundled once for the run and started with node, as fast as a compiled node.
    let start = { bin: cfg.bin, args: cfg.binArgs };
    checkBinary(cfg.bin, config.bin, !TYPESCRIPT_FILE.test(cfg.bin));
    if (TYPESCRIPT_FILE.test(cfg.bin)) {
      const began = performance.now();
      try {
        bundle = await bundleNode(cfg.bin);
      } catch (e) {
        throw new RunCrashed(`--bin ${(e as Error).message}`);
      }
      log(`bundled ${config.bin} in ${Math.round(performance.now() - began)} ms; each node runs node --enable-source-maps ${bundle.file}`);
      start = { bin: process.execPath, args: ["--enable-source-maps", bundle.file, ...cfg.binArgs] };
    }
    const nemeses = nemesisPackages(cfg.nemesis);
    workload = cfg.workload(workloadContext(cfg));
    cluster = new ProcessCluster(
      cfg.nodes,
      network,
      (id) => ({
        id,
        bin: start.bin,
        args: start.args,
        network,
        logPath: store.nodeLogPath(id),
        now: () => performance.now() - t0,
        echoStderr: cfg.logStderr ? (l) => log(`[${id} stderr] ${l}`) : undefined,
        onOutputStopped: record.outputStopped,
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
      schedule: cfg.schedule,
      options: cfg,
      failure,
      hooks: {
        log,
        phase: (name, seconds) => progress.phase(name, seconds),
        historyStarts: () => (origin = performance.now()),
        fault: (name, fault) => progress.fault(name, fault),
        phasesOver: () => progress.stop(),
        // The history is written before the nodes are killed; after a crash, after them.
        beforeKill: async () => {
          record.writeHistory(history.ops);
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
    process.off("exit", removeBundle);
    removeBundle();
  }
  // Whatever failed on the way, the history is written and test.json is rewritten.
  return record.finish(workload, history.ops, network.lateness);
}

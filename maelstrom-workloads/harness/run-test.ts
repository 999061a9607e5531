import { constants } from "node:os";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { RealClock } from "../../lib/runtime/real-clock.js";
import type { CheckResult } from "../checkers/check-result.js";
import type { Workload, WorkloadFactory } from "../workload.js";
import { analyse } from "../run/analyse.js";
import { MaelstromClient } from "../run/client.js";
import { ClientThreads } from "../run/client-threads.js";
import { checkBinary, crashReport, initFailure, RunCrashed, shownLine } from "./crash-report.js";
import { describeFailure } from "./describe-failure.js";
import { History } from "../model/history.js";
import type { JournalEvent } from "../model/journal-event.js";
import { Latch } from "../run/latch.js";
import { latencySampler } from "../network/latency.js";
import { Network } from "../network/network.js";
import { NodeProcess, type OutputStopped } from "./node-process.js";
import { heal, runPartitionNemesis } from "../nemesis/partition-nemesis.js";
import { Progress } from "./progress.js";
import { deriveSeed, seededRng } from "../model/random.js";
import { RunStore } from "./store.js";
import type { TestInfo } from "../model/store-format.js";
import { runStaggered } from "../run/stagger.js";
import { summarise } from "./summary.js";

export { RunCrashed } from "./crash-report.js";

/** Everything a run needs, resolved: no defaults left to apply. */
export interface RunConfig {
  workloadName: string;
  workload: WorkloadFactory;
  bin: string;
  binArgs: readonly string[];
  nodes: readonly string[];
  concurrency: number;
  /** ops per second across all clients */
  rate: number;
  /** seconds */
  timeLimit: number;
  latency: { mean: number; dist: "constant" | "uniform" | "exponential" };
  partition: boolean;
  /** seconds */
  nemesisInterval: number;
  topology: string;
  availability: undefined | "total" | number;
  logStderr: boolean;
  logNetSend: boolean;
  logNetRecv: boolean;
  seed: number;
  storeDir: string;
  /** seconds of quiet before the final reads; Maelstrom's is a fixed 10 */
  recoverySeconds: number;
  /** the command line, for test.json */
  argv: readonly string[];
}

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

const INIT_TIMEOUT_MS = 10_000;
const SETUP_TIMEOUT_MS = 5_000;

/**
 * One `maelstrom test` run: start the nodes, init them, set up the workload,
 * run client ops and the nemesis for the time limit, then (for workloads with
 * a final phase) heal, wait, and do the final ops; tear down, check, store.
 * Any crash (a node gone, init unanswered, setup failed) ends the run with 255.
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
  const journal: JournalEvent[] = [];
  const network = new Network({
    clock,
    latency: latencySampler(cfg.latency, seededRng(deriveSeed(cfg.seed, "latency"))),
    nowNs: () => Math.round((performance.now() - t0) * 1e6),
    journal: (e) => {
      journal.push(e);
      store.journal.write(JSON.stringify(e) + "\n");
      if (cfg.logNetSend && e.type === "send") log(`net send ${JSON.stringify(e.message)}`);
      if (cfg.logNetRecv && e.type === "recv") log(`net recv ${JSON.stringify(e.message)}`);
    },
  });
  const history = new History(() => (performance.now() - origin) * 1e6);
  const nodes = new Map<string, NodeProcess>();
  const stopped: OutputStopped[] = [];
  const crashed = new Latch();
  let crash: string | undefined;
  const fail = (message: string) => {
    if (crash !== undefined) return;
    crash = message;
    crashed.fire();
  };
  // An interrupt stops the run as a crash does (every wait ends); teardown still kills the nodes and writes the history.
  let interrupted: NodeJS.Signals | undefined;
  const onInterrupt = () => {
    if (crash !== undefined) return;
    interrupted = (hooks.interrupt?.reason as NodeJS.Signals | undefined) ?? "SIGINT";
    fail(`interrupted by ${interrupted}`);
  };
  hooks.interrupt?.addEventListener("abort", onInterrupt, { once: true });
  if (hooks.interrupt?.aborted) onInterrupt();
  // If the harness exits before teardown (a second Ctrl-C, a crash), still end every node's process group.
  const killNodesOnExit = () => nodes.forEach((p) => p.killNow());
  process.on("exit", killNodesOnExit);
  /** Waits for `p`, or until the run crashes; then throws if it did. */
  const unlessCrashed = async <T>(p: Promise<T>): Promise<void> => {
    await Promise.race([p, crashed.promise]);
    if (crash !== undefined) throw new RunCrashed(crash);
  };
  const sleep = (ms: number) => Promise.race([new Promise<void>((r) => clock.after(Math.max(0, ms), r)), crashed.promise]);
  let nextClient = 0;
  /** Every client opened, to close at teardown (Maelstrom's client teardown takes them off the network). */
  const clients: MaelstromClient[] = [];
  const openClient = () => {
    const c = new MaelstromClient(`c${nextClient++}`, network, clock).open();
    clients.push(c);
    return c;
  };
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
    nemesis: cfg.partition ? ["partition"] : [],
    "nemesis-interval": cfg.nemesisInterval,
    topology: cfg.topology,
    seed: cfg.seed,
    argv: cfg.argv,
    "start-time": start.toISOString(),
  };
  // store/latest already points here: say the run is not finished (test.json is rewritten at the end).
  store.writeTestJson({ ...testInfo, status: "running", pid: process.pid });

  let workload: Workload | undefined;
  try {
    checkBinary(cfg.bin, config.bin);
    const wl = cfg.workload({ nodes: cfg.nodes, concurrency: cfg.concurrency, seed: cfg.seed, topology: cfg.topology });
    workload = wl;

    // Nodes: register all, start all, init all (Maelstrom's init clients, closed right after).
    for (const id of cfg.nodes) {
      const p = new NodeProcess({
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
        onExit: (n) => fail(crashReport(n, store.nodeLogPath(n.id), "during the run")),
        onLogError: (e) => fail(`could not write ${id}'s log ${store.nodeLogPath(id)}: ${e.message}`),
      });
      nodes.set(id, p);
      network.register(id, p);
    }
    for (const p of nodes.values()) p.start();
    progress.phase("init");
    const initClients = cfg.nodes.map(() => openClient());
    await unlessCrashed(
      Promise.all(
        cfg.nodes.map(async (id, i) => {
          const p = nodes.get(id)!;
          try {
            // Maelstrom checks only the type of init_ok: extra fields are fine.
            const reply = initClients[i]!.rpc(id, { type: "init", node_id: id, node_ids: [...cfg.nodes] }, INIT_TIMEOUT_MS, (b) => (b.type === "init_ok" ? undefined : `expected type "init_ok", got ${JSON.stringify(b.type)}`));
            // Once its output has stopped being routed, no answer can arrive: fail now, not after 10 s.
            const first = await Promise.race([reply.then(() => undefined, (e: Error) => e), p.whenOutputStopped.then(() => new Error("its output stopped being routed"))]);
            if (first) throw first;
          } catch (e) {
            fail(initFailure(p, e as Error, store.nodeLogPath(id)));
          }
        }),
      ),
    );
    for (const c of initClients) c.close();
    origin = performance.now();

    // Setup: one client per node, kept to the end (Maelstrom's setup clients).
    progress.phase("setup");
    const setupClients = cfg.nodes.map(() => openClient());
    if (wl.setup) {
      await unlessCrashed(
        Promise.all(
          cfg.nodes.map((id, i) =>
            wl.setup!(setupClients[i]!, id).catch((e: unknown) => {
              fail(`setup of ${id} failed: ${(e as Error).message}. Every node must answer its setup (for broadcast: topology with topology_ok, no extra fields) within ${SETUP_TIMEOUT_MS / 1000} s.`);
            }),
          ),
        ),
      );
    }

    // Main phase: client ops on a global stagger, and the nemesis beside them.
    const threads = new ClientThreads(cfg.nodes, cfg.concurrency, wl, history, openClient);
    progress.phase("main", cfg.timeLimit);
    const mainEnd = clock.now() + cfg.timeLimit * 1000;
    const mainOver = new Latch();
    const nemesisDone = cfg.partition
      ? runPartitionNemesis({
          nodes: cfg.nodes,
          network,
          history,
          rng: seededRng(deriveSeed(cfg.seed, "nemesis")),
          intervalSeconds: cfg.nemesisInterval,
          sleep,
          stopped: () => mainOver.fired || crash !== undefined,
          done: mainOver.promise,
          onChange: (kind) => progress.partition(kind),
        })
      : Promise.resolve();
    if (cfg.rate > 0) {
      // Jepsen's stagger: an op goes at max(its slot, when a thread took it); no backlog after a stall.
      const stagger = seededRng(deriveSeed(cfg.seed, "stagger"));
      await runStaggered({
        now: () => clock.now(),
        sleep,
        end: mainEnd,
        gap: () => stagger.next() * (2000 / cfg.rate),
        stopped: () => crash !== undefined,
        freeThread: async () => {
          let th = threads.pickFree();
          while (!th && crash === undefined) {
            await Promise.race([threads.nextFree(), crashed.promise]);
            th = threads.pickFree();
          }
          return th;
        },
        start: (th) => void threads.start(th, wl.nextOp(th.index)),
      });
    } else {
      await sleep(mainEnd - clock.now());
    }
    mainOver.fire();
    await unlessCrashed(threads.idle());
    await nemesisDone;

    // Final phase: heal, let the system recover, one final op per thread.
    if (wl.finalOp) {
      if (cfg.partition) {
        heal(history, network);
        progress.partition(undefined);
      }
      progress.phase("recovery", cfg.recoverySeconds);
      log(`Waiting for recovery... (${cfg.recoverySeconds} s)`);
      await unlessCrashed(sleep(cfg.recoverySeconds * 1000));
      progress.phase("final");
      await unlessCrashed(Promise.all(threads.all.map((th) => threads.start(th, wl.finalOp!(th.index)))));
    }
  } catch (e) {
    fail(e instanceof RunCrashed ? e.message : `the harness failed: ${describeFailure(e)}`);
  }
  progress.stop();

  // Teardown: every node must still be alive (Maelstrom calls anything else a crash). Then, in
  // Jepsen's order: clients closed and the network healed, the history written, and only then the
  // nodes killed. Until then (and for what a node wrote before its kill) its messages are routed
  // and journaled, so they count in the net stats, as under Maelstrom, whose journal stays open
  // through client, nemesis and node teardown.
  for (const p of nodes.values()) if (!p.alive) fail(crashReport(p, store.nodeLogPath(p.id), "before teardown"));
  for (const c of clients) c.close();
  network.heal();
  // After a crash (out of file descriptors, say) the nodes go first, and the history after them.
  // Whatever fails on the way, the nodes are killed and test.json is rewritten.
  let historyWritten = false;
  const writeHistory = () => {
    try {
      store.writeHistory(history.ops);
      historyWritten = true;
    } catch (e) {
      fail(`could not write the history to ${store.dir}: ${describeFailure(e)}`);
    }
  };
  try {
    if (crash === undefined) writeHistory();
    if (crash === undefined) await hooks.beforeKill?.();
  } catch (e) {
    fail(`the harness failed before the nodes were killed: ${describeFailure(e)}`);
  } finally {
    await Promise.all([...nodes.values()].map((p) => p.kill()));
    process.off("exit", killNodesOnExit);
    hooks.interrupt?.removeEventListener("abort", onInterrupt); // from here on the run finishes as it is
    network.shutdown();
  }

  if (!historyWritten) writeHistory();
  let results: CheckResult | undefined;
  if (crash === undefined) {
    progress.phase("analysis");
    try {
      results = analyse(workload!, history.ops, journal, { availability: cfg.availability, lateness: network.lateness, stopped, seed: cfg.seed });
      store.writeJson("results.json", results);
    } catch (e) {
      results = undefined;
      fail(`the analysis failed: ${describeFailure(e)}`);
    }
  }
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

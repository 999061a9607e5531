import { accessSync, constants, statSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { RealClock } from "../../lib/runtime/real-clock.js";
import type { CheckResult } from "../checkers/check-result.js";
import { grudge as makeGrudge, partitionKinds } from "../nemesis/partition-grudge.js";
import type { OpRequest, Workload, WorkloadFactory } from "../workload.js";
import { analyse } from "./analyse.js";
import { MaelstromClient } from "./client.js";
import { crashed, type Completion } from "./complete-op.js";
import { History } from "./history.js";
import type { JournalEvent } from "./journal-event.js";
import { latencySampler } from "./latency.js";
import { Network } from "./network.js";
import { NodeProcess, type OutputStopped } from "./node-process.js";
import { Progress } from "./progress.js";
import { deriveSeed, seededRng } from "./random.js";
import { RunStore } from "./store.js";
import { summarise } from "./summary.js";

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
  exitCode: 0 | 1 | 2 | 255;
  dir: string;
  results: CheckResult | undefined;
  crash: string | undefined;
}

/** A run that cannot go on: Maelstrom's exit 255. */
export class RunCrashed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunCrashed";
  }
}

const INIT_TIMEOUT_MS = 10_000;
const SETUP_TIMEOUT_MS = 5_000;

interface Thread {
  index: number;
  node: string;
  process: number;
  client: MaelstromClient | undefined;
  stale: boolean;
  busy: boolean;
}

/**
 * One `maelstrom test` run: start the nodes, init them, set up the workload,
 * run client ops and the nemesis for the time limit, then (for workloads with
 * a final phase) heal, wait, and do the final ops; tear down, check, store.
 */
export async function runTest(config: RunConfig, out: (line: string) => void): Promise<RunOutcome> {
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
  let crash: string | undefined;
  let crashWake: () => void = () => {};
  const crashed$ = new Promise<void>((r) => (crashWake = r));
  const fail = (message: string) => {
    if (crash) return;
    crash = message;
    crashWake();
  };
  const sleep = (ms: number) => Promise.race([new Promise<void>((r) => clock.after(Math.max(0, ms), r)), crashed$]);
  let nextClient = 0;
  const openClient = () => new MaelstromClient(`c${nextClient++}`, network, clock).open();
  const progress = new Progress(out, () => ({ history: history.counts, grudge: network.currentGrudge }));

  log(`maelstrom-nodes local harness: ${cfg.workloadName}, ${cfg.nodes.length} nodes (${cfg.nodes.join(" ")}), bin ${cfg.bin}${cfg.binArgs.length ? " " + cfg.binArgs.join(" ") : ""}`);
  log(`seed ${cfg.seed} (repeat this run's random choices with --seed ${cfg.seed}); store ${store.dir}`);

  let workload: Workload | undefined;
  try {
    checkBinary(cfg.bin);
    workload = cfg.workload({ nodes: cfg.nodes, concurrency: cfg.concurrency, seed: cfg.seed, topology: cfg.topology });

    // Nodes: register, start, init.
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
          log(`\n!!! ${s.node} wrote something Maelstrom cannot route, so (like Maelstrom) the harness stops reading ${s.node}'s stdout for the rest of the test.\n!!!   why:  ${s.reason}\n!!!   line: ${clip(s.line)}\n`);
        },
        onExit: (n) => fail(crashReport(n, store.nodeLogPath(n.id), "during the run")),
      });
      nodes.set(id, p);
      network.register(id, p);
    }
    for (const p of nodes.values()) p.start();
    progress.phase("init");
    const initClients = cfg.nodes.map(() => openClient());
    await Promise.race([
      Promise.all(cfg.nodes.map((id, i) => initNode(initClients[i]!, id, cfg.nodes, nodes.get(id)!, store.nodeLogPath(id)))),
      crashed$,
    ]);
    for (const c of initClients) c.close();
    if (crash) throw new RunCrashed(crash);
    origin = performance.now();

    // Setup: one client per node, kept to the end (Maelstrom's setup clients).
    progress.phase("setup");
    const setupClients = cfg.nodes.map(() => openClient());
    if (workload.setup) {
      const wl = workload;
      await Promise.race([
        Promise.all(
          cfg.nodes.map((id, i) =>
            wl.setup!(setupClients[i]!, id).catch((e: unknown) => {
              throw new RunCrashed(`setup of ${id} failed: ${(e as Error).message}. Every node must answer its setup (for broadcast: topology with topology_ok, no extra fields) within ${SETUP_TIMEOUT_MS / 1000} s.`);
            }),
          ),
        ),
        crashed$,
      ]);
    }
    if (crash) throw new RunCrashed(crash);

    // Main phase.
    const threads: Thread[] = Array.from({ length: cfg.concurrency }, (_, i) => ({ index: i, node: cfg.nodes[i % cfg.nodes.length]!, process: i, client: undefined, stale: false, busy: false }));
    const runOp = async (th: Thread, op: OpRequest) => {
      th.busy = true;
      if (!th.client || th.stale) {
        th.client?.close();
        th.client = openClient();
        th.stale = false;
      }
      history.invoke(th.process, op.f, op.value, op.final);
      let c: Completion;
      try {
        c = await workload!.invoke(th.client, th.node, op);
      } catch (e) {
        c = crashed(e, op.value);
      }
      history.complete(th.process, op.f, c, op.final);
      if (c.type === "info") {
        th.process += cfg.concurrency;
        if (!workload!.reusableClient) th.stale = true;
      }
      th.busy = false;
      wakeFree();
    };
    let freeWaiters: Array<() => void> = [];
    const wakeFree = () => {
      const w = freeWaiters;
      freeWaiters = [];
      for (const f of w) f();
    };
    let rotate = 0;
    const pickFree = (): Thread | undefined => {
      for (let k = 0; k < threads.length; k++) {
        const th = threads[(rotate + k) % threads.length]!;
        if (!th.busy) {
          rotate = (th.index + 1) % threads.length;
          return th;
        }
      }
      return undefined;
    };
    const inflight = new Set<Promise<void>>();
    const track = (p: Promise<void>) => {
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    };

    progress.phase("main", cfg.timeLimit);
    const mainStart = clock.now();
    const mainEnd = mainStart + cfg.timeLimit * 1000;
    let mainOver = false;
    let mainOverWake: () => void = () => {};
    const mainOver$ = new Promise<void>((r) => (mainOverWake = r));
    const nemesisDone = cfg.partition ? runNemesis() : Promise.resolve();
    const opRng = seededRng(deriveSeed(cfg.seed, "stagger"));
    if (cfg.rate > 0) {
      let next = mainStart;
      while (!crash && next < mainEnd) {
        await sleep(next - clock.now());
        let th = pickFree();
        while (!th && !crash) {
          await Promise.race([new Promise<void>((r) => freeWaiters.push(r)), crashed$]);
          th = pickFree();
        }
        // An op's time is max(now, its slot): when no thread was free the schedule slipped,
        // and the time limit applies to when the op would really start.
        if (!th || crash || clock.now() >= mainEnd) break;
        track(runOp(th, workload.nextOp(th.index)));
        next += opRng.next() * (2000 / cfg.rate);
      }
    } else {
      await sleep(mainEnd - clock.now());
    }
    mainOver = true;
    mainOverWake();
    await Promise.race([Promise.all([...inflight]), crashed$]);
    await nemesisDone;
    if (crash) throw new RunCrashed(crash);

    // Final phase.
    if (workload.finalOp) {
      if (cfg.partition) {
        history.nemesis("stop-partition", null);
        network.heal();
        history.nemesis("stop-partition", "network-healed");
        progress.partition(undefined);
      }
      progress.phase("recovery", cfg.recoverySeconds);
      log(`Waiting for recovery... (${cfg.recoverySeconds} s)`);
      await sleep(cfg.recoverySeconds * 1000);
      if (crash) throw new RunCrashed(crash);
      progress.phase("final");
      const wl = workload;
      await Promise.race([Promise.all(threads.map((th) => runOp(th, wl.finalOp!(th.index)))), crashed$]);
      if (crash) throw new RunCrashed(crash);
    }

    async function runNemesis(): Promise<void> {
      const rng = seededRng(deriveSeed(cfg.seed, "nemesis"));
      let partitioned = false;
      while (!mainOver && !crash) {
        if (!partitioned) {
          const kind = rng.pick(partitionKinds);
          history.nemesis("start-partition", kind);
          const g = makeGrudge(kind, cfg.nodes, rng);
          network.partition(g);
          history.nemesis("start-partition", ["isolated", g]);
          progress.partition(kind);
        } else {
          history.nemesis("stop-partition", null);
          network.heal();
          history.nemesis("stop-partition", "network-healed");
          progress.partition(undefined);
        }
        partitioned = !partitioned;
        const gap = rng.next() * 2 * cfg.nemesisInterval * 1000;
        await Promise.race([sleep(gap), mainOver$]);
      }
    }
  } catch (e) {
    fail(e instanceof RunCrashed ? e.message : `the harness failed: ${(e as Error).stack ?? String(e)}`);
  }
  progress.stop();

  // Teardown: every node must still be alive (Maelstrom calls anything else a crash), then SIGKILL.
  if (!crash) {
    for (const p of nodes.values()) if (!p.alive) fail(crashReport(p, store.nodeLogPath(p.id), "before teardown"));
  }
  network.heal();
  await Promise.all([...nodes.values()].map((p) => p.kill()));
  network.shutdown();

  store.writeHistory(history.ops);
  const test = {
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
    "exit-code": 255 as number,
    crash: crash ?? null,
  };
  let results: CheckResult | undefined;
  let exitCode: RunOutcome["exitCode"] = 255;
  if (crash) {
    log(`\nThe run crashed (exit 255): ${crash}\nNo results were computed; the history and logs are in ${store.dir}`);
  } else {
    progress.phase("analysis");
    results = analyse(workload!, history.ops, journal, { availability: cfg.availability, lateness: network.lateness, stopped, seed: cfg.seed });
    store.writeJson("results.json", results);
    exitCode = results["valid?"] === true ? 0 : results["valid?"] === false ? 1 : 2;
  }
  test["exit-code"] = exitCode;
  store.writeJson("test.json", test);
  if (results) for (const line of summarise(results, store.dir, exitCode)) log(line);
  await store.close();
  return { exitCode, dir: store.dir, results, crash };
}

async function initNode(client: MaelstromClient, id: string, all: readonly string[], p: NodeProcess, logPath: string): Promise<void> {
  try {
    // Maelstrom checks only the type of init_ok: extra fields are fine.
    await client.rpc(id, { type: "init", node_id: id, node_ids: [...all] }, INIT_TIMEOUT_MS, (b) => (b.type === "init_ok" ? undefined : `expected type "init_ok", got ${JSON.stringify(b.type)}`));
  } catch (e) {
    const last = p.lastStderr.slice(-10);
    throw new RunCrashed(
      `node ${id} did not answer init: ${(e as Error).message}.` +
        (p.alive ? "" : ` The process ${p.describeExit()}.`) +
        (last.length ? `\nLast stderr lines of ${id}:\n  ${last.join("\n  ")}` : `\n${id} wrote nothing on stderr.`) +
        `\nIts log: ${logPath}`,
    );
  }
}

function checkBinary(bin: string): void {
  const abs = resolve(bin);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new RunCrashed(`--bin ${bin}: no such file (looked for ${abs})`);
  }
  if (!st.isFile()) throw new RunCrashed(`--bin ${bin}: not a file`);
  try {
    accessSync(abs, constants.X_OK);
  } catch {
    throw new RunCrashed(`--bin ${bin}: not executable; try chmod +x ${bin}`);
  }
}

function crashReport(p: NodeProcess, logPath: string, when: string): string {
  const err = p.lastStderr.slice(-10);
  const out = p.lastStdout.slice(-3);
  return (
    (p.spawnError ? `node ${p.id} ${p.describeExit()}.` : `node ${p.id} ${p.describeExit()} ${when}; Maelstrom treats a node that exits before teardown as a crash of the run.`) +
    (err.length ? `\nLast stderr lines of ${p.id}:\n  ${err.join("\n  ")}` : `\n${p.id} wrote nothing on stderr.`) +
    (out.length ? `\nLast stdout lines of ${p.id}:\n  ${out.map((l) => clip(l)).join("\n  ")}` : "") +
    `\nIts log: ${logPath}`
  );
}

function clip(s: string, max = 300): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}


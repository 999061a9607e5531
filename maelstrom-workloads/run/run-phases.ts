import type { Clock } from "../../lib/runtime/clock.js";
import type { History } from "../model/history.js";
import { deriveSeed, seededRng } from "../model/random.js";
import type { FaultSchedule } from "../nemesis/fault-schedule.js";
import type { NemesisPackage } from "../nemesis/nemesis-package.js";
import { ScheduleNemesis } from "../nemesis/schedule-nemesis.js";
import { nemesisRng, runNemeses } from "../nemesis/run-nemeses.js";
import type { Network } from "../network/network.js";
import type { Workload } from "../workload.js";
import { MaelstromClient } from "./client.js";
import { ClientThreads } from "./client-threads.js";
import type { Cluster } from "./cluster.js";
import { describeFailure } from "./describe-failure.js";
import { Latch } from "./latch.js";
import { RunCrashed } from "./run-crashed.js";
import type { RunFailure } from "./run-failure.js";
import { runStaggered } from "./stagger.js";

/** Maelstrom's init deadline. */
export const INIT_TIMEOUT_MS = 10_000;
/** The setup deadline our workloads give each node (named in the failure message). */
export const SETUP_TIMEOUT_MS = 5_000;

/** The options the run itself needs. */
export interface PhaseOptions {
  seed: number;
  concurrency: number;
  /** ops per second across all clients */
  rate: number;
  /** seconds */
  timeLimit: number;
  /** seconds, mean gap between one nemesis package's ops */
  nemesisInterval: number;
  /** Which nodes kill and pause may hit (`--nemesis-targets`). */
  nemesisTargets: readonly string[];
  /** seconds of quiet before the final ops */
  recoverySeconds: number;
}

/** What the host shows and does at the run's turns; none of them may throw except `beforeKill`. */
export interface PhaseHooks {
  /** A line for the person watching (and the run's log). */
  log(line: string): void;
  /** A phase begins: init, setup, main (timeLimit s), recovery (recoverySeconds s), final. */
  phase(name: "init" | "setup" | "main" | "recovery" | "final", seconds?: number): void;
  /** Every node answered init: history times count from here. */
  historyStarts(): void;
  /** A nemesis package's fault in force changed (undefined: healed). */
  fault(nemesis: string, fault: string | undefined): void;
  /** The client phases are over (or the run failed): teardown begins. */
  phasesOver(): void;
  /**
   * Teardown, after the clients are closed and the network healed, before the
   * nodes are stopped; called only while the run is sound (the process host
   * writes the history here). A throw is a crash of the run; the nodes are stopped anyway.
   */
  beforeKill(): Promise<void>;
}

export interface RunPhasesInput {
  clock: Clock;
  network: Network;
  cluster: Cluster;
  history: History;
  workload: Workload;
  nemeses: readonly NemesisPackage[];
  /** `--schedule` (ours): the main phase's faults at fixed times, beside the packages (the command lines give one or the other); the final phase heals them too. */
  schedule?: FaultSchedule;
  options: PhaseOptions;
  /** The host's failures (a node gone, a log unwritable, an interrupt) go here; so do the run's own. */
  failure: RunFailure;
  hooks: PhaseHooks;
}

/**
 * The run, wherever the nodes live: start and init every node (Maelstrom's
 * init clients, closed right after), set up the workload, run client ops on
 * Jepsen's stagger with the nemeses beside them for the time limit; for a
 * workload with a final phase, heal, wait for recovery and do one final op
 * per thread. Then tear down in Jepsen's order: every node must still be
 * alive, clients are closed, the network is healed, `beforeKill`, and only
 * then every node is stopped and the network shut down. A failure at any
 * point ends the waiting at once; the teardown always runs. Resolves when the
 * nodes are gone; the outcome is in `failure`.
 */
export async function runPhases(x: RunPhasesInput): Promise<void> {
  const { clock, network, cluster, history, workload: wl, options: o, failure, hooks } = x;
  const nodes = cluster.nodes;
  const sleep = (ms: number) => Promise.race([new Promise<void>((r) => clock.after(Math.max(0, ms), r)), failure.promise]);
  let nextClient = 0;
  /** Every client opened, to close at teardown (Maelstrom's client teardown takes them off the network). */
  const clients: MaelstromClient[] = [];
  const openClient = () => {
    const c = new MaelstromClient(`c${nextClient++}`, network, clock).open();
    clients.push(c);
    return c;
  };

  /** Sends `init` to a node and waits for init_ok, as Maelstrom's init client does; its failure is the run's. */
  const init = async (id: string, client: MaelstromClient, again: boolean) => {
    try {
      // Maelstrom checks only the type of init_ok: extra fields are fine.
      const reply = client.rpc(id, { type: "init", node_id: id, node_ids: [...nodes] }, INIT_TIMEOUT_MS, (b) => (b.type === "init_ok" ? undefined : `expected type "init_ok", got ${JSON.stringify(b.type)}`));
      // Once its output has stopped being routed, no answer can arrive: fail now, not after 10 s.
      const first = await Promise.race([reply.then(() => undefined, (e: Error) => e), cluster.outputStopped(id).then(() => new Error("its output stopped being routed"))]);
      if (first) throw first;
    } catch (e) {
      failure.fail((again ? "after the nemesis killed it and started it again, " : "") + cluster.initFailure(id, e as Error));
    }
  };
  const setup = async (id: string, client: MaelstromClient) => {
    if (!wl.setup) return;
    await wl.setup(client, id).catch((e: unknown) => {
      failure.fail(`setup of ${id} failed: ${(e as Error).message}. Every node must answer its setup (for broadcast: topology with topology_ok, no extra fields) within ${SETUP_TIMEOUT_MS / 1000} s.`);
    });
  };
  /** Nodes being started again: no process fault may hit them until they have answered init and setup. */
  const restarting = new Set<string>();
  /**
   * A killed node started again, brought in as at the start: init, then the
   * workload's setup (ours: Maelstrom has no kill). Never rejects: a node that
   * does not answer fails the run (RunFailure), and once the run has failed
   * nothing is started any more (teardown may already be stopping the nodes).
   */
  const restart = async (id: string) => {
    if (failure.failed) return;
    restarting.add(id);
    try {
      cluster.start(id);
      const c = openClient();
      await failure.unless(init(id, c, true));
      c.close();
      await failure.unless(setup(id, openClient()));
    } catch (e) {
      if (!(e instanceof RunCrashed)) failure.fail(`the harness failed while starting ${id} again: ${describeFailure(e)}`);
    } finally {
      restarting.delete(id);
    }
  };
  /** The nemeses' loops, to wait for before teardown; what they throw fails the run instead of going unhandled. */
  const faultLoops: Promise<unknown>[] = [];
  const track = (p: Promise<unknown> | undefined) => {
    if (!p) return undefined;
    const caught = p.catch((e: unknown) => failure.fail(e instanceof RunCrashed ? e.message : `the nemesis failed: ${describeFailure(e)}`));
    faultLoops.push(caught);
    return caught;
  };

  try {
    for (const id of nodes) cluster.start(id);
    hooks.phase("init");
    const initClients = nodes.map(() => openClient());
    await failure.unless(Promise.all(nodes.map((id, i) => init(id, initClients[i]!, false))));
    for (const c of initClients) c.close();
    hooks.historyStarts();

    // Setup: one client per node, kept to the end (Maelstrom's setup clients).
    hooks.phase("setup");
    const setupClients = nodes.map(() => openClient());
    if (wl.setup) await failure.unless(Promise.all(nodes.map((id, i) => setup(id, setupClients[i]!))));

    // Main phase: client ops on a global stagger, and the nemeses beside them.
    const threads = new ClientThreads(nodes, o.concurrency, wl, history, openClient);
    hooks.phase("main", o.timeLimit);
    const mainEnd = clock.now() + o.timeLimit * 1000;
    const mainOver = new Latch();
    const nemeses = x.nemeses.map((pkg) => ({ pkg, ctx: { network, cluster, history, rng: nemesisRng(o.seed, pkg.name), targets: o.nemesisTargets, restart, restarting } }));
    const nemesisDone = track(runNemeses({
      packages: nemeses,
      intervalSeconds: o.nemesisInterval,
      sleep,
      stopped: () => mainOver.fired || failure.failed,
      done: mainOver.promise,
      onChange: (name, fault) => hooks.fault(name, fault),
    }));
    const scheduled = x.schedule && { nemesis: new ScheduleNemesis(x.schedule), ctx: { network, cluster, history, rng: nemesisRng(o.seed, "schedule"), targets: o.nemesisTargets, restart, restarting } };
    const scheduleDone = track(scheduled?.nemesis.run(scheduled.ctx, { now: () => clock.now(), sleep, done: mainOver.promise, stopped: () => mainOver.fired || failure.failed, onChange: (kind, what) => hooks.fault(kind, what) }));
    // Jepsen's stagger: an op goes at max(its slot, when a thread took it); no backlog after a stall.
    const stagger = seededRng(deriveSeed(o.seed, "stagger"));
    const clientOpsUntil = async (end: number) => {
      if (o.rate <= 0) return void (await sleep(end - clock.now()));
      await runStaggered({
        now: () => clock.now(),
        sleep,
        end,
        gap: () => stagger.next() * (2000 / o.rate),
        stopped: () => failure.failed,
        freeThread: async () => {
          let th = threads.pickFree();
          while (!th && !failure.failed) {
            await Promise.race([threads.nextFree(), failure.promise]);
            th = threads.pickFree();
          }
          return th;
        },
        start: (th) => void threads.start(th, wl.nextOp(th.index)),
      });
    };
    await clientOpsUntil(mainEnd);
    mainOver.fire();
    await failure.unless(threads.idle());
    await nemesisDone;
    await scheduleDone;

    // Final phase: heal, let the system recover, one final op per thread.
    if (wl.finalOp || wl.finalOps) {
      for (const { pkg, ctx } of nemeses) {
        await pkg.heal(ctx);
        hooks.fault(pkg.name, undefined);
      }
      await scheduled?.nemesis.heal(scheduled.ctx, (kind) => hooks.fault(kind, undefined));
      hooks.phase("recovery", o.recoverySeconds);
      hooks.log(`Waiting for recovery... (${o.recoverySeconds} s)`);
      if (wl.pollsDuringRecovery) {
        await failure.unless(clientOpsUntil(clock.now() + o.recoverySeconds * 1000));
        await failure.unless(threads.idle());
      } else {
        await failure.unless(sleep(o.recoverySeconds * 1000));
      }
      hooks.phase("final");
      const finalSequence = async (th: { index: number }) => {
        for (let op = wl.finalOps!(th.index); op && !failure.failed; op = wl.finalOps!(th.index)) {
          if (op.delayMs) await sleep(op.delayMs);
          if (!failure.failed) await threads.start(th, op);
        }
      };
      await failure.unless(Promise.all(threads.all.map((th) => (wl.finalOps ? finalSequence(th) : threads.start(th, wl.finalOp!(th.index))))));
    }
  } catch (e) {
    failure.fail(e instanceof RunCrashed ? e.message : `the harness failed: ${describeFailure(e)}`);
  }
  // A failed run leaves the fault loops to notice it (each stops at its next step, and starts nothing again): wait
  // for them, so that no fault acts on a node while teardown stops it.
  await Promise.all(faultLoops);
  hooks.phasesOver();

  // Teardown: every node must still be alive (Maelstrom calls anything else a crash). Then, in
  // Jepsen's order: clients closed and the network healed, the history written (beforeKill), and
  // only then the nodes stopped. Until then (and for what a node wrote before its end) its messages
  // are routed and journaled, so they count in the net stats, as under Maelstrom, whose journal
  // stays open through client, nemesis and node teardown.
  // A node the nemesis killed (and the run did not start again: no final phase) is expected to be gone.
  for (const id of nodes) if (!cluster.alive(id) && !cluster.killed(id)) failure.fail(cluster.crashReport(id, "before teardown"));
  // A paused node is let go on, so that it can be stopped as the others are (the process host's SIGKILL would end it anyway).
  for (const id of nodes) if (cluster.paused(id)) cluster.resume(id);
  for (const c of clients) c.close();
  network.heal();
  try {
    if (!failure.failed) await hooks.beforeKill();
  } catch (e) {
    failure.fail(`the harness failed before the nodes were killed: ${describeFailure(e)}`);
  } finally {
    await Promise.all(nodes.map((id) => cluster.stop(id)));
    network.shutdown();
  }
}

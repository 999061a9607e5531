import type { Fault, FaultSchedule, PartitionFault } from "./fault-schedule.js";
import { faultAction } from "./describe-fault.js";
import type { NemesisContext } from "./nemesis-package.js";
import { completeGrudge, type Grudge } from "./partition-grudge.js";
import { scheduleEvents } from "./schedule-events.js";

/** How the run lends the schedule its time. */
export interface ScheduleTiming {
  /** The run's clock, in ms. */
  now(): number;
  /** Waits on the run's clock (and ends early when the run fails). */
  sleep(ms: number): Promise<unknown>;
  /** Resolves when the main phase ends. */
  done: Promise<void>;
  /** True once the main phase is over or the run has failed. */
  stopped(): boolean;
  /** A kind's faults in force changed (undefined: none left), for the progress line: "kill n2", "partition majority". */
  onChange(kind: string, what: string | undefined): void;
}

const each = (nodes: readonly string[], what: (id: string) => string) => Object.fromEntries(nodes.map((n) => [n, what(n)]));

/**
 * The main phase's faults from a schedule (`--schedule`) instead of the
 * random flip-flop of the packages: `run` applies each fault at its time on
 * the run's clock and undoes it `forMs` later, one turn at a time in
 * scheduleEvents order (a turn waits for the one before it: a restart's init
 * and setup take time, on processes real time); `heal` (the final phase)
 * ends everything still in force. One instance per run.
 *
 * Recorded in the history as the packages record theirs (process "nemesis",
 * type info, an invocation then a completion): start-partition/stop-partition,
 * kill/start, pause/resume; and ours: start-loss/stop-loss,
 * start-latency/stop-latency. The invocation's value is the fault's own
 * (partition shape, nodes, p, factor); the completion's what is now in force.
 *
 * Overlapping faults combine so that a replay is exact and nothing is undone
 * early: the grudge in force is the union of the partitions in force; a node
 * stays killed (or paused) while any kill (pause) naming it is in force and
 * is restarted (resumed) when the last one ends; the loss in force is the
 * highest p of the loss bursts in force (the run's --loss when none); the
 * latency factor is the highest of those in force (1 when none; not their
 * product: two x100 faults would make a 100 ms link take 1000 s, and since a
 * receiver waits for its head message, no node would answer anything again).
 * A kill ends a pause of the same node (a killed process comes back running).
 */
export class ScheduleNemesis {
  readonly #s: FaultSchedule;
  /** Indices of the faults in force. */
  readonly #inForce = new Set<number>();
  /** node -> kills (pauses) in force that name it. */
  readonly #kills = new Map<string, number>();
  readonly #pauses = new Map<string, number>();
  /** The network's loss and latency factor before the first fault: what heal restores. */
  #base: { loss: number; factor: number } | undefined;

  constructor(schedule: FaultSchedule) {
    this.#s = schedule;
  }

  /** Applies the schedule until its last turn or the end of the main phase, whichever comes first. Does not heal at the end. */
  async run(ctx: NemesisContext, t: ScheduleTiming): Promise<void> {
    const start = t.now();
    this.#base ??= { loss: ctx.network.loss, factor: ctx.network.latencyFactor };
    for (const e of scheduleEvents(this.#s)) {
      const wait = start + e.atMs - t.now();
      if (wait > 0) await Promise.race([t.sleep(wait), t.done]);
      if (t.stopped()) return;
      const f = this.#s.faults[e.index]!;
      if (e.what === "start") this.#inForce.add(e.index);
      else this.#inForce.delete(e.index);
      await this.#turn(ctx, f, e.what);
      t.onChange(f.kind, this.#inForceWords(ctx, f.kind));
    }
  }

  /** Ends every fault still in force (the final phase): heals the network, restores loss and latency, resumes paused and restarts killed nodes. Records only the kinds the schedule has. */
  async heal(ctx: NemesisContext, onChange: (kind: string, what: undefined) => void): Promise<void> {
    const { network, cluster, history } = ctx;
    const kinds = new Set(this.#s.faults.map((f) => f.kind));
    this.#inForce.clear();
    this.#kills.clear();
    this.#pauses.clear();
    if (kinds.has("partition")) {
      history.nemesis("stop-partition", null);
      network.heal();
      history.nemesis("stop-partition", "network-healed");
    }
    if (kinds.has("loss")) {
      history.nemesis("stop-loss", "all");
      if (this.#base) network.setLoss(this.#base.loss);
      history.nemesis("stop-loss", { loss: network.loss });
    }
    if (kinds.has("latency")) {
      history.nemesis("stop-latency", "all");
      if (this.#base) network.setLatencyFactor(this.#base.factor);
      history.nemesis("stop-latency", { "latency-factor": network.latencyFactor });
    }
    if (kinds.has("pause")) {
      const stopped = cluster.nodes.filter((id) => cluster.paused(id));
      history.nemesis("resume", "all");
      for (const id of stopped) cluster.resume(id);
      history.nemesis("resume", each(stopped, () => "resumed"));
    }
    if (kinds.has("kill")) {
      const dead = cluster.nodes.filter((id) => cluster.killed(id));
      history.nemesis("start", "all");
      // One at a time, in test order, as the kill package does: deterministic in the simulator.
      for (const id of dead) {
        network.up(id);
        await ctx.restart(id);
      }
      history.nemesis("start", each(dead, () => "started"));
    }
    for (const k of ["partition", "loss", "latency", "pause", "kill"] as const) if (kinds.has(k)) onChange(k, undefined);
  }

  async #turn(ctx: NemesisContext, f: Fault, what: "start" | "end"): Promise<void> {
    const { network, cluster, history } = ctx;
    switch (f.kind) {
      case "partition": {
        history.nemesis(what === "start" ? "start-partition" : "stop-partition", what === "start" ? (f.shape ?? "custom") : null);
        const g = this.#grudgeInForce(cluster.nodes);
        if (g === undefined) {
          network.heal();
          history.nemesis("stop-partition", "network-healed");
        } else {
          network.partition(g);
          history.nemesis(what === "start" ? "start-partition" : "stop-partition", ["isolated", g]);
        }
        return;
      }
      case "kill": {
        if (what === "start") {
          history.nemesis("kill", f.nodes);
          const hit = f.nodes.filter((id) => this.#count(this.#kills, id, +1) === 1 && cluster.alive(id));
          for (const id of hit) network.down(id);
          await Promise.all(hit.map((id) => cluster.kill(id)));
          // A killed process comes back running: pauses of it in force no longer hold it.
          for (const id of hit) this.#pauses.delete(id);
          history.nemesis("kill", each(f.nodes, (id) => (hit.includes(id) ? "killed" : cluster.killed(id) ? "already-killed" : "not-running")));
        } else {
          history.nemesis("start", f.nodes);
          const done: Record<string, string> = {};
          for (const id of f.nodes) {
            const left = this.#count(this.#kills, id, -1);
            if (left > 0 || !cluster.killed(id)) {
              done[id] = left > 0 ? "still-killed" : "not-killed";
              continue;
            }
            network.up(id);
            await ctx.restart(id);
            done[id] = "started";
          }
          history.nemesis("start", done);
        }
        return;
      }
      case "pause": {
        if (what === "start") {
          history.nemesis("pause", f.nodes);
          // Counted whatever the node's state (its end resumes only when no pause of the node is left); paused now
          // if it runs and is not paused yet: a pause that began while the node was killed must not keep a later
          // pause of the restarted node from holding it.
          for (const id of f.nodes) this.#count(this.#pauses, id, +1);
          const hit = f.nodes.filter((id) => cluster.alive(id) && !cluster.paused(id));
          for (const id of hit) cluster.pause(id);
          history.nemesis("pause", each(f.nodes, (id) => (hit.includes(id) ? "paused" : cluster.paused(id) ? "already-paused" : "not-running")));
        } else {
          history.nemesis("resume", f.nodes);
          const go = f.nodes.filter((id) => this.#count(this.#pauses, id, -1) === 0 && cluster.paused(id));
          for (const id of go) cluster.resume(id);
          history.nemesis("resume", each(f.nodes, (id) => (go.includes(id) ? "resumed" : cluster.paused(id) ? "still-paused" : "not-paused")));
        }
        return;
      }
      case "loss": {
        history.nemesis(what === "start" ? "start-loss" : "stop-loss", f.p);
        const ps = this.#inForceOf("loss").map((x) => x.p);
        network.setLoss(ps.length ? Math.max(...ps) : this.#base!.loss);
        history.nemesis(what === "start" ? "start-loss" : "stop-loss", { loss: network.loss });
        return;
      }
      case "latency": {
        history.nemesis(what === "start" ? "start-latency" : "stop-latency", f.factor);
        const fs = this.#inForceOf("latency").map((x) => x.factor);
        network.setLatencyFactor(fs.length ? Math.max(...fs) : this.#base!.factor);
        history.nemesis(what === "start" ? "start-latency" : "stop-latency", { "latency-factor": network.latencyFactor });
        return;
      }
      default: {
        const never: never = f;
        throw new Error(`unknown fault ${JSON.stringify(never)}`);
      }
    }
  }

  /** Adds `d` to a node's count and returns the new count (never below 0). */
  #count(m: Map<string, number>, id: string, d: number): number {
    const n = Math.max(0, (m.get(id) ?? 0) + d);
    if (n === 0) m.delete(id);
    else m.set(id, n);
    return n;
  }

  #inForceOf<K extends Fault["kind"]>(kind: K): Extract<Fault, { kind: K }>[] {
    return [...this.#inForce].sort((a, b) => a - b).map((i) => this.#s.faults[i]!).filter((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
  }

  /** The union of the partitions in force (every node an entry, in test order), or undefined when none is. */
  #grudgeInForce(nodes: readonly string[]): Grudge | undefined {
    const parts = this.#inForceOf("partition");
    if (parts.length === 0) return undefined;
    const drops = new Map<string, Set<string>>(nodes.map((n) => [n, new Set()]));
    for (const p of parts) for (const [dest, srcs] of Object.entries(grudgeOf(p, nodes))) for (const s of srcs) drops.get(dest)?.add(s);
    return Object.fromEntries(nodes.map((n) => [n, nodes.filter((s) => drops.get(n)!.has(s))]));
  }

  /** What of `kind` is in force now, in words, or undefined. */
  #inForceWords(ctx: NemesisContext, kind: Fault["kind"]): string | undefined {
    const { cluster } = ctx;
    switch (kind) {
      case "kill": {
        const dead = cluster.nodes.filter((id) => cluster.killed(id));
        return dead.length ? `kill ${dead.join(",")}` : undefined;
      }
      case "pause": {
        const stopped = cluster.nodes.filter((id) => cluster.paused(id));
        return stopped.length ? `pause ${stopped.join(",")}` : undefined;
      }
      default: {
        const on = this.#inForceOf(kind);
        if (on.length === 0) return undefined;
        return kind === "partition" ? on.map((p) => (p as PartitionFault).shape ?? "custom").join("+") : on.map(faultAction).join(", ");
      }
    }
  }
}

/** A partition fault's grudge over the run's nodes: its sides made complete, or its grudge as given. */
export function grudgeOf(p: PartitionFault, nodes: readonly string[]): Grudge {
  return "sides" in p ? completeGrudge(p.sides, nodes) : Object.fromEntries(Object.entries(p.grudge).map(([d, s]) => [d, [...s]]));
}

import type { Rng } from "../model/random.js";
import { majority } from "./partition-grudge.js";
import type { NemesisContext, NemesisPackage } from "./nemesis-package.js";

/** The target specs of Jepsen's process nemeses that `--nemesis-targets` accepts. */
export const TARGET_SPECS = ["one", "minority", "majority", "all"] as const;
export type TargetSpec = (typeof TARGET_SPECS)[number];

/** How many nodes a target spec names in a cluster of n: one; a minority, which Jepsen takes as one fewer than a majority (floor(n/2): 2 of 5, and 2 of 4); a majority (floor(n/2) + 1); all. */
export function targetCount(spec: TargetSpec, n: number): number {
  return spec === "one" ? Math.min(1, n) : spec === "minority" ? majority(n) - 1 : spec === "majority" ? majority(n) : n;
}

/**
 * The nodes a target spec names, drawn from `rng`: targetCount(spec, the
 * cluster's size) of the nodes the fault can hit (`eligible`: for kill, those
 * alive; for pause, those running), or all of them if fewer. Jepsen draws from
 * every node, so a second fault can land on a node already down and do
 * nothing; drawing from those it can hit makes every fault count. In test order.
 */
export function targetNodes(spec: TargetSpec, clusterSize: number, eligible: readonly string[], rng: Rng): string[] {
  const chosen = new Set(rng.shuffle(eligible).slice(0, targetCount(spec, clusterSize)));
  return eligible.filter((x) => chosen.has(x));
}

/** One spec of those allowed, then its nodes among those the fault can hit. */
function pickTargets(ctx: NemesisContext, canHit: (id: string) => boolean): { spec: TargetSpec; nodes: string[] } {
  const allowed = ctx.targets.filter((t): t is TargetSpec => (TARGET_SPECS as readonly string[]).includes(t));
  if (allowed.length === 0) throw new Error(`--nemesis-targets: no target among ${JSON.stringify(ctx.targets)}; expected some of ${TARGET_SPECS.join(", ")}`);
  const spec = ctx.rng.pick(allowed);
  return { spec, nodes: targetNodes(spec, ctx.cluster.nodes.length, ctx.cluster.nodes.filter(canHit), ctx.rng) };
}

/** `{node: what}` for the history, as Jepsen records a process nemesis's completion. */
const each = (nodes: readonly string[], what: string) => Object.fromEntries(nodes.map((n) => [n, what]));

/**
 * Ours (Maelstrom has no process faults): `start` kills the chosen nodes at
 * once (SIGKILL to each one's process group; in the simulator its instance
 * is dropped with its timers and pending RPCs) and takes them off the
 * network; `heal` starts every killed node again under its id, with a fresh
 * init and the workload's setup. Recorded as Jepsen records them: `kill`
 * with the target spec, then `{node: "killed"}`; `start` with "all", then
 * `{node: "started"}`.
 */
export const killPackage: NemesisPackage = {
  name: "kill",
  async start(ctx) {
    const { spec, nodes: hit } = pickTargets(ctx, (id) => ctx.cluster.alive(id) && !ctx.restarting.has(id));
    ctx.history.nemesis("kill", spec);
    for (const id of hit) ctx.network.down(id);
    await Promise.all(hit.map((id) => ctx.cluster.kill(id)));
    ctx.history.nemesis("kill", each(hit, "killed"));
    return `kill ${hit.join(",") || "(none alive)"}`;
  },
  async heal(ctx) {
    const dead = ctx.cluster.nodes.filter((id) => ctx.cluster.killed(id));
    ctx.history.nemesis("start", "all");
    // One at a time, in test order: each restart's init and setup are deterministic in the simulator.
    for (const id of dead) {
      ctx.network.up(id);
      await ctx.restart(id);
    }
    ctx.history.nemesis("start", each(dead, "started"));
  },
};

/**
 * Ours: `start` pauses the chosen nodes (SIGSTOP to each process group; in
 * the simulator the node receives nothing and none of its timers fire, and
 * what is sent to it waits); `heal` resumes every paused node (SIGCONT).
 * Recorded as Jepsen records them: `pause` with the target spec, then
 * `{node: "paused"}`; `resume` with "all", then `{node: "resumed"}`.
 */
export const pausePackage: NemesisPackage = {
  name: "pause",
  start(ctx) {
    const { spec, nodes: hit } = pickTargets(ctx, (id) => ctx.cluster.alive(id) && !ctx.cluster.paused(id) && !ctx.restarting.has(id));
    ctx.history.nemesis("pause", spec);
    for (const id of hit) ctx.cluster.pause(id);
    ctx.history.nemesis("pause", each(hit, "paused"));
    return `pause ${hit.join(",") || "(none running)"}`;
  },
  heal(ctx) {
    const stopped = ctx.cluster.nodes.filter((id) => ctx.cluster.paused(id));
    ctx.history.nemesis("resume", "all");
    for (const id of stopped) ctx.cluster.resume(id);
    ctx.history.nemesis("resume", each(stopped, "resumed"));
  },
};

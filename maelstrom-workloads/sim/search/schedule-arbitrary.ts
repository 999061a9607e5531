import fc from "fast-check";
import { seededRng } from "../../model/random.js";
import type { Fault, FaultKind, FaultSchedule } from "../../nemesis/fault-schedule.js";
import { grudge, partitionKinds } from "../../nemesis/partition-grudge.js";
import { type TargetSpec, targetNodes } from "../../nemesis/process-faults.js";

/** What a search draws schedules from. */
export interface ScheduleSpace {
  /** The run's nodes, in test order. */
  nodes: readonly string[];
  /** The main phase's length, in ms: every fault starts within it. */
  timeLimitMs: number;
  /** The kinds of fault to draw. */
  kinds: readonly FaultKind[];
  /** How many nodes a kill or pause hits, as --nemesis-targets says (one, minority, majority, all). */
  targets: readonly TargetSpec[];
  /** At most this many faults in one schedule (at least one). */
  maxFaults: number;
}

/** Times are drawn in steps of 100 ms, so that a schedule reads "t=4.2s ... for 3.1s". */
const STEP_MS = 100;
/**
 * The loss probabilities and latency factors drawn, each shrinking towards the
 * first (the bluntest, and the easiest to read). No factor above 10: a
 * receiver waits for its head message (Maelstrom's network), so x100 on a
 * 100 ms link stalls every node for 10 s, clients included, past the client
 * timeout and into the final reads, and any node fails; that finds nothing.
 */
const LOSS_PS = [1, 0.5, 0.2] as const;
const LATENCY_FACTORS = [10, 3, 0] as const;
/** Seeds for a partition's or a process fault's choice of nodes; a small range keeps the choices varied and their shrinks few. */
const CHOICE_SEEDS = { min: 0, max: 0xffff };

/**
 * Fault schedules as fast-check values, so that fast-check's shrinking
 * (fewer faults, earlier and shorter ones, fewer nodes hit, a simpler
 * partition) applies to them. Each fault starts within the main phase and
 * lasts from 100 ms to the whole main phase; partitions are of the partition
 * nemesis's kinds, written out with their sides (one, majority,
 * minority-third) or grudge (majorities-ring), so that the file replays
 * exactly; kills and pauses hit as many nodes as a --nemesis-targets spec
 * says. The faults are sorted by their start (stably), which is also the
 * order in which a schedule file lists them, so the run and the file agree.
 */
export function scheduleArbitrary(space: ScheduleSpace): fc.Arbitrary<FaultSchedule> {
  if (space.kinds.length === 0) throw new Error("scheduleArbitrary: no fault kinds to draw");
  if (space.nodes.length === 0) throw new Error("scheduleArbitrary: no nodes");
  const steps = Math.max(1, Math.ceil(space.timeLimitMs / STEP_MS));
  const timing = fc.record({ atMs: fc.integer({ min: 0, max: steps - 1 }).map((k) => k * STEP_MS), forMs: fc.integer({ min: 1, max: steps }).map((k) => k * STEP_MS) });
  const byKind: Record<FaultKind, fc.Arbitrary<Fault>> = {
    partition: fc.tuple(timing, fc.constantFrom(...partitionKinds), fc.integer(CHOICE_SEEDS)).map(([t, shape, seed]) => partitionFault(t, shape, seed, space.nodes)),
    kill: fc.tuple(timing, processTargets(space)).map(([t, nodes]) => ({ ...t, kind: "kill", nodes })),
    pause: fc.tuple(timing, processTargets(space)).map(([t, nodes]) => ({ ...t, kind: "pause", nodes })),
    loss: fc.tuple(timing, fc.constantFrom(...LOSS_PS)).map(([t, p]) => ({ ...t, kind: "loss", p })),
    latency: fc.tuple(timing, fc.constantFrom(...LATENCY_FACTORS)).map(([t, factor]) => ({ ...t, kind: "latency", factor })),
  };
  const fault = fc.oneof(...space.kinds.map((k) => byKind[k]));
  return fc
    .array(fault, { minLength: 1, maxLength: Math.max(1, space.maxFaults) })
    .map((faults) => ({ version: 1 as const, faults: [...faults].sort((a, b) => a.atMs - b.atMs) }));
}

/** The nodes a kill or pause hits: a target spec's count of them, chosen by a seed. */
function processTargets(space: ScheduleSpace): fc.Arbitrary<string[]> {
  if (space.targets.length === 0) throw new Error("scheduleArbitrary: no target specs for kill and pause");
  return fc
    .tuple(fc.constantFrom(...space.targets), fc.integer(CHOICE_SEEDS))
    .map(([spec, seed]) => targetNodes(spec, space.nodes.length, space.nodes, seededRng(seed)))
    .filter((nodes) => nodes.length > 0);
}

/** A partition of `shape` over the nodes, drawn as the partition nemesis draws it, written out explicitly. */
function partitionFault(t: { atMs: number; forMs: number }, shape: (typeof partitionKinds)[number], seed: number, nodes: readonly string[]): Fault {
  const g = grudge(shape, nodes, seededRng(seed));
  if (shape === "majorities-ring") return { ...t, kind: "partition", shape, grudge: g };
  // one, majority and minority-third cut the nodes in two: the side of the first node, and the rest.
  const first = nodes[0]!;
  const cut = new Set(g[first] ?? []);
  const sides = [nodes.filter((n) => !cut.has(n)), nodes.filter((n) => cut.has(n))];
  // A kind that cuts nothing at this size (minority-third of 3 nodes) is written as an empty grudge.
  return sides[1]!.length === 0 ? { ...t, kind: "partition", shape, grudge: g } : { ...t, kind: "partition", shape, sides };
}

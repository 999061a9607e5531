import type { DepGraph } from "./dep-graph.js";
import { PROCESS, REALTIME, RW, WR, WW } from "./dep-graph.js";
import { stronglyConnected } from "./scc.js";

/**
 * Searches one strongly connected component for a cycle of a given shape,
 * the way Elle's cycle-anomaly specs describe them: which relationships the
 * cycle may use, how many rw edges it must have, and which relationships must
 * appear at least once. Breadth first, so cycles come out short.
 *
 * "nonadjacent" (Elle's G-nonadjacent-item) needs its own search: the G2-item
 * search stops at the shortest cycle with two or more rw edges, and when
 * those edges sit side by side (an allowed G2-item under snapshot isolation)
 * a longer cycle in the same component whose rw edges never touch would go
 * unseen. So its states also remember whether the last edge taken was rw,
 * and refuse a second rw edge right after one, including where the cycle
 * closes onto its first edge.
 */
export interface CycleSpec {
  /** Elle's name for the spec, e.g. "G1c-realtime". */
  name: string;
  allowed: number;
  rw: "none" | "one" | "many" | "nonadjacent";
  /** Each mask must be used by at least one edge of the cycle (at most two masks). */
  require: readonly number[];
  /** The relationship of the edge each search starts from. */
  start: number;
}

/** One edge of a found cycle, with the relationship the cycle uses it for. */
export interface CycleStep {
  from: number;
  to: number;
  rel: number;
}

const BASE: readonly CycleSpec[] = [
  { name: "G0", allowed: WW, rw: "none", require: [], start: WW },
  { name: "G1c", allowed: WW | WR, rw: "none", require: [WR], start: WR },
  { name: "G-single-item", allowed: WW | WR | RW, rw: "one", require: [], start: RW },
  { name: "G2-item", allowed: WW | WR | RW, rw: "many", require: [], start: RW },
  { name: "G-nonadjacent-item", allowed: WW | WR | RW, rw: "nonadjacent", require: [], start: RW },
];

/** Elle's cycle specs: the base ones, and each with its -process and -realtime variant. */
export const CYCLE_SPECS: readonly CycleSpec[] = [
  ...BASE,
  ...BASE.map((s) => ({ ...s, name: `${s.name}-process`, allowed: s.allowed | PROCESS, require: [...s.require, PROCESS], start: PROCESS })),
  ...BASE.map((s) => ({ ...s, name: `${s.name}-realtime`, allowed: s.allowed | REALTIME, require: [...s.require, REALTIME], start: REALTIME })),
];

export type SearchOutcome = { found: CycleStep[] } | { exhausted: true } | null;

const BITS = [WW, WR, RW, PROCESS, REALTIME] as const;

/**
 * Finds a cycle matching `spec` among `component`'s vertices, spending at most
 * `budget` visited states; `{exhausted}` when the budget ran out first (Elle's
 * cycle-search-timeout, but counted, so the result does not depend on time).
 */
export function searchCycle(g: DepGraph, component: readonly number[], spec: CycleSpec, budget: number): SearchOutcome {
  let spent = 0;
  for (const sub of stronglyConnected(g, spec.allowed, component)) {
    const member = new Set(sub);
    for (const a of sub) {
      for (const b of g.out[a]!) {
        if (!member.has(b) || (g.rels(a, b) & spec.start) === 0) continue;
        const r = bfs(g, member, spec, a, b, budget - spent);
        if (r === null) return { exhausted: true };
        spent += r.spent;
        if (r.path !== null) return { found: [{ from: a, to: b, rel: spec.start }, ...r.path] };
      }
    }
  }
  return null;
}

function reqBits(spec: CycleSpec, rel: number): number {
  let bits = 0;
  spec.require.forEach((m, i) => {
    if ((m & rel) !== 0) bits |= 1 << i;
  });
  return bits;
}

/**
 * A search state as one number: vertex, rw edges so far (0, 1, 2 = two or
 * more), whether the last edge was rw, and which required masks were used.
 */
const state = (v: number, rw: number, lastRw: number, req: number): number => ((v * 3 + rw) * 2 + lastRw) * 4 + req;
const vertexOf = (s: number): number => Math.floor(s / 24);

/** Shortest path b ~> a that completes the cycle a -> b into one matching spec; null when over budget. */
function bfs(
  g: DepGraph,
  member: ReadonlySet<number>,
  spec: CycleSpec,
  a: number,
  b: number,
  budget: number,
): { path: CycleStep[] | null; spent: number } | null {
  const full = (1 << spec.require.length) - 1;
  const startRw = spec.start === RW ? 1 : 0;
  const nonadjacent = spec.rw === "nonadjacent";
  const startState = state(b, startRw, startRw, reqBits(spec, spec.start));
  const parent = new Map<number, [number, number]>([[startState, [-1, 0]]]);
  let frontier = [startState];
  let spent = 0;
  const accept = (rw: number, req: number): boolean =>
    req === full && (spec.rw === "none" ? rw === 0 : spec.rw === "one" ? rw === 1 : rw === 2);
  // Closing the cycle: in a nonadjacent search, an rw edge into `a` may not meet a first edge that is rw.
  const closes = (bit: number): boolean => !(nonadjacent && startRw === 1 && bit === RW);
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const s of frontier) {
      if (++spent > budget) return null;
      const v = vertexOf(s);
      const req = s % 4;
      const lastRw = Math.floor(s / 4) % 2;
      const rw = Math.floor(s / 8) % 3;
      for (const w of g.out[v]!) {
        if (!member.has(w)) continue;
        const rels = g.rels(v, w) & spec.allowed;
        for (const bit of BITS) {
          if ((rels & bit) === 0) continue;
          const rw2 = Math.min(2, rw + (bit === RW ? 1 : 0));
          if (spec.rw === "none" && rw2 > 0) continue;
          if (spec.rw === "one" && rw2 > 1) continue;
          if (nonadjacent && bit === RW && lastRw === 1) continue;
          const req2 = req | reqBits(spec, bit);
          const s2 = state(w, rw2, bit === RW ? 1 : 0, req2);
          if (parent.has(s2)) continue;
          parent.set(s2, [s, bit]);
          if (w === a && accept(rw2, req2) && closes(bit)) return { path: unwind(parent, s2), spent };
          if (w !== a) next.push(s2);
        }
      }
    }
    frontier = next;
  }
  return { path: null, spent };
}

function unwind(parent: ReadonlyMap<number, [number, number]>, end: number): CycleStep[] {
  const steps: CycleStep[] = [];
  let s = end;
  for (;;) {
    const [prev, rel] = parent.get(s)!;
    if (prev < 0) break;
    steps.push({ from: vertexOf(prev), to: vertexOf(s), rel });
    s = prev;
  }
  return steps.reverse();
}

/** Elle's name for a cycle from the relationships its steps use. */
export function classifyCycle(steps: readonly CycleStep[]): string {
  const count = (bit: number): number => steps.filter((s) => s.rel === bit).length;
  const rw = count(RW);
  let adjacent = false;
  steps.forEach((s, i) => {
    if (s.rel === RW && steps[(i + 1) % steps.length]!.rel === RW) adjacent = true;
  });
  const base =
    rw === 1 ? "G-single-item" : rw > 1 ? (adjacent ? "G2-item" : "G-nonadjacent-item") : count(WR) > 0 ? "G1c" : "G0";
  return base + (count(REALTIME) > 0 ? "-realtime" : count(PROCESS) > 0 ? "-process" : "");
}

import type { DepGraph } from "./dep-graph.js";

/**
 * Tarjan's strongly connected components (iterative, so deep graphs do not
 * overflow the stack) of the graph `vertices` and `next` describe. Returns only
 * components of two or more vertices (the callers' graphs have no self edges),
 * each in the order Tarjan pops it.
 */
export function stronglyConnectedBy<V>(vertices: Iterable<V>, next: (v: V) => Iterable<V>): V[][] {
  const index = new Map<V, number>();
  const low = new Map<V, number>();
  const onStack = new Set<V>();
  const stack: V[] = [];
  const out: V[][] = [];
  let counter = 0;
  const enter = (v: V): [V, Iterator<V>] => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    return [v, next(v)[Symbol.iterator]()];
  };

  for (const root of vertices) {
    if (index.has(root)) continue;
    // Each frame: a vertex and where it is in its successors.
    const frames: Array<[V, Iterator<V>]> = [enter(root)];
    while (frames.length > 0) {
      const [v, successors] = frames[frames.length - 1]!;
      const step = successors.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) frames.push(enter(w));
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: V[] = [];
        let w: V;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) out.push(comp);
      }
    }
  }
  return out;
}

/**
 * The components of a dependency graph over the edges whose relationships
 * intersect `mask`, among the vertices `within` (all when omitted), each
 * sorted by vertex number.
 */
export function stronglyConnected(g: DepGraph, mask: number, within?: readonly number[]): number[][] {
  const vertices = within ?? Array.from({ length: g.size }, (_, i) => i);
  const member = within === undefined ? null : new Set(within);
  const next = (v: number): number[] => g.out[v]!.filter((w) => (member === null || member.has(w)) && (g.rels(v, w) & mask) !== 0);
  return stronglyConnectedBy(vertices, next).map((comp) => comp.sort((x, y) => x - y));
}

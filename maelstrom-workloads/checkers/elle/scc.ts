import type { DepGraph } from "./dep-graph.js";

/**
 * Tarjan's strongly connected components (iterative, so deep graphs do not
 * overflow the stack), over the edges whose relationships intersect `mask`,
 * among the vertices `within` (all when omitted). Returns only components
 * that can hold a cycle: two or more vertices (the graph has no self edges).
 */
export function stronglyConnected(g: DepGraph, mask: number, within?: readonly number[]): number[][] {
  const vertices = within ?? Array.from({ length: g.size }, (_, i) => i);
  const member = within === undefined ? null : new Set(within);
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const ok = (a: number, b: number): boolean => (member === null || member.has(b)) && (g.rels(a, b) & mask) !== 0;

  for (const root of vertices) {
    if (index.has(root)) continue;
    // Each frame: vertex and position in its out list.
    const frames: Array<[number, number]> = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [v, i] = frame;
      const outs = g.out[v]!;
      if (i < outs.length) {
        frame[1] = i + 1;
        const w = outs[i]!;
        if (!ok(v, w)) continue;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          frames.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) out.push(comp.sort((x, y) => x - y));
      }
    }
  }
  return out;
}

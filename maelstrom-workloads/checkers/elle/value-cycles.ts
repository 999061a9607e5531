/**
 * Strongly connected components with more than one vertex in a small value
 * graph (v -> following values), for cyclic-versions. Recursive Tarjan: a
 * key's version graph holds at most a few dozen values.
 */
export function stronglyConnectedValues<V>(next: ReadonlyMap<V, ReadonlySet<V>>): V[][] {
  const index = new Map<V, number>();
  const low = new Map<V, number>();
  const stack: V[] = [];
  const onStack = new Set<V>();
  const out: V[][] = [];
  let counter = 0;
  const visit = (v: V): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
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
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return out;
}

import fc from "fast-check";
import type { CausalMessage } from "../../../lib/causal/causal-buffer.js";
import { VectorClock } from "../../../lib/causal/vector-clock.js";

/**
 * A causally consistent set of broadcasts, made without CausalBuffer: nodes
 * broadcast (the message's clock counts, per sender, what the node had
 * delivered, itself included) and deliver each other's messages one at a
 * time, a message only once the node has delivered all it depends on. Which
 * node acts, and which message it takes, come from `choices`.
 */
export function causalHistory(nodes: number, choices: readonly number[]): CausalMessage<string>[] {
  const all: CausalMessage<string>[] = [];
  const delivered = Array.from({ length: nodes }, () => new Map<string, number>());
  const counts = (d: Map<string, number>, s: string) => d.get(s) ?? 0;
  const deliverable = (d: Map<string, number>, m: CausalMessage<string>) =>
    counts(d, m.sender) === m.seq - 1 && [...m.clock.entries()].every(([s, n]) => s === m.sender || counts(d, s) >= n);
  for (let i = 0; i + 1 < choices.length; i += 2) {
    const node = choices[i]! % nodes;
    const d = delivered[node]!;
    const ready = all.filter((m) => deliverable(d, m));
    // Broadcast about one time in three, or when nothing can be delivered here.
    if (ready.length === 0 || choices[i + 1]! % 3 === 0) {
      const sender = `n${node}`;
      const seq = counts(d, sender) + 1;
      d.set(sender, seq);
      all.push({ sender, seq, clock: VectorClock.of(d), payload: `${sender}#${seq}` });
    } else {
      const m = ready[choices[i + 1]! % ready.length]!;
      d.set(m.sender, m.seq);
    }
  }
  return all;
}

export const historyArb = (nodes = 4, maxSteps = 60) => fc.array(fc.nat(), { minLength: 40, maxLength: 2 * maxSteps }).map((c) => causalHistory(nodes, c));

/** Whether `x` is in the causal past of `m` (counted by its clock, and not m itself). */
export function inPast(x: CausalMessage<unknown>, m: CausalMessage<unknown>): boolean {
  return !(x.sender === m.sender && x.seq === m.seq) && m.clock.get(x.sender) >= x.seq;
}

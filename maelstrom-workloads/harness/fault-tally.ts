import type { Op } from "../model/op.js";

/**
 * The nemesis ops (their `f`) that start a fault, and the kind the progress
 * line calls it. Each start is recorded twice under the same `f`, as Jepsen
 * records a nemesis op: its invocation, then its completion (partition
 * package, kill and pause packages, and --schedule alike; see nemesis/).
 */
const STARTS: Readonly<Record<string, string>> = { "start-partition": "partition", kill: "kill", pause: "pause", "start-loss": "loss", "start-latency": "latency" };

/**
 * How many faults have started so far, by kind, read from the history as it
 * grows: the same count on both hosts and under packages or a schedule
 * (whose in-force words cannot tell a start from an end). A start whose
 * completion is not recorded yet already counts.
 */
export class FaultTally {
  /** How many of the history's ops have been read. */
  #read = 0;
  /** kind → its start ops recorded (two per fault), in the order kinds first appeared. */
  readonly #recorded = new Map<string, number>();

  /** Reads the ops recorded since the last call (a history only grows). */
  update(ops: readonly Op[]): void {
    for (; this.#read < ops.length; this.#read++) {
      const op = ops[this.#read]!;
      const kind = op.process === "nemesis" ? STARTS[op.f] : undefined;
      if (kind !== undefined) this.#recorded.set(kind, (this.#recorded.get(kind) ?? 0) + 1);
    }
  }

  /** kind → faults started, in the order kinds first appeared. */
  get byKind(): Map<string, number> {
    return new Map([...this.#recorded].map(([k, n]) => [k, Math.ceil(n / 2)]));
  }

  /** "faults 3 (partition 2, kill 1)", or undefined before the first fault. */
  describe(): string | undefined {
    const kinds = [...this.byKind];
    if (kinds.length === 0) return undefined;
    const total = kinds.reduce((n, [, c]) => n + c, 0);
    return `faults ${total} (${kinds.map(([k, c]) => `${k} ${c}`).join(", ")})`;
  }
}

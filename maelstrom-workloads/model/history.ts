import type { Completion } from "./complete-op.js";
import type { Op } from "./op.js";

/** Records ops in order, stamping each with its index and time. */
export class History {
  readonly ops: Op[] = [];
  readonly counts = { invoke: 0, ok: 0, fail: 0, info: 0 };

  constructor(private readonly nowNs: () => number) {}

  invoke(process: number, f: string, value: unknown, final?: boolean): Op {
    return this.#add({ type: "invoke", process, f, value, ...(final ? { final } : {}) });
  }

  complete(process: number, f: string, c: Completion, final?: boolean): Op {
    const op: Omit<Op, "index" | "time"> = { type: c.type, process, f, value: c.value };
    if (c.error !== undefined) op.error = c.error;
    if (c.exception !== undefined) op.exception = c.exception;
    if (final) op.final = true;
    return this.#add(op);
  }

  /** A nemesis op: an `info` invocation or completion on process "nemesis". */
  nemesis(f: string, value: unknown): Op {
    return this.#add({ type: "info", process: "nemesis", f, value });
  }

  #add(op: Omit<Op, "index" | "time">): Op {
    const full = { index: this.ops.length, time: Math.round(this.nowNs()), ...op } as Op;
    this.ops.push(full);
    if (op.process !== "nemesis") this.counts[op.type]++;
    return full;
  }
}

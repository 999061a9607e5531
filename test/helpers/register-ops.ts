import type { Op, OpType } from "../../maelstrom-workloads/model/op.js";

const MS = 1_000_000;

/** An invocation waiting for its completion in a RegisterOps history. */
export interface Pending {
  process: number;
  f: "read" | "write" | "cas";
  value: [number, unknown];
  invoke: Op;
}

/**
 * Builds lin-kv histories by hand: `start` an op, then `ok`, `fail` or
 * `info` it, in the order they happen. Each entry's time is `at` ms if
 * given, else 1 ms after the previous one. Values are lin-kv's tuples.
 */
export class RegisterOps {
  readonly ops: Op[] = [];
  #clockMs = 0;

  #push(type: OpType, process: number | "nemesis", f: string, value: unknown, at?: number): Op {
    this.#clockMs = at ?? this.#clockMs + 1;
    const op: Op = { index: this.ops.length, time: Math.round(this.#clockMs * MS), type, process, f, value };
    this.ops.push(op);
    return op;
  }

  read(process: number, key: number, at?: number): Pending {
    return this.#start(process, "read", [key, null], at);
  }

  write(process: number, key: number, v: unknown, at?: number): Pending {
    return this.#start(process, "write", [key, v], at);
  }

  cas(process: number, key: number, from: unknown, to: unknown, at?: number): Pending {
    return this.#start(process, "cas", [key, [from, to]], at);
  }

  /** Completes `p` ok; a read returns `read`. */
  ok(p: Pending, read?: unknown, at?: number): Op {
    return this.#push("ok", p.process, p.f, p.f === "read" ? [p.value[0], read ?? null] : p.value, at);
  }

  fail(p: Pending, at?: number): Op {
    return this.#push("fail", p.process, p.f, p.value, at);
  }

  info(p: Pending, at?: number): Op {
    return this.#push("info", p.process, p.f, p.value, at);
  }

  /** A nemesis entry (checkers ignore it). */
  nemesis(f: string): Op {
    return this.#push("info", "nemesis", f, null);
  }

  #start(process: number, f: Pending["f"], value: [number, unknown], at?: number): Pending {
    return { process, f, value, invoke: this.#push("invoke", process, f, value, at) };
  }
}

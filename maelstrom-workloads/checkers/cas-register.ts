import { canonicalJson } from "./json-value.js";
import { jsonText } from "../model/json-text.js";

/**
 * A sequential model for the linearizability search: a pure state machine.
 * `step` returns the state after the op, or a sentence saying why the op is
 * impossible in `state` (an inconsistency, in Knossos's words).
 */
export interface Model<S> {
  /** The state before any op. */
  readonly initial: S;
  /** The state after `op` (f and value as the history gives them, the key stripped), or why `op` cannot happen in `state`. */
  step(state: S, op: ModelOp): S | Inconsistent;
  /** A string equal for two states exactly when they are the same state (the search dedupes on it). */
  key(state: S): string;
  /** The state as a person reads it, for evidence. */
  show(state: S): string;
  /**
   * True for an op that leaves the state as it is wherever it is legal (a
   * read). The search linearizes such an op as soon as it is legal, which
   * never loses a linearization (it changes nothing, and once done it is
   * done), and drops an indeterminate one altogether.
   */
  readOnly(op: ModelOp): boolean;
}

/** An op as the model sees it: its f and its value without the key. */
export interface ModelOp {
  f: string;
  value: unknown;
}

/** Why an op cannot happen in a state. */
export class Inconsistent {
  constructor(readonly why: string) {}
}

/** A register value as a person reads it: JSON, with null for "never written". */
export function showValue(v: unknown): string {
  return v === undefined ? "null" : canonicalJson(v);
}

/**
 * Knossos's cas-register, the model Jepsen's linearizable-register test (and
 * so Maelstrom's lin-kv) checks against. The state is the register's value,
 * null before the first write.
 * - write v: the value becomes v;
 * - cas [from, to]: only if the value equals from, then it becomes to;
 * - read v: the value is unchanged, and v must equal it, unless v is null:
 *   a read that returned nothing says nothing (Knossos's rule), so it fits any state.
 * Values are compared as JSON values (json-value.ts).
 */
export const casRegister: Model<unknown> = {
  initial: null,
  step(state, op) {
    switch (op.f) {
      case "write":
        return op.value === undefined ? null : op.value;
      case "cas": {
        if (!Array.isArray(op.value) || op.value.length !== 2) {
          throw new Error(`cas-register: a cas's value must be [from, to], got ${jsonText(op.value)}`);
        }
        const [from, to] = op.value as [unknown, unknown];
        if (canonicalJson(from ?? null) !== canonicalJson(state ?? null)) {
          return new Inconsistent(`cannot cas ${showValue(from)} to ${showValue(to)}: the value is ${showValue(state)}`);
        }
        return to === undefined ? null : to;
      }
      case "read":
        if (op.value === null || op.value === undefined || canonicalJson(op.value) === canonicalJson(state ?? null)) return state;
        return new Inconsistent(`cannot read ${showValue(op.value)}: the value is ${showValue(state)}`);
      default:
        // Knossos's model throws on an f it does not know; so do we, with the op.
        throw new Error(`cas-register: unknown f ${jsonText(op.f)} (expected read, write or cas)`);
    }
  },
  key: (state) => canonicalJson(state ?? null),
  // A cas from v to v changes nothing where it succeeds, just like a read.
  readOnly: (op) => op.f === "read" || (op.f === "cas" && Array.isArray(op.value) && canonicalJson(op.value[0] ?? null) === canonicalJson(op.value[1] ?? null)),
  show: showValue,
};

import type { Op } from "../model/op.js";
import { Inconsistent, type Model } from "./cas-register.js";
import { compareJson } from "./json-value.js";
import type { Call, SearchEvent } from "./linear-search.js";
import { jsonText } from "../model/json-text.js";

/** One key's history as the linearizability checker splits it (linearizable.ts). */
export interface KeyHistory {
  /** The key as results name it. */
  key: string;
  /** The key's ops that did not fail, in invocation order; calls[i] and ops[i] are the same op. */
  calls: Call[];
  ops: { invoke: Op; complete: Op | null }[];
  events: SearchEvent[];
  /** Every invocation on the key, failed ones included. */
  opCount: number;
}

/** How many concurrent ops the evidence lists (it counts them all). */
export const CONCURRENT_LIMIT = 12;

/** An op as the evidence shows it. */
export interface OpSummary {
  /** History index of the invocation, and of the completion (null if it never completed). */
  index: number;
  "complete-index": number | null;
  process: Op["process"];
  f: string;
  /** The op's value without the key (an ok read's value is what it read). */
  value: unknown;
  /** ok, or info for an op whose outcome is unknown. */
  type: "ok" | "info";
  /** Seconds since the history's origin. */
  "invoke-time": number;
  "complete-time": number | null;
}

const seconds = (ns: number) => Math.round(ns / 1e6) / 1000;
const at = (ns: number) => `${seconds(ns).toFixed(3)} s`;

function summary(kh: KeyHistory, i: number): OpSummary {
  const { invoke, complete } = kh.ops[i]!;
  return {
    index: invoke.index,
    "complete-index": complete?.index ?? null,
    process: invoke.process,
    f: invoke.f,
    value: kh.calls[i]!.op.value,
    type: kh.calls[i]!.ok ? "ok" : "info",
    "invoke-time": seconds(invoke.time),
    "complete-time": complete === null ? null : seconds(complete.time),
  };
}

/** "read of key 3 by process 7", "write 2 to key 3 by process 4", "cas from 1 to 2 on key 3 by process 5". */
function describe<S>(model: Model<S>, kh: KeyHistory, i: number): string {
  const { op } = kh.calls[i]!;
  const who = `by process ${String(kh.ops[i]!.invoke.process)}`;
  const show = (v: unknown) => model.show(v as S);
  switch (op.f) {
    case "read":
      return `read of key ${kh.key} ${who}`;
    case "write":
      return `write ${show(op.value)} to key ${kh.key} ${who}`;
    case "cas": {
      const [from, to] = Array.isArray(op.value) ? op.value : [op.value, undefined];
      return `cas from ${show(from)} to ${show(to)} on key ${kh.key} ${who}`;
    }
    default:
      return `${op.f} ${jsonText(op.value)} on key ${kh.key} ${who}`;
  }
}

/** "2", "2 or 4", "1, 2 or 4". */
function alternatives(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "nothing") : `${xs.slice(0, -1).join(", ")} or ${xs.at(-1)}`;
}

/**
 * Evidence for a key whose call `failed` could not be linearized when it
 * returned: the op, the last ok op before it that could be (Knossos's
 * previous-ok), the values the register could hold while it ran (`possible`,
 * from the search watching it), the ops concurrent with it, and a sentence
 * saying why.
 */
export function linEvidence<S>(model: Model<S>, kh: KeyHistory, failed: number, previousOk: number | undefined, possible: readonly unknown[]): Record<string, unknown> {
  const { invoke, complete } = kh.ops[failed]!;
  const end = complete?.index ?? Infinity;
  const concurrent: number[] = [];
  kh.ops.forEach((o, i) => {
    if (i !== failed && o.invoke.index < end && (o.complete === null || o.complete.index > invoke.index)) concurrent.push(i);
  });
  const values = [...possible].sort(compareJson);
  const shown = values.map((v) => model.show(v as S));

  // The last write or cas to complete before the op was invoked: the op must come after it.
  let before: number | undefined;
  kh.ops.forEach((o, i) => {
    if (kh.calls[i]!.ok && !model.readOnly(kh.calls[i]!.op) && o.complete !== null && o.complete.index < invoke.index) {
      if (before === undefined || o.complete.index > kh.ops[before]!.complete!.index) before = i;
    }
  });
  const indeterminate = kh.calls.filter((c, i) => !c.ok && !model.readOnly(c.op) && kh.ops[i]!.invoke.index < end).length;

  const call = kh.calls[failed]!;
  const outcome = call.op.f === "read" ? `returned ${model.show(call.op.value as S)}` : call.op.f === "cas" ? "succeeded" : "completed";
  const fitsSomewhere = values.some((v) => !(model.step(v as S, call.op) instanceof Inconsistent));
  const but = fitsSomewhere
    ? `no order of the ops that fits the other results allows it; the register could be ${alternatives(shown)} while it ran`
    : `the register could only be ${alternatives(shown)} while it ran`;
  const after = before === undefined
    ? "no write or cas had completed before it was invoked"
    : `after ${describe(model, kh, before)} completed at ${at(kh.ops[before]!.complete!.time)}`;
  const maybe = indeterminate === 0 ? "" : `; ${indeterminate} indeterminate write${indeterminate === 1 ? "" : "s"} or cas may also have taken effect`;
  const why = `${describe(model, kh, failed)} ${outcome} at ${at(complete!.time)}, but ${but} (invoked at ${at(invoke.time)}, ${after}${maybe})`;

  return {
    why,
    op: summary(kh, failed),
    "previous-ok": previousOk === undefined ? null : summary(kh, previousOk),
    "possible-values": values,
    "concurrent-count": concurrent.length,
    concurrent: concurrent.slice(0, CONCURRENT_LIMIT).map((i) => summary(kh, i)),
  };
}

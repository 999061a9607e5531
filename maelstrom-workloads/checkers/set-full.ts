import type { Op } from "../model/op.js";
import type { CheckResult, Valid } from "./check-result.js";
import { canonicalJson, compareJson } from "./json-value.js";
import { isClientOp, pairCompletions } from "./pair-ops.js";
import { jsonText } from "../model/json-text.js";

/**
 * Jepsen's `set-full` checker with `linearizable? false` (MAELSTROM.md §5.2
 * "Checker", §8 item 13), as a pure function of the history.
 *
 * Element equality is JSON value equality (see json-value.ts): since JS
 * parses `1` and `1.0` to the same number they are one element here, whereas
 * Clojure would keep the long and the double apart. A known difference.
 */

export type Outcome = "stable" | "lost" | "never-read";

/** One entry of "worst-stale". */
export interface ElementResult {
  element: unknown;
  outcome: Outcome;
  "stable-latency": number | null;
  "lost-latency": number | null;
  known: Op | null;
  "last-absent": Op | null;
}

export interface SetFullOptions {
  /** The f of add ops; default "add". */
  addF?: string;
  /** The f of read ops; default "read". */
  readF?: string;
}

/** Quantile points of the latency distributions. */
export const QUANTILE_POINTS = [0, 0.5, 0.95, 0.99, 1] as const;

/** How many stale elements "worst-stale" lists. */
export const WORST_STALE_LIMIT = 8;

interface ElementState {
  element: unknown;
  /** Earliest of the add's ok completion and the first ok read that saw it. */
  known: Op | null;
  /** Invocation of the read with the highest index that saw the element. */
  lastPresent: Op | null;
  /** Invocation of the read with the highest index that did not. */
  lastAbsent: Op | null;
  /** The number of the last read that saw it (reads are numbered as they are walked). */
  seenBy: number;
}

const NS_PER_MS = 1_000_000;

/**
 * An element's identity, as its canonical JSON (json-value.ts) but cheaper:
 * a number is its own key (Map and Set equate 0 and -0, whose canonical JSON
 * is "0" for both), a bigint that prints as a number is that number, and any
 * other value is its canonical JSON string, which is never a number. So two
 * elements have the same key exactly when their canonical JSON is equal.
 */
export function elementKey(value: unknown): unknown {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") {
    const n = Number(value);
    if (canonicalJson(n) === canonicalJson(value)) return n;
  }
  return canonicalJson(value);
}

/** Whole milliseconds, truncated like Clojure's `(long (nanos->ms x))`; x >= 0 here. */
function nanosToMs(nanos: number): number {
  return Math.floor(nanos / NS_PER_MS);
}

function readElements(op: Op): unknown[] {
  const v = op.value;
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) {
    throw new TypeError(`set-full: ok read op ${op.index} has a non-array value: ${jsonText(v)}`);
  }
  return v;
}

function elementResult(e: ElementState): ElementResult {
  const { known, lastPresent, lastAbsent } = e;
  const absentIdx = lastAbsent?.index ?? -1;
  const presentIdx = lastPresent?.index ?? -1;
  const stable = lastPresent !== null && absentIdx < presentIdx;
  // An absence only means something once the element is known, and only if
  // that absent read was invoked after the element became known: an absent
  // read concurrent with the add may have linearized before it.
  const lost = known !== null && lastAbsent !== null && presentIdx < absentIdx && known.index < absentIdx;
  const knownTime = known?.time ?? 0;
  let stableLatency: number | null = null;
  let lostLatency: number | null = null;
  if (stable) {
    const stableTime = lastAbsent !== null ? lastAbsent.time + 1 : 0;
    stableLatency = nanosToMs(Math.max(0, stableTime - knownTime));
  }
  if (lost) {
    const lostTime = lastPresent !== null ? lastPresent.time + 1 : 0;
    lostLatency = nanosToMs(Math.max(0, lostTime - knownTime));
  }
  return {
    element: e.element,
    outcome: stable ? "stable" : lost ? "lost" : "never-read",
    "stable-latency": stableLatency,
    "lost-latency": lostLatency,
    known,
    "last-absent": lastAbsent,
  };
}

/**
 * Jepsen's frequency distribution: for each point p, `sorted[min(n-1,
 * floor(n*p))]`. Keys are the points as strings ("0", "0.5", "0.95", "0.99",
 * "1"). Returns null for an empty collection.
 */
export function frequencyDistribution(
  values: readonly number[],
  points: readonly number[] = QUANTILE_POINTS,
): Record<string, number> | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const out: Record<string, number> = {};
  for (const p of points) {
    out[String(p)] = sorted[Math.min(n - 1, Math.floor(n * p))]!;
  }
  return out;
}

/**
 * Runs set-full over `history`. Only client ops (numeric process) with the
 * add/read f are considered.
 *
 * Walk, in history order:
 * - add invoke: (re)start tracking its value;
 * - add ok: mark the element known (if not yet) with this completion. The
 *   element is the paired invocation's value, which equals the completion's
 *   value in Jepsen-shaped histories;
 * - read ok: for every element tracked so far, compare against this read's
 *   invocation by history index (so "latest" = latest *invoked*);
 * - everything else is ignored. Values read that nobody added are ignored.
 */
export function setFullChecker(history: readonly Op[], options: SetFullOptions = {}): CheckResult {
  const addF = options.addF ?? "add";
  const readF = options.readF ?? "read";
  const ops = history.filter((op) => isClientOp(op) && (op.f === addF || op.f === readF));
  const invocationOf = pairCompletions(ops);
  const elements = new Map<unknown, ElementState>();
  /** The same states as `elements`, in an array (faster to walk once per read). */
  const tracked: ElementState[] = [];
  const slotOf = new Map<ElementState, number>();
  let reads = 0;

  for (const op of ops) {
    if (op.f === addF) {
      if (op.type === "invoke") {
        const element = op.value === undefined ? null : op.value;
        const key = elementKey(element);
        const state: ElementState = { element, known: null, lastPresent: null, lastAbsent: null, seenBy: -1 };
        const old = elements.get(key);
        const slot = old === undefined ? tracked.length : slotOf.get(old)!;
        tracked[slot] = state;
        slotOf.delete(old!);
        slotOf.set(state, slot);
        elements.set(key, state);
      } else if (op.type === "ok") {
        const inv = invocationOf.get(op.index);
        const state = elements.get(elementKey(inv !== undefined ? inv.value : op.value));
        if (state !== undefined && state.known === null) state.known = op;
      }
    } else if (op.type === "ok") {
      const inv = invocationOf.get(op.index);
      if (inv === undefined) throw new Error(`set-full: read op ${op.index} has no invocation`);
      // Mark what this read saw (values nobody added are ignored), then every tracked element it did not see.
      const read = reads++;
      for (const v of readElements(op)) {
        const state = elements.get(elementKey(v));
        if (state === undefined || state.seenBy === read) continue;
        state.seenBy = read;
        if (state.known === null) state.known = op;
        if (state.lastPresent === null || state.lastPresent.index < inv.index) state.lastPresent = inv;
      }
      for (const state of tracked) {
        if (state.seenBy !== read && (state.lastAbsent === null || state.lastAbsent.index < inv.index)) state.lastAbsent = inv;
      }
    }
  }

  // Jepsen walks the elements in sorted order; that order decides ties below.
  const results = [...elements.values()]
    .sort((a, b) => compareJson(a.element, b.element))
    .map(elementResult);
  const withOutcome = (o: Outcome) => results.filter((r) => r.outcome === o);
  const stable = withOutcome("stable");
  const lost = withOutcome("lost");
  const neverRead = withOutcome("never-read");
  const stale = stable.filter((r) => (r["stable-latency"] ?? 0) > 0);
  // Jepsen: stable sort by latency over the sorted elements, then reverse,
  // i.e. highest latency first, ties by descending element.
  const worstStale = [...stale]
    .sort((a, b) => (b["stable-latency"] ?? 0) - (a["stable-latency"] ?? 0) || compareJson(b.element, a.element))
    .slice(0, WORST_STALE_LIMIT);
  const sortedElements = (rs: ElementResult[]) => rs.map((r) => r.element).sort(compareJson);

  const valid: Valid = lost.length > 0 ? false : stable.length === 0 ? "unknown" : true;

  const result: CheckResult = {
    "valid?": valid,
    "attempt-count": results.length,
    "stable-count": stable.length,
    "lost-count": lost.length,
    lost: sortedElements(lost),
    "never-read-count": neverRead.length,
    "never-read": sortedElements(neverRead),
    "stale-count": stale.length,
    stale: sortedElements(stale),
    "worst-stale": worstStale,
  };
  const stableLatencies = frequencyDistribution(results.flatMap((r) => (r["stable-latency"] === null ? [] : [r["stable-latency"]])));
  if (stableLatencies !== null) result["stable-latencies"] = stableLatencies;
  const lostLatencies = frequencyDistribution(results.flatMap((r) => (r["lost-latency"] === null ? [] : [r["lost-latency"]])));
  if (lostLatencies !== null) result["lost-latencies"] = lostLatencies;

  // Duplicates: Jepsen 0.3.7 (and HEAD) keeps only per-read frequencies
  // *below* 1, which can never happen, so Maelstrom never reports a duplicated
  // element. We reproduce that: always 0 and {}, and validity is unaffected.
  result["duplicated-count"] = 0;
  result["duplicated"] = {};
  return result;
}

/**
 * The broadcast workload's checker: set-full where f "broadcast" plays the
 * role of "add" (Maelstrom renames broadcast ops to add before checking).
 */
export function broadcastChecker(history: readonly Op[]): CheckResult {
  return setFullChecker(history, { addF: "broadcast", readF: "read" });
}

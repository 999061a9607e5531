import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";
import { casRegister, type Model } from "./cas-register.js";
import { mergeValid } from "./compose.js";
import { canonicalJson, compareJson } from "./json-value.js";
import { type KeyHistory, linEvidence } from "./lin-evidence.js";
import { linearSearch, MAX_PENDING, type Call, type SearchEvent } from "./linear-search.js";
import { isClientOp, pairCompletions } from "./pair-ops.js";
import { jsonText } from "../model/json-text.js";

export interface LinearizableOptions {
  /**
   * Configurations the search may explore per key before it gives up on that
   * key ("unknown", as Knossos does when it runs out of memory or time).
   */
  budget?: number;
  /** The model each key's ops are checked against; Knossos's cas-register by default. */
  model?: Model<unknown>;
}

/**
 * The default budget: a million configurations per key. The search explores
 * some 200,000 a second on a key crowded with info ops of many kinds (more on
 * plainer keys), so a key that exhausts it costs ~5 s and a few hundred MB
 * (bench:lin-kv's "Budget" line), and a 60 s history with such a key still
 * gets its answer in about 10 s. lin-kv histories stay far below it: the
 * bench's worst key explores ~72,000 (5 minutes at --rate 100 with
 * exponential latency and info ops).
 */
export const DEFAULT_BUDGET = 1_000_000;

/**
 * Jepsen's linearizable-register checker as Maelstrom's lin-kv runs it:
 * independent keys (jepsen.independent), each checked for linearizability
 * against a CAS register (Knossos's cas-register model) with Knossos's
 * "linear" algorithm (linear-search.ts).
 *
 * The history holds Jepsen's independent tuples: invoke values `[k, null]`
 * (read), `[k, v]` (write), `[k, [from, to]]` (cas); an ok read completes
 * with `[k, v]`. Client ops only (the nemesis is ignored); failed ops did not
 * happen and are left out; info ops, and invocations that never completed,
 * may have taken effect at any time after their invocation, or never.
 *
 * Result: `{"valid?", "key-count", "op-count", "budget", "results": {<k>:
 * per-key result}, "failures": [keys that are not linearizable], "unknown":
 * [keys whose search ran out of budget], "worst-key": {key,
 * "configs-explored"}}`. "valid?" is the worst of the keys' (false, then
 * "unknown", then true). Each invalid key names the first op that cannot be
 * linearized, with the ops around it (lin-evidence.ts).
 */
export function checkLinearizable(history: readonly Op[], opts: LinearizableOptions = {}): CheckResult {
  const budget = opts.budget ?? DEFAULT_BUDGET;
  const model = opts.model ?? casRegister;
  if (!(budget >= 0)) throw new Error(`checkLinearizable: budget must be a number >= 0, got ${budget}`);
  const keys = splitByKey(history);
  const results: Record<string, CheckResult> = {};
  const failures: string[] = [];
  const unknown: string[] = [];
  let worst: { key: string; "configs-explored": number } | null = null;
  let opCount = 0;
  for (const [name, kh] of keys) {
    const found = linearSearch(model, kh.calls, kh.events, { budget });
    let result: CheckResult = {
      "valid?": found.outcome === "valid" ? true : found.outcome === "invalid" ? false : "unknown",
      "op-count": kh.opCount,
      "indeterminate-count": kh.calls.filter((c) => !c.ok).length,
      "configs-explored": found.explored,
      "peak-configs": found.peak,
    };
    if (found.outcome === "invalid") {
      // Again, watching the failing op, to say what the register could hold while it ran.
      const watched = linearSearch(model, kh.calls, kh.events, { budget, watch: found.call! });
      result = { ...result, ...linEvidence(model, kh, found.call!, found.previousOk, watched.watched ?? []) };
      failures.push(name);
    } else if (found.outcome === "unknown") {
      const op = kh.ops[found.call!]!;
      const which = `op ${op.invoke.index} (${op.invoke.f} by process ${String(op.invoke.process)})`;
      result.why =
        found.gaveUp === "pending"
          ? `gave up on key ${name}: ${which} made ${MAX_PENDING + 1} ok ops pending at once on it, more than the search tracks`
          : `gave up on key ${name} after exploring ${found.explored} configurations (the budget is ${budget}) when ${which} returned; raise the budget to know more`;
      unknown.push(name);
    }
    results[name] = result;
    opCount += kh.opCount;
    if (worst === null || found.explored > worst["configs-explored"]) worst = { key: name, "configs-explored": found.explored };
  }
  return {
    "valid?": mergeValid(Object.values(results).map((r) => r["valid?"])),
    "key-count": keys.size,
    "op-count": opCount,
    budget,
    results,
    failures,
    unknown,
    "worst-key": worst,
  };
}

/**
 * Splits the client ops by key into what the search walks, keys in order
 * (numbers numerically). Throws on a malformed history: a completion with no
 * invocation, an invocation whose value is not a [key, value] tuple, or an ok
 * read whose value is not one.
 */
function splitByKey(history: readonly Op[]): Map<string, KeyHistory> {
  const ops = history.filter(isClientOp);
  const invocationOf = pairCompletions(ops);
  const completionOf = new Map<number, Op>();
  for (const op of ops) {
    const inv = op.type === "invoke" ? undefined : invocationOf.get(op.index);
    if (inv !== undefined) completionOf.set(inv.index, op);
  }
  const byKey = new Map<string, { key: unknown; kh: KeyHistory }>();
  /** Per key, the call number of each invocation's history index. */
  const callOf = new Map<number, number>();
  for (const op of ops) {
    if (op.type === "invoke") {
      const [key, value] = tuple(op, "invocation");
      const name = keyName(key);
      let entry = byKey.get(name);
      if (entry === undefined) {
        entry = { key, kh: { key: name, calls: [], events: [], ops: [], opCount: 0 } };
        byKey.set(name, entry);
      }
      const kh = entry.kh;
      kh.opCount++;
      const done = completionOf.get(op.index);
      if (done?.type === "fail") continue;
      const ok = done?.type === "ok";
      const v = ok && op.f === "read" ? tuple(done, "ok read")[1] : value;
      const call: Call = { op: { f: op.f, value: v }, ok };
      callOf.set(op.index, kh.calls.length);
      kh.events.push({ kind: "invoke", call: kh.calls.length } satisfies SearchEvent);
      kh.ops.push({ invoke: op, complete: done ?? null });
      kh.calls.push(call);
    } else if (op.type === "ok") {
      const inv = invocationOf.get(op.index)!;
      const name = keyName(tuple(inv, "invocation")[0]);
      byKey.get(name)!.kh.events.push({ kind: "return", call: callOf.get(inv.index)! });
    }
  }
  const sorted = [...byKey.values()].sort((a, b) => compareJson(a.key, b.key));
  return new Map(sorted.map((e) => [e.kh.key, e.kh]));
}

function keyName(key: unknown): string {
  return typeof key === "number" ? String(key) : canonicalJson(key);
}

function tuple(op: Op, what: string): [unknown, unknown] {
  if (!Array.isArray(op.value) || op.value.length !== 2) {
    throw new Error(`linearizable: ${what} op ${op.index} (${op.f} by process ${String(op.process)}) has value ${jsonText(op.value)}, not a [key, value] tuple`);
  }
  return op.value as [unknown, unknown];
}

import type { CausalHistory } from "./causal-history.js";
import type { Findings } from "./causal-findings.js";
import { describeRead } from "./causal-reads.js";
import { jsonText } from "../model/json-text.js";

/**
 * The session checks: each read must hold everything its client's session
 * had already caused or seen when the read was invoked.
 * - read-your-writes: an acknowledged broadcast of the same client (thread)
 *   missing from a later read;
 * - monotonic-reads: a value an earlier read of the same client returned,
 *   missing from a later read.
 * A missing value that is in the session's past only through another value
 * (a predecessor of something read) is not reported here: either that other
 * value is missing too (reported here), or the read holds it without its
 * predecessor, which causal-order reports.
 */
export function checkSessions(h: CausalHistory, out: Findings): void {
  const stamp = new Int32Array(h.broadcasts.length).fill(-1);
  h.reads.forEach((read, n) => {
    for (const k of read.keys) {
      const b = h.byKey.get(k);
      if (b) stamp[b.gid] = n;
    }
    const past = read.sessionPast;
    for (let q = 0; q < h.procCount; q++) {
      const slot = h.slots[q]!;
      for (let s = 1; s <= past[q]!; s++) {
        const gid = slot[s - 1]!;
        if (stamp[gid] === n) continue;
        const y = h.broadcasts[gid]!;
        const base = { node: read.node, read: read.completion.index, process: read.process, ...(read.final ? { final: true } : {}), message: y.message };
        if (y.thread === read.thread && y.acknowledged) {
          out.add("read-your-writes", `${read.thread}\u0000${gid}`, () => ({
            ...base,
            broadcast: y.invoke.index,
            "broadcast-node": nodeOf(y.invoke.value),
            text: `${describeRead(read)} lacks ${jsonText(y.message)}, which the same client broadcast earlier (op ${y.invoke.index}, acknowledged at op ${y.completion!.index}${y.process === read.process ? "" : `, as process ${y.process}`})`,
          }));
          continue;
        }
        const seenAt = h.firstRead.get(read.thread)?.get(gid);
        if (seenAt !== undefined && seenAt < read.invoke.index) {
          out.add("monotonic-reads", `${read.thread}\u0000${gid}`, () => ({
            ...base,
            "read-before": seenAt,
            text: `${describeRead(read)} lacks ${jsonText(y.message)}, which the same client had already read (op ${seenAt})`,
          }));
        }
      }
    }
  });
}

function nodeOf(v: unknown): unknown {
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>).node : undefined;
}

import { type CausalBroadcast, type CausalHistory, type CausalRead, causeOf, messageKey } from "./causal-history.js";
import { type Finding, Findings } from "./causal-findings.js";
import { jsonText } from "../model/json-text.js";

/** How many missing predecessors one causal-order finding lists (the count says how many in all). */
const MISSING_LISTED = 10;

/** What a node has delivered as far as one read has been walked: which values, and per process how many of its first broadcasts. */
class Delivered {
  readonly seen: Uint8Array;
  readonly contig: Int32Array;
  constructor(h: CausalHistory) {
    this.seen = new Uint8Array(h.broadcasts.length);
    this.contig = new Int32Array(h.procCount);
  }
  add(h: CausalHistory, b: CausalBroadcast): void {
    this.seen[b.gid] = 1;
    const slot = h.slots[b.proc]!;
    while (this.contig[b.proc]! < slot.length && this.seen[slot[this.contig[b.proc]!]!] === 1) this.contig[b.proc]!++;
  }
  /** Whether everything `b` depends on is here. */
  covers(b: CausalBroadcast, procCount: number): boolean {
    for (let q = 0; q < procCount; q++) if (b.past[q]! > this.contig[q]!) return false;
    return true;
  }
}

/** One node's delivery log as the reads have shown it so far (per restart of the node): the longest read, walked. */
interface LogState {
  read: CausalRead;
  delivered: Delivered;
  /** Findings at positions of `read`, in position order, to count them again for each read that shares the prefix. */
  at: { pos: number; finding: Finding }[];
}

/**
 * The checks of each read's own order, and of each node's reads against one
 * another:
 * - causal-order: a read holds a message before some of its causal
 *   predecessors (or without them);
 * - duplicated: a read holds a message twice;
 * - never-broadcast: a read holds a value no client broadcast, one whose
 *   broadcast failed, or one whose broadcast was invoked after the read ended;
 * - not-prefix: two reads of one node (between restarts) where neither is a
 *   prefix of the other (a delivery log only grows).
 * A read that extends or repeats the node's longest read so far is walked only
 * past their common prefix: what a prefix shows was found once already.
 */
export function checkDeliveryLogs(h: CausalHistory, out: Findings): void {
  const logs = new Map<string, LogState>();
  for (const read of h.reads) {
    const group = read.restarts === undefined ? undefined : `${read.node}\u0000${read.restarts}`;
    const ref = group === undefined ? undefined : logs.get(group);
    if (ref) {
      const common = commonPrefix(read.keys, ref.read.keys);
      if (common === read.keys.length) {
        // A prefix of (or the same as) the longest read: it shows the same findings up to its end.
        for (const f of ref.at) if (f.pos < common) out.again(f.finding);
        continue;
      }
      if (common === ref.read.keys.length) {
        for (const f of ref.at) out.again(f.finding);
        ref.read = read;
        walk(h, read, common, ref, out);
        continue;
      }
      out.add("not-prefix", `${read.node}\u0000${ref.read.completion.index}\u0000${read.completion.index}`, () => notPrefix(read, ref.read, common));
    }
    const state: LogState = { read, delivered: new Delivered(h), at: [] };
    walk(h, read, 0, state, out);
    // After a divergence the newest read stands for the node's log: later reads should extend it.
    if (group !== undefined) logs.set(group, state);
  }
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Walks `read` from position `from` on, with `state.delivered` holding positions before it. */
function walk(h: CausalHistory, read: CausalRead, from: number, state: LogState, out: Findings): void {
  const d = state.delivered;
  for (let pos = from; pos < read.keys.length; pos++) {
    const key = read.keys[pos]!;
    const message = read.messages[pos];
    const b = h.byKey.get(key);
    const note = (kind: string, dedup: string, make: () => Record<string, unknown>) => {
      const finding = out.add(kind, dedup, make);
      if (finding) state.at.push({ pos, finding });
    };
    if (!b || b.invoke.index > read.completion.index) {
      const failedAt = h.failed.get(key);
      const why = b ? `its broadcast was invoked at op ${b.invoke.index}, after this read ended` : failedAt ? `its broadcast (op ${failedAt.index}) failed, so it never happened` : "no client broadcast it";
      note("never-broadcast", `${read.node}\u0000${key}`, () => ({ ...where(read, pos), message, why, text: `${describeRead(read)} holds ${jsonText(message)} at position ${pos}, but ${why}` }));
      continue;
    }
    if (d.seen[b.gid] === 1) {
      note("duplicated", `${read.node}\u0000${key}`, () => ({ ...where(read, pos), message, first: read.keys.indexOf(key), text: `${describeRead(read)} holds ${jsonText(message)} twice, at positions ${read.keys.indexOf(key)} and ${pos}` }));
      continue;
    }
    if (!d.covers(b, h.procCount)) note("causal-order", `${read.node}\u0000${key}`, () => causalOrder(h, read, pos, b, d));
    d.add(h, b);
  }
}

const where = (read: CausalRead, pos: number) => ({ node: read.node, read: read.completion.index, process: read.process, position: pos, ...(read.final ? { final: true } : {}) });

export function describeRead(read: CausalRead): string {
  return `${read.final ? "the final read" : "read"} op ${read.completion.index} (process ${read.process}, node ${read.node})`;
}

/** The evidence for a message delivered before some of its causal predecessors. */
function causalOrder(h: CausalHistory, read: CausalRead, pos: number, b: CausalBroadcast, d: Delivered): Record<string, unknown> {
  const missing: CausalBroadcast[] = [];
  for (let q = 0; q < h.procCount; q++) {
    for (let s = d.contig[q]! + 1; s <= b.past[q]!; s++) {
      const gid = h.slots[q]![s - 1]!;
      if (d.seen[gid] !== 1) missing.push(h.broadcasts[gid]!);
    }
  }
  missing.sort((x, y) => x.invoke.index - y.invoke.index);
  const listed = missing.slice(0, MISSING_LISTED).map((m) => {
    const later = read.keys.indexOf(messageKey(m.message), pos + 1);
    const cause = causeOf(h, b, m);
    return {
      message: m.message,
      broadcast: m.invoke.index,
      ...(later >= 0 ? { "later-at": later } : { absent: true }),
      ...(cause ? { via: cause } : {}),
    };
  });
  const first = listed[0]!;
  const m = jsonText(b.message);
  const p = jsonText(first.message);
  const v = first.via;
  const cause = !v
    ? `${p} precedes it causally`
    : v.f === "broadcast"
      ? `${m} was broadcast (op ${b.invoke.index}) by a client that had broadcast ${v.through === undefined ? p : `${jsonText(v.through)}, which depends on ${p},`} before (op ${v.op})`
      : `${m} was broadcast (op ${b.invoke.index}) by a client that had read ${v.through === undefined ? p : `${jsonText(v.through)}, which depends on ${p},`} before (op ${v.op})`;
  return {
    ...where(read, pos),
    message: b.message,
    broadcast: b.invoke.index,
    "missing-count": missing.length,
    missing: listed,
    text: `${describeRead(read)} holds ${m} at position ${pos} ${"later-at" in first ? `before ${p} (position ${first["later-at"]})` : `without ${p} before it`}, but ${cause}${missing.length > 1 ? `; ${missing.length} of its predecessors are missing before it` : ""}`,
  };
}

function notPrefix(read: CausalRead, other: CausalRead, pos: number): Record<string, unknown> {
  const at = (r: CausalRead) => (pos < r.messages.length ? jsonText(r.messages[pos]) : "nothing (it ends there)");
  return {
    node: read.node,
    ...(read.restarts ? { restarts: read.restarts } : {}),
    read: read.completion.index,
    "other-read": other.completion.index,
    position: pos,
    lengths: [read.messages.length, other.messages.length],
    text: `${describeRead(read)} and read op ${other.completion.index} of the same node are not prefixes of one another: at position ${pos} the first has ${at(read)}, the other ${at(other)}`,
  };
}

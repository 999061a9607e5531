import type { Op } from "../model/op.js";
import { canonicalJson } from "./json-value.js";
import { isClientOp, pairCompletions } from "./pair-ops.js";
import { jsonText } from "../model/json-text.js";

/**
 * Happened-before over a causal-broadcast history, derived from the clients'
 * side alone (never from the nodes' clocks): a client session is a client
 * thread, and a broadcast depends on every value its session broadcast (and
 * was acknowledged) or read before it, and on everything those depend on.
 *
 * The causal past is kept as a vector over the processes that broadcast
 * (Jepsen's processes: a thread gets a new one after each `info`). Within a
 * process every broadcast that did not fail is numbered from 1 (`seq`);
 * "k broadcasts of process p" in a past means p's broadcasts 1..k. That is
 * exact because a past only grows along a session, and a process's
 * indeterminate broadcast is its last one: a later op of the same thread
 * (new process) never counts it, unless some read returned it.
 */

/** A broadcast that did not fail (ok, info, or still pending when the history ended). */
export interface CausalBroadcast {
  /** Dense id, from 0, in invocation order. */
  gid: number;
  message: unknown;
  invoke: Op;
  /** The ok or info completion; undefined when the history ended first. */
  completion: Op | undefined;
  acknowledged: boolean;
  process: number;
  thread: number;
  /** Dense index of `process` among the processes that broadcast. */
  proc: number;
  /** Its position among its process's broadcasts that did not fail, from 1. */
  seq: number;
  /** Its causal past: past[q] broadcasts of proc q precede it. */
  past: Int32Array;
}

/** An ok read. */
export interface CausalRead {
  invoke: Op;
  completion: Op;
  node: string;
  messages: readonly unknown[];
  /** `messageKey` of each message. */
  keys: readonly string[];
  process: number;
  thread: number;
  final: boolean;
  /**
   * How many times the history's nemesis had killed `node` when the read was
   * invoked (a restarted node is a new, empty node); undefined when a kill of
   * the node came between the read's invocation and completion.
   */
  restarts: number | undefined;
  /** The session's causal past when the read was invoked. */
  sessionPast: Int32Array;
}

export interface CausalHistory {
  /** By gid. */
  broadcasts: readonly CausalBroadcast[];
  byKey: ReadonlyMap<string, CausalBroadcast>;
  /** Broadcasts that failed (a definite error: they did not happen), by message key: the invocation. */
  failed: ReadonlyMap<string, Op>;
  /** slots[proc][seq - 1] is that broadcast's gid. */
  slots: readonly (readonly number[])[];
  procCount: number;
  /** Ok reads, in completion order. */
  reads: readonly CausalRead[];
  /** Per thread: the gid of each value the thread read, with the completion index of the first read that returned it. */
  firstRead: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Per thread: its ok broadcasts and ok reads, in order, for explaining why one value precedes another. */
  sessionOps: ReadonlyMap<number, readonly SessionOp[]>;
  threadOf(process: number): number;
}

export type SessionOp = { kind: "broadcast"; broadcast: CausalBroadcast } | { kind: "read"; read: CausalRead };

export interface CausalHistoryOptions {
  /**
   * The run's client threads. A thread is one session: its new process after
   * an `info` carries on with what the old one had seen (the workload hands
   * the new client the old token). Without it each process is its own session.
   */
  concurrency?: number;
}

/** A message's identity: a string is itself; anything else (which no correct node returns) is its canonical JSON behind a NUL, so it never equals a string. */
export function messageKey(v: unknown): string {
  return typeof v === "string" ? v : `\u0000${canonicalJson(v)}`;
}

type Dict = Record<string, unknown>;
const field = (op: Op, k: string): unknown => (op.value !== null && typeof op.value === "object" ? (op.value as Dict)[k] : undefined);

function nodeOf(op: Op): string {
  const node = field(op, "node");
  if (typeof node !== "string") throw new Error(`causal-broadcast: ${op.f} op ${op.index} has no node in its value (expected {"node": "n1", ...}), got ${jsonText(op.value)}`);
  return node;
}

function messagesOf(op: Op): unknown[] {
  const m = field(op, "messages");
  if (m === null || m === undefined) return []; // null is an empty read, as Maelstrom's schema allows
  if (!Array.isArray(m)) throw new Error(`causal-broadcast: ok read op ${op.index} has messages that are not a list: ${jsonText(op.value)}`);
  return m;
}

/** The causal history of a causal-broadcast run: who broadcast what, every ok read, and each one's causal past. */
export function causalHistory(history: readonly Op[], options: CausalHistoryOptions = {}): CausalHistory {
  const conc = options.concurrency;
  const threadOf = (p: number) => (conc !== undefined && conc > 0 ? p % conc : p);
  const ops = history.filter((op) => isClientOp(op) && (op.f === "broadcast" || op.f === "read"));
  const invocationOf = pairCompletions(ops);
  const byIndex = new Map(ops.map((o) => [o.index, o]));
  const completionOf = new Map<number, Op>();
  for (const [c, inv] of invocationOf) completionOf.set(inv.index, byIndex.get(c)!);

  // Pass 1: number the broadcasts that did not fail, per process.
  const broadcasts: CausalBroadcast[] = [];
  const byKey = new Map<string, CausalBroadcast>();
  const failed = new Map<string, Op>();
  const procOf = new Map<number, number>();
  const slots: number[][] = [];
  const seen = new Map<string, Op>();
  for (const op of ops) {
    if (op.f !== "broadcast" || op.type !== "invoke") continue;
    const message = field(op, "message");
    const key = messageKey(message);
    const earlier = seen.get(key);
    if (earlier) throw new Error(`causal-broadcast: message ${jsonText(message)} is broadcast twice (ops ${earlier.index} and ${op.index}); the workload's values must be unique`);
    seen.set(key, op);
    const done = completionOf.get(op.index);
    if (done?.type === "fail") {
      failed.set(key, op);
      continue;
    }
    const process = op.process as number;
    let proc = procOf.get(process);
    if (proc === undefined) procOf.set(process, (proc = slots.length)), slots.push([]);
    const b: CausalBroadcast = { gid: broadcasts.length, message, invoke: op, completion: done, acknowledged: done?.type === "ok", process, thread: threadOf(process), proc, seq: slots[proc]!.length + 1, past: new Int32Array(0) };
    slots[proc]!.push(b.gid);
    broadcasts.push(b);
    byKey.set(key, b);
  }
  const procCount = slots.length;

  // Pass 2, in history order: each session's causal past, a snapshot of it at each broadcast and read.
  const pasts = new Map<number, Int32Array>();
  const pastOf = (thread: number) => {
    let c = pasts.get(thread);
    if (!c) pasts.set(thread, (c = new Int32Array(procCount)));
    return c;
  };
  const merge = (into: Int32Array, b: CausalBroadcast) => {
    if (into[b.proc]! >= b.seq) return; // already covered, and so is its past (pasts are down-closed)
    const p = b.past;
    for (let q = 0; q < procCount; q++) if (p[q]! > into[q]!) into[q] = p[q]!;
    into[b.proc] = b.seq;
  };
  const kills = new Map<string, number>();
  const readStart = new Map<number, { sessionPast: Int32Array; restarts: number }>();
  const reads: CausalRead[] = [];
  const firstRead = new Map<number, Map<number, number>>();
  const sessionOps = new Map<number, SessionOp[]>();
  const sessionLog = (thread: number) => {
    let l = sessionOps.get(thread);
    if (!l) sessionOps.set(thread, (l = []));
    return l;
  };
  for (const op of history) {
    if (op.process === "nemesis") {
      if (op.f === "kill" && op.value !== null && typeof op.value === "object" && !Array.isArray(op.value)) {
        for (const [node, what] of Object.entries(op.value as Dict)) if (what === "killed") kills.set(node, (kills.get(node) ?? 0) + 1);
      }
      continue;
    }
    if (op.f !== "broadcast" && op.f !== "read") continue;
    const thread = threadOf(op.process);
    const past = pastOf(thread);
    if (op.f === "broadcast") {
      const inv = op.type === "invoke" ? op : invocationOf.get(op.index);
      const b = inv && byKey.get(messageKey(field(inv, "message")));
      if (!b) continue; // a failed one
      if (op.type === "invoke") b.past = past.slice();
      else if (op.type === "ok") {
        merge(past, b);
        sessionLog(thread).push({ kind: "broadcast", broadcast: b });
      }
      continue;
    }
    if (op.type === "invoke") {
      readStart.set(op.process, { sessionPast: past.slice(), restarts: kills.get(nodeOf(op)) ?? 0 });
      continue;
    }
    const inv = invocationOf.get(op.index);
    const start = readStart.get(op.process);
    readStart.delete(op.process);
    if (op.type !== "ok" || !inv || !start) continue;
    const node = nodeOf(inv);
    const messages = messagesOf(op);
    const keys = messages.map(messageKey);
    const restarts = (kills.get(node) ?? 0) === start.restarts ? start.restarts : undefined;
    const read: CausalRead = { invoke: inv, completion: op, node, messages, keys, process: op.process, thread, final: op.final === true, restarts, sessionPast: start.sessionPast };
    reads.push(read);
    sessionLog(thread).push({ kind: "read", read });
    let first = firstRead.get(thread);
    if (!first) firstRead.set(thread, (first = new Map()));
    for (const k of keys) {
      const b = byKey.get(k);
      // A value whose broadcast was invoked after this read ended has no past yet; the checks call it never broadcast.
      if (!b || b.invoke.index > op.index) continue;
      merge(past, b);
      if (!first.has(b.gid)) first.set(b.gid, op.index);
    }
  }
  return { broadcasts, byKey, failed, slots, procCount, reads, firstRead, sessionOps, threadOf };
}

/**
 * Why `before` is in the causal past of `after`: the first op of `after`'s
 * session (before it) that brought `before` in, directly or through a value
 * that depends on it.
 */
export function causeOf(h: CausalHistory, after: CausalBroadcast, before: CausalBroadcast): { op: number; f: "read" | "broadcast"; through?: unknown } | undefined {
  // `before` itself, or in its past (a process's earlier broadcasts are in the past of its later ones).
  const covers = (b: CausalBroadcast) => b === before || b.past[before.proc]! >= before.seq;
  for (const s of h.sessionOps.get(after.thread) ?? []) {
    if (s.kind === "broadcast") {
      if (s.broadcast.invoke.index >= after.invoke.index) break;
      if (covers(s.broadcast)) return { op: s.broadcast.completion!.index, f: "broadcast", ...(s.broadcast === before ? {} : { through: s.broadcast.message }) };
      continue;
    }
    if (s.read.completion.index >= after.invoke.index) break;
    for (const k of s.read.keys) {
      const b = h.byKey.get(k);
      if (b && b.invoke.index < s.read.completion.index && covers(b)) return { op: s.read.completion.index, f: "read", ...(b === before ? {} : { through: b.message }) };
    }
  }
  return undefined;
}
